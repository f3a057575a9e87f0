"""The practice question board: submit, withdraw, schedule on an agenda, mark discussed."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from networks import rules as network_rules
from networks.models import Network
from sessions.enums import AgendaRole, QuestionStatus
from sessions.models import AgendaItem, LearningSession, PracticeQuestion, WorkForm
from sessions.services.agenda import agenda_item_add
from sessions.services.common import _require_facilitator


def practice_question_submit(*, network: Network, data: dict, acting_user) -> PracticeQuestion:
    """A question from ``acting_user``'s practice (its author), a member or facilitator."""
    if not network_rules.is_member(acting_user, network):
        raise ApplicationError(_("Only members of this network can submit a question."))
    question = PracticeQuestion(network=network, author=acting_user, **data)
    question.full_clean()
    question.save()
    return question


def practice_question_set_name_visibility(
    *, question: PracticeQuestion, name_for_facilitator_only: bool, acting_user
) -> PracticeQuestion:
    """Its author chooses again whether the board shows their name only to the facilitator."""
    if question.author_id != acting_user.pk:
        raise ApplicationError(_("Only the author of a question can change this."))
    if question.name_for_facilitator_only != name_for_facilitator_only:
        question.name_for_facilitator_only = name_for_facilitator_only
        question.save(update_fields=["name_for_facilitator_only"])
    return question


def practice_question_withdraw(*, question: PracticeQuestion, acting_user) -> None:
    """Its author takes an open question off the board (a scheduled one stays on the agenda)."""
    if question.author_id != acting_user.pk:
        raise ApplicationError(_("Only the author of a question can take it off the board."))
    if question.status != QuestionStatus.OPEN:
        raise ApplicationError(_("A scheduled question stays on the board."))
    question.delete()


@transaction.atomic
def practice_question_schedule(
    *, question: PracticeQuestion, session: LearningSession, acting_user
) -> AgendaItem:
    """Put the question on a planned session's agenda, with its author as case owner unless the
    author asked to be known only to the facilitator."""
    _require_facilitator(acting_user, question.network)
    if session.network_id != question.network_id or not session.is_planned:
        raise ApplicationError(_("Choose a planned session of this network."))
    if question.status != QuestionStatus.OPEN:
        raise ApplicationError(_("This question has already been scheduled."))
    incident = WorkForm.objects.filter(network__isnull=True, slug="incidentmethode").first()
    item = agenda_item_add(
        session=session,
        data={
            "title": question.title,
            "duration_minutes": 45,
            "work_form": incident,
            "notes": question.context,
        },
        roles={}
        if question.name_for_facilitator_only
        else {AgendaRole.CASE_OWNER: question.author},
        acting_user=acting_user,
    )
    question.agenda_item = item
    question.status = QuestionStatus.SCHEDULED
    question.save(update_fields=["agenda_item", "status"])
    return item


def practice_question_mark_discussed(
    *, question: PracticeQuestion, acting_user
) -> PracticeQuestion:
    _require_facilitator(acting_user, question.network)
    if question.status != QuestionStatus.SCHEDULED:
        raise ApplicationError(_("Only a scheduled question can be marked as discussed."))
    question.status = QuestionStatus.DISCUSSED
    question.save(update_fields=["status"])
    return question
