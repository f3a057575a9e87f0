"""The addresses of pages the accounts app hands out itself (tests/test_import_direction.py: the
one module of accounts that names page URLs): where the account adapter sends someone who came
from an invitation link."""

from django.urls import reverse


def invitation_accept_path(token: str) -> str:
    """The invitation page a signed-up or signed-in visitor returns to."""
    return reverse("networks:invitation_accept", kwargs={"token": token})


def saml_path(name: str, provider_id: str) -> str:
    """allauth's SAML address ``name`` ("metadata", "acs", "login") of an organisation's sign-in."""
    return reverse(f"saml_{name}", kwargs={"organization_slug": provider_id})
