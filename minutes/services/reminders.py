"""The catch-up pack's reminder: one email (an outbox row) to an absent member who has not read
the minutes five days after their pack went out."""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from core import outbox
from minutes.models import CatchUpReminder, MinutesDelivery, MinutesRead
from networks.enums import MembershipStatus
from networks.models import Membership

logger = logging.getLogger(__name__)

REMINDER_AFTER = datetime.timedelta(days=5)
# A pack sent longer ago than this gets no reminder any more (nor does one sent before the
# reminders existed, when they are first switched on).
REMINDER_WINDOW = datetime.timedelta(days=14)


def catch_up_reminders_due(*, now: datetime.datetime | None = None) -> int:
    """Beat: one reminder to each absent member whose catch-up pack (a minutes email to a member
    who missed the session) went out at least five days ago and who has not read the minutes
    since (no ``MinutesRead``, on the page or by the link) and is still a member. At most one
    per version and recipient, whatever the number of runs: the reminder's unique key, and a
    conditional insert (``ignore_conflicts``). The rows are outbox rows, sent after commit.
    Returns how many were made."""
    now = now or timezone.now()
    read = MinutesRead.objects.filter(
        minutes_id=OuterRef("version__minutes_id"), user_id=OuterRef("recipient_id")
    )
    reminded = CatchUpReminder.objects.filter(
        version_id=OuterRef("version_id"), recipient_id=OuterRef("recipient_id")
    )
    still_member = Membership.objects.filter(
        network_id=OuterRef("version__minutes__session__network_id"),
        user_id=OuterRef("recipient_id"),
        status=MembershipStatus.ACTIVE,
    )
    due = (
        MinutesDelivery.objects.filter(
            was_absent=True,
            resend_of__isnull=True,
            state=outbox.OutboxState.SENT,
            sent_at__lte=now - REMINDER_AFTER,
            sent_at__gt=now - REMINDER_WINDOW,
            recipient__is_active=True,
        )
        .filter(~Exists(read), ~Exists(reminded), Exists(still_member))
        .values_list("version_id", "recipient_id")
    )
    made = 0
    for version_id, recipient_id in list(due):
        try:
            with transaction.atomic():
                row = CatchUpReminder.objects.create(
                    version_id=version_id, recipient_id=recipient_id
                )
                outbox.enqueue(row)  # after commit
        except IntegrityError:
            continue  # another run made it meanwhile: the unique key keeps it to one
        made += 1
    if made:
        logger.info("catch-up reminders: %s made", made)
    return made
