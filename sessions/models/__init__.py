"""The models of sessions, one module per subject (the app label stays ``learning_sessions``):
work forms; sessions with their agenda, roles and speakers; what members do around them
(questions, RSVPs, attendance, calendar feeds); announcements; and the emails sent about them."""

from sessions.models.announcements import (
    ANNOUNCEMENT_BODY_MAX,
    ANNOUNCEMENT_SUBJECT_MAX,
    Announcement,
)
from sessions.models.constraints import bounded_text
from sessions.models.emails import (
    NOTIFICATION_KIND_LABELS,
    SPEAKER_EMAIL_BODY_LIMIT,
    SPEAKER_EMAIL_TEMPLATES,
    AnnouncementEmail,
    SessionNotification,
    SpeakerEmail,
)
from sessions.models.participation import (
    AbsenceFollowUp,
    Attendance,
    CalendarFeed,
    CatchUpInput,
    PracticeQuestion,
    Rsvp,
    _feed_token,  # migration 0001 names it as sessions.models._feed_token
)
from sessions.models.sessions import (
    BRIEF_LIMIT,
    AgendaItem,
    AgendaRoleAssignment,
    LearningSession,
    Speaker,
)
from sessions.models.work_forms import WorkForm

__all__ = [
    "ANNOUNCEMENT_BODY_MAX",
    "ANNOUNCEMENT_SUBJECT_MAX",
    "BRIEF_LIMIT",
    "NOTIFICATION_KIND_LABELS",
    "SPEAKER_EMAIL_BODY_LIMIT",
    "SPEAKER_EMAIL_TEMPLATES",
    "AbsenceFollowUp",
    "AgendaItem",
    "AgendaRoleAssignment",
    "Announcement",
    "AnnouncementEmail",
    "Attendance",
    "CalendarFeed",
    "CatchUpInput",
    "LearningSession",
    "PracticeQuestion",
    "Rsvp",
    "SessionNotification",
    "Speaker",
    "SpeakerEmail",
    "WorkForm",
    "bounded_text",
    "_feed_token",
]
