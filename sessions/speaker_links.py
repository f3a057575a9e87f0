"""The signed link in a speaker's brief with which they confirm it.

The link carries one speaker id and the version of the brief its email carried, signed with the
secret key (salted, so no other signed value of the project opens it); nothing is stored. A
forged or changed token, or one for another speaker, opens nothing (the view answers 404).
Opening the link (GET) shows the session and a button: mail scanners open links, so only the
POST records the confirmation of that version, once (``sessions.services.speaker_confirm``).
The link of an older version never confirms a newer one: its page says a newer version exists
and links to it.

Links sent before versions were signed carry the speaker id alone; they count as version 1 (at
worst the speaker is asked to open the newer version's link)."""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

from sessions import links

SPEAKER_CONFIRM_SALT = "leernet.sessions.speaker-confirm"


@dataclass(frozen=True)
class SpeakerConfirmLink:
    speaker_id: int
    version: int


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def speaker_confirm_token(*, speaker_id: int, version: int) -> str:
    return signing.dumps([speaker_id, version], salt=SPEAKER_CONFIRM_SALT)


def speaker_confirm_path(*, speaker_id: int, version: int) -> str:
    token = speaker_confirm_token(speaker_id=speaker_id, version=version)
    return links.speaker_confirm_link_path(speaker_id=speaker_id, token=token)


def speaker_confirm_url(*, speaker_id: int, version: int) -> str:
    return settings.SITE_URL + speaker_confirm_path(speaker_id=speaker_id, version=version)


def speaker_confirm_read(token: str) -> SpeakerConfirmLink | None:
    """The speaker and brief version a token was made for, or None (forged, changed, another
    salt)."""
    try:
        value = signing.loads(token, salt=SPEAKER_CONFIRM_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if _is_int(value):  # a link from before versions were signed
        return SpeakerConfirmLink(speaker_id=value, version=1)
    if not (isinstance(value, list) and len(value) == 2 and all(map(_is_int, value))):
        return None
    speaker_id, version = value
    return SpeakerConfirmLink(speaker_id=speaker_id, version=version) if version > 0 else None
