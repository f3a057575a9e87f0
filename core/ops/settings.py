"""Helpers the settings call at import time: no Django model may be imported here."""

import logging
import re
from urllib.parse import urlsplit, urlunsplit

# Error reports never carry an email address (sentry_before_send).
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
SCRUBBED = "[address removed]"
# What Celery's trace lines would carry of a task's data (arguments and return value).
TASK_DATA = ("args", "kwargs", "return_value")
NOT_LOGGED = "[not logged]"


def redis_db_url(url: str, offset: int) -> str:
    """``url`` pointing at its database number plus ``offset`` (``redis://h:6379/6``, 2 →
    ``redis://h:6379/8``); "" for "". A URL without a number counts as database 0."""
    if not url:
        return ""
    parts = urlsplit(url)
    path = parts.path.strip("/")
    number = int(path) if path.isdigit() else 0
    return urlunsplit(parts._replace(path=f"/{number + offset}"))


def json_logging(*, fmt: str = "json", level: str = "INFO") -> dict:
    """The LOGGING dict: every line to stderr with its request id (core/ops/request_id.py); one
    JSON object per line (python-json-logger) unless ``fmt`` is "text"."""
    formatters = {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "{asctime}{levelname}{name}{message}{request_id}",
            "style": "{",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {
            "format": "{asctime} {levelname} {name} [{request_id}] {message}",
            "style": "{",
        },
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "core.ops.request_id.RequestIdFilter"},
            "personal_data": {"()": "core.ops.settings.PersonalDataFilter"},
        },
        "formatters": {"line": formatters["text" if fmt == "text" else "json"]},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "line",
                "filters": ["request_id", "personal_data"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
        },
    }


class PersonalDataFilter(logging.Filter):
    """No task's data and no email address in a log line, whoever logs it.

    Celery's trace lines ("Task … received", "succeeded in …s: <return value>", "raised …")
    pass the task's arguments, keyword arguments and return value along with the record (as its
    ``args`` and, for custom handlers, as ``data``, which a JSON formatter would write out whole).
    Those are dropped here, for every task, whatever a future task takes. Then any email address
    left in the message or an exception's text (an SMTP refusal names its recipients) is
    replaced by ``[address removed]``."""

    def filter(self, record):
        if isinstance(getattr(record, "data", None), dict):
            del record.data
        if isinstance(record.args, dict) and any(key in record.args for key in TASK_DATA):
            record.args = {
                key: NOT_LOGGED if key in TASK_DATA else value for key, value in record.args.items()
            }
        try:
            message = record.getMessage()
        except (TypeError, ValueError, KeyError):  # a broken call: the formatter reports it
            return True
        if EMAIL.search(message):
            record.msg, record.args = EMAIL.sub(SCRUBBED, message), None
        if record.exc_info:
            text = logging.Formatter().formatException(record.exc_info)
            if EMAIL.search(text):
                record.exc_info, record.exc_text = None, EMAIL.sub(SCRUBBED, text)
        return True


def ephemeral_rsa_pem() -> str:
    """A fresh RSA key in PEM, for the test and local settings and the bench (ID tokens of one
    process only); production reads IDP_OIDC_PRIVATE_KEY (core.E106)."""
    from cryptography.hazmat.primitives import serialization  # noqa: PLC0415 (lazy)
    from cryptography.hazmat.primitives.asymmetric import rsa  # noqa: PLC0415 (lazy)

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def _scrub(value):
    if isinstance(value, str):
        return EMAIL.sub(SCRUBBED, value)
    if isinstance(value, dict):
        return {key: _scrub(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(item) for item in value]
    return value


def sentry_before_send(event, hint):
    """Drop what could hold personal data: the request's body, cookies and headers other than the
    request id and user agent; the user; then every email address anywhere in the event."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string", "env"):
            request.pop(key, None)
        headers = request.get("headers") or {}
        request["headers"] = {
            name: value
            for name, value in headers.items()
            if name.lower() in {"x-request-id", "user-agent", "content-type"}
        }
    event.pop("user", None)
    return _scrub(event)


def sentry_init(dsn: str, *, environment: str = "production") -> bool:
    """Start sentry-sdk when a DSN is set (Sentry or a self-hosted GlitchTip); True if it did."""
    if not dsn:
        return False
    import sentry_sdk  # noqa: PLC0415 (lazy: only with a DSN)
    from sentry_sdk.integrations.celery import CeleryIntegration  # noqa: PLC0415 (lazy)
    from sentry_sdk.integrations.django import DjangoIntegration  # noqa: PLC0415 (lazy)

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        before_send=sentry_before_send,
        before_send_transaction=sentry_before_send,
        traces_sample_rate=0.0,
        integrations=[DjangoIntegration(), CeleryIntegration()],
    )
    return True
