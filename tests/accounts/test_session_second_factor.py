"""Two-factor sign-in is a property of a session, not only of an account (issue 22.1).

A session counts as having given the second factor when allauth recorded it in that session
(an authenticator code, a recovery code, a passkey; accounts.rules.session_passed_second_factor),
or when it added the authenticator itself (accounts/receivers.py). Adding an authenticator app or
a passkey ends the account's other sessions that did not give it: a session opened with a stolen
password before the enrolment does not keep its access afterwards."""

from importlib import import_module

import pytest
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.signals import authenticator_added
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, TOTP, generate_totp_secret
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from accounts.rules import session_passed_second_factor
from tests.factories import PASSWORD, NetworkFactory, UserFactory
from tests.utils import totp_code

pytestmark = pytest.mark.django_db

SessionStore = import_module(settings.SESSION_ENGINE).SessionStore


def _signed_in(user, agent: str = "Browser/1.0") -> Client:
    browser = Client(HTTP_USER_AGENT=agent)
    browser.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert browser.session.get("_auth_user_id") == str(user.pk)
    return browser


def _members_page(network) -> str:
    return reverse("networks:manage_members", kwargs={"pk": network.pk})


def _enrol_totp(browser, on_commit) -> str:
    """Turn on an authenticator app through allauth's pages, as a person does: the password
    again, then the code the app shows for the secret on the page."""
    browser.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert browser.get(reverse("mfa_activate_totp")).status_code == 200
    secret = browser.session[SECRET_SESSION_KEY]
    with on_commit(execute=True):
        response = browser.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    return secret


def _stored(browser) -> bool:
    return SessionStore().exists(browser.session.session_key)


def test_a_password_session_from_before_the_enrolment_loses_the_members_page(on_commit):
    """The issue's attack: a stolen password opens a session while the account has no
    authenticator; the owner then adds one in another browser. The thief's session ends, and
    signing in again stops at the code."""
    strict = NetworkFactory(require_facilitator_mfa=True)
    facilitator = strict.created_by
    thief = _signed_in(facilitator, "Thief/1.0")
    thief_key = thief.session.session_key
    assert thief.get(_members_page(strict))["Location"] == reverse("mfa_index")
    owner = _signed_in(facilitator, "Owner/1.0")

    _enrol_totp(owner, on_commit)

    refused = thief.get(_members_page(strict))
    assert refused.status_code == 302
    assert refused["Location"].startswith(reverse("account_login"))
    assert not SessionStore().exists(thief_key)
    assert not UserSession.objects.filter(session_key=thief_key).exists()
    again = thief.post(reverse("account_login"), {"login": facilitator.email, "password": PASSWORD})
    assert again["Location"] == reverse("mfa_authenticate")
    assert thief.get(_members_page(strict))["Location"].startswith(reverse("account_login"))


def test_the_enrolling_session_counts_as_having_given_the_second_factor(on_commit):
    strict = NetworkFactory(require_facilitator_mfa=True)
    owner = _signed_in(strict.created_by)

    _enrol_totp(owner, on_commit)

    assert owner.get(_members_page(strict)).status_code == 200
    assert _stored(owner)
    assert list(UserSession.objects.values_list("user_agent", flat=True)) == ["Browser/1.0"]


def _add(user, browser, kind: str) -> Authenticator:
    """An authenticator of ``kind`` added in ``browser``'s session (allauth's signal, as its
    pages send it: adding a passkey needs a real security key)."""
    authenticator = Authenticator.objects.create(user=user, type=kind, data={})
    request = HttpRequest()
    request.session = SessionStore(session_key=browser.session.session_key)
    request.user = user
    authenticator_added.send(
        sender=Authenticator, request=request, user=user, authenticator=authenticator
    )
    request.session.save()
    return authenticator


def test_a_new_passkey_ends_only_the_sessions_without_the_second_factor():
    user = UserFactory()
    password_only = _signed_in(user, "Password-only/1.0")  # before the app: never gave a code
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    with_code = Client(HTTP_USER_AGENT="With-code/1.0")
    with_code.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    with_code.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    adding = Client(HTTP_USER_AGENT="Adding/1.0")
    adding.force_login(user)

    _add(user, adding, Authenticator.Type.WEBAUTHN)

    assert [_stored(password_only), _stored(with_code), _stored(adding)] == [False, True, True]
    assert session_passed_second_factor(adding.session, user)


def test_recovery_codes_alone_end_no_session():
    user = UserFactory()
    other = _signed_in(user)
    adding = Client()
    adding.force_login(user)

    _add(user, adding, Authenticator.Type.RECOVERY_CODES)

    assert [_stored(other), _stored(adding)] == [True, True]
    assert not session_passed_second_factor(adding.session, user)


def _session_with(user, method: str | None, **extra):
    session = SessionStore()
    request = HttpRequest()
    request.session = session
    if method:
        record_authentication(request, user, method, **extra)
    return session


def test_a_session_passed_the_second_factor_only_by_an_mfa_record_of_its_own_user():
    user, other = UserFactory(), UserFactory()
    RecoveryCodes.activate(user)

    assert session_passed_second_factor(_session_with(user, "mfa", type="totp"), user)
    assert session_passed_second_factor(
        _session_with(user, "mfa", type="webauthn", passwordless=True), user
    )
    assert not session_passed_second_factor(_session_with(user, "password"), user)
    assert not session_passed_second_factor(_session_with(user, None), user)
    assert not session_passed_second_factor(_session_with(other, "mfa", type="totp"), user)
