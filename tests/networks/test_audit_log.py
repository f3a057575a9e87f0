"""The network's audit log page: its facilitators read it, nobody else finds it."""

import pytest
from django.urls import reverse

from core.audit import audit_record
from minutes.audit import AuditAction as MinutesAction
from networks.audit import AuditAction as NetworkAction
from sessions.audit import AuditAction as SessionAction
from tests.factories import MembershipFactory, NetworkFactory, UserFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def _url(network, **query):
    url = reverse("networks:audit_log", kwargs={"pk": network.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _events(network, actor, count, action=SessionAction.ATTENDANCE_RECORDED, subject=None):
    return [
        audit_record(actor=actor, action=action, network=network, subject=subject, detail=f"n{i}")
        for i in range(count)
    ]


def test_facilitator_sees_the_networks_events_newest_first_and_no_other_network(
    client, network, facilitator, member
):
    older = audit_record(
        actor=facilitator, action=NetworkAction.MEMBER_REMOVED, network=network, subject=member
    )
    newer = audit_record(actor=facilitator, action=MinutesAction.MINUTES_PUBLISHED, network=network)
    elsewhere = NetworkFactory()
    audit_record(
        actor=elsewhere.created_by,
        action=SessionAction.ATTENDANCE_RECORDED,
        network=elsewhere,
        detail="other network's event",
    )
    client.force_login(facilitator)

    response = client.get(_url(network))

    assert list(response.context["events"]) == [newer, older]
    page = response.content.decode()
    assert "Mona Member" in page
    assert "Fien Facilitator" in page
    assert "other network&#x27;s event" not in page
    assert "other network's event" not in page


def test_filter_by_action_shows_only_that_action(client, network, facilitator, member):
    removed = audit_record(
        actor=facilitator, action=NetworkAction.MEMBER_REMOVED, network=network, subject=member
    )
    _events(network, facilitator, 3)
    client.force_login(facilitator)

    response = client.get(_url(network, action=NetworkAction.MEMBER_REMOVED))
    unknown = client.get(_url(network, action="made_up"))

    assert list(response.context["events"]) == [removed]
    assert unknown.status_code == 200  # a bad filter shows everything, never a 500
    assert len(unknown.context["events"]) == 4


def test_fifty_events_a_page_and_the_second_page_has_the_rest(client, network, facilitator):
    events = _events(network, facilitator, 53)
    client.force_login(facilitator)

    first = client.get(_url(network))
    second = client.get(_url(network, page=2))

    assert [e.pk for e in first.context["events"]] == [e.pk for e in reversed(events)][:50]
    assert [e.pk for e in second.context["events"]] == [e.pk for e in events[:3]][::-1]
    assert 'href="?page=2"' in first.content.decode()


@pytest.mark.parametrize("who", ["member", "other_facilitator", "outsider"])
def test_members_and_other_facilitators_get_404(client, network, facilitator, request, who):
    _events(network, facilitator, 2)
    client.force_login(request.getfixturevalue(who))

    assert client.get(_url(network)).status_code == 404


def test_a_co_facilitator_reads_the_log_too(client, network, facilitator):
    co = MembershipFactory(network=network, user=UserFactory(), role="facilitator").user
    _events(network, facilitator, 1)
    client.force_login(co)

    assert len(client.get(_url(network)).context["events"]) == 1


def test_network_page_links_facilitators_to_the_log(client, network, facilitator, member):
    link = f'href="{_url(network)}"'
    client.force_login(facilitator)
    assert link in client.get(network.get_absolute_url()).content.decode()
    client.force_login(member)
    assert link not in client.get(network.get_absolute_url()).content.decode()


def test_query_count_is_the_same_for_one_and_sixty_events(client, network, facilitator, member):
    client.force_login(facilitator)
    _events(network, facilitator, 1, action=NetworkAction.MEMBER_REMOVED, subject=member)
    one = count_queries(client, _url(network))

    _events(network, facilitator, 59, action=NetworkAction.MEMBER_REMOVED, subject=member)
    sixty = count_queries(client, _url(network))

    assert one == sixty


def test_the_log_shows_each_action_by_the_label_its_app_declares(
    client, network, facilitator, member
):
    audit_record(
        actor=facilitator, action=NetworkAction.MEMBER_REMOVED, network=network, subject=member
    )
    client.force_login(facilitator)

    page = client.get(_url(network)).content.decode()

    # In Dutch, the default language: networks/audit.py labels it, the locale translates it.
    assert '<strong class="text-break">Deelnemer verwijderd</strong>' in page
    assert '<option value="member_removed">Deelnemer verwijderd</option>' in page
    assert "member_removed</strong>" not in page
