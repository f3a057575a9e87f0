"""Issue 24, items 5 and 10: every action that emails the group asks first on the confirmation
page (who gets what) and sends nothing before "Yes"; a session that has started is never
announced; the next step of a session's life is its one primary button."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.idempotency import new_token
from evaluations.models import EvaluationEmail, Intake, Questionnaire, Vote
from networks.models import Invitation, NetworkEmail
from sessions.models import LearningSession, SessionNotification
from sessions.services import session_record_attendance, session_update
from tests.factories import MembershipFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(network, facilitator, client):
    members = [
        MembershipFactory(network=network, user=UserFactory(full_name=name)).user
        for name in ("Anna Aerts", "Bert Bos")
    ]
    client.force_login(facilitator)
    return network, members


def _day(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def _asks(response, title: str, recipients: list[str]):
    page = response.content.decode()
    assert response.status_code == 200
    assert response.templates[0].name == "confirm.html"
    assert response.context["title"] == title
    assert response.context["recipients"] == recipients
    assert 'name="confirmed" value="1"' in page
    return page


def test_inviting_asks_first_naming_the_addresses(client, group):
    network, _members = group
    url = reverse("networks:invite", kwargs={"pk": network.pk})
    data = {"emails": "nieuw@example.org, ander@example.org", "role": "member"}

    page = _asks(
        client.post(url, data),
        "De uitnodigingen versturen?",
        ["nieuw@example.org", "ander@example.org"],
    )
    assert not Invitation.objects.exists()
    assert not NetworkEmail.objects.exists()

    client.post(url, {**data, "confirmed": "1"})

    assert Invitation.objects.count() == 2
    assert "2 personen krijgen een e-mail" in page


def test_opening_the_intake_asks_first_naming_the_members(client, group):
    network, _members = group
    url = reverse("evaluations:intake_deadline", kwargs={"pk": network.pk})

    _asks(
        client.post(url, {"deadline": _day(5)}),
        "De intake openen en de leden mailen?",
        ["Anna Aerts", "Bert Bos"],
    )
    assert not Intake.objects.exists()

    client.post(url, {"deadline": _day(5), "confirmed": "1"})

    assert Intake.objects.filter(network=network).exists()
    assert EvaluationEmail.objects.filter(intake__network=network).count() == 2


def test_moving_the_intakes_deadline_names_nobody_already_invited(client, group):
    network, _members = group
    url = reverse("evaluations:intake_deadline", kwargs={"pk": network.pk})
    client.post(url, {"deadline": _day(5), "confirmed": "1"})

    _asks(client.post(url, {"deadline": _day(9)}), "De deadline van de intake verplaatsen?", [])


def test_opening_a_vote_asks_first_and_can_go_back_to_the_form(client, group):
    network, _members = group
    url = reverse("evaluations:vote_create", kwargs={"pk": network.pk})
    data = {"kind": "topics", "title": "Onderwerp", "points": 3, "closes": _day(3),
            "options": "Valmatten\nMedicatie", "idempotency_token": new_token()}  # fmt: skip

    _asks(
        client.post(url, data), "De stemming openen en de leden mailen?", ["Anna Aerts", "Bert Bos"]
    )
    back = client.post(url, {**data, "edit": "1"})
    assert not Vote.objects.exists()
    assert back.context["form"]["title"].value() == "Onderwerp"

    client.post(url, {**data, "confirmed": "1"})

    assert Vote.objects.filter(network=network).count() == 1


def test_opening_the_final_evaluation_asks_first(client, group):
    network, _members = group
    url = reverse("evaluations:final_open", kwargs={"pk": network.pk})

    _asks(
        client.post(url, {"closes": _day(7)}),
        "De eindevaluatie openen en de leden mailen?",
        ["Anna Aerts", "Bert Bos"],
    )
    assert not Questionnaire.objects.filter(kind="final").exists()

    client.post(url, {"closes": _day(7), "confirmed": "1"})

    assert Questionnaire.objects.filter(network=network, kind="final", planned=False).exists()


def _session_data(date: str, start: str = "13:00", end: str = "16:00", **extra) -> dict:
    return {"title": "Valrisico", "kind": "regular", "date": date, "start_time": start,
            "end_time": end, "location": "Brugge", "online_url": "", "description": "",
            "idempotency_token": new_token(), **extra}  # fmt: skip


def test_planning_a_session_asks_first_naming_the_members(client, group):
    network, _members = group
    url = reverse("sessions:create", kwargs={"pk": network.pk})

    _asks(
        client.post(url, _session_data(_day(10))),
        "Deze bijeenkomst plannen en de leden mailen?",
        ["Anna Aerts", "Bert Bos"],
    )
    assert not LearningSession.objects.exists()

    client.post(url, _session_data(_day(10), confirmed="1"))

    assert SessionNotification.objects.filter(kind="invitation").count() == 2


def test_a_session_earlier_today_is_never_announced(client, group):
    network, _members = group
    url = reverse("sessions:create", kwargs={"pk": network.pk})
    now = timezone.localtime()
    start = (now - datetime.timedelta(hours=2)).replace(second=0, microsecond=0)
    if start.date() != now.date():  # just after midnight: yesterday evening will do
        start = now - datetime.timedelta(days=1)
    data = _session_data(
        start.date().isoformat(),
        start=start.strftime("%H:%M"),
        end=(start + datetime.timedelta(minutes=90)).strftime("%H:%M"),
    )

    page = _asks(client.post(url, data), "Deze bijeenkomst is al begonnen: toch toevoegen?", [])
    assert "Niemand krijgt een e-mail" in page
    response = client.post(url, {**data, "confirmed": "1"}, follow=True)

    session = LearningSession.objects.get()
    assert not SessionNotification.objects.filter(session=session).exists()
    assert [str(m) for m in response.context["messages"]][0] == (
        "De bijeenkomst is toegevoegd; niemand kreeg een e-mail, want ze is al begonnen."
    )


@pytest.mark.parametrize(
    ("state", "primary"),
    [
        ("ahead", "Bekijk wie er komt"),
        ("ended", "Registreer wie er was"),
        ("held", "Verslag schrijven"),
    ],
)
def test_the_next_step_of_a_sessions_life_is_its_one_primary_button(
    client, group, facilitator, state, primary
):
    network, members = group
    days = 3 if state == "ahead" else -1
    start = timezone.now() + datetime.timedelta(days=days)
    session = SessionFactory(
        network=network, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    if state == "held":
        session_record_attendance(
            session=session,
            entries={m.pk: {"status": "present", "remark": ""} for m in members},
            mark_held=True,
            acting_user=facilitator,
        )

    page = client.get(session.get_absolute_url()).content.decode()

    header = page.split('id="agenda-heading"')[0]
    assert header.count('class="btn btn-primary') == 1
    assert 'class="btn btn-primary session-next" href' in header
    assert f">{primary}</a>" in header


def test_moving_a_session_into_the_past_sends_no_update(group, facilitator):
    network, _members = group
    start = timezone.now() + datetime.timedelta(days=3)
    session = SessionFactory(
        network=network, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    earlier = timezone.now() - datetime.timedelta(hours=3)

    session_update(
        session=session,
        data={"starts_at": earlier, "ends_at": earlier + datetime.timedelta(hours=2)},
        acting_user=facilitator,
    )

    assert not SessionNotification.objects.filter(session=session, kind="update").exists()
