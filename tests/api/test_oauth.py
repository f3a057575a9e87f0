"""Leernet's own OAuth 2 / OpenID Connect provider, end to end through its real endpoints:
client credentials for an organisation's integration (made with ``manage.py api_client``),
authorization code with PKCE and the consent page for a person's app, refresh tokens that
rotate, and revoking."""

import base64
import hashlib
import io
import secrets
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from allauth.idp.oidc.models import Client, Token
from django.core.management import call_command
from django.urls import reverse

from accounts.audit import AuditAction
from accounts.oauth import api_client_revoke, integration_of
from core.models import AuditEvent
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db
TOKEN_URL = "/identity/o/api/token"
REDIRECT = "http://127.0.0.1:9/callback"


def _client_credentials(client, client_id, secret, scope="participation:read"):
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return client.post(
        TOKEN_URL,
        {"grant_type": "client_credentials", "scope": scope},
        HTTP_AUTHORIZATION=f"Basic {basic}",
    )


def _command(organisation, *scopes) -> tuple[str, str]:
    out = io.StringIO()
    args = ["--organisation", str(organisation.pk), "--name", "HR"]
    for scope in scopes:
        args += ["--scope", scope]
    call_command("api_client", *args, stdout=out)
    values = dict(line.split("=", 1) for line in out.getvalue().split())
    return values["client_id"], values["client_secret"]


def test_discovery_lists_the_grants(client):
    config = client.get("/.well-known/openid-configuration").json()
    assert {"authorization_code", "client_credentials", "refresh_token"} <= set(
        config["grant_types_supported"]
    )
    assert config["token_endpoint"].endswith(TOKEN_URL)


def test_an_integration_reads_its_organisations_participation(client, api_world):
    organisation = api_world["organisation"]
    client_id, secret = _command(organisation, "participation:read")
    token = _client_credentials(client, client_id, secret)
    assert token.status_code == 200, token.content
    access = token.json()["access_token"]
    url = reverse("api:participation", kwargs={"pk": organisation.pk})
    response = client.get(url, **bearer(access))
    assert response.status_code == 200
    rows = response.json()["rows"]
    assert [row["full_name"] for row in rows] == [api_world["users"]["member"].full_name]
    event = AuditEvent.objects.filter(action=AuditAction.API_SCOPE_USED).latest("pk")
    assert event.detail == f"participation:read client {client_id} organisation {organisation.pk}"


def test_an_integration_cannot_ask_for_more_or_read_people(client, api_world):
    client_id, secret = _command(api_world["organisation"], "participation:read")
    assert _client_credentials(client, client_id, secret, scope="members:read").status_code == 400
    access = _client_credentials(client, client_id, secret).json()["access_token"]
    assert client.get(reverse("api:me"), **bearer(access)).status_code == 403
    other = reverse("api:network", kwargs={"pk": api_world["ids"]["network"]})
    assert client.get(other, **bearer(access)).status_code == 403


def test_the_command_refuses_an_unknown_scope(api_world):
    with pytest.raises(Exception, match="members:contact"):
        _command(api_world["organisation"], "members:contact")


def test_a_wrong_secret_gets_no_token(client, api_world):
    client_id, _secret = _command(api_world["organisation"], "participation:read")
    assert _client_credentials(client, client_id, "wrong").status_code == 401


def _pkce():
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    return verifier, challenge.decode()


def test_a_person_connects_an_app_with_pkce_and_consent(client, api_world, person_app):
    member = api_world["users"]["member"]
    client.force_login(member)
    verifier, challenge = _pkce()
    params = {
        "client_id": person_app.id,
        "response_type": "code",
        "redirect_uri": REDIRECT,
        "scope": "openid networks:read sessions:read",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "state": "xyz",
    }
    consent = client.get("/identity/o/authorize", params)
    assert consent.status_code == 200
    page = consent.content.decode()
    assert "Mijn agenda-app" in page
    assert "See the networks you take part in" in page or "netwerken" in page
    request_value = consent.context["form"]["request"].value()
    granted = client.post(
        "/identity/o/authorize",
        {
            "request": request_value,
            "action": "grant",
            "scopes": ["openid", "networks:read", "sessions:read"],
        },
    )
    assert granted.status_code == 302
    query = parse_qs(urlsplit(granted["Location"]).query)
    assert query["state"] == ["xyz"]
    client.logout()
    token = client.post(
        TOKEN_URL,
        {
            "grant_type": "authorization_code",
            "code": query["code"][0],
            "redirect_uri": REDIRECT,
            "client_id": person_app.id,
            "code_verifier": verifier,
        },
    )
    assert token.status_code == 200, token.content
    body = token.json()
    networks = client.get(reverse("api:networks"), **bearer(body["access_token"]))
    assert networks.status_code == 200
    assert [n["id"] for n in networks.json()["results"]] == [api_world["ids"]["network"]]
    # The refresh token rotates: the old one works once.
    refreshed = client.post(
        TOKEN_URL,
        {
            "grant_type": "refresh_token",
            "refresh_token": body["refresh_token"],
            "client_id": person_app.id,
        },
    )
    assert refreshed.status_code == 200, refreshed.content
    assert refreshed.json()["refresh_token"] != body["refresh_token"]
    again = client.post(
        TOKEN_URL,
        {
            "grant_type": "refresh_token",
            "refresh_token": body["refresh_token"],
            "client_id": person_app.id,
        },
    )
    assert again.status_code == 400


