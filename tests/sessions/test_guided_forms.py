"""The kickoff suggestion fits the session and is added once; a work form fills in an item."""

import datetime

import pytest
from django.urls import reverse

from core.errors import ApplicationError
from core.idempotency import new_token
from sessions import services
from sessions.models import AgendaItem, WorkForm
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("minutes", [90, 180])
def test_kickoff_agenda_is_fitted_to_the_session(network, facilitator, minutes):
    session = SessionFactory(network=network)
    session.ends_at = session.starts_at + datetime.timedelta(minutes=minutes)
    session.save(update_fields=["ends_at"])

    items = services.agenda_apply_kickoff_template(session=session, acting_user=facilitator)

    assert sum(item.duration_minutes for item in items) == minutes
    assert len(items) == 5


def test_kickoff_agenda_is_added_only_to_an_empty_agenda(network, facilitator):
    session = SessionFactory(network=network)
    services.agenda_apply_kickoff_template(session=session, acting_user=facilitator)

    with pytest.raises(ApplicationError, match="De agenda heeft al punten"):
        services.agenda_apply_kickoff_template(session=session, acting_user=facilitator)

    assert sum(session.agenda.values_list("duration_minutes", flat=True)) == 180


def test_kickoff_view_refuses_a_second_click_with_a_message(client, network, facilitator):
    session = SessionFactory(network=network)
    client.force_login(facilitator)
    url = reverse("sessions:agenda_kickoff", kwargs={"pk": session.pk})

    client.post(url, follow=True)
    second = client.post(url, follow=True)

    assert [str(m) for m in second.context["messages"]] == [
        "De agenda heeft al punten: de voorgestelde agenda voor de startbijeenkomst wordt "
        "alleen aan een lege agenda toegevoegd."
    ]
    assert AgendaItem.objects.filter(session=session).count() == 5


def test_empty_title_and_duration_take_the_work_forms(client, network, facilitator):
    session = SessionFactory(network=network)
    work_form = WorkForm.objects.filter(network__isnull=True).first()
    client.force_login(facilitator)

    client.post(
        reverse("sessions:agenda_add", kwargs={"pk": session.pk}),
        {
            "work_form": work_form.pk,
            "title": "",
            "duration_minutes": "",
            "idempotency_token": new_token(),
        },
    )

    item = AgendaItem.objects.get(session=session)
    assert (item.title, item.duration_minutes) == (work_form.name, work_form.duration_minutes)


def test_work_form_page_adds_it_to_an_upcoming_session(client, network, facilitator):
    session = SessionFactory(network=network)
    work_form = WorkForm.objects.filter(network__isnull=True).first()
    client.force_login(facilitator)

    page = client.get(work_form.get_absolute_url())
    response = client.post(
        reverse("sessions:workform_add_to_agenda", kwargs={"pk": work_form.pk}),
        {"session": session.pk, "idempotency_token": new_token()},
    )

    assert list(page.context["add_form"].fields["session"].queryset) == [session]
    assert response["Location"] == session.get_absolute_url()
    item = AgendaItem.objects.get(session=session)
    assert (item.work_form, item.duration_minutes) == (work_form, work_form.duration_minutes)


def test_work_form_cannot_be_added_to_another_networks_session(client, network, other_facilitator):
    session = SessionFactory(network=network)
    work_form = WorkForm.objects.filter(network__isnull=True).first()
    client.force_login(other_facilitator)

    response = client.post(
        reverse("sessions:workform_add_to_agenda", kwargs={"pk": work_form.pk}),
        {"session": session.pk, "idempotency_token": new_token()},
    )

    assert response.status_code == 200
    assert not AgendaItem.objects.filter(session=session).exists()
