"""allauth's outbox table: a password reset asked for on the site makes one row, rendered and
stored by the account adapter (its link cannot be rendered again later)."""

from django.test import Client
from django.urls import reverse

from accounts.models import AccountEmail
from tests.factories import UserFactory
from tests.integration.outbox_cases import case


@case("accounts.AccountEmail")
def password_reset_email():
    user = UserFactory(email="vergeten@example.org")
    response = Client().post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    return AccountEmail.objects.get(to_email=user.email), user.email
