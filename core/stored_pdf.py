"""PDFs rendered once, in a Celery task, and stored: the abstract ``RenderedPdf`` that minutes
versions, portfolios, statements and the reports share, and the generic work on it.

A report stored per version of its input (a ``RenderedPdf`` with a ``fingerprint``, a
``created_at``, and the fields that name the report in ``version_of``) is never rendered in the
web request: the page asks for the stored row of the report's current input
(``stored_pdf_request``), which enqueues the render once; the task (``stored_pdf_render``) renders
it and older versions go."""

import datetime
import hashlib
import logging

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.tasks import enqueue_on_commit

logger = logging.getLogger(__name__)


class PdfState(models.TextChoices):
    PENDING = "pending", _("Waiting to be rendered")
    RENDERING = "rendering", _("Rendering")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")
    # Retention (reports.services.retention_apply): the network closed long ago.
    DELETED = "deleted", _("Deleted after the retention period")


class RenderedPdf(models.Model):
    """A PDF rendered once, in a Celery task, and stored: its state (claimed by a conditional
    update, see ``pdf_render_claimed``) and how often it was rendered."""

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


# The sweep (``renders_sweep``): a pending render is enqueued again after STALE_AFTER, one stuck
# in "rendering" goes back to pending after STUCK_AFTER.
STALE_AFTER = datetime.timedelta(minutes=2)
STUCK_AFTER = datetime.timedelta(minutes=15)


def pdf_render_claimed(
    queryset, pk: int, make_pdf, *, on_error: str = PdfState.PENDING, on_stored=None
) -> bool:
    """Render the PDF of the ``RenderedPdf`` row ``pk`` if nobody has: a conditional update
    claims the work, ``make_pdf(row)`` renders, the row stores it and counts the render. On an
    error the row goes to ``on_error`` with the message, and the error is raised. Returns whether
    this call rendered. ``on_stored(row)`` runs in the transaction that stores the PDF (a
    webhook event exists exactly when the PDF does)."""
    model = queryset.model
    claimed = model.objects.filter(pk=pk, pdf_state=PdfState.PENDING).update(
        pdf_state=PdfState.RENDERING, pdf_claimed_at=timezone.now()
    )
    if not claimed:
        return False
    row = queryset.defer("pdf").get(pk=pk)
    try:
        pdf = make_pdf(row)
    except Exception as error:
        model.objects.filter(pk=pk).update(pdf_state=on_error, pdf_error=str(error)[:1000])
        raise
    with transaction.atomic():
        model.objects.filter(pk=pk).update(
            pdf=pdf, pdf_state=PdfState.READY, pdf_renders=F("pdf_renders") + 1, pdf_error=""
        )
        if on_stored is not None:
            on_stored(row)
    logger.info("%s %s: PDF rendered", model._meta.label, pk)
    return True


def renders_sweep(model, *, stamp: str, task, id_kwarg: str, now) -> int:
    """Of one ``RenderedPdf`` table: renders stuck in 'rendering' for STUCK_AFTER go back to
    pending; pending renders whose ``stamp`` is older than STALE_AFTER are enqueued again."""
    model.objects.filter(pdf_state=PdfState.RENDERING, pdf_claimed_at__lt=now - STUCK_AFTER).update(
        pdf_state=PdfState.PENDING
    )
    enqueued = 0
    for pk in model.objects.filter(
        pdf_state=PdfState.PENDING, **{f"{stamp}__lt": now - STALE_AFTER}
    ).values_list("pk", flat=True):
        with transaction.atomic():
            enqueue_on_commit(task, **{id_kwarg: pk})
        enqueued += 1
    return enqueued


def input_fingerprint(parts) -> str:
    """A hash over ``parts``: strings and querysets (or other iterables) of plain values."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part if isinstance(part, str) else list(part)).encode())
        digest.update(b"|")
    return digest.hexdigest()


def stored_pdf_request(model, *, key: dict, fingerprint: str, task, retry: bool = False):
    """The stored report of ``model`` named by ``key`` (its ``version_of`` fields) for the
    input ``fingerprint``, without its PDF bytes: made and its render (``task(report_id=...)``)
    enqueued after commit, once, when there is none; a failed render is tried again with
    ``retry``. Never renders here."""
    with transaction.atomic():
        report, created = model.objects.defer("pdf").get_or_create(**key, fingerprint=fingerprint)
        if not created and retry and report.pdf_state == PdfState.FAILED:
            model.objects.filter(pk=report.pk, pdf_state=PdfState.FAILED).update(
                pdf_state=PdfState.PENDING, pdf_error=""
            )
            report.pdf_state = PdfState.PENDING
            created = True
        if created:
            enqueue_on_commit(task, report_id=report.pk)
    return report


def stored_pdf_render(queryset, report_id: int, make_pdf, *, on_stored=None) -> bool:
    """A render task's work: render the stored report ``report_id`` of ``queryset``'s model
    with ``make_pdf(report)`` if nobody has; then the older versions of the same report (equal
    ``version_of`` fields) go. A failed render is marked failed (the page offers to try again).
    Returns whether this call rendered."""
    model = queryset.model
    rendered = pdf_render_claimed(
        queryset, report_id, make_pdf, on_error=PdfState.FAILED, on_stored=on_stored
    )
    if rendered:
        fields = [
            f"{name}_id" if model._meta.get_field(name).is_relation else name
            for name in model.version_of
        ]
        report = model.objects.only(*fields, "created_at").get(pk=report_id)
        model.objects.filter(
            **{field: getattr(report, field) for field in fields},
            created_at__lte=report.created_at,
        ).exclude(pk=report_id).delete()
    return rendered
