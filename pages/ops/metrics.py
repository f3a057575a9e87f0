"""/metrics: Prometheus text for the operators (docs/operations.md, "Metrics").

Two kinds of figures, chosen so several gunicorn processes give one true answer:
- per request (``leernet_http_*``, core/ops/request_metrics.py): counted in the process that
  answered; with ``PROMETHEUS_MULTIPROC_DIR`` every process's files are added up at the scrape;
- shared state (outbox, PDFs, held answers, queues): computed at scrape time from PostgreSQL and
  Redis, one query per family, and cached ``LEERNET_METRICS_CACHE_SECONDS`` in the shared cache,
  so scrapes of any process agree and cost at most four queries every few seconds.
"""

import time

import redis
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Min, Value
from django.utils import timezone
from prometheus_client import CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily

from core.ops import request_metrics
from core.outbox import OutboxState, model_label, outbox_models
from core.stored_pdf import PdfState, RenderedPdf
from evaluations.models import HeldAnswers

CACHE_KEY = "leernet:metrics:figures"
WAITING_PDF_STATES = (PdfState.PENDING, PdfState.RENDERING)
# kombu's Redis transport keeps a queue's messages of priority p > 0 under "<queue>\x06\x16<p>".
PRIORITY_SEPARATOR = "\x06\x16"
PRIORITY_STEPS = (0, 3, 6, 9)


def _union(querysets):
    first, *rest = querysets
    return first.union(*rest, all=True) if rest else first


def _outbox_rows() -> list[tuple[str, str, int]]:
    return list(
        _union(
            [
                model.objects.order_by()
                .values("state")
                .annotate(table=Value(model_label(model)), rows=Count("pk"))
                .values_list("table", "state", "rows")
                for model in outbox_models()
            ]
        )
    )


def _oldest_pending_email():
    oldest = [
        created
        for (created,) in _union(
            [
                model.objects.order_by()
                .filter(state=OutboxState.PENDING)
                .values("state")
                .annotate(oldest=Min("created_at"))
                .values_list("oldest")
                for model in outbox_models()
            ]
        )
        if created is not None
    ]
    return min(oldest) if oldest else None


def _pdf_models():
    from django.apps import apps  # noqa: PLC0415 (app registry: every model that stores a PDF)

    return [model for model in apps.get_models() if issubclass(model, RenderedPdf)]


def _pdfs_waiting() -> list[tuple[str, int]]:
    models = _pdf_models()
    waiting = dict.fromkeys((model._meta.label_lower for model in models), 0)
    rows = _union(
        [
            model.objects.order_by()
            .filter(pdf_state__in=WAITING_PDF_STATES)
            .values("pdf_state")
            .annotate(table=Value(model._meta.label_lower), waiting=Count("pk"))
            .values_list("table", "waiting")
            for model in models
        ]
    )
    for table, count in rows:
        waiting[table] += count
    return sorted(waiting.items())


def _queue_lengths() -> dict[str, int]:
    queues = sorted({settings.CELERY_TASK_DEFAULT_QUEUE, settings.CELERY_PDF_QUEUE})
    if not settings.REDIS_BROKER_URL:
        return {}
    client = redis.Redis.from_url(settings.REDIS_BROKER_URL, socket_timeout=2)
    try:
        pipe = client.pipeline(transaction=False)
        for queue in queues:
            for step in PRIORITY_STEPS:
                pipe.llen(queue if step == 0 else f"{queue}{PRIORITY_SEPARATOR}{step}")
        lengths = pipe.execute()
    finally:
        client.close()
    per_queue = len(PRIORITY_STEPS)
    return {
        queue: sum(lengths[i * per_queue : (i + 1) * per_queue]) for i, queue in enumerate(queues)
    }


def figures() -> dict:
    """The shared-state figures, from the cache when a scrape computed them moments ago."""
    cached = cache.get(CACHE_KEY)
    if cached is not None:
        return cached
    oldest = _oldest_pending_email()
    result = {
        "outbox": _outbox_rows(),
        "oldest_pending_seconds": (timezone.now() - oldest).total_seconds() if oldest else 0.0,
        "pdfs_waiting": _pdfs_waiting(),
        "held_answers": HeldAnswers.objects.count(),
        "queues": _queue_lengths(),
        "computed_at": time.time(),
    }
    cache.set(CACHE_KEY, result, settings.LEERNET_METRICS_CACHE_SECONDS)
    return result


class SharedStateCollector:
    """The figures above as Prometheus metric families."""

    def collect(self):
        data = figures()
        rows = GaugeMetricFamily(
            "leernet_outbox_rows",
            "Email rows per outbox table and state.",
            labels=["table", "state"],
        )
        for table, state, count in data["outbox"]:
            rows.add_metric([table, state], count)
        yield rows
        yield GaugeMetricFamily(
            "leernet_outbox_oldest_pending_seconds",
            "Age of the oldest email waiting to be sent (0 when none waits).",
            value=data["oldest_pending_seconds"],
        )
        pdfs = GaugeMetricFamily(
            "leernet_pdfs_waiting",
            "Stored PDFs waiting to be rendered, per table.",
            labels=["table"],
        )
        for table, waiting in data["pdfs_waiting"]:
            pdfs.add_metric([table], waiting)
        yield pdfs
        yield GaugeMetricFamily(
            "leernet_held_answers_waiting",
            "Anonymous answers held until their group of k can be released (a count only).",
            value=data["held_answers"],
        )
        queues = GaugeMetricFamily(
            "leernet_celery_queue_length", "Messages waiting in a Celery queue.", labels=["queue"]
        )
        for queue, length in data["queues"].items():
            queues.add_metric([queue], length)
        yield queues


def exposition() -> bytes:
    """The whole /metrics body."""
    if request_metrics.MULTIPROCESS:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        registry.register(_Forward(request_metrics.REGISTRY))
    registry.register(SharedStateCollector())
    return generate_latest(registry)


class _Forward:
    """Another registry's metrics inside this one."""

    def __init__(self, source):
        self.source = source

    def collect(self):
        yield from self.source.collect()
