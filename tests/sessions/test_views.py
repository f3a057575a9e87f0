import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.idempotency import new_token
from core.outbox import OutboxState
from sessions import services
from sessions.enums import AttendanceStatus, RsvpAnswer, SessionStatus
from sessions.models import (
    Attendance,
    LearningSession,
    PracticeQuestion,
    Rsvp,
    Speaker,
    SpeakerEmail,
)
from tests.factories import MembershipFactory, NetworkFactory, SessionFactory, UserFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def _session_form(**overrides):
    day = timezone.localdate() + datetime.timedelta(days=7)
    return {
        "title": "Valrisico",
        "kind": "regular",
        "date": day.isoformat(),
        "start_time": "13:00",
        "end_time": "16:00",
        "location": "Brugge",
        "online_url": "",
        "description": "",
        "idempotency_token": new_token(),  # rendered in the form, as a browser sends it
        "confirmed": "1",  # from the confirmation page (issue 24)
        **overrides,
    }


def test_plan_session_in_browser_with_overlap_warning(client, network, facilitator):
    network.start_date = timezone.localdate()  # the session a week ahead is in the period
    network.save(update_fields=["start_date"])
    client.force_login(facilitator)
    url = reverse("sessions:create", kwargs={"pk": network.pk})
    client.post(url, _session_form(title="Eerste"), follow=True)  # its message is read

    response = client.post(
        url, _session_form(title="Tweede", start_time="15:00", end_time="17:00"), follow=True
    )

    second = LearningSession.objects.get(title="Tweede")
    assert second.number == 2
    assert second.starts_at.astimezone(datetime.UTC).hour in {13, 14}  # 15:00 Brussels
    assert _messages(response) == [
        "De bijeenkomst is gepland; de leden krijgen een e-mail.",
        "Deze bijeenkomst overlapt met bijeenkomst 1 (Eerste).",
    ]


def test_session_end_before_start_shows_error_next_to_field(client, network, facilitator):
    client.force_login(facilitator)

    response = client.post(
        reverse("sessions:create", kwargs={"pk": network.pk}),
        _session_form(start_time="16:00", end_time="13:00"),
    )

    assert response.context["form"].errors["end_time"] == ["Het einde moet na het begin liggen."]
    assert not LearningSession.objects.exists()


def test_agenda_longer_than_session_warns(client, session, facilitator):
    client.force_login(facilitator)

    response = client.post(
        reverse("sessions:agenda_add", kwargs={"pk": session.pk}),
        {
            "title": "Marathon",
            "duration_minutes": "240",
            "work_form": "",
            "notes": "",
            "idempotency_token": new_token(),
        },
        follow=True,
    )

    assert _messages(response) == [
        "De agenda duurt 240 minuten; de bijeenkomst duurt 180 minuten.",
        "De agenda is opgeslagen.",
    ]
    assert "de agenda is langer dan de bijeenkomst" in response.content.decode()


def test_member_rsvps_and_facilitator_sees_apology(client, session, member, facilitator):
    client.force_login(member)
    client.post(
        reverse("sessions:rsvp", kwargs={"pk": session.pk}),
        {"answer": "not_attending", "apology": "Nachtdienst", "input_for_group": "Tip: valmatten"},
    )
    client.force_login(facilitator)

    page = client.get(session.get_absolute_url()).content.decode()

    assert Rsvp.objects.get(user=member).answer == RsvpAnswer.NOT_ATTENDING
    assert "Nachtdienst" in page
    assert "Tip: valmatten" in page


def test_rsvp_after_the_session_started_says_why(client, network, member):
    started = SessionFactory(
        network=network,
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        ends_at=timezone.now() + datetime.timedelta(hours=2),
    )
    client.force_login(member)

    response = client.post(
        reverse("sessions:rsvp", kwargs={"pk": started.pk}), {"answer": "attending"}, follow=True
    )

    assert _messages(response) == [
        "Je kunt niet meer antwoorden: deze bijeenkomst is begonnen of voorbij."
    ]
    assert not Rsvp.objects.exists()


