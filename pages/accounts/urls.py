from django.urls import path

from pages.accounts import app_views, sso_views, views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("sign-in/", sso_views.organisation_sign_in, name="organisation_sign_in"),
    path("language/", views.set_language, name="set_language"),
    path("delete/", views.delete_account, name="delete_account"),
    path("apps/", app_views.ConnectedAppsView.as_view(), name="connected_apps"),
    path("apps/remove/", app_views.ConnectedAppRevokeView.as_view(), name="connected_app_revoke"),
    path("organisations/proposals/", views.organisation_proposals, name="organisation_proposals"),
    path(
        "organisations/proposals/<int:proposal_id>/accept/",
        views.OrganisationProposalAcceptView.as_view(),
        name="organisation_proposal_accept",
    ),
    path(
        "organisations/proposals/<int:proposal_id>/merge/",
        views.OrganisationProposalMergeView.as_view(),
        name="organisation_proposal_merge",
    ),
    path(
        "organisations/proposals/<int:proposal_id>/decline/",
        views.OrganisationProposalDeclineView.as_view(),
        name="organisation_proposal_decline",
    ),
]
