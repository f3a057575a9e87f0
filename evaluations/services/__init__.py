"""Writes for intake, learning goals, votes and evaluations, one module per subject (intake,
goals, votes, questionnaires, questions, answers, emails, speakers, erasure); the public services
are re-exported here, so callers import ``evaluations.services`` as before. How anonymous answers
are kept apart from who gave them: ``evaluations.services.answers`` and docs/privacy.md."""

from evaluations.services.answers import eligible_user_ids, response_submit, results_share
from evaluations.services.emails import REMINDER_BEFORE, reminders_send_due
from evaluations.services.erasure import evaluation_data_erase_user, network_answers_anonymise
from evaluations.services.goals import (
    goal_create,
    goal_link_sessions,
    goals_adopt,
    goals_from_intake,
)
from evaluations.services.intake import BOARD_QUESTIONS_MAX, intake_open, intake_submit
from evaluations.services.questionnaires import (
    final_evaluation_open,
    questionnaire_plan,
    session_evaluation_open,
)
from evaluations.services.questions import question_add, question_delete, question_update
from evaluations.services.speakers import speaker_feedback_send
from evaluations.services.votes import vote_cast, vote_close, vote_create, vote_results

__all__ = [
    "BOARD_QUESTIONS_MAX",
    "REMINDER_BEFORE",
    "eligible_user_ids",
    "evaluation_data_erase_user",
    "final_evaluation_open",
    "goal_create",
    "goal_link_sessions",
    "goals_adopt",
    "goals_from_intake",
    "intake_open",
    "intake_submit",
    "network_answers_anonymise",
    "question_add",
    "question_delete",
    "question_update",
    "questionnaire_plan",
    "reminders_send_due",
    "response_submit",
    "results_share",
    "session_evaluation_open",
    "speaker_feedback_send",
    "vote_cast",
    "vote_close",
    "vote_create",
    "vote_results",
]
