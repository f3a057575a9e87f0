"""A member who just joined lands on the next step; the ground-rules page; the minutes due days
setting. (The to-dos themselves: tests/core/test_todo.py.)"""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from core.todo import todos_for
from evaluations import services as evaluation_services
from networks import services
from networks.enums import NetworkEmailKind, Role
from networks.models import Membership, NetworkEmail
from tests.factories import InvitationFactory, MembershipFactory, UserFactory, network_form_data

pytestmark = pytest.mark.django_db


def _open_intake(network, facilitator):
    return evaluation_services.intake_open(
        network=network,
        deadline=timezone.now() + datetime.timedelta(days=5),
        acting_user=facilitator,
    )


def _accept(client, user, network):
    invitation = InvitationFactory(network=network, email=user.email)
    client.force_login(user)
    return client.post(
        reverse("networks:invitation_accept", kwargs={"token": invitation.token}),
        {"accept_ground_rules": "on"},
    )


def test_accepting_an_invitation_lands_on_the_open_intake(client, network, facilitator, outsider):
    _open_intake(network, facilitator)

    response = _accept(client, outsider, network)

    assert response.status_code == 302
    assert response.url == reverse("evaluations:intake", kwargs={"pk": network.pk})
    assert Membership.objects.get(network=network, user=outsider).is_active


def test_accepting_lands_on_the_network_without_an_intake(client, network, outsider):
    response = _accept(client, outsider, network)

    assert response.url == network.get_absolute_url()


def test_accepting_lands_on_the_network_once_the_intake_closed(
    client, network, facilitator, outsider
):
    intake = _open_intake(network, facilitator)
    intake.deadline = timezone.now() - datetime.timedelta(minutes=1)
    intake.save()

    response = _accept(client, outsider, network)

    assert response.url == network.get_absolute_url()


def test_an_invited_facilitator_lands_on_the_network(client, network, facilitator, outsider):
    _open_intake(network, facilitator)
    invitation = InvitationFactory(network=network, email=outsider.email, role=Role.FACILITATOR)
    client.force_login(outsider)

    response = client.post(
        reverse("networks:invitation_accept", kwargs={"token": invitation.token}),
        {"accept_ground_rules": "on"},
    )

    assert response.url == network.get_absolute_url()  # facilitators fill in no intake


def test_approved_member_lands_on_the_intake_from_the_welcome_email(
    client, network, facilitator, outsider
):
    _open_intake(network, facilitator)
    join_request = services.join_request_create(
        network=network, acting_user=outsider, motivation="", accept_ground_rules=True
    )
    services.join_request_decide(join_request=join_request, acting_user=facilitator, approve=True)
    email = NetworkEmail.objects.get(kind=NetworkEmailKind.JOIN_DECISION, join_request=join_request)
    start = reverse("networks:start", kwargs={"pk": network.pk})

    message = email.build_message()
    client.force_login(outsider)
    response = client.get(start)

    assert settings.SITE_URL + start in message.body
    assert response.status_code == 302
    assert response.url == reverse("evaluations:intake", kwargs={"pk": network.pk})

    evaluation_services.intake_submit(
        intake=network.intake,
        data={"expectations": "Leren", "personal_goals": "Valpreventie"},
        acting_user=outsider,
    )
    assert client.get(start).url == network.get_absolute_url()


def test_declined_requester_is_sent_to_their_networks(network, facilitator, outsider):
    join_request = services.join_request_create(
        network=network, acting_user=outsider, motivation="", accept_ground_rules=True
    )
    services.join_request_decide(join_request=join_request, acting_user=facilitator, approve=False)
    email = NetworkEmail.objects.get(kind=NetworkEmailKind.JOIN_DECISION, join_request=join_request)

    body = email.build_message().body

    assert settings.SITE_URL + reverse("networks:dashboard") in body
    assert reverse("networks:start", kwargs={"pk": network.pk}) not in body


def test_ground_rules_page_when_nothing_changed(client, network, member):
    client.force_login(member)

    page = client.get(reverse("networks:ground_rules", kwargs={"pk": network.pk}))

    assert page.status_code == 200
    assert page.context["needs_acceptance"] is False
    assert network.ground_rules in page.content.decode()
    assert 'name="accept_ground_rules"' not in page.content.decode()  # nothing to accept again


