"""What the homes show of sessions (the page layer renders them, pages/networks/views.py): the
next-session card (date, time, place or online link, my RSVP with a one-click answer, my roles — a
note-taker with the minutes deadline —, the agenda and the .ics link), for each network at once,
and the facilitators' announcements on the network's own page. Each returns the context of its
template (``sessions/cards/next_session.html``, ``sessions/cards/announcements.html``)."""

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from networks import rules as network_rules
from networks.selectors import viewer_memberships
from sessions.enums import RsvpAnswer, SessionStatus
from sessions.models import AgendaItem, AgendaRoleAssignment, LearningSession, Rsvp
from sessions.roles import ROLE_ORDER
from sessions.rules import can_rsvp
from sessions.selectors import announcements

ANNOUNCEMENTS_SHOWN = 3


def _upcoming(network_ids: list[int]):
    return LearningSession.objects.filter(
        network_id__in=network_ids, status=SessionStatus.PLANNED, ends_at__gt=timezone.now()
    )


def next_session_cards(*, user, networks) -> dict[int, dict]:
    """One card (its context) per network with a session to come: three queries whenever there
    are networks, whether they have sessions to come or not.

    A network has a handful of planned sessions at most, so reading all of them (each with the
    user's answer, then their agendas and the user's roles) and keeping the first per network in
    Python stays cheap and works on SQLite and PostgreSQL alike."""
    # A closed network's trajectory has ended: no session to answer for.
    network_ids = [network.pk for network in networks if not network.is_closed]
    if not network_ids:
        return {}
    sessions: dict[int, LearningSession] = {}
    mine = Rsvp.objects.filter(session=OuterRef("pk"), user=user)
    for session in (
        _upcoming(network_ids)
        .annotate(my_answer=Subquery(mine.values("answer")[:1]))
        .order_by("starts_at", "pk")
    ):
        sessions.setdefault(session.network_id, session)
    upcoming = _upcoming(network_ids).values("pk")
    agenda: dict[int, list[AgendaItem]] = {}
    for item in AgendaItem.objects.filter(session__in=upcoming).order_by(
        "session_id", "position", "pk"
    ):
        agenda.setdefault(item.session_id, []).append(item)
    my_roles: dict[int, list[AgendaRoleAssignment]] = {}
    for assignment in AgendaRoleAssignment.objects.filter(
        session__in=upcoming, user=user
    ).select_related("item"):
        my_roles.setdefault(assignment.session_id, []).append(assignment)
    by_id = {network.pk: network for network in networks}
    cards: dict[int, dict] = {}
    for network_id, session in sessions.items():
        session.network = by_id[network_id]  # spares the template a query per card
        my_answer = session.my_answer or ""
        cards[network_id] = {
            "session": session,
            "agenda": agenda.get(session.pk, []),
            "my_answer": my_answer,
            "my_roles": sorted(
                my_roles.get(session.pk, []), key=lambda a: ROLE_ORDER.index(a.role)
            ),
            "my_answer_label": RsvpAnswer(my_answer).label if my_answer else "",
            "answers": RsvpAnswer.choices,
            # Members answer; facilitators run the session (no query: the networks carry the
            # viewer's role).
            "can_rsvp": can_rsvp(user, session),
        }
    return cards


def announcement_section(*, user, network) -> dict:
    """The newest announcements on the network's page, with a link to all of them; for a
    facilitator the way to write one, for a member the choice to get them by email (shown even
    before the first message). One query, however many announcements the network has (a
    member's choice comes with their membership, read once per page for the permissions)."""
    latest = list(announcements(network=network)[: ANNOUNCEMENTS_SHOWN + 1])
    is_facilitator = network_rules.is_facilitator(user, network)
    emails_on = None
    if network_rules.is_plain_member(user, network):
        membership = viewer_memberships(user=user).get(network.pk)
        emails_on = membership.announcement_emails if membership is not None else None
    return {
        "announcements": latest[:ANNOUNCEMENTS_SHOWN],
        "more_announcements": len(latest) > ANNOUNCEMENTS_SHOWN,
        "can_announce": is_facilitator,
        "announcement_emails_on": emails_on,
    }


def planned_sessions_ahead(*, network) -> list[LearningSession]:
    """The network's planned sessions still to come, soonest first (for its close page)."""
    return list(
        LearningSession.objects.filter(
            network=network, status=SessionStatus.PLANNED, starts_at__gt=timezone.now()
        ).order_by("starts_at")
    )
