"""One URL namespace, ``reports:``, for the pages of minutes (pages/minutes/urls.py), the
portfolio and the insight library (pages/portfolio/urls.py) and the reports (here): the names and
paths they had before the split. Django lets one namespace have one include, so each area keeps
its own ``urlpatterns`` and this URLconf, the one that declares the namespace, joins them."""

from django.urls import path

from pages.minutes import urls as minutes_urls
from pages.portfolio import urls as portfolio_urls
from pages.reports import integration_views, organisation_views, sso_views, webhook_views
from pages.reports import views as report_views

app_name = "reports"

urlpatterns = [
    *minutes_urls.urlpatterns,
    *portfolio_urls.urlpatterns,
    path(
        "networks/<int:pk>/report.pdf",
        report_views.NetworkReportPdfView.as_view(),
        name="report_pdf",
    ),
    # The signed-in user's own data: no id in the URL (docs/privacy.md, "Download my data").
    path("me/data/", report_views.MyDataView.as_view(), name="my_data"),
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
        "organisations/<int:pk>/sign-in/",
        sso_views.SignInSettingsView.as_view(),
        name="organisation_sign_in",
    ),
    path(
        "organisations/<int:pk>/sign-in/disconnect/",
        sso_views.SignInDisconnectView.as_view(),
        name="organisation_sign_in_disconnect",
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
        "organisations/<int:pk>/webhooks/",
        webhook_views.OrganisationWebhooksView.as_view(),
        name="organisation_webhooks",
    ),
    path(
        "organisations/<int:pk>/webhooks/<int:hook_id>/test/",
        webhook_views.OrganisationWebhookTestView.as_view(),
        name="organisation_webhook_test",
    ),
    path(
        "organisations/<int:pk>/webhooks/<int:hook_id>/on/",
        webhook_views.OrganisationWebhookEnableView.as_view(),
        name="organisation_webhook_enable",
    ),
    path(
        "organisations/<int:pk>/webhooks/<int:hook_id>/delete/",
        webhook_views.OrganisationWebhookDeleteView.as_view(),
        name="organisation_webhook_delete",
    ),
    path(
        "organisations/<int:pk>/webhooks/deliveries/<int:delivery_id>/resend/",
        webhook_views.OrganisationWebhookResendView.as_view(),
        name="organisation_webhook_resend",
    ),
    path(
        "organisations/<int:pk>/integrations/",
        integration_views.IntegrationsView.as_view(),
        name="organisation_integrations",
    ),
    path(
        "organisations/<int:pk>/integrations/<int:integration_pk>/rotate/",
        integration_views.IntegrationRotateView.as_view(),
        name="organisation_integration_rotate",
    ),
    path(
        "organisations/<int:pk>/integrations/<int:integration_pk>/revoke/",
        integration_views.IntegrationRevokeView.as_view(),
        name="organisation_integration_revoke",
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
]
