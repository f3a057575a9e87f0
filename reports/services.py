"""Minutes: drafting, review, publishing, the PDF (rendered once per version) and delivery to
absent members through an outbox. See docs/architecture.md, "The path of published minutes"."""

import datetime
import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.mail import send_templated_mail
from core.tasks import enqueue_on_commit
from networks.enums import MembershipStatus
from reports import rules, tasks
from reports.enums import DeliveryState, PdfState
from reports.models import (
    ActionItem,
    Minutes,
    MinutesComment,
    MinutesDelivery,
    MinutesItemNote,
    MinutesVersion,
)
from reports.pdf import render_pdf
from sessions.enums import ABSENT_STATUSES, PRESENT_STATUSES, AttendanceStatus, SessionStatus
from sessions.models import Attendance, LearningSession

logger = logging.getLogger(__name__)

SECTIONS = ("summary", "insights", "agreements", "questions_next", "next_session")
MAX_DELIVERY_ATTEMPTS = 8
STALE_AFTER = datetime.timedelta(minutes=2)
STUCK_AFTER = datetime.timedelta(minutes=15)


def minutes_get_or_create(*, session: LearningSession) -> Minutes:
    minutes, _created = Minutes.objects.get_or_create(session=session)
    return minutes


@transaction.atomic
def minutes_save_draft(
    *, minutes: Minutes, data: dict, item_notes: dict[int, str], actions: list[dict], actor
) -> Minutes:
    """Save the draft: the sections, notes per agenda item and the action items."""
    for field in SECTIONS:
        setattr(minutes, field, data.get(field, ""))
    minutes.updated_by = actor
    minutes.save()
    item_ids = set(minutes.session.agenda.values_list("pk", flat=True))
    for item_id, notes in item_notes.items():
        if item_id not in item_ids:
            raise ApplicationError(_("This agenda item is not part of the session."))
        MinutesItemNote.objects.update_or_create(
            minutes=minutes, agenda_item_id=item_id, defaults={"notes": notes}
        )
    minutes.actions.all().delete()
    ActionItem.objects.bulk_create(
        [
            ActionItem(minutes=minutes, position=index, **action)
            for index, action in enumerate(actions)
            if action.get("what")
        ]
    )
    return minutes


def minutes_open_review(*, minutes: Minutes) -> Minutes:
    days = minutes.session.network.minutes_review_days
    if not days:
        raise ApplicationError(_("This network does not review minutes before publishing."))
    minutes.review_until = timezone.now() + datetime.timedelta(days=days)
    minutes.save(update_fields=["review_until", "updated_at"])
    return minutes


def minutes_review_open(minutes: Minutes | None) -> bool:
    return bool(minutes and minutes.review_until and minutes.review_until > timezone.now())


def minutes_comment(*, minutes: Minutes, author, text: str) -> MinutesComment:
    """Attendees (present or late) comment on the draft while the review window is open."""
    if not minutes_review_open(minutes):
        raise ApplicationError(_("The review of these minutes is closed."))
    attended = Attendance.objects.filter(
        session=minutes.session, user=author, status__in=PRESENT_STATUSES
    ).exists()
    if not attended:
        raise ApplicationError(_("Only members who attended can comment on the draft."))
    if not text.strip():
        raise ApplicationError(_("Write a comment first."))
    return MinutesComment.objects.create(minutes=minutes, author=author, text=text.strip())


def minutes_content(*, minutes: Minutes) -> dict:
    """The snapshot a version freezes: sections, notes per agenda item, actions, attendance."""
    session = minutes.session
    notes = {note.agenda_item_id: note.notes for note in minutes.item_notes.all()}
    attendance = {status: [] for status in AttendanceStatus.values}
    for row in Attendance.objects.filter(session=session).select_related("user"):
        attendance[row.status].append(row.user.full_name)
    return {
        **{field: getattr(minutes, field) for field in SECTIONS},
        "items": [
            {"title": item.title, "notes": notes.get(item.pk, "")} for item in session.agenda.all()
        ],
        "actions": [
            {"what": a.what, "who": a.who, "due": a.due.isoformat() if a.due else ""}
            for a in minutes.actions.all()
        ],
        "attendance": {status: sorted(names) for status, names in attendance.items()},
    }


def _is_empty(content: dict) -> bool:
    return not (
        any(content[field].strip() for field in SECTIONS)
        or any(item["notes"].strip() for item in content["items"])
        or content["actions"]
    )


