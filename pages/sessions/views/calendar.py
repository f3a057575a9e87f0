"""Calendars: a session's .ics file, and a member's private subscription feed."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.downloads import attachment_response
from pages.core.actions import ServiceActionView
from pages.sessions.mixins import SessionPermissionMixin
from sessions import calendar, selectors, services


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    return attachment_response(
        content, content_type="text/calendar; charset=utf-8", filename=filename
    )


class SessionIcsView(SessionPermissionMixin, View):
    def get(self, request, *args, **kwargs):
        return _ics_response(calendar.session_ics(self.session), f"session-{self.session.pk}.ics")


class CalendarSettingsView(LoginRequiredMixin, TemplateView):
    """GET only: the user's private link, with a button per action (each its own POST view)."""

    template_name = "sessions/calendar_settings.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        feed = selectors.active_feed(user=self.request.user)
        context["feed_url"] = (
            self.request.build_absolute_uri(
                reverse("sessions:calendar_feed", kwargs={"token": feed.token})
            )
            if feed
            else None
        )
        return context


class CalendarFeedActionView(LoginRequiredMixin, ServiceActionView):
    """One button on the calendar page. Every signed-in user acts on their own feed only (the
    feed is found through ``request.user``), so signing in is the whole permission."""

    def get_success_url(self) -> str:
        return reverse("sessions:calendar_settings")


class CalendarFeedCreateView(CalendarFeedActionView):
    def act(self):
        services.calendar_feed_get_or_create(acting_user=self.request.user)
        return _("Your private calendar link is ready.")


class CalendarFeedResetView(CalendarFeedActionView):
    def act(self):
        services.calendar_feed_reset(acting_user=self.request.user)
        return _("You have a new calendar link; the old one stopped.")


class CalendarFeedRevokeView(CalendarFeedActionView):
    def act(self):
        services.calendar_feed_revoke(acting_user=self.request.user)
        return _("Your calendar link no longer works.")


class CalendarFeedView(View):
    """The private subscription feed: the token is the only key. Unknown or revoked: 404."""

    def get(self, request, token):
        feed = selectors.feed_by_token(token=token)
        if feed is None:
            raise Http404
        sessions = selectors.sessions_for_feed(user=feed.user)
        return _ics_response(calendar.calendar_bytes(sessions), "leernet.ics")