def test_rsvp_with_invalid_answer_shows_form_error(client, session, member):
    client.force_login(member)

    response = client.post(reverse("sessions:rsvp", kwargs={"pk": session.pk}), {"answer": "ja"})

    assert response.status_code == 200
    assert "answer" in response.context["rsvp_form"].errors
    assert not Rsvp.objects.exists()


def test_attendance_prefilled_saved_and_session_marked_held(client, network, facilitator, member):
    past = SessionFactory(
        network=network,
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    other = MembershipFactory(network=network).user
    Rsvp.objects.create(session=past, user=member, answer=RsvpAnswer.NOT_ATTENDING)
    client.force_login(facilitator)
    url = reverse("sessions:attendance", kwargs={"pk": past.pk})
    held_url = reverse("sessions:attendance_held", kwargs={"pk": past.pk})

    form = client.get(url).context["form"]
    assert form[f"status_{member.pk}"].value() == AttendanceStatus.EXCUSED

    incomplete = client.post(held_url, {f"status_{member.pk}": "excused"})
    assert incomplete.context["form"].missing == [other]
    assert not Attendance.objects.exists()

    done = client.post(
        held_url,
        {
            f"status_{member.pk}": "excused",
            f"remark_{member.pk}": "Nachtdienst",
            f"status_{other.pk}": "present",
        },
    )
    # It asks first, naming who gets the evaluation, and carries the attendance along.
    assert done.templates[0].name == "confirm.html"
    assert done.context["recipients"] == [other.full_name]
    carried = dict(done.context["carried"])
    assert carried[f"remark_{member.pk}"] == "Nachtdienst"
    past.refresh_from_db()
    assert past.status == SessionStatus.PLANNED
    assert not Attendance.objects.exists()

    done = client.post(held_url, carried, follow=True)
    past.refresh_from_db()
    assert past.status == SessionStatus.HELD
    assert _messages(done) == [
        "Aanwezigheid opgeslagen; de bijeenkomst is als gehouden gemarkeerd."
    ]
    assert Attendance.objects.get(user=member).remark == "Nachtdienst"


def test_speaker_email_clicked_twice_makes_one_outbox_row(client, session, facilitator):
    speaker = Speaker.objects.create(
        session=session, name="Griet", topic="Val", email="griet@example.org"
    )
    client.force_login(facilitator)
    url = reverse("sessions:speaker_email", kwargs={"pk": session.pk, "speaker_id": speaker.pk})

    client.post(url, follow=True)
    second = client.post(url, follow=True)

    assert second.redirect_chain == [(session.get_absolute_url(), 302)]
    assert _messages(second) == ["De gegevens zijn onderweg naar Griet."]
    [row] = SpeakerEmail.objects.all()
    assert (row.speaker, row.state, row.recipient_email) == (
        speaker,
        OutboxState.PENDING,
        "griet@example.org",
    )


def test_anonymous_question_hides_name_from_members_not_facilitator(
    client, network, member, facilitator
):
    author = MembershipFactory(network=network, user=UserFactory(full_name="Geheime Auteur")).user
    PracticeQuestion.objects.create(
        network=network, author=author, title="Gevoelige vraag", name_for_facilitator_only=True
    )
    url = reverse("sessions:questions", kwargs={"pk": network.pk})

    client.force_login(member)
    member_page = client.get(url).content.decode()
    client.force_login(facilitator)
    facilitator_page = client.get(url).content.decode()

    assert "Gevoelige vraag" in member_page
    assert "Geheime Auteur" not in member_page
    assert "Naam bekend bij de begeleider" in member_page
    assert "Geheime Auteur" in facilitator_page


def test_work_form_catalogue_filters(client, member):
    client.force_login(member)

    response = client.get(reverse("sessions:workforms"), {"q": "roddel"})
    english = client.get(reverse("sessions:workforms"), {"max_minutes": "15"})

    assert [w.slug for w in response.context["work_forms"]] == ["roddelmethode"]
    assert {w.slug for w in english.context["work_forms"]} == {"dotvoting", "evaluatieronde"}


def test_work_form_catalogue_bad_filter_shows_error(client, member):
    client.force_login(member)

    response = client.get(reverse("sessions:workforms"), {"group_size": "veel"})

    assert response.status_code == 200
    assert response.context["form"].errors["group_size"] == ["Voer een geheel getal in."]


def test_custom_work_form_of_other_network_is_404(client, outsider, network, facilitator):
    work_form = services.work_form_create(
        network=network,
        data={
            "name": "Onze methode",
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
    client.force_login(outsider)

    assert client.get(work_form.get_absolute_url()).status_code == 404


# Query guards ----------------------------------------------------------------------------------


def _grow(network, sessions, members):
    users = [MembershipFactory(network=network).user for _ in range(members)]
    for index in range(sessions):
        session = SessionFactory(
            network=network,
            starts_at=timezone.now() - datetime.timedelta(days=10 * (index + 1)),
            ends_at=timezone.now() - datetime.timedelta(days=10 * (index + 1), hours=-3),
        )
        services.agenda_item_add(
            session=session,
            data={"title": "Casus", "duration_minutes": 30},
            roles={"case_owner": users[0]},
            acting_user=network.created_by,
        )
        services.attendance_register(
            session=session,
            entries={u.pk: {"status": AttendanceStatus.PRESENT, "remark": ""} for u in users},
            acting_user=network.created_by,
        )
        LearningSession.objects.filter(pk=session.pk).update(status=SessionStatus.HELD)
        for user in users:
            Rsvp.objects.create(session=session, user=user, answer=RsvpAnswer.ATTENDING)
    return users


@pytest.mark.parametrize("page", ["timeline", "attendance_overview", "detail"])
def test_session_pages_queries_do_not_grow(client, facilitator, page):
    network = NetworkFactory(created_by=facilitator, member_cap=15)
    client.force_login(facilitator)
    _grow(network, sessions=1, members=1)
    first = network.sessions.first()

    def url():
        if page == "detail":
            return first.get_absolute_url()
        return reverse(f"sessions:{page}", kwargs={"pk": network.pk})

    one = count_queries(client, url())
    _grow(network, sessions=19, members=14)
    for _ in range(5):
        services.agenda_item_add(
            session=first,
            data={"title": "Meer", "duration_minutes": 10},
            roles={"chair": facilitator},
            acting_user=facilitator,
        )

    assert count_queries(client, url()) == one


def test_session_form_names_the_networks_period_and_warns_on_save(client, network, facilitator):
    facilitator.language = "en"
    facilitator.save(update_fields=["language"])
    client.force_login(facilitator)
    url = reverse("sessions:create", kwargs={"pk": network.pk})

    form = client.get(url)
    response = client.post(url, _session_form(date="2028-02-01"), follow=True)

    assert form.context["form"].fields["date"].help_text == (
        "The network runs from 1 Jan 2027 to 31 Dec 2027. A date outside that period is "
        "allowed: you get a warning."
    )
    session = LearningSession.objects.get()
    assert _messages(response) == [
        "The session has been planned; members get an email.",
        "This session is outside the network's period (1 Jan 2027 to 31 Dec 2027). Check the "
        "date, or change the period in the network's settings.",
    ]
    edit = client.get(reverse("sessions:update", kwargs={"pk": session.pk})).content.decode()
    assert "session-period-warning" in edit
    assert "This session is outside the network's period (1 Jan 2027 to 31 Dec 2027)." in edit


def test_session_edit_form_has_no_period_warning_inside_the_period(client, network, facilitator):
    start = datetime.datetime(2027, 3, 2, 12, tzinfo=datetime.UTC)
    session = SessionFactory(
        network=network, starts_at=start, ends_at=start + datetime.timedelta(hours=3)
    )
    client.force_login(facilitator)

    edit = client.get(reverse("sessions:update", kwargs={"pk": session.pk})).content.decode()

    assert not session.is_outside_network_period
    assert "session-period-warning" not in edit
