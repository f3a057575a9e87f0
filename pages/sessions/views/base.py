"""The session pages' bases: a facilitator's action on a session, with or without a
confirmation step."""

from django.shortcuts import get_object_or_404

from pages.core.actions import ConfirmActionView, ServiceActionView
from pages.sessions.mixins import SessionPermissionMixin
from sessions.models import AgendaItem


class SessionActionView(SessionPermissionMixin, ServiceActionView):
    permission_required = "sessions.manage_session"

    def get_success_url(self):
        return self.session.get_absolute_url()

    def agenda_item(self) -> AgendaItem:
        return get_object_or_404(
            AgendaItem.objects.filter(session=self.session), pk=self.kwargs["item_id"]
        )


class SessionConfirmView(SessionPermissionMixin, ConfirmActionView):
    """A facilitator's action on a session that asks first (templates/confirm.html)."""

    permission_required = "sessions.manage_session"

    def get_success_url(self):
        return self.session.get_absolute_url()
