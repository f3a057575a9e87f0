"""The emails sessions sends, one outbox row each (core/outbox.py sends them): to members
about a session, to external speakers, and the facilitators' announcements."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.mail import build_templated_mail
from core.outbox import OutboxMessage
from networks.models import facilitator_emails
from sessions.enums import NotificationKind, SpeakerEmailKind
from sessions.models.announcements import Announcement
from sessions.models.constraints import bounded_text
from sessions.models.sessions import LearningSession, Speaker
from sessions.rsvp_links import rsvp_link_urls
from sessions.speaker_links import speaker_confirm_url

SPEAKER_EMAIL_BODY_LIMIT = 12000

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
    sending_fields = ("session", "kind", "sequence")
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
        from sessions.calendar import session_ics  # noqa: PLC0415 (cycle: sessions.calendar)
        from sessions.selectors import my_session_roles  # noqa: PLC0415 (cycle: sessions.selectors)

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
    sending_fields = ("speaker", "kind", "sequence")
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
        from sessions.calendar import session_ics  # noqa: PLC0415 (cycle: sessions.calendar)

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


class AnnouncementEmail(OutboxMessage):
    """One announcement to one member, rendered in the member's language with Reply-To: its
    author. The unique key makes a second row for the same member impossible; a resend is a new
    row pointing at this one (core/outbox.py sends it)."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="emails")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    network_path = "announcement__network"
    sending_fields = ("announcement",)
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
    def sending_about(self) -> str:
        return self.announcement.subject

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