def test_ground_rules_are_refused_to_a_former_member(client, network, member):
    services.membership_leave(network=network, acting_user=member)
    client.force_login(member)

    assert (
        client.get(reverse("networks:ground_rules", kwargs={"pk": network.pk})).status_code == 404
    )


def test_reaccepting_without_the_tick_says_so_in_english(client, network, member, facilitator):
    member.language = "en"  # English, so the test does not wait for the Dutch catalogue
    member.save(update_fields=["language"])
    services.network_update(
        network=network, data={"ground_rules": "Nieuw"}, acting_user=facilitator
    )
    client.force_login(member)

    response = client.post(reverse("networks:ground_rules", kwargs={"pk": network.pk}), {})

    assert response.status_code == 200
    assert response.context["form"].errors["accept_ground_rules"] == [
        "Tick the box to accept the ground rules."
    ]
    assert "The facilitators changed the ground rules on" in response.content.decode()


def test_rules_changed_while_reading_are_not_accepted(client, network, member, facilitator):
    """The member read one text; a facilitator changed it before they posted: nothing is
    accepted, the page says so and shows the new text."""
    member.language = "en"
    member.save(update_fields=["language"])
    services.network_update(
        network=network, data={"ground_rules": "Eerst"}, acting_user=facilitator
    )
    client.force_login(member)
    url = reverse("networks:ground_rules", kwargs={"pk": network.pk})
    read = client.get(url).context["form"]["version"].value()
    accepted_before = network.memberships.get(user=member).ground_rules_accepted_at
    network.refresh_from_db()
    services.network_update(network=network, data={"ground_rules": "Dan"}, acting_user=facilitator)

    response = client.post(url, {"accept_ground_rules": "on", "version": read})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "The ground rules changed while you were reading them: read them again."
    ]
    assert "Dan" in response.content.decode()
    assert network.memberships.get(user=member).ground_rules_accepted_at == accepted_before


def test_accepting_ground_rules_as_a_service_refuses_outsiders(network, outsider):
    from core.errors import ApplicationError

    with pytest.raises(ApplicationError):
        services.membership_accept_ground_rules(network=network, acting_user=outsider)


def test_ground_rules_change_ignores_line_endings(network, facilitator):
    services.network_update(
        network=network,
        data={"ground_rules": network.ground_rules.replace("\n", "\r\n") + "  \r\n"},
        acting_user=facilitator,
    )
    network.refresh_from_db()

    assert network.ground_rules_changed_at is None


def test_minutes_due_days_on_the_network_form(client, network, facilitator):
    facilitator.language = "en"
    facilitator.save(update_fields=["language"])
    client.force_login(facilitator)
    url = reverse("networks:update", kwargs={"pk": network.pk})

    page = client.get(url).content.decode()
    response = client.post(url, network_form_data(minutes_due_days="14"))

    assert 'name="minutes_due_days"' in page
    assert response.status_code == 302
    network.refresh_from_db()
    assert network.minutes_due_days == 14


@pytest.mark.parametrize("value", ["0", "61", "zeven"])
def test_minutes_due_days_out_of_range_is_refused(client, network, facilitator, value):
    facilitator.language = "en"
    facilitator.save(update_fields=["language"])
    client.force_login(facilitator)

    response = client.post(
        reverse("networks:update", kwargs={"pk": network.pk}),
        network_form_data(minutes_due_days=value),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["minutes_due_days"]
    network.refresh_from_db()
    assert network.minutes_due_days == 7


def test_minutes_due_days_left_empty_keeps_the_default(client, network, facilitator):
    client.force_login(facilitator)

    response = client.post(
        reverse("networks:update", kwargs={"pk": network.pk}),
        network_form_data(minutes_due_days=""),
    )

    assert response.status_code == 302
    network.refresh_from_db()
    assert network.minutes_due_days == 7


def test_task_titles_in_dutch(network, facilitator):
    """Needs the Dutch catalogue (/work/i18n/tasks.po merged)."""
    member = MembershipFactory(network=network, user=UserFactory()).user
    _open_intake(network, facilitator)

    with translation.override("nl"):
        titles = [task.title for task in todos_for(user=member)]

    assert titles == [f"Vul de intake van {network.name} in"]
