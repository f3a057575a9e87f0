"""The pages' links the reports app hands out: the steps of the method's checklist
(reports/checklist.py) and its to-do. The one module of the app that names the pages' URLs
(tests/test_import_direction.py); the links the apps below already hand out are theirs."""

from django.urls import reverse
from django.utils.http import urlencode

from evaluations.links import intake_path, results_path, vote_path
from minutes.links import minutes_edit_path
from networks.links import manage_members_path
from sessions.links import attendance_path, session_path

__all__ = [
    "attendance_path",
    "evaluations_path",
    "final_open_path",
    "goals_path",
    "intake_path",
    "manage_members_path",
    "minutes_edit_path",
    "network_edit_path",
    "network_status_path",
    "report_path",
    "results_path",
    "session_create_path",
    "session_path",
    "timeline_path",
    "vote_path",
]


def _network(name: str, network_id: int) -> str:
    return reverse(name, kwargs={"pk": network_id})


def network_edit_path(network_id: int) -> str:
    return _network("networks:update", network_id)


def network_status_path(network_id: int) -> str:
    return _network("networks:set_status", network_id)


def goals_path(network_id: int) -> str:
    return _network("evaluations:goals", network_id)


def evaluations_path(network_id: int) -> str:
    return _network("evaluations:list", network_id)


def final_open_path(network_id: int) -> str:
    """The evaluations page, at the form that opens the final evaluation (it asks first)."""
    return _network("evaluations:list", network_id) + "#final-evaluation"


def timeline_path(network_id: int) -> str:
    return _network("sessions:timeline", network_id)


def session_create_path(network_id: int, *, kind: str = "") -> str:
    path = _network("sessions:create", network_id)
    return f"{path}?{urlencode({'kind': kind})}" if kind else path


def report_path(network_id: int) -> str:
    return _network("reports:report_pdf", network_id)
