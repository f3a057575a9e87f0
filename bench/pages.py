"""The one table of measured pages: the bench and tests/test_page_budgets.py both walk it.

Each page names the roles that see it and builds its URL from a ``Scenario`` (bench/scenario.py):
the network, its last held session (with minutes and evaluation results) and the user of each
role."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

FACILITATOR = "facilitator"
MEMBER = "member"


@dataclass(frozen=True)
class Page:
    name: str
    roles: tuple[str, ...]
    url: Callable  # (scenario) -> path
    # The small network's single member cannot make k answers, so its results stay hidden
    # (evaluations.rules.shows_aggregate) and the page reads less: small <= full is all one can
    # ask there.
    hidden_below_k: bool = False


PAGES = [
    Page("dashboard", (FACILITATOR, MEMBER), lambda s: reverse("networks:dashboard")),
    Page(
        "network", (FACILITATOR, MEMBER), lambda s: reverse("networks:detail", args=[s.network.pk])
    ),
    Page(
        "timeline",
        (FACILITATOR, MEMBER),
        lambda s: reverse("sessions:timeline", args=[s.network.pk]),
    ),
    Page(
        "session", (FACILITATOR, MEMBER), lambda s: reverse("sessions:detail", args=[s.session.pk])
    ),
    Page(
        "results",
        (FACILITATOR, MEMBER),
        lambda s: reverse("evaluations:results", args=[s.questionnaire.pk]),
        hidden_below_k=True,
    ),
    Page(
        "goals", (FACILITATOR, MEMBER), lambda s: reverse("evaluations:goals", args=[s.network.pk])
    ),
    Page(
        "minutes_editor",
        (FACILITATOR,),
        lambda s: reverse("reports:minutes_edit", args=[s.session.pk]),
    ),
]


def page_roles():
    """Every (page, role) pair of the table, in order."""
    return [(page, role) for page in PAGES for role in page.roles]
