"""Minutes: the draft, its notes, comments and try-out actions, the published versions and the
outbox rows that email them (the PDF, the catch-up reminder, the try-out check-in).

The models moved here from the reports app with their tables (``db_table``: no data moved, see
migrations/0001_initial.py); their constraints and indexes keep the names they had there."""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.datetimes import MAX_YEAR, MIN_YEAR
from core.downloads import download_name
from core.mail import build_templated_mail
from core.outbox import OutboxMessage
from core.stored_pdf import PdfState, RenderedPdf
from minutes import links
from minutes.enums import ActionStatus, ReadVia
from minutes.pack import pack_context
from networks.models import facilitator_emails
from sessions.models import AgendaItem, LearningSession, bounded_text

SECTION_MAX_LENGTH = 10000
# Translators: a file name: lowercase, hyphens, no spaces or accents.
MINUTES_PDF_NAME = _("minutes-%(network)s-session-%(number)s-v%(version)s.pdf")


def _named_as_in_reports(constraints: list) -> list:
    """The outbox's constraints (``%(app_label)s_%(class)s_…``) under the names they got while
    these tables were the reports app's: a new name would drop and add them for nothing."""
    named = []
    for constraint in constraints:
        constraint = constraint.clone()
        constraint.name = constraint.name.replace("%(app_label)s", "reports")
        named.append(constraint)
    return named


class Minutes(models.Model):
    """The working draft of a session's minutes. Publishing freezes it into a MinutesVersion."""

    session = models.OneToOneField(
        LearningSession, on_delete=models.CASCADE, related_name="minutes"
    )
    summary = models.TextField(_("summary"), blank=True, max_length=SECTION_MAX_LENGTH)
    insights = models.TextField(
        _("insights and knowledge shared"), blank=True, max_length=SECTION_MAX_LENGTH
    )
    agreements = models.TextField(
        _("agreements and decisions"), blank=True, max_length=SECTION_MAX_LENGTH
    )
    questions_next = models.TextField(
        _("questions for next time"), blank=True, max_length=SECTION_MAX_LENGTH
    )
    next_session = models.TextField(_("next session"), blank=True, max_length=SECTION_MAX_LENGTH)
    review_until = models.DateTimeField(_("comments possible until"), null=True, blank=True)
    # When the try-out actions of the previous session were fed back into this session (the
    # agenda item "Feedback on try-out actions" and the actions carried over): once per session.
    actions_fed_back_at = models.DateTimeField(null=True, blank=True, editable=False)
    feedback_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        db_table = "reports_minutes"
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        constraints = [
            bounded_text("reports_minutes", field, SECTION_MAX_LENGTH)
            for field in ("summary", "insights", "agreements", "questions_next", "next_session")
        ]

    def __str__(self) -> str:
        return str(self.session)


class MinutesItemNote(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="item_notes")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="+")
    notes = models.TextField(blank=True, max_length=5000)

    class Meta:
        db_table = "reports_minutesitemnote"
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "agenda_item"], name="reports_item_note_unique"
            ),
            bounded_text("reports_itemnote", "notes", 5000),
        ]

    def __str__(self) -> str:
        return f"{self.agenda_item}: {self.notes[:40]}"


class ActionItem(models.Model):
    """A try-out action (uitprobeeractie) agreed in a session. Its owner is a member (``owner``)
    or, for someone outside the network, a name (``who``). The owner reports how it went
    (``status`` and ``outcome``); an action not done carries over to the next session as a new
    row that points at it (``carried_from``)."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="actions")
    what = models.CharField(_("what"), max_length=300)
    who = models.CharField(_("who"), max_length=150, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    goal = models.ForeignKey(
        "evaluations.LearningGoal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("learning goal"),
    )
    due = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("how it went"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    outcome = models.CharField(_("how it went, in one line"), max_length=300, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="carried_to"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        db_table = "reports_actionitem"
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due__isnull=True)
                | models.Q(
                    due__gte=datetime.date(MIN_YEAR, 1, 1), due__lte=datetime.date(MAX_YEAR, 12, 31)
                ),
                name="reports_action_due_sane",
            ),
            # An action carries over into a session's minutes once.
            models.UniqueConstraint(
                fields=["minutes", "carried_from"],
                condition=models.Q(carried_from__isnull=False),
                name="reports_action_carried_once",
            ),
        ]

    def __str__(self) -> str:
        return self.what

    @property
    def owner_name(self) -> str:
        """The member's name, or the outsider's (``who``)."""
        return self.owner.full_name if self.owner_id else self.who

    @property
    def is_open(self) -> bool:
        return self.status == ActionStatus.OPEN


class MinutesComment(models.Model):
    """An attendee's remark on the draft during the review window."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "reports_minutescomment"
        ordering = ["created_at"]
        constraints = [bounded_text("reports_comment", "text", 4000)]

    def __str__(self) -> str:
        return self.text[:40]


