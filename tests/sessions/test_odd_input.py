"""Input people do type: nights the clocks change, impossible years, very long text, odd ids and
double clicks answer with a clear message, never a 500."""

import datetime
import threading

import pytest
from django.db import IntegrityError, connection
from django.urls import reverse
from django.utils import translation

from core.datetimes import make_local_aware
from core.idempotency import new_token
from pages.networks.forms import NetworkForm
from pages.sessions.forms import SessionForm
from sessions.models import CalendarFeed, LearningSession, PracticeQuestion
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _session_data(**overrides):
    return {
        "title": "Valrisico",
        "kind": "regular",
        "date": "2027-05-04",
        "start_time": "13:00",
        "end_time": "16:00",
        "location": "Brugge",
        "online_url": "",
        "description": "",
        "idempotency_token": new_token(),
        "confirmed": "1",  # from the confirmation page (issue 24)
        **overrides,
    }


def _errors(form) -> dict:
    with translation.override("en"):
        return {field: list(errors) for field, errors in form.errors.items()}


# Daylight saving ---------------------------------------------------------------------------------


def test_time_in_the_gap_when_clocks_go_forward_is_a_form_error():
    form = SessionForm(_session_data(date="2027-03-28", start_time="02:30", end_time="03:30"))

    assert _errors(form) == {
        "start_time": [
            "02:30 does not exist on 28 Mar 2027: that night the clocks go forward one hour. "
            "Choose another time."
        ]
    }


def test_time_that_happens_twice_when_clocks_go_back_is_a_form_error():
    form = SessionForm(_session_data(date="2027-10-31", start_time="02:30", end_time="03:30"))

    assert _errors(form) == {
        "start_time": [
            "02:30 happens twice on 31 Oct 2027: that night the clocks go back one hour. "
            "Choose another time."
        ]
    }


def test_session_around_the_change_is_stored_at_the_right_instant():
    form = SessionForm(_session_data(date="2027-03-28", start_time="01:30", end_time="03:30"))

    assert form.is_valid(), form.errors
    # 01:30 is winter time (UTC+1), 03:30 summer time (UTC+2): one hour apart, not two.
    assert form.cleaned_data["starts_at"] == datetime.datetime(
        2027, 3, 28, 0, 30, tzinfo=datetime.UTC
    )
    assert form.cleaned_data["ends_at"] == datetime.datetime(
        2027, 3, 28, 1, 30, tzinfo=datetime.UTC
    )


def test_make_local_aware_on_an_ordinary_day():
    aware = make_local_aware(datetime.date(2027, 7, 1), datetime.time(14, 0))

    assert aware == datetime.datetime(2027, 7, 1, 12, 0, tzinfo=datetime.UTC)


def test_planning_in_the_gap_answers_the_form_again(client, network, facilitator):
    facilitator.language = "en"
    facilitator.save(update_fields=["language"])
    client.force_login(facilitator)

    response = client.post(
        reverse("sessions:create", kwargs={"pk": network.pk}),
        _session_data(date="2027-03-28", start_time="02:30", end_time="03:30"),
    )

    assert response.status_code == 200
    assert "02:30 does not exist on 28 Mar 2027" in response.content.decode()
    assert not LearningSession.objects.exists()


# Sane dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["0001-01-01", "1999-12-31", "2101-01-01", "9999-12-31"])
def test_session_date_outside_2000_2100_is_refused(day):
    form = SessionForm(_session_data(date=day))

    assert _errors(form) == {"date": ["Enter a date between the years 2000 and 2100."]}


@pytest.mark.parametrize("day", ["2000-01-01", "2100-12-31"])
def test_session_date_on_the_edges_is_accepted(day):
    form = SessionForm(_session_data(date=day, start_time="00:00", end_time="23:59"))

    assert form.is_valid(), form.errors


def test_network_dates_outside_2000_2100_are_refused(network):
    form = NetworkForm({"start_date": "0001-01-01", "end_date": "2101-01-01"}, instance=network)

    errors = _errors(form)
    assert errors["start_date"] == ["Enter a date between the years 2000 and 2100."]
    assert errors["end_date"] == ["Enter a date between the years 2000 and 2100."]


