from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from core.views import ScopedPermissionMixin
from networks import rules, share_links
from networks.selectors import network_by_pk


class NetworkScopedMixin(ScopedPermissionMixin):
    """ScopedPermissionMixin for whatever belongs to a network (``set_object`` sets
    ``self.network``): the network's own requirements apply to every page of it. The one
    requirement: a network may require two-factor sign-in of its facilitators
    (``rules.needs_mfa_setup``); such a facilitator is sent to set it up first, with a message.

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
        network.viewer_role = rules.viewer_role(user, network)
        if not rules.has_perm(user, self.scope_permission, network):
            return None
        return obj

    def unmet_requirement(self, request):
        if rules.needs_mfa_setup(request.user, self.network):
            messages.warning(
                request,
                _(
                    "%(network)s asks its facilitators to use two-factor sign-in. Set up an "
                    "authenticator app or a passkey here, then open the network again."
                )
                % {"network": self.network.name},
            )
            return redirect("mfa_index")
        return None


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
