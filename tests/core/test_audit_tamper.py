"""Nobody rewrites the audit log from the app (issue 22, item 2).

Two layers, each tested on its own:
- the app's role owns nothing (``core.db_roles.grant_app_role``): connected as that role, every
  tamper is refused by PostgreSQL's privileges or ownership rules;
- the trigger (migration ``core/0007``) refuses what the privileges would let through, for the
  table's owner too: any UPDATE but the erasure's, DELETE, TRUNCATE.
And the one legitimate change, erasure, goes through as the app role.

The test database belongs to the user the suite connects as (a superuser in CI), so the tests
make a role ``leernet_app_test``, give it the app's privileges with the same routine the deploy
runs, and open a second connection as it. Rows are committed (transactional tests) so that
connection sees them.
"""

import psycopg2
import pytest
from django.db import DatabaseError, connection, models, transaction

from accounts.audit import AuditAction as AccountAction
from accounts.services import user_delete_account
from core.audit import audit_record
from core.db_roles import AUDIT_UPDATABLE_COLUMNS, grant_app_role
from core.erasure import ERASED_NAME
from core.models import AuditEvent
from evaluations.audit import AuditAction as EvaluationAction
from networks.audit import AuditAction as NetworkAction
from tests.factories import PASSWORD, NetworkFactory, UserFactory

# Transactional: the second connection sees only committed rows. The ORM-only tests say otherwise.
pytestmark = pytest.mark.django_db(transaction=True)

APP_ROLE = "leernet_app_test"
APP_PASSWORD = "leernet-app-test"  # noqa: S105 - a throwaway role of the test server

REFUSED_BY_TRIGGER = "the audit log is append-only"
# What PostgreSQL says when a privilege or the ownership is missing (SQLSTATE 42501).
NO_PRIVILEGE = "permission denied for table core_auditevent"
NOT_OWNER = "must be owner of"

OTHER_COLUMNS = sorted(
    field.column
    for field in AuditEvent._meta.concrete_fields
    if field.column not in AUDIT_UPDATABLE_COLUMNS
)


@pytest.fixture
def app_role(require_postgres):
    """The role exists (cluster-wide, made once) and has exactly the app's privileges here."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            DO $$ BEGIN
                CREATE ROLE {APP_ROLE} LOGIN PASSWORD '{APP_PASSWORD}';
            EXCEPTION WHEN duplicate_object THEN NULL;
            END $$;
            ALTER ROLE {APP_ROLE} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS
                PASSWORD '{APP_PASSWORD}';
            """
        )
    grant_app_role(role=APP_ROLE)
    return APP_ROLE


@pytest.fixture
def as_app(app_role):
    """A second connection to the test database, as the app's role, each statement committed."""
    params = {**connection.get_connection_params(), "user": app_role, "password": APP_PASSWORD}
    conn = psycopg2.connect(**params)
    conn.autocommit = True
    yield conn
    conn.close()


@pytest.fixture
def event(db):
    fien = UserFactory(full_name="Fien Facilitator")
    mona = UserFactory(full_name="Mona Member")
    network = NetworkFactory(created_by=fien)
    return audit_record(
        actor=fien, action=NetworkAction.MEMBER_REMOVED, network=network, subject=mona, detail="m"
    )


def _attempt(conn, sql, params=None):
    """Run ``sql`` on ``conn``; return PostgreSQL's error message, or "" if it went through."""
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql, params)
    except psycopg2.Error as error:
        return error.pgerror or str(error)
    return ""


def _unchanged(event):
    now = AuditEvent.objects.get(pk=event.pk)
    return [getattr(now, field.attname) for field in AuditEvent._meta.concrete_fields] == [
        getattr(event, field.attname) for field in AuditEvent._meta.concrete_fields
    ]


# As the app's role: privileges and ownership say no -----------------------------------------


def test_app_role_cannot_update_any_column_but_the_names(as_app, event):
    errors = {
        column: _attempt(
            as_app,
            f"UPDATE core_auditevent SET {column} = NULL WHERE id = %s",  # noqa: S608 - model columns
            [event.pk],
        )
        for column in OTHER_COLUMNS
    }

    assert {column: NO_PRIVILEGE in error for column, error in errors.items()} == dict.fromkeys(
        OTHER_COLUMNS, True
    )
    assert "network_id" in errors  # the link to the network among them
    assert _unchanged(event)


