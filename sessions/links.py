"""The pages' URLs that sessions' own code names: the links its emails, calendar entries, to-dos
and health signals carry, and the models' ``get_absolute_url``. The one module of the data app
that may reverse the page layer's URL names (tests/test_import_direction.py); each function
returns a path (callers that mail it put ``settings.SITE_URL`` in front)."""

from django.urls import reverse


def session_path(session_id: int) -> str:
    return reverse("sessions:detail", kwargs={"pk": session_id})


def attendance_path(session_id: int) -> str:
    return reverse("sessions:attendance", kwargs={"pk": session_id})


def attendance_overview_path(network_id: int) -> str:
    return reverse("sessions:attendance_overview", kwargs={"pk": network_id})


def questions_path(network_id: int) -> str:
    return reverse("sessions:questions", kwargs={"pk": network_id})


def work_form_path(work_form_id: int) -> str:
    return reverse("sessions:workform_detail", kwargs={"pk": work_form_id})


def announcement_path(*, network_id: int, announcement_id: int) -> str:
    """The announcement in its network's list of announcements."""
    return reverse("sessions:announcements", kwargs={"pk": network_id}) + f"#a{announcement_id}"


def rsvp_link_path(*, session_id: int, token: str) -> str:
    """The one-click RSVP page of a signed token (``sessions.rsvp_links``)."""
    return reverse("sessions:rsvp_link", kwargs={"pk": session_id, "token": token})


def speaker_confirm_link_path(*, speaker_id: int, token: str) -> str:
    """The page where a speaker confirms their brief, of a signed token
    (``sessions.speaker_links``)."""
    return reverse("sessions:speaker_confirm", kwargs={"speaker_id": speaker_id, "token": token})
