"""allauth as configured for Leernet: email login, verification, no enumeration, rate limits."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "full_name": "Nina Nieuw",
    "organisation_not_listed": "AZ Sint-Jan",
    "job_function": "Verpleegkundige",
    "password1": "Een-sterk-wachtw00rd",
    "password2": "Een-sterk-wachtw00rd",
}


def test_signup_stores_profile_and_asks_for_verification(client, on_commit):
    with on_commit(execute=True):
        response = client.post(reverse("account_signup"), {**SIGNUP, "email": "Nina@Example.org"})

    user = User.objects.get()
    assert response["Location"] == reverse("account_email_verification_sent")
    assert (user.email, user.full_name, user.organisation, user.language) == (
        "nina@example.org",
        "Nina Nieuw",
        None,
        "nl",
    )
    # not in the list yet: a proposal for the coordinators
    assert [p.name for p in user.organisation_proposals.all()] == ["AZ Sint-Jan"]
    assert [m.to for m in mail.outbox] == [["nina@example.org"]]
    assert not EmailAddress.objects.get(user=user).verified


def test_unverified_user_cannot_log_in(client):
    client.post(reverse("account_signup"), {**SIGNUP, "email": "nina@example.org"})
    client.logout()

    response = client.post(
        reverse("account_login"), {"login": "nina@example.org", "password": SIGNUP["password1"]}
    )

    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_signup_does_not_reveal_existing_accounts(client):
    existing = UserFactory(email="bekend@example.org")

    known = client.post(reverse("account_signup"), {**SIGNUP, "email": existing.email})
    client.logout()
    unknown = client.post(reverse("account_signup"), {**SIGNUP, "email": "onbekend@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert User.objects.filter(email=existing.email).count() == 1


def test_password_reset_does_not_reveal_existing_accounts(client):
    UserFactory(email="bekend@example.org")

    known = client.post(reverse("account_reset_password"), {"email": "bekend@example.org"})
    unknown = client.post(reverse("account_reset_password"), {"email": "onbekend@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_login_is_rate_limited_after_failed_attempts(client):
    user = UserFactory(email="doelwit@example.org")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "fout"})

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Te veel inlogpogingen. Probeer het later nogmaals." in response.content.decode()


def test_login_with_email_and_password(client):
    user = UserFactory(email="lid@example.org")

    response = client.post(
        reverse("account_login"), {"login": "LID@example.org", "password": PASSWORD}
    )

    assert response["Location"] == reverse("networks:dashboard")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_logout_needs_post(client):
    client.force_login(UserFactory())

    page = client.get(reverse("account_logout"))
    assert page.status_code == 200
    assert "_auth_user_id" in client.session

    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_admin_login_goes_through_allauth(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_allauth_pages_use_leernet_layout_in_dutch_and_english(client):
    dutch = client.get(reverse("account_login")).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(reverse("account_login")).content.decode()

    assert 'href="/static/bootstrap/css/bootstrap.min.css"' in dutch
    assert '<html lang="nl">' in dutch
    assert "Aanmelden" in dutch
    assert '<html lang="en">' in english
    assert "Sign In" in english
