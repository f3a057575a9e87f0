"""Feedback to a session's speaker: the members' aggregated answers, sent once."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError
from evaluations.audit import AuditAction
from evaluations.selectors import speaker_feedback, speaker_feedback_text
from evaluations.services.guards import require_facilitator
from sessions import services as session_services
from sessions.enums import SpeakerEmailKind
from sessions.models import Speaker, SpeakerEmail


def speaker_feedback_send(*, speaker: Speaker, acting_user) -> SpeakerEmail:
    """Email the members' aggregated answers about ``speaker`` to them (an outbox row, sent
    after commit), once, and only on the facilitator's confirmed click. Refused (translated
    ApplicationError, nothing written) before the session was held, without questions about the
    speaker, below k answers (``selectors.speaker_feedback``), without an email address, or
    when it was sent before."""
    network = speaker.session.network
    require_facilitator(acting_user, network)
    if not speaker.email:
        raise ApplicationError(
            _("This speaker has no email address. Add it before you send the feedback.")
        )
    feedback = speaker_feedback(speaker=speaker)
    if not feedback["ready"]:
        raise ApplicationError(feedback["reason"])
    body = speaker_feedback_text(speaker=speaker, feedback=feedback)
    with transaction.atomic():
        locked = session_services.speaker_lock(speaker)
        if SpeakerEmail.objects.filter(speaker=locked, kind=SpeakerEmailKind.FEEDBACK).exists():
            raise ApplicationError(_("The feedback has already been sent to this speaker."))
        row = session_services.speaker_email_queue(
            speaker=locked,
            kind=SpeakerEmailKind.FEEDBACK,
            sequence=0,
            body=body,
            acting_user=acting_user,
        )
        audit_record(
            actor=acting_user,
            action=AuditAction.SPEAKER_FEEDBACK_SENT,
            network=network,
            detail=f"session {locked.session.number}, speaker {locked.pk}",
        )
    return row
