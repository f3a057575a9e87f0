"""Production fails closed: without Redis, without an SMTP server, with tasks run inside the web
request, with a per-machine cache or a development email backend, or without the key that signs
the API's ID tokens, Leernet refuses to start.

``problems()`` lists what is wrong, each naming the variable to set. It is the deploy check
(``manage.py check --deploy``: ids ``core.E101``…) and, with ``LEERNET_FAIL_CLOSED`` (production
settings), the start-up refusal of the web (config/wsgi.py), the worker and beat
(config/celery_app.py): ``refuse_to_start`` raises ImproperlyConfigured with every message."""

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

LOCAL_CACHES = {
    "django.core.cache.backends.filebased.FileBasedCache",
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}
DEVELOPMENT_EMAIL_BACKENDS = {
    "core.mail.EmlFileBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


def problems() -> list[tuple[str, str]]:
    """(check id, message) for everything production must not run with."""
    found = []
    if not (settings.REDIS_BROKER_URL and settings.REDIS_CACHE_URL and settings.REDIS_SESSION_URL):
        found.append(
            (
                "core.E101",
                "REDIS_URL is not set: production needs Redis for the Celery broker, the shared "
                "cache (rate limits) and the sessions. Set REDIS_URL (or REDIS_BROKER_URL, "
                "REDIS_CACHE_URL and REDIS_SESSION_URL).",
            )
        )
    if not settings.EMAIL_URL:
        found.append(
            (
                "core.E102",
                "EMAIL_URL is not set: without it emails would be written as files on this "
                "machine's disk and marked sent. Set EMAIL_URL=smtp://user:pass@host:587.",
            )
        )
    if settings.CELERY_TASK_ALWAYS_EAGER:
        found.append(
            (
                "core.E103",
                "Celery runs tasks eagerly inside the web request (CELERY_TASK_ALWAYS_EAGER): "
                "set REDIS_URL (or REDIS_BROKER_URL) so a worker runs them.",
            )
        )
    for alias, cache in settings.CACHES.items():
        if cache["BACKEND"] in LOCAL_CACHES:
            found.append(
                (
                    "core.E104",
                    f"The cache {alias!r} is per machine ({cache['BACKEND']}): rate limits, "
                    "double-submit guards and sessions must be shared. Set REDIS_URL (or "
                    "REDIS_CACHE_URL).",
                )
            )
    if settings.EMAIL_BACKEND in DEVELOPMENT_EMAIL_BACKENDS:
        found.append(
            (
                "core.E105",
                f"The email backend {settings.EMAIL_BACKEND} is for development: nothing would "
                "reach anyone. Set EMAIL_URL=smtp://user:pass@host:587.",
            )
        )
    found.extend(_signing_key_problems())
    return found


def _signing_key_problems() -> list[tuple[str, str]]:
    """The API's OAuth provider signs ID tokens with IDP_OIDC_PRIVATE_KEY: without a readable RSA
    key every token request would fail (a server error) long after the start."""
    pem = settings.IDP_OIDC_PRIVATE_KEY
    try:
        key = serialization.load_pem_private_key(pem.encode(), password=None) if pem else None
    except (ValueError, TypeError):
        key = None
    if isinstance(key, rsa.RSAPrivateKey):
        return []
    return [
        (
            "core.E106",
            "IDP_OIDC_PRIVATE_KEY is not set or is not an unencrypted RSA private key in PEM: "
            "the API's OAuth provider signs its ID tokens with it. Set IDP_OIDC_PRIVATE_KEY to "
            "the output of `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048` "
            "(\\n for newlines) and keep it.",
        )
    ]


def check_production_services(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """The deploy check (registered with ``deploy=True`` by CoreConfig.ready())."""
    return [checks.Error(message, id=check_id) for check_id, message in problems()]


def refuse_to_start() -> None:
    """Raise when production settings (LEERNET_FAIL_CLOSED) meet an unsafe configuration."""
    if not getattr(settings, "LEERNET_FAIL_CLOSED", False):
        return
    found = problems()
    if found:
        lines = "\n".join(f"- {message} ({check_id})" for check_id, message in found)
        raise ImproperlyConfigured(f"Leernet refuses to start in production:\n{lines}")


def refuse_to_start_process(**kwargs) -> None:
    """The worker's and beat's start (Celery signals ``worker_init``, ``beat_init``): Celery logs
    and swallows an exception from a signal handler, so this exits instead."""
    try:
        refuse_to_start()
    except ImproperlyConfigured as error:
        raise SystemExit(str(error)) from error
