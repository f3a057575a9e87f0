"""The pages' links the minutes app hands out: in its emails (the minutes, the catch-up pack and
its reminder, the try-out check-in), its to-dos and its health signal. The one module of the
app that names the pages' URLs (tests/test_import_direction.py); every other module asks it.

Paths for the site's own pages (to-dos, health), ``absolute`` for an email's links."""

from django.conf import settings
from django.urls import reverse


def absolute(path: str) -> str:
    """``path`` on the site, for a link in an email."""
    return settings.SITE_URL + path


def minutes_path(*, session_id: int) -> str:
    """The published minutes of a session."""
    return reverse("reports:minutes", kwargs={"pk": session_id})


def minutes_edit_path(*, session_id: int) -> str:
    """The minutes editor of a session."""
    return reverse("reports:minutes_edit", kwargs={"pk": session_id})


def catch_up_input_path(*, session_id: int) -> str:
    """Where a member who missed a session gives input for the group."""
    return reverse("reports:catch_up_input", kwargs={"pk": session_id})


def read_link_path(*, session_id: int, token: str) -> str:
    """The signed "I have read it" link of the catch-up pack (minutes/read_links.py)."""
    return reverse("reports:read_link", kwargs={"pk": session_id, "token": token})


def my_actions_path() -> str:
    """The signed-in owner's try-out actions."""
    return reverse("reports:my_actions")


def timeline_path(*, network_id: int) -> str:
    """A network's sessions."""
    return reverse("sessions:timeline", kwargs={"pk": network_id})


def minutes_pdf_path(*, session_id: int, number: int) -> str:
    """One published version's PDF (the API's minutes link to it)."""
    return reverse("reports:minutes_pdf", kwargs={"pk": session_id, "number": number})
