"""The pages' links the reports app hands out: the steps of the method's checklist
(reports/checklist.py) and its to-do. The one module of the app that names the pages' URLs
(tests/test_import_direction.py)."""

from django.urls import reverse
from django.utils.http import urlencode


def _network(name: str, network_id: int) -> str:
    return reverse(name, kwargs={"pk": network_id})


def network_path(network_id: int) -> str:
    return _network("networks:detail", network_id)


def network_edit_path(network_id: int) -> str:
    return _network("networks:update", network_id)


def network_status_path(network_id: int) -> str:
    return _network("networks:set_status", network_id)


def manage_members_path(network_id: int) -> str:
    return _network("networks:manage_members", network_id)


def intake_path(network_id: int) -> str:
    return _network("evaluations:intake", network_id)


def goals_path(network_id: int) -> str:
    return _network("evaluations:goals", network_id)


def vote_path(network_id: int, vote_id: int) -> str:
    return reverse("evaluations:vote", kwargs={"pk": network_id, "vote_id": vote_id})


def evaluations_path(network_id: int) -> str:
    return _network("evaluations:list", network_id)


def final_open_path(network_id: int) -> str:
    """The evaluations page, at the form that opens the final evaluation (it asks first)."""
    return _network("evaluations:list", network_id) + "#final-evaluation"


def results_path(questionnaire_id: int) -> str:
    return reverse("evaluations:results", kwargs={"pk": questionnaire_id})


def timeline_path(network_id: int) -> str:
    return _network("sessions:timeline", network_id)


def session_create_path(network_id: int, *, kind: str = "") -> str:
    path = _network("sessions:create", network_id)
    return f"{path}?{urlencode({'kind': kind})}" if kind else path


def session_path(session_id: int) -> str:
    return reverse("sessions:detail", kwargs={"pk": session_id})


def attendance_path(session_id: int) -> str:
    return reverse("sessions:attendance", kwargs={"pk": session_id})


def minutes_edit_path(session_id: int) -> str:
    return reverse("reports:minutes_edit", kwargs={"pk": session_id})


def report_path(network_id: int) -> str:
    return _network("reports:report_pdf", network_id)
