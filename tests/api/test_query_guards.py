"""The API's lists cost the same number of queries for one item as for many."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from networks.models import Network
from tests.api.conftest import bearer
from tests.factories import MembershipFactory, NetworkFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _count(client, url, token) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **bearer(token))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "name", ["api:network_sessions", "api:members", "api:networks", "api:directory"]
)
def test_a_list_costs_the_same_for_one_and_for_many(client, api_world, name):
    ids, token = api_world["ids"], api_world["tokens"]["facilitator"]
    takes_network = name in ("api:network_sessions", "api:members")
    url = reverse(name, kwargs={"pk": ids["network"]} if takes_network else {})
    network_id = ids["network"]
    one = _count(client, url, token)
    network = Network.objects.get(pk=network_id)
    start = timezone.now() + datetime.timedelta(days=30)
    for offset in range(4):
        SessionFactory(network=network, starts_at=start + datetime.timedelta(days=offset))
        MembershipFactory(network=network)
        NetworkFactory(created_by=api_world["users"]["facilitator"])
    many = _count(client, url, token)
    assert many == one, name
