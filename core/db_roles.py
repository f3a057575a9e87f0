"""What the app's database role may do: read and write the app's tables, only add to the audit log.

The app connects as a role that owns nothing (``leernet_app``); the tables belong to the role
that runs ``migrate`` (``leernet_owner``), and only an owner (or a superuser) can drop or disable
a trigger, truncate, or alter a table. ``grant_app_role`` is run by the owner after every
``migrate`` (``manage.py db_roles``, docs/operations.md "Database roles"); it is idempotent: it
first takes every table and sequence privilege from the app role, then gives back

- SELECT, INSERT, UPDATE, DELETE on every table of the schema;
- on the audit log only SELECT, INSERT and UPDATE of the two frozen-name columns, which erasure
  rewrites (the trigger of migration ``core/0007`` allows only that, only to the erased marker);
- USAGE and SELECT on the sequences;
- no TRUNCATE, REFERENCES or TRIGGER anywhere; the same privileges by default on tables and
  sequences the owner creates later (until the next run sets them again).

PostgreSQL only.
"""

from django.db import connections, transaction

from core.models import AuditEvent

__all__ = ["AUDIT_UPDATABLE_COLUMNS", "grant_app_role"]

AUDIT_UPDATABLE_COLUMNS = ("actor_label", "subject_label")
SCHEMA = "public"


def _statements(*, role: str, database: str, quote) -> list[str]:
    app, schema, audit = quote(role), quote(SCHEMA), quote(AuditEvent._meta.db_table)
    columns = ", ".join(quote(column) for column in AUDIT_UPDATABLE_COLUMNS)
    return [
        f"GRANT CONNECT ON DATABASE {quote(database)} TO {app}",
        f"GRANT USAGE ON SCHEMA {schema} TO {app}",
        f"REVOKE CREATE ON SCHEMA {schema} FROM {app}",
        # From nothing, so a privilege given by hand or by an older run goes (TRUNCATE included).
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {app}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {app}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {app}",
        # The log: table-level UPDATE and DELETE go (which also clears column grants), then
        # UPDATE of the two name columns comes back.
        f"REVOKE UPDATE, DELETE ON {audit} FROM {app}",
        f"GRANT UPDATE ({columns}) ON {audit} TO {app}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {app}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT USAGE, SELECT ON SEQUENCES TO {app}",
    ]


def grant_app_role(*, role: str, using: str = "default") -> list[str]:
    """Give ``role`` exactly the app's privileges on the database of connection ``using``, as
    that connection's user (the owner of the tables). Returns the statements run."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        raise ValueError(
            f"Database roles are a PostgreSQL matter; this database is {connection.vendor}."
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database(), current_user")
        database, owner = cursor.fetchone()
    if role == owner:
        raise ValueError(f"The app role {role!r} must not be the role that owns the tables.")
    statements = _statements(role=role, database=database, quote=connection.ops.quote_name)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return statements
