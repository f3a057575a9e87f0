"""The pages' URLs that evaluations' own code names: the links its emails, to-dos and health
signals carry, and the models' ``get_absolute_url``. The one module of the data app that may
reverse the page layer's URL names (tests/test_import_direction.py); each function returns a path
(callers that mail it put ``settings.SITE_URL`` in front) and takes ids, so building a link never
reads a row."""

from django.urls import reverse


def intake_path(network_id: int) -> str:
    """The network's intake: members fill it in, facilitators see who answered."""
    return reverse("evaluations:intake", kwargs={"pk": network_id})


def vote_path(*, network_id: int, vote_id: int) -> str:
    """A vote of the network: the ballot while it is open, the totals once it is closed."""
    return reverse("evaluations:vote", kwargs={"pk": network_id, "vote_id": vote_id})


def answer_path(questionnaire_id: int) -> str:
    """Where a member answers a questionnaire."""
    return reverse("evaluations:answer", kwargs={"pk": questionnaire_id})


def results_path(questionnaire_id: int) -> str:
    """A questionnaire's results (its facilitators; its members once they are shared)."""
    return reverse("evaluations:results", kwargs={"pk": questionnaire_id})


def blueprint_path(blueprint_id: int) -> str:
    """A blueprint's page, from which a network is started."""
    return reverse("evaluations:blueprint", kwargs={"blueprint_id": blueprint_id})
