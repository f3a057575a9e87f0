"""Every action that mails people or cannot be undone asks first, on a page of its own.

Each of the seven (close a network, cancel a session, publish minutes, remove a member, withdraw
an invitation, remove an agenda item, remove an evaluation question) is the GET of its own action
URL: the page says what will happen and who gets an email, and its form POSTs back. A facilitator
of another network and a member get the same 404 as for something that does not exist; a second
confirm does nothing more and says so.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Question, Questionnaire
from minutes import services as minutes_services
from minutes.models import MinutesDelivery, MinutesVersion
from networks.enums import InvitationStatus, MembershipStatus, NetworkStatus
from networks.models import Invitation, Membership, NetworkEmail
from portfolio.models import ParticipationStatement
from sessions import services as session_services
from sessions.enums import AttendanceStatus, NotificationKind, SessionStatus
from sessions.models import (
    AgendaItem,
    LearningSession,
    SessionNotification,
    Speaker,
    SpeakerEmail,
)
from tests.factories import InvitationFactory, MembershipFactory, SessionFactory, UserFactory
from tests.utils import reads_english

pytestmark = pytest.mark.django_db


@dataclass
class Case:
    url: str
    consequence: str  # a sentence of "what will happen"
    recipients: list[str]  # who gets an email, by name
    confirm_label: str
    data: dict
    done: Callable[[], bool]  # the action took effect
    effects: Callable[[], object]  # what a second confirm must leave unchanged
    second_message: str  # what the second confirm says


def _messages(response):
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def english(facilitator, member, other_facilitator):
    reads_english(facilitator, member, other_facilitator)


def _close(network, facilitator, member):
    return Case(
        url=reverse("networks:close", kwargs={"pk": network.pk}),
        consequence="Nobody can join, ask to join or be invited; open invitations stop working.",
        recipients=[],
        confirm_label="Yes, close the network",
        data={},
        done=lambda: network.__class__.objects.get(pk=network.pk).is_closed,
        effects=lambda: network.__class__.objects.values_list("status", "updated_at").get(
            pk=network.pk
        ),
        second_message="The network is already closed.",
    )


def _cancel(network, facilitator, member):
    other = MembershipFactory(network=network, user=UserFactory(full_name="Bea Bos")).user
    session = SessionFactory(network=network, title="Valrisico")
    return Case(
        url=reverse("sessions:cancel", kwargs={"pk": session.pk}),
        consequence=(
            "Every member gets an email with your reason and a calendar file that removes it."
        ),
        recipients=sorted([member.full_name, other.full_name]),
        confirm_label="Yes, cancel the session and email the members",
        data={"reason": "De spreker is ziek; we plannen een nieuwe datum."},
        done=lambda: LearningSession.objects.get(pk=session.pk).is_cancelled,
        effects=lambda: (
            LearningSession.objects.values_list("sequence", flat=True).get(pk=session.pk),
            SessionNotification.objects.filter(session=session).count(),
        ),
        second_message="This session has already been cancelled.",
    )


def _held_session(network, facilitator, member):
    absent = MembershipFactory(network=network, user=UserFactory(full_name="Bart Afwezig")).user
    session = SessionFactory(
        network=network,
        starts_at=timezone.now() - datetime.timedelta(hours=4),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    session_services.attendance_register(
        session=session,
        entries={
            member.pk: {"status": AttendanceStatus.PRESENT, "remark": ""},
            absent.pk: {"status": AttendanceStatus.ABSENT, "remark": ""},
        },
        acting_user=facilitator,
    )
    session_services.session_mark_held(session=session, acting_user=facilitator)
    return session, absent


def _publish(network, facilitator, member):
    session, absent = _held_session(network, facilitator, member)
    minutes = minutes_services.minutes_get_or_create(session=session, acting_user=facilitator)
    minutes_services.minutes_save_draft(
        minutes=minutes,
        data={"summary": "We bespraken valrisico."},
        item_notes={},
        actions=[],
        acting_user=facilitator,
    )
    return Case(
        url=reverse("reports:minutes_publish", kwargs={"pk": session.pk}),
        consequence="The people below get the minutes as a PDF by email.",
        recipients=[absent.full_name],  # the present member is not mailed
        confirm_label="Yes, publish and send",
        data={"change_note": "", "include_present": ""},
        done=lambda: MinutesVersion.objects.filter(minutes=minutes).count() == 1,
        effects=lambda: (
            MinutesVersion.objects.filter(minutes=minutes).count(),
            MinutesDelivery.objects.count(),
        ),
        second_message="Nothing changed since version 1.",
    )


def _remove(network, facilitator, member):
    waiting = MembershipFactory(
        network=network,
        user=UserFactory(full_name="Wout Wachtlijst"),
        status=MembershipStatus.WAITLISTED,
        waitlisted_at=timezone.now(),
    )
    network.refresh_from_db()
    while network.member_count < network.member_cap:  # full: the freed seat goes to Wout
        MembershipFactory(network=network)
        network.refresh_from_db()
    membership = Membership.objects.get(network=network, user=member)
    return Case(
        url=reverse(
            "networks:member_remove", kwargs={"pk": network.pk, "membership_id": membership.pk}
        ),
        consequence="Their seat goes to Wout Wachtlijst, first on the waitlist.",
        recipients=["Wout Wachtlijst"],
        confirm_label="Yes, remove",
        data={},
        done=lambda: Membership.objects.get(pk=membership.pk).status == MembershipStatus.REMOVED,
        effects=lambda: (
            list(Membership.objects.order_by("pk").values_list("status", flat=True)),
            NetworkEmail.objects.count(),
            waiting.pk,
        ),
        second_message="This person is no longer in the network.",
    )


def _revoke(network, facilitator, member):
    invitation = InvitationFactory(network=network, email="nieuw@example.org")
    return Case(
        url=reverse(
            "networks:invitation_revoke",
            kwargs={"pk": network.pk, "invitation_id": invitation.pk},
        ),
        consequence="The invitation to nieuw@example.org is withdrawn: its link stops working.",
        recipients=[],
        confirm_label="Yes, withdraw the invitation",
        data={},
        done=lambda: Invitation.objects.get(pk=invitation.pk).status == InvitationStatus.REVOKED,
        effects=lambda: list(Invitation.objects.values_list("status", flat=True)),
        second_message="This invitation is no longer pending.",
    )


def _agenda(network, facilitator, member):
    session = SessionFactory(network=network)
    item = AgendaItem.objects.create(session=session, title="Casus", duration_minutes=45)
    AgendaItem.objects.create(session=session, title="Afsluiting", duration_minutes=15)
    return Case(
        url=reverse("sessions:agenda_delete", kwargs={"pk": session.pk, "item_id": item.pk}),
        consequence="“Casus” (45 min) is removed from the agenda of session",
        recipients=[],
        confirm_label="Yes, remove the item",
        data={},
        done=lambda: not AgendaItem.objects.filter(pk=item.pk).exists(),
        effects=lambda: list(AgendaItem.objects.values_list("title", flat=True)),
        second_message="This agenda item has already been removed.",
    )


def _question(network, facilitator, member):
    questionnaire = Questionnaire.objects.create(
        network=network,
        kind="final",
        title="Eindevaluatie",
        closes_at=timezone.now() + datetime.timedelta(days=7),
    )
    question = Question.objects.create(
        questionnaire=questionnaire, type="short", text="Wat nam je mee?"
    )
    Question.objects.create(questionnaire=questionnaire, type="short", text="Wat mist er?")
    return Case(
        url=reverse(
            "evaluations:question_delete",
            kwargs={"pk": questionnaire.pk, "question_id": question.pk},
        ),
        consequence="“Wat nam je mee?” is removed from “Eindevaluatie”.",
        recipients=[],
        confirm_label="Yes, remove the question",
        data={},
        done=lambda: not Question.objects.filter(pk=question.pk).exists(),
        effects=lambda: list(Question.objects.values_list("text", flat=True)),
        second_message="This question has already been removed.",
    )


def _brief(network, facilitator, member):
    session = SessionFactory(network=network, title="Valrisico")
    speaker = Speaker.objects.create(
        session=session, name="Griet Gast", topic="Val", email="griet@example.org"
    )
    session_services.speaker_brief_save(
        speaker=speaker, text="Over de groep: tien leden.", acting_user=facilitator
    )
    return Case(
        url=reverse(
            "evaluations:speaker_brief_send", kwargs={"pk": session.pk, "speaker_id": speaker.pk}
        ),
        consequence="The brief as you saved it goes to Griet Gast (griet@example.org)",
        recipients=["Griet Gast"],
        confirm_label="Yes, send the brief",
        data={},
        done=lambda: SpeakerEmail.objects.filter(speaker=speaker, kind="brief").exists(),
        effects=lambda: list(SpeakerEmail.objects.values_list("pk", "state")),
        second_message="This brief has already been sent. Change it to send a new version.",
    )


def _statement(network, facilitator, member):
    statement = ParticipationStatement.objects.create(
        token="s" * 43,
        network=network,
        user=member,
        member_name=member.full_name,
        network_name=network.name,
        start_date=network.start_date,
        end_date=network.end_date,
        sessions_attended=1,
        sessions_held=2,
        minutes_attended=120,
        issued_at=timezone.now(),
    )
    return Case(
        url=reverse(
            "reports:statement_revoke",
            kwargs={"pk": network.pk, "statement_id": statement.pk},
        ),
        consequence=f"The verification page of {member.full_name}'s statement will say it is",
        recipients=[],
        confirm_label="Yes, revoke it",
        data={},
        done=lambda: ParticipationStatement.objects.get(pk=statement.pk).is_revoked,
        effects=lambda: list(ParticipationStatement.objects.values_list("revoked_at", flat=True)),
        second_message="This statement has already been revoked.",
    )


CASES = {
    "revoke_statement": _statement,
    "send_speaker_brief": _brief,
    "close_network": _close,
    "cancel_session": _cancel,
    "publish_minutes": _publish,
    "remove_member": _remove,
    "revoke_invitation": _revoke,
    "delete_agenda_item": _agenda,
    "delete_question": _question,
}


@pytest.fixture(params=sorted(CASES))
def case(request, network, facilitator, member, english):
    return CASES[request.param](network, facilitator, member)


def test_confirmation_page_shows_what_happens_and_who_is_mailed(client, case, facilitator):
    client.force_login(facilitator)

    response = client.get(case.url)

    assert response.status_code == 200
    assert response.templates[0].name == "confirm.html"
    assert case.consequence in " ".join(response.context["consequences"])
    assert response.context["recipients"] == case.recipients
    page = response.content.decode()
    if case.recipients:
        assert "get an email:" in page or "gets an email:" in page
    else:
        assert "Nobody gets an email." in page
    assert f'<form method="post" action="{case.url}"' in page
    assert f">{case.confirm_label}</button>" in page
    assert "<script>" not in page  # no inline JavaScript needed
    assert not case.done(), "the GET must not act"


def test_confirming_acts(client, case, facilitator, on_commit):
    client.force_login(facilitator)

    with on_commit(execute=True):
        response = client.post(case.url, case.data)

    assert response.status_code == 302
    assert case.done()


def test_confirming_twice_is_harmless(client, case, facilitator, on_commit):
    client.force_login(facilitator)
    with on_commit(execute=True):
        client.post(case.url, case.data, follow=True)
    after_first = case.effects()
    sent = len(mail.outbox)

    with on_commit(execute=True):
        second = client.post(case.url, case.data, follow=True)

    assert second.status_code == 200
    assert _messages(second) == [case.second_message]
    assert case.effects() == after_first
    assert len(mail.outbox) == sent


@pytest.mark.parametrize("who", ["other_facilitator", "member"])
def test_others_get_404_on_page_and_post(client, case, who, request):
    client.force_login(request.getfixturevalue(who))

    page = client.get(case.url)
    post = client.post(case.url, case.data)

    assert (page.status_code, post.status_code) == (404, 404)
    assert not case.done()


def test_cancellation_reason_goes_into_the_members_email(
    client, network, facilitator, member, english, on_commit
):
    session = SessionFactory(network=network, title="Valrisico")
    client.force_login(facilitator)

    with on_commit(execute=True):
        client.post(
            reverse("sessions:cancel", kwargs={"pk": session.pk}),
            {"reason": "De spreker is ziek; we plannen een nieuwe datum."},
        )

    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert session.cancel_reason == "De spreker is ziek; we plannen een nieuwe datum."
    [row] = SessionNotification.objects.filter(session=session, kind=NotificationKind.CANCELLATION)
    [message] = [m for m in mail.outbox if m.to == [member.email]]
    assert "Why: De spreker is ziek; we plannen een nieuwe datum." in message.body
    html = message.alternatives[0][0]
    assert "De spreker is ziek; we plannen een nieuwe datum." in html
    assert row.user == member


def test_a_too_long_reason_shows_the_page_again_and_cancels_nothing(
    client, network, facilitator, english
):
    session = SessionFactory(network=network)
    client.force_login(facilitator)

    response = client.post(
        reverse("sessions:cancel", kwargs={"pk": session.pk}), {"reason": "x" * 1001}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == [
        "Ensure this value has at most 1000 characters (it has 1001)."
    ]
    session.refresh_from_db()
    assert session.is_planned
    assert not SessionNotification.objects.filter(kind=NotificationKind.CANCELLATION).exists()


def test_publish_confirmation_lists_present_members_when_asked(
    client, network, facilitator, member, english
):
    case = _publish(network, facilitator, member)
    client.force_login(facilitator)

    response = client.get(case.url, {"include_present": "on"})

    assert response.context["recipients"] == sorted(["Bart Afwezig", member.full_name])
    assert 'name="include_present"' in response.content.decode()


def test_editor_publish_button_saves_then_asks(client, network, facilitator, member, english):
    session, absent = _held_session(network, facilitator, member)
    client.force_login(facilitator)

    response = client.post(
        reverse("reports:minutes_save", kwargs={"pk": session.pk}),
        {"summary": "Kort verslag", "next": "publish", "change_note": ""},
        follow=True,
    )

    assert response.templates[0].name == "confirm.html"
    assert response.context["recipients"] == [absent.full_name]
    assert session.minutes.summary == "Kort verslag"
    assert not MinutesVersion.objects.exists()


# Reopening a closed network ---------------------------------------------------------------------


def test_facilitator_reopens_a_closed_network(client, network, facilitator, english):
    network.status = NetworkStatus.CLOSED
    network.save(update_fields=["status"])
    client.force_login(facilitator)
    url = reverse("networks:reopen", kwargs={"pk": network.pk})

    page = client.get(url)
    response = client.post(url, follow=True)

    assert "You can plan sessions and invite people again." in page.context["consequences"]
    assert _messages(response) == ["The network is running again."]
    network.refresh_from_db()
    assert network.status == NetworkStatus.RUNNING


def test_reopening_promotes_the_waitlist_into_free_seats(client, network, facilitator, english):
    waiting = MembershipFactory(
        network=network,
        user=UserFactory(full_name="Wout Wachtlijst"),
        status=MembershipStatus.WAITLISTED,
        waitlisted_at=timezone.now(),
    )
    network.status = NetworkStatus.CLOSED
    network.save(update_fields=["status"])
    client.force_login(facilitator)
    url = reverse("networks:reopen", kwargs={"pk": network.pk})

    assert client.get(url).context["recipients"] == ["Wout Wachtlijst"]
    client.post(url)

    waiting.refresh_from_db()
    assert waiting.status == MembershipStatus.ACTIVE


@pytest.mark.parametrize("status", [NetworkStatus.DRAFT, NetworkStatus.OPEN, NetworkStatus.RUNNING])
def test_reopening_a_network_that_is_not_closed_says_so(
    client, network, facilitator, english, status
):
    network.status = status
    network.save(update_fields=["status"])
    client.force_login(facilitator)
    url = reverse("networks:reopen", kwargs={"pk": network.pk})

    page = client.get(url, follow=True)
    post = client.post(url, follow=True)

    assert _messages(page) == ["This network is not closed, so there is nothing to reopen."]
    label = NetworkStatus(status).label
    assert _messages(post) == [
        f"This network is not closed, so there is nothing to reopen (it is “{label}”)."
    ]
    network.refresh_from_db()
    assert network.status == status


@pytest.mark.parametrize("who", ["other_facilitator", "member"])
def test_others_cannot_reopen(client, network, who, request):
    network.status = NetworkStatus.CLOSED
    network.save(update_fields=["status"])
    client.force_login(request.getfixturevalue(who))
    url = reverse("networks:reopen", kwargs={"pk": network.pk})

    assert (client.get(url).status_code, client.post(url).status_code) == (404, 404)
    network.refresh_from_db()
    assert network.is_closed


def test_closed_network_page_offers_reopen_to_its_facilitator(client, network, facilitator):
    network.status = NetworkStatus.CLOSED
    network.save(update_fields=["status"])
    client.force_login(facilitator)

    page = client.get(network.get_absolute_url()).content.decode()

    assert f'href="{reverse("networks:reopen", kwargs={"pk": network.pk})}"' in page


# Draft networks ---------------------------------------------------------------------------------


def test_draft_network_page_leads_the_facilitator_to_open_it(client, network, facilitator):
    network.status = NetworkStatus.DRAFT
    network.save(update_fields=["status"])
    client.force_login(facilitator)

    page = client.get(network.get_absolute_url()).content.decode()
    response = client.post(
        reverse("networks:set_status", kwargs={"pk": network.pk}), {"status": "open"}
    )

    cta = 'name="status" value="open" class="btn btn-primary btn-lg">Open het netwerk</button>'
    assert cta in page
    assert response.status_code == 302
    network.refresh_from_db()
    assert network.is_open


def test_members_never_see_the_word_concept(client, network, facilitator, member):
    network.status = NetworkStatus.DRAFT
    network.save(update_fields=["status"])
    client.force_login(member)

    page = client.get(network.get_absolute_url()).content.decode()

    assert "Concept" not in page
    assert "Open het netwerk" not in page
    client.force_login(facilitator)
    assert "Concept" in client.get(network.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "networks:dashboard",
        "networks:detail",
        "sessions:timeline",
        "sessions:questions",
        "evaluations:intake",
        "evaluations:goals",
        "evaluations:list",
    ],
)
def test_a_member_of_a_draft_network_never_sees_its_status(client, network, member, name):
    """No "Concept" (Dutch) or "Draft" badge on any page a member reads."""
    network.status = NetworkStatus.DRAFT
    network.save(update_fields=["status"])
    SessionFactory(network=network)
    url = reverse(name) if name == "networks:dashboard" else reverse(name, args=[network.pk])
    pages = []
    for language in ("nl", "en"):
        member.language = language
        member.save(update_fields=["language"])
        client.force_login(member)
        response = client.get(url)
        assert response.status_code == 200
        pages.append(response.content.decode())

    assert network.name in pages[0]
    assert "Concept" not in pages[0]
    assert "Draft" not in pages[1]


def test_inviting_into_a_draft_network_says_it_is_not_open_yet(
    client, network, facilitator, english
):
    network.status = NetworkStatus.DRAFT
    network.save(update_fields=["status"])
    client.force_login(facilitator)
    note = (
        "The network is not open yet: invitees can accept and join, but it is not in the "
        "directory and nobody can ask to join. Open the network on its page when you are ready."
    )

    page = client.get(reverse("networks:manage_members", kwargs={"pk": network.pk}))
    response = client.post(
        reverse("networks:invite", kwargs={"pk": network.pk}),
        {"emails": "nieuw@example.org", "role": "member", "confirmed": "1"},
        follow=True,
    )

    assert note in page.content.decode()
    assert _messages(response) == ["Invitation sent to: nieuw@example.org", note]
