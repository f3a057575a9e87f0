"""Anonymous answers go through a holding table before they reach the results.

Why: PostgreSQL stamps every row with the id of the transaction that wrote it (``xmin``) and keeps
rows in insertion order (``ctid``). If an anonymous answer were written in the transaction that
records *who* answered (``Participation``), a join on ``xmin`` or on row order would name its
author. So a submission stores only an encrypted payload here (no user, no timestamp), and the
mixing step, in a transaction of its own, moves held payloads into ``Response``/``Answer`` in
random order, only in groups of at least k, and deletes them. Published results therefore change
only in steps of k answers. docs/privacy.md states what this does and does not protect against.

The payload is sealed with AES-GCM (random nonce, no timestamp, unlike Fernet) under a key derived
from ``SECRET_KEY`` (or ``LEERNET_ANSWER_KEY``); the fallbacks keep held answers readable across a
key rotation.
"""

import json
import logging
import random

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from core import crypto
from evaluations.models import Answer, HeldAnswers, Participation, Questionnaire, Response

logger = logging.getLogger(__name__)

_PURPOSE = b"leernet.held-answers.v1"


def seal(answers: dict[int, dict]) -> bytes:
    """Encrypt ``{question_id: answer fields}``."""
    plain = json.dumps({str(pk): fields for pk, fields in answers.items()}).encode()
    return crypto.seal(plain, purpose=_PURPOSE, own_secret=_own_secret())


def unseal(payload: bytes) -> dict[int, dict]:
    try:
        plain = crypto.unseal(payload, purpose=_PURPOSE, own_secret=_own_secret())
    except ValueError:
        raise ValueError(
            "held answers cannot be decrypted with the current or fallback keys"
        ) from None
    return {int(pk): fields for pk, fields in json.loads(plain).items()}


def _own_secret() -> str:
    return getattr(settings, "LEERNET_ANSWER_KEY", "")


def hold(*, questionnaire: Questionnaire, answers: dict[int, dict]) -> None:
    """Called inside the participant's transaction: store the sealed payload only."""
    HeldAnswers.objects.create(questionnaire=questionnaire, payload=seal(answers))


def release(*, questionnaire_id: int) -> int:
    """Mix the held answers of one questionnaire into the results when at least k wait.

    Runs in its own transaction, locks the questionnaire so two releases never split a group,
    inserts in random order and deletes what it released. Returns how many it released (0 while
    fewer than k wait). A payload that cannot be decrypted stays held and is logged: it is never
    dropped silently."""
    with transaction.atomic():
        questionnaire = (
            Questionnaire.objects.select_for_update().filter(pk=questionnaire_id).first()
        )
        if questionnaire is None:
            return 0
        held = list(HeldAnswers.objects.select_for_update().filter(questionnaire=questionnaire))
        if len(held) < questionnaire.threshold:
            return 0
        opened = []
        for row in held:
            try:
                opened.append((row.pk, unseal(row.payload)))
            except ValueError:
                logger.error("held answers of questionnaire %s unreadable", questionnaire_id)
        if len(opened) < questionnaire.threshold:
            return 0
        random.SystemRandom().shuffle(opened)
        question_ids = set(questionnaire.questions.values_list("pk", flat=True))
        responses = [Response(questionnaire=questionnaire) for _ in opened]
        Response.objects.bulk_create(responses)
        Answer.objects.bulk_create(
            [
                Answer(response=response, question_id=question_id, **fields)
                for response, (_pk, answers) in zip(responses, opened, strict=True)
                for question_id, fields in answers.items()
                if question_id in question_ids
            ]
        )
        HeldAnswers.objects.filter(pk__in=[pk for pk, _answers in opened]).delete()
    return len(opened)


def release_all() -> int:
    """Beat: release every questionnaire that holds at least k answers (a lost enqueue, a worker
    killed mid-release)."""
    due = (
        Questionnaire.objects.annotate(waiting=Count("held_answers"))
        .filter(waiting__gte=F("threshold"))
        .values_list("pk", flat=True)
    )
    return sum(release(questionnaire_id=pk) for pk in due)


def answer_progress(*, questionnaire: Questionnaire) -> dict:
    """How far the answering is, for the results page: ``answered``, the members who submitted
    (their ``Participation`` rows, capped at ``eligible``), ``waiting``, the anonymous answers
    still held (fewer than k, or a group being mixed in), and ``rate``, ``answered`` against the
    people eligible when it opened (None when nobody was). The health panel counts the same
    (evaluations/health.py).

    This tells only *that* people answered, which the Participation rows hold anyway (they block a
    second answer and aim the reminders); what they answered still reaches the results only in
    groups of at least k, so a reload after one more answer shows one more "answered" and one
    more "waiting", and no result moves (tests/evaluations/test_anonymity.py). One query: the
    counts as subqueries of the questionnaire's row, with ``released`` (the answers in the
    results) for ``selectors.results``, so the results page stays within bench/budgets.py."""
    counts = (
        Questionnaire.objects.filter(pk=questionnaire.pk)
        .annotate(
            answered=_count_of(Participation.objects.filter(questionnaire=OuterRef("pk"))),
            held=_count_of(HeldAnswers.objects.filter(questionnaire=OuterRef("pk"))),
            released=_count_of(Response.objects.filter(questionnaire=OuterRef("pk"))),
        )
        .values("answered", "held", "released")
        .first()
    ) or {"answered": 0, "held": 0, "released": 0}
    eligible = questionnaire.eligible_count
    answered = min(counts["answered"], eligible)
    waiting = counts["held"] if questionnaire.anonymous else 0
    return {
        "released": counts["released"],  # for ``selectors.results(count=...)``
        "answered": answered,
        "eligible": eligible,
        "waiting": waiting,
        "rate": min(100, round(100 * answered / eligible)) if eligible else None,
    }


def _count_of(rows: QuerySet) -> Coalesce:
    """``SELECT COUNT(*)`` of ``rows`` (filtered on ``OuterRef("pk")``) as a scalar subquery."""
    counted = rows.order_by().values("questionnaire").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
