"""Two-factor sign-in (allauth.mfa), active sessions (allauth.usersessions) and the failed-login
lockout, as configured for Leernet (config/settings/base.py, docs/operations.md)."""

import time
from unittest import mock

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import decrypt
from allauth.usersessions.models import UserSession
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tests.utils import english_client, totp_code

pytestmark = pytest.mark.django_db

REFUSED = (
    "This code is not right or has already been used. Enter the code your app shows now "
    "(a new one appears every 30 seconds), or one of your recovery codes."
)


@pytest.fixture
def english(client):
    return english_client(client)


def _with_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def _password_step(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


def _code_step(client, code: str):
    return client.post(reverse("mfa_authenticate"), {"code": code})


def _signed_in_as(client) -> str | None:
    return client.session.get("_auth_user_id")


def test_a_user_with_totp_signs_in_with_the_current_code(english):
    user = UserFactory()
    secret = _with_totp(user)

    _password_step(english, user)
    response = _code_step(english, totp_code(secret))

    assert response["Location"] == reverse("networks:dashboard")
    assert _signed_in_as(english) == str(user.pk)


def test_a_wrong_code_is_refused_with_a_clear_message(english):
    user = UserFactory()
    secret = _with_totp(user)
    right = totp_code(secret)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    _password_step(english, user)
    response = _code_step(english, wrong)

    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert _signed_in_as(english) is None


def test_a_code_that_was_used_once_is_refused(english):
    user = UserFactory()
    secret = _with_totp(user)
    code = totp_code(secret)
    _password_step(english, user)
    assert _code_step(english, code).status_code == 302
    english.post(reverse("account_logout"))

    _password_step(english, user)
    response = _code_step(english, code)

    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert _signed_in_as(english) is None


def test_a_recovery_code_works_once(english):
    user = UserFactory()
    _with_totp(user)
    recovery = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    code = RecoveryCodes(recovery).get_unused_codes()[0]

    _password_step(english, user)
    assert _code_step(english, code)["Location"] == reverse("networks:dashboard")
    english.post(reverse("account_logout"))
    _password_step(english, user)
    again = _code_step(english, code)

    assert again.status_code == 200
    assert REFUSED in again.content.decode()
    assert _signed_in_as(english) is None
    recovery.refresh_from_db()
    assert len(RecoveryCodes(recovery).get_unused_codes()) == 9


def _signed_in_client(user, agent: str) -> Client:
    other = Client(HTTP_USER_AGENT=agent)
    other.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert _signed_in_as(other) == str(user.pk)
    return other


def test_the_sessions_page_lists_the_sessions_and_ends_the_others():
    user = UserFactory(language="en")
    laptop = _signed_in_client(user, "Laptop-Browser/1.0")
    phone = _signed_in_client(user, "Phone-Browser/2.0")

    page = laptop.get(reverse("usersessions_list")).content.decode()
    assert "Laptop-Browser/1.0" in page
    assert "Phone-Browser/2.0" in page
    assert "Sign Out Other Sessions" in page

    laptop.post(reverse("usersessions_list"))

    assert phone.get(reverse("accounts:profile"))["Location"].startswith(reverse("account_login"))
    assert laptop.get(reverse("accounts:profile")).status_code == 200
    assert list(UserSession.objects.filter(user=user).values_list("user_agent", flat=True)) == [
        "Laptop-Browser/1.0"
    ]


def test_changing_the_password_ends_the_other_sessions_and_keeps_this_one():
    user = UserFactory()
    laptop = _signed_in_client(user, "Laptop-Browser/1.0")
    phone = _signed_in_client(user, "Phone-Browser/2.0")
    new = "Een-nieuw-wachtw00rd!"

    response = laptop.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )

    assert response.status_code == 302
    assert laptop.get(reverse("accounts:profile")).status_code == 200
    assert phone.get(reverse("accounts:profile"))["Location"].startswith(reverse("account_login"))
    # the ended session is gone from the list too
    assert UserSession.objects.purge_and_list(user) == list(
        UserSession.objects.filter(user=user, user_agent="Laptop-Browser/1.0")
    )


# The lockout (docs/operations.md "Login rate limits"): 5 failed passwords for one email lock
# that email for 5 minutes, counted from the failures, and a password reset lifts it at once.


def _lock_out(client, user):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "fout"})
    locked = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert _signed_in_as(client) is None
    assert locked.status_code == 200


def test_the_lockout_ends_five_minutes_after_the_failures_however_often_the_member_tries(client):
    user = UserFactory()
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    _lock_out(attacker, user)
    # the member keeps trying during the lockout: refused tries are not counted
    for _ in range(3):
        client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert _signed_in_as(client) is None

    later = time.time() + 301
    with mock.patch("allauth.core.internal.ratelimit.time.time", return_value=later):
        client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert _signed_in_as(client) == str(user.pk)


def test_a_password_reset_lifts_the_lockout_at_once(client):
    user = UserFactory()
    _lock_out(Client(REMOTE_ADDR="203.0.113.9"), user)
    key = default_token_generator.make_token(user)
    link = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": key},
    )
    form_url = client.get(link)["Location"]
    new = "Een-nieuw-wachtw00rd!"
    client.post(form_url, {"password1": new, "password2": new})

    client.post(reverse("account_login"), {"login": user.email, "password": new})

    assert _signed_in_as(client) == str(user.pk)


def test_the_authenticator_secret_and_recovery_seed_are_stored_encrypted(english):
    user = UserFactory()
    secret = _with_totp(user)
    stored = {a.type: a.data for a in Authenticator.objects.filter(user=user)}

    assert secret not in str(stored[Authenticator.Type.TOTP])
    assert decrypt(stored[Authenticator.Type.TOTP]["secret"]) == secret
    seed = decrypt(stored[Authenticator.Type.RECOVERY_CODES]["seed"])
    assert len(seed) == 80
    assert seed not in str(stored)
    _password_step(english, user)
    assert _code_step(english, totp_code(secret))["Location"] == reverse("networks:dashboard")


def test_passkeys_name_the_site_leernet_and_are_bound_to_the_host(rf, settings):
    from allauth.core import context

    from accounts.adapter import MFAAdapter

    settings.ALLOWED_HOSTS = ["leernet.example.org"]
    with context.request_context(rf.get("/", HTTP_HOST="leernet.example.org:8443")):
        entity = MFAAdapter().get_public_key_credential_rp_entity()

    assert entity == {"id": "leernet.example.org", "name": "Leernet"}


def test_the_profile_links_to_two_factor_sign_in_and_the_sessions(client):
    client.force_login(UserFactory(language="en"))

    page = client.get(reverse("accounts:profile")).content.decode()

    assert "Privacy and security" in page
    assert f'<a href="{reverse("mfa_index")}">Two-factor sign-in</a>' in page
    assert f'<a href="{reverse("usersessions_list")}">Where you are signed in</a>' in page
