"""The stored reports: a network's trajectory report and an organisation's participation
report, each a PDF stored per version of its input (core/stored_pdf.py)."""

from django.db import models

from core.stored_pdf import RenderedPdf
from sessions.models import bounded_text


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
    # (``core.stored_pdf.stored_pdf_render``).
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
