"""The "what happened last" card on the homes (core.homes): the last held session of each network,
its published minutes and its evaluation results once they are shared with the group."""

from core.homes import Card
from evaluations.models import Questionnaire
from reports.selectors import session_ids_with_minutes
from sessions.enums import SessionStatus
from sessions.models import LearningSession

LAST_HELD_POSITION = 20


def last_held_cards(*, user, networks) -> dict[int, list[Card]]:
    """One card per network that held a session: three queries whenever there are networks,
    whether they held sessions or not (the minutes and shared results are read for the networks'
    held sessions, a handful each, and kept for the last one)."""
    network_ids = [network.pk for network in networks]
    if not network_ids:
        return {}
    held = LearningSession.objects.filter(network_id__in=network_ids, status=SessionStatus.HELD)
    last: dict[int, LearningSession] = {}
    for session in held.order_by("-starts_at", "-pk").only(
        "pk", "network_id", "number", "title", "starts_at"
    ):
        last.setdefault(session.network_id, session)
    held_ids = held.values("pk")
    with_minutes = session_ids_with_minutes(held_ids)
    shared = {
        questionnaire.session_id: questionnaire
        for questionnaire in Questionnaire.objects.filter(
            session__in=held_ids, results_shared=True
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
