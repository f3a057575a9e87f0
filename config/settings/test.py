"""Settings for the test suite. DATABASE_URL and REDIS_URL select PostgreSQL and Redis (CI does)."""

from .base import *  # noqa: F403
from .base import REDIS_URL

DEBUG = False
SECRET_KEY = "test-only-secret-key-with-enough-length-and-variety-0123456789"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests run tasks in-process unless a test starts a real worker (tests/integration).
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
if not REDIS_URL:
    # Without Redis the tests still run the production set-up's shape: sessions in the cache and a
    # cache that costs no query, so page query budgets (bench/budgets.py) hold on a fresh machine
    # as they do on the real stack. One process's memory is enough: the live-server and browser
    # tests serve from a thread of the test process.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test"}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
for _cache in CACHES.values():  # noqa: F405
    _cache["KEY_PREFIX"] = "leernet-test"
# Serve static files straight from the finders: tests never run collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
IDP_OIDC_PRIVATE_KEY = ephemeral_rsa_pem()  # noqa: F405
# Webhook receivers in the tests listen on loopback over plain http (networks/webhooks.py).
LEERNET_WEBHOOKS_ALLOW_LOOPBACK = True
