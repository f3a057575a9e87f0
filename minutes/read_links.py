"""The signed "I have read it" link of the catch-up pack (the minutes email to a member who
missed the session).

Like the one-click RSVP links (sessions/rsvp_links.py): the link carries one version of the
minutes and one member, signed with the secret key under its own salt, and nothing is stored.
Opening it (GET) shows the member what they confirm with a button and writes nothing (mail
scanners open links); the POST records the read once (``minutes.services.minutes_mark_read``
with ``via=link``), without a password. No tracking pixel: only the member's own click counts.
"""

from dataclasses import dataclass

from django.core import signing

from minutes import links

READ_LINK_SALT = "leernet.reports.read-link"


@dataclass(frozen=True)
class ReadLink:
    version_id: int
    user_id: int


def read_link_token(*, version_id: int, user_id: int) -> str:
    return signing.dumps([version_id, user_id], salt=READ_LINK_SALT, compress=True)


def read_link_url(*, session_id: int, version_id: int, user_id: int) -> str:
    token = read_link_token(version_id=version_id, user_id=user_id)
    return links.absolute(links.read_link_path(session_id=session_id, token=token))


def read_link_read(token: str) -> ReadLink | None:
    """What a token says, or None if ``read_link_token`` did not make it (forged, changed)."""
    try:
        version_id, user_id = signing.loads(token, salt=READ_LINK_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(version_id, int) or not isinstance(user_id, int):
        return None
    return ReadLink(version_id=version_id, user_id=user_id)
