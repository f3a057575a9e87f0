from django.urls import path

from pages.minutes import views
from pages.portfolio import library_views
from pages.portfolio import views as portfolio_views
from pages.reports import organisation_views
from pages.reports import views as report_views

# One URL namespace, ``reports:``, for the pages of minutes (pages/minutes), the portfolio and the
# insight library (pages/portfolio) and the reports (pages/reports): the names and paths they had
# before the split.
app_name = "reports"

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
    # The insight library (issue 14.3): the network's cards, the shared cards of its theme.
    path("networks/<int:pk>/library/", library_views.LibraryView.as_view(), name="library"),
    path(
        "networks/<int:pk>/library/theme/",
        library_views.ThemeLibraryView.as_view(),
        name="theme_library",
    ),
    path(
        "library/cards/<int:card_id>/share/",
        library_views.InsightShareView.as_view(),
        name="insight_share",
    ),
    path(
        "networks/<int:pk>/report.pdf",
        report_views.NetworkReportPdfView.as_view(),
        name="report_pdf",
    ),
    # The signed-in user's own data: no id in the URL (docs/privacy.md, "Download my data").
    path("me/data/", report_views.MyDataView.as_view(), name="my_data"),
    # The signed-in owner's try-out actions; answering one that is not theirs is a 404.
    path("me/actions/", views.MyActionsView.as_view(), name="my_actions"),
    path(
        "me/actions/<int:action_id>/answer/",
        views.ActionAnswerView.as_view(),
        name="action_answer",
    ),
    path("me/data/download/", report_views.MyDataDownloadView.as_view(), name="my_data_download"),
    path(
        "networks/<int:pk>/attendance.csv",
        report_views.AttendanceCsvView.as_view(),
        name="attendance_csv",
    ),
    # Organisations (issue 13): their people's inventory, their coordinators' pages.
    path("organisations/", organisation_views.OrganisationsView.as_view(), name="organisations"),
    path(
        "organisations/<int:pk>/",
        organisation_views.OverviewView.as_view(),
        name="organisation_overview",
    ),
    path(
        "organisations/<int:pk>/health/",
        organisation_views.HealthRefreshView.as_view(),
        name="organisation_health_refresh",
    ),
    path(
        "organisations/<int:pk>/networks/<int:network_pk>/facilitator/",
        organisation_views.AppointFacilitatorView.as_view(),
        name="organisation_appoint_facilitator",
    ),
    path(
        "organisations/<int:pk>/networks/<int:network_pk>/listing/",
        organisation_views.NetworkListingView.as_view(),
        name="organisation_network_listing",
    ),
    path(
        "organisations/<int:pk>/participation/",
        organisation_views.ParticipationView.as_view(),
        name="organisation_participation",
    ),
    path(
        "organisations/<int:pk>/participation.pdf",
        organisation_views.ParticipationPdfView.as_view(),
        name="organisation_participation_pdf",
    ),
    path(
        "organisations/<int:pk>/participation.csv",
        organisation_views.ParticipationCsvView.as_view(),
        name="organisation_participation_csv",
    ),
    path(
        "organisations/<int:pk>/networks/",
        organisation_views.InventoryView.as_view(),
        name="organisation_inventory",
    ),
    path(
        "organisations/<int:pk>/interests/<int:interest_pk>/withdraw/",
        organisation_views.InterestWithdrawView.as_view(),
        name="organisation_interest_withdraw",
    ),
    # The signed-in member's learning portfolio (issue 14): the network's id only, never a
    # person's; anyone without their own membership gets a 404.
    path(
        "me/networks/<int:pk>/portfolio/",
        portfolio_views.PortfolioView.as_view(),
        name="portfolio",
    ),
    path(
        "me/networks/<int:pk>/portfolio.pdf",
        portfolio_views.PortfolioPdfView.as_view(),
        name="portfolio_pdf",
    ),
    path(
        "me/networks/<int:pk>/portfolio/reflections/<int:session_id>/",
        portfolio_views.ReflectionSaveView.as_view(),
        name="reflection_save",
    ),
    path(
        "me/networks/<int:pk>/statement/",
        portfolio_views.StatementIssueView.as_view(),
        name="statement_issue",
    ),
    path(
        "me/networks/<int:pk>/statement.pdf",
        portfolio_views.StatementPdfView.as_view(),
        name="statement_pdf",
    ),
    # Public: found by its unguessable token alone.
    path(
        "statements/<str:token>/",
        portfolio_views.StatementVerifyView.as_view(),
        name="statement_verify",
    ),
    path(
        "networks/<int:pk>/statements/",
        portfolio_views.StatementsView.as_view(),
        name="statements",
    ),
    path(
        "networks/<int:pk>/statements/<int:statement_id>/revoke/",
        portfolio_views.StatementRevokeView.as_view(),
        name="statement_revoke",
    ),
]
