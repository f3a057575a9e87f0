"""EvaluationEmail becomes a table of the one outbox (core/outbox.py), step 1: the outbox columns
and the network (0004 fills them from ``claimed``/``sent_at``, 0005 drops ``claimed`` and adds
the keys that let a resend repeat a row)."""

import django.db.models.deletion
import django.db.models.functions.text
import django.db.models.lookups
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0002_anonymous_holding_eligibility_text_limits"),
        ("networks", "0006_bound_network_and_join_request_text"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="evaluationemail",
            options={
                "verbose_name": "evaluation email",
                "verbose_name_plural": "evaluation emails",
            },
        ),
        migrations.RemoveConstraint(
            model_name="evaluationemail",
            name="evaluations_email_once",
        ),
        migrations.RemoveConstraint(
            model_name="evaluationemail",
            name="evaluations_intake_email_once",
        ),
        migrations.AddField(
            model_name="evaluationemail",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="evaluationemail",
            name="claimed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="evaluationemail",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AddField(
            model_name="evaluationemail",
            name="last_error",
            field=models.TextField(blank=True, max_length=1000),
        ),
        migrations.AddField(
            model_name="evaluationemail",
            name="network",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="networks.network",
            ),
        ),
        migrations.AddField(
            model_name="evaluationemail",
            name="next_attempt_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AddField(
            model_name="evaluationemail",
            name="resend_of",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="evaluations.evaluationemail",
            ),
        ),
        migrations.AddField(
            model_name="evaluationemail",
            name="state",
            field=models.CharField(
                choices=[
                    ("pending", "waiting"),
                    ("sending", "being sent"),
                    ("sent", "sent"),
                    ("failed", "failed"),
                ],
                default="pending",
                max_length=8,
            ),
        ),
        migrations.AddField(
            model_name="evaluationemail",
            name="subject",
            field=models.CharField(blank=True, max_length=300),
        ),
    ]
