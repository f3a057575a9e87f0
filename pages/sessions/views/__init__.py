"""HTTP glue for sessions: permission check, selector, form, service, response.

The timeline and the session page also show what the apps above ``sessions`` know of a session
(its published minutes, its learning goals): as pages they ask those apps' selectors.

One module per subject, as the services: planning, agenda, speakers, questions, RSVP,
attendance, work forms, calendars, announcements (re-exported here for the URLconf)."""

from pages.sessions.views.agenda import (
    AgendaItemDeleteView,
    AgendaItemFormView,
    AgendaItemMoveView,
    KickoffAgendaView,
    SessionRolesView,
)
from pages.sessions.views.announcements import AnnouncementCreateView, AnnouncementListView
from pages.sessions.views.attendance import (
    AbsenceFollowUpView,
    AttendanceHeldView,
    AttendanceOverviewView,
    AttendanceView,
)
from pages.sessions.views.base import SessionActionView, SessionConfirmView
from pages.sessions.views.calendar import (
    CalendarFeedActionView,
    CalendarFeedCreateView,
    CalendarFeedResetView,
    CalendarFeedRevokeView,
    CalendarFeedView,
    CalendarSettingsView,
    SessionIcsView,
)
from pages.sessions.views.planning import (
    SessionCancelView,
    SessionCreateView,
    SessionDetailView,
    SessionUpdateView,
    TimelineView,
)
from pages.sessions.views.questions import (
    NetworkActionView,
    PracticeQuestionDiscussedView,
    PracticeQuestionScheduleView,
    PracticeQuestionsView,
)
from pages.sessions.views.rsvp import RsvpAnswerView, RsvpLinkView, RsvpView
from pages.sessions.views.speakers import (
    SpeakerConfirmView,
    SpeakerCreateView,
    SpeakerDeleteView,
    SpeakerEmailView,
)
from pages.sessions.views.work_forms import (
    WorkFormAddToAgendaView,
    WorkFormCreateView,
    WorkFormDetailView,
    WorkFormListView,
)

__all__ = [
    "AbsenceFollowUpView",
    "AgendaItemDeleteView",
    "AgendaItemFormView",
    "AgendaItemMoveView",
    "AnnouncementCreateView",
    "AnnouncementListView",
    "AttendanceHeldView",
    "AttendanceOverviewView",
    "AttendanceView",
    "CalendarFeedActionView",
    "CalendarFeedCreateView",
    "CalendarFeedResetView",
    "CalendarFeedRevokeView",
    "CalendarFeedView",
    "CalendarSettingsView",
    "KickoffAgendaView",
    "NetworkActionView",
    "PracticeQuestionDiscussedView",
    "PracticeQuestionScheduleView",
    "PracticeQuestionsView",
    "RsvpAnswerView",
    "RsvpLinkView",
    "RsvpView",
    "SessionActionView",
    "SessionCancelView",
    "SessionConfirmView",
    "SessionCreateView",
    "SessionDetailView",
    "SessionIcsView",
    "SessionRolesView",
    "SessionUpdateView",
    "SpeakerConfirmView",
    "SpeakerCreateView",
    "SpeakerDeleteView",
    "SpeakerEmailView",
    "TimelineView",
    "WorkFormAddToAgendaView",
    "WorkFormCreateView",
    "WorkFormDetailView",
    "WorkFormListView",
]
