"""The portfolio's pages: the insight library, a member's learning portfolio, participation
statements and their public verification. Included by pages/reports/urls.py under the one
``reports:`` namespace they have always had (a namespace belongs to one include)."""

from django.urls import path

from pages.portfolio import library_views, views

urlpatterns = [
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
    # The signed-in member's learning portfolio (issue 14): the network's id only, never a
    # person's; anyone without their own membership gets a 404.
    path(
        "me/networks/<int:pk>/portfolio/",
        views.PortfolioView.as_view(),
        name="portfolio",
    ),
    path(
        "me/networks/<int:pk>/portfolio.pdf",
        views.PortfolioPdfView.as_view(),
        name="portfolio_pdf",
    ),
    path(
        "me/networks/<int:pk>/portfolio/reflections/<int:session_id>/",
        views.ReflectionSaveView.as_view(),
        name="reflection_save",
    ),
    path(
        "me/networks/<int:pk>/statement/",
        views.StatementIssueView.as_view(),
        name="statement_issue",
    ),
    path(
        "me/networks/<int:pk>/statement.pdf",
        views.StatementPdfView.as_view(),
        name="statement_pdf",
    ),
    # Public: found by its unguessable token alone.
    path(
        "statements/<str:token>/",
        views.StatementVerifyView.as_view(),
        name="statement_verify",
    ),
    path(
        "networks/<int:pk>/statements/",
        views.StatementsView.as_view(),
        name="statements",
    ),
    path(
        "networks/<int:pk>/statements/<int:statement_id>/revoke/",
        views.StatementRevokeView.as_view(),
        name="statement_revoke",
    ),
]
