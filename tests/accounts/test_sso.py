"""Signing in through an organisation's own provider (issue 26), against a real OpenID Connect
provider on loopback (tests/sso_fixtures.py: allauth.idp.oidc in its own process). Leernet is
driven with Django's test client; the person signs in on the provider's own pages over HTTP.

Bad input: a provider down, slow or answering an error, a tampered state, a replayed code, an ID
token for another audience or with a wrong signature, a missing or unverified email claim, an
address of another organisation's domain: a page saying so, nothing created, logged without the
address, never a 500."""

import logging
import socket
import threading
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import jwt
import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from django.test import Client

from accounts.models import AccountEmail, IdentityProvider, User
from accounts.rules import session_passed_second_factor
from networks.enums import Role
from networks.services import invitation_create
from tests.factories import PASSWORD, NetworkFactory, UserFactory
from tests.sso_fixtures import (
    CLIENT_ID,
    ORG_PK,
    OTHER_ORG_PK,
    THIRD_ORG_PK,
    connect_organisation,
    relative,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def zorg(test_idp):
    return connect_organisation(
        test_idp,
        pk=ORG_PK,
        name="Zorg Noord",
        domains=["zorg.be"],
        trusted=True,
        mfa_acr="urn:zorg:loa:high",
    )


@pytest.fixture
def stad(test_idp):
    return connect_organisation(
        test_idp, pk=OTHER_ORG_PK, name="Stad Gent", domains=["stad.be"], trusted=False
    )


@pytest.fixture
def elders(test_idp):
    return connect_organisation(
        test_idp, pk=THIRD_ORG_PK, name="Elders", domains=["elders.be"], trusted=True
    )


def start(client, email, next_url=""):
    """The login page's first step: the address; returns where Leernet sends the browser."""
    data = {"email": email} | ({"next": next_url} if next_url else {})
    response = client.post("/me/sign-in/", data)
    assert response.status_code == 200, response.content[:500]
    return response.context["provider_url"]


def sso(client, test_idp, typed, *, as_email=None):
    """Type ``typed`` on Leernet, sign in as ``as_email`` at the provider, come back."""
    authorize = start(client, typed)
    assert authorize.startswith(test_idp.url)
    back = test_idp.sign_in(authorize, as_email or typed)
    assert back, "the provider did not send the browser back"
    return client.get(relative(back))


def _messages(caplog) -> str:
    return " ".join(record.getMessage() for record in caplog.records)


def test_a_new_person_of_a_trusted_organisation_gets_an_account_there(zorg, test_idp):
    client = Client()
    response = sso(client, test_idp, "jan@zorg.be")

    assert response.status_code == 302
    assert response["Location"] == "/networks/"
    jan = User.objects.get(email="jan@zorg.be")
    assert (jan.full_name, jan.organisation, jan.language) == ("Jan Claes", zorg, "en")
    assert not jan.has_usable_password()
    assert EmailAddress.objects.get(user=jan).verified is True
    assert SocialAccount.objects.get(user=jan).provider == f"org-{ORG_PK}"
    # a session of hours, not weeks
    assert client.session.get_expiry_age() == 8 * 3600
    # amr "mfa": the provider's second factor counts for this session
    assert session_passed_second_factor(client.session, jan)
    assert AccountEmail.objects.count() == 0  # no confirmation email
    # the "signed in" message speaks Jan's language (en), not the Dutch of the page before
    shown = [str(message) for message in client.get("/networks/").context["messages"]]
    assert shown == ["Successfully signed in as Jan Claes."]


def test_the_invitation_of_the_address_waits_after_sign_in(zorg, test_idp, facilitator):
    network = NetworkFactory(created_by=facilitator)
    invitation = invitation_create(
        network=network, email="jan@zorg.be", role=Role.MEMBER, acting_user=facilitator
    )
    client = Client()
    client.get(f"/networks/invitations/{invitation.token}/")

    response = sso(client, test_idp, "jan@zorg.be")

    assert response["Location"].startswith("/networks/invitations/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert network.name in page.content.decode()


def test_an_untrusted_provider_s_address_is_confirmed_first(stad, test_idp):
    client = Client()
    response = sso(client, test_idp, "els@stad.be")

    els = User.objects.get(email="els@stad.be")
    assert els.organisation == stad
    assert EmailAddress.objects.get(user=els).verified is False
    assert response["Location"] == "/accounts/confirm-email/"
    assert AccountEmail.objects.get().to_email == "els@stad.be"
    assert "_auth_user_id" not in client.session


def test_an_address_the_provider_calls_unverified_is_confirmed_first(zorg, test_idp):
    sso(Client(), test_idp, "unverified@zorg.be")
    assert EmailAddress.objects.get(email="unverified@zorg.be").verified is False


def test_an_existing_account_is_linked_through_its_verified_address(zorg, test_idp):
    jan = UserFactory(email="jan@zorg.be", full_name="Jan Local")
    EmailAddress.objects.update_or_create(
        user=jan, email=jan.email, defaults={"verified": True, "primary": True}
    )
    client = Client()

    response = sso(client, test_idp, "jan@zorg.be")

    assert response["Location"] == "/networks/"
    assert User.objects.count() == 1
    assert SocialAccount.objects.get().user == jan
    assert int(client.session["_auth_user_id"]) == jan.pk


def test_an_existing_account_with_an_unconfirmed_address_is_not_taken_over(zorg, test_idp):
    someone = UserFactory(email="jan@zorg.be", full_name="Someone Else")
    EmailAddress.objects.update_or_create(
        user=someone, email=someone.email, defaults={"verified": False, "primary": True}
    )
    client = Client()

    sso(client, test_idp, "jan@zorg.be")

    assert "_auth_user_id" not in client.session
    assert User.objects.count() == 1
    assert SocialAccount.objects.filter(user=someone).count() == 0
    assert someone.__class__.objects.get(pk=someone.pk).check_password(PASSWORD)


@pytest.mark.parametrize(
    ("typed", "as_email", "says"),
    [
        ("noemail@zorg.be", None, "gaf Leernet je e-mailadres niet door"),
        ("jan@zorg.be", "mia@elders.be", "melden zich aan via Elders"),
    ],
)
def test_a_refused_claim_creates_nothing(zorg, elders, test_idp, caplog, typed, as_email, says):
    caplog.set_level(logging.INFO)
    response = sso(Client(), test_idp, typed, as_email=as_email)

    assert response.status_code == 400
    assert says in response.content.decode()
    assert User.objects.count() == 0
    assert SocialAccount.objects.count() == 0
    assert "SSO sign-in refused" in _messages(caplog)
    assert "@" not in _messages(caplog)


def test_an_id_token_for_another_audience_is_refused(zorg, test_idp, caplog):
    caplog.set_level(logging.INFO)
    response = sso(Client(), test_idp, "aud@zorg.be")

    assert response.status_code == 401
    assert "Aanmelden via je organisatie is niet gelukt" in response.content.decode()
    assert User.objects.count() == 0
    assert "exception=OAuth2Error" in _messages(caplog)
    assert "@" not in _messages(caplog)


def test_a_tampered_state_and_a_replayed_code_are_refused(zorg, test_idp):
    client = Client()
    back = test_idp.sign_in(start(client, "jan@zorg.be"), "jan@zorg.be")
    bits = urlsplit(back)
    query = parse_qs(bits.query)
    tampered = urlencode({"code": query["code"][0], "state": query["state"][0][::-1]})

    response = client.get(urlunsplit(("", "", bits.path, tampered, "")))
    assert response.status_code == 401
    assert "niet gelukt" in response.content.decode()
    assert User.objects.count() == 0

    assert client.get(relative(back))["Location"] == "/networks/"  # the real one works once
    replay = Client()
    response = replay.get(relative(back))
    assert "niet gelukt" in response.content.decode()
    assert "_auth_user_id" not in replay.session
    assert User.objects.count() == 1


def test_a_provider_answering_an_error_creates_nothing(zorg, test_idp):
    client = Client()
    authorize = start(client, "jan@zorg.be")
    state = parse_qs(urlsplit(authorize).query)["state"][0]
    response = client.get(
        f"/accounts/oidc/org-{ORG_PK}/login/callback/?"
        + urlencode({"error": "server_error", "state": state})
    )
    assert response.status_code == 401
    assert "niet gelukt" in response.content.decode()
    assert User.objects.count() == 0


@pytest.fixture
def silent_port():
    """A port that accepts connections and never answers (a provider that hangs)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    server.close()


@pytest.mark.parametrize("kind", ["down", "slow"])
def test_a_provider_down_or_slow_gets_a_page_not_a_500(
    test_idp, silent_port, settings, caplog, kind
):
    caplog.set_level(logging.INFO)
    settings.SOCIALACCOUNT_REQUESTS_TIMEOUT = 1
    zorg = connect_organisation(
        test_idp, pk=ORG_PK, name="Zorg Noord", domains=["zorg.be"], trusted=True
    )
    client = Client()
    # the browser left for the provider while it answered (a real state in the session) ...
    state = parse_qs(urlsplit(start(client, "jan@zorg.be")).query)["state"][0]
    dead = socket.socket()
    dead.bind(("127.0.0.1", 0))
    port = dead.getsockname()[1] if kind == "down" else silent_port
    dead.close()
    # ... and now it is down (nothing listens) or hangs (accepts, never answers)
    IdentityProvider.objects.filter(organisation=zorg).update(issuer_url=f"http://127.0.0.1:{port}")

    back = client.get(f"/accounts/oidc/org-{ORG_PK}/login/callback/?code=x&state={state}")
    assert back.status_code == 502
    assert "antwoordt nu niet" in back.content.decode()
    response = client.post("/me/sign-in/", {"email": "jan@zorg.be"})
    assert response.status_code == 502
    assert "antwoordt nu niet" in response.content.decode()
    assert User.objects.count() == 0
    assert "SSO provider unreachable: provider=org-4201" in _messages(caplog)
    assert "@" not in _messages(caplog)


def test_an_address_of_no_connected_domain_goes_to_the_password_form(zorg):
    response = Client().post("/me/sign-in/", {"email": "someone@example.org", "next": "/x/"})
    assert response["Location"] == "/accounts/login/?next=%2Fx%2F"


def test_a_forged_signature_or_another_audience_fails_the_id_token_check(zorg, test_idp, rf):
    from cryptography.hazmat.primitives.asymmetric import rsa  # noqa: PLC0415 (this test only)

    from accounts import sso as sso_data  # noqa: PLC0415
    from accounts.sso_adapter import SignatureCheckingOIDCAdapter  # noqa: PLC0415

    adapter = SignatureCheckingOIDCAdapter(rf.get("/"), f"org-{ORG_PK}")
    app = sso_data.social_app(IdentityProvider.objects.get())
    kid = __import__("requests").get(f"{test_idp.url}/.well-known/jwks.json", timeout=10).json()
    kid = kid["keys"][0]["kid"]
    claims = {"iss": test_idp.url, "sub": "1", "aud": CLIENT_ID, "exp": 2**31, "iat": 1}
    good = jwt.encode(claims, test_idp.private_key_pem, "RS256", headers={"kid": kid})
    assert adapter._decode_id_token(app, good)["sub"] == "1"

    rogue = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(claims, rogue, "RS256", headers={"kid": kid})
    other = jwt.encode(
        {**claims, "aud": "other"}, test_idp.private_key_pem, "RS256", headers={"kid": kid}
    )
    for token in (forged, other):
        with pytest.raises(OAuth2Error):
            adapter._decode_id_token(app, token)


def test_a_facilitator_s_second_factor_comes_from_the_provider_or_is_asked(zorg, test_idp):
    results = {}
    for email in ("jan@zorg.be", "lien@zorg.be", "piet@zorg.be"):
        client = Client()
        sso(client, test_idp, email)
        user = User.objects.get(email=email)
        network = NetworkFactory(created_by=user, require_facilitator_mfa=True)
        response = client.get(f"/networks/{network.pk}/members/")
        results[email] = (response.status_code, response.get("Location", ""))
    assert results["jan@zorg.be"] == (200, "")  # amr has "mfa"
    assert results["lien@zorg.be"] == (200, "")  # acr the organisation named
    assert results["piet@zorg.be"][0] == 302  # password only: set up an authenticator
    assert "/accounts/2fa/" in results["piet@zorg.be"][1]


def test_someone_who_left_cannot_sign_in_again(test_idp):
    connect_organisation(
        test_idp, pk=ORG_PK, name="Zorg Noord", domains=["zorg.be"], trusted=True, required=True
    )
    sso(Client(), test_idp, "leaver@zorg.be")
    lea = User.objects.get(email="leaver@zorg.be")
    test_idp.set_active("leaver@zorg.be", active=False)
    try:
        client = Client()
        assert test_idp.sign_in(start(client, "leaver@zorg.be"), "leaver@zorg.be") == ""
        # and no password to fall back on
        response = client.post("/accounts/login/", {"login": lea.email, "password": "x"})
        assert "_auth_user_id" not in client.session
        assert "Zorg Noord" in response.content.decode()
        assert not lea.has_usable_password()
    finally:
        test_idp.set_active("leaver@zorg.be", active=True)


# --- SSO required -------------------------------------------------------------------------


@pytest.fixture
def required_zorg(test_idp):
    return connect_organisation(
        test_idp, pk=ORG_PK, name="Zorg Noord", domains=["zorg.be"], trusted=True, required=True
    )


def test_sso_required_refuses_password_sign_in_reset_and_signup(required_zorg):
    UserFactory(email="an@zorg.be")
    client = Client()

    login = client.post("/accounts/login/", {"login": "an@zorg.be", "password": PASSWORD})
    reset = client.post("/accounts/password/reset/", {"email": "an@zorg.be"})
    signup = client.post(
        "/accounts/signup/",
        {
            "email": "new@zorg.be",
            "password1": "a-Long-pass-123",
            "password2": "a-Long-pass-123",
            "full_name": "New Person",
        },
    )

    for response in (login, reset, signup):
        assert response.status_code == 200
        assert "Zorg Noord" in response.content.decode()
        assert "Aanmelden met je organisatie" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccountEmail.objects.count() == 0
    assert not User.objects.filter(email="new@zorg.be").exists()
    # another domain still signs in with a password
    UserFactory(email="an@example.org")
    other = client.post("/accounts/login/", {"login": "an@example.org", "password": PASSWORD})
    assert other.status_code == 302


def test_switching_sso_required_on_ends_the_sessions_of_its_people(
    test_idp, django_capture_on_commit_callbacks
):
    from accounts import sso as sso_data  # noqa: PLC0415 (this test only)
    from core.models import AuditEvent  # noqa: PLC0415

    zorg = connect_organisation(
        test_idp, pk=ORG_PK, name="Zorg Noord", domains=["zorg.be"], trusted=True
    )
    an, other = UserFactory(email="an@zorg.be"), UserFactory(email="an@example.org")
    an_client, other_client = Client(), Client()
    for client, user in ((an_client, an), (other_client, other)):
        client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
        assert client.get("/me/profile/").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        sso_data.identity_provider_save(
            organisation=zorg,
            issuer_url=test_idp.url,
            client_id=CLIENT_ID,
            client_secret="",
            scopes="openid profile email",
            domains=["zorg.be"],
            trusted=True,
            sso_required=True,
            acting_user=None,
        )

    assert an_client.get("/me/profile/").status_code == 302
    assert other_client.get("/me/profile/").status_code == 200
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["sso_connected", "sso_required_on"]
