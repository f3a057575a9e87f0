"""The list pages not covered elsewhere make the same number of queries for 1 and many items."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations import services as evaluation_services
from evaluations.enums import VoteKind
from sessions import services as session_services
from tests.factories import MembershipFactory, NetworkFactory, SessionFactory, UserFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def _grow(network, facilitator, count):
    intake = evaluation_services.intake_open(
        network=network,
        deadline=timezone.now() + datetime.timedelta(days=3),
        acting_user=facilitator,
    )
    for index in range(count):
        member = MembershipFactory(network=network, user=UserFactory()).user
        session_services.practice_question_submit(
            network=network,
            acting_user=member,
            data={"title": f"Vraag {index}", "context": "", "name_for_facilitator_only": False},
        )
        evaluation_services.intake_submit(
            intake=intake,
            acting_user=member,
            data={"expectations": "Leren", "personal_goals": f"Doel {index}\nNog een doel"},
        )
        goal = evaluation_services.goal_create(
            network=network, title=f"Leerdoel {index}", acting_user=facilitator
        )
        goal.sessions.set([SessionFactory(network=network)])
        evaluation_services.vote_create(
            network=network,
            kind=VoteKind.TOPICS,
            title=f"Stemming {index}",
            points=3,
            closes_at=timezone.now() + datetime.timedelta(days=2),
            options=["A", "B"],
            acting_user=facilitator,
        )
        session_services.work_form_create(
            network=network,
            data={
                "name": f"Methode {index}",
                "purpose": "x",
                "steps": "x",
                "roles": "",
                "materials": "",
                "min_group": 3,
                "max_group": 12,
                "duration_minutes": 30,
            },
            acting_user=facilitator,
        )


@pytest.mark.parametrize(
    "name",
    ["sessions:questions", "evaluations:goals", "evaluations:intake", "sessions:workforms"],
)
def test_list_pages_queries_do_not_grow(client, facilitator, name):
    network = NetworkFactory(created_by=facilitator, member_cap=15)
    client.force_login(facilitator)
    url = (
        reverse(name) if name == "sessions:workforms" else reverse(name, kwargs={"pk": network.pk})
    )
    _grow(network, facilitator, 1)
    one = count_queries(client, url)

    _grow(network, facilitator, 9)

    assert count_queries(client, url) == one
