"""The embedded default for `make run`: SQLite, tasks in-process, email as files under var/mail/."""

from .base import *  # noqa: F403
from .base import env, json_logging

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env(
    "DJANGO_SECRET_KEY", default="insecure-local-development-key-never-use-in-production"
)
# ID tokens need a signing key; without one in the environment, one per process (tokens signed
# by a previous run no longer verify, which is fine for a developer's machine).
IDP_OIDC_PRIVATE_KEY = IDP_OIDC_PRIVATE_KEY or ephemeral_rsa_pem()  # noqa: F405

# Readable lines in a terminal; LEERNET_LOG_FORMAT=json gives production's JSON lines.
LEERNET_LOG_FORMAT = env("LEERNET_LOG_FORMAT", default="text")
LOGGING = json_logging(fmt=LEERNET_LOG_FORMAT, level=env("LEERNET_LOG_LEVEL", default="INFO"))