def test_app_role_cannot_set_a_name_to_any_text_nor_the_marker_for_someone_not_erased(
    as_app, event
):
    errors = {
        (column, text): _attempt(
            as_app,
            f"UPDATE core_auditevent SET {column} = %s WHERE id = %s",  # noqa: S608 - model columns
            [text, event.pk],
        )
        for column in AUDIT_UPDATABLE_COLUMNS
        for text in ["Someone Else", "", ERASED_NAME]
    }

    assert {key: REFUSED_BY_TRIGGER in error for key, error in errors.items()} == dict.fromkeys(
        errors, True
    )
    assert _unchanged(event)


TAMPERS = {
    "DELETE FROM core_auditevent": NO_PRIVILEGE,
    "TRUNCATE core_auditevent": NO_PRIVILEGE,
    "TRUNCATE accounts_user CASCADE": "permission denied for table accounts_user",
    "ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_append_only": NOT_OWNER,
    "ALTER TABLE core_auditevent DISABLE TRIGGER ALL": NOT_OWNER,
    "DROP TRIGGER core_auditevent_append_only ON core_auditevent": NOT_OWNER,
    "DROP TRIGGER core_auditevent_no_truncate ON core_auditevent": NOT_OWNER,
    "DROP TABLE core_auditevent": NOT_OWNER,
    "ALTER TABLE core_auditevent OWNER TO CURRENT_USER": NOT_OWNER,
    "CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger"
    " AS $$ BEGIN RETURN NEW; END $$ LANGUAGE plpgsql": "permission denied for schema public",
    "CREATE TABLE core_shadow (id int)": "permission denied for schema public",
    "SET ROLE postgres": "permission denied to set role",
}


def test_app_role_cannot_delete_truncate_or_touch_the_triggers(as_app, event):
    errors = {sql: _attempt(as_app, sql) for sql in TAMPERS}

    assert {sql: TAMPERS[sql] in error for sql, error in errors.items()} == dict.fromkeys(
        TAMPERS, True
    ), errors
    assert _unchanged(event)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'core_auditevent'::regclass"
            " AND NOT tgisinternal ORDER BY tgname"
        )
        assert cursor.fetchall() == [
            ("core_auditevent_append_only", "O"),
            ("core_auditevent_no_truncate", "O"),
        ]


def test_app_role_owns_nothing_and_has_no_truncate_or_trigger_right(as_app, app_role):
    with as_app.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) = current_user"
        )
        owned = cursor.fetchone()[0]
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public' AND c.relkind = 'r' AND ("
            " has_table_privilege(current_user, c.oid, 'TRUNCATE')"
            " OR has_table_privilege(current_user, c.oid, 'TRIGGER')"
            " OR has_table_privilege(current_user, c.oid, 'REFERENCES'))"
        )
        too_much = cursor.fetchall()
        cursor.execute(
            "SELECT has_table_privilege(current_user, 'core_auditevent', 'SELECT'),"
            " has_table_privilege(current_user, 'core_auditevent', 'INSERT'),"
            " has_table_privilege(current_user, 'core_auditevent', 'UPDATE'),"
            " has_table_privilege(current_user, 'core_auditevent', 'DELETE'),"
            " has_table_privilege(current_user, 'networks_network', 'DELETE'),"
            " has_column_privilege(current_user, 'core_auditevent', 'actor_label', 'UPDATE'),"
            " has_column_privilege(current_user, 'core_auditevent', 'network_id', 'UPDATE')"
        )
        audit = cursor.fetchone()

    assert owned == 0
    assert too_much == []
    assert audit == (True, True, False, False, True, True, False)


def test_granting_twice_gives_the_same_privileges_and_takes_back_extra_ones(app_role):
    with connection.cursor() as cursor:
        cursor.execute(f"GRANT ALL ON core_auditevent, accounts_user TO {app_role}")

    grant_app_role(role=app_role)
    grant_app_role(role=app_role)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT privilege_type FROM information_schema.role_table_grants"
            " WHERE grantee = %s AND table_name IN ('core_auditevent', 'accounts_user')"
            " ORDER BY table_name, privilege_type",
            [app_role],
        )
        assert [row[0] for row in cursor.fetchall()] == [
            "DELETE",
            "INSERT",
            "SELECT",
            "UPDATE",  # accounts_user
            "INSERT",
            "SELECT",  # core_auditevent
        ]


