"""A network may require two-factor sign-in of its facilitators (Network.require_facilitator_mfa),
asked per session, not per account (pages.networks.mixins.NetworkScopedMixin, the one place): a
facilitator without an authenticator is sent to set one up; one whose session did not give the
second factor (a password-only sign-in, one from before the authenticator) is asked its code in
that session first. Its members, and the facilitators of other networks, are not affected."""

from urllib.parse import urlencode

import pytest
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from networks.enums import NetworkStatus, Role
from networks.models import Network
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    NetworkFactory,
    SessionFactory,
    network_form_data,
)
from tests.utils import totp_code

pytestmark = pytest.mark.django_db

ASKED = (
    "%s asks its facilitators to use two-factor sign-in. Set up an authenticator app or a "
    "passkey here, then open the network again."
)
CODE_ASKED = (
    "%s asks its facilitators to use two-factor sign-in. You signed in here without it: enter "
    "the code from your authenticator app (or use your passkey) to open the network in this "
    "browser."
)
REFUSED = (
    "This code is not right or has already been used. Enter the code your app shows now "
    "(a new one appears every 30 seconds), or one of your recovery codes."
)


@pytest.fixture
def strict():
    network = NetworkFactory(require_facilitator_mfa=True, created_by__language="en")
    return network


def _pages(network):
    session = SessionFactory(network=network)
    return [
        reverse("networks:detail", kwargs={"pk": network.pk}),
        reverse("networks:update", kwargs={"pk": network.pk}),
        reverse("networks:manage_members", kwargs={"pk": network.pk}),
        reverse("evaluations:intake", kwargs={"pk": network.pk}),
        reverse("sessions:detail", kwargs={"pk": session.pk}),
        reverse("sessions:update", kwargs={"pk": session.pk}),
    ]


def test_a_facilitator_without_two_factor_is_sent_to_set_it_up(client, strict):
    client.force_login(strict.created_by)

    for url in _pages(strict):
        response = client.get(url, follow=True)
        assert response.redirect_chain == [(reverse("mfa_index"), 302)], url
        page = response.content.decode()
        assert page.count(ASKED % strict.name) == 1, url
        assert "Authenticator App" in page


def test_a_facilitators_action_is_refused_too_and_changes_nothing(client, strict):
    client.force_login(strict.created_by)

    response = client.post(
        reverse("networks:set_status", kwargs={"pk": strict.pk}),
        {"status": NetworkStatus.RUNNING},
    )

    assert response["Location"] == reverse("mfa_index")
    strict.refresh_from_db()
    assert strict.status == NetworkStatus.OPEN


def _password_only(user) -> Client:
    """A browser signed in with the password alone: before the account had an authenticator
    (an authenticator added outside these pages ends no session), or with a stolen password."""
    browser = Client()
    browser.cookies["django_language"] = "en"
    browser.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert browser.session.get("_auth_user_id") == str(user.pk)
    return browser


def _code_step(url: str) -> str:
    return f"{reverse('mfa_reauthenticate')}?{urlencode({'next': url})}"


def test_the_facilitator_who_signed_in_with_the_code_gets_in(strict):
    facilitator = strict.created_by
    secret = generate_totp_secret()
    TOTP.activate(facilitator, secret)
    browser = Client()
    browser.post(reverse("account_login"), {"login": facilitator.email, "password": PASSWORD})
    browser.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})

    assert [browser.get(url).status_code for url in _pages(strict)] == [200] * 6


def test_a_password_only_session_is_asked_for_the_code_on_every_page(strict):
    facilitator = strict.created_by
    browser = _password_only(facilitator)
    TOTP.activate(facilitator, generate_totp_secret())

    for url in _pages(strict):
        response = browser.get(url, follow=True)
        assert response.redirect_chain == [(_code_step(url), 302)], url
        page = response.content.decode()
        assert page.count(CODE_ASKED % strict.name) == 1, url
        assert 'name="code"' in page


def test_giving_the_code_opens_the_network_in_that_session_only(strict):
    facilitator = strict.created_by
    secret = generate_totp_secret()
    here, elsewhere = _password_only(facilitator), _password_only(facilitator)
    TOTP.activate(facilitator, secret)
    members = reverse("networks:manage_members", kwargs={"pk": strict.pk})

    response = here.post(_code_step(members), {"code": totp_code(secret)})

    assert response["Location"] == members
    assert here.get(members).status_code == 200
    assert [here.get(url).status_code for url in _pages(strict)] == [200] * 6
    assert elsewhere.get(members)["Location"] == _code_step(members)


