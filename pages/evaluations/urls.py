from django.urls import path

from pages.evaluations import views
from pages.evaluations.views import blueprints as blueprint_views

app_name = "evaluations"

urlpatterns = [
    path("blueprints/", blueprint_views.BlueprintListView.as_view(), name="blueprints"),
    path(
        "blueprints/<int:blueprint_id>/",
        blueprint_views.BlueprintDetailView.as_view(),
        name="blueprint",
    ),
    path(
        "blueprints/<int:blueprint_id>/start/",
        blueprint_views.BlueprintStartView.as_view(),
        name="blueprint_start",
    ),
    path(
        "blueprints/<int:blueprint_id>/delete/",
        blueprint_views.BlueprintDeleteView.as_view(),
        name="blueprint_delete",
    ),
    path(
        "networks/<int:pk>/blueprint/",
        blueprint_views.BlueprintSaveView.as_view(),
        name="blueprint_save",
    ),
    path("networks/<int:pk>/intake/", views.IntakeView.as_view(), name="intake"),
    path(
        "networks/<int:pk>/intake/deadline/",
        views.IntakeDeadlineView.as_view(),
        name="intake_deadline",
    ),
    path("networks/<int:pk>/goals/", views.GoalsView.as_view(), name="goals"),
    path("networks/<int:pk>/goals/add/", views.GoalAddView.as_view(), name="goal_add"),
    path("networks/<int:pk>/goals/adopt/", views.GoalsAdoptView.as_view(), name="goals_adopt"),
    path(
        "networks/<int:pk>/goals/from-intake/",
        views.GoalsFromIntakeView.as_view(),
        name="goals_from_intake",
    ),
    path(
        "networks/<int:pk>/goals/<int:goal_id>/sessions/",
        views.GoalLinkView.as_view(),
        name="goal_link",
    ),
    path("networks/<int:pk>/votes/new/", views.VoteCreateView.as_view(), name="vote_create"),
    path("networks/<int:pk>/votes/<int:vote_id>/", views.VoteView.as_view(), name="vote"),
    path(
        "networks/<int:pk>/votes/<int:vote_id>/close/",
        views.VoteCloseView.as_view(),
        name="vote_close",
    ),
    path("networks/<int:pk>/evaluations/", views.EvaluationsView.as_view(), name="list"),
    path(
        "networks/<int:pk>/evaluations/final/",
        views.FinalEvaluationOpenView.as_view(),
        name="final_open",
    ),
    path("evaluations/<int:pk>/", views.AnswerView.as_view(), name="answer"),
    path("evaluations/<int:pk>/results/", views.ResultsView.as_view(), name="results"),
    path("evaluations/<int:pk>/results.csv", views.ResultsCsvView.as_view(), name="results_csv"),
    path("evaluations/<int:pk>/questions/", views.QuestionsView.as_view(), name="questions"),
    path(
        "evaluations/<int:pk>/questions/add/", views.QuestionAddView.as_view(), name="question_add"
    ),
    path(
        "evaluations/<int:pk>/questions/<int:question_id>/edit/",
        views.QuestionEditView.as_view(),
        name="question_edit",
    ),
    path(
        "evaluations/<int:pk>/questions/<int:question_id>/delete/",
        views.QuestionDeleteView.as_view(),
        name="question_delete",
    ),
    path(
        "sessions/<int:pk>/speakers/<int:speaker_id>/brief/",
        views.SpeakerBriefView.as_view(),
        name="speaker_brief",
    ),
    path(
        "sessions/<int:pk>/speakers/<int:speaker_id>/brief/save/",
        views.SpeakerBriefSaveView.as_view(),
        name="speaker_brief_save",
    ),
    path(
        "sessions/<int:pk>/speakers/<int:speaker_id>/brief/redraft/",
        views.SpeakerBriefRedraftView.as_view(),
        name="speaker_brief_redraft",
    ),
    path(
        "sessions/<int:pk>/speakers/<int:speaker_id>/brief/send/",
        views.SpeakerBriefSendView.as_view(),
        name="speaker_brief_send",
    ),
    path(
        "sessions/<int:pk>/speakers/<int:speaker_id>/feedback/send/",
        views.SpeakerFeedbackSendView.as_view(),
        name="speaker_feedback_send",
    ),
    path("evaluations/<int:pk>/share/", views.ResultsShareView.as_view(), name="share"),
    path("evaluations/<int:pk>/hide/", views.ResultsHideView.as_view(), name="hide"),
]
