from core.views import ScopedPermissionMixin
from networks import rules
from networks.selectors import network_queryset_for_user


class NetworkPermissionMixin(ScopedPermissionMixin):
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
