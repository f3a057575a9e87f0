"""The invitations and reminders of evaluations, intakes and votes: outbox rows (core/outbox.py
sends them)."""

import datetime

from django.db import transaction
from django.utils import timezone

from core import outbox
from evaluations.models import EvaluationEmail, Intake, Questionnaire, Vote, VoteBallot
from evaluations.services.answers import eligible_user_ids
from networks.selectors import active_member_ids

REMINDER_BEFORE = datetime.timedelta(days=2)


def emails_queue(*, network_id: int, user_ids, kind: str, **about) -> int:
    """One outbox row per user for this email, about a questionnaire, an intake or a vote
    (``about``), enqueued after commit. Rows that already exist are neither duplicated nor
    enqueued again (rows left pending are the outbox sweep's). Returns how many rows were
    created."""
    key = {**about, "kind": kind, "resend_of": None}
    existing = set(EvaluationEmail.objects.filter(**key).values_list("user_id", flat=True))
    missing = set(user_ids) - existing
    if not missing:
        return 0
    EvaluationEmail.objects.bulk_create(
        [
            EvaluationEmail(network_id=network_id, user_id=uid, kind=kind, **about)
            for uid in sorted(missing)
        ],
        ignore_conflicts=True,
    )
    created = EvaluationEmail.objects.filter(**key, user_id__in=missing).values_list(
        "pk", flat=True
    )
    outbox.enqueue_many(EvaluationEmail, list(created))
    return len(missing)


def questionnaire_emails_queue(questionnaire: Questionnaire, user_ids, kind: str) -> None:
    """The invitation or the reminder (``kind``) of ``questionnaire`` for ``user_ids``."""
    emails_queue(
        network_id=questionnaire.network_id,
        user_ids=user_ids,
        kind=kind,
        questionnaire=questionnaire,
    )


def reminders_send_due(*, now=None) -> int:
    """Beat: one reminder to non-respondents when an evaluation, intake or vote nears its close.
    Claiming `reminder_sent_at` with a conditional update makes it once, even if beat runs twice;
    the rows themselves are outbox rows (core/outbox.py sends them, its sweep picks up lost ones).
    """
    now = now or timezone.now()
    count = 0
    for questionnaire in Questionnaire.objects.filter(
        planned=False,
        reminder_sent_at__isnull=True,
        closes_at__gt=now,
        closes_at__lte=now + REMINDER_BEFORE,
    ):
        with transaction.atomic():
            if not Questionnaire.objects.filter(
                pk=questionnaire.pk, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now):
                continue
            answered = set(questionnaire.participations.values_list("user_id", flat=True))
            waiting = eligible_user_ids(questionnaire=questionnaire) - answered
            questionnaire_emails_queue(questionnaire, waiting, "reminder")
            count += len(waiting)
    for intake in Intake.objects.filter(
        reminder_sent_at__isnull=True, deadline__gt=now, deadline__lte=now + REMINDER_BEFORE
    ):
        with transaction.atomic():
            if not Intake.objects.filter(pk=intake.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            ):
                continue
            answered = set(intake.responses.values_list("user_id", flat=True))
            waiting = active_member_ids(network_id=intake.network_id) - answered
            emails_queue(
                network_id=intake.network_id, user_ids=waiting, kind="reminder", intake=intake
            )
            count += len(waiting)
    for vote in Vote.objects.filter(
        reminder_sent_at__isnull=True,
        closed_at__isnull=True,
        closes_at__gt=now,
        closes_at__lte=now + REMINDER_BEFORE,
    ):
        with transaction.atomic():
            if not Vote.objects.filter(pk=vote.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            ):
                continue
            voted = set(
                VoteBallot.objects.filter(option__vote=vote).values_list("user_id", flat=True)
            )
            waiting = active_member_ids(network_id=vote.network_id) - voted
            emails_queue(network_id=vote.network_id, user_ids=waiting, kind="reminder", vote=vote)
            count += len(waiting)
    return count
