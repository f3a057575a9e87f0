"""The "what happened last" card on the homes (core.homes): the last held session of each network,
its published minutes and its evaluation results once they are shared with the group."""

from core.homes import Card
from evaluations.models import Questionnaire
from sessions.enums import SessionStatus
from sessions.models import LearningSession
from sessions.published import sessions_with_minutes

LAST_HELD_POSITION = 20


def last_held_cards(*, user, networks) -> dict[int, list[Card]]:
    """One card per network that held a session: three queries, however many networks."""
    held = LearningSession.objects.filter(
        network_id__in=[network.pk for network in networks], status=SessionStatus.HELD
    ).order_by("-starts_at", "-pk")
    last: dict[int, LearningSession] = {}
    for session in held.only("pk", "network_id", "number", "title", "starts_at"):
        last.setdefault(session.network_id, session)
    if not last:
        return {}
    session_ids = [session.pk for session in last.values()]
    with_minutes = sessions_with_minutes(session_ids)
    shared = {
        questionnaire.session_id: questionnaire
        for questionnaire in Questionnaire.objects.filter(
            session_id__in=session_ids, results_shared=True
        ).only("pk", "session_id")
    }
    return {
        network_id: [
            Card(
                template="reports/cards/last_held.html",
                position=LAST_HELD_POSITION,
                context={
                    "session": session,
                    "has_minutes": session.pk in with_minutes,
                    "shared_results": shared.get(session.pk),
                },
            )
        ]
        for network_id, session in last.items()
    }
