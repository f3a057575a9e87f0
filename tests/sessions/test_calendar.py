import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from sessions import services
from sessions.calendar import session_ics
from tests.factories import NetworkFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _events(content: bytes):
    calendar = Calendar.from_ical(content)
    return calendar, list(calendar.walk("VEVENT"))


def test_session_ics_has_stable_uid_timezone_and_rising_sequence(
    client, session, member, facilitator
):
    client.force_login(member)
    url = reverse("sessions:ics", kwargs={"pk": session.pk})

    first = client.get(url)
    services.session_update(session=session, data={"location": "Gent"}, acting_user=facilitator)
    second = client.get(url)

    assert first["Content-Type"] == "text/calendar; charset=utf-8"
    calendar, [before] = _events(first.content)
    _calendar, [after] = _events(second.content)
    assert str(before["UID"]) == str(after["UID"]) == f"{session.uid}@leernet"
    assert before["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert before["DTSTART"].dt.tzinfo is not None
    assert before["DTSTART"].dt == session.starts_at
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Brussels"]
    assert (int(before["SEQUENCE"]), int(after["SEQUENCE"])) == (0, 1)
    assert str(after["LOCATION"]) == "Gent"
    assert str(before["STATUS"]) == "CONFIRMED"


def test_cancelled_session_is_marked_cancelled(client, session, member, facilitator):
    services.session_cancel(session=session, acting_user=facilitator)
    client.force_login(member)

    _calendar, [event] = _events(
        client.get(reverse("sessions:ics", kwargs={"pk": session.pk})).content
    )

    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 1


def test_feed_lists_all_sessions_of_the_users_networks_only(client, network, member):
    mine = [SessionFactory(network=network, title=f"Sessie {i}") for i in range(3)]
    SessionFactory(network=NetworkFactory(), title="Niet de mijne")
    feed = services.calendar_feed_get_or_create(acting_user=member)

    response = client.get(reverse("sessions:calendar_feed", kwargs={"token": feed.token}))

    _calendar, events = _events(response.content)
    assert sorted(str(e["UID"]) for e in events) == sorted(f"{s.uid}@leernet" for s in mine)


@pytest.mark.parametrize("token", ["onbekend", "revoked"])
def test_unknown_or_revoked_feed_token_is_404(client, member, token):
    feed = services.calendar_feed_get_or_create(acting_user=member)
    if token == "revoked":
        services.calendar_feed_revoke(acting_user=member)
        token = feed.token

    response = client.get(reverse("sessions:calendar_feed", kwargs={"token": token}))

    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_session_times_survive_dst(network):
    summer = SessionFactory(
        network=network,
        starts_at=datetime.datetime(2027, 7, 1, 11, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2027, 7, 1, 14, 0, tzinfo=datetime.UTC),
    )

    _calendar, [event] = _events(session_ics(summer))

    assert event["DTSTART"].dt.hour == 13  # 11:00 UTC is 13:00 in Brussels in summer
