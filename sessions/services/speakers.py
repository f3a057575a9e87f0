"""External speakers: their details email, the brief (saved, sent, confirmed by a signed link)."""

import enum

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import outbox
from core.audit import audit_record
from core.errors import ApplicationError
from core.outbox import OutboxState
from sessions.audit import AuditAction
from sessions.enums import SpeakerEmailKind
from sessions.models import LearningSession, Speaker, SpeakerEmail
from sessions.services.common import _require_facilitator


def speaker_add(*, session: LearningSession, data: dict, send_email: bool, acting_user) -> Speaker:
    """Add an external speaker or guest (not a member, not counted in the cap)."""
    _require_facilitator(acting_user, session.network)
    speaker = Speaker(session=session, **data)
    speaker.full_clean()
    with transaction.atomic():
        speaker.save()
        if send_email:
            speaker_email(speaker=speaker, acting_user=acting_user)
    return speaker


def speaker_remove(*, speaker: Speaker, acting_user) -> None:
    _require_facilitator(acting_user, speaker.session.network)
    speaker.delete()


def speaker_email(*, speaker: Speaker, acting_user) -> SpeakerEmail:
    """Email the session's details and calendar file to the speaker (an outbox row, sent after
    commit). One row per speaker and session version: a second click while it waits finds that
    row; a click after it went out (or failed) sends it again as a resend row."""
    _require_facilitator(acting_user, speaker.session.network)
    if not speaker.email:
        raise ApplicationError(_("This speaker has no email address."))
    with transaction.atomic():
        locked = speaker_lock(speaker)
        return speaker_email_queue(
            speaker=locked,
            kind=SpeakerEmailKind.DETAILS,
            sequence=locked.session.sequence,
            acting_user=acting_user,
        )


def speaker_lock(speaker: Speaker) -> Speaker:
    """Lock the speaker's row (inside a transaction): serialises clicks for this speaker, so the
    decision that follows sees the other click's row. Raises ApplicationError when the speaker
    was removed meanwhile."""
    locked = (
        Speaker.objects.select_for_update(of=("self",))
        .select_related("session__network")
        .filter(pk=speaker.pk)
        .first()
    )
    if locked is None:
        raise ApplicationError(_("This speaker is no longer part of this session."))
    return locked


def speaker_email_queue(
    *, speaker: Speaker, kind: str, sequence: int, acting_user, body: str = ""
) -> SpeakerEmail:
    """The outbox row for one email to a locked ``speaker`` (call inside the transaction that
    locked it): a new row, the row that still waits, or a resend of the one that went out."""
    latest = (
        SpeakerEmail.objects.filter(speaker=speaker, kind=kind, sequence=sequence)
        .order_by("-pk")
        .first()
    )
    if latest is None:
        row = SpeakerEmail.objects.create(speaker=speaker, kind=kind, sequence=sequence, body=body)
        outbox.enqueue(row)
        return row
    if latest.state in (OutboxState.PENDING, OutboxState.SENDING):
        return latest
    return outbox.resend(latest, acting_user=acting_user)


def speaker_brief_save(*, speaker: Speaker, text: str, acting_user) -> Speaker:
    """Keep the facilitator's brief for ``speaker``. Sends nothing: only
    ``speaker_brief_send`` does, when the facilitator confirms. A changed text is a new version
    (its own email when sent)."""
    _require_facilitator(acting_user, speaker.session.network)
    text = (text or "").strip()
    if not text:
        raise ApplicationError(_("The brief is empty. Write something for the speaker first."))
    with transaction.atomic():
        locked = speaker_lock(speaker)
        if locked.brief == text:
            return locked
        locked.brief = text
        locked.brief_version += 1
        locked.brief_saved_at = timezone.now()
        locked.full_clean()
        locked.save(update_fields=["brief", "brief_version", "brief_saved_at"])
    return locked


def speaker_brief_send(*, speaker: Speaker, acting_user) -> SpeakerEmail:
    """Email the saved brief to the speaker, with the signed link to confirm (an outbox row,
    sent after commit). Only on the facilitator's confirmed click: no task or signal calls it.
    One email per brief version: a second confirm is refused (a failed one is sent again from
    the network's email page)."""
    network = speaker.session.network
    _require_facilitator(acting_user, network)
    with transaction.atomic():
        locked = speaker_lock(speaker)
        if locked.session.is_cancelled:
            raise ApplicationError(_("This session has been cancelled: the brief is not sent."))
        if locked.session.is_held:
            raise ApplicationError(
                _("This session has already taken place: the brief is not sent.")
            )
        if not locked.email:
            raise ApplicationError(
                _("This speaker has no email address. Add it before you send the brief.")
            )
        if not locked.brief.strip():
            raise ApplicationError(_("Save the brief before you send it."))
        if speaker_brief_version_sent(speaker=locked):
            raise ApplicationError(
                _("This brief has already been sent. Change it to send a new version.")
            )
        row = SpeakerEmail.objects.create(
            speaker=locked,
            kind=SpeakerEmailKind.BRIEF,
            sequence=locked.brief_version,
            body=locked.brief,
        )
        outbox.enqueue(row)
        # From now on the speaker confirms this version (an earlier confirmation stays with
        # its own version: the facilitator sees "not confirmed yet").
        locked.brief_sent_version = locked.brief_version
        locked.save(update_fields=["brief_sent_version"])
        audit_record(
            actor=acting_user,
            action=AuditAction.SPEAKER_BRIEF_SENT,
            network=network,
            detail=f"session {locked.session.number}, speaker {locked.pk}, v{locked.brief_version}",
        )
    return row


def speaker_brief_version_sent(*, speaker: Speaker) -> bool:
    """Whether the brief as it is now has gone (or is going) to the speaker."""
    return SpeakerEmail.objects.filter(
        speaker=speaker, kind=SpeakerEmailKind.BRIEF, sequence=speaker.brief_version
    ).exists()


class SpeakerConfirmOutcome(enum.Enum):
    RECORDED = "recorded"  # this version is confirmed now
    ALREADY = "already"  # this version had been confirmed: nothing changed
    SUPERSEDED = "superseded"  # a newer version was sent since this link: nothing written


def speaker_confirm(*, speaker_id: int, version: int) -> tuple[Speaker, SpeakerConfirmOutcome]:
    """The speaker confirms ``version`` of the brief through the signed link in that version's
    email (no account, no acting user). Only the latest version sent can be confirmed: the link
    of an older one writes nothing (``SUPERSEDED``), so it never marks the newer one confirmed.
    A second confirmation of the same version changes nothing (``ALREADY``). Raises
    ``Speaker.DoesNotExist`` when the speaker was removed."""
    with transaction.atomic():
        locked = (
            Speaker.objects.select_for_update(of=("self",))
            .select_related("session__network")
            .get(pk=speaker_id)
        )
        if version != locked.brief_sent_version:
            return locked, SpeakerConfirmOutcome.SUPERSEDED
        if locked.confirmed_version == version:
            return locked, SpeakerConfirmOutcome.ALREADY
        locked.confirmed_at = timezone.now()
        locked.confirmed_version = version
        locked.save(update_fields=["confirmed_at", "confirmed_version"])
    return locked, SpeakerConfirmOutcome.RECORDED
