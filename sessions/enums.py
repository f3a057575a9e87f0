from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SessionKind(models.TextChoices):
    KICKOFF = "kickoff", _("Kickoff")
    REGULAR = "regular", pgettext_lazy("session kind", "Regular session")
    CLOSING = "closing", _("Closing session")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class AgendaRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    CASE_OWNER = "case_owner", _("Case owner")
    NOTE_TAKER = "note_taker", _("Note-taker")
    TIMEKEEPER = "timekeeper", _("Timekeeper")


class RsvpAnswer(models.TextChoices):
    ATTENDING = "attending", _("Attending")
    NOT_ATTENDING = "not_attending", _("Not attending")
    MAYBE = "maybe", _("Maybe")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


ABSENT_STATUSES = (AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT)
PRESENT_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SCHEDULED = "scheduled", _("Scheduled")
    DISCUSSED = "discussed", _("Discussed")


class NotificationKind(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    REMINDER = "reminder", _("Reminder")
    UPDATE = "update", _("Update")
    CANCELLATION = "cancellation", _("Cancellation")


class SpeakerEmailKind(models.TextChoices):
    """What an email to a speaker carries: the session's details, the brief the facilitator
    wrote from what the group said, or the members' aggregated feedback after the session."""

    DETAILS = "details", _("Details for a speaker")
    BRIEF = "brief", _("Brief for a speaker")
    FEEDBACK = "feedback", _("Feedback for a speaker")


class AnnouncementAudience(models.TextChoices):
    """Who a facilitator's message is for: every member, or those present at (or absent from)
    one session, by its recorded attendance."""

    ALL = "all", _("All members of the network")
    PRESENT = "present", _("The members who were present at a session")
    ABSENT = "absent", _("The members who were absent from a session")
