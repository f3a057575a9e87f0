"""One id per request, in every log line it causes and in the Celery tasks it enqueues.

- ``RequestIdMiddleware`` (first in MIDDLEWARE) takes the incoming ``X-Request-ID`` when it is
  safe (1–64 of ``A-Z a-z 0-9 - _ . :``), otherwise makes one (a hostile id, too long, with a
  newline or non-ASCII, is replaced and never logged), returns it in the response header and
  logs one line per request (view name, status, duration; never the path, which can hold a
  token) and counts it for /metrics. The probes and /metrics log at DEBUG only.
- ``RequestIdFilter`` puts ``request_id`` on every log record (settings.LOGGING).
- Celery: ``before_task_publish`` adds the current id as the message header ``leernet_request_id``;
  ``task_prerun`` makes it (or a new one, for beat's tasks) current in the worker until
  ``task_postrun``.
"""

import contextvars
import logging
import re
import time
import uuid

from celery.signals import before_task_publish, task_postrun, task_prerun

from core.ops import request_metrics

HEADER = "X-Request-ID"
TASK_HEADER = "leernet_request_id"
SAFE = re.compile(r"[A-Za-z0-9._:-]{1,64}")
PROBE_PATHS = frozenset({"/healthz", "/readyz"})
# Answered before the host check (core/ops/probes.py) and logged at DEBUG only.
OPS_PATHS = PROBE_PATHS | {"/metrics"}

_current: contextvars.ContextVar[str] = contextvars.ContextVar("leernet_request_id", default="")
logger = logging.getLogger("leernet.request")


def current() -> str:
    return _current.get()


def new_id() -> str:
    return uuid.uuid4().hex


def accepted(incoming: str | None) -> str:
    """The incoming id if it is safe, otherwise a new one."""
    if incoming and SAFE.fullmatch(incoming):
        return incoming
    return new_id()


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        if not getattr(record, "request_id", ""):
            record.request_id = _current.get() or "-"
        return True


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = accepted(request.META.get("HTTP_X_REQUEST_ID"))
        request.request_id = request_id
        token = _current.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            self._log(request, response.status_code, started)
            return response
        finally:
            _current.reset(token)

    @staticmethod
    def _log(request, status, started):
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match else "-"
        method = request.method if request.method in KNOWN_METHODS else "OTHER"
        seconds = time.monotonic() - started
        request_metrics.observe(view=view, method=method, status=status, seconds=seconds)
        level = logging.DEBUG if request.path_info in OPS_PATHS else logging.INFO
        logger.log(level, "%s %s %s %.1f ms", method, view, status, seconds * 1000)


KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


@before_task_publish.connect(weak=False)
def _carry_request_id(headers=None, **kwargs):
    request_id = _current.get()
    if request_id and headers is not None:
        headers[TASK_HEADER] = request_id


_task_tokens: dict[str, contextvars.Token] = {}


@task_prerun.connect(weak=False)
def _enter_task(task_id=None, task=None, **kwargs):
    carried = getattr(task.request, TASK_HEADER, None) if task is not None else None
    request_id = carried if carried and SAFE.fullmatch(str(carried)) else (current() or new_id())
    _task_tokens[task_id] = _current.set(request_id)


@task_postrun.connect(weak=False)
def _leave_task(task_id=None, **kwargs):
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        try:
            _current.reset(token)
        except ValueError:  # set in another context (a thread pool): just clear it
            _current.set("")
