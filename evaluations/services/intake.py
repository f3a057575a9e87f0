"""The intake: opened by the facilitators, filled in by the members, its practice questions
put on the network's question board."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError
from evaluations.audit import AuditAction
from evaluations.models import Intake, IntakeResponse
from evaluations.services.emails import emails_queue
from evaluations.services.guards import require_facilitator
from networks.models import Network
from networks.selectors import active_member_ids
from sessions import services as session_services
from sessions.models import PracticeQuestion


@transaction.atomic
def intake_open(*, network: Network, deadline: datetime.datetime, acting_user) -> Intake:
    """Open the intake (or move its deadline). Every active member gets one email with the link,
    once per intake: moving the deadline sends nothing again; a member who joins later gets it
    the next time the intake is opened or moved."""
    require_facilitator(acting_user, network)
    if deadline <= timezone.now():
        raise ApplicationError(_("The deadline must be in the future."))
    intake, _created = Intake.objects.update_or_create(
        network=network, defaults={"deadline": deadline}
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.INTAKE_OPENED,
        network=network,
        detail=f"intake {intake.pk}",  # ids only, as every audit detail; the page shows the date
    )
    emails_queue(
        network_id=network.pk,
        user_ids=active_member_ids(network_id=network.pk),
        kind="invitation",
        intake=intake,
    )
    return intake


# At most this many practice questions go from one intake onto the board.
BOARD_QUESTIONS_MAX = 10


@transaction.atomic
def intake_submit(*, intake: Intake, data: dict, acting_user) -> IntakeResponse:
    """``acting_user``'s intake, a member's. It can be changed until the deadline. If the member
    chose so, their practice questions go onto the question board (``_intake_board_sync``)."""
    if not intake.is_open:
        raise ApplicationError(_("The deadline of the intake has passed."))
    if acting_user.pk not in active_member_ids(network_id=intake.network_id):
        raise ApplicationError(_("Only members fill in the intake."))
    response, _created = IntakeResponse.objects.update_or_create(
        intake=intake, user=acting_user, defaults=data
    )
    _intake_board_sync(response, acting_user=acting_user)
    return response


def _board_lines(text: str) -> list[str]:
    """The practice questions of an intake answer: one per non-empty line, each once."""
    return list(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))


def _board_line_of(question: PracticeQuestion) -> str:
    """The intake line a board question was made from (a long line is kept whole as context)."""
    return question.context or question.title


def _intake_board_sync(response: IntakeResponse, *, acting_user) -> None:
    """Keep the board in step with the intake answer, through the sessions' services: a line
    not on the board yet becomes a question (once: a second save finds it linked), the member's
    name choice applies to every question made from the intake, and an open question whose line
    was removed (or the board option turned off) comes off the board again; a scheduled or
    discussed one stays. Not chosen: the questions stay in the intake answer only."""
    wanted = _board_lines(response.practice_questions) if response.questions_on_board else []
    if len(wanted) > BOARD_QUESTIONS_MAX:
        raise ApplicationError(
            _("Put at most %(count)d questions on the board (one per line); you wrote %(lines)d.")
            % {"count": BOARD_QUESTIONS_MAX, "lines": len(wanted)}
        )
    title_limit = PracticeQuestion._meta.get_field("title").max_length
    linked = {}
    for question in response.board_questions.all():
        line = _board_line_of(question)
        if line not in wanted and question.is_open:
            session_services.practice_question_withdraw(question=question, acting_user=acting_user)
            continue
        session_services.practice_question_set_name_visibility(
            question=question,
            name_for_facilitator_only=response.name_for_facilitator_only,
            acting_user=acting_user,
        )
        linked[line] = question
    for line in wanted:
        if line in linked:
            continue
        long = len(line) > title_limit
        question = session_services.practice_question_submit(
            network=response.intake.network,
            data={
                "title": Truncator(line).chars(title_limit) if long else line,
                "context": line if long else "",
                "name_for_facilitator_only": response.name_for_facilitator_only,
            },
            acting_user=acting_user,
        )
        response.board_questions.add(question)
