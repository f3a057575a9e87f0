import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import User
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_email_is_unique_regardless_of_case():
    User.objects.create_user(email="Jan@Example.org", password="x", full_name="Jan")

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="JAN@example.org", full_name="Jan 2")


def test_create_user_lowercases_email_and_superuser_is_staff():
    admin = User.objects.create_superuser(email="Admin@Example.org", password="x", full_name="A")

    assert (admin.email, admin.is_staff, admin.is_superuser) == ("admin@example.org", True, True)


def test_profile_page_saves_changes(client):
    user = UserFactory()
    cm = OrganisationFactory(name="CM")
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile"),
        {
            "full_name": "Nieuwe Naam",
            "organisation": cm.pk,
            "job_function": "Coach",
            "language": "en",
        },
        follow=True,
    )

    user.refresh_from_db()
    assert (user.full_name, user.organisation, user.job_function, user.language) == (
        "Nieuwe Naam",
        cm,
        "Coach",
        "en",
    )
    assert [str(m) for m in response.context["messages"]] == ["Your profile has been saved."]


def test_profile_rejects_empty_name_with_message(client):
    user = UserFactory(full_name="Oud")
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "", "organisation": "", "job_function": "", "language": "nl"},
    )

    assert response.context["form"].errors["full_name"] == ["Dit veld is verplicht."]
    user.refresh_from_db()
    assert user.full_name == "Oud"


def test_dutch_is_the_default_whatever_the_browser_says(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response["Content-Language"] == "nl"
    assert "Samen leren in een klein lerend netwerk" in response.content.decode()


def test_language_switch_for_anonymous_visitor(client):
    response = client.post(
        reverse("accounts:set_language"), {"language": "en", "next": "/"}, follow=True
    )

    assert "Learn together in a small learning network" in response.content.decode()


def test_language_switch_is_remembered_on_the_profile(client):
    user = UserFactory(language="nl")
    client.force_login(user)

    client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})

    user.refresh_from_db()
    assert user.language == "en"
    page = client.get(reverse("networks:dashboard")).content.decode()
    assert "To do" in page
    assert "Te doen" not in page
