"""Sharing and hiding results are two URLs; the goals page renders its Form objects; member
services take ``acting_user``."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations import services
from evaluations.enums import GoalStatus
from evaluations.models import LearningGoal

pytestmark = pytest.mark.django_db


def test_share_and_hide_are_their_own_urls(client, evaluation, facilitator):
    client.force_login(facilitator)

    client.post(reverse("evaluations:share", kwargs={"pk": evaluation.pk}))
    evaluation.refresh_from_db()
    assert evaluation.results_shared is True

    response = client.post(reverse("evaluations:hide", kwargs={"pk": evaluation.pk}))
    evaluation.refresh_from_db()
    assert evaluation.results_shared is False
    assert response["Location"] == reverse("evaluations:results", kwargs={"pk": evaluation.pk})


def test_hide_by_a_member_is_a_404_and_changes_nothing(client, evaluation, group):
    evaluation.results_shared = True
    evaluation.save(update_fields=["results_shared"])
    client.force_login(group[2][0])

    response = client.post(reverse("evaluations:hide", kwargs={"pk": evaluation.pk}))

    assert response.status_code == 404
    evaluation.refresh_from_db()
    assert evaluation.results_shared is True


def test_goals_page_renders_the_adopt_and_link_forms(client, group, facilitator):
    network = group[0]
    adopted = LearningGoal.objects.create(
        network=network, title="Valrisico", status=GoalStatus.ADOPTED
    )
    draft = LearningGoal.objects.create(network=network, title="Familie betrekken")
    assert (adopted.is_adopted, draft.is_adopted) == (True, False)
    client.force_login(facilitator)

    page = client.get(reverse("evaluations:goals", kwargs={"pk": network.pk}))

    assert list(page.context["adopt_form"].fields["goals"].queryset) == [draft]
    html = page.content.decode()
    assert f'name="goals" value="{draft.pk}"' in html
    assert f'name="goals" value="{adopted.pk}"' not in html
    assert f'id="g{adopted.pk}-sessions_0"' in html


def test_member_services_take_acting_user(group):
    network, _session, members = group[0], group[1], group[2]
    vote = services.vote_create(
        network=network,
        kind="topics",
        title="Onderwerpen",
        points=3,
        closes_at=timezone.now() + datetime.timedelta(days=3),
        options=["Val", "Familie"],
        acting_user=network.created_by,
    )
    option = vote.options.first()
    services.vote_cast(vote=vote, allocation={option.pk: 2}, acting_user=members[0])
    assert list(option.ballots.values_list("user", "points")) == [(members[0].pk, 2)]
