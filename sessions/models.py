import datetime
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
    AnnouncementAudience,
    AttendanceStatus,
    NotificationKind,
    QuestionStatus,
    RsvpAnswer,
    SessionKind,
    SessionStatus,
    SpeakerEmailKind,
)
from sessions.rsvp_links import rsvp_link_urls

BRIEF_LIMIT = 8000
SPEAKER_EMAIL_BODY_LIMIT = 12000


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
    def minutes_due_at(self):
        """When the minutes are due: ``Network.minutes_due_days`` after the session ended (the
        facilitators' task and the note-taker's reminder give the same date)."""
        return self.ends_at + datetime.timedelta(days=self.network.minutes_due_days)

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
    """A member's role in a session: for the whole session (``item`` empty: one chair,
    note-taker, timekeeper and case owner per session, set on the session's roles page from a
    fair suggestion) or for one agenda item only (e.g. the case owner of a practice question).
    One table for both, so "who had which role when" (the fairness counts, the note-taker's
    right to write the minutes, the reminders) reads one place."""

    session = models.ForeignKey(
        LearningSession, on_delete=models.CASCADE, related_name="role_assignments"
    )
    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, null=True, blank=True, related_name="roles"
    )
    role = models.CharField(_("role"), max_length=12, choices=AgendaRole.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "role"], name="sessions_agenda_role_unique"),
            models.UniqueConstraint(
                fields=["session", "role"],
                condition=models.Q(item__isnull=True),
                name="sessions_session_role_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.user}"

    def save(self, *args, **kwargs):
        if self.item_id is not None and self.session_id is None:
            self.session_id = self.item.session_id
        super().save(*args, **kwargs)


class Speaker(models.Model):
    """An external speaker or guest: not a member, not counted in the cap."""

    session = models.ForeignKey(LearningSession, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("name"), max_length=150)
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    topic = models.CharField(_("topic"), max_length=200)
    bio = models.TextField(_("short bio"), blank=True, max_length=2000)
    # The brief: a text the facilitator edits (drafted by evaluations.selectors.speaker_brief_draft
    # from what the group said) and sends only by confirming; every saved change is a new version
    # (one email per version, see SpeakerEmail).
    brief = models.TextField(_("brief for the speaker"), blank=True, max_length=BRIEF_LIMIT)
    brief_version = models.PositiveIntegerField(default=0, editable=False)
    brief_saved_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The latest version emailed to the speaker (0: none yet), set by speaker_brief_send.
    brief_sent_version = models.PositiveIntegerField(default=0, editable=False)
    # The speaker's confirmation belongs to one version: set by the signed link in that
    # version's email (sessions/speaker_links.py), once per version. A newer version sent asks
    # them to confirm again; an older version's link never confirms the newer one.
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    confirmed_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["name"]
        constraints = [
            bounded_text("sessions_speaker", "bio", 2000),
            bounded_text("sessions_speaker", "brief", BRIEF_LIMIT),
            models.CheckConstraint(
                condition=models.Q(confirmed_at__isnull=True, confirmed_version=0)
                | models.Q(
                    confirmed_at__isnull=False,
                    confirmed_version__gt=0,
                    confirmed_version__lte=models.F("brief_sent_version"),
                ),
                name="sessions_speaker_confirms_a_sent_version",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def brief_confirmed(self) -> bool:
        """The speaker confirmed the latest version of the brief they were sent."""
        return self.confirmed_version > 0 and self.confirmed_version == self.brief_sent_version


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
    # One more with every change (sessions.services.rsvp_set). The one-click links in an email
    # carry the version they were made against (sessions/rsvp_links.py): a link older than a
    # changed answer asks before it overrides it.
    version = models.PositiveIntegerField(default=1, editable=False)

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
        from sessions.selectors import my_session_roles  # so do the selectors

        session, user = self.session, self.user
        my_roles = []
        with translation.override(user.language):
            agenda = list(session.agenda.select_related("work_form"))
            if self.kind == NotificationKind.REMINDER:
                my_roles = my_session_roles(session=session, user=user, agenda=agenda)
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
                "my_roles": my_roles,
                "url": settings.SITE_URL + session.get_absolute_url(),
            },
            to=user.email,
            language=user.language,
            attachments=[("leernet.ics", session_ics(session), "text/calendar")],
            reply_to=facilitator_emails(session.network_id),
        )


SPEAKER_EMAIL_TEMPLATES = {
    SpeakerEmailKind.DETAILS: "sessions/email/speaker",
    SpeakerEmailKind.BRIEF: "sessions/email/speaker_brief",
    SpeakerEmailKind.FEEDBACK: "sessions/email/speaker_feedback",
}


class SpeakerEmail(OutboxMessage):
    """An email to an external speaker, in the network's language with Reply-To the
    facilitators. ``kind`` says what it carries:

    - details: the session's details and calendar file, one row per session version
      (``sequence``);
    - brief: the facilitator's brief as it was when they confirmed sending it (``body``), with
      the signed link to confirm, one row per brief version (``sequence``);
    - feedback: the members' aggregated answers about the speaker (``body``), once.

    A second click while a row waits finds that row; a click after it went out sends it again
    as a resend row."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(
        max_length=10, choices=SpeakerEmailKind.choices, default=SpeakerEmailKind.DETAILS
    )
    sequence = models.PositiveIntegerField(default=0)
    # The text as the facilitator confirmed it (a later edit of the brief changes nothing here).
    body = models.TextField(blank=True, max_length=SPEAKER_EMAIL_BODY_LIMIT)

    network_path = "speaker__session__network"
    send_related = ("speaker__session__network",)

    class Meta(OutboxMessage.Meta):
        verbose_name = _("email to a speaker")
        verbose_name_plural = _("emails to speakers")
        constraints = [
            *OutboxMessage.Meta.constraints,
            models.UniqueConstraint(
                fields=["speaker", "kind", "sequence"],
                condition=models.Q(resend_of__isnull=True),
                name="sessions_speaker_email_once",
            ),
            bounded_text("sessions_speakeremail", "body", SPEAKER_EMAIL_BODY_LIMIT),
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="sessions_speaker_due_idx")
        ]

    def __str__(self) -> str:
        return f"speaker {self.speaker_id} {self.kind} v{self.sequence} ({self.state})"

    @property
    def kind_label(self) -> str:
        return str(SpeakerEmailKind(self.kind).label)

    @property
    def recipient_email(self) -> str:
        return self.speaker.email

    @property
    def session(self) -> LearningSession:
        return self.speaker.session

    def build_message(self) -> EmailMessage:
        from sessions.calendar import session_ics
        from sessions.speaker_links import speaker_confirm_url

        speaker = self.speaker
        session = speaker.session
        context = {
            "speaker": speaker,
            "session": session,
            "network": session.network,
            "body": self.body,
        }
        attachments = [("leernet.ics", session_ics(session), "text/calendar")]
        if self.kind == SpeakerEmailKind.BRIEF:  # the link confirms this version only
            context["confirm_url"] = speaker_confirm_url(
                speaker_id=speaker.pk, version=self.sequence
            )
        if self.kind == SpeakerEmailKind.FEEDBACK:
            attachments = []
        return build_templated_mail(
            template=SPEAKER_EMAIL_TEMPLATES[self.kind],
            context=context,
            to=speaker.email,
            language=session.network.language,
            attachments=attachments,
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


ANNOUNCEMENT_SUBJECT_MAX = 150
ANNOUNCEMENT_BODY_MAX = 6000


class Announcement(models.Model):
    """A facilitator's message to the group: kept on the network's page for its members and
    facilitators, and emailed (``AnnouncementEmail``) to the audience's members who did not turn
    announcement emails off. The audience is every member, or the members present at (absent
    from) one session by its recorded attendance; it lives here, not in ``networks``, because
    that needs the sessions."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="announcements")
    audience = models.CharField(
        _("to whom"),
        max_length=8,
        choices=AnnouncementAudience.choices,
        default=AnnouncementAudience.ALL,
    )
    session = models.ForeignKey(
        LearningSession,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="announcements",
        verbose_name=_("session"),
    )
    subject = models.CharField(_("subject"), max_length=ANNOUNCEMENT_SUBJECT_MAX)
    body = models.TextField(_("message"), max_length=ANNOUNCEMENT_BODY_MAX)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # How many people the audience had, and how many of them got an email (the others turned
    # announcement emails off): what the facilitator saw on the confirmation.
    audience_size = models.PositiveSmallIntegerField(default=0)
    emailed_count = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(audience=AnnouncementAudience.ALL, session__isnull=True)
                    | models.Q(
                        audience__in=[AnnouncementAudience.PRESENT, AnnouncementAudience.ABSENT],
                        session__isnull=False,
                    )
                ),
                name="sessions_announcement_audience_session",
            ),
            bounded_text("sessions_announcement", "body", ANNOUNCEMENT_BODY_MAX),
        ]
        indexes = [
            models.Index(fields=["network", "-created_at"], name="sessions_announcement_idx"),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("sessions:announcements", kwargs={"pk": self.network_id}) + f"#a{self.pk}"


class AnnouncementEmail(OutboxMessage):
    """One announcement to one member, rendered in the member's language with Reply-To: its
    author. The unique key makes a second row for the same member impossible; a resend is a new
    row pointing at this one (core/outbox.py sends it)."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="emails")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    network_path = "announcement__network"
    send_related = (
        "announcement__network",
        "announcement__author",
        "announcement__session",
        "user",
    )

    class Meta(OutboxMessage.Meta):
        verbose_name = _("announcement email")
        verbose_name_plural = _("announcement emails")
        constraints = [
            *OutboxMessage.Meta.constraints,
            models.UniqueConstraint(
                fields=["announcement", "user"],
                condition=models.Q(resend_of__isnull=True),
                name="sessions_announcement_email_once",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="sessions_announce_due_idx")
        ]

    def __str__(self) -> str:
        return f"announcement {self.announcement_id} → {self.user_id} ({self.state})"

    @property
    def message_id(self) -> str:
        # Announcement and recipient in the id; the row's own id keeps a resend apart.
        return f"<announcement-{self.announcement_id}.{self.user_id}.{self.pk}@leernet>"

    @property
    def kind_label(self) -> str:
        return str(_("Message from the facilitator"))

    @property
    def recipient_email(self) -> str:
        return self.user.email

    @property
    def session(self):
        return self.announcement.session

    def build_message(self) -> EmailMessage:
        announcement, user = self.announcement, self.user
        network = announcement.network
        author = announcement.author
        # Replies reach the author; an author who is gone leaves the network's facilitators.
        reply_to = [author.email] if author is not None and author.is_active else []
        return build_templated_mail(
            template="sessions/email/announcement",
            context={
                "announcement": announcement,
                "network": network,
                "user": user,
                "author_name": author.full_name if author is not None else "",
                "url": settings.SITE_URL + announcement.get_absolute_url(),
                "settings_url": settings.SITE_URL + network.get_absolute_url() + "#announcements",
            },
            to=user.email,
            language=user.language,
            reply_to=reply_to or facilitator_emails(network.pk),
        )
