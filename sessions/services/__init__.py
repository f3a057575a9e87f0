"""Writes for sessions, one module per subject (``<entity>_<action>(*, ..., acting_user)``):
planning, agenda, roles, work forms, speakers, practice questions, RSVP and attendance, calendar
feeds, announcements, the session emails (one outbox row per member and email) and the part of
deleting an account. Re-exported here, so callers import ``sessions.services`` as before."""

from sessions.services.agenda import (
    agenda_apply_kickoff_template,
    agenda_item_add,
    agenda_item_delete,
    agenda_item_move,
    agenda_item_update,
    fit_durations,
)
from sessions.services.announcements import announcement_recipients, announcement_send
from sessions.services.attendance import (
    CATCH_UP_MAX_LENGTH,
    QUESTION_TITLE_MAX_LENGTH,
    RSVP_TO_ATTENDANCE,
    RsvpChangedError,
    attendance_initial,
    attendance_register,
    catch_up_input_give,
    rsvp_set,
    session_record_attendance,
)
from sessions.services.calendar_feeds import (
    calendar_feed_get_or_create,
    calendar_feed_reset,
    calendar_feed_revoke,
)
from sessions.services.emails import reminders_send_due, session_notify
from sessions.services.erasure import session_data_erase_user
from sessions.services.planning import (
    TIME_OR_PLACE,
    absence_follow_up_record,
    session_cancel,
    session_check_can_be_held,
    session_create,
    session_mark_held,
    session_update,
)
from sessions.services.questions import (
    practice_question_mark_discussed,
    practice_question_schedule,
    practice_question_set_name_visibility,
    practice_question_submit,
    practice_question_withdraw,
)
from sessions.services.roles import session_roles_apply_suggestion, session_roles_set
from sessions.services.speakers import (
    SpeakerConfirmOutcome,
    speaker_add,
    speaker_brief_save,
    speaker_brief_send,
    speaker_brief_version_sent,
    speaker_confirm,
    speaker_email,
    speaker_email_queue,
    speaker_lock,
    speaker_remove,
)
from sessions.services.work_forms import work_form_create, work_form_sync_catalogue

__all__ = [
    "CATCH_UP_MAX_LENGTH",
    "QUESTION_TITLE_MAX_LENGTH",
    "RSVP_TO_ATTENDANCE",
    "RsvpChangedError",
    "SpeakerConfirmOutcome",
    "TIME_OR_PLACE",
    "absence_follow_up_record",
    "agenda_apply_kickoff_template",
    "agenda_item_add",
    "agenda_item_delete",
    "agenda_item_move",
    "agenda_item_update",
    "announcement_recipients",
    "announcement_send",
    "attendance_initial",
    "attendance_register",
    "calendar_feed_get_or_create",
    "calendar_feed_reset",
    "calendar_feed_revoke",
    "catch_up_input_give",
    "fit_durations",
    "practice_question_mark_discussed",
    "practice_question_schedule",
    "practice_question_set_name_visibility",
    "practice_question_submit",
    "practice_question_withdraw",
    "reminders_send_due",
    "rsvp_set",
    "session_cancel",
    "session_check_can_be_held",
    "session_create",
    "session_data_erase_user",
    "session_mark_held",
    "session_notify",
    "session_record_attendance",
    "session_roles_apply_suggestion",
    "session_roles_set",
    "session_update",
    "speaker_add",
    "speaker_brief_save",
    "speaker_brief_send",
    "speaker_brief_version_sent",
    "speaker_confirm",
    "speaker_email",
    "speaker_email_queue",
    "speaker_lock",
    "speaker_remove",
    "work_form_create",
    "work_form_sync_catalogue",
]
