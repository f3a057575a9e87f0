"""Publishing the minutes: a new version, its PDF (rendered once, minutes/documents.py) and one
outbox row per recipient (core/outbox.py), sent once the PDF is ready; sending one row again.
See docs/architecture.md, "The path of published minutes"."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core import outbox
from core.audit import audit_record
from core.errors import ApplicationError
from core.stored_pdf import PdfState, pdf_render_claimed
from core.tasks import enqueue_on_commit
from minutes import rules, selectors, tasks
from minutes.audit import AuditAction
from minutes.documents import minutes_pdf_bytes
from minutes.models import Minutes, MinutesDelivery, MinutesVersion
from minutes.services.drafting import SECTIONS, minutes_content
from minutes.signals import minutes_published
from networks import webhooks
from sessions.enums import ABSENT_STATUSES, SessionStatus


def _is_empty(content: dict) -> bool:
    return not (
        any(content[field].strip() for field in SECTIONS)
        or any(item["notes"].strip() for item in content["items"])
        or content["actions"]
    )


def minutes_publish(
    *, minutes: Minutes, acting_user, change_note: str = "", include_present: bool = False
) -> MinutesVersion:
    """Publish the draft as a new version. In the same transaction, one outbox row
    (``MinutesDelivery``) per recipient of ``minutes.selectors.minutes_recipients``: the excused or
    absent members who are still members (and the present ones if asked). After commit the PDF is
    rendered once; the render task then enqueues the rows (they are not ready before).

    ``acting_user`` must be a facilitator, or a note-taker when the network allows it
    (``minutes.rules.can_publish_minutes``); anyone else is refused and nothing is written.
    """
    session = minutes.session
    if not rules.can_publish_minutes(acting_user, session):
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
            published_by=acting_user,
        )
        audit_record(
            actor=acting_user,
            action=AuditAction.MINUTES_PUBLISHED,
            network=session.network_id,
            detail=f"session {session.number}, version {number}",
        )
        webhooks.emit(
            session.network_id,
            "minutes.published",
            data={"session_id": session.pk, "session_number": session.number, "version": number},
        )
        MinutesDelivery.objects.bulk_create(
            [
                MinutesDelivery(
                    version=version,
                    recipient_id=row.user_id,
                    was_absent=row.status in ABSENT_STATUSES,
                )
                for row in selectors.minutes_recipients(
                    session=session, include_present=include_present
                )
            ]
        )
        # The insight library (portfolio) rebuilds the session's cards, in this transaction.
        minutes_published.send(sender=Minutes, session=session, version=version)
        enqueue_on_commit(tasks.render_minutes_pdf, version_id=version.pk)
    return version


def version_render_pdf(*, version_id: int) -> bool:
    """Render the version's PDF if nobody has (``pdf_render_claimed``), then enqueue the
    version's pending outbox rows, which are ready from then on. Returns whether this call
    rendered."""
    claimed = pdf_render_claimed(
        MinutesVersion.objects.select_related("minutes__session__network"),
        version_id,
        lambda version: minutes_pdf_bytes(version=version),
    )
    if MinutesVersion.objects.filter(pk=version_id, pdf_state=PdfState.READY).exists():
        # Also when another call rendered: enqueueing twice is harmless (every send claims its
        # row first), and it covers a renderer that died right after storing the PDF.
        outbox.enqueue_many(
            MinutesDelivery,
            MinutesDelivery.objects.filter(
                version_id=version_id, state=outbox.OutboxState.PENDING
            ).values_list("pk", flat=True),
        )
    return claimed


def delivery_resend(*, delivery: MinutesDelivery, acting_user) -> MinutesDelivery:
    """Send one row's email again (after a failure, or on request): a new outbox row that points
    at ``delivery`` (``core.outbox.resend``). A row still waiting or being sent is refused with a
    message, and no second row is made. The caller checks that ``acting_user`` may manage the
    delivery of this session."""
    return outbox.resend(delivery, acting_user=acting_user)
