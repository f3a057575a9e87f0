import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.mail import EmailMessage
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.datetimes import MAX_YEAR, MIN_YEAR
from core.downloads import download_name
from core.mail import build_templated_mail
from core.outbox import OutboxMessage
from networks.models import facilitator_emails
from reports.enums import ActionStatus, PdfState, ReadVia
from reports.pack import pack_context
from sessions.models import AgendaItem, LearningSession, WorkForm, bounded_text

SECTION_MAX_LENGTH = 10000
# Translators: a file name: lowercase, hyphens, no spaces or accents.
MINUTES_PDF_NAME = _("minutes-%(network)s-session-%(number)s-v%(version)s.pdf")


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
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        constraints = [
            bounded_text("reports_minutes", field, SECTION_MAX_LENGTH)
            for field in ("summary", "insights", "agreements", "questions_next", "next_session")
        ]

    def __str__(self) -> str:
        return str(self.session)

    def get_absolute_url(self) -> str:
        return reverse("reports:minutes", kwargs={"pk": self.session_id})


class MinutesItemNote(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="item_notes")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="+")
    notes = models.TextField(blank=True, max_length=5000)

    class Meta:
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
        ordering = ["created_at"]
        constraints = [bounded_text("reports_comment", "text", 4000)]

    def __str__(self) -> str:
        return self.text[:40]


class RenderedPdf(models.Model):
    """A PDF rendered once, in a Celery task, and stored: its state (claimed by a conditional
    update, see ``reports.services.pdf_render_claimed``) and how often it was rendered."""

    pdf = models.BinaryField(null=True, editable=False)
    pdf_state = models.CharField(max_length=10, choices=PdfState.choices, default=PdfState.PENDING)
    pdf_renders = models.PositiveSmallIntegerField(default=0)
    pdf_error = models.TextField(blank=True, max_length=1000)
    pdf_claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_pdf_ready(self) -> bool:
        return self.pdf_state == PdfState.READY


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
    task "read the minutes of a session you missed" is then done (reports/todo.py)."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)
    # The first way it was recorded: the page, or the signed "I have read it" link of the
    # catch-up pack (reports/read_links.py).
    via = models.CharField(max_length=4, choices=ReadVia.choices, default=ReadVia.PAGE)

    class Meta:
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
    """What the reports' outbox rows share (core/outbox.py sends them): each goes to one user,
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
                "url": settings.SITE_URL + reverse("reports:minutes", kwargs={"pk": session.pk}),
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
        verbose_name = _("minutes email")
        verbose_name_plural = _("minutes emails")
        constraints = [
            *OutboxMessage.Meta.constraints,
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
    minutes five days after their catch-up pack went out (``reports.services.
    catch_up_reminders_due``, Celery beat). At most one per version and recipient: the unique
    key (a resend is a new row that points at it)."""

    version = models.ForeignKey(
        MinutesVersion, on_delete=models.CASCADE, related_name="catch_up_reminders"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta(OutboxMessage.Meta):
        verbose_name = _("minutes reminder")
        verbose_name_plural = _("minutes reminders")
        constraints = [
            *OutboxMessage.Meta.constraints,
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
    send_related = ("owner", "session__network")

    class Meta(OutboxMessage.Meta):
        verbose_name = _("try-out check-in")
        verbose_name_plural = _("try-out check-ins")
        constraints = [
            *OutboxMessage.Meta.constraints,
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
        from reports.selectors import open_actions_of

        session = self.session
        network = session.network
        return self.mail_recipient(
            template="reports/email/checkin",
            network=network,
            context={
                "session": session,
                "actions": open_actions_of(owner=self.owner, network=network, before=session),
                "url": settings.SITE_URL + reverse("reports:my_actions"),
            },
        )


class NetworkReport(RenderedPdf):
    """The trajectory report of a network, stored per version of its input: ``fingerprint`` is
    a hash over everything the report reads (``reports.services.network_report_fingerprint``),
    so a second download of an unchanged report does not render again. Older versions go once
    a newer one is ready."""

    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, related_name="reports"
    )
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["network", "fingerprint"], name="reports_networkreport_unique"
            ),
            bounded_text("reports_networkreport", "pdf_error", 1000),
        ]

    # The fields one report's versions share: older versions go once a newer one is ready
    # (``reports.services.stored_pdf_render``).
    version_of = ("network",)

    def __str__(self) -> str:
        return f"{self.network_id} report {self.fingerprint[:8]}"


