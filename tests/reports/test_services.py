import io

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.text import slugify
from pypdf import PdfReader

from core import outbox
from core.errors import ApplicationError
from core.outbox import OutboxState
from core.stored_pdf import PdfState
from minutes import services
from minutes.models import MinutesDelivery, MinutesVersion
from reports import services as reports_services
from sessions.models import AgendaItem
from tests.factories import SessionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def test_publish_creates_one_delivery_per_absentee_and_renders_once(
    minutes, held, facilitator, network, on_commit
):
    _session, excused, absent = held
    absent.language = "en"
    absent.save(update_fields=["language"])

    with on_commit(execute=True):
        version = services.minutes_publish(minutes=minutes, acting_user=facilitator)

    version.refresh_from_db()
    assert version.number == 1
    assert (version.pdf_state, version.pdf_renders) == (PdfState.READY, 1)
    deliveries = MinutesDelivery.objects.filter(version=version)
    assert {d.recipient for d in deliveries} == {excused, absent}
    assert set(deliveries.values_list("state", flat=True)) == {OutboxState.SENT}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([excused.email, absent.email])
    message = next(m for m in mail.outbox if m.to == [absent.email])
    assert message.subject == f"{network.name}: minutes of session 1 — you missed it"
    assert message.reply_to == [facilitator.email]
    assert message.extra_headers["Message-ID"] == f"<minutes-{version.pk}-{absent.pk}@leernet>"
    assert deliveries.get(recipient=absent).subject == message.subject
    filename, payload, mimetype = message.attachments[0]
    # named in the network's language (Dutch), like the PDF itself
    slug = slugify(network.name)
    assert (filename, mimetype) == (f"verslag-{slug}-bijeenkomst-1-v1.pdf", "application/pdf")
    assert payload.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(payload))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Valrisico inschatten" in text
    assert "Checklist maken" in text
    assert "pagina 1 van 1" in text


def test_render_twice_renders_once(minutes, facilitator):
    version = services.minutes_publish(minutes=minutes, acting_user=facilitator)

    assert services.version_render_pdf(version_id=version.pk) is True
    assert services.version_render_pdf(version_id=version.pk) is False
    version.refresh_from_db()
    assert version.pdf_renders == 1


def test_render_enqueues_the_versions_pending_deliveries(minutes, facilitator, on_commit):
    version = services.minutes_publish(minutes=minutes, acting_user=facilitator)

    with on_commit(execute=True):
        services.version_render_pdf(version_id=version.pk)

    assert set(version.deliveries.values_list("state", flat=True)) == {OutboxState.SENT}
    assert len(mail.outbox) == 2


