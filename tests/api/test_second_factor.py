"""Two-factor parity between the pages and the API: a network that requires two-factor sign-in of
its facilitators opens its pages only in a browser session that gave the second factor
(tests/networks/test_facilitator_mfa.py), and its API endpoints only to a token that was granted
in such a session (the consent of the authorization-code flow, the device-code confirmation;
``accounts.models.OAuthGrant``). Refreshing keeps what the first token had. Everything runs
through the provider's real endpoints and allauth's real sign-in with a real TOTP code."""

import base64
import datetime
import hashlib
import secrets
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from allauth.idp.oidc.models import Client, Token
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client as Browser
from django.urls import reverse
from django.utils import timezone

from accounts.models import OAuthGrant
from accounts.services import user_delete_account
from accounts.tasks import clear_expired_tokens
from api import doors
from tests.api.conftest import bearer
from tests.factories import PASSWORD
from tests.utils import totp_code

pytestmark = pytest.mark.django_db
TOKEN_URL = "/identity/o/api/token"
REDIRECT = "http://127.0.0.1:9/callback"
SCOPE = "openid networks:read sessions:read members:read attendance:read"
SET_UP = (
    "%s asks its facilitators to use two-factor sign-in. Set up an authenticator app or a "
    "passkey on Leernet, sign in with it, then connect this app again."
)
GIVE = (
    "%s asks its facilitators to use two-factor sign-in. This app was connected in a sign-in "
    "without it: sign in to Leernet with the code from your authenticator app (or your "
    "passkey), then connect this app again."
)


@pytest.fixture
def strict(api_world, network):
    network.require_facilitator_mfa = True
    network.save(update_fields=["require_facilitator_mfa"])
    return network


def _signed_in(user, secret: str | None = None) -> Browser:
    """A browser signed in with the password, and with the authenticator's code when ``secret``
    (the account's TOTP secret) is given."""
    browser = Browser()
    browser.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    if secret:
        browser.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert browser.session.get("_auth_user_id") == str(user.pk)
    return browser


