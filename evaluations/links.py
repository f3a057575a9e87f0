"""The pages' URLs that evaluations' own code hands out: the links in its emails, its to-dos and
health signals, and its models' ``get_absolute_url``. The one module of this data app that may
name a page's URL (tests/test_import_direction.py); each function returns the path, and an email
puts ``settings.SITE_URL`` in front. Ids, not objects, so building a link never reads a row."""

from django.urls import reverse


def intake_url(*, network_id: int) -> str:
    """The network's intake: members fill it in, facilitators see who answered."""
    return reverse("evaluations:intake", kwargs={"pk": network_id})


def vote_url(*, network_id: int, vote_id: int) -> str:
    """A vote of the network: the ballot while it is open, the results once closed."""
    return reverse("evaluations:vote", kwargs={"pk": network_id, "vote_id": vote_id})


def answer_url(*, questionnaire_id: int) -> str:
    """Where a member answers a questionnaire."""
    return reverse("evaluations:answer", kwargs={"pk": questionnaire_id})


def results_url(*, questionnaire_id: int) -> str:
    """A questionnaire's results (facilitators; members once they are shared)."""
    return reverse("evaluations:results", kwargs={"pk": questionnaire_id})


def blueprint_url(*, blueprint_id: int) -> str:
    """A blueprint's page, from which a network is started."""
    return reverse("evaluations:blueprint", kwargs={"blueprint_id": blueprint_id})
