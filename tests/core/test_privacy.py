"""The public privacy page, and the footer link to it on every page."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_privacy_page_is_public_and_covers_every_topic(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/privacy/")

    assert page.status_code == 200
    assert reverse("privacy") == "/privacy/"
    body = page.content.decode()
    for heading in (
        "Privacy: what Leernet does with your data",
        "What Leernet stores, and why",
        "Who sees it",
        "Anonymous evaluations, and their limits",
        "How long",
        "Download your data",
        "Delete your account",
        "The audit log",
        "Two-factor sign-in",
    ):
        assert heading in body, heading
    assert "Twelve months after a network closes" in body
    # a visitor is sent back to the start, not to a page that needs signing in
    assert f'href="{reverse("home")}"' in body
    assert f'href="{reverse("reports:my_data")}"' not in body


def test_privacy_page_offers_the_download_to_a_signed_in_user(client, member):
    client.force_login(member)
    body = client.get(reverse("privacy")).content.decode()

    assert f'href="{reverse("reports:my_data")}"' in body


def test_footer_links_to_the_privacy_page(client, member):
    assert f'href="{reverse("privacy")}"' in client.get(reverse("home")).content.decode()
    client.force_login(member)
    page = client.get(reverse("networks:dashboard"))
    assert f'href="{reverse("privacy")}"' in page.content.decode()


def test_privacy_page_in_dutch(client):
    # Needs the Dutch catalogue (merged by the lead).
    body = client.get(reverse("privacy")).content.decode()

    assert "Privacy: wat Leernet met je gegevens doet" in body
    assert "bijeenkomst" in body
    assert "sessie" not in body
