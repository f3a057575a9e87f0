"""A session, its agenda with the members' roles, and its external speakers."""

import datetime
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.datetimes import EARLIEST, LATEST
from networks.models import Network
from sessions import links
from sessions.enums import AgendaRole, SessionKind, SessionStatus
from sessions.models.constraints import bounded_text
from sessions.models.work_forms import WorkForm

BRIEF_LIMIT = 8000


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
        return links.session_path(self.pk)

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