def _connect(browser: Browser, app: Client) -> dict:
    """ "Connect with Leernet" in ``browser``: consent, then the code exchanged for tokens."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    consent = browser.get(
        "/identity/o/authorize",
        {
            "client_id": app.id,
            "response_type": "code",
            "redirect_uri": REDIRECT,
            "scope": SCOPE,
            "code_challenge": challenge.decode(),
            "code_challenge_method": "S256",
        },
    )
    assert consent.status_code == 200
    granted = browser.post(
        "/identity/o/authorize",
        {
            "request": consent.context["form"]["request"].value(),
            "action": "grant",
            "scopes": SCOPE.split(),
        },
    )
    code = parse_qs(urlsplit(granted["Location"]).query)["code"][0]
    token = Browser().post(
        TOKEN_URL,
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "client_id": app.id,
            "code_verifier": verifier,
        },
    )
    assert token.status_code == 200, token.content
    return token.json()


def _refresh(app: Client, tokens: dict) -> dict:
    refreshed = Browser().post(
        TOKEN_URL,
        {
            "grant_type": "refresh_token",
            "refresh_token": tokens["refresh_token"],
            "client_id": app.id,
        },
    )
    assert refreshed.status_code == 200, refreshed.content
    return refreshed.json()


def _facilitator_answers(api_world, access: str) -> dict:
    """The strict network's endpoints, as the token's holder gets them (English messages)."""
    ids = api_world["ids"]
    urls = {
        "network": reverse("api:network", kwargs={"pk": ids["network"]}),
        "members": reverse("api:members", kwargs={"pk": ids["network"]}),
        "sessions": reverse("api:network_sessions", kwargs={"pk": ids["network"]}),
        "session": reverse("api:session", kwargs={"pk": ids["session"]}),
        "attendance": reverse("api:attendance", kwargs={"pk": ids["session"]}),
    }
    api, headers = Browser(), {"HTTP_ACCEPT_LANGUAGE": "en", **bearer(access)}
    return {name: api.get(url, **headers) for name, url in urls.items()}


def _refused(answers: dict, message: str) -> bool:
    return all(
        response.status_code == 403
        and response.json() == {"error": "second_factor_required", "message": message}
        for response in answers.values()
    )


def _allowed(answers: dict) -> bool:
    return all(response.status_code == 200 for response in answers.values())


def test_a_token_granted_without_an_authenticator_is_sent_to_set_one_up(
    api_world, strict, person_app
):
    facilitator = api_world["users"]["facilitator"]
    tokens = _connect(_signed_in(facilitator), person_app)

    answers = _facilitator_answers(api_world, tokens["access_token"])

    assert _refused(answers, SET_UP % strict.name), {k: r.content for k, r in answers.items()}
    assert OAuthGrant.objects.get(user=facilitator).second_factor is False


def test_an_authenticator_alone_is_not_enough_the_granting_sign_in_must_have_used_it(
    api_world, strict, person_app
):
    """The old, weaker rule let this token through (the account has an authenticator); the
    pages ask the code of this sign-in, and so does the API now. Refreshing does not help."""
    facilitator = api_world["users"]["facilitator"]
    browser = _signed_in(facilitator)
    TOTP.activate(facilitator, generate_totp_secret())
    tokens = _connect(browser, person_app)

    assert _refused(_facilitator_answers(api_world, tokens["access_token"]), GIVE % strict.name)
    refreshed = _refresh(person_app, tokens)
    assert _refused(_facilitator_answers(api_world, refreshed["access_token"]), GIVE % strict.name)


def test_a_token_granted_after_the_code_passes_and_refreshing_keeps_it(
    api_world, strict, person_app
):
    facilitator = api_world["users"]["facilitator"]
    secret = generate_totp_secret()
    TOTP.activate(facilitator, secret)
    tokens = _connect(_signed_in(facilitator, secret), person_app)

    assert _allowed(_facilitator_answers(api_world, tokens["access_token"]))
    refreshed = _refresh(person_app, tokens)
    assert refreshed["access_token"] != tokens["access_token"]
    assert _allowed(_facilitator_answers(api_world, refreshed["access_token"]))
    again = _refresh(person_app, refreshed)  # the rotated refresh token carries it on too
    assert _allowed(_facilitator_answers(api_world, again["access_token"]))


def test_members_of_a_strict_network_are_never_asked(api_world, strict, person_app):
    tokens = _connect(_signed_in(api_world["users"]["member"]), person_app)
    session = reverse("api:session", kwargs={"pk": api_world["ids"]["session"]})

    assert Browser().get(session, **bearer(tokens["access_token"])).status_code == 200


def test_another_persons_grant_does_not_count(api_world, strict, person_app):
    """The record is the granting person's: a second-factor grant of someone else under the
    same grant id lets nothing through."""
    facilitator, member = api_world["users"]["facilitator"], api_world["users"]["member"]
    tokens = _connect(_signed_in(facilitator), person_app)
    grant = OAuthGrant.objects.get(user=facilitator)
    OAuthGrant.objects.create(grant_id=grant.grant_id, user=member, second_factor=True)

    assert _refused(_facilitator_answers(api_world, tokens["access_token"]), SET_UP % strict.name)


def test_the_test_bites_when_the_door_ignores_the_second_factor(
    api_world, strict, person_app, monkeypatch
):
    """Broken on purpose: a door that no longer asks it lets the password-only token in, so
    the refusals asserted above would fail."""
    monkeypatch.setattr(
        doors.network_rules, "token_second_factor_step", lambda user, network, token: None
    )
    facilitator = api_world["users"]["facilitator"]
    tokens = _connect(_signed_in(facilitator), person_app)

    answers = _facilitator_answers(api_world, tokens["access_token"])

    assert _allowed(answers)
    assert not _refused(answers, SET_UP % strict.name)


def _device_token(browser: Browser, settings, scope: str = SCOPE) -> tuple[str, str]:
    """A script's device code confirmed in ``browser``; returns the page and the access token."""
    settings.IDP_OIDC_DEVICE_CODE_INTERVAL = 0
    script = Client(name="Mijn script", type=Client.Type.PUBLIC)
    script.set_scopes(SCOPE.split())
    script.set_grant_types([Client.GrantType.DEVICE_CODE])
    script.save()
    codes = (
        Browser()
        .post(
            "/identity/o/api/device/code",
            urlencode({"client_id": script.id, "scope": scope}),
            content_type="application/x-www-form-urlencoded",
        )
        .json()
    )
    url = "/identity/o/device?" + urlencode({"code": codes["user_code"]})
    page = browser.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert browser.post(url, {"action": "confirm"}).status_code == 200
    token = Browser().post(
        TOKEN_URL,
        {
            "grant_type": Client.GrantType.DEVICE_CODE,
            "device_code": codes["device_code"],
            "client_id": script.id,
        },
    )
    assert token.status_code == 200, token.content
    return page, token.json()["access_token"]


