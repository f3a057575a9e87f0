"""The signed link in a speaker's brief with which they confirm it.

The link carries one speaker id, signed with the secret key (salted, so no other signed value of
the project opens it); nothing is stored. A forged or changed token, or one for another speaker,
opens nothing (the view answers 404). Opening the link (GET) shows the session and a button: mail
scanners open links, so only the POST records the confirmation, once
(``sessions.services.speaker_confirm``)."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SPEAKER_CONFIRM_SALT = "leernet.sessions.speaker-confirm"


def speaker_confirm_token(*, speaker_id: int) -> str:
    return signing.dumps(speaker_id, salt=SPEAKER_CONFIRM_SALT)


def speaker_confirm_url(*, speaker_id: int) -> str:
    token = speaker_confirm_token(speaker_id=speaker_id)
    path = reverse("sessions:speaker_confirm", kwargs={"speaker_id": speaker_id, "token": token})
    return settings.SITE_URL + path


def speaker_confirm_read(token: str) -> int | None:
    """The speaker id a token was made for, or None (forged, changed, another salt)."""
    try:
        speaker_id = signing.loads(token, salt=SPEAKER_CONFIRM_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return speaker_id if isinstance(speaker_id, int) and not isinstance(speaker_id, bool) else None
