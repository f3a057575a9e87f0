"""Leernet speaks informal Dutch ("je"), also on allauth's pages and in its emails: our
catalogue (LOCALE_PATHS, which comes before allauth's and Django's own) says "je" where theirs
says "u", "uw" or "a.u.b.". Needs the merged Dutch catalogue (/work/i18n/small.po)."""

import html
import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FORMAL = re.compile(r"\b(u|uw|U|Uw|UW)\b")


def _visible_text(page: str) -> str:
    """What a reader sees: no tags, scripts, styles or link addresses."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    page = re.sub(r"https?://\S+", " ", html.unescape(page))
    return " ".join(page.split())


def _formal_words(text: str) -> list[str]:
    return [text[max(0, m.start() - 40) : m.end() + 40] for m in FORMAL.finditer(text)]


def test_our_catalogue_wins_over_allauths_and_djangos():
    """LOCALE_PATHS is searched before the apps' own catalogues."""
    with translation.override("nl"):
        assert gettext("Please contact us if you have any trouble resetting your password.") == (
            "Neem contact met ons op als het niet lukt om je wachtwoord opnieuw in te stellen."
        )
        assert gettext("Your password can’t be entirely numeric.") == (
            "Je wachtwoord mag niet enkel uit cijfers bestaan."
        )


@pytest.mark.parametrize(
    ("name", "method", "data"),
    [
        ("account_login", "get", None),
        ("account_login", "post", {"login": "niemand@example.org", "password": "fout"}),
        ("account_signup", "get", None),
        # a numeric password: the validators' messages and help texts show
        (
            "account_signup",
            "post",
            {"full_name": "Nina", "email": "nina@example.org", "password1": "1234"},
        ),
        ("account_reset_password", "get", None),
        ("account_reset_password_done", "get", None),
        ("account_email_verification_sent", "get", None),
    ],
)
def test_allauth_pages_say_je_in_dutch(client, name, method, data):
    response = getattr(client, method)(reverse(name), data)

    assert response.status_code == 200
    assert response["Content-Language"] == "nl"
    assert _formal_words(_visible_text(response.content.decode())) == []


@pytest.mark.parametrize(
    "name", ["account_email", "account_change_password", "account_reset_password"]
)
def test_signed_in_account_pages_say_je_in_dutch(client, name):
    client.force_login(UserFactory(language="nl"))

    response = client.get(reverse(name))

    assert response.status_code == 200
    assert _formal_words(_visible_text(response.content.decode())) == []


def test_account_emails_say_je_in_dutch(client, on_commit):
    user = UserFactory(email="bekend@example.org", language="nl")
    with on_commit(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "full_name": "Nina Nieuw",
                "email": "nina@example.org",
                "password1": "Een-sterk-wachtw00rd",
                "password2": "Een-sterk-wachtw00rd",
            },
        )
        client.post(reverse("account_reset_password"), {"email": user.email})

    assert len(mail.outbox) == 2  # the confirmation and the password reset
    for message in mail.outbox:
        texts = [message.subject, message.body] + [
            _visible_text(content) for content, _type in message.alternatives
        ]
        for text in texts:
            assert _formal_words(re.sub(r"https?://\S+", " ", text)) == []


def test_an_expired_form_gets_our_own_page_not_djangos_formal_one(client):
    """Django's own CSRF failure page says "u"; ours explains in Leernet's words."""
    client = client.__class__(enforce_csrf_checks=True)

    response = client.post(reverse("account_login"), {"login": "a@example.org", "password": "x"})

    assert response.status_code == 403
    assert [t.name for t in response.templates][0] == "403_csrf.html"
    assert _formal_words(_visible_text(response.content.decode())) == []
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.post(reverse("account_login"), {"login": "a@example.org", "password": "x"})
    assert "Go back, reload the page and try again." in english.content.decode()


@pytest.mark.parametrize("name", ["mfa_index", "usersessions_list"])
def test_two_factor_and_sessions_pages_say_je_in_dutch(client, name):
    client.force_login(UserFactory(language="nl"))

    response = client.get(reverse(name))

    assert response.status_code == 200
    assert _formal_words(_visible_text(response.content.decode())) == []


def test_the_second_sign_in_step_says_je_in_dutch(client):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from tests.factories import PASSWORD

    user = UserFactory(language="nl")
    TOTP.activate(user, generate_totp_secret())
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    response = client.get(reverse("mfa_authenticate"))

    assert response.status_code == 200
    assert "alstublieft" not in response.content.decode()
    assert "Je account is beveiligd met tweestapsaanmelding." in response.content.decode()
