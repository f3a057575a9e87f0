import secrets
import uuid

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.datetimes import EARLIEST, LATEST
from core.mail import build_templated_mail
from core.outbox import OutboxMessage
from networks.models import Network, facilitator_emails
from sessions.enums import (
    AgendaRole,
    AttendanceStatus,
    NotificationKind,
    QuestionStatus,
    RsvpAnswer,
    SessionKind,
    SessionStatus,
)
from sessions.rsvp_links import rsvp_link_urls


def bounded_text(name: str, field: str, limit: int) -> models.CheckConstraint:
    """The database backstop of a TextField's max_length (its form says so with a message)."""
    return models.CheckConstraint(
        condition=LessThanOrEqual(Length(field), limit), name=f"{name}_{field}_length"
    )


class WorkForm(models.Model):
    """A method for a session (werkvorm). Catalogue entries have no network; a facilitator's own
    methods belong to one network and are visible only there. Texts exist in Dutch and English."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, null=True, blank=True, related_name="work_forms"
    )
    slug = models.SlugField(max_length=60)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    purpose_nl = models.TextField(_("purpose (Dutch)"), max_length=2000)
    purpose_en = models.TextField(_("purpose (English)"), max_length=2000)
    steps_nl = models.TextField(_("steps (Dutch)"), max_length=6000)
    steps_en = models.TextField(_("steps (English)"), max_length=6000)
    roles_nl = models.TextField(_("roles (Dutch)"), blank=True, max_length=1000)
    roles_en = models.TextField(_("roles (English)"), blank=True, max_length=1000)
    materials_nl = models.TextField(_("materials (Dutch)"), blank=True, max_length=1000)
    materials_en = models.TextField(_("materials (English)"), blank=True, max_length=1000)
    min_group = models.PositiveSmallIntegerField(_("minimum group size"), default=3)
    max_group = models.PositiveSmallIntegerField(_("maximum group size"), default=15)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("work form")
        verbose_name_plural = _("work forms")
        ordering = ["name_nl"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(network__isnull=True),
                name="sessions_workform_catalogue_slug_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(min_group__lte=models.F("max_group")),
                name="sessions_workform_group_range",
            ),
            bounded_text("sessions_workform", "purpose_nl", 2000),
            bounded_text("sessions_workform", "purpose_en", 2000),
            bounded_text("sessions_workform", "steps_nl", 6000),
            bounded_text("sessions_workform", "steps_en", 6000),
            bounded_text("sessions_workform", "roles_nl", 1000),
            bounded_text("sessions_workform", "roles_en", 1000),
            bounded_text("sessions_workform", "materials_nl", 1000),
            bounded_text("sessions_workform", "materials_en", 1000),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("sessions:workform_detail", kwargs={"pk": self.pk})

    def _text(self, field: str) -> str:
        language = (get_language() or "nl")[:2]
        return getattr(self, f"{field}_{'en' if language == 'en' else 'nl'}")

    @property
    def name(self) -> str:
        return self._text("name")

    @property
    def purpose(self) -> str:
        return self._text("purpose")

    @property
    def steps(self) -> str:
        return self._text("steps")

    @property
    def roles(self) -> str:
        return self._text("roles")

    @property
    def materials(self) -> str:
        return self._text("materials")


class LearningSession(models.Model):
    """One meeting of a network. Times are stored in UTC and shown in Europe/Brussels."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("number in the series"))
    title = models.CharField(_("title or topic"), max_length=160)
    kind = models.CharField(
        _("kind"), max_length=10, choices=SessionKind.choices, default=SessionKind.REGULAR
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True, max_length=1000)
    # iCalendar identity: the UID never changes, SEQUENCE rises with every change.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "number"], name="sessions_session_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="sessions_session_ends_after_start",
            ),
            # Years 2000-2100 (core.datetimes): a year-1 date cannot even be read back.
            models.CheckConstraint(
                condition=models.Q(starts_at__gte=EARLIEST, ends_at__lte=LATEST),
                name="sessions_session_sane_dates",
            ),
            bounded_text("sessions_session", "description", 4000),
            bounded_text("sessions_session", "cancel_reason", 1000),
        ]
        indexes = [models.Index(fields=["status", "starts_at"], name="sessions_due_idx")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("sessions:detail", kwargs={"pk": self.pk})

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def is_planned(self) -> bool:
        return self.status == SessionStatus.PLANNED

    @property
    def is_held(self) -> bool:
        return self.status == SessionStatus.HELD

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    @property
    def is_kickoff(self) -> bool:
        return self.kind == SessionKind.KICKOFF

    @property
    def is_outside_network_period(self) -> bool:
        """The session's day (Belgian time) is before the network's start or after its end."""
        return not self.network.covers(timezone.localtime(self.starts_at).date())

    @property
    def rsvp_open(self) -> bool:
        """The RSVP window: members answer (and change their answer) until a planned session
        starts. ``sessions.services.rsvp_set`` enforces it; the page asks it too."""
        return self.is_planned and self.starts_at > timezone.now()


class AgendaItem(models.Model):
    session = models.ForeignKey(LearningSession, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=160)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(480)]
    )
    work_form = models.ForeignKey(
        WorkForm,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("work form"),
    )
    notes = models.TextField(_("notes"), blank=True, max_length=4000)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "pk"]
        constraints = [bounded_text("sessions_agendaitem", "notes", 4000)]

    def __str__(self) -> str:
        return self.title


