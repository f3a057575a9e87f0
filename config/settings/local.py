"""The embedded default for `make run`: SQLite, tasks in-process, email as files under var/mail/."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env(
    "DJANGO_SECRET_KEY", default="insecure-local-development-key-never-use-in-production"
)
