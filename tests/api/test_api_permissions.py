"""The URL × role matrix, extended to the API: every endpoint under /api/v1/ tried with a token
of each kind of caller (and none, and one without the scope), with the status it must answer.
A new endpoint without a row fails ``test_every_api_url_has_an_expectation``; breaking the door
on purpose makes the matrix fail (``test_matrix_bites_when_the_door_is_broken``)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from api import doors
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db

CALLERS = [
    "facilitator",
    "member",
    "coordinator",
    "other_coordinator",
    "outsider",
    "no_token",
    "wrong_scope",
    "integration",
    "other_integration",
]
PERSONS = ("facilitator", "member", "coordinator", "other_coordinator", "outsider")
OK, UNAUTHENTICATED, FORBIDDEN, NF = 200, 401, 403, 404
EVERYONE_OK = dict.fromkeys(CALLERS, OK)


def persons(**special):
    """A person-only endpoint: no token 401, a token without the scope or an integration's 403,
    every person 404 unless named."""
    row = dict.fromkeys(PERSONS, NF)
    row.update(no_token=UNAUTHENTICATED, wrong_scope=FORBIDDEN)
    row.update(integration=FORBIDDEN, other_integration=FORBIDDEN)
    row.update(special)
    return row


# name: (method, object of the pk, {caller: status})
EXPECTED = {
    "api:schema": ("get", None, EVERYONE_OK),
    "api:directory": ("get", None, EVERYONE_OK),
    "api:me": ("get", None, persons(**dict.fromkeys(PERSONS, OK))),
    "api:networks": ("get", None, persons(**dict.fromkeys(PERSONS, OK))),
    "api:network": ("get", "network", persons(facilitator=OK, member=OK)),
    "api:members": ("get", "network", persons(facilitator=OK)),
    "api:network_sessions": ("get", "network", persons(facilitator=OK, member=OK)),
    "api:evaluations": ("get", "network", persons(facilitator=OK, member=OK)),
    "api:session": ("get", "session", persons(facilitator=OK, member=OK)),
    "api:rsvp": ("put", "session", persons(member=OK)),
    "api:attendance": ("get", "session", persons(facilitator=OK)),
    "api:minutes": ("get", "session", persons(facilitator=OK, member=OK)),
    "api:results": ("get", "questionnaire", persons(facilitator=OK, member=OK)),
    "api:participation": (
        "get",
        "organisation",
        {
            **persons(coordinator=OK),
            "integration": OK,
            "other_integration": NF,
        },
    ),
}
# The JSON 404 for any other path under /api/ (no endpoint).
NOT_ENDPOINTS = {"api:not_found"}


def _api_names():
    def walk(resolver, namespace=""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}{pattern.name}"

    return {name for name in walk(get_resolver()) if name.startswith("api:")}


def test_every_api_url_has_an_expectation():
    assert _api_names() - NOT_ENDPOINTS == set(EXPECTED)


def _call(client, world, name, caller):
    method, obj, _row = EXPECTED[name]
    kwargs = {"pk": world["ids"][obj]} if obj else {}
    url = reverse(name, kwargs=kwargs)
    headers = {} if caller == "no_token" else bearer(world["tokens"][caller])
    if method == "put":
        return client.put(url, {"answer": "attending"}, content_type="application/json", **headers)
    return client.get(url, **headers)


def _mismatches(client, world) -> list[tuple[str, str, int, int]]:
    wrong = []
    for name, (_method, _obj, row) in sorted(EXPECTED.items()):
        for caller in CALLERS:
            response = _call(client, world, name, caller)
            if response.status_code != row[caller]:
                wrong.append((name, caller, row[caller], response.status_code))
            if response.status_code >= 400:
                body = response.json()
                assert set(body) >= {"error", "message"}, (name, caller, body)
    return wrong


def test_api_answers_each_caller_as_expected(client, api_world):
    assert _mismatches(client, api_world) == []


def test_matrix_bites_when_the_door_is_broken(client, api_world, monkeypatch):
    """Broken on purpose: a door that lets every signed-in caller through."""
    monkeypatch.setattr(doors, "_check_network", lambda user, network, permission: None)
    wrong = _mismatches(client, api_world)
    assert ("api:network", "outsider", NF, OK) in wrong
    assert ("api:members", "member", NF, OK) in wrong
