from pages.networks.mixins import NetworkScopedMixin
from sessions import rules
from sessions.selectors import session_by_pk


class SessionPermissionMixin(NetworkScopedMixin):
    """The session in the URL, among the user's networks' sessions, with one permission checked.
    ``permission_rules`` may be another app's rules module (reports reuses this mixin)."""

    permission_required = "sessions.view_session"
    permission_rules = rules

    def lookup(self, pk):
        return session_by_pk(pk=pk)

    def set_object(self, obj) -> None:
        self.session = obj
        self.network = obj.network

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
