"""The next-session card on the homes (core.homes): date, time, place or online link, my RSVP
with a one-click answer, the agenda and the .ics link, for each network at once."""

from django.utils import timezone

from core.homes import Card
from sessions.enums import RsvpAnswer, SessionStatus
from sessions.models import AgendaItem, LearningSession, Rsvp
from sessions.rules import can_rsvp

NEXT_SESSION_POSITION = 10


def next_sessions(*, network_ids: list[int]) -> dict[int, LearningSession]:
    """The next planned session of each network (one that has not ended yet), in one query.

    Planned sessions still to come are few per network (a trajectory has a handful), so picking
    the first per network in Python stays cheap and works on SQLite and PostgreSQL alike."""
    upcoming = LearningSession.objects.filter(
        network_id__in=network_ids, status=SessionStatus.PLANNED, ends_at__gt=timezone.now()
    ).order_by("starts_at", "pk")
    first: dict[int, LearningSession] = {}
    for session in upcoming:
        first.setdefault(session.network_id, session)
    return first


def next_session_cards(*, user, networks) -> dict[int, list[Card]]:
    """One card per network with a session to come: three queries, however many networks."""
    sessions = next_sessions(network_ids=[network.pk for network in networks])
    if not sessions:
        return {}
    session_ids = [session.pk for session in sessions.values()]
    agenda: dict[int, list[AgendaItem]] = {}
    for item in AgendaItem.objects.filter(session_id__in=session_ids).order_by(
        "session_id", "position", "pk"
    ):
        agenda.setdefault(item.session_id, []).append(item)
    my_answers = dict(
        Rsvp.objects.filter(session_id__in=session_ids, user=user).values_list(
            "session_id", "answer"
        )
    )
    by_id = {network.pk: network for network in networks}
    cards: dict[int, list[Card]] = {}
    for network_id, session in sessions.items():
        session.network = by_id[network_id]  # spares the template a query per card
        my_answer = my_answers.get(session.pk, "")
        cards[network_id] = [
            Card(
                template="sessions/cards/next_session.html",
                position=NEXT_SESSION_POSITION,
                context={
                    "session": session,
                    "agenda": agenda.get(session.pk, []),
                    "my_answer": my_answer,
                    "my_answer_label": RsvpAnswer(my_answer).label if my_answer else "",
                    "answers": RsvpAnswer.choices,
                    # Members answer; facilitators run the session (no query: the networks
                    # carry the viewer's role).
                    "can_rsvp": can_rsvp(user, session),
                },
            )
        ]
    return cards
