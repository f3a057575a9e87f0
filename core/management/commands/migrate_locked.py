"""``manage.py migrate_locked [--app-role leernet_app]``: ``migrate`` under a PostgreSQL advisory
lock, so that machines starting together (compose's migrate service, the Kubernetes Job run twice,
several containers with the same entrypoint) migrate once: the first applies the migrations, the
others wait for it and then find nothing to apply. With ``--app-role`` it also grants the app's
role its privileges (``manage.py db_roles``) under the same lock, as concurrent GRANTs on one
object can fail in PostgreSQL ("tuple concurrently updated")."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

# A fixed key of our own for pg_advisory_lock (the bytes "LEERNETM"): every Leernet process
# that migrates this database takes the same one.
MIGRATE_LOCK_KEY = 0x4C4545524E45544D


class Command(BaseCommand):
    help = (
        "Run migrate while holding a PostgreSQL advisory lock, so that concurrent starts migrate "
        "once; optionally grant the app's role its privileges under the same lock."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", default=True
        )
        parser.add_argument(
            "--app-role",
            default=None,
            help="also run `db_roles --app-role ROLE` under the lock (as the tables' owner)",
        )
        parser.add_argument(
            "--wait",
            type=float,
            default=900.0,
            help="seconds to wait for another migrate holding the lock (default 900)",
        )

    def handle(self, *args, database, interactive, app_role, wait, verbosity, **options):
        connection = connections[database]
        if connection.vendor != "postgresql":
            # The embedded SQLite database belongs to one machine: nothing to coordinate.
            self._migrate(database, interactive, app_role, verbosity)
            return
        self._lock(connection, wait)
        try:
            self._migrate(database, interactive, app_role, verbosity)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATE_LOCK_KEY])

    def _lock(self, connection, wait):
        deadline = time.monotonic() + wait
        said = False
        while True:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [MIGRATE_LOCK_KEY])
                if cursor.fetchone()[0]:
                    return
            if time.monotonic() > deadline:
                raise CommandError(f"Another migrate held the lock for more than {wait:.0f} s.")
            if not said:
                self.stdout.write("Another process is migrating this database; waiting for it.")
                said = True
            time.sleep(0.5)

    def _migrate(self, database, interactive, app_role, verbosity):
        call_command("migrate", database=database, interactive=interactive, verbosity=verbosity)
        if app_role:
            call_command("db_roles", app_role=app_role, database=database, verbosity=verbosity)
