"""The minutes' pages: the minutes of a session, their editor (one view per button), the
catch-up pack's input and signed read link, the deliveries and the PDF, and the signed-in owner's
try-out actions. Included by pages/reports/urls.py under the one ``reports:`` namespace they have
always had (a namespace belongs to one include)."""

from django.urls import path

from pages.minutes import views

urlpatterns = [
    path("sessions/<int:pk>/minutes/", views.MinutesView.as_view(), name="minutes"),
    path(
        "sessions/<int:pk>/minutes/comment/",
        views.MinutesCommentView.as_view(),
        name="minutes_comment",
    ),
    path("sessions/<int:pk>/minutes/edit/", views.MinutesEditView.as_view(), name="minutes_edit"),
    # One view per button of the editor, each with its own permission.
    path(
        "sessions/<int:pk>/minutes/edit/save/",
        views.MinutesSaveView.as_view(),
        name="minutes_save",
    ),
    path(
        "sessions/<int:pk>/minutes/edit/preview/",
        views.MinutesPreviewView.as_view(),
        name="minutes_preview",
    ),
    path(
        "sessions/<int:pk>/minutes/edit/review/",
        views.MinutesReviewView.as_view(),
        name="minutes_review",
    ),
    path(
        "sessions/<int:pk>/minutes/edit/publish/",
        views.MinutesPublishView.as_view(),
        name="minutes_publish",
    ),
    path(
        "sessions/<int:pk>/minutes/my-input/",
        views.CatchUpInputView.as_view(),
        name="catch_up_input",
    ),
    # Signed, no sign-in needed (minutes/read_links.py).
    path(
        "sessions/<int:pk>/minutes/read/<str:token>/",
        views.ReadLinkView.as_view(),
        name="read_link",
    ),
    path(
        "sessions/<int:pk>/minutes/deliveries/",
        views.DeliveriesView.as_view(),
        name="deliveries",
    ),
    path(
        "sessions/<int:pk>/minutes/deliveries/resend/",
        views.DeliveryResendView.as_view(),
        name="delivery_resend",
    ),
    path(
        "sessions/<int:pk>/minutes/v<int:number>.pdf",
        views.MinutesPdfView.as_view(),
        name="minutes_pdf",
    ),
    # The signed-in owner's try-out actions; answering one that is not theirs is a 404.
    path("me/actions/", views.MyActionsView.as_view(), name="my_actions"),
    path(
        "me/actions/<int:action_id>/answer/",
        views.ActionAnswerView.as_view(),
        name="action_answer",
    ),
]