def test_a_device_code_confirmed_after_the_code_passes(api_world, strict, settings):
    facilitator = api_world["users"]["facilitator"]
    secret = generate_totp_secret()
    TOTP.activate(facilitator, secret)

    _page, access = _device_token(_signed_in(facilitator, secret), settings)

    assert _allowed(_facilitator_answers(api_world, access))


def test_a_device_code_confirmed_without_it_is_refused(api_world, strict, settings):
    facilitator = api_world["users"]["facilitator"]
    browser = _signed_in(facilitator)
    TOTP.activate(facilitator, generate_totp_secret())

    _page, access = _device_token(browser, settings)

    assert _refused(_facilitator_answers(api_world, access), GIVE % strict.name)


def test_the_device_page_lists_what_the_script_asks_in_plain_words(api_world, settings):
    member = api_world["users"]["member"]
    member.language = "en"
    member.save(update_fields=["language"])
    browser = Browser()
    browser.force_login(member)

    page, _access = _device_token(browser, settings, "openid members:read")

    assert "Mijn script" in page
    assert "Know who you are on Leernet (your account number)" in page
    assert "See the members of the networks you facilitate" in page
    assert "See the networks you take part in" not in page  # not asked by this script


def test_expired_tokens_and_their_grants_go_daily(api_world, strict, person_app, settings):
    facilitator = api_world["users"]["facilitator"]
    old = _connect(_signed_in(facilitator), person_app)
    kept = _connect(_signed_in(facilitator), person_app)
    old_grant, kept_grant = OAuthGrant.objects.filter(user=facilitator).order_by("pk")
    long_ago = timezone.now() - datetime.timedelta(days=2)
    OAuthGrant.objects.update(created_at=long_ago)
    stale = [t for t in Token.objects.all() if t.get_grant_id() == old_grant.grant_id]
    assert {t.type for t in stale} >= {Token.Type.ACCESS_TOKEN, Token.Type.REFRESH_TOKEN}
    Token.objects.filter(pk__in=[t.pk for t in stale]).update(expires_at=long_ago)
    valid_before = Token.objects.valid().count()

    assert clear_expired_tokens() == len(stale)

    assert not Token.objects.filter(pk__in=[t.pk for t in stale]).exists()
    assert Token.objects.count() == valid_before
    assert list(OAuthGrant.objects.values_list("grant_id", flat=True)) == [kept_grant.grant_id]
    assert Browser().get(reverse("api:networks"), **bearer(old["access_token"])).status_code == 401
    assert Browser().get(reverse("api:networks"), **bearer(kept["access_token"])).status_code == 200
    assert (
        settings.CELERY_BEAT_SCHEDULE["clear-expired-oauth-tokens"]["task"]
        == clear_expired_tokens.name
    )


def test_deleting_the_account_deletes_its_grants(api_world, person_app, on_commit):
    member = api_world["users"]["member"]
    _connect(_signed_in(member), person_app)
    assert OAuthGrant.objects.filter(user=member).exists()

    with on_commit(execute=True):
        user_delete_account(acting_user=member, password=PASSWORD)

    assert not OAuthGrant.objects.filter(user=member).exists()
    assert not Token.objects.filter(user=member).exists()
