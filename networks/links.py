"""The addresses of the networks' pages that the networks app hands out itself: in its emails,
to-dos and health signals, and as a network's own address (``Network.get_absolute_url``).

The one module of the networks app that names page URLs (tests/test_import_direction.py): the
pages live in the page layer (pages/networks/urls.py), the links its data carries are built
here. Each function returns a path; ``absolute`` puts ``settings.SITE_URL`` before it, for an
email."""

from django.conf import settings
from django.urls import reverse


def absolute(path: str) -> str:
    """``path`` on Leernet's configured address, for a link in an email."""
    return settings.SITE_URL + path


def dashboard_path() -> str:
    return reverse("networks:dashboard")


def network_path(network_id: int) -> str:
    """A network's own page (its card for someone who may only discover it)."""
    return reverse("networks:detail", kwargs={"pk": network_id})


def public_path(network_id: int) -> str:
    """The page anyone may read while the network is in the public directory."""
    return reverse("networks:public", kwargs={"pk": network_id})


def start_path(network_id: int) -> str:
    """Where a new member lands: their next step (the intake, or the network)."""
    return reverse("networks:start", kwargs={"pk": network_id})


def manage_members_path(network_id: int) -> str:
    return reverse("networks:manage_members", kwargs={"pk": network_id})


def emails_path(network_id: int) -> str:
    return reverse("networks:emails", kwargs={"pk": network_id})


def ground_rules_path(network_id: int) -> str:
    return reverse("networks:ground_rules", kwargs={"pk": network_id})


def invitation_accept_path(token: str) -> str:
    return reverse("networks:invitation_accept", kwargs={"token": token})


def share_link_path(token: str) -> str:
    return reverse("networks:share_link", kwargs={"token": token})


def profile_path() -> str:
    """Where a person turns the weekly digest off (the accounts' profile page)."""
    return reverse("accounts:profile")


def webhooks_path(network_id: int) -> str:
    """The facilitators' webhooks page of a network."""
    return reverse("networks:webhooks", kwargs={"pk": network_id})


def organisation_webhooks_path(organisation_id: int) -> str:
    """The coordinators' webhooks page of an organisation."""
    return reverse("reports:organisation_webhooks", kwargs={"pk": organisation_id})


def api_participation_path(organisation_id: int) -> str:
    """An organisation's participation in the API (an organisation event's link)."""
    return reverse("api:participation", kwargs={"pk": organisation_id})


def api_network_path(network_id: int) -> str:
    """The network in the API (the link a webhook's payload carries)."""
    return reverse("api:network", kwargs={"pk": network_id})
