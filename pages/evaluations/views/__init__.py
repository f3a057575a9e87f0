"""The evaluations pages, one module per subject: the intake, learning goals and votes
(``goals``), the evaluations and their results (``questionnaires``), the speaker's brief and
feedback (``speakers``) and the trajectory blueprints (``blueprints``)."""

from pages.evaluations.views.blueprints import (
    BlueprintDeleteView,
    BlueprintDetailView,
    BlueprintListView,
    BlueprintSaveView,
    BlueprintStartView,
)
from pages.evaluations.views.goals import (
    GoalAddView,
    GoalLinkView,
    GoalsAdoptView,
    GoalsFromIntakeView,
    GoalsView,
    IntakeDeadlineView,
    IntakeView,
    VoteCloseView,
    VoteCreateView,
    VoteView,
)
from pages.evaluations.views.questionnaires import (
    AnswerView,
    EvaluationsView,
    FinalEvaluationOpenView,
    QuestionAddView,
    QuestionDeleteView,
    QuestionEditView,
    QuestionsView,
    ResultsCsvView,
    ResultsHideView,
    ResultsShareView,
    ResultsView,
)
from pages.evaluations.views.speakers import (
    SpeakerBriefRedraftView,
    SpeakerBriefSaveView,
    SpeakerBriefSendView,
    SpeakerBriefView,
    SpeakerFeedbackSendView,
)

__all__ = [
    "AnswerView",
    "BlueprintDeleteView",
    "BlueprintDetailView",
    "BlueprintListView",
    "BlueprintSaveView",
    "BlueprintStartView",
    "EvaluationsView",
    "FinalEvaluationOpenView",
    "GoalAddView",
    "GoalLinkView",
    "GoalsAdoptView",
    "GoalsFromIntakeView",
    "GoalsView",
    "IntakeDeadlineView",
    "IntakeView",
    "QuestionAddView",
    "QuestionDeleteView",
    "QuestionEditView",
    "QuestionsView",
    "ResultsCsvView",
    "ResultsHideView",
    "ResultsShareView",
    "ResultsView",
    "SpeakerBriefRedraftView",
    "SpeakerBriefSaveView",
    "SpeakerBriefSendView",
    "SpeakerBriefView",
    "SpeakerFeedbackSendView",
    "VoteCloseView",
    "VoteCreateView",
    "VoteView",
]
