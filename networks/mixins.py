from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404

from networks import rules
from networks.selectors import network_queryset_for_user


class NetworkPermissionMixin:
    """Find the network in the URL through the user-scoped selector and check one permission.

    Anonymous visitors are sent to the login page; anyone else without the permission gets the
    same 404 as for a network that does not exist, so existence does not leak.
    """

    permission_required: str = "networks.view_network"
    network_url_kwarg = "pk"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.network = get_object_or_404(
            network_queryset_for_user(user=request.user), pk=kwargs[self.network_url_kwarg]
        )
        if not rules.has_perm(request.user, self.permission_required, self.network):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            network=self.network,
            is_facilitator=rules.is_facilitator(user, self.network),
            is_member=rules.is_member(user, self.network),
        )
        return context
