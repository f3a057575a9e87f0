"""The generic bases of a page's actions: a POST that calls one service and goes back with a
message (``ServiceActionView``), the same after a confirmation page (``ConfirmActionView``), and
where to go back to (``safe_next_url``). Put a door (``pages.core.mixins.ScopedPermissionMixin``
or a network mixin, pages/networks/mixins.py) first in the bases."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View

from core.errors import ApplicationError


def safe_next_url(request, default: str) -> str:
    """The ``next`` the form sent, when it is a page of this site; ``default`` otherwise, so a
    crafted link cannot send anyone elsewhere after an action."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


class ServiceActionView(View):
    """A POST that calls one service through ``act()`` and goes back to a page with a message.

    ``act()`` returns the success message; an ApplicationError becomes an error message. Put a
    permission mixin first in the bases."""

    http_method_names = ["post"]

    def act(self) -> str:
        raise NotImplementedError

    def get_success_url(self) -> str:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        try:
            message = self.act()
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            if message:
                messages.success(request, message)
        return HttpResponseRedirect(self.get_success_url())


class ConfirmActionView(ServiceActionView):
    """A POST action that asks first, on a page of its own: the GET of the same URL.

    GET renders ``templates/confirm.html``: the title, what will happen (``consequences()``), who
    gets an email (``recipients()``: a list of names, empty for nobody), an optional form
    (``form_class``, e.g. a reason) and a confirm button that POSTs here, with a Cancel link back
    (``get_cancel_url()``). No JavaScript. POST acts through ``act()`` as ServiceActionView does.

    ``get_target()`` returns the thing acted on, or None when it is gone or already done (an
    agenda item removed, a network already closed): then GET and POST both go back with
    ``already_done_message`` and nothing happens, so confirming twice is harmless. An
    ApplicationError raised while preparing the page (``consequences``/``recipients``) goes back
    with that message too. Put a permission mixin first in the bases."""

    http_method_names = ["get", "head", "post"]
    template_name = "confirm.html"
    title = ""
    confirm_label = _("Confirm")
    danger = True
    form_class = None
    already_done_message = _("This has already been done.")

    def get_target(self):
        return True

    def consequences(self) -> list[str]:
        return []

    def recipients(self) -> list[str]:
        """The names of the people who get an email because of this action."""
        return []

    def get_title(self) -> str:
        return str(self.title)

    def get_cancel_url(self) -> str:
        return self.get_success_url()

    def get_action_url(self) -> str:
        """Where the confirm button posts: this URL (with its query, which may name the thing)."""
        return self.request.get_full_path()

    def get_form(self, data=None):
        return self.form_class(data) if self.form_class else None

    def _already_done(self):
        messages.info(self.request, self.already_done_message)
        return HttpResponseRedirect(self.get_success_url())

    def render_confirmation(self, form=None):
        try:
            context = {
                "title": self.get_title(),
                "consequences": self.consequences(),
                "recipients": self.recipients(),
            }
        except ApplicationError as error:
            messages.error(self.request, error.message)
            return HttpResponseRedirect(self.get_success_url())
        context.update(
            form=form,
            confirm_label=self.confirm_label,
            danger=self.danger,
            cancel_url=self.get_cancel_url(),
            action_url=self.get_action_url(),
        )
        return render(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        self.target = self.get_target()
        if self.target is None:
            return self._already_done()
        return self.render_confirmation(self.get_form())

    def post(self, request, *args, **kwargs):
        self.target = self.get_target()
        if self.target is None:
            return self._already_done()
        self.form = self.get_form(request.POST)
        if self.form is not None and not self.form.is_valid():
            return self.render_confirmation(self.form)
        return super().post(request, *args, **kwargs)


CONFIRMED = "confirmed"


def is_confirmed(request) -> bool:
    """The POST came from the confirmation page's button (``ask_before_posting``)."""
    return request.POST.get(CONFIRMED) == "1"


def ask_before_posting(request, *, title, consequences, recipients, cancel_url, confirm_label,
                       back_label="", danger=False):  # fmt: skip
    """A form's action that emails people asks first (issue 24): the valid POST comes back as
    ``templates/confirm.html`` (what will happen, who gets an email) carrying every field in
    hidden inputs; its button posts them again with ``confirmed`` (``is_confirmed``), and only
    that POST acts. "Change" (``back_label``) posts them back to the form with ``edit``."""
    carried = [
        (name, value)
        for name, values in request.POST.lists()
        for value in values
        if name not in ("csrfmiddlewaretoken", CONFIRMED, "edit")
    ]
    context = {
        "title": title,
        "consequences": consequences,
        "recipients": recipients,
        "carried": [*carried, (CONFIRMED, "1")],
        "action_url": request.path,
        "cancel_url": cancel_url,
        "confirm_label": confirm_label,
        "back_label": back_label,
        "danger": danger,
    }
    return render(request, "confirm.html", context)
