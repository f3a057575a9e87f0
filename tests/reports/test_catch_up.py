"""The catch-up pack for members who missed a session (issue 12, part 1): the "what you missed"
email, the signed "I have read it" link, the "my input" form, the delivery page's follow-up and
the one reminder."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.outbox import OutboxState
from minutes import services
from minutes.enums import ReadVia
from minutes.models import CatchUpReminder, MinutesDelivery, MinutesRead
from minutes.read_links import read_link_token
from sessions import services as session_services
from sessions.enums import AttendanceStatus
from sessions.models import AgendaItem, CatchUpInput, PracticeQuestion
from tests.factories import MembershipFactory, NetworkFactory, SessionFactory, UserFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def next_session(network, held):
    session = SessionFactory(network=network, number=2, title="Valmatten in de praktijk")
    AgendaItem.objects.create(
        session=session, title="Terugblik op de valmatten", duration_minutes=30
    )
    return session


@pytest.fixture
def pack_minutes(held, facilitator, next_session):
    """The minutes of the held session, with one action of each absentee and one of an
    outsider."""
    session, excused, absent = held
    minutes = services.minutes_get_or_create(session=session, acting_user=facilitator)
    services.minutes_save_draft(
        minutes=minutes,
        data={
            "summary": "We bespraken **valrisico** bij bewoners met dementie.",
            "agreements": "Elke afdeling test twee weken valmatten.",
            "questions_next": "Wat doen we met bewoners die 's nachts opstaan?",
        },
        item_notes={},
        actions=[
            {
                "what": "Checklist valrisico uitproberen",
                "who": excused.full_name,
                "owner_id": excused.pk,
                "due": datetime.date(2030, 3, 1),
            },
            {
                "what": "Valmatten bestellen",
                "who": absent.full_name,
                "owner_id": absent.pk,
                "due": None,
            },
            {"what": "Kinesist uitnodigen", "who": "Lotte (extern)", "due": None},
        ],
        acting_user=facilitator,
    )  # fmt: skip
    return minutes


def _publish(minutes, facilitator, on_commit, **kwargs):
    with on_commit(execute=True):
        return services.minutes_publish(minutes=minutes, acting_user=facilitator, **kwargs)


def _message_to(user):
    return next(m for m in mail.outbox if m.to == [user.email])


def test_the_pack_tells_each_absentee_what_they_missed_and_their_own_actions(
    pack_minutes, held, facilitator, member, next_session, on_commit
):
    _session, excused, absent = held
    absent.language = "en"
    absent.save(update_fields=["language"])

    version = _publish(pack_minutes, facilitator, on_commit, include_present=True)

    assert version.content["actions"][0]["owner"] == excused.pk
    english = _message_to(absent)
    body = english.body
    assert "You missed session 1" in body
    assert "We bespraken **valrisico**" in body
    assert "Elke afdeling test twee weken valmatten." in body
    assert "What you agreed to try" in body
    assert "Valmatten bestellen" in body
    assert "Checklist valrisico uitproberen" not in body  # someone else's action
    assert "Kinesist uitnodigen" not in body
    assert "Wat doen we met bewoners" in body
    assert "Valmatten in de praktijk" in body
    assert "Terugblik op de valmatten" in body
    assert f"/sessions/{next_session.pk}/rsvp/" in body  # one-click RSVP
    assert f"/sessions/{version.minutes.session_id}/minutes/read/" in body
    assert reverse("reports:catch_up_input", kwargs={"pk": version.minutes.session_id}) in body
    assert english.attachments[0][2] == "application/pdf"
    html = english.alternatives[0][0]
    assert "<strong>valrisico</strong>" in html
    assert "I have read it" in html

    dutch = _message_to(excused)
    assert "Checklist valrisico uitproberen" in dutch.body
    assert "Valmatten bestellen" not in dutch.body

    present = _message_to(member)  # present members keep the normal minutes email
    assert "/minutes/read/" not in present.body
    assert "Valmatten bestellen" not in present.body
    version.refresh_from_db()
    assert version.pdf_renders == 1


# The "I have read it" link ------------------------------------------------------------------


def _read_url(session, version, user):
    token = read_link_token(version_id=version.pk, user_id=user.pk)
    return reverse("reports:read_link", kwargs={"pk": session.pk, "token": token})


def test_read_link_records_the_read_once_without_sign_in(
    client, pack_minutes, held, facilitator, on_commit
):
    session, excused, absent = held
    version = _publish(pack_minutes, facilitator, on_commit)
    url = _read_url(session, version, absent)

    response = client.get(url)  # a mail scanner opening the link records nothing
    assert response.status_code == 200
    assert not MinutesRead.objects.exists()

    response = client.post(url, follow=True)
    assert response.status_code == 200
    read = MinutesRead.objects.get()
    assert (read.user, read.via) == (absent, ReadVia.LINK)

    again = client.post(url, follow=True)  # a second click is harmless
    assert again.status_code == 200
    assert MinutesRead.objects.count() == 1
    assert "nothing more to do" in again.content.decode() or "niets meer" in again.content.decode()


def test_forged_or_foreign_read_links_are_404(
    client, pack_minutes, held, facilitator, member, on_commit, next_session
):
    session, excused, absent = held
    version = _publish(pack_minutes, facilitator, on_commit)
    good = read_link_token(version_id=version.pk, user_id=absent.pk)
    urls = [
        reverse("reports:read_link", kwargs={"pk": session.pk, "token": good + "x"}),
        reverse("reports:read_link", kwargs={"pk": session.pk, "token": "nonsense"}),
        # another session's URL with a valid token
        reverse("reports:read_link", kwargs={"pk": next_session.pk, "token": good}),
        # a member who was present got no pack
        _read_url(session, version, member),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url
    # Another member's token while signed in as someone else.
    client.force_login(excused)
    assert client.get(_read_url(session, version, absent)).status_code == 404
    assert client.post(_read_url(session, version, absent)).status_code == 404
    assert not MinutesRead.objects.exists()
    # A member who left the network since: 404.
    client.logout()
    absent_membership = session.network.memberships.get(user=absent)
    absent_membership.status = "left"
    absent_membership.save(update_fields=["status"])
    assert client.get(_read_url(session, version, absent)).status_code == 404


# "My input" ---------------------------------------------------------------------------------


def test_input_reaches_the_facilitator_on_the_next_session(
    client, pack_minutes, held, facilitator, member, next_session, on_commit
):
    session, _excused, absent = held
    _publish(pack_minutes, facilitator, on_commit)
    client.force_login(absent)
    url = reverse("reports:catch_up_input", kwargs={"pk": session.pk})
    form = client.get(url)
    assert form.status_code == 200
    token = form.context["form"]["idempotency_token"].value()

    response = client.post(
        url,
        {"text": "Bij ons werkt een sensormat beter.", "destination": "facilitator",
         "idempotency_token": token},
        follow=True,
    )  # fmt: skip

    assert response.status_code == 200
    assert CatchUpInput.objects.get().text == "Bij ons werkt een sensormat beter."
    client.force_login(facilitator)
    page = client.get(next_session.get_absolute_url()).content.decode()
    assert "Bij ons werkt een sensormat beter." in page
    assert absent.full_name in page
    client.force_login(member)  # members do not see it
    assert "sensormat" not in client.get(next_session.get_absolute_url()).content.decode()


def test_input_from_a_present_member_is_refused(
    client, pack_minutes, held, facilitator, member, on_commit
):
    session, _excused, _absent = held
    _publish(pack_minutes, facilitator, on_commit)
    from core.errors import ApplicationError

    with pytest.raises(ApplicationError, match="You were there|Je was erbij"):
        session_services.catch_up_input_give(session=session, text="Iets", acting_user=member)
    client.force_login(member)
    url = reverse("reports:catch_up_input", kwargs={"pk": session.pk})
    assert "Je was erbij" in client.get(url).content.decode() or client.get(url).status_code == 200
    response = client.post(
        url, {"text": "Iets", "destination": "facilitator", "idempotency_token": "a" * 24}
    )
    assert response.status_code == 200
    assert not CatchUpInput.objects.exists()


def test_input_onto_the_board_is_a_practice_question_with_the_name_option(
    client, pack_minutes, held, facilitator, on_commit
):
    session, excused, _absent = held
    _publish(pack_minutes, facilitator, on_commit)
    client.force_login(excused)
    url = reverse("reports:catch_up_input", kwargs={"pk": session.pk})

    missing_title = client.post(
        url, {"text": "Context", "destination": "board", "idempotency_token": "b" * 24}
    )
    assert missing_title.status_code == 200
    assert not PracticeQuestion.objects.exists()
    client.post(
        url,
        {"text": "Een bewoner weigert de valmat.", "destination": "board",
         "title": "Wat als een bewoner weigert?", "name_for_facilitator_only": "on",
         "idempotency_token": "c" * 24},
    )  # fmt: skip

    question = PracticeQuestion.objects.get()
    assert (question.title, question.context) == (
        "Wat als een bewoner weigert?",
        "Een bewoner weigert de valmat.",
    )
    assert question.author == excused
    assert question.name_for_facilitator_only
    row = CatchUpInput.objects.get()
    assert row.to_board
    assert row.question == question


def test_input_page_needs_sign_in_and_published_minutes(client, held, facilitator, outsider):
    session, _excused, absent = held
    url = reverse("reports:catch_up_input", kwargs={"pk": session.pk})
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(absent)
    assert client.get(url).status_code == 404  # nothing published yet
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_input_page_queries_do_not_grow(client, pack_minutes, held, facilitator, on_commit):
    session, _excused, absent = held
    _publish(pack_minutes, facilitator, on_commit)
    client.force_login(absent)
    url = reverse("reports:catch_up_input", kwargs={"pk": session.pk})
    session_services.catch_up_input_give(session=session, text="Eén", acting_user=absent)
    one = count_queries(client, url)
    for index in range(14):
        session_services.catch_up_input_give(
            session=session, text=f"Nog {index}", acting_user=absent
        )
    assert count_queries(client, url) == one


# The delivery page --------------------------------------------------------------------------


def test_delivery_page_shows_sent_read_and_input(
    client, pack_minutes, held, facilitator, on_commit
):
    session, excused, absent = held
    _publish(pack_minutes, facilitator, on_commit)
    services.minutes_mark_read(minutes=pack_minutes, acting_user=absent, via=ReadVia.LINK)
    session_services.catch_up_input_give(session=session, text="Input", acting_user=absent)
    client.force_login(facilitator)

    response = client.get(reverse("reports:deliveries", kwargs={"pk": session.pk}))

    rows = {d.recipient: d for v in response.context["versions"] for d in v.deliveries.all()}
    assert rows[absent].is_sent
    assert rows[absent].read is not None
    assert rows[absent].input_count == 1
    assert rows[excused].read is None
    assert rows[excused].input_count == 0
    page = response.content.decode()
    assert "1 keer inbreng gegeven" in page or "1 input given" in page


def test_delivery_page_queries_equal_for_1_and_15_recipients(client, facilitator):
    def held_with(count):
        network = NetworkFactory(created_by=facilitator, member_cap=15)
        users = [MembershipFactory(network=network).user for _ in range(count)]
        session = SessionFactory(
            network=network,
            starts_at=timezone.now() - datetime.timedelta(hours=4),
            ends_at=timezone.now() - datetime.timedelta(hours=1),
        )
        session_services.attendance_register(
            session=session,
            entries={u.pk: {"status": AttendanceStatus.ABSENT, "remark": ""} for u in users},
            acting_user=facilitator,
        )
        session_services.session_mark_held(session=session, acting_user=facilitator)
        minutes = services.minutes_get_or_create(session=session, acting_user=facilitator)
        services.minutes_save_draft(
            minutes=minutes, data={"summary": "Iets"}, item_notes={}, actions=[],
            acting_user=facilitator,
        )  # fmt: skip
        version = services.minutes_publish(minutes=minutes, acting_user=facilitator)
        for user in users:
            services.minutes_mark_read(minutes=minutes, acting_user=user)
            session_services.catch_up_input_give(session=session, text="x", acting_user=user)
            CatchUpReminder.objects.create(version=version, recipient=user)
        return reverse("reports:deliveries", kwargs={"pk": session.pk})

    client.force_login(facilitator)
    one = count_queries(client, held_with(1))
    fifteen = count_queries(client, held_with(15))
    assert one == fifteen


# The reminder -------------------------------------------------------------------------------


def test_unread_pack_gets_one_reminder_only_for_those_who_did_not_read(
    pack_minutes, held, facilitator, on_commit
):
    session, excused, absent = held
    version = _publish(pack_minutes, facilitator, on_commit)
    services.minutes_mark_read(minutes=pack_minutes, acting_user=excused, via=ReadVia.LINK)
    mail.outbox.clear()
    sent_at = MinutesDelivery.objects.filter(version=version).first().sent_at

    day = datetime.timedelta(days=1)
    with on_commit(execute=True):
        assert services.catch_up_reminders_due(now=sent_at + 4 * day) == 0
    with on_commit(execute=True):  # the sweep run twice: one reminder
        assert services.catch_up_reminders_due(now=sent_at + 5.1 * day) == 1
    with on_commit(execute=True):
        assert services.catch_up_reminders_due(now=sent_at + 6 * day) == 0

    reminder = CatchUpReminder.objects.get()
    assert (reminder.recipient, reminder.state) == (absent, OutboxState.SENT)
    assert [m.to for m in mail.outbox] == [[absent.email]]
    message = mail.outbox[0]
    assert "/minutes/read/" in message.body
    assert "herinnering" in message.subject.lower() or "reminder" in message.subject.lower()
    assert not message.attachments  # the PDF went with the pack; this is a nudge


def test_no_reminder_for_old_packs_or_members_who_left(pack_minutes, held, facilitator, on_commit):
    session, excused, absent = held
    version = _publish(pack_minutes, facilitator, on_commit)
    sent_at = MinutesDelivery.objects.filter(version=version).first().sent_at
    assert services.catch_up_reminders_due(now=sent_at + datetime.timedelta(days=30)) == 0
    session.network.memberships.filter(user=excused).update(status="left")
    assert services.catch_up_reminders_due(now=sent_at + datetime.timedelta(days=6)) == 1
    assert CatchUpReminder.objects.get().recipient == absent


def test_an_action_owner_who_is_unknown_is_not_shown(pack_minutes, held, facilitator, on_commit):
    """A member's pack lists only actions whose owner is that member (not free-text names)."""
    session, excused, absent = held
    UserFactory(full_name=absent.full_name)  # a namesake elsewhere
    _publish(pack_minutes, facilitator, on_commit)
    assert _message_to(absent).body.count("Valmatten bestellen") == 1
