"""The webhook events of evaluations (issue 27): opened, closed, results shared. Thin payloads:
the questionnaire's ids, kind and how many were invited; never a question, an answer or a result
figure. Each is written in the transaction of its change (``networks.webhooks.emit``)."""

import datetime

from django.db import transaction
from django.utils import timezone

from evaluations.models import Questionnaire
from networks import webhooks


def evaluation_event(questionnaire: Questionnaire, event_type: str) -> None:
    """Call inside the transaction of the change."""
    webhooks.emit(
        questionnaire.network_id,
        event_type,
        data={
            "questionnaire_id": questionnaire.pk,
            "kind": questionnaire.kind,
            "session_id": questionnaire.session_id,
            "invited_count": questionnaire.eligible_count,
        },
    )


def evaluations_close_due(*, now: datetime.datetime | None = None) -> int:
    """Beat (with the reminders): an evaluation closes when its time passes, there is no click;
    this marks each closed one once and writes its ``evaluation.closed`` event in the same
    transaction. Returns how many it marked."""
    now = now or timezone.now()
    marked = 0
    due = Questionnaire.objects.filter(
        planned=False, closes_at__lte=now, close_announced_at__isnull=True
    ).values_list("pk", flat=True)
    for pk in list(due[:500]):
        with transaction.atomic():
            questionnaire = (
                Questionnaire.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, close_announced_at__isnull=True)
                .first()
            )
            if questionnaire is None:
                continue
            questionnaire.close_announced_at = now
            questionnaire.save(update_fields=["close_announced_at"])
            evaluation_event(questionnaire, "evaluation.closed")
            marked += 1
    return marked
