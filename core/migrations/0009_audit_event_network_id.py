"""The audit log keeps its network as a plain id: core's schema no longer depends on networks
(issue 23). The column, its values and its index stay; only the foreign key constraint goes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_audit_action_without_choices"),
        ("networks", "0014_public_directory"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The database: drop the constraint (PostgreSQL), rebuild without it (SQLite).
            database_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="network",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="networks.network",
                        verbose_name="network",
                    ),
                ),
            ],
            # The state: the same column, as a number.
            state_operations=[
                migrations.RemoveIndex(model_name="auditevent", name="core_audit_network_idx"),
                migrations.RemoveField(model_name="auditevent", name="network"),
                migrations.AddField(
                    model_name="auditevent",
                    name="network_id",
                    field=models.BigIntegerField(blank=True, null=True, verbose_name="network"),
                ),
                migrations.AddIndex(
                    model_name="auditevent",
                    index=models.Index(
                        fields=["network_id", "-created_at"], name="core_audit_network_idx"
                    ),
                ),
            ],
        ),
    ]
