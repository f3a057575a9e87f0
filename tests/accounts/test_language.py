"""Language across the sign-in (issue 24.9): a choice made with the switch before signing in is
stored on the account, and a user's language wins over the browser's Accept-Language."""

import pytest
from django.conf import settings
from django.urls import reverse

from networks.services import invitation_token
from tests.factories import PASSWORD, InvitationFactory, NetworkFactory, UserFactory

pytestmark = pytest.mark.django_db


def _sign_in(client, user):
    return client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}, follow=True
    )


def test_a_language_chosen_before_sign_in_survives_sign_in(client):
    user = UserFactory(language="nl")
    client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})

    page = _sign_in(client, user)

    user.refresh_from_db()
    assert user.language == "en"
    html = page.content.decode()
    assert page["Content-Language"] == "en"
    assert "To do" in html
    assert "Te doen" not in html
    # The next pages too, whatever the browser asks for.
    later = client.get(reverse("networks:dashboard"), HTTP_ACCEPT_LANGUAGE="nl-BE,nl;q=0.9")
    assert later["Content-Language"] == "en"


def test_signing_in_without_a_choice_keeps_the_accounts_language(client):
    user = UserFactory(language="en")

    page = _sign_in(client, user)

    user.refresh_from_db()
    assert (user.language, page["Content-Language"]) == ("en", "en")


@pytest.mark.parametrize(("own", "browser"), [("en", "nl-BE,nl;q=0.9"), ("nl", "en-US,en;q=0.9")])
def test_a_users_language_wins_over_the_browsers(client, own, browser):
    user = UserFactory(language=own)
    client.force_login(user)
    # A cookie left by an earlier visitor of this browser does not win either.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = browser[:2]

    page = client.get(reverse("networks:dashboard"), HTTP_ACCEPT_LANGUAGE=browser)

    assert page["Content-Language"] == own
    assert ("To do" if own == "en" else "Te doen") in page.content.decode()


def test_the_invitation_pages_language_is_no_choice_of_the_user(client, facilitator):
    """The invitation page sets the network's language for a visitor; signing in from it does
    not change the account's language (only the switch is a choice)."""
    network = NetworkFactory(created_by=facilitator, language="en")
    user = UserFactory(language="nl")
    invitation = InvitationFactory(network=network, email=user.email)
    link = reverse("networks:invitation_accept", kwargs={"token": invitation_token(invitation)})
    assert client.get(link)["Content-Language"] == "en"

    _sign_in(client, user)

    user.refresh_from_db()
    assert user.language == "nl"