class OrganisationReport(RenderedPdf):
    """An organisation's participation report for its coordinators, stored per version of its
    input and per language (the coordinator's): ``fingerprint`` is a hash over what the report
    shows (``reports.services.organisation_report_fingerprint``). Older versions in the same
    language go once a newer one is ready."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="participation_reports"
    )
    language = models.CharField(max_length=8)
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    version_of = ("organisation", "language")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "language", "fingerprint"],
                name="reports_orgreport_unique",
            ),
            bounded_text("reports_orgreport", "pdf_error", 1000),
        ]

    def __str__(self) -> str:
        return (
            f"{self.organisation_id} participation report ({self.language}) {self.fingerprint[:8]}"
        )


class InsightCard(models.Model):
    """One insight or agreement (a paragraph or list item) of a session's latest published
    minutes, for the network's insight library. Rebuilt from the latest version whenever minutes
    are published (``reports.library.library_rebuild``); only the latest version's cards exist.

    ``search_vector`` is a PostgreSQL tsvector (Dutch or English, by the network's language),
    filled on build; its GIN index is made by the migration on PostgreSQL only. On SQLite the
    column is plain text and left empty (search falls back to ``icontains``)."""

    INSIGHT = "insight"
    AGREEMENT = "agreement"
    KIND_CHOICES = [(INSIGHT, _("insight")), (AGREEMENT, _("agreement"))]

    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, related_name="insight_cards"
    )
    session = models.ForeignKey(
        LearningSession, on_delete=models.CASCADE, related_name="insight_cards"
    )
    version = models.ForeignKey(MinutesVersion, on_delete=models.CASCADE, related_name="cards")
    kind = models.CharField(max_length=10, choices=KIND_CHOICES)
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(max_length=SECTION_MAX_LENGTH)
    goals = models.ManyToManyField("evaluations.LearningGoal", blank=True, related_name="+")
    work_forms = models.ManyToManyField(WorkForm, blank=True, related_name="+")
    # Shared with the networks of the same theme: the text without member names.
    shared = models.BooleanField(default=False)
    shared_text = models.TextField(blank=True, max_length=SECTION_MAX_LENGTH)
    search_vector = SearchVectorField(null=True, editable=False)
    shared_search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["session__starts_at", "session_id", "kind", "position"]
        constraints = [
            bounded_text("reports_insightcard", "text", SECTION_MAX_LENGTH),
            bounded_text("reports_insightcard", "shared_text", SECTION_MAX_LENGTH),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class SessionReflection(models.Model):
    """A member's own reflection on one session, in their learning portfolio. Only its author
    ever sees it (reports/portfolio.py reads it for ``user`` only); one row per member and
    session."""

    session = models.ForeignKey(LearningSession, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("my reflection"), blank=True, max_length=4000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "session"], name="reports_reflection_once"),
            bounded_text("reports_reflection", "text", 4000),
        ]

    def __str__(self) -> str:
        return f"reflection of {self.user_id} on {self.session_id}"


class ParticipationStatement(models.Model):
    """A participation statement for a member of a network that ended: the facts frozen when
    it was issued, verifiable by anyone holding the unguessable ``token`` (the public page
    ``reports:statement_verify``) until a facilitator revokes it."""

    token = models.CharField(max_length=64, unique=True, editable=False)
    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, related_name="statements"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    member_name = models.CharField(max_length=150)
    network_name = models.CharField(max_length=120)
    organisation_name = models.CharField(max_length=200, blank=True)
    facilitator_names = models.CharField(max_length=500, blank=True)
    start_date = models.DateField()
    end_date = models.DateField()
    sessions_attended = models.PositiveSmallIntegerField()
    sessions_held = models.PositiveSmallIntegerField()
    minutes_attended = models.PositiveIntegerField()
    issued_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return f"statement {self.pk} for {self.member_name}"

    def get_absolute_url(self) -> str:
        return reverse("reports:statement_verify", kwargs={"token": self.token})

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def hours(self):
        from reports.portfolio import hours_of

        return hours_of(self.minutes_attended)


class PortfolioPdf(RenderedPdf):
    """A member's learning portfolio of one network as a PDF, per language (theirs), stored per
    version of what it shows: ``fingerprint`` hashes its HTML
    (``reports.services.portfolio_pdf_request``). Only the member downloads it; account
    deletion and retention remove it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=8)
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    version_of = ("user", "network", "language")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "network", "language", "fingerprint"],
                name="reports_portfoliopdf_unique",
            ),
            bounded_text("reports_portfoliopdf", "pdf_error", 1000),
        ]

    def __str__(self) -> str:
        return f"portfolio {self.user_id}/{self.network_id} PDF ({self.language})"


class StatementPdf(RenderedPdf):
    """A participation statement's PDF, per language (the member's), rendered once in a Celery
    task (``reports.services.statement_pdf_request``): the statement's facts never change."""

    statement = models.ForeignKey(
        ParticipationStatement, on_delete=models.CASCADE, related_name="pdfs"
    )
    language = models.CharField(max_length=8)
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    version_of = ("statement", "language")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "language", "fingerprint"],
                name="reports_statementpdf_unique",
            ),
            bounded_text("reports_statementpdf", "pdf_error", 1000),
        ]

    def __str__(self) -> str:
        return f"statement {self.statement_id} PDF ({self.language})"
