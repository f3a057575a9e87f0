"""Who may answer, the answers and sharing the results.

Anonymity: when a questionnaire is anonymous, ``response_submit`` writes a Participation row (who
answered) and only an encrypted payload in the holding table; the mixing step
(``evaluations.holding.release``, after commit and from beat) moves held answers into the results
in random order, in groups of at least k, in a transaction of its own. See docs/privacy.md."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError
from core.tasks import enqueue_on_commit
from evaluations import holding, tasks
from evaluations.audit import AuditAction
from evaluations.enums import QuestionnaireKind
from evaluations.models import Answer, Eligibility, Participation, Question, Questionnaire, Response
from evaluations.question_types import question_type
from evaluations.services.events import evaluation_event
from evaluations.services.guards import require_facilitator
from networks.models import Membership
from networks.selectors import active_member_ids
from sessions.enums import PRESENT_STATUSES
from sessions.models import Attendance


def _eligible_at_opening(questionnaire: Questionnaire) -> set[int]:
    """Session evaluation: members marked present or late. Final evaluation: all members."""
    members = active_member_ids(network_id=questionnaire.network_id)
    if questionnaire.kind == QuestionnaireKind.FINAL:
        return members
    present = set(
        Attendance.objects.filter(
            session_id=questionnaire.session_id, status__in=PRESENT_STATUSES
        ).values_list("user_id", flat=True)
    )
    return members & present


def fix_eligibility(questionnaire: Questionnaire) -> set[int]:
    """Record who may answer, how many they are and how many of them joined after the network
    started: k and the response rate are counted against this snapshot."""
    user_ids = _eligible_at_opening(questionnaire)
    Eligibility.objects.bulk_create(
        [Eligibility(questionnaire=questionnaire, user_id=uid) for uid in sorted(user_ids)]
    )
    network = questionnaire.network
    questionnaire.eligible_count = len(user_ids)
    questionnaire.eligible_joined_late = Membership.objects.filter(
        network=network, user_id__in=user_ids, joined_at__date__gt=network.start_date
    ).count()
    questionnaire.save(update_fields=["eligible_count", "eligible_joined_late"])
    return user_ids


def eligible_user_ids(*, questionnaire: Questionnaire) -> set[int]:
    """Who may answer now: eligible when it opened and still an active member."""
    fixed = set(questionnaire.eligibilities.values_list("user_id", flat=True))
    return fixed & active_member_ids(network_id=questionnaire.network_id)


def _clean_answer(question: Question, raw) -> dict:
    """Turn a raw form value into Answer fields, or raise a translated error (the type's rules)."""
    return question_type(question.type).clean_answer(question, raw)


def response_submit(*, questionnaire: Questionnaire, answers: dict, acting_user) -> None:
    """Store ``acting_user``'s answers. One response per member, enforced by the database."""
    if not questionnaire.is_open:
        raise ApplicationError(_("This evaluation is closed."))
    if acting_user.pk not in eligible_user_ids(questionnaire=questionnaire):
        raise ApplicationError(_("This evaluation is for the members who attended the session."))
    questions = list(questionnaire.questions.all())
    cleaned = {
        question.pk: _clean_answer(question, answers.get(question.pk)) for question in questions
    }
    given = {question_id: fields for question_id, fields in cleaned.items() if fields}
    try:
        with transaction.atomic():
            Participation.objects.create(questionnaire=questionnaire, user=acting_user)
            if questionnaire.anonymous:
                # Never into the results in this transaction: see evaluations/holding.py.
                holding.hold(questionnaire=questionnaire, answers=given)
                enqueue_on_commit(tasks.release_held_answers, questionnaire_id=questionnaire.pk)
            else:
                response = Response.objects.create(questionnaire=questionnaire, user=acting_user)
                Answer.objects.bulk_create(
                    [
                        Answer(response=response, question_id=question_id, **fields)
                        for question_id, fields in given.items()
                    ]
                )
    except IntegrityError as error:
        raise ApplicationError(_("You have already answered this evaluation.")) from error


def results_share(*, questionnaire: Questionnaire, shared: bool, acting_user) -> None:
    require_facilitator(acting_user, questionnaire.network)
    was_shared = questionnaire.results_shared
    with transaction.atomic():
        questionnaire.results_shared = shared
        questionnaire.save(update_fields=["results_shared"])
        audit_record(
            actor=acting_user,
            action=AuditAction.RESULTS_SHARED if shared else AuditAction.RESULTS_HIDDEN,
            network=questionnaire.network_id,
            detail=f"questionnaire {questionnaire.pk}",
        )
        if shared and not was_shared:
            evaluation_event(questionnaire, "results.shared")
