"""Two machines starting together migrate once: two `manage.py migrate_locked` processes on an
empty database both succeed, one applies every migration and the other, having waited for the
advisory lock, finds nothing left (core/management/commands/migrate_locked.py)."""

import subprocess
import sys
import uuid

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from tests.integration.processes import pg_connect, stack_env
from tests.stack_fixtures import ROOT

pytestmark = [pytest.mark.integration, pytest.mark.postgres]


@pytest.fixture
def empty_database(require_postgres, db):
    name = f"{connection.settings_dict['NAME']}_mig_{uuid.uuid4().hex[:6]}"
    admin = pg_connect("postgres")
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_two_concurrent_locked_migrates_apply_each_migration_once(empty_database):
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{empty_database}"
    env = stack_env(DATABASE_URL=url)
    command = [sys.executable, "manage.py", "migrate_locked", "--noinput"]
    processes = [
        subprocess.Popen(  # noqa: S603 - our own manage.py
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=600)[0] for process in processes]

    assert [process.returncode for process in processes] == [0, 0], outputs
    applied_by = [output.count("Applying ") for output in outputs]
    on_disk = len(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    assert sorted(applied_by) == [0, on_disk]
    waited = outputs[applied_by.index(0)]
    assert "Another process is migrating this database; waiting for it." in waited
    assert "No migrations to apply." in waited
    check = pg_connect(empty_database)
    try:
        with check.cursor() as cursor:
            cursor.execute("SELECT count(*), count(DISTINCT (app, name)) FROM django_migrations")
            assert cursor.fetchone() == (on_disk, on_disk)
    finally:
        check.close()