class MinutesVersion(RenderedPdf):
    """A published, immutable version: its content snapshot, its PDF (rendered once), and the
    outbox rows (``MinutesDelivery``) that email it to the recipients."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    content = models.JSONField()
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    include_present = models.BooleanField(default=False)
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        db_table = "reports_minutesversion"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "number"], name="reports_version_unique"),
            bounded_text("reports_version", "pdf_error", 1000),
        ]

    def __str__(self) -> str:
        return f"{self.minutes} v{self.number}"

    @property
    def pdf_filename(self) -> str:
        """E.g. "verslag-<network>-bijeenkomst-3-v2.pdf", in the network's language like the PDF."""
        session = self.minutes.session
        return download_name(
            MINUTES_PDF_NAME, network=session.network, number=session.number, version=self.number
        )


class MinutesRead(models.Model):
    """That a member opened a session's published minutes (the minutes page, any version): the
    task "read the minutes of a session you missed" is then done (minutes/todo.py)."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)
    # The first way it was recorded: the page, or the signed "I have read it" link of the
    # catch-up pack (minutes/read_links.py).
    via = models.CharField(max_length=4, choices=ReadVia.choices, default=ReadVia.PAGE)

    class Meta:
        db_table = "reports_minutesread"
        verbose_name = _("minutes read")
        verbose_name_plural = _("minutes read")
        constraints = [
            models.UniqueConstraint(fields=["minutes", "user"], name="reports_minutes_read_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} read {self.minutes}"


class MinutesDeliveryManager(models.Manager):
    def get_queryset(self):
        # The version's PDF is loaded only to send (``build_message``), never with every row
        # that the network's email page or the outbox selects with its version.
        return super().get_queryset().defer("version__pdf")


class MemberEmail(OutboxMessage):
    """What the minutes' outbox rows share (core/outbox.py sends them): each goes to one user,
    the field named by ``recipient_field``, in that user's language, with Reply-To the network's
    facilitators."""

    recipient_field = "recipient"

    class Meta(OutboxMessage.Meta):
        abstract = True

    @property
    def recipient_user(self):
        return getattr(self, self.recipient_field)

    @property
    def recipient_email(self) -> str:
        return self.recipient_user.email

    @property
    def message_id(self) -> str:
        """The label the rows were made with in the reports app (core/outbox.py's default is
        the model's label): an email sent again after the move keeps its Message-ID."""
        return f"<reports.{self._meta.model_name}-{self.pk}@leernet>"

    def mail_recipient(self, *, template: str, network, context: dict, **kwargs) -> EmailMessage:
        """The email from ``template`` to the recipient; ``context`` gets the network and the
        recipient, ``kwargs`` go to ``build_templated_mail`` (attachments)."""
        recipient = self.recipient_user
        return build_templated_mail(
            template=template,
            context={"network": network, "recipient": recipient, **context},
            to=recipient.email,
            language=recipient.language,
            reply_to=facilitator_emails(network.pk),
            **kwargs,
        )


class MinutesVersionEmail(MemberEmail):
    """An email about one minutes version (its own ``version`` field) to one ``recipient``:
    the PDF itself, or the reminder to read it. Rows never load the PDF bytes with the
    version."""

    objects = MinutesDeliveryManager()

    network_path = "version__minutes__session__network"
    sending_fields = ("version",)
    send_related = ("recipient", "version__minutes__session__network")

    class Meta(OutboxMessage.Meta):
        abstract = True

    @property
    def session(self):
        return self.version.minutes.session

    def mail_about_version(self, *, template: str, context: dict, **kwargs) -> EmailMessage:
        """``mail_recipient`` with the version, its session and the link to its minutes."""
        session = self.session
        return self.mail_recipient(
            template=template,
            network=session.network,
            context={
                "session": session,
                "version": self.version,
                "url": links.absolute(links.minutes_path(session_id=session.pk)),
                **context,
            },
            **kwargs,
        )


class MinutesDelivery(MinutesVersionEmail):
    """Outbox row (core/outbox.py): the PDF of one version to one recipient. Sent at least once,
    deduplicated by its Message-ID. Not ready until the version's PDF is rendered: the render task
    enqueues the version's pending rows once it is."""

    version = models.ForeignKey(MinutesVersion, on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    was_absent = models.BooleanField(default=True)

    class Meta(OutboxMessage.Meta):
        db_table = "reports_minutesdelivery"
        verbose_name = _("minutes email")
        verbose_name_plural = _("minutes emails")
        constraints = [
            *_named_as_in_reports(OutboxMessage.Meta.constraints),
            # One email per version and recipient; a resend is a new row that points at it.
            models.UniqueConstraint(
                fields=["version", "recipient"],
                condition=models.Q(resend_of__isnull=True),
                name="reports_delivery_once",
            ),
        ]
        # The abstract index's name ("reports_minutesdelivery_due_idx") is over Django's 30
        # characters: the same index under a shorter name.
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="reports_delivery_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.version} → {self.recipient} ({self.state})"

    @property
    def message_id(self) -> str:
        """The format minutes emails always had; a resend gets its own, so a mail client that
        keeps the first one still shows the email sent again."""
        if self.resend_of_id:
            return f"<minutes-{self.version_id}-{self.recipient_id}-resend-{self.pk}@leernet>"
        return f"<minutes-{self.version_id}-{self.recipient_id}@leernet>"

    def is_ready(self) -> bool:
        # A query without the PDF bytes: the row is checked before every attempt.
        return MinutesVersion.objects.filter(pk=self.version_id, pdf_state=PdfState.READY).exists()

    @property
    def kind_label(self) -> str:
        return str(_("Minutes"))

    def build_message(self) -> EmailMessage:
        version = self.version
        pdf = MinutesVersion.objects.values_list("pdf", flat=True).get(pk=self.version_id)
        context = {"was_absent": self.was_absent}
        if self.was_absent:
            # The catch-up pack: what they missed, their actions, the next session.
            context.update(
                pack_context(version=version, session=self.session, recipient=self.recipient)
            )
        return self.mail_about_version(
            template="reports/email/minutes",
            context=context,
            attachments=[(version.pdf_filename, bytes(pdf), "application/pdf")],
        )


class CatchUpReminder(MinutesVersionEmail):
    """Outbox row (core/outbox.py): the one reminder to an absent member who has not read the
    minutes five days after their catch-up pack went out (``minutes.services.
    catch_up_reminders_due``, Celery beat). At most one per version and recipient: the unique
    key (a resend is a new row that points at it)."""

    version = models.ForeignKey(
        MinutesVersion, on_delete=models.CASCADE, related_name="catch_up_reminders"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta(OutboxMessage.Meta):
        db_table = "reports_catchupreminder"
        verbose_name = _("minutes reminder")
        verbose_name_plural = _("minutes reminders")
        constraints = [
            *_named_as_in_reports(OutboxMessage.Meta.constraints),
            models.UniqueConstraint(
                fields=["version", "recipient"],
                condition=models.Q(resend_of__isnull=True),
                name="reports_catch_up_reminder_once",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="reports_reminder_due_idx"),
        ]

    def __str__(self) -> str:
        return f"reminder {self.version} → {self.recipient} ({self.state})"

    @property
    def kind_label(self) -> str:
        return str(_("Minutes reminder"))

    def build_message(self) -> EmailMessage:
        return self.mail_about_version(
            template="reports/email/catch_up_reminder",
            context=pack_context(
                version=self.version, session=self.session, recipient=self.recipient
            ),
        )


class ActionCheckIn(MemberEmail):
    """Outbox row (core/outbox.py): "how did your try-out go?", three days before ``session``,
    to one owner of open try-out actions of the network's earlier sessions. One row per owner and
    session (the unique key), listing all of the owner's open actions in that network when sent."""

    session = models.ForeignKey(LearningSession, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    recipient_field = "owner"
    network_path = "session__network"
    sending_fields = ("session",)
    send_related = ("owner", "session__network")

    class Meta(OutboxMessage.Meta):
        db_table = "reports_actioncheckin"
        verbose_name = _("try-out check-in")
        verbose_name_plural = _("try-out check-ins")
        constraints = [
            *_named_as_in_reports(OutboxMessage.Meta.constraints),
            models.UniqueConstraint(
                fields=["session", "owner"],
                condition=models.Q(resend_of__isnull=True),
                name="reports_checkin_once",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="reports_checkin_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.session} → {self.owner} ({self.state})"

    @property
    def kind_label(self) -> str:
        return str(_("How did your try-out go?"))

    def build_message(self) -> EmailMessage:
        from minutes.selectors import open_actions_of  # noqa: PLC0415 (cycle: minutes.selectors)

        session = self.session
        network = session.network
        return self.mail_recipient(
            template="reports/email/checkin",
            network=network,
            context={
                "session": session,
                "actions": open_actions_of(owner=self.owner, network=network, before=session),
                "url": links.absolute(links.my_actions_path()),
            },
        )
