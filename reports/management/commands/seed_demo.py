"""Build a realistic Flemish demo through the services (reports/demo/). Running it again changes
nothing."""

import contextlib
import logging

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import translation

from reports.demo import demo_seed
from reports.demo.data import demo
from reports.demo.people import email_for

# Seeding runs tasks in-process: their loggers are kept quiet.
QUIET_LOGGERS = (
    "celery",
    "kombu",
    "core",
    "accounts",
    "networks",
    "sessions",
    "evaluations",
    "minutes",
    "portfolio",
    "reports",
)


@contextlib.contextmanager
def _quiet():
    """Seeding runs tasks in-process: keep their log lines (task succeeded, mail sent to an
    address nobody reads, the in-memory broker's hostname) out of what a newcomer reads."""
    loggers = [logging.getLogger(name) for name in QUIET_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class Command(BaseCommand):
    help = "Create demo users and two learning networks (idempotent) and print the logins."

    def handle(self, *args, **options):
        # Demo data sends no email: nobody behind these addresses.
        with (
            _quiet(),
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
            transaction.atomic(),
            translation.override("nl"),
        ):
            demo_seed()
        self._print_logins()

    def _print_logins(self):
        data = demo()
        self.stdout.write(
            self.style.SUCCESS(f"Demo logins (password for all: {data['password']}):")
        )
        for email, name, organisation, _function in data["facilitators"]:
            self.stdout.write(f"  facilitator  {email:<40} {name} ({organisation})")
        for index, what in data["logins"]:
            name, organisation, _function = data["members"][index]
            self.stdout.write(
                f"  member       {email_for(name):<40} {name} ({organisation}): {what}"
            )
        self.stdout.write("  ... and every other member as firstname.lastname@leernet.demo")
        self.stdout.write("Demo data sends no email.")
