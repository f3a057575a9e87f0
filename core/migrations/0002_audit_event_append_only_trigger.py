"""PostgreSQL refuses UPDATE and DELETE on the audit log, whatever the code does.

Allowed: an UPDATE that only forgets a person (a link to them becomes NULL, as ON DELETE SET NULL
does, or their frozen name is replaced by ``audit_forget_user``). TRUNCATE (the test database's
flush) is not a row event and stays possible. Other databases (local SQLite) rely on the model.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND NEW.id = OLD.id
       AND NEW.created_at = OLD.created_at
       AND NEW.action = OLD.action
       AND NEW.detail = OLD.detail
       AND (NEW.actor_id IS NULL OR NEW.actor_id = OLD.actor_id)
       AND (NEW.subject_id IS NULL OR NEW.subject_id = OLD.subject_id)
       AND (NEW.network_id IS NULL OR NEW.network_id = OLD.network_id) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditevent_append_only
    BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;
DROP FUNCTION IF EXISTS core_auditevent_append_only();
"""


def _run(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # the SQL has a literal %

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0001_audit_event")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
