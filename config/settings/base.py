"""Settings shared by every environment. Everything that varies is read from the environment.

Variables (all optional here; production.py makes some required):
- DATABASE_URL: default a SQLite file under var/.
- REDIS_URL: the Celery broker (its database), the cache and the sessions (the next two databases;
  REDIS_BROKER_URL, REDIS_CACHE_URL, REDIS_SESSION_URL override each). Unset: a file cache and
  tasks in-process (`make run`; production refuses, core/ops/deploy_checks.py).
- EMAIL_URL: e.g. smtp://user:pass@host:587 (or smtp+tls://). Unset: .eml files under var/mail/.
- DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DJANGO_DEBUG, SITE_URL, DEFAULT_FROM_EMAIL.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "allauth.idp.oidc",
    "rest_framework",
    "drf_spectacular",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "django_celery_beat",
    "bootstrap",
    "core",
    "accounts",
    "networks",
    "sessions.apps.LearningSessionsConfig",
    "evaluations",
    "minutes",
    "portfolio",
    "reports",
    # The page layer on top of the data apps above (views, URLs, forms, page templates).
    "pages",
    # The API layer beside it (issue 27): the same selectors, services and rules, as JSON.
    "api",
]

MIDDLEWARE = [
    # Operations (issue 25): the request id first, so every log line of the request carries it;
    # the probes (/healthz, /readyz) answer before the host check, sessions and the rest.
    "core.ops.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.ops.probes.ProbeMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.memo.MemoMiddleware",
    "accounts.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'leernet.sqlite3'}"),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: see the block "Operations (issue 25)" at the end: broker, cache and sessions apart.
REDIS_URL = env("REDIS_URL", default="")

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "networks:dashboard"

# django-allauth 65 (current setting names; see shared/REFERENCE.md).
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "pages.accounts.forms.SignupExtraForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Leernet] "
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# Addresses whose organisation requires its own sign-in get no password sign-in or reset.
ACCOUNT_FORMS = {
    "login": "pages.accounts.sso_forms.PasswordLoginForm",
    "reset_password": "pages.accounts.sso_forms.PasswordResetForm",
}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
# allauth's defaults, written out so they are visible and tunable. 5 failed logins lock that
# email for 5 minutes; a password reset or a passkey gets its owner in (docs/operations.md).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/300s/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_email": "1/m/user",
}
# How many reverse proxies stand in front (load balancer, ingress, …): the rate limits key on the
# address that many hops back in X-Forwarded-For. LEERNET_TRUSTED_PROXY_COUNT is the one
# variable (docs/operations.md); ALLAUTH_TRUSTED_PROXY_COUNT is still read for old deployments.
LEERNET_TRUSTED_PROXY_COUNT = env.int(
    "LEERNET_TRUSTED_PROXY_COUNT", default=env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
)
ALLAUTH_TRUSTED_PROXY_COUNT = LEERNET_TRUSTED_PROXY_COUNT
# Keep the session of whoever changes their password; Django's session hash still ends every
# other session of that user (tests/accounts/test_mfa.py).
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False

# Two-factor sign-in (allauth.mfa): an authenticator app (TOTP) with recovery codes, and
# passkeys / security keys (WebAuthn), also to sign in without a password. Pages under
# /accounts/2fa/, styled by templates/allauth/; WebAuthn runs allauth's own static JS.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Leernet"
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
# Sign-in through an organisation's own identity provider (issue 26): allauth's socialaccount
# with the openid_connect provider; the providers are rows of accounts.IdentityProvider, read by
# the adapter as SocialApps (accounts/sso.py). SAML (accounts/sso_saml.py) only names the provider
# class that keeps the AuthnContextClassRef for two-factor.
SOCIALACCOUNT_PROVIDERS = {"saml": {"provider_class": "accounts.sso_saml.OrganisationSAMLProvider"}}
SOCIALACCOUNT_ADAPTER = "accounts.sso_adapter.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
# An existing account is linked only when the provider's address counts as verified (trusted
# provider, the organisation's domain) and the account's own address is verified (the adapter).
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
# Seconds Leernet waits for a provider (discovery, token, keys, userinfo).
SOCIALACCOUNT_REQUESTS_TIMEOUT = env.int("LEERNET_SSO_TIMEOUT", default=5)
# A session signed in through an organisation's provider lasts hours, not weeks: someone who
# leaves their employer is out of Leernet by the end of the day.
LEERNET_SSO_SESSION_HOURS = env.int("LEERNET_SSO_SESSION_HOURS", default=8)
# Active sessions (allauth.usersessions): listed at /accounts/sessions/, the others can be ended.
USERSESSIONS_TRACK_ACTIVITY = False

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date style per language ("29 okt. 2026" / "29 Oct 2026"): config/formats/<lang>/formats.py.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_TAGS = {40: "danger"}

# Email: SMTP when EMAIL_URL is set, otherwise one .eml file per message under var/mail/.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Leernet <noreply@leernet.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 10
EMAIL_URL = env("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "core.mail.EmlFileBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"

# Celery. Without REDIS_URL tasks run in-process (they are still enqueued after commit): the broker
# URL and eagerness are set in the block "Operations (issue 25)" at the end.
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 90
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Every countdown must stay below the visibility timeout, or a task runs twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_connect_timeout": 5,
    "socket_timeout": 5,
}
# --- One beat (issue 25): django-celery-beat's database scheduler behind a lock in the broker's
# Redis, so a second beat process schedules nothing until the first is gone (core/beat.py).
CELERY_BEAT_SCHEDULER = "core.beat:SingleBeatScheduler"
LEERNET_BEAT_LOCK_SECONDS = env.int("LEERNET_BEAT_LOCK_SECONDS", default=60)
# Write an entry's last run to the database after every send (default: every 3 minutes), so a
# beat that takes over does not send again what the dead one had just sent.
CELERY_BEAT_SYNC_EVERY = 1
# --- end one beat
CELERY_TIMEZONE = TIME_ZONE

# Content-Security-Policy (django-csp 4): no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

# Leernet's own settings.
LEERNET_INVITATION_VALID_DAYS = env.int("LEERNET_INVITATION_VALID_DAYS", default=14)
# Encrypts anonymous answers while they wait to be released in groups of k (docs/privacy.md).
LEERNET_ANSWER_KEY = env("LEERNET_ANSWER_KEY", default="")
# The outbox's first retry waits this long, then twice as long each time (core/outbox.py).
LEERNET_OUTBOX_BACKOFF_SECONDS = env.float("LEERNET_OUTBOX_BACKOFF_SECONDS", default=15.0)
# Webhooks to loopback over plain http: the tests only, never production (networks/webhooks.py).
LEERNET_WEBHOOKS_ALLOW_LOOPBACK = env.bool("LEERNET_WEBHOOKS_ALLOW_LOOPBACK", default=False)
# Months after a network closes before its intake and named evaluation answers are anonymised and
# its minutes PDFs deleted (reports.services.retention_apply; docs/privacy.md). 0 or more.
LEERNET_RETENTION_MONTHS = env.int("LEERNET_RETENTION_MONTHS", default=12)
# Mounts the trivial page `make bench` measures as the framework's floor (bench/, config/urls.py).
# Only the benchmark's own server turns it on; off everywhere else.
LEERNET_BENCH_FLOOR = env.bool("LEERNET_BENCH_FLOOR", default=False)
SECRET_KEY_FALLBACKS = env.list("DJANGO_SECRET_KEY_FALLBACKS", default=[])

CELERY_BEAT_SCHEDULE = {
    "session-reminders": {"task": "sessions.tasks.send_due_reminders", "schedule": 900.0},
    "minutes-sweep": {"task": "reports.tasks.sweep_minutes_renders", "schedule": 60.0},
    "outbox-sweep": {"task": "core.tasks.sweep_outboxes", "schedule": 60.0},
    "webhook-deliveries-prune": {
        "task": "networks.tasks.prune_webhook_deliveries",
        "schedule": 86400.0,
    },
    "anonymous-answers-release": {
        "task": "evaluations.tasks.release_all_held_answers",
        "schedule": 300.0,
    },
    "health-snapshots": {"task": "networks.tasks.refresh_health_snapshots", "schedule": 3600.0},
    "evaluation-reminders": {
        "task": "evaluations.tasks.send_evaluation_reminders",
        "schedule": 900.0,
    },
    "evaluations-closed": {
        "task": "evaluations.tasks.announce_closed_evaluations",
        "schedule": 300.0,
    },
    # Three days before a session: the owners of open try-out actions (once per owner and session).
    "action-checkins": {"task": "reports.tasks.send_action_checkins", "schedule": 3600.0},
    # Monday 08:00 in CELERY_TIMEZONE (Europe/Brussels); once a week per user (networks/digest.py).
    "weekly-digest": {
        "task": "networks.tasks.send_weekly_digests",
        "schedule": crontab(minute=0, hour=8, day_of_week="mon"),
    },
    # Hourly: the one reminder of an unread catch-up pack, five days after it went out.
    "catch-up-reminders": {"task": "reports.tasks.send_catch_up_reminders", "schedule": 3600.0},
    # Daily at 03:30: networks closed longer than LEERNET_RETENTION_MONTHS (once per network).
    "retention": {
        "task": "reports.tasks.apply_retention",
        "schedule": crontab(minute=30, hour=3),
    },
}
# Task names: the minutes' and the portfolio's tasks kept the names they had in the reports app
# ("reports.tasks.…", their ``name=``), so queued tasks, the beat entries and these routes hold.
# PDF rendering on its own queue, served by a worker that recycles its processes.
CELERY_PDF_QUEUE = env("CELERY_PDF_QUEUE", default="pdf")
# Every PDF render runs on the PDF worker (its --max-tasks-per-child bounds WeasyPrint's memory).
CELERY_TASK_ROUTES = {
    f"reports.tasks.{name}": {"queue": CELERY_PDF_QUEUE}
    for name in (
        "render_minutes_pdf",
        "render_network_report",
        "render_organisation_report",
        "render_statement_pdf",
        "render_portfolio_pdf",
    )
}

# The API (issue 27; docs/api.md): /api/v1/, tokens from Leernet's own OAuth 2 / OpenID Connect
# provider (allauth.idp.oidc), the schema committed as docs/api/openapi.yaml.
LEERNET_API_RATE = env("LEERNET_API_RATE", default="600/min")
LEERNET_API_ANONYMOUS_RATE = env("LEERNET_API_ANONYMOUS_RATE", default="60/min")
# A request body larger than this is refused with a 413 before it is read (the API takes small
# JSON objects only).
LEERNET_API_MAX_BODY_BYTES = env.int("LEERNET_API_MAX_BODY_BYTES", default=16 * 1024)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.TokenHasScope"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": LEERNET_API_RATE, "anonymous": LEERNET_API_ANONYMOUS_RATE},
    "DEFAULT_PAGINATION_CLASS": "api.pagination.IdCursorPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Leernet API",
    "DESCRIPTION": "Networks, sessions, RSVPs, minutes, results and participation (docs/api.md).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {},
}
IDP_OIDC_ADAPTER = "accounts.adapter.OIDCAdapter"
# The RSA key that signs ID tokens (PEM). Required in production; the test and local settings
# make one per process.
IDP_OIDC_PRIVATE_KEY = env("IDP_OIDC_PRIVATE_KEY", default="").replace("\\n", "\n")
IDP_OIDC_ACCESS_TOKEN_EXPIRES_IN = env.int("IDP_OIDC_ACCESS_TOKEN_EXPIRES_IN", default=3600)
IDP_OIDC_ROTATE_REFRESH_TOKEN = True


# ---------------------------------------------------------------------------------------------
# Operations (issue 25, part E): Redis split, sessions, logs, metrics, errors, probes.
# Production refuses to start without what this block needs (core/ops/deploy_checks.py).
# ---------------------------------------------------------------------------------------------
from core.ops.settings import (  # noqa: E402
    ephemeral_rsa_pem,  # noqa: F401 (the test and local settings make their key with it)
    json_logging,
    redis_db_url,
    sentry_init,
)

# Broker, cache and sessions in separate Redis databases, so an eviction in the cache never drops
# queued work and a cache flush signs nobody out. Each has its own variable; unset, they follow
# REDIS_URL: the broker on its database n, the cache on n+1, the sessions on n+2.
REDIS_BROKER_URL = env("REDIS_BROKER_URL", default="") or redis_db_url(REDIS_URL, 0)
REDIS_CACHE_URL = env("REDIS_CACHE_URL", default="") or redis_db_url(REDIS_URL, 1)
REDIS_SESSION_URL = env("REDIS_SESSION_URL", default="") or redis_db_url(REDIS_URL, 2)
if REDIS_CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_CACHE_URL,
            "KEY_PREFIX": "leernet",
        },
        "sessions": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_SESSION_URL or REDIS_CACHE_URL,
            "KEY_PREFIX": "leernet",
        },
    }
    # Read from Redis, written to both Redis and PostgreSQL: a flushed or restarted Redis costs
    # one query per visitor, not their sign-in.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    SESSION_CACHE_ALIAS = "sessions"
else:
    # `make run`: a file cache is still shared by every process on the machine.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
CELERY_BROKER_URL = REDIS_BROKER_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_BROKER_URL
# cached_db keeps every session in PostgreSQL too: expired ones are deleted daily at 04:15.
CELERY_BEAT_SCHEDULE["clear-expired-sessions"] = {
    "task": "core.tasks.clear_expired_sessions",
    "schedule": crontab(minute=15, hour=4),
}
# The OAuth provider's expired tokens (issue 27), daily at 04:20 (accounts/tasks.py).
CELERY_BEAT_SCHEDULE["clear-expired-oauth-tokens"] = {
    "task": "accounts.tasks.clear_expired_tokens",
    "schedule": crontab(minute=20, hour=4),
}
# A managed database's failover closes connections: check a reused one before each request.
CONN_HEALTH_CHECKS = True

# Logs: one JSON object a line (level, logger, message, request_id) for web, worker and beat;
# LEERNET_LOG_FORMAT=text for people reading a terminal. The worker keeps this configuration.
LEERNET_LOG_FORMAT = env("LEERNET_LOG_FORMAT", default="json")
LEERNET_LOG_LEVEL = env("LEERNET_LOG_LEVEL", default="INFO")
LOGGING = json_logging(fmt=LEERNET_LOG_FORMAT, level=LEERNET_LOG_LEVEL)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# The probes: answered before the HTTPS redirect and the host check (a load balancer asks by IP).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# /readyz waits at most this long for PostgreSQL and for Redis (seconds).
LEERNET_READY_TIMEOUT = env.float("LEERNET_READY_TIMEOUT", default=2.0)
# True in production settings: refuse to start on an unsafe configuration (core/ops/deploy_checks).
LEERNET_FAIL_CLOSED = False

# /metrics (Prometheus text) is mounted only when a token is set; scrapers send it as a bearer
# token. Database and queue figures are computed at scrape time and cached this long (seconds).
LEERNET_METRICS_TOKEN = env("LEERNET_METRICS_TOKEN", default="")
LEERNET_METRICS_CACHE_SECONDS = env.int("LEERNET_METRICS_CACHE_SECONDS", default=5)

# Error reports (Sentry or a self-hosted GlitchTip) only when SENTRY_DSN is set; no personal data.
SENTRY_DSN = env("SENTRY_DSN", default="")
SENTRY_ENVIRONMENT = env("SENTRY_ENVIRONMENT", default="production")
sentry_init(SENTRY_DSN, environment=SENTRY_ENVIRONMENT)
