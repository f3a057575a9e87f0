"""The "what happened last" card on the homes (pages/networks/views.py renders it with
``reports/cards/last_held.html``): the last held session of each network, its published minutes
and its evaluation results once they are shared with the group."""

from django.db.models import OuterRef, Subquery

from evaluations.models import Questionnaire
from minutes.selectors import published_minutes_exist
from sessions.enums import SessionStatus
from sessions.models import LearningSession


def last_held_cards(*, user, networks) -> dict[int, dict]:
    """One card (its context) per network that held a session: one query whenever there are
    networks, whether they held sessions or not (the networks' held sessions, a handful each,
    each with whether its minutes are published and which questionnaire shares its results; the
    last one is kept)."""
    network_ids = [network.pk for network in networks]
    if not network_ids:
        return {}
    shared = Questionnaire.objects.filter(session=OuterRef("pk"), results_shared=True)
    held = (
        LearningSession.objects.filter(network_id__in=network_ids, status=SessionStatus.HELD)
        .order_by("-starts_at", "-pk")
        .only("pk", "network_id", "number", "title", "starts_at")
        .annotate(
            has_minutes=published_minutes_exist(),
            shared_results_pk=Subquery(shared.order_by("pk").values("pk")[:1]),
        )
    )
    last: dict[int, LearningSession] = {}
    for session in held:
        last.setdefault(session.network_id, session)
    return {
        network_id: {
            "session": session,
            "has_minutes": session.has_minutes,
            "shared_results_pk": session.shared_results_pk,
        }
        for network_id, session in last.items()
    }
