"""Fair roles: a role assignment belongs to a session, for the whole session (no agenda item)
or for one agenda item. The existing (per-item) rows get their item's session."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_session(apps, schema_editor):
    Assignment = apps.get_model("learning_sessions", "AgendaRoleAssignment")
    AgendaItem = apps.get_model("learning_sessions", "AgendaItem")
    if schema_editor.connection.vendor == "postgresql":
        # Checked now, not at commit: the ALTER below may not run with deferred checks pending.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    Assignment.objects.filter(session__isnull=True).update(
        session=Subquery(AgendaItem.objects.filter(pk=OuterRef("item_id")).values("session_id"))
    )
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


class Migration(migrations.Migration):
    dependencies = [
        ("learning_sessions", "0010_announcements"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="agendaroleassignment",
            name="session",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="role_assignments",
                to="learning_sessions.learningsession",
            ),
        ),
        migrations.RunPython(fill_session, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="agendaroleassignment",
            name="session",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="role_assignments",
                to="learning_sessions.learningsession",
            ),
        ),
        migrations.AlterField(
            model_name="agendaroleassignment",
            name="item",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="roles",
                to="learning_sessions.agendaitem",
            ),
        ),
        migrations.AddConstraint(
            model_name="agendaroleassignment",
            constraint=models.UniqueConstraint(
                condition=models.Q(("item__isnull", True)),
                fields=("session", "role"),
                name="sessions_session_role_unique",
            ),
        ),
    ]