def minutes_publish(
    *, minutes: Minutes, actor, change_note: str = "", include_present: bool = False
) -> MinutesVersion:
    """Publish the draft as a new version. In the same transaction, one delivery row per excused
    or absent member (and per present member if asked); after commit the PDF is rendered once
    and the deliveries are sent by Celery.

    ``actor`` is the acting user: a facilitator, or a note-taker when the network allows it
    (``reports.rules.can_publish_minutes``); anyone else is refused and nothing is written.
    """
    session = minutes.session
    if not rules.can_publish_minutes(actor, session):
        raise ApplicationError(
            _(
                "Only a facilitator can publish the minutes: publishing emails them to the "
                "absent members. Propose the draft for review instead."
            ),
            code="not_allowed",
        )
    if session.status != SessionStatus.HELD:
        raise ApplicationError(_("Minutes can be published once the session is marked as held."))
    with transaction.atomic():
        locked = Minutes.objects.select_for_update().get(pk=minutes.pk)
        content = minutes_content(minutes=locked)
        if _is_empty(content):
            raise ApplicationError(_("The minutes are empty: write something first."))
        previous = locked.versions.order_by("-number").first()
        if previous is not None:
            if previous.content == content:
                raise ApplicationError(
                    _("Nothing changed since version %(number)d.") % {"number": previous.number}
                )
            if not change_note.strip():
                raise ApplicationError(_("Say briefly what changed in this version."))
        number = (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = MinutesVersion.objects.create(
            minutes=locked,
            number=number,
            content=content,
            change_note=change_note.strip(),
            include_present=include_present,
            published_by=actor,
        )
        statuses = list(ABSENT_STATUSES) + (list(PRESENT_STATUSES) if include_present else [])
        rows = Attendance.objects.filter(session=session, status__in=statuses).filter(
            user__memberships__network=session.network,
            user__memberships__status=MembershipStatus.ACTIVE,
        )
        MinutesDelivery.objects.bulk_create(
            [
                MinutesDelivery(
                    version=version,
                    recipient_id=row.user_id,
                    was_absent=row.status in ABSENT_STATUSES,
                )
                for row in rows
            ]
        )
        enqueue_on_commit(tasks.render_minutes_pdf, version_id=version.pk)
    return version


# PDF ------------------------------------------------------------------------------------------


def version_render_pdf(*, version_id: int) -> bool:
    """Render the version's PDF if nobody has (a conditional update claims the work), store it,
    then enqueue the deliveries. Returns whether this call rendered."""
    claimed = MinutesVersion.objects.filter(pk=version_id, pdf_state=PdfState.PENDING).update(
        pdf_state=PdfState.RENDERING, pdf_claimed_at=timezone.now()
    )
    if claimed:
        version = MinutesVersion.objects.select_related("minutes__session__network").get(
            pk=version_id
        )
        try:
            pdf = minutes_pdf_bytes(version=version)
        except Exception as error:
            MinutesVersion.objects.filter(pk=version_id).update(
                pdf_state=PdfState.PENDING, pdf_error=str(error)[:1000]
            )
            raise
        MinutesVersion.objects.filter(pk=version_id).update(
            pdf=pdf, pdf_state=PdfState.READY, pdf_renders=F("pdf_renders") + 1, pdf_error=""
        )
    _enqueue_pending_deliveries(version_id)
    return bool(claimed)


def minutes_pdf_bytes(*, version: MinutesVersion) -> bytes:
    session = version.minutes.session
    network = session.network
    return render_pdf(
        template="reports/pdf/minutes.html",
        context={
            "version": version,
            "content": version.content,
            "session": session,
            "network": network,
            "recipients": list(
                version.deliveries.select_related("recipient").order_by("recipient__full_name")
            ),
        },
        language=network.language,
    )


def _enqueue_pending_deliveries(version_id: int) -> None:
    for delivery_id in MinutesDelivery.objects.filter(
        version_id=version_id, state=DeliveryState.PENDING
    ).values_list("pk", flat=True):
        with transaction.atomic():
            enqueue_on_commit(tasks.deliver_minutes, delivery_id=delivery_id)


# Delivery -------------------------------------------------------------------------------------


def delivery_send(*, delivery_id: int) -> str:
    """Email one recipient the PDF. Claims the row first, so running twice sends once.

    Returns "sent", "skipped" (not pending) or "waiting" (the PDF is not rendered yet: the render
    task enqueues the deliveries when it is done)."""
    delivery = MinutesDelivery.objects.select_related("version").filter(pk=delivery_id).first()
    if delivery is None or delivery.state != DeliveryState.PENDING:
        return "skipped"
    if delivery.version.pdf_state != PdfState.READY:
        if delivery.version.pdf_state == PdfState.PENDING:
            with transaction.atomic():
                enqueue_on_commit(tasks.render_minutes_pdf, version_id=delivery.version_id)
        return "waiting"
    claimed = MinutesDelivery.objects.filter(pk=delivery_id, state=DeliveryState.PENDING).update(
        state=DeliveryState.SENDING, attempts=F("attempts") + 1, claimed_at=timezone.now()
    )
    if not claimed:
        return "skipped"
    delivery = MinutesDelivery.objects.select_related(
        "recipient", "version__minutes__session__network"
    ).get(pk=delivery_id)
    pdf = MinutesVersion.objects.values_list("pdf", flat=True).get(pk=delivery.version_id)
    try:
        _send_delivery(delivery, bytes(pdf))
    except Exception as error:
        state = (
            DeliveryState.FAILED
            if delivery.attempts >= MAX_DELIVERY_ATTEMPTS
            else DeliveryState.PENDING
        )
        MinutesDelivery.objects.filter(pk=delivery_id).update(
            state=state, last_error=str(error)[:1000] or error.__class__.__name__
        )
        raise
    # Nothing between the SMTP server's acceptance and this one UPDATE: a worker dying in that
    # window leaves the row 'sending' and the sweep sends the email again (same Message-ID).
    _mark_sent(delivery_id)
    return "sent"


def _mark_sent(delivery_id: int) -> None:
    """One UPDATE; once more on a fresh connection if the database dropped the old one while
    the email was being sent (outside a transaction only)."""
    values = {"state": DeliveryState.SENT, "sent_at": timezone.now(), "last_error": ""}
    try:
        MinutesDelivery.objects.filter(pk=delivery_id).update(**values)
    except (OperationalError, InterfaceError):
        if connection.in_atomic_block:
            raise
        connection.close()
        MinutesDelivery.objects.filter(pk=delivery_id).update(**values)


def _send_delivery(delivery: MinutesDelivery, pdf: bytes) -> None:
    version = delivery.version
    session = version.minutes.session
    recipient = delivery.recipient
    send_templated_mail(
        template="reports/email/minutes",
        context={
            "session": session,
            "network": session.network,
            "version": version,
            "recipient": recipient,
            "was_absent": delivery.was_absent,
            "url": settings.SITE_URL + session.get_absolute_url() + "minutes/",
        },
        to=recipient.email,
        language=recipient.language,
        headers={"Message-ID": delivery.message_id},
        attachments=[(f"verslag-{session.number}-v{version.number}.pdf", pdf, "application/pdf")],
    )


def delivery_resend(*, version: MinutesVersion, recipient_id: int) -> MinutesDelivery:
    """Send a version again to one of its recipients (after a failure, or on request)."""
    delivery = MinutesDelivery.objects.filter(version=version, recipient_id=recipient_id).first()
    if delivery is None:
        raise ApplicationError(_("This person is not a recipient of these minutes."))
    if delivery.state == DeliveryState.SENDING:
        raise ApplicationError(_("This email is being sent right now."))
    with transaction.atomic():
        MinutesDelivery.objects.filter(pk=delivery.pk).update(
            state=DeliveryState.PENDING, attempts=0, last_error=""
        )
        enqueue_on_commit(tasks.deliver_minutes, delivery_id=delivery.pk)
    delivery.refresh_from_db()
    return delivery


def deliveries_sweep(*, now: datetime.datetime | None = None) -> int:
    """Beat: pick up what a down broker or a dead worker left behind. Renders stuck for too long
    and deliveries stuck in 'sending' go back to pending; pending work older than two minutes is
    enqueued again. Safe to run any time: every task claims its row."""
    now = now or timezone.now()
    MinutesVersion.objects.filter(
        pdf_state=PdfState.RENDERING, pdf_claimed_at__lt=now - STUCK_AFTER
    ).update(pdf_state=PdfState.PENDING)
    MinutesDelivery.objects.filter(
        state=DeliveryState.SENDING, claimed_at__lt=now - STUCK_AFTER
    ).update(state=DeliveryState.PENDING)
    enqueued = 0
    for version_id in MinutesVersion.objects.filter(
        pdf_state=PdfState.PENDING, published_at__lt=now - STALE_AFTER
    ).values_list("pk", flat=True):
        with transaction.atomic():
            enqueue_on_commit(tasks.render_minutes_pdf, version_id=version_id)
        enqueued += 1
    stale = MinutesDelivery.objects.filter(state=DeliveryState.PENDING).filter(
        Q(created_at__lt=now - STALE_AFTER) | Q(attempts__gt=0)
    )
    for delivery_id in stale.filter(version__pdf_state=PdfState.READY).values_list("pk", flat=True):
        with transaction.atomic():
            enqueue_on_commit(tasks.deliver_minutes, delivery_id=delivery_id)
        enqueued += 1
    return enqueued


def network_report_pdf(*, network) -> bytes:
    """The trajectory report of a network, rendered on request (it changes with every session):
    goal, adopted learning goals and their attainment, sessions, attendance, the evaluation trend
    and the final evaluation's results (aggregates only, respecting the k-threshold)."""
    from evaluations import selectors as evaluation_selectors
    from evaluations.enums import QuestionnaireKind
    from sessions.selectors import attendance_overview, timeline

    final = network.questionnaires.filter(kind=QuestionnaireKind.FINAL).first()
    final_results = evaluation_selectors.results(questionnaire=final) if final else None
    attainment = {}
    if final_results and not final_results["hidden"]:
        attainment = {
            row["question"].goal_id: row["mean"]
            for row in final_results["questions"]
            if row["question"].goal_id and not row["hidden"]
        }
    goals = [
        {"goal": goal, "attainment": attainment.get(goal.pk)}
        for goal in evaluation_selectors.adopted_goals(network=network)
    ]
    return render_pdf(
        template="reports/pdf/network_report.html",
        context={
            "network": network,
            "goals": goals,
            "timeline": timeline(network=network),
            "overview": attendance_overview(network=network),
            "trend": evaluation_selectors.overall_trend(network=network),
            "final": final,
            "final_results": final_results,
            "generated_at": timezone.now(),
        },
        language=network.language,
    )
