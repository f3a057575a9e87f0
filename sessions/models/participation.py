"""What members bring and do around the sessions: practice questions, RSVPs, input after a
missed session, attendance and its follow-up, and their private calendar feeds."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networks.models import Network
from sessions.enums import AttendanceStatus, QuestionStatus, RsvpAnswer
from sessions.models.constraints import bounded_text
from sessions.models.sessions import AgendaItem, LearningSession


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
