from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from networks import rules, share_links
from networks.selectors import network_by_pk
from pages.core.mixins import ScopedPermissionMixin


def _code_step_url(request, network) -> str:
    """allauth's "give your code again" page for this account's authenticator (the app's code,
    or the passkey when it has only passkeys), coming back to this page after: the page itself
    for a GET, the network's page after an action (nothing of it was done)."""
    only_passkeys = (
        not Authenticator.objects.filter(user=request.user)
        .exclude(type=Authenticator.Type.WEBAUTHN)
        .exists()
    )
    step = reverse("mfa_reauthenticate_webauthn" if only_passkeys else "mfa_reauthenticate")
    if request.method in ("GET", "HEAD"):
        back = request.get_full_path()
    else:
        back = network.get_absolute_url()
    return f"{step}?{urlencode({'next': back})}"


def second_factor_step(request, network):
    """The network's door for this session's second factor (``rules.second_factor_step``): a
    redirect with a message to set up an authenticator, or to give its code in this session;
    None when the door is open."""
    step = rules.second_factor_step(request.user, network, request.session)
    if step is None:
        return None
    if step == rules.SET_UP_SECOND_FACTOR:
        messages.warning(
            request,
            _(
                "%(network)s asks its facilitators to use two-factor sign-in. Set up an "
                "authenticator app or a passkey here, then open the network again."
            )
            % {"network": network.name},
        )
        return redirect("mfa_index")
    messages.warning(
        request,
        _(
            "%(network)s asks its facilitators to use two-factor sign-in. You signed in here "
            "without it: enter the code from your authenticator app (or use your passkey) to "
            "open the network in this browser."
        )
        % {"network": network.name},
    )
    return redirect(_code_step_url(request, network))


def network_door(request, network, permission: str = "networks.view_network"):
    """The one door for a network reached through something other than the URL (e.g. the
    session chosen in a form): a 404 unless ``permission``, else ``second_factor_step``."""
    network.viewer_role = rules.viewer_role(request.user, network)
    if not rules.has_perm(request.user, permission, network):
        raise Http404
    return second_factor_step(request, network)


def passes_network_door(request, network, permission: str = "networks.view_network") -> bool:
    """``network_door`` as a question, for pages that list several networks' things."""
    network.viewer_role = rules.viewer_role(request.user, network)
    return rules.has_perm(request.user, permission, network) and rules.second_factor_given(
        request.user, network, request.session
    )


class NetworkScopedMixin(ScopedPermissionMixin):
    """ScopedPermissionMixin for whatever belongs to a network (``set_object`` sets
    ``self.network``): the network's own requirements apply to every page of it. The one
    requirement: a network may require two-factor sign-in of its facilitators, and then a
    facilitator opens its pages only in a session that gave the second factor
    (``rules.second_factor_step``): without an authenticator they are sent to set one up, with
    one they are asked its code in this session first (``second_factor_step``).

    An object that belongs to no network (a catalogue work form: ``network_of`` returns None)
    is shared by everyone signed in; only ``permission_required`` decides.

    The object is looked up by primary key (``lookup``, with what the pages need joined), and
    whether the user may know it exists is the permission ``scope_permission`` on its network,
    asked of the one permission layer (networks/rules.py): a query that is cheap to build,
    instead of a user-scoped queryset compiled anew on every request. The viewer's role is
    computed once (``rules.viewer_role``, from the user's roles read once per page) and
    kept on the network as ``network.viewer_role``, as the scoped selectors annotate it."""

    scope_permission = "networks.view_network"

    def lookup(self, pk):
        """The object with ``pk`` or None, whoever asks (the scope is checked after)."""
        raise NotImplementedError

    def network_of(self, obj):
        return obj.network

    def find_object(self, user, pk):
        obj = self.lookup(pk)
        if obj is None:
            return None
        network = self.network_of(obj)
        if network is None:
            return obj
        network.viewer_role = rules.viewer_role(user, network)
        if not rules.has_perm(user, self.scope_permission, network):
            return None
        return obj

    def unmet_requirement(self, request):
        if self.network is None:
            return None
        return second_factor_step(request, self.network)


class NetworkPermissionMixin(NetworkScopedMixin):
    """The network in the URL, if the user may know it exists (``networks.view_card``: a member,
    someone on its waitlist, an open network they may discover: ``rules.may_discover``), with
    one permission checked."""

    permission_required = "networks.view_network"
    permission_rules = rules
    scope_permission = "networks.view_card"

    def lookup(self, pk):
        network = network_by_pk(pk=pk)
        if network is not None:
            # Whether this session opened the network's current share link (rules.may_discover).
            network.viewer_has_link = share_links.holds_link(self.request, network)
        return network

    def network_of(self, obj):
        return obj

    def set_object(self, obj) -> None:
        self.network = obj

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            network=self.network,
            is_facilitator=rules.is_facilitator(user, self.network),
            is_member=rules.is_member(user, self.network),
        )
        return context
