from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404

from sessions import rules
from sessions.selectors import session_queryset_for_user


class SessionPermissionMixin:
    """Find the session in the URL among the user's networks' sessions and check one permission.
    Others get the same 404 as for a session that does not exist."""

    permission_required = "sessions.view_session"
    # The rules module that knows ``permission_required`` (reports reuses this mixin).
    permission_rules = rules

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.session = get_object_or_404(
            session_queryset_for_user(user=request.user), pk=kwargs["pk"]
        )
        self.network = self.session.network
        self.network.viewer_role = self.session.viewer_role
        if not self.permission_rules.has_perm(request.user, self.permission_required, self.session):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            session=self.session,
            network=self.network,
            is_facilitator=rules.can_manage_session(user, self.session),
            can_rsvp=rules.can_rsvp(user, self.session),
        )
        return context
