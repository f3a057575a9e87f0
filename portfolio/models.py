"""The personal learning portfolio (reflections, its PDF), participation statements (and their
PDFs) and the insight library's cards. The tables kept the names they had in the reports app
(``db_table``; migrations/0001_initial.py)."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.stored_pdf import RenderedPdf
from minutes.models import SECTION_MAX_LENGTH, MinutesVersion
from portfolio import links
from sessions.models import LearningSession, WorkForm, bounded_text


class InsightCard(models.Model):
    """One insight or agreement (a paragraph or list item) of a session's latest published
    minutes, for the network's insight library. Rebuilt from the latest version whenever minutes
    are published (``portfolio.library_services.library_rebuild``); only the latest version's
    cards exist.

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
        db_table = "reports_insightcard"
        ordering = ["session__starts_at", "session_id", "kind", "position"]
        constraints = [
            bounded_text("reports_insightcard", "text", SECTION_MAX_LENGTH),
            bounded_text("reports_insightcard", "shared_text", SECTION_MAX_LENGTH),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class SessionReflection(models.Model):
    """A member's own reflection on one session, in their learning portfolio. Only its author
    ever sees it (portfolio/selectors.py reads it for ``user`` only); one row per member and
    session."""

    session = models.ForeignKey(LearningSession, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("my reflection"), blank=True, max_length=4000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "reports_sessionreflection"
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
        db_table = "reports_participationstatement"
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return f"statement {self.pk} for {self.member_name}"

    def get_absolute_url(self) -> str:
        return links.statement_verify_path(token=self.token)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def hours(self):
        from portfolio.selectors import hours_of  # noqa: PLC0415 (cycle: portfolio.selectors)

        return hours_of(self.minutes_attended)


class PortfolioPdf(RenderedPdf):
    """A member's learning portfolio of one network as a PDF, per language (theirs), stored per
    version of what it shows: ``fingerprint`` hashes its HTML
    (``portfolio.services.portfolio_pdf_request``). Only the member downloads it; account
    deletion and retention remove it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=8)
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    version_of = ("user", "network", "language")

    class Meta:
        db_table = "reports_portfoliopdf"
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
    task (``portfolio.services.statement_pdf_request``): the statement's facts never change."""

    statement = models.ForeignKey(
        ParticipationStatement, on_delete=models.CASCADE, related_name="pdfs"
    )
    language = models.CharField(max_length=8)
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    version_of = ("statement", "language")

    class Meta:
        db_table = "reports_statementpdf"
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "language", "fingerprint"],
                name="reports_statementpdf_unique",
            ),
            bounded_text("reports_statementpdf", "pdf_error", 1000),
        ]

    def __str__(self) -> str:
        return f"statement {self.statement_id} PDF ({self.language})"