def test_app_role_reads_and_adds_events(as_app, event):
    with as_app.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM core_auditevent")
        before = cursor.fetchone()[0]
        cursor.execute(
            "INSERT INTO core_auditevent (created_at, action, actor_label, subject_label, detail)"
            " VALUES (now(), 'vote_opened', '', '', '') RETURNING id"
        )
        added = cursor.fetchone()[0]

    assert before == 1
    assert AuditEvent.objects.get(pk=added).action == EvaluationAction.VOTE_OPENED


# The trigger: refuses what privileges would allow, whoever asks ------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("column", OTHER_COLUMNS)
def test_the_trigger_refuses_an_orm_update_of_any_other_column(require_postgres, event, column):
    """On the suite's own connection (the table's owner): a plain queryset, as a tamperer would
    write it around the log's manager, changes nothing."""
    plain = models.QuerySet(model=AuditEvent).filter(pk=event.pk)
    other = {"id": event.pk + 1000, "created_at": event.created_at.replace(year=2001)}
    value = other.get(column, None if column.endswith("_id") else "member_left")

    with pytest.raises(DatabaseError, match=REFUSED_BY_TRIGGER), transaction.atomic():
        plain.update(**{column: value})

    assert _unchanged(event)


@pytest.mark.django_db
@pytest.mark.parametrize("column", AUDIT_UPDATABLE_COLUMNS)
def test_the_trigger_refuses_an_orm_update_of_a_name_to_other_text(require_postgres, event, column):
    with pytest.raises(DatabaseError, match=REFUSED_BY_TRIGGER), transaction.atomic():
        models.QuerySet(model=AuditEvent).filter(pk=event.pk).update(**{column: "Someone Else"})

    assert _unchanged(event)


def test_the_trigger_refuses_truncate_even_with_the_privilege(as_app, app_role, event):
    with connection.cursor() as cursor:
        cursor.execute(f"GRANT TRUNCATE ON core_auditevent TO {app_role}")

    error = _attempt(as_app, "TRUNCATE core_auditevent")

    assert REFUSED_BY_TRIGGER + " (TRUNCATE refused)" in error
    assert _unchanged(event)


def test_the_trigger_refuses_delete_even_with_the_privilege(as_app, app_role, event):
    with connection.cursor() as cursor:
        cursor.execute(f"GRANT UPDATE, DELETE ON core_auditevent TO {app_role}")

    delete = _attempt(as_app, "DELETE FROM core_auditevent")
    unlink = _attempt(as_app, "UPDATE core_auditevent SET network_id = NULL")

    assert REFUSED_BY_TRIGGER + " (DELETE refused)" in delete
    assert REFUSED_BY_TRIGGER + " (UPDATE refused)" in unlink
    assert _unchanged(event)


# The one change allowed: erasure, as the app's role ------------------------------------------


def test_erasure_as_the_app_role_replaces_the_names_and_nothing_else(app_role, event):
    mona = event.subject
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {app_role}")
    try:
        user_delete_account(acting_user=mona, password=PASSWORD)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")

    now = AuditEvent.objects.get(pk=event.pk)
    assert (now.actor_label, now.subject_label) == ("Fien Facilitator", ERASED_NAME)
    assert (now.actor_id, now.network_id, now.subject_id, now.action, now.detail) == (
        event.actor_id,
        event.network_id,
        event.subject_id,
        event.action,
        event.detail,
    )
    assert AuditEvent.objects.filter(action=AccountAction.ACCOUNT_DELETED, actor=mona).count() == 1


def test_after_erasure_the_app_role_may_set_only_the_marker(as_app, event):
    mona = event.subject
    user_delete_account(acting_user=mona, password=PASSWORD)

    other_text = _attempt(
        as_app, "UPDATE core_auditevent SET subject_label = 'Anyone' WHERE id = %s", [event.pk]
    )
    actor_too = _attempt(
        as_app, "UPDATE core_auditevent SET actor_label = %s WHERE id = %s", [ERASED_NAME, event.pk]
    )

    assert REFUSED_BY_TRIGGER in other_text
    assert REFUSED_BY_TRIGGER in actor_too  # Fien is not erased
    now = AuditEvent.objects.get(pk=event.pk)
    assert (now.actor_label, now.subject_label) == ("Fien Facilitator", ERASED_NAME)
