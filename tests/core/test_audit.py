"""The audit log only grows: nothing in the ORM, the database or the admin changes or deletes
an event."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from accounts.audit import AuditAction as AccountAction
from core.audit import audit_events_for_network, audit_forget_user, audit_record
from core.erasure import ERASED_NAME, erased_email
from core.errors import ApplicationError
from core.models import AuditEvent
from evaluations.audit import AuditAction as EvaluationAction
from networks.audit import AuditAction as NetworkAction
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

REFUSED = "Het auditlogboek kan niet gewijzigd worden."  # in Dutch, the default language


@pytest.fixture
def event(network, facilitator, member):
    return audit_record(
        actor=facilitator,
        action=NetworkAction.MEMBER_REMOVED,
        network=network,
        subject=member,
        detail="member",
    )


def test_audit_record_freezes_the_names_and_keeps_the_ids(event, network, facilitator, member):
    event.refresh_from_db()

    assert (event.actor_id, event.network_id, event.subject_id) == (
        facilitator.pk,
        network.pk,
        member.pk,
    )
    assert (event.actor_label, event.subject_label) == ("Fien Facilitator", "Mona Member")
    facilitator.full_name = "Fien Anders"
    facilitator.save(update_fields=["full_name"])
    assert AuditEvent.objects.get(pk=event.pk).actor_label == "Fien Facilitator"


def test_an_account_without_a_name_is_frozen_as_its_id_never_its_email(network, facilitator):
    nameless = UserFactory(full_name="")

    event = audit_record(
        actor=facilitator, action=NetworkAction.MEMBER_LEFT, network=network, subject=nameless
    )

    assert event.subject_label == f"#{nameless.pk}"
    assert nameless.email not in event.subject_label


def test_audit_record_refuses_an_unknown_action(facilitator):
    with pytest.raises(ValueError, match="Unknown audit action 'made_up'"):
        audit_record(actor=facilitator, action="made_up")

    assert AuditEvent.objects.count() == 0


def test_saving_an_existing_event_raises_and_changes_nothing(event):
    event.detail = "changed"

    with pytest.raises(ApplicationError) as raised:
        event.save()

    assert raised.value.message == REFUSED
    assert AuditEvent.objects.get(pk=event.pk).detail == "member"


def test_deleting_an_event_raises(event):
    with pytest.raises(ApplicationError) as raised:
        event.delete()

    assert raised.value.message == REFUSED
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_queryset_update_and_delete_raise(event):
    with pytest.raises(ApplicationError):
        AuditEvent.objects.filter(pk=event.pk).update(detail="changed")
    with pytest.raises(ApplicationError):
        AuditEvent.objects.all().delete()
    with pytest.raises(ApplicationError):
        AuditEvent.objects.update(detail="changed")

    assert AuditEvent.objects.get(pk=event.pk).detail == "member"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_auditevent SET detail = 'changed'",
        "UPDATE core_auditevent SET action = 'member_left'",
        "UPDATE core_auditevent SET actor_id = %(other)s",
        "UPDATE core_auditevent SET actor_id = NULL",
        "UPDATE core_auditevent SET network_id = NULL",
        "UPDATE core_auditevent SET actor_label = 'Someone Else'",
        "DELETE FROM core_auditevent",
    ],
)
def test_the_database_refuses_raw_updates_and_deletes(require_postgres, event, sql):
    other = UserFactory()

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql % {"other": other.pk})

    event_now = AuditEvent.objects.get(pk=event.pk)
    assert (event_now.detail, event_now.action, event_now.actor_id, event_now.network_id) == (
        "member",
        NetworkAction.MEMBER_REMOVED,
        event.actor_id,
        event.network_id,
    )
    assert event_now.actor_label == "Fien Facilitator"


def _erase(user):
    """What ``user_delete_account`` does to the user row before it forgets them in the log."""
    user.full_name = ERASED_NAME
    user.email = erased_email(user.pk)
    user.is_active = False
    user.save()


def test_forgetting_an_erased_person_replaces_only_their_frozen_name(event, facilitator, member):
    _erase(member)

    changed = audit_forget_user(user=member, label=ERASED_NAME)

    event_now = AuditEvent.objects.get(pk=event.pk)
    assert changed == 1
    assert (event_now.actor_label, event_now.subject_label) == ("Fien Facilitator", ERASED_NAME)
    assert (event_now.action, event_now.detail) == (NetworkAction.MEMBER_REMOVED, "member")
    assert (event_now.actor_id, event_now.network_id, event_now.subject_id) == (
        facilitator.pk,
        event.network_id,
        member.pk,
    )


@pytest.mark.parametrize("label", [ERASED_NAME, "Someone Else"])
def test_forgetting_a_person_not_erased_is_refused_with_a_message(
    require_postgres, event, member, label
):
    with pytest.raises(ApplicationError) as raised, transaction.atomic():
        audit_forget_user(user=member, label=label)

    assert raised.value.message == REFUSED
    assert AuditEvent.objects.get(pk=event.pk).subject_label == "Mona Member"


def test_forgetting_an_erased_person_under_another_label_is_refused(
    require_postgres, event, member
):
    _erase(member)

    with pytest.raises(ApplicationError) as raised, transaction.atomic():
        audit_forget_user(user=member, label="Ex-member")

    assert raised.value.message == REFUSED
    assert AuditEvent.objects.get(pk=event.pk).subject_label == "Mona Member"


def test_a_person_in_the_log_cannot_be_deleted(event, facilitator, member):
    """Accounts are erased in place: deleting one would take the event's link, so it protects."""
    for linked in (member, facilitator):
        with pytest.raises(ProtectedError), transaction.atomic():
            linked.delete()

    event_now = AuditEvent.objects.get(pk=event.pk)
    assert (event_now.actor_id, event_now.subject_id) == (facilitator.pk, member.pk)


