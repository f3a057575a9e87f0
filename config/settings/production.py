"""Production: every secret from the environment, HTTPS only.

Required: DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL, REDIS_URL, EMAIL_URL, SITE_URL
(without REDIS_URL or EMAIL_URL the processes refuse to start: core/ops/deploy_checks.py).
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
# Behind one reverse proxy by default (docs/operations.md, "Proxies and rate limits").
LEERNET_TRUSTED_PROXY_COUNT = env.int(
    "LEERNET_TRUSTED_PROXY_COUNT", default=env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=1)
)
ALLAUTH_TRUSTED_PROXY_COUNT = LEERNET_TRUSTED_PROXY_COUNT

# ---- Operations (issue 25, part E) ----
# Fail closed: the web, the worker and beat refuse to start without Redis and SMTP, with eager
# tasks, a per-machine cache or a development mail backend (core/ops/deploy_checks.py); the
# same list is the deploy check core.E101-E105.
LEERNET_FAIL_CLOSED = True
# /metrics is scraped inside the cluster, often by IP and over plain HTTP like the probes.
SECURE_REDIRECT_EXEMPT = [*SECURE_REDIRECT_EXEMPT, r"^metrics$"]  # noqa: F405

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Webhooks never go to loopback or over plain http in production (networks/webhooks.py).
LEERNET_WEBHOOKS_ALLOW_LOOPBACK = False
