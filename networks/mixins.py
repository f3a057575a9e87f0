from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from core.views import ScopedPermissionMixin
from networks import rules
from networks.selectors import network_queryset_for_user


class NetworkScopedMixin(ScopedPermissionMixin):
    """ScopedPermissionMixin for whatever belongs to a network (``set_object`` sets
    ``self.network``): the network's own requirements apply to every page of it. The one
    requirement: a network may require two-factor sign-in of its facilitators
    (``rules.needs_mfa_setup``); such a facilitator is sent to set it up first, with a message."""

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
    """The network in the URL, through the user-scoped selector, with one permission checked."""

    permission_required = "networks.view_network"
    permission_rules = rules

    def get_scoped_queryset(self, user):
        return network_queryset_for_user(user=user)

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
