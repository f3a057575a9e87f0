"""A word to the group (issue 12, part 5): a facilitator's message to the members of a network,
or to those present at / absent from one session, kept on the network's page and emailed through
the outbox in each recipient's language, with Reply-To: its author."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.audit import AuditEvent
from core.outbox import OutboxState
from networks import services as network_services
from networks.enums import MembershipStatus
from networks.models import Membership
from sessions import services
from sessions.audit import AuditAction
from sessions.enums import AnnouncementAudience, AttendanceStatus
from sessions.models import (
    ANNOUNCEMENT_BODY_MAX,
    ANNOUNCEMENT_SUBJECT_MAX,
    Announcement,
    AnnouncementEmail,
)
from tests.factories import MembershipFactory, NetworkFactory, SessionFactory, UserFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def _members(network, *specs):
    """Members by (name, language)."""
    return [
        MembershipFactory(
            network=network,
            user=UserFactory(full_name=name, language=language, email=f"{name.lower()}@x.org"),
        ).user
        for name, language in specs
    ]


def _turn_off(network, user):
    network_services.membership_set_announcement_emails(
        network=network, enabled=False, acting_user=user
    )


def _send(network, facilitator, **kwargs):
    kwargs.setdefault("subject", "Verslag en volgende stap")
    kwargs.setdefault("body", "Beste allemaal,\n\n**Tot dinsdag!** <script>alert(1)</script>")
    return services.announcement_send(network=network, acting_user=facilitator, **kwargs)


def _past_session(network):
    starts_at = timezone.now() - datetime.timedelta(days=2)
    return SessionFactory(
        network=network, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=3)
    )


def _compose_url(network):
    return reverse("sessions:announcement_create", kwargs={"pk": network.pk})


def _list_url(network):
    return reverse("sessions:announcements", kwargs={"pk": network.pk})


@pytest.fixture
def three(network):
    """Three members: Nel (Dutch), Emma (English), Olaf (turned the emails off)."""
    nel, emma, olaf = _members(network, ("Nel", "nl"), ("Emma", "en"), ("Olaf", "en"))
    _turn_off(network, olaf)
    return nel, emma, olaf


def test_network_of_three_with_one_opted_out_gives_two_emails_in_each_language(
    network, facilitator, three, on_commit
):
    nel, emma, olaf = three
    with on_commit(execute=True):
        announcement = _send(network, facilitator)

    rows = AnnouncementEmail.objects.filter(announcement=announcement)
    assert sorted(rows.values_list("user_id", flat=True)) == sorted([nel.pk, emma.pk])
    assert set(rows.values_list("state", flat=True)) == {OutboxState.SENT}
    assert (announcement.audience_size, announcement.emailed_count) == (3, 2)
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {nel.email, emma.email}
    dutch, english = by_address[nel.email], by_address[emma.email]
    assert dutch.subject == f"Bericht van {network.name}: Verslag en volgende stap"
    assert english.subject == f"Message from {network.name}: Verslag en volgende stap"
    assert "schrijft aan de leden van" in dutch.body
    assert "writes to the members of" in english.body
    for message in (dutch, english):
        assert message.reply_to == [facilitator.email]
        assert "Tot dinsdag!" in message.body
        html = message.alternatives[0][0]
        assert "<strong>Tot dinsdag!</strong>" in html
        assert "<script>" not in html
    row = rows.get(user=nel)
    assert dutch.extra_headers["Message-ID"] == row.message_id
    assert row.message_id == f"<announcement-{announcement.pk}.{nel.pk}.{row.pk}@leernet>"


def test_the_announcement_is_audited_without_its_text(network, facilitator, three):
    announcement = _send(network, facilitator)

    event = AuditEvent.objects.get(action=AuditAction.ANNOUNCEMENT_SENT)
    assert (event.actor, event.network_id) == (facilitator, network.pk)
    assert str(announcement.pk) in event.detail
    assert "Verslag" not in event.detail


def test_the_announcement_shows_on_the_network_page_for_members_only(
    client, network, facilitator, three, outsider
):
    nel, _emma, olaf = three
    _send(network, facilitator, subject="Dinsdag andere zaal")
    network.status = "open"
    network.save(update_fields=["status"])

    for person in (nel, olaf, facilitator):  # olaf turned the emails off: he still reads it
        client.force_login(person)
        assert "Dinsdag andere zaal" in client.get(network.get_absolute_url()).content.decode()
        assert "Dinsdag andere zaal" in client.get(_list_url(network)).content.decode()
    client.force_login(outsider)
    card = client.get(network.get_absolute_url())
    assert card.status_code == 200  # the open network's public card
    assert "Dinsdag andere zaal" not in card.content.decode()
    assert client.get(_list_url(network)).status_code == 404


def test_the_network_page_shows_the_newest_few(client, network, facilitator, member):
    for number in range(5):
        _send(network, facilitator, subject=f"Bericht {number}")
    client.force_login(member)

    page = client.get(network.get_absolute_url()).content.decode()

    assert [f"Bericht {n}" in page for n in range(5)] == [False, False, True, True, True]
    assert page.index("Bericht 4") < page.index("Bericht 3")
    listing = client.get(_list_url(network)).content.decode()
    assert all(f"Bericht {n}" in listing for n in range(5))


def test_a_session_audience_picks_exactly_the_present_or_the_absent(network, facilitator):
    people = _members(
        network, ("Pia", "nl"), ("Lars", "nl"), ("Eva", "nl"), ("Abe", "nl"), ("Nora", "nl")
    )
    pia, lars, eva, abe, nora = people  # nora: no attendance recorded (joined later)
    leaver = _members(network, ("Lea", "nl"))[0]
    session = _past_session(network)
    services.session_record_attendance(
        session=session,
        entries={
            pia.pk: {"status": AttendanceStatus.PRESENT, "remark": ""},
            lars.pk: {"status": AttendanceStatus.LATE, "remark": ""},
            eva.pk: {"status": AttendanceStatus.EXCUSED, "remark": ""},
            abe.pk: {"status": AttendanceStatus.ABSENT, "remark": ""},
            leaver.pk: {"status": AttendanceStatus.ABSENT, "remark": ""},
        },
        mark_held=False,
        acting_user=facilitator,
    )
    network_services.membership_leave(network=network, acting_user=leaver)
    _turn_off(network, lars)  # still in the audience, no email

    present = _send(network, facilitator, audience=AnnouncementAudience.PRESENT, session=session)
    absent = _send(network, facilitator, audience=AnnouncementAudience.ABSENT, session=session)

    def emailed(announcement):
        return set(announcement.emails.values_list("user_id", flat=True))

    assert emailed(present) == {pia.pk}
    assert (present.audience_size, present.emailed_count) == (2, 1)
    assert emailed(absent) == {eva.pk, abe.pk}
    assert absent.audience_size == 2
    assert nora.pk not in emailed(present) | emailed(absent)


def test_the_compose_page_confirms_then_sends(client, network, facilitator, three, on_commit):
    nel, emma, olaf = three
    client.force_login(facilitator)
    form = client.get(_compose_url(network))
    token = form.context["form"]["idempotency_token"].value()
    data = {
        "audience": "all",
        "subject": "Vraag",
        "body": "Wie brengt *koffie* mee?",
        "idempotency_token": token,
    }

    confirmation = client.post(_compose_url(network), data)

    assert confirmation.status_code == 200
    assert confirmation.templates[0].name == "confirm.html"
    assert sorted(confirmation.context["recipients"]) == ["Emma", "Nel"]
    assert confirmation.context["not_emailed"] == ["Olaf"]
    page = confirmation.content.decode()
    assert "2 mensen krijgen een e-mail" in page
    assert "<em>koffie</em>" in page
    assert Announcement.objects.count() == 0  # nothing yet
    carried = dict(confirmation.context["carried"])

    with on_commit(execute=True):
        done = client.post(_compose_url(network), carried)
        again = client.post(_compose_url(network), carried)  # the double click

    assert done.status_code == 302
    assert again.status_code == 302
    assert Announcement.objects.count() == 1
    assert len(mail.outbox) == 2


def test_change_the_message_brings_the_form_back_with_the_text(client, network, facilitator, three):
    client.force_login(facilitator)
    token = client.get(_compose_url(network)).context["form"]["idempotency_token"].value()
    data = {
        "audience": "all",
        "subject": "S",
        "body": "Mijn lange tekst",
        "idempotency_token": token,
    }
    carried = dict(client.post(_compose_url(network), data).context["carried"])

    back = client.post(_compose_url(network), {**carried, "edit": "1"})

    assert back.templates[0].name == "sessions/announcement_form.html"
    assert "Mijn lange tekst" in back.content.decode()
    assert Announcement.objects.count() == 0


def test_get_of_the_compose_page_changes_nothing(client, network, facilitator, three):
    client.force_login(facilitator)
    for url in (_compose_url(network), _compose_url(network) + "?audience=absent"):
        assert client.get(url).status_code == 200
    assert Announcement.objects.count() == AnnouncementEmail.objects.count() == 0


# Bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("subject", "   ", "Dit veld is verplicht."),
        ("body", "", "Dit veld is verplicht."),
        ("subject", "x" * (ANNOUNCEMENT_SUBJECT_MAX + 1), "niet meer dan 150 tekens"),
        ("body", "x" * (ANNOUNCEMENT_BODY_MAX + 1), "niet meer dan 6000 tekens"),
    ],
)
def test_empty_or_overlong_text_is_refused_with_a_message(
    client, network, facilitator, three, field, value, message
):
    client.force_login(facilitator)
    data = {"audience": "all", "subject": "Onderwerp", "body": "Tekst", field: value}
    data["idempotency_token"] = "t" * 32

    response = client.post(_compose_url(network), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Announcement.objects.count() == 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"subject": " "}, "Write a subject."),
        ({"body": ""}, "Write a message."),
        ({"subject": "x" * 151}, "at most 150 fit"),
        ({"body": "x" * 6001}, "at most 6000 fit"),
    ],
)
def test_the_service_refuses_empty_or_overlong_text(network, facilitator, three, kwargs, message):
    from django.utils import translation

    from core.errors import ApplicationError

    with translation.override("en"), pytest.raises(ApplicationError, match=message):
        _send(network, facilitator, **kwargs)
    assert Announcement.objects.count() == AnnouncementEmail.objects.count() == 0
    assert not AuditEvent.objects.filter(action=AuditAction.ANNOUNCEMENT_SENT).exists()


def test_a_network_the_user_does_not_facilitate_is_a_404(
    client, network, three, member, other_facilitator
):
    token = "t" * 32
    data = {"audience": "all", "subject": "S", "body": "B", "idempotency_token": token}
    for person in (member, other_facilitator):
        client.force_login(person)
        assert client.get(_compose_url(network)).status_code == 404
        assert client.post(_compose_url(network), data).status_code == 404
    assert Announcement.objects.count() == 0


def test_the_service_refuses_a_non_facilitator(network, member, three):
    from core.errors import ApplicationError

    with pytest.raises(ApplicationError):
        _send(network, member)
    assert Announcement.objects.count() == 0


def test_a_session_of_another_network_is_a_404(client, network, facilitator, three):
    other_session = SessionFactory(network=NetworkFactory())
    client.force_login(facilitator)
    data = {
        "audience": "absent",
        "session": other_session.pk,
        "subject": "S",
        "body": "B",
        "idempotency_token": "t" * 32,
    }

    assert client.post(_compose_url(network), data).status_code == 404
    url = _compose_url(network) + f"?audience=absent&session={other_session.pk}"
    assert client.get(url).status_code == 404
    assert Announcement.objects.count() == 0


def test_a_session_without_attendance_gets_a_clear_message(client, network, facilitator, three):
    session = _past_session(network)
    client.force_login(facilitator)
    data = {
        "audience": "present",
        "session": session.pk,
        "subject": "S",
        "body": "B",
        "idempotency_token": "t" * 32,
    }

    response = client.post(_compose_url(network), data)

    assert response.status_code == 200
    assert "Er is nog geen aanwezigheid geregistreerd" in response.content.decode()
    assert Announcement.objects.count() == 0


def test_a_session_audience_without_a_session_is_asked_for(client, network, facilitator, three):
    client.force_login(facilitator)
    data = {"audience": "absent", "subject": "S", "body": "B", "idempotency_token": "t" * 32}

    response = client.post(_compose_url(network), data)

    assert response.status_code == 200
    assert response.context["form"].errors["session"]
    assert Announcement.objects.count() == 0


def test_a_network_without_members_has_nobody_to_write_to(network, facilitator):
    from core.errors import ApplicationError

    with pytest.raises(ApplicationError):
        _send(network, facilitator)
    assert Announcement.objects.count() == 0


# The member's choice ---------------------------------------------------------------------------


def test_a_member_turns_the_emails_off_and_on_from_the_network_page(client, network, member):
    url = reverse("networks:announcement_emails", kwargs={"pk": network.pk})
    client.force_login(member)

    client.post(url, {"announcement_emails": "off"})
    assert not Membership.objects.get(network=network, user=member).announcement_emails
    page = client.get(network.get_absolute_url()).content.decode()
    assert 'value="on"' in page  # the button to turn them on again

    client.post(url, {"announcement_emails": "on"})
    assert Membership.objects.get(network=network, user=member).announcement_emails


def test_turning_announcements_off_never_stops_the_minutes_or_session_emails(
    network, facilitator, member, on_commit
):
    from sessions.models import SessionNotification

    _turn_off(network, member)
    with on_commit(execute=True):
        session = SessionFactory(network=network)
        services.session_notify(session=session, kind="invitation")
    assert SessionNotification.objects.filter(user=member).exists()
    membership = Membership.objects.get(network=network, user=member)
    assert membership.status == MembershipStatus.ACTIVE


def test_the_emails_page_lists_the_announcement_emails(client, network, facilitator, three):
    _send(network, facilitator)
    client.force_login(facilitator)

    page = client.get(reverse("networks:emails", kwargs={"pk": network.pk})).content.decode()

    assert "nel@x.org" in page
    assert "emma@x.org" in page
    assert "olaf@x.org" not in page


def test_a_deleted_account_loses_its_unsent_announcement_emails(network, facilitator, three):
    from accounts.services import user_delete_account
    from tests.factories import PASSWORD

    nel = three[0]
    _send(network, facilitator)
    assert AnnouncementEmail.objects.filter(user=nel).exists()
    user_delete_account(acting_user=nel, password=PASSWORD)
    assert not AnnouncementEmail.objects.filter(user=nel).exists()


# Query counts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["compose", "list"])
def test_the_pages_make_as_many_queries_for_1_as_for_15_members(client, facilitator, page):
    networks = []
    for size in (1, 15):
        network = NetworkFactory(created_by=facilitator, member_cap=15)
        for _ in range(size):
            MembershipFactory(network=network)
        _send(network, facilitator)
        _send(network, facilitator, subject="Nog een")
        networks.append(network)
    client.force_login(facilitator)
    url = _compose_url if page == "compose" else _list_url
    count_queries(client, url(networks[0]))  # warm the session and language caches

    assert count_queries(client, url(networks[0])) == count_queries(client, url(networks[1]))


def test_the_network_page_does_not_grow_with_the_announcements(client, network, facilitator):
    people = _members(network, ("Ann", "nl"), ("Bob", "en"))
    _send(network, facilitator)
    for person in (facilitator, people[0]):
        client.force_login(person)
        count_queries(client, network.get_absolute_url())
        one = count_queries(client, network.get_absolute_url())
        for _ in range(6):
            _send(network, facilitator)
        assert count_queries(client, network.get_absolute_url()) == one


def test_a_held_session_links_to_writing_to_its_absent_members(client, network, facilitator):
    session = _past_session(network)
    services.session_record_attendance(
        session=session, entries={}, mark_held=True, acting_user=facilitator
    )
    client.force_login(facilitator)

    page = client.get(session.get_absolute_url()).content.decode()
    link = f"{_compose_url(network)}?audience=absent&amp;session={session.pk}"
    assert link in page
    form = client.get(f"{_compose_url(network)}?audience=absent&session={session.pk}")
    assert form.context["form"].initial == {"audience": "absent", "session": str(session.pk)}