def test_the_log_keeps_its_network_as_an_id_whatever_happens_to_the_network(event, network):
    """core's schema knows no network (issue 23): the event keeps the id, so it never leaves that
    network's log, and the network is no link the log depends on."""
    network_pk = network.pk
    network.delete()

    assert AuditEvent.objects.get(pk=event.pk).network_id == network_pk
    assert [field.name for field in AuditEvent._meta.get_fields() if field.is_relation] == [
        "actor",
        "subject",
    ]


def test_network_events_are_newest_first_and_filter_by_action(network, facilitator, event):
    later = audit_record(actor=facilitator, action=EvaluationAction.VOTE_OPENED, network=network)
    audit_record(actor=facilitator, action=EvaluationAction.VOTE_OPENED)  # no network: never listed

    assert list(audit_events_for_network(network_id=network.pk)) == [later, event]
    assert list(
        audit_events_for_network(network_id=network.pk, action=NetworkAction.MEMBER_REMOVED)
    ) == [event]


# The admin: read-only for superusers too -------------------------------------------------------


def test_admin_lists_events_but_cannot_add_change_or_delete(admin_client, event):
    base = "/admin/core/auditevent/"

    listing = admin_client.get(base)
    add = admin_client.get(base + "add/")
    change = admin_client.post(f"{base}{event.pk}/change/", {"detail": "changed"})
    delete_page = admin_client.get(f"{base}{event.pk}/delete/")
    delete = admin_client.post(f"{base}{event.pk}/delete/", {"post": "yes"})
    admin_client.post(  # the admin offers no actions, "delete selected" included
        base, {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"}
    )

    assert listing.status_code == 200
    assert "Fien Facilitator" in listing.content.decode()
    assert (add.status_code, change.status_code) == (403, 403)
    assert (delete_page.status_code, delete.status_code) == (403, 403)
    assert AuditEvent.objects.get(pk=event.pk).detail == "member"
    assert b"/admin/core/auditevent/add/" not in listing.content


def test_admin_deleting_a_user_in_the_log_says_why_not(admin_client, event, member):
    model, linked = "accounts/user", member

    page = admin_client.get(f"/admin/{model}/{linked.pk}/delete/")
    posted = admin_client.post(f"/admin/{model}/{linked.pk}/delete/", {"post": "yes"})

    assert (page.status_code, posted.status_code) == (200, 200)
    text = page.content.decode()
    # "... cannot be deleted": it would delete audit events, which nobody may; no confirm button
    assert "kan niet worden verwijderd" in text
    assert "<li>auditgebeurtenis</li>" in text
    assert "Ja, ik weet het zeker" not in text
    assert type(linked).objects.filter(pk=linked.pk).exists()
    assert AuditEvent.objects.get(pk=event.pk).subject_id == member.pk


def test_a_refused_forgetting_shows_a_message_on_the_delete_page_and_deletes_nothing(
    require_postgres, client, event, member, monkeypatch
):
    """Should erasure ever write another marker than the trigger knows (a changed
    ``ERASED_NAME`` without a migration), deleting an account says so: no 500, nothing lost."""
    monkeypatch.setattr("accounts.services.ERASED_NAME", "Ex-member")
    client.force_login(member)

    response = client.post(reverse("accounts:delete_account"), {"password": PASSWORD})

    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    member.refresh_from_db()
    assert (member.full_name, member.is_active) == ("Mona Member", True)
    assert AuditEvent.objects.get(pk=event.pk).subject_label == "Mona Member"
    assert not AuditEvent.objects.filter(action=AccountAction.ACCOUNT_DELETED).exists()
