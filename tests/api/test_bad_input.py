"""Bad input to the API: a JSON error with a translated message and the right status, nothing
written, never a 500."""

import datetime

import pytest
from allauth.idp.oidc.models import Token
from django.urls import reverse
from django.utils import timezone

from sessions.models import Rsvp
from tests.api.conftest import bearer, make_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def rsvp_url(api_world):
    return reverse("api:rsvp", kwargs={"pk": api_world["ids"]["session"]})


def _put(client, url, body, token, **extra):
    return client.put(url, body, content_type="application/json", **bearer(token), **extra)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"answer": "attending"', None),  # malformed JSON
        ('{"answer": 3}', "answer"),  # wrong type
        ('{"answer": "perhaps"}', "answer"),  # not a choice
        ('{"answer": "attending", "apology": "x"}', "apology"),  # unknown field
        ('["attending"]', "non_field_errors"),  # not an object
        ('{"answer": "attending", "version": "one"}', "version"),
    ],
)
def test_bad_rsvp_bodies_are_refused_in_dutch_and_write_nothing(
    client, api_world, rsvp_url, body, field
):
    response = _put(client, rsvp_url, body, api_world["tokens"]["member"])
    assert response.status_code == 400
    data = response.json()
    assert data["error"] in ("invalid", "parse_error")
    assert response["Content-Language"] == "nl"
    if field:
        assert field in data["fields"]
    else:
        assert "JSON" in data["message"]
    assert not Rsvp.objects.exists()


def test_unknown_field_message_follows_accept_language(client, api_world, rsvp_url):
    response = _put(
        client,
        rsvp_url,
        '{"answer": "attending", "apology": "x"}',
        api_world["tokens"]["member"],
        HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8",
    )
    assert response.status_code == 400
    assert response.json()["fields"]["apology"] == ["This field is not known."]
    assert response.json()["message"] == "Some fields were not valid: see 'fields'."
    dutch = _put(
        client, rsvp_url, '{"answer": "attending", "apology": "x"}', api_world["tokens"]["member"]
    )
    assert dutch.json()["fields"]["apology"] == ["Dit veld is onbekend."]


def test_a_huge_body_is_refused_before_it_is_read(client, api_world, rsvp_url):
    body = '{"answer": "attending", "x": "' + "a" * 100_000 + '"}'
    response = _put(client, rsvp_url, body, api_world["tokens"]["member"])
    assert response.status_code == 413
    assert response.json()["error"] == "too_large"
    assert not Rsvp.objects.exists()


@pytest.mark.parametrize("cursor", ["nonsense", "cD0x%%%", "", "Y3Vyc29y"])
def test_a_bad_cursor_is_a_400(client, api_world, cursor):
    response = client.get(
        reverse("api:network_sessions", kwargs={"pk": api_world["ids"]["network"]}),
        {"cursor": cursor or "=", "page_size": "10"},
        **bearer(api_world["tokens"]["member"]),
    )
    assert response.status_code == 400
    assert "cursor" in response.json()["fields"]


@pytest.mark.parametrize("size", ["0", "-1", "abc", "100000"])
def test_a_bad_page_size_is_a_400(client, api_world, size):
    response = client.get(reverse("api:directory"), {"page_size": size})
    assert response.status_code == 400
    assert "page_size" in response.json()["fields"]


def test_expired_revoked_and_unknown_tokens_are_401(client, api_world, person_app):
    member = api_world["users"]["member"]
    expired = make_token(client=person_app, user=member, expires_in=-10)
    revoked = make_token(client=person_app, user=member)
    Token.objects.filter(
        user=member, expires_at__gt=timezone.now() + datetime.timedelta(minutes=59)
    ).last()
    Token.objects.filter(user=member).order_by("-pk").first().delete()  # the last one: revoked
    for value in (expired, revoked, "not-a-token", "x" * 3000):
        response = client.get(reverse("api:me"), **bearer(value))
        assert response.status_code == 401, value[:20]
        assert response.json()["error"] == "authentication_failed"
        assert response["WWW-Authenticate"].startswith("Bearer")
    basic = client.get(reverse("api:me"), HTTP_AUTHORIZATION="Basic dXNlcjpwdw==")
    assert basic.status_code == 401


def test_wrong_scope_is_a_403_that_says_so(client, api_world):
    response = client.get(reverse("api:me"), **bearer(api_world["tokens"]["wrong_scope"]))
    assert response.status_code == 403
    assert response.json()["error"] == "insufficient_scope"


def test_an_unknown_path_is_a_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_idempotency_key_replays_the_first_answer(client, api_world, rsvp_url):
    token = api_world["tokens"]["member"]
    key = "key-" + "a" * 24
    first = _put(client, rsvp_url, '{"answer": "attending"}', token, HTTP_IDEMPOTENCY_KEY=key)
    again = _put(client, rsvp_url, '{"answer": "maybe"}', token, HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == again.status_code == 200
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert Rsvp.objects.get().answer == "attending"
    assert Rsvp.objects.get().version == 1
    bad = _put(client, rsvp_url, '{"answer": "maybe"}', token, HTTP_IDEMPOTENCY_KEY="short")
    assert bad.status_code == 400
    assert "Idempotency-Key" in bad.json()["fields"]


def test_rsvp_with_a_stale_version_is_a_409_and_writes_nothing(client, api_world, rsvp_url):
    token = api_world["tokens"]["member"]
    assert _put(client, rsvp_url, '{"answer": "attending"}', token).json()["version"] == 1
    assert _put(client, rsvp_url, '{"answer": "maybe"}', token).json()["version"] == 2
    stale = _put(client, rsvp_url, '{"answer": "not_attending", "version": 1}', token)
    assert stale.status_code == 409
    assert Rsvp.objects.get().answer == "maybe"


def test_lists_carry_an_etag_and_answer_304_when_unchanged(client, api_world):
    url = reverse("api:network_sessions", kwargs={"pk": api_world["ids"]["network"]})
    token = api_world["tokens"]["member"]
    first = client.get(url, **bearer(token))
    assert first.status_code == 200
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"], **bearer(token))
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]


def test_throttling_counts_per_token(client, api_world, settings, monkeypatch):
    from api.throttling import TokenRateThrottle

    monkeypatch.setattr(
        TokenRateThrottle, "THROTTLE_RATES", {"token": "3/min", "anonymous": "3/min"}
    )
    url = reverse("api:me")
    member, facilitator = api_world["tokens"]["member"], api_world["tokens"]["facilitator"]
    statuses = [client.get(url, **bearer(member)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get(url, **bearer(facilitator)).status_code == 200
    limited = client.get(url, **bearer(member))
    assert limited.json()["error"] == "throttled"
