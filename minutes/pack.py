"""The catch-up pack: what the minutes email and its reminder tell a member who missed the
session, beyond the minutes themselves. Their own actions come from the version being sent (its
content snapshot names each action's owner); the next session, its agenda and the one-click RSVP
links (sessions/rsvp_links.py, as in the session emails) are read when the email is built, so
they are current."""

from django.utils import timezone

from minutes import links
from minutes.read_links import read_link_url
from sessions.enums import SessionStatus
from sessions.models import LearningSession
from sessions.rsvp_links import rsvp_link_urls


def next_session_after(session: LearningSession) -> LearningSession | None:
    """The network's first planned session after ``session`` that has not started yet."""
    after = max(session.starts_at, timezone.now())
    return (
        LearningSession.objects.filter(
            network_id=session.network_id, status=SessionStatus.PLANNED, starts_at__gt=after
        )
        .order_by("starts_at", "pk")
        .first()
    )


def own_actions(content: dict, user_id: int) -> list[dict]:
    """The actions of a version's snapshot whose owner is ``user_id`` (their due date stays the
    snapshot's ISO text: the templates show it through the ``isodate`` filter)."""
    return [action for action in content.get("actions", []) if action.get("owner") == user_id]


def pack_context(*, version, session: LearningSession, recipient) -> dict:
    """The template context the pack adds to the minutes email of an absent member."""
    upcoming = next_session_after(session)
    agenda, rsvp_links = [], []
    if upcoming is not None:
        agenda = list(upcoming.agenda.select_related("work_form"))
        if upcoming.rsvp_open:
            rsvp_links = rsvp_link_urls(session_id=upcoming.pk, user_id=recipient.pk)
    return {
        "content": version.content,
        "my_actions": own_actions(version.content, recipient.pk),
        "next_session": upcoming,
        "next_agenda": agenda,
        "next_url": links.absolute(upcoming.get_absolute_url()) if upcoming else "",
        "rsvp_links": rsvp_links,
        "read_url": read_link_url(
            session_id=session.pk, version_id=version.pk, user_id=recipient.pk
        ),
        "input_url": links.absolute(links.catch_up_input_path(session_id=session.pk)),
    }
