"""``manage.py db_roles [--app-role leernet_app]``: run as the owner of the tables after
``migrate``; gives the app's role its privileges and no more (``core.db_roles``)."""

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from core.db_roles import grant_app_role


class Command(BaseCommand):
    help = (
        "Grant the app's database role (which owns nothing) its privileges: read and write the "
        "app's tables, only SELECT and INSERT on the audit log. Run as the owner after migrate."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--app-role",
            default=os.environ.get("DATABASE_APP_ROLE", "leernet_app"),
            help="the role the app connects as (default: $DATABASE_APP_ROLE or leernet_app)",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, app_role, database, **options):
        try:
            statements = grant_app_role(role=app_role, using=database)
        except (ValueError, DatabaseError) as error:
            raise CommandError(str(error)) from error
        for statement in statements:
            self.stdout.write(statement)
        self.stdout.write(self.style.SUCCESS(f"Privileges of {app_role} set."))