@pytest.mark.parametrize(
    ("starts_at", "ends_at"),
    [
        (
            datetime.datetime(1, 1, 1, 9, tzinfo=datetime.UTC),
            datetime.datetime(1, 1, 1, 10, tzinfo=datetime.UTC),
        ),
        (
            datetime.datetime(2200, 1, 1, 9, tzinfo=datetime.UTC),
            datetime.datetime(2200, 1, 1, 10, tzinfo=datetime.UTC),
        ),
    ],
)
def test_database_refuses_a_session_outside_the_sane_range(
    require_postgres, network, starts_at, ends_at
):
    with pytest.raises(IntegrityError, match="sessions_session_sane_dates"):
        SessionFactory(network=network, number=1, starts_at=starts_at, ends_at=ends_at)


# Bounded text ------------------------------------------------------------------------------------


def test_too_long_description_is_a_translated_form_error(client, network, facilitator):
    client.force_login(facilitator)

    response = client.post(
        reverse("sessions:create", kwargs={"pk": network.pk}),
        _session_data(description="x" * 4001),
    )

    assert response.context["form"].errors["description"] == [
        "Zorg dat deze waarde niet meer dan 4000 tekens bevat (het zijn er nu 4001)."
    ]
    assert not LearningSession.objects.exists()


def test_too_long_question_context_is_a_form_error(client, network, member):
    client.force_login(member)

    response = client.post(
        reverse("sessions:questions", kwargs={"pk": network.pk}),
        {"title": "Vraag", "context": "x" * 4001, "idempotency_token": new_token()},
    )

    assert response.context["form"].errors["context"] == [
        "Zorg dat deze waarde niet meer dan 4000 tekens bevat (het zijn er nu 4001)."
    ]
    assert not PracticeQuestion.objects.exists()


@pytest.mark.parametrize(
    ("factory", "field", "limit"),
    [
        ("session", "description", 4000),
        ("question", "context", 4000),
        ("agenda", "notes", 4000),
        ("workform", "steps_nl", 6000),
    ],
)
def test_database_refuses_too_long_text(require_postgres, network, member, factory, field, limit):
    session = SessionFactory(network=network, number=1)
    make = {
        "session": lambda: LearningSession.objects.filter(pk=session.pk),
        "question": lambda: PracticeQuestion.objects.filter(
            pk=PracticeQuestion.objects.create(network=network, author=member, title="V").pk
        ),
        "agenda": lambda: session.agenda.model.objects.filter(
            pk=session.agenda.create(title="Punt", duration_minutes=10).pk
        ),
        "workform": lambda: network.work_forms.model.objects.filter(
            pk=network.work_forms.create(
                slug="eigen", name_nl="E", name_en="E", purpose_nl="p", purpose_en="p",
                steps_nl="s", steps_en="s", duration_minutes=30,
            ).pk
        ),
    }  # fmt: skip
    rows = make[factory]()

    with pytest.raises(IntegrityError, match=f"_{field}_length"):
        rows.update(**{field: "x" * (limit + 1)})


# Calendar feed: a double click --------------------------------------------------------------------


def test_create_calendar_link_twice_keeps_one_link(client, member):
    client.force_login(member)
    url = reverse("sessions:calendar_feed_create")

    first = client.post(url, {})
    second = client.post(url, {})

    assert (first.status_code, second.status_code) == (302, 302)
    assert CalendarFeed.objects.filter(user=member, revoked_at__isnull=True).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("action", ["create", "reset"])
def test_create_calendar_link_twice_at_once_keeps_one_link(require_postgres, client, action):
    from django.test import Client

    user = UserFactory()
    if action == "reset":
        CalendarFeed.objects.create(user=user)
    statuses, errors = [], []
    barrier = threading.Barrier(2)

    def click():
        browser = Client()
        browser.force_login(user)
        try:
            barrier.wait(timeout=30)
            url = reverse(f"sessions:calendar_feed_{action}")
            statuses.append(browser.post(url).status_code)
        except Exception as error:  # collected and asserted below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert statuses == [302, 302]
    assert CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).count() == 1
