"""Each action that touches people or their data leaves exactly one audit event, written by the
real service (or the download view), naming who did it, in which network, about whom."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core import outbox
from core.audit import AuditAction as CoreAction
from core.errors import ApplicationError
from core.models import AuditEvent
from evaluations import services as evaluation_services
from evaluations.audit import AuditAction as EvaluationAction
from evaluations.enums import VoteKind
from minutes import services as minutes_services
from minutes.audit import AuditAction as MinutesAction
from networks import services as network_services
from networks.audit import AuditAction as NetworkAction
from networks.enums import NetworkEmailKind, NetworkStatus, Role
from networks.models import Membership, Network, NetworkEmail
from reports.audit import AuditAction as ReportAction
from sessions import services as session_services
from sessions.audit import AuditAction as SessionAction
from sessions.enums import AttendanceStatus
from tests.factories import (
    InvitationFactory,
    JoinRequestFactory,
    MembershipFactory,
    SessionFactory,
    UserFactory,
    network_form_data,
)
from tests.utils import report_download

pytestmark = pytest.mark.django_db


@pytest.fixture
def last_pk(db):
    """The events written after this point: ``new()`` lists them as (action, actor, network,
    subject)."""
    start = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def new():
        return [
            (e.action, e.actor_id, e.network_id, e.subject_id)
            for e in AuditEvent.objects.filter(pk__gt=start).order_by("pk")
        ]

    return new


def _started_session(network):
    return SessionFactory(
        network=network,
        number=1,
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )


def _attendance(member):
    return {member.pk: {"status": AttendanceStatus.PRESENT, "remark": ""}}


# Membership -------------------------------------------------------------------------------------


def test_creating_a_network_records_its_first_facilitator(client, facilitator, last_pk):
    client.force_login(facilitator)

    response = client.post(reverse("networks:create"), network_form_data())

    network = Network.objects.get(name="Valpreventie")
    assert response.status_code == 302
    assert last_pk() == [
        (NetworkAction.FACILITATOR_ADDED, facilitator.pk, network.pk, facilitator.pk)
    ]


def test_invitation_create_resend_and_revoke_each_record_one_event(network, facilitator, last_pk):
    invitation = network_services.invitation_create(
        network=network, email="nieuw@example.org", role=Role.MEMBER, acting_user=facilitator
    )
    network_services.invitation_resend(invitation=invitation, acting_user=facilitator)
    network_services.invitation_revoke(invitation=invitation, acting_user=facilitator)

    assert last_pk() == [
        (NetworkAction.INVITATION_CREATED, facilitator.pk, network.pk, None),
        (NetworkAction.INVITATION_RESENT, facilitator.pk, network.pk, None),
        (NetworkAction.INVITATION_REVOKED, facilitator.pk, network.pk, None),
    ]
    details = list(AuditEvent.objects.order_by("pk").values_list("detail", flat=True))[-3:]
    assert details == [
        f"invitation {invitation.pk} (member)",
        f"invitation {invitation.pk}",
        f"invitation {invitation.pk}",
    ]
    assert "nieuw@example.org" not in " ".join(details)  # ids, never the address


def test_accepting_a_facilitator_invitation_records_acceptance_and_facilitator_added(
    network, facilitator, last_pk
):
    invitee = UserFactory(email="co@example.org")  # a verified address (the factory)
    invitation = InvitationFactory(
        network=network, email=invitee.email, role=Role.FACILITATOR, invited_by=facilitator
    )

    network_services.invitation_accept(
        invitation=invitation, acting_user=invitee, accept_ground_rules=True
    )

    assert last_pk() == [
        (NetworkAction.INVITATION_ACCEPTED, invitee.pk, network.pk, invitee.pk),
        (NetworkAction.FACILITATOR_ADDED, facilitator.pk, network.pk, invitee.pk),
    ]


def test_join_request_approve_and_decline_name_the_requester(network, facilitator, last_pk):
    yes = JoinRequestFactory(network=network)
    no = JoinRequestFactory(network=network)

    network_services.join_request_decide(join_request=yes, acting_user=facilitator, approve=True)
    network_services.join_request_decide(join_request=no, acting_user=facilitator, approve=False)

    assert last_pk() == [
        (NetworkAction.JOIN_REQUEST_APPROVED, facilitator.pk, network.pk, yes.user_id),
        (NetworkAction.JOIN_REQUEST_DECLINED, facilitator.pk, network.pk, no.user_id),
    ]


def test_remove_and_leave_record_the_person_and_the_waitlist_promotion(
    network, facilitator, member, last_pk
):
    network.member_cap = 10
    network.save(update_fields=["member_cap"])
    others = [MembershipFactory(network=network).user for _ in range(9)]  # 10 seats taken
    other = others[0]
    waiting = MembershipFactory(
        network=network, status="waitlisted", joined_at=None, waitlisted_at=timezone.now()
    ).user

    network_services.membership_remove(
        membership=Membership.objects.get(network=network, user=other), acting_user=facilitator
    )
    network_services.membership_leave(network=network, acting_user=member)

    assert last_pk() == [
        (NetworkAction.MEMBER_REMOVED, facilitator.pk, network.pk, other.pk),
        (NetworkAction.WAITLIST_PROMOTED, facilitator.pk, network.pk, waiting.pk),
        (NetworkAction.MEMBER_LEFT, member.pk, network.pk, member.pk),
    ]


# Network status and ground rules ----------------------------------------------------------------


def test_status_close_and_reopen_each_record_one_event(network, facilitator, last_pk):
    network_services.network_set_status(
        network=network, status=NetworkStatus.RUNNING, acting_user=facilitator
    )
    network_services.network_set_status(
        network=network, status=NetworkStatus.CLOSED, acting_user=facilitator
    )
    network_services.network_reopen(network=network, acting_user=facilitator)

    assert last_pk() == [
        (NetworkAction.NETWORK_STATUS_CHANGED, facilitator.pk, network.pk, None),
        (NetworkAction.NETWORK_CLOSED, facilitator.pk, network.pk, None),
        (NetworkAction.NETWORK_REOPENED, facilitator.pk, network.pk, None),
    ]
    assert AuditEvent.objects.filter(network_id=network.pk).order_by("pk").last().detail == ""
    assert (
        AuditEvent.objects.get(network_id=network.pk, action=NetworkAction.NETWORK_CLOSED).detail
        == "running → closed"
    )


def test_changing_the_ground_rules_is_recorded_and_other_edits_are_not(
    network, facilitator, last_pk
):
    network_services.network_update(
        network=network, data={"description": "Anders"}, acting_user=facilitator
    )
    network_services.network_update(
        network=network, data={"ground_rules": "Nieuwe afspraken."}, acting_user=facilitator
    )

    assert last_pk() == [(NetworkAction.GROUND_RULES_CHANGED, facilitator.pk, network.pk, None)]


# Sessions, minutes, evaluations ---------------------------------------------------------------


def test_attendance_and_marking_held_record_attendance_held_and_the_evaluation(
    network, facilitator, member, last_pk
):
    session = _started_session(network)

    session_services.session_record_attendance(
        session=session, entries=_attendance(member), acting_user=facilitator
    )
    session_services.session_record_attendance(
        session=session, entries=_attendance(member), mark_held=True, acting_user=facilitator
    )

    assert last_pk() == [
        (SessionAction.ATTENDANCE_RECORDED, facilitator.pk, network.pk, None),
        (SessionAction.ATTENDANCE_RECORDED, facilitator.pk, network.pk, None),
        (SessionAction.SESSION_HELD, facilitator.pk, network.pk, None),
        (EvaluationAction.SESSION_EVALUATION_OPENED, facilitator.pk, network.pk, None),
    ]


def test_a_refused_mark_held_leaves_no_event(network, facilitator, member, last_pk):
    session = SessionFactory(network=network)  # still in the future

    with pytest.raises(ApplicationError):
        session_services.session_record_attendance(
            session=session, entries=_attendance(member), mark_held=True, acting_user=facilitator
        )

    assert last_pk() == []


def test_publishing_minutes_is_recorded(network, facilitator, member, last_pk):
    session = _started_session(network)
    session_services.session_record_attendance(
        session=session, entries=_attendance(member), mark_held=True, acting_user=facilitator
    )
    minutes = minutes_services.minutes_get_or_create(session=session, acting_user=facilitator)
    minutes_services.minutes_save_draft(
        minutes=minutes,
        data={"summary": "Samenvatting", "agreements": ""},
        item_notes={},
        actions=[],
        acting_user=facilitator,
    )
    before = len(last_pk())

    minutes_services.minutes_publish(minutes=minutes, acting_user=facilitator)

    assert last_pk()[before:] == [
        (MinutesAction.MINUTES_PUBLISHED, facilitator.pk, network.pk, None)
    ]


def test_intake_vote_final_evaluation_and_results_sharing_are_recorded(
    network, facilitator, member, last_pk
):
    later = timezone.now() + datetime.timedelta(days=3)
    evaluation_services.intake_open(network=network, deadline=later, acting_user=facilitator)
    vote = evaluation_services.vote_create(
        network=network,
        kind=VoteKind.TOPICS,
        title="Thema's",
        points=3,
        closes_at=later,
        options=["A", "B"],
        acting_user=facilitator,
    )
    evaluation_services.vote_close(vote=vote, acting_user=facilitator)
    final = evaluation_services.final_evaluation_open(
        network=network, closes_at=later, acting_user=facilitator
    )
    evaluation_services.results_share(questionnaire=final, shared=True, acting_user=facilitator)
    evaluation_services.results_share(questionnaire=final, shared=False, acting_user=facilitator)

    assert last_pk() == [
        (EvaluationAction.INTAKE_OPENED, facilitator.pk, network.pk, None),
        (EvaluationAction.VOTE_OPENED, facilitator.pk, network.pk, None),
        (EvaluationAction.VOTE_CLOSED, facilitator.pk, network.pk, None),
        (EvaluationAction.FINAL_EVALUATION_OPENED, facilitator.pk, network.pk, None),
        (EvaluationAction.RESULTS_SHARED, facilitator.pk, network.pk, None),
        (EvaluationAction.RESULTS_HIDDEN, facilitator.pk, network.pk, None),
    ]


# Exports and email resend ---------------------------------------------------------------------


def test_results_and_attendance_csv_downloads_are_recorded(
    client, network, facilitator, member, last_pk
):
    final = evaluation_services.final_evaluation_open(
        network=network,
        closes_at=timezone.now() + datetime.timedelta(days=3),
        acting_user=facilitator,
    )
    before = len(last_pk())
    client.force_login(facilitator)

    results = client.get(reverse("evaluations:results_csv", kwargs={"pk": final.pk}))
    attendance = client.get(reverse("reports:attendance_csv", kwargs={"pk": network.pk}))

    assert (results.status_code, attendance.status_code) == (200, 200)
    assert last_pk()[before:] == [
        (EvaluationAction.RESULTS_EXPORTED, facilitator.pk, network.pk, None),
        (ReportAction.ATTENDANCE_EXPORTED, facilitator.pk, network.pk, None),
    ]


def test_report_pdf_and_a_facilitators_minutes_pdf_are_recorded_a_members_is_not(
    client, require_pdf, network, facilitator, member, last_pk
):
    session = _started_session(network)
    session_services.session_record_attendance(
        session=session, entries=_attendance(member), mark_held=True, acting_user=facilitator
    )
    minutes = minutes_services.minutes_get_or_create(session=session, acting_user=facilitator)
    minutes_services.minutes_save_draft(
        minutes=minutes,
        data={"summary": "Samenvatting", "agreements": ""},
        item_notes={},
        actions=[],
        acting_user=facilitator,
    )
    version = minutes_services.minutes_publish(minutes=minutes, acting_user=facilitator)
    minutes_services.version_render_pdf(version_id=version.pk)
    before = len(last_pk())
    pdf_url = reverse("reports:minutes_pdf", kwargs={"pk": session.pk, "number": 1})

    client.force_login(member)
    assert client.get(pdf_url).status_code == 200
    client.force_login(facilitator)
    assert client.get(pdf_url).status_code == 200
    assert report_download(client, network).status_code == 200

    assert last_pk()[before:] == [
        (MinutesAction.MINUTES_DOWNLOADED, facilitator.pk, network.pk, None),
        (ReportAction.REPORT_EXPORTED, facilitator.pk, network.pk, None),
    ]


def test_resending_an_email_is_recorded_with_its_network(network, facilitator, last_pk):
    invitation = InvitationFactory(network=network)
    row = NetworkEmail.objects.create(
        network=network,
        kind=NetworkEmailKind.INVITATION,
        invitation=invitation,
        to_email=invitation.email,
        state=outbox.OutboxState.FAILED,
        attempts=8,
    )

    outbox.resend(row, acting_user=facilitator)

    assert last_pk() == [(CoreAction.EMAIL_RESENT, facilitator.pk, network.pk, None)]
    assert AuditEvent.objects.get(action=CoreAction.EMAIL_RESENT).detail == (
        f"networks.NetworkEmail {row.pk}"
    )
