"""Learning goals: proposed, adopted, linked to the sessions that work on them."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from evaluations.enums import GoalStatus
from evaluations.goal_selectors import intake_goal_texts
from evaluations.models import LearningGoal, Questionnaire
from evaluations.services.guards import require_facilitator
from evaluations.services.questionnaires import goal_questions_sync
from networks.models import Network
from sessions.models import LearningSession


def goal_create(
    *, network: Network, title: str, description: str = "", acting_user
) -> LearningGoal:
    require_facilitator(acting_user, network)
    if not title.strip():
        raise ApplicationError(_("Give the learning goal a title."))
    position = network.learning_goals.count() + 1
    return LearningGoal.objects.create(
        network=network, title=title.strip(), description=description, position=position
    )


@transaction.atomic
def goals_from_intake(*, network: Network, texts: list[str], acting_user) -> tuple[int, int]:
    """Draft goals in the members' own words: one proposed goal per chosen personal goal of the
    intake, its title the text as written (a text over 200 characters is cut in the title and
    kept whole in the description). A text that is a goal of the network already (same words,
    case aside) is skipped, so two facilitators doing this at once make each goal once (the
    network row is locked). Returns (made, skipped). No email."""
    require_facilitator(acting_user, network)
    chosen = list(dict.fromkeys(text.strip() for text in texts if text.strip()))
    if not chosen:
        raise ApplicationError(_("Tick at least one personal goal to turn into a draft goal."))
    if set(chosen) - intake_goal_texts(network=network):
        raise ApplicationError(
            _("Choose among the personal goals the members wrote in the intake.")
        )
    Network.objects.select_for_update().filter(pk=network.pk).first()
    existing = {
        title.casefold() for title in network.learning_goals.values_list("title", flat=True)
    }
    new = []
    for text in chosen:
        if text.casefold() in existing:
            continue
        existing.add(text.casefold())
        limit = LearningGoal._meta.get_field("title").max_length
        title = text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
        new.append((title, "" if title == text else text))
    position = network.learning_goals.count()
    LearningGoal.objects.bulk_create(
        [
            LearningGoal(
                network=network, title=title, description=description, position=position + n
            )
            for n, (title, description) in enumerate(new, start=1)
        ]
    )
    return len(new), len(chosen) - len(new)


@transaction.atomic
def goals_adopt(*, network: Network, goal_ids: list[int], acting_user) -> list[LearningGoal]:
    """Adopt the chosen goals; the other proposed goals are not adopted."""
    require_facilitator(acting_user, network)
    goals = network.learning_goals.exclude(status=GoalStatus.ADOPTED)
    chosen = goals.filter(pk__in=goal_ids)
    if not chosen.exists() and not network.learning_goals.filter(status=GoalStatus.ADOPTED):
        raise ApplicationError(_("Choose at least one learning goal to adopt."))
    chosen.update(status=GoalStatus.ADOPTED)
    goals.exclude(pk__in=goal_ids).update(status=GoalStatus.DROPPED)
    return list(network.learning_goals.filter(status=GoalStatus.ADOPTED))


@transaction.atomic
def goal_link_sessions(*, goal: LearningGoal, sessions: list[LearningSession], acting_user) -> None:
    """Link ``goal`` to the sessions that work on it. A linked session whose evaluation has no
    answers yet gets (or loses) the question about this goal at once."""
    require_facilitator(acting_user, goal.network)
    if any(session.network_id != goal.network_id for session in sessions):
        raise ApplicationError(_("Choose sessions of this network."))
    before = set(goal.sessions.values_list("pk", flat=True))
    goal.sessions.set(sessions)
    changed = before ^ {session.pk for session in sessions}
    for questionnaire in Questionnaire.objects.filter(session_id__in=changed).select_related(
        "network"
    ):
        if not questionnaire.participations.exists():
            goal_questions_sync(questionnaire)
