"""One-click RSVP links in session emails.

A link carries one member, one session and one answer, signed with the secret key (salted, so no
other signed value of the project opens it); nothing is stored. It works until the session
starts (``LearningSession.rsvp_open``). Opening it (GET) only shows the session and the answer
with a confirm button: mail scanners open links, so only the POST records, through
``sessions.services.rsvp_set`` as that member, without a password.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

from sessions.enums import RsvpAnswer

RSVP_LINK_SALT = "leernet.sessions.rsvp-link"


@dataclass(frozen=True)
class RsvpLink:
    session_id: int
    user_id: int
    answer: str


def rsvp_link_token(*, session_id: int, user_id: int, answer: str) -> str:
    return signing.dumps([session_id, user_id, answer], salt=RSVP_LINK_SALT, compress=True)


def rsvp_link_url(*, session_id: int, user_id: int, answer: str) -> str:
    token = rsvp_link_token(session_id=session_id, user_id=user_id, answer=answer)
    path = reverse("sessions:rsvp_link", kwargs={"pk": session_id, "token": token})
    return settings.SITE_URL + path


def rsvp_link_urls(*, session_id: int, user_id: int) -> list[tuple[str, str]]:
    """(label, absolute URL) for every answer; the labels are lazy (the email's language)."""
    return [
        (label, rsvp_link_url(session_id=session_id, user_id=user_id, answer=answer))
        for answer, label in RsvpAnswer.choices
    ]


def rsvp_link_read(token: str) -> RsvpLink | None:
    """What a token says, or None if it was not made by ``rsvp_link_token`` (forged, changed)."""
    try:
        session_id, user_id, answer = signing.loads(token, salt=RSVP_LINK_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(session_id, int) or not isinstance(user_id, int):
        return None
    if answer not in RsvpAnswer.values:
        return None
    return RsvpLink(session_id=session_id, user_id=user_id, answer=answer)