class AgendaRoleAssignment(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=12, choices=AgendaRole.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "role"], name="sessions_agenda_role_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.user}"


class Speaker(models.Model):
    """An external speaker or guest: not a member, not counted in the cap."""

    session = models.ForeignKey(LearningSession, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("name"), max_length=150)
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    topic = models.CharField(_("topic"), max_length=200)
    bio = models.TextField(_("short bio"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["name"]
        constraints = [bounded_text("sessions_speaker", "bio", 2000)]

    def __str__(self) -> str:
        return self.name


class PracticeQuestion(models.Model):
    """An urgent question from a member's practice, to be discussed in a session."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="practice_questions"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_questions"
    )
    title = models.CharField(_("question"), max_length=200)
    context = models.TextField(_("context"), blank=True, max_length=4000)
    name_for_facilitator_only = models.BooleanField(
        _("show my name only to the facilitator"), default=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.OPEN
    )
    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="question"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("practice question")
        verbose_name_plural = _("practice questions")
        ordering = ["-created_at"]
        constraints = [bounded_text("sessions_question", "context", 4000)]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == QuestionStatus.OPEN

    @property
    def is_scheduled(self) -> bool:
        return self.status == QuestionStatus.SCHEDULED


class Rsvp(models.Model):
    session = models.ForeignKey(LearningSession, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(_("answer"), max_length=14, choices=RsvpAnswer.choices)
    apology = models.TextField(_("apology"), blank=True, max_length=2000)
    input_for_group = models.TextField(
        _("a question or contribution for the group"), blank=True, max_length=4000
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="sessions_rsvp_unique"),
            bounded_text("sessions_rsvp", "apology", 2000),
            bounded_text("sessions_rsvp", "input_for_group", 4000),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_answer_display()}"


class CatchUpInput(models.Model):
    """What a member who missed ``session`` (excused or absent) gives back after reading its
    minutes (the catch-up pack): input for the facilitator, shown on the network's next session
    next to the RSVP contributions, or, with ``to_board``, a practice question on the board
    (``question``, made through ``sessions.services.practice_question_submit``)."""

    session = models.ForeignKey(
        LearningSession, on_delete=models.CASCADE, related_name="catch_up_inputs"
    )
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("your input"), max_length=4000)
    to_board = models.BooleanField(default=False)
    question = models.ForeignKey(
        PracticeQuestion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("input after a missed session")
        verbose_name_plural = _("inputs after a missed session")
        ordering = ["created_at", "pk"]
        constraints = [bounded_text("sessions_catchup", "text", 4000)]

    def __str__(self) -> str:
        return f"{self.member_id} after {self.session_id}: {self.text[:40]}"


class Attendance(models.Model):
    session = models.ForeignKey(
        LearningSession, on_delete=models.CASCADE, related_name="attendance"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("attendance"), max_length=8, choices=AttendanceStatus.choices)
    remark = models.CharField(_("remark"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="sessions_attendance_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_status_display()}"


NOTIFICATION_KIND_LABELS = {
    NotificationKind.INVITATION: _("Session invitation"),
    NotificationKind.REMINDER: _("Session reminder"),
    NotificationKind.UPDATE: _("Session update"),
    NotificationKind.CANCELLATION: _("Session cancellation"),
}


class SessionNotification(OutboxMessage):
    """One email about a session (invitation, reminder, update, cancellation) to one member, once
    per session version: the unique key makes a second row for the same email impossible, a
    resend is a new row pointing at this one (core/outbox.py sends it)."""

    session = models.ForeignKey(
        LearningSession, on_delete=models.CASCADE, related_name="notifications"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=NotificationKind.choices)
    sequence = models.PositiveIntegerField(default=0)

    network_path = "session__network"
    send_related = ("session__network", "user")

    class Meta(OutboxMessage.Meta):
        verbose_name = _("session email")
        verbose_name_plural = _("session emails")
        constraints = [
            *OutboxMessage.Meta.constraints,
            models.UniqueConstraint(
                fields=["session", "user", "kind", "sequence"],
                condition=models.Q(resend_of__isnull=True),
                name="sessions_notification_once",
            ),
        ]
        # The abstract index, under a name within Django's 30 characters.
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="sessions_notif_due_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.session_id} → {self.user_id} ({self.state})"

    @property
    def message_id(self) -> str:
        # The format these emails had before the shared outbox: kept so threads stay intact.
        return f"<session-{self.pk}-{self.kind}@leernet>"

    @property
    def kind_label(self) -> str:
        return str(NOTIFICATION_KIND_LABELS[self.kind])

    @property
    def recipient_email(self) -> str:
        return self.user.email

    def build_message(self) -> EmailMessage:
        from sessions.calendar import session_ics  # calendar imports this module

        session, user = self.session, self.user
        with translation.override(user.language):
            agenda = list(session.agenda.select_related("work_form"))
        rsvp_links = []
        if self.kind != NotificationKind.CANCELLATION:
            rsvp_links = rsvp_link_urls(session_id=session.pk, user_id=user.pk)
        return build_templated_mail(
            template=f"sessions/email/{self.kind}",
            context={
                "session": session,
                "network": session.network,
                "user": user,
                "agenda": agenda,
                "rsvp_links": rsvp_links,
                "url": settings.SITE_URL + session.get_absolute_url(),
            },
            to=user.email,
            language=user.language,
            attachments=[("leernet.ics", session_ics(session), "text/calendar")],
            reply_to=facilitator_emails(session.network_id),
        )


class SpeakerEmail(OutboxMessage):
    """The session's details and calendar file for an external speaker: one row per speaker and
    session version (a second click while it waits finds this row; a click after it went out
    sends it again as a resend row)."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="emails")
    sequence = models.PositiveIntegerField(default=0)

    network_path = "speaker__session__network"
    send_related = ("speaker__session__network",)

    class Meta(OutboxMessage.Meta):
        verbose_name = _("email to a speaker")
        verbose_name_plural = _("emails to speakers")
        constraints = [
            *OutboxMessage.Meta.constraints,
            models.UniqueConstraint(
                fields=["speaker", "sequence"],
                condition=models.Q(resend_of__isnull=True),
                name="sessions_speaker_email_once",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="sessions_speaker_due_idx")
        ]

    def __str__(self) -> str:
        return f"speaker {self.speaker_id} v{self.sequence} ({self.state})"

    @property
    def kind_label(self) -> str:
        return str(_("Details for a speaker"))

    @property
    def recipient_email(self) -> str:
        return self.speaker.email

    @property
    def session(self) -> LearningSession:
        return self.speaker.session

    def build_message(self) -> EmailMessage:
        from sessions.calendar import session_ics

        speaker = self.speaker
        session = speaker.session
        return build_templated_mail(
            template="sessions/email/speaker",
            context={"speaker": speaker, "session": session, "network": session.network},
            to=speaker.email,
            language=session.network.language,
            attachments=[("leernet.ics", session_ics(session), "text/calendar")],
            reply_to=facilitator_emails(session.network_id),
        )


def _feed_token() -> str:
    return secrets.token_urlsafe(32)


class AbsenceFollowUp(models.Model):
    """A facilitator got in touch with a member absent several sessions in a row, after the
    network's latest held ``session``: the "get in touch" task ends, and comes back only if the
    member misses again (a later held session)."""

    session = models.ForeignKey(LearningSession, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    noted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    noted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "member"], name="sessions_absence_followup_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id} after {self.session_id}"


class CalendarFeed(models.Model):
    """A private subscription URL with all sessions of the user's networks. Revocable."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True, default=_feed_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="sessions_one_active_feed_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"feed of {self.user}"
