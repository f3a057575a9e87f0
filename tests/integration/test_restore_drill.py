"""The restore drill of docs/operations.md ("Backups"), run: pg_dump of a seeded database (the
demo), restored into an empty database owned by an owner role as deploy/sql/roles.sql makes
it, `migrate --check` finds nothing to apply, every table holds as many rows as before, and the
audit log's trigger came back with the data."""

import shutil
import subprocess
import sys
import uuid

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection

from tests.integration.processes import pg_connect, stack_env
from tests.stack_fixtures import ROOT

pytestmark = [pytest.mark.integration, pytest.mark.postgres]


def _row_counts(dbname):
    conn = pg_connect(dbname)
    try:
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
            tables = [name for (name,) in cursor.fetchall()]
            counts = {}
            for table in tables:
                cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - names from pg_tables
                counts[table] = cursor.fetchone()[0]
            return counts
    finally:
        conn.close()


@pytest.fixture
def restore_target(require_postgres, transactional_db):
    """An empty database owned by a role of its own, as roles.sql makes leernet_owner."""
    suffix = uuid.uuid4().hex[:6]
    name, owner = f"{connection.settings_dict['NAME']}_restore_{suffix}", f"drill_owner_{suffix}"
    admin = pg_connect("postgres")
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{owner}" NOLOGIN NOSUPERUSER')
        cursor.execute(f'CREATE DATABASE "{name}" OWNER "{owner}"')
    try:
        yield name, owner
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'DROP ROLE IF EXISTS "{owner}"')
        admin.close()


def test_dump_of_the_seeded_demo_restores_with_every_row(restore_target, tmp_path):
    target, owner = restore_target
    call_command("seed_demo", verbosity=0)
    db = connection.settings_dict
    server = ["-h", db["HOST"], "-p", str(db["PORT"]), "-U", db["USER"]]
    dump = tmp_path / "leernet.dump"

    subprocess.run(  # noqa: S603 - the PostgreSQL client tools
        [shutil.which("pg_dump"), *server, "--format=custom", f"--file={dump}", db["NAME"]],
        check=True,
    )
    subprocess.run(  # noqa: S603 - the PostgreSQL client tools
        [
            shutil.which("pg_restore"),
            *server,
            "--no-owner",
            "--no-privileges",
            f"--role={owner}",
            "--exit-on-error",
            f"--dbname={target}",
            str(dump),
        ],
        check=True,
    )
    check = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "migrate", "--check", "--plan"],
        cwd=ROOT,
        env=stack_env(DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{target}"),
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert check.returncode == 0, check.stdout + check.stderr
    before, after = _row_counts(db["NAME"]), _row_counts(target)
    assert after == before
    assert before["accounts_user"] >= 10  # the demo, not an empty schema
    assert before["core_auditevent"] > 0
    restored = pg_connect(target)
    try:
        with restored.cursor() as cursor:
            cursor.execute("SELECT tableowner FROM pg_tables WHERE tablename = 'core_auditevent'")
            assert cursor.fetchone() == (owner,)
            cursor.execute(f'SET ROLE "{owner}"')
            with pytest.raises(psycopg2.Error, match="append-only"):
                cursor.execute("TRUNCATE core_auditevent")
    finally:
        restored.close()
