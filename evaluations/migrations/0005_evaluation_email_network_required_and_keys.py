"""EvaluationEmail on the outbox, step 3: without ``claimed``, every row with its network, the
unique keys with room for resends."""

import django.db.models.deletion
import django.db.models.functions.text
import django.db.models.lookups
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0004_evaluation_email_state_from_claimed"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="evaluationemail",
            name="claimed",
        ),
        migrations.AlterField(
            model_name="evaluationemail",
            name="network",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="networks.network",
            ),
        ),
        migrations.AddIndex(
            model_name="evaluationemail",
            index=models.Index(
                fields=["state", "next_attempt_at"], name="evaluations_email_due_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="evaluationemail",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("last_error"), 1000
                ),
                name="evaluations_evaluationemail_last_error_length",
            ),
        ),
        migrations.AddConstraint(
            model_name="evaluationemail",
            constraint=models.UniqueConstraint(
                condition=models.Q(("questionnaire__isnull", False), ("resend_of__isnull", True)),
                fields=("questionnaire", "user", "kind"),
                name="evaluations_email_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="evaluationemail",
            constraint=models.UniqueConstraint(
                condition=models.Q(("intake__isnull", False), ("resend_of__isnull", True)),
                fields=("intake", "user", "kind"),
                name="evaluations_intake_email_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="evaluationemail",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("questionnaire__isnull", True), ("intake__isnull", True), _connector="XOR"
                ),
                name="evaluations_email_about_one_thing",
            ),
        ),
    ]
