"""Contract tests: every operation of the committed schema (docs/api/openapi.yaml) called with
bounded generated examples, with a token of each kind of caller, in-process through Django's
WSGI handler. No 5xx; every status, content type and body conforms to the schema. Then each
operation once with the real objects of a small world, so the bodies of successful answers are
held to the schema too (random ids mostly find nothing)."""

from pathlib import Path

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.yaml"
schema = schemathesis.openapi.from_path(SCHEMA_PATH)
schema.app = WSGIHandler()
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
CALLERS = ["facilitator", "member", "coordinator", "no_token", "wrong_scope", "integration"]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI handler closes the database connection after each request (as in production);
    the test's transaction needs it open, as Django's test client arranges."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(api_world):
    return api_world["tokens"]


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_conforms_for_every_caller(case, tokens):
    for caller in CALLERS:
        headers = {} if caller == "no_token" else {"Authorization": f"Bearer {tokens[caller]}"}
        case.call_and_validate(headers=headers, checks=CHECKS)


PATH_IDS = {
    "/api/v1/networks/{id}": "network",
    "/api/v1/networks/{id}/members": "network",
    "/api/v1/networks/{id}/sessions": "network",
    "/api/v1/networks/{id}/evaluations": "network",
    "/api/v1/sessions/{id}": "session",
    "/api/v1/sessions/{id}/rsvp": "session",
    "/api/v1/sessions/{id}/attendance": "session",
    "/api/v1/sessions/{id}/minutes": "session",
    "/api/v1/evaluations/{id}/results": "questionnaire",
    "/api/v1/organisations/{id}/participation": "organisation",
}


@pytest.mark.django_db
def test_each_operation_answers_the_real_objects_as_the_schema_says(api_world, person_app):
    ok = []
    for operation in schema.get_all_operations():
        operation = operation.ok()
        path, method = operation.path, operation.method.upper()
        obj = PATH_IDS.get(path)
        for caller in ("facilitator", "member", "coordinator", "integration"):
            kwargs = {"path_parameters": {"id": api_world["ids"][obj]}} if obj else {}
            if method == "PUT":
                kwargs["body"] = {"answer": "attending"}
                kwargs["media_type"] = "application/json"
            case = operation.Case(
                headers={"Authorization": f"Bearer {api_world['tokens'][caller]}"}, **kwargs
            )
            response = case.call_and_validate(checks=CHECKS)
            if response.status_code == 200:
                ok.append((method, path))
    # Every operation answered 200 to someone with a real body that conformed.
    assert {p for _m, p in ok} == {op.ok().path for op in schema.get_all_operations()}
