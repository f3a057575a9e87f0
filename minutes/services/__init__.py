"""Minutes: drafting, review, publishing, the PDF (rendered once per version) and its delivery to
the recipients through the outbox (core/outbox.py), the try-out actions and the catch-up pack's
reminder. See docs/architecture.md, "The path of published minutes".

One module per subject; the public names are re-exported here, so callers import
``minutes.services`` as before."""

from minutes.services.actions import (
    CARRIED_STATUSES,
    CHECKIN_BEFORE,
    FEEDBACK_ITEM_MINUTES,
    action_answer,
    actions_feed_back,
    actions_feed_back_after,
    checkins_queue_due,
)
from minutes.services.drafting import (
    SECTIONS,
    minutes_comment,
    minutes_content,
    minutes_get_or_create,
    minutes_mark_read,
    minutes_open_review,
    minutes_require_editable,
    minutes_review_open,
    minutes_save_draft,
)
from minutes.services.erasure import minutes_erase_user
from minutes.services.publishing import delivery_resend, minutes_publish, version_render_pdf
from minutes.services.reminders import (
    REMINDER_AFTER,
    REMINDER_WINDOW,
    catch_up_reminders_due,
)

__all__ = [
    "CARRIED_STATUSES",
    "CHECKIN_BEFORE",
    "FEEDBACK_ITEM_MINUTES",
    "REMINDER_AFTER",
    "REMINDER_WINDOW",
    "SECTIONS",
    "action_answer",
    "actions_feed_back",
    "actions_feed_back_after",
    "catch_up_reminders_due",
    "checkins_queue_due",
    "delivery_resend",
    "minutes_comment",
    "minutes_content",
    "minutes_erase_user",
    "minutes_get_or_create",
    "minutes_mark_read",
    "minutes_open_review",
    "minutes_publish",
    "minutes_require_editable",
    "minutes_review_open",
    "minutes_save_draft",
    "version_render_pdf",
]
