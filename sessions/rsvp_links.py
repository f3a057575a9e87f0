"""One-click RSVP links in session emails.

A link carries one member, one session, one answer and the version of the member's RSVP when the
email was made (0: no answer yet), signed with the secret key (salted, so no other signed value of
the project opens it); nothing is stored. It works until the session starts
(``LearningSession.rsvp_open``). Opening it (GET) only shows the session and the answer with a
confirm button: mail scanners open links, so only the POST records, through
``sessions.services.rsvp_set`` as that member, without a password.

A stale link does not silently override: when the member changed their answer on the site after
the email (``rsvp_changed_since``: the RSVP's version moved on and says something else), the page
says so, "You changed your answer to X on <date>; change it to Y?", and only its own POST, which
carries the version it showed, writes. Links made before versions were signed count as version 0.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

from sessions import links
from sessions.enums import RsvpAnswer

RSVP_LINK_SALT = "leernet.sessions.rsvp-link"


@dataclass(frozen=True)
class RsvpLink:
    session_id: int
    user_id: int
    answer: str
    version: int = 0


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def rsvp_link_token(*, session_id: int, user_id: int, answer: str, version: int = 0) -> str:
    """``version``: of the member's RSVP when the link is made (0: none yet)."""
    return signing.dumps([session_id, user_id, answer, version], salt=RSVP_LINK_SALT, compress=True)


def rsvp_link_url(*, session_id: int, user_id: int, answer: str, version: int = 0) -> str:
    token = rsvp_link_token(session_id=session_id, user_id=user_id, answer=answer, version=version)
    path = links.rsvp_link_path(session_id=session_id, token=token)
    return settings.SITE_URL + path


def rsvp_version(*, session_id: int, user_id: int) -> int:
    """The version of the member's RSVP now (0: no answer yet)."""
    # sessions.models imports this module (the session emails carry the links).
    from sessions.models import Rsvp  # noqa: PLC0415 (cycle: sessions.models)

    version = (
        Rsvp.objects.filter(session_id=session_id, user_id=user_id)
        .values_list("version", flat=True)
        .first()
    )
    return version or 0


def rsvp_link_urls(*, session_id: int, user_id: int) -> list[tuple[str, str]]:
    """(label, absolute URL) for every answer, against the member's RSVP as it is now; the
    labels are lazy (the email's language)."""
    version = rsvp_version(session_id=session_id, user_id=user_id)
    return [
        (
            label,
            rsvp_link_url(session_id=session_id, user_id=user_id, answer=answer, version=version),
        )
        for answer, label in RsvpAnswer.choices
    ]


def rsvp_link_read(token: str) -> RsvpLink | None:
    """What a token says, or None if it was not made by ``rsvp_link_token`` (forged, changed)."""
    try:
        value = signing.loads(token, salt=RSVP_LINK_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(value, list) or len(value) not in (3, 4):
        return None
    session_id, user_id, answer, *rest = value
    version = rest[0] if rest else 0  # a link from before versions were signed
    if not all(map(_is_int, (session_id, user_id, version))) or version < 0:
        return None
    if answer not in RsvpAnswer.values:
        return None
    return RsvpLink(session_id=session_id, user_id=user_id, answer=answer, version=version)


def rsvp_changed_since(rsvp, *, version: int, answer: str) -> bool:
    """Whether saving ``answer`` would override a different answer the member gave after
    ``version`` (the version a link or page was made against): then they are asked first."""
    return rsvp is not None and rsvp.version != version and rsvp.answer != answer
