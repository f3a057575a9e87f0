"""The attendance register in one pass: "Everyone present" / "The rest absent" fill in the
members not yet marked, the RSVPs prefill, blanks give one summary (not an error per row), a
tapped change saves on its own (the autosave header), and the page's queries do not grow."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sessions.enums import AttendanceStatus, RsvpAnswer
from sessions.models import Attendance, Rsvp
from tests.factories import MembershipFactory, SessionFactory, UserFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

AUTOSAVE = {"HTTP_X_ATTENDANCE_AUTOSAVE": "1"}


@pytest.fixture
def past(network):
    now = timezone.now()
    return SessionFactory(
        network=network,
        starts_at=now - datetime.timedelta(hours=3),
        ends_at=now - datetime.timedelta(hours=1),
    )


def _twelve(network, count=12):
    return sorted(
        (MembershipFactory(network=network, user=UserFactory()).user for _ in range(count)),
        key=lambda user: (user.full_name, user.pk),
    )


def _statuses(session):
    return dict(Attendance.objects.filter(session=session).values_list("user_id", "status"))


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def test_everyone_present_saves_all_twelve_and_comes_back_to_the_register(
    client, network, facilitator, past
):
    members = _twelve(network)
    client.force_login(facilitator)
    url = reverse("sessions:attendance", kwargs={"pk": past.pk})

    response = client.post(url, {"rest": "present"}, follow=True)

    assert response.redirect_chain == [(url, 302)]
    assert _statuses(past) == {m.pk: AttendanceStatus.PRESENT for m in members}
    assert _messages(response) == ["Aanwezigheid opgeslagen: 12 aanwezig."]
    # Everyone is marked now: the fill-in buttons are gone, the changes are per row.
    assert b'name="rest"' not in response.content


def test_the_rest_absent_keeps_what_was_marked_and_the_rsvps(client, network, facilitator, past):
    members = _twelve(network)
    Rsvp.objects.create(session=past, user=members[0], answer=RsvpAnswer.NOT_ATTENDING)
    client.force_login(facilitator)
    url = reverse("sessions:attendance", kwargs={"pk": past.pk})
    form = client.get(url).context["form"]
    assert form[f"status_{members[0].pk}"].value() == AttendanceStatus.EXCUSED
    assert form.unmarked == 11

    client.post(
        url,
        {
            f"status_{members[0].pk}": "excused",  # the RSVP, as the browser sends it back
            f"status_{members[1].pk}": "present",
            f"status_{members[2].pk}": "late",
            "rest": "absent",
        },
    )

    statuses = _statuses(past)
    assert statuses[members[0].pk] == AttendanceStatus.EXCUSED
    assert statuses[members[1].pk] == AttendanceStatus.PRESENT
    assert statuses[members[2].pk] == AttendanceStatus.LATE
    assert {statuses[m.pk] for m in members[3:]} == {AttendanceStatus.ABSENT}


def test_blanks_give_one_summary_naming_who_is_missing(client, network, facilitator, past):
    members = _twelve(network)
    client.force_login(facilitator)
    url = reverse("sessions:attendance", kwargs={"pk": past.pk})
    data = {f"status_{m.pk}": "present" for m in members[2:]}

    response = client.post(url, data)

    form = response.context["form"]
    names = f"{members[0].full_name}, {members[1].full_name}"
    assert response.status_code == 200
    assert form.non_field_errors() == [
        f"Nog aan te duiden: 2 leden ({names}). Kies hun status, of duid de rest aan als "
        "aanwezig of afwezig met de knoppen boven de lijst."
    ]
    assert [key for key in form.errors if key != "__all__"] == []  # not one error per row
    assert response.content.count(b"attendance-missing") == 2
    assert not Attendance.objects.exists()  # nothing half-saved


def test_a_tapped_change_saves_on_its_own_and_answers_in_one_line(
    client, network, facilitator, past
):
    members = _twelve(network)
    client.force_login(facilitator)
    url = reverse("sessions:attendance", kwargs={"pk": past.pk})
    client.post(url, {"rest": "present"})
    data = {f"status_{m.pk}": "present" for m in members}
    data[f"status_{members[4].pk}"] = "absent"

    response = client.post(url, data, **AUTOSAVE)

    assert response.json() == {
        "saved": True,
        "message": "Aanwezigheid opgeslagen: 11 aanwezig, 1 afwezig.",
    }
    assert _statuses(past)[members[4].pk] == AttendanceStatus.ABSENT


def test_an_autosave_with_blanks_saves_nothing_and_says_what_is_missing(
    client, network, facilitator, past
):
    members = _twelve(network)
    client.force_login(facilitator)
    url = reverse("sessions:attendance", kwargs={"pk": past.pk})

    response = client.post(url, {f"status_{members[0].pk}": "present"}, **AUTOSAVE)

    answer = response.json()
    assert answer["saved"] is False
    assert answer["message"].startswith("Nog aan te duiden: 11 leden (")
    assert not Attendance.objects.exists()


def test_an_unknown_status_is_refused_with_a_message_not_a_500(client, network, facilitator, past):
    members = _twelve(network)
    client.force_login(facilitator)
    url = reverse("sessions:attendance", kwargs={"pk": past.pk})
    data = {f"status_{m.pk}": "present" for m in members}
    data[f"status_{members[0].pk}"] = "ja"

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["form"].errors[f"status_{members[0].pk}"] == [
        "Selecteer een geldige keuze. ja is geen beschikbare keuze."
    ]
    assert not Attendance.objects.exists()


def test_a_member_cannot_autosave_someone_elses_register(client, network, member, past):
    client.force_login(member)
    url = reverse("sessions:attendance", kwargs={"pk": past.pk})

    response = client.post(url, {f"status_{member.pk}": "present"}, **AUTOSAVE)

    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_attendance_page_queries_do_not_grow_with_members(client, network, facilitator, past):
    MembershipFactory(network=network, user=UserFactory())
    client.force_login(facilitator)
    url = reverse("sessions:attendance", kwargs={"pk": past.pk})
    one = count_queries(client, url)

    for user in _twelve(network, count=11):
        Rsvp.objects.create(session=past, user=user, answer=RsvpAnswer.ATTENDING)

    assert count_queries(client, url) == one
