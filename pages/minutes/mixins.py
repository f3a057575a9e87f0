from minutes import rules
from pages.sessions.mixins import SessionPermissionMixin


class MinutesPermissionMixin(SessionPermissionMixin):
    """A session's minutes: found through the user's sessions, checked with minutes.rules."""

    permission_required = "reports.read_minutes"
    permission_rules = rules

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit_minutes"] = rules.can_edit_minutes(self.request.user, self.session)
        return context
