"""HTTP glue for the stored reports (the trajectory report, the attendance CSV) and the
signed-in user's own data."""

import csv

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from core.audit import audit_record
from core.downloads import attachment_response, download_name
from core.stored_pdf import PdfState
from pages.networks.mixins import NetworkPermissionMixin
from reports import documents, services
from reports.audit import AuditAction
from reports.export import personal_data_zip

# Translators: file names: lowercase, hyphens, no spaces or accents.
REPORT_PDF_NAME = gettext_lazy("trajectory-report-%(network)s.pdf")
ATTENDANCE_CSV_NAME = gettext_lazy("attendance-%(network)s.csv")

# What the waiting page says, in the words of the document it waits for: a statement or a
# portfolio is no "report" (each view names its own, see StoredPdfView.texts).
REPORT_TEXTS = {
    "ready": gettext_lazy("The report is ready."),
    "download": gettext_lazy("Download the report (PDF)"),
    "failed": gettext_lazy("The report could not be made."),
    "preparing": gettext_lazy(
        "The report is being prepared. This page refreshes by itself and offers the download "
        "when the report is ready."
    ),
}


class StoredPdfView(View):
    """A report stored per version of its input (``core.stored_pdf.stored_pdf_request``): when
    the stored PDF for the current input is ready, the download; otherwise its render is
    enqueued (once) and a page says it is being prepared, refreshing until it is ready, or that
    it failed, with a button to try again (a POST: it enqueues work). Never renders in the
    request.

    Subclasses give ``request_report(retry=...)``, ``title``, ``texts`` (the page's words for
    their document), ``back_url``/``back_label``,
    ``filename()`` and ``record_download()`` (the audit entry of a real download)."""

    REFRESH_SECONDS = 3
    template_name = "reports/report_preparing.html"
    title = ""
    texts = REPORT_TEXTS

    def request_report(self, *, retry: bool):
        raise NotImplementedError

    def back_link(self) -> tuple[str, str]:
        raise NotImplementedError

    def filename(self) -> str:
        raise NotImplementedError

    def record_download(self) -> None:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        """ "Try again" after a failed render: enqueue it anew, then show the waiting page."""
        self.request_report(retry=True)
        return redirect(request.path)

    def get(self, request, *args, **kwargs):
        report = self.request_report(retry=False)
        if not report.is_pdf_ready or "waited" in request.GET:
            # After waiting (the refresh asks with ``waited``), the ready page offers the
            # download instead of starting it under a page that still says "being prepared".
            back_url, back_label = self.back_link()
            return render(
                request,
                self.template_name,
                {
                    "title": self.title,
                    "texts": self.texts,
                    "url": request.path,
                    "back_url": back_url,
                    "back_label": back_label,
                    "report": report,
                    "failed": report.pdf_state == PdfState.FAILED,
                    "refresh_seconds": self.REFRESH_SECONDS,
                },
            )
        pdf = type(report).objects.values_list("pdf", flat=True).get(pk=report.pk)
        self.record_download()
        return attachment_response(
            bytes(pdf), content_type="application/pdf", filename=self.filename()
        )


class NetworkReportPdfView(NetworkPermissionMixin, StoredPdfView):
    """The trajectory report of a network, in the network's language (``StoredPdfView``)."""

    permission_required = "networks.manage_network"
    title = gettext_lazy("Trajectory report")

    def request_report(self, *, retry: bool):
        return services.network_report_request(network=self.network, retry=retry)

    def back_link(self) -> tuple[str, str]:
        return reverse("sessions:timeline", kwargs={"pk": self.network.pk}), self.network.name

    def filename(self) -> str:
        return download_name(REPORT_PDF_NAME, network=self.network)

    def record_download(self) -> None:
        audit_record(
            actor=self.request.user, action=AuditAction.REPORT_EXPORTED, network=self.network
        )


class AttendanceCsvView(NetworkPermissionMixin, View):
    permission_required = "networks.manage_network"

    def get(self, request, *args, **kwargs):
        response = attachment_response(
            b"",
            content_type="text/csv; charset=utf-8",
            filename=download_name(ATTENDANCE_CSV_NAME, network=self.network),
        )
        csv.writer(response).writerows(documents.attendance_csv_rows(network=self.network))
        audit_record(
            actor=request.user, action=AuditAction.ATTENDANCE_EXPORTED, network=self.network
        )
        return response


class MyDataView(LoginRequiredMixin, TemplateView):
    """What "Download my data" holds, with the button. Always the signed-in user's own data:
    no id in the URL, so there is nobody else's to guess."""

    template_name = "reports/my_data.html"
    http_method_names = ["get", "head", "options"]


class MyDataDownloadView(LoginRequiredMixin, View):
    """The ZIP of the signed-in user's own data (reports/export.py). A POST, so no link
    prefetcher or cache keeps a copy."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        content, filename = personal_data_zip(user=request.user)
        audit_record(actor=request.user, action=AuditAction.DATA_EXPORTED, subject=request.user)
        response = attachment_response(content, content_type="application/zip", filename=filename)
        response["Cache-Control"] = "no-store"
        return response