def test_a_code_replayed_in_another_session_does_not_open_it(strict):
    """The thief who signed in with a stolen password sees the owner's code go by: used once,
    it is refused on a clear page (never a 500), and the members page stays shut."""
    facilitator = strict.created_by
    secret = generate_totp_secret()
    owner, thief = _password_only(facilitator), _password_only(facilitator)
    TOTP.activate(facilitator, secret)
    members = reverse("networks:manage_members", kwargs={"pk": strict.pk})
    code = totp_code(secret)
    assert owner.post(_code_step(members), {"code": code})["Location"] == members

    for attempt in (code, "", "12 34 56 78", "x" * 500):
        refused = thief.post(_code_step(members), {"code": attempt})
        assert refused.status_code == 200, attempt
        assert "_auth_user_id" in thief.session
    assert REFUSED in thief.post(_code_step(members), {"code": code}).content.decode()
    assert thief.get(members)["Location"] == _code_step(members)
    assert owner.get(members).status_code == 200


def test_a_recovery_code_opens_it_too(strict):
    facilitator = strict.created_by
    browser = _password_only(facilitator)
    TOTP.activate(facilitator, generate_totp_secret())
    recovery = RecoveryCodes.activate(facilitator)
    members = reverse("networks:manage_members", kwargs={"pk": strict.pk})

    browser.post(_code_step(members), {"code": recovery.get_unused_codes()[0]})

    assert browser.get(members).status_code == 200


def test_a_passkey_sign_in_opens_it(client, strict):
    """A passkey (WebAuthn) sign-in is recorded by allauth as the second factor, without a
    password: such a session opens the network."""
    facilitator = strict.created_by
    TOTP.activate(facilitator, generate_totp_secret())
    client.force_login(facilitator)
    members = reverse("networks:manage_members", kwargs={"pk": strict.pk})
    assert client.get(members)["Location"] == _code_step(members)
    request = HttpRequest()
    request.session = client.session
    record_authentication(request, facilitator, "mfa", type="webauthn", passwordless=True)
    request.session.save()

    assert client.get(members).status_code == 200


def test_an_action_without_the_code_is_sent_to_the_code_step_and_changes_nothing(strict):
    facilitator = strict.created_by
    browser = _password_only(facilitator)
    TOTP.activate(facilitator, generate_totp_secret())

    response = browser.post(
        reverse("networks:set_status", kwargs={"pk": strict.pk}),
        {"status": NetworkStatus.RUNNING},
    )

    assert response["Location"] == _code_step(strict.get_absolute_url())
    strict.refresh_from_db()
    assert strict.status == NetworkStatus.OPEN


def test_members_and_other_networks_facilitators_are_not_affected(client, strict):
    """Someone who facilitates another network and is a member here: no redirect anywhere."""
    other = NetworkFactory()
    both = other.created_by
    MembershipFactory(network=strict, user=both, role=Role.MEMBER)
    client.force_login(both)

    session = SessionFactory(network=strict)
    member_pages = [
        reverse("networks:detail", kwargs={"pk": strict.pk}),
        reverse("sessions:detail", kwargs={"pk": session.pk}),
    ]
    assert [client.get(url).status_code for url in member_pages] == [200, 200]
    assert [client.get(url).status_code for url in _pages(other)] == [200] * 6


def test_the_requirement_is_set_on_the_network_form(client):
    network = NetworkFactory(created_by__language="en")
    client.force_login(network.created_by)
    url = reverse("networks:update", kwargs={"pk": network.pk})

    page = client.get(url).content.decode()
    response = client.post(url, network_form_data(require_facilitator_mfa="on"))

    assert 'name="require_facilitator_mfa"' in page
    assert "Facilitators must use two-factor sign-in" in page
    assert response.status_code == 302
    assert Network.objects.get(pk=network.pk).require_facilitator_mfa is True


def test_the_code_step_speaks_dutch(strict):
    facilitator = strict.created_by
    facilitator.language = "nl"
    facilitator.save(update_fields=["language"])
    browser = _password_only(facilitator)
    TOTP.activate(facilitator, generate_totp_secret())

    page = browser.get(_pages(strict)[0], follow=True).content.decode()

    assert (
        f"{strict.name} vraagt zijn begeleiders om tweestapsaanmelding te gebruiken. Je bent "
        "hier aangemeld zonder die tweede stap: geef de code uit je authenticator-app (of "
        "gebruik je passkey) om het netwerk in deze browser te openen."
    ) in page
