"""The apps a person connected to Leernet (issue 27): listed on their profile with what each may
do, and removed by them (``accounts.oauth``). Only their own tokens are read or deleted, so the
door is the signed-in person themself.

Around allauth's consent page (``authorize``) and device confirmation page
(``device_authorization``): each records whether the browser session that allowed the app had
passed the second factor (``accounts.oauth.record_grant``), so the API's door asks of the tokens
what a page asks of that session."""

from urllib.parse import urlsplit

from allauth.idp.oidc import views as oidc_views
from allauth.idp.oidc.internal.oauthlib.utils import get_validator_context
from allauth.idp.oidc.models import Client
from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from accounts.oauth import (
    connected_app_revoke,
    connected_apps,
    device_request,
    record_grant,
    scope_labels,
)
from accounts.rules import session_passed_second_factor
from pages.core.actions import ConfirmActionView


class ConnectedAppsView(LoginRequiredMixin, TemplateView):
    template_name = "accounts/connected_apps.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["apps"] = connected_apps(user=self.request.user)
        return context


class ConnectedAppRevokeView(LoginRequiredMixin, ConfirmActionView):
    """``?app=<client id>``: one of the person's own connected apps; any other is "already
    done" (nothing of anyone else's can be named here)."""

    confirm_label = gettext_lazy("Remove access")
    already_done_message = gettext_lazy("This app has no access to your account (any more).")

    def get_target(self):
        client_id = self.request.POST.get("app") or self.request.GET.get("app") or ""
        return next(
            (
                app
                for app in connected_apps(user=self.request.user)
                if app["client_id"] == client_id
            ),
            None,
        )

    def get_title(self) -> str:
        return _("Remove the access of “%(app)s”") % {"app": self.target["name"]}

    def consequences(self) -> list[str]:
        return [
            _("It can no longer read or do anything on Leernet for you; its tokens stop working."),
            _("To use it again, connect it again: it will ask for your permission."),
        ]

    def get_success_url(self) -> str:
        return reverse("accounts:connected_apps")

    def act(self) -> str:
        connected_app_revoke(user=self.request.user, client_id=self.target["client_id"])
        return _("“%(app)s” can no longer act for you.") % {"app": self.target["name"]}


def _redirect_origins(client_id: str) -> list[str]:
    client = Client.objects.filter(pk=client_id).first() if client_id else None
    origins = []
    for uri in client.get_redirect_uris() if client else []:
        parts = urlsplit(uri)
        origins.append(f"{parts.scheme}://{parts.netloc}" if parts.netloc else f"{parts.scheme}:")
    return sorted(set(origins))


@csrf_exempt  # as allauth's view, which checks CSRF itself where a person's form posts
def authorize(request, *args, **kwargs):
    """allauth's authorization view (the consent page), whose form may send the browser on to
    the app's registered redirect URIs: the page's Content-Security-Policy lets its form go
    there (``form-action 'self'`` alone makes the browser stop at the redirect after "Allow").
    allauth has already checked the redirect URI against the same list."""
    response = oidc_views.authorization(request, *args, **kwargs)
    # allauth keeps the grant id of the authorization code it just issued (after "Allow", a
    # skipped consent or prompt=none) in the request's validator context.
    grant_id = get_validator_context().grant_id
    if grant_id and request.user.is_authenticated:
        record_grant(
            grant_id=grant_id,
            user=request.user,
            second_factor=session_passed_second_factor(request.session, request.user),
        )
    origins = _redirect_origins(request.GET.get("client_id", ""))
    if origins:
        response._csp_update = {"form-action": origins}
    return response


@csrf_exempt  # as allauth's view; its confirmation form carries a CSRF token all the same
def device_authorization(request, *args, **kwargs):
    """allauth's device confirmation page (a script asks to act for the person): the page lists
    what the script asks in the consent page's words (``request.device_scopes``), and a
    confirmation records, before allauth can issue the tokens, whether this session had passed
    the second factor."""
    pending = device_request(request.GET.get("code", "")) if "code" in request.GET else None
    if pending is not None:
        request.device_scopes = scope_labels(pending["scopes"])
        if (
            request.method == "POST"
            and request.POST.get("action") == "confirm"
            and request.user.is_authenticated
            and pending["grant_id"]
        ):
            record_grant(
                grant_id=pending["grant_id"],
                user=request.user,
                second_factor=session_passed_second_factor(request.session, request.user),
            )
    return oidc_views.device_authorization(request, *args, **kwargs)