def test_a_wrong_code_verifier_gets_no_token(client, api_world, person_app):
    client.force_login(api_world["users"]["member"])
    _verifier, challenge = _pkce()
    consent = client.get(
        "/identity/o/authorize",
        {
            "client_id": person_app.id,
            "response_type": "code",
            "redirect_uri": REDIRECT,
            "scope": "openid networks:read",
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        },
    )
    granted = client.post(
        "/identity/o/authorize",
        {
            "request": consent.context["form"]["request"].value(),
            "action": "grant",
            "scopes": ["openid", "networks:read"],
        },
    )
    code = parse_qs(urlsplit(granted["Location"]).query)["code"][0]
    token = client.post(
        TOKEN_URL,
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "client_id": person_app.id,
            "code_verifier": secrets.token_urlsafe(48),
        },
    )
    assert token.status_code == 400
    # The api_world's own token for the member is the only one: none was issued here.
    assert (
        Token.objects.filter(
            type=Token.Type.ACCESS_TOKEN, user=api_world["users"]["member"], client=person_app
        ).count()
        == 1
    )


def test_revoking_an_integration_kills_its_tokens(client, api_world):
    client_id, secret = _command(api_world["organisation"], "participation:read")
    access = _client_credentials(client, client_id, secret).json()["access_token"]
    api_client_revoke(
        integration=integration_of(client_id), acting_user=api_world["users"]["coordinator"]
    )
    url = reverse("api:participation", kwargs={"pk": api_world["organisation"].pk})
    assert client.get(url, **bearer(access)).status_code == 401
    assert not Client.objects.filter(pk=client_id).exists()


def test_a_script_gets_a_token_with_the_device_code(client, api_world, settings):
    settings.IDP_OIDC_DEVICE_CODE_INTERVAL = 0  # the script may poll at once (default 5 s)
    script = Client(name="Mijn script", type=Client.Type.PUBLIC)
    script.set_scopes(["openid", "sessions:read"])
    script.set_grant_types([Client.GrantType.DEVICE_CODE])
    script.save()
    started = client.post(
        "/identity/o/api/device/code",
        urlencode({"client_id": script.id, "scope": "openid sessions:read"}),
        content_type="application/x-www-form-urlencoded",
    )
    assert started.status_code == 200, started.content
    codes = started.json()
    waiting = client.post(
        TOKEN_URL,
        {
            "grant_type": Client.GrantType.DEVICE_CODE,
            "device_code": codes["device_code"],
            "client_id": script.id,
        },
    )
    assert waiting.json()["error"] == "authorization_pending"
    client.force_login(api_world["users"]["member"])
    page = client.get("/identity/o/device", {"code": codes["user_code"]})
    assert page.status_code == 200
    assert "Mijn script" in page.content.decode()
    confirmed = client.post(
        "/identity/o/device?" + urlencode({"code": codes["user_code"]}), {"action": "confirm"}
    )
    assert confirmed.status_code == 200
    client.logout()
    token = client.post(
        TOKEN_URL,
        {
            "grant_type": Client.GrantType.DEVICE_CODE,
            "device_code": codes["device_code"],
            "client_id": script.id,
        },
    )
    assert token.status_code == 200, token.content
    session = reverse("api:session", kwargs={"pk": api_world["ids"]["session"]})
    assert client.get(session, **bearer(token.json()["access_token"])).status_code == 200