def test_delivery_twice_sends_once(minutes, facilitator):
    version = services.minutes_publish(minutes=minutes, acting_user=facilitator)
    services.version_render_pdf(version_id=version.pk)
    delivery = version.deliveries.first()

    assert outbox.deliver(MinutesDelivery, delivery.pk) == "sent"
    assert outbox.deliver(MinutesDelivery, delivery.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_delivery_waits_for_the_pdf(minutes, facilitator):
    version = services.minutes_publish(minutes=minutes, acting_user=facilitator)
    delivery = version.deliveries.first()

    assert delivery.is_ready() is False
    assert outbox.deliver(MinutesDelivery, delivery.pk) == "waiting"
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (OutboxState.PENDING, 0)
    assert mail.outbox == []


def test_include_present_sends_to_everyone_with_its_own_subject(
    minutes, member, facilitator, network, on_commit
):
    member.language = "en"
    member.save(update_fields=["language"])
    with on_commit(execute=True):
        version = services.minutes_publish(
            minutes=minutes, acting_user=facilitator, include_present=True
        )

    assert version.deliveries.count() == 3
    to_member = next(m for m in mail.outbox if m.to == [member.email])
    assert to_member.subject == f"{network.name}: minutes of session 1"


def test_publishing_a_session_not_held_is_refused(network, facilitator):
    planned = SessionFactory(network=network)
    minutes = services.minutes_get_or_create(session=planned, acting_user=facilitator)
    services.minutes_save_draft(
        minutes=minutes, data={"summary": "x"}, item_notes={}, actions=[], acting_user=facilitator
    )

    with pytest.raises(ApplicationError, match="once the session is marked as held"):
        services.minutes_publish(minutes=minutes, acting_user=facilitator)
    assert not MinutesVersion.objects.exists()


def test_empty_minutes_are_refused(held, facilitator):
    minutes = services.minutes_get_or_create(session=held[0], acting_user=facilitator)

    with pytest.raises(ApplicationError, match="empty"):
        services.minutes_publish(minutes=minutes, acting_user=facilitator)
    assert not MinutesVersion.objects.exists()


def test_publishing_twice_without_change_is_refused(minutes, facilitator):
    services.minutes_publish(minutes=minutes, acting_user=facilitator)

    with pytest.raises(ApplicationError, match="Nothing changed since version 1"):
        services.minutes_publish(minutes=minutes, acting_user=facilitator, change_note="opnieuw")
    assert MinutesVersion.objects.count() == 1


def test_new_version_needs_a_change_note_and_keeps_the_old_one(minutes, facilitator):
    first = services.minutes_publish(minutes=minutes, acting_user=facilitator)
    minutes.summary = "Aangevuld verslag."
    minutes.save()

    with pytest.raises(ApplicationError, match="what changed"):
        services.minutes_publish(minutes=minutes, acting_user=facilitator)
    second = services.minutes_publish(
        minutes=minutes, acting_user=facilitator, change_note="Aangevuld"
    )

    first.refresh_from_db()
    assert (first.number, second.number) == (1, 2)
    assert first.content["summary"] == "We bespraken **valrisico**."
    assert second.content["summary"] == "Aangevuld verslag."
    assert second.deliveries.count() == 2


def test_resend_of_a_sent_row_is_a_new_row_that_says_what_it_resends(
    minutes, facilitator, held, on_commit
):
    with on_commit(execute=True):
        version = services.minutes_publish(minutes=minutes, acting_user=facilitator)
    _session, _excused, absent = held
    first = version.deliveries.get(recipient=absent)

    with on_commit(execute=True):
        again = services.delivery_resend(delivery=first, acting_user=facilitator)

    again.refresh_from_db()
    assert (again.resend_of, again.recipient, again.state) == (first, absent, OutboxState.SENT)
    to_absent = [m for m in mail.outbox if m.to == [absent.email]]
    assert len(to_absent) == 2
    assert to_absent[1].extra_headers["Message-ID"] == (
        f"<minutes-{version.pk}-{absent.pk}-resend-{again.pk}@leernet>"
    )
    assert version.deliveries.count() == 3


def test_resend_of_a_row_still_pending_is_refused_without_a_second_row(minutes, facilitator):
    version = services.minutes_publish(minutes=minutes, acting_user=facilitator)
    pending = version.deliveries.first()

    with pytest.raises(ApplicationError, match="still waiting to be sent"):
        services.delivery_resend(delivery=pending, acting_user=facilitator)

    assert version.deliveries.count() == 2


def test_smtp_failure_leaves_row_pending_with_error(minutes, facilitator, settings):
    version = services.minutes_publish(minutes=minutes, acting_user=facilitator)
    services.version_render_pdf(version_id=version.pk)
    settings.EMAIL_BACKEND = "tests.sessions.failing_backend.FailingBackend"
    delivery = version.deliveries.first()

    assert outbox.deliver(MinutesDelivery, delivery.pk) == "retry"

    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (OutboxState.PENDING, 1)
    assert delivery.last_error == "connection refused"


def test_render_sweep_renders_what_was_left_and_the_outbox_sweep_sends(
    minutes, facilitator, on_commit
):
    version = services.minutes_publish(minutes=minutes, acting_user=facilitator)
    later = timezone.now() + timezone.timedelta(minutes=30)

    with on_commit(execute=True):
        enqueued = reports_services.version_renders_sweep(now=later)

    version.refresh_from_db()
    assert enqueued == 1  # the render; it then enqueues the two deliveries itself
    assert version.pdf_state == PdfState.READY
    assert set(version.deliveries.values_list("state", flat=True)) == {OutboxState.SENT}


def test_outbox_sweep_leaves_rows_waiting_for_their_pdf(minutes, facilitator, on_commit):
    version = services.minutes_publish(minutes=minutes, acting_user=facilitator)
    later = timezone.now() + timezone.timedelta(minutes=30)

    with on_commit(execute=True):
        outbox.sweep(now=later)

    assert set(version.deliveries.values_list("state", flat=True)) == {OutboxState.PENDING}
    # (The sweep may send other tables' rows, e.g. the evaluation invitations of the held session.)
    assert [m for m in mail.outbox if m.attachments] == []


def test_review_comments_only_by_attendees_in_the_window(minutes, held, member, network):
    _session, excused, _absent = held
    with pytest.raises(ApplicationError, match="does not review"):
        services.minutes_open_review(minutes=minutes, acting_user=network.created_by)
    network.minutes_review_days = 3
    network.save()
    minutes.session.network.minutes_review_days = 3

    services.minutes_open_review(minutes=minutes, acting_user=network.created_by)
    comment = services.minutes_comment(minutes=minutes, acting_user=member, text="Klopt!")

    assert comment.text == "Klopt!"
    with pytest.raises(ApplicationError, match="attended"):
        services.minutes_comment(minutes=minutes, acting_user=excused, text="Ik was er niet")


def test_item_notes_only_for_the_sessions_agenda(minutes, facilitator, network):
    other = AgendaItem.objects.create(
        session=SessionFactory(network=network), title="Elders", duration_minutes=10
    )

    with pytest.raises(ApplicationError, match="not part of the session"):
        services.minutes_save_draft(
            minutes=minutes,
            data={},
            item_notes={other.pk: "x"},
            actions=[],
            acting_user=facilitator,
        )


# Publishing is a facilitator's act ---------------------------------------------------------------


def _name_note_taker(session, user):
    from sessions.enums import AgendaRole
    from sessions.models import AgendaRoleAssignment

    item = AgendaItem.objects.create(session=session, title="Casus", duration_minutes=30)
    AgendaRoleAssignment.objects.create(item=item, role=AgendaRole.NOTE_TAKER, user=user)


def test_note_taker_cannot_publish_and_nothing_is_written(minutes, held, member, on_commit):
    _name_note_taker(held[0], member)

    with on_commit(execute=True), pytest.raises(ApplicationError) as raised:
        services.minutes_publish(minutes=minutes, acting_user=member)

    assert raised.value.code == "not_allowed"
    assert raised.value.message.startswith("Only a facilitator can publish the minutes")
    assert not MinutesVersion.objects.exists()
    assert not MinutesDelivery.objects.exists()
    assert mail.outbox == []


def test_note_taker_publishes_when_the_network_allows_it(minutes, held, member, network):
    _name_note_taker(held[0], member)
    network.note_takers_may_publish = True
    network.save(update_fields=["note_takers_may_publish"])
    minutes.session.network.refresh_from_db()

    version = services.minutes_publish(minutes=minutes, acting_user=member)

    assert (version.number, version.published_by) == (1, member)
    assert version.deliveries.count() == 2


def test_member_who_is_not_note_taker_cannot_publish_even_when_allowed(minutes, member, network):
    network.note_takers_may_publish = True
    network.save(update_fields=["note_takers_may_publish"])
    minutes.session.network.refresh_from_db()

    with pytest.raises(ApplicationError) as raised:
        services.minutes_publish(minutes=minutes, acting_user=member)

    assert raised.value.code == "not_allowed"
    assert not MinutesVersion.objects.exists()
