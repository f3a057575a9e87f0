"""Issue 16: every page of bench/pages.py, for every role that sees it, runs as many queries on
a small network (1 member, 1 session) as on a full one (many members, sessions, answers), and no
more than its budget in bench/budgets.py. The bench measures the same table at scale."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.budgets import BUDGETS
from bench.pages import page_roles
from bench.scenario import build_network

pytestmark = pytest.mark.django_db


def query_count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(queries)


@pytest.fixture
def networks():
    return build_network(label="small", members=1, sessions=1), build_network(
        label="full", members=12, sessions=4
    )


def test_every_page_runs_the_same_queries_small_and_full_within_its_budget(networks):
    small, full = networks
    measured, problems = {}, []
    for page, role in page_roles():
        counts = []
        for scenario in (small, full):
            client = Client()
            client.force_login(scenario.users[role])
            url = page.url(scenario)
            client.get(url)  # warm: first-request caches (content types, sites) are not the page's
            counts.append(query_count(client, url))
        measured[page.name, role] = counts
        budget = BUDGETS.get((page.name, role))
        same = counts[0] <= counts[1] if page.hidden_below_k else counts[0] == counts[1]
        if not same:
            problems.append(f"{page.name} ({role}): {counts[0]} queries small, {counts[1]} full")
        if budget is None or counts[1] > budget:
            problems.append(f"{page.name} ({role}): {counts[1]} queries, budget {budget}")
    assert not problems, "\n".join(problems) + f"\nmeasured: {measured}"


def test_every_page_of_the_table_has_a_budget():
    assert set(BUDGETS) == {(page.name, role) for page, role in page_roles()}
