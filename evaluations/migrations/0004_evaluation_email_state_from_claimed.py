"""Data for the new outbox columns, in a migration of its own: PostgreSQL cannot alter a table
with pending trigger events in the same transaction."""

from django.db import migrations, models
from django.db.models import F, Q, Subquery


def to_outbox(apps, schema_editor):
    """Sent rows (``sent_at``) are sent; every other row is pending, also one that a killed
    worker left ``claimed`` forever: the outbox sweep sends it (at least once, as the outbox
    promises)."""
    EvaluationEmail = apps.get_model("evaluations", "EvaluationEmail")
    Questionnaire = apps.get_model("evaluations", "Questionnaire")
    Intake = apps.get_model("evaluations", "Intake")
    EvaluationEmail.objects.filter(questionnaire__isnull=False).update(
        network_id=Subquery(
            Questionnaire.objects.filter(pk=models.OuterRef("questionnaire_id")).values(
                "network_id"
            )[:1]
        )
    )
    EvaluationEmail.objects.filter(intake__isnull=False).update(
        network_id=Subquery(
            Intake.objects.filter(pk=models.OuterRef("intake_id")).values("network_id")[:1]
        )
    )
    EvaluationEmail.objects.filter(sent_at__isnull=False).update(
        state="sent", attempts=1, created_at=F("sent_at"), next_attempt_at=F("sent_at")
    )
    EvaluationEmail.objects.filter(sent_at__isnull=True).update(state="pending")
    # A row about neither (impossible through the services) could not be sent anyway.
    EvaluationEmail.objects.filter(Q(network__isnull=True)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0003_outbox_evaluation_email"),
    ]

    operations = [migrations.RunPython(to_outbox, migrations.RunPython.noop)]
