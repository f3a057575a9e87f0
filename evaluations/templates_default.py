"""The default questions of a session evaluation and a final evaluation (translated when the
questionnaire is created, in the network's language)."""

from django.utils.translation import gettext_lazy as _

from evaluations.enums import QuestionType

SESSION_QUESTIONS = [
    {"type": QuestionType.SCALE, "text": _("Overall, how do you rate this session?"),
     "low_label": _("poor"), "high_label": _("excellent"), "is_overall": True},
    {"type": QuestionType.SCALE, "text": _("How useful was it for your practice?"),
     "low_label": _("not useful"), "high_label": _("very useful")},
    {"type": QuestionType.SCALE, "text": _("How well did the work form suit the topic?"),
     "low_label": _("not at all"), "high_label": _("very well")},
    {"type": QuestionType.LONG, "text": _("What did you learn?"), "required": False},
    {"type": QuestionType.LONG, "text": _("What could be better?"), "required": False},
    {"type": QuestionType.SHORT, "text": _("Topics for next time"), "required": False},
]  # fmt: skip

# Added to a session evaluation when the session had an external speaker: their aggregated
# answers may go to the speaker (evaluations.services.speaker_feedback_send).
SPEAKER_QUESTIONS = [
    {"type": QuestionType.SCALE, "text": _("How valuable was the speaker's contribution?"),
     "low_label": _("not valuable"), "high_label": _("very valuable"), "about_speaker": True},
    {"type": QuestionType.LONG, "text": _("What would you like to tell the speaker?"),
     "required": False, "about_speaker": True},
]  # fmt: skip

FINAL_QUESTIONS_BEFORE_GOALS = [
    {"type": QuestionType.SCALE, "text": _("Before the network, how did you rate your knowledge "
     "of the theme?"), "low_label": _("very low"), "high_label": _("very high")},
    {"type": QuestionType.SCALE, "text": _("And now, after the network?"),
     "low_label": _("very low"), "high_label": _("very high")},
]  # fmt: skip

FINAL_QUESTIONS_AFTER_GOALS = [
    {"type": QuestionType.SCALE, "text": _("Overall, how valuable was this learning network?"),
     "low_label": _("not valuable"), "high_label": _("very valuable"), "is_overall": True},
    {"type": QuestionType.LONG, "text": _("What changed in your practice?"), "required": False},
    {"type": QuestionType.SINGLE, "text": _("Would you recommend this network to a colleague?"),
     "choices": [_("Yes"), _("Maybe"), _("No")]},
    {"type": QuestionType.SINGLE, "text": _("Would you like to continue the network?"),
     "choices": [_("Yes"), _("Maybe"), _("No")]},
]  # fmt: skip

GOAL_QUESTION = _("To what extent did you reach this learning goal: %(goal)s")

SESSION_GOAL_QUESTION = _("Did this session help you with this learning goal: %(goal)s?")
