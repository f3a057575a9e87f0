from django.urls import path

from pages.networks import views

app_name = "networks"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("directory/", views.DirectoryView.as_view(), name="directory"),
    path("directory/<int:pk>/", views.PublicNetworkView.as_view(), name="public"),
    path("new/", views.NetworkCreateView.as_view(), name="create"),
    path("<int:pk>/", views.NetworkDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.NetworkUpdateView.as_view(), name="update"),
    path("<int:pk>/status/", views.NetworkStatusView.as_view(), name="set_status"),
    path("<int:pk>/close/", views.NetworkCloseView.as_view(), name="close"),
    path("<int:pk>/reopen/", views.NetworkReopenView.as_view(), name="reopen"),
    path("<int:pk>/members/", views.ManageMembersView.as_view(), name="manage_members"),
    path("<int:pk>/invite/", views.InviteView.as_view(), name="invite"),
    path(
        "<int:pk>/invitations/<int:invitation_id>/revoke/",
        views.InvitationRevokeView.as_view(),
        name="invitation_revoke",
    ),
    path(
        "<int:pk>/invitations/<int:invitation_id>/resend/",
        views.InvitationResendView.as_view(),
        name="invitation_resend",
    ),
    path(
        "<int:pk>/requests/<int:request_id>/approve/",
        views.JoinRequestDecideView.as_view(approve=True),
        name="request_approve",
    ),
    path(
        "<int:pk>/requests/<int:request_id>/decline/",
        views.JoinRequestDecideView.as_view(approve=False),
        name="request_decline",
    ),
    path(
        "<int:pk>/members/<int:membership_id>/remove/",
        views.MemberRemoveView.as_view(),
        name="member_remove",
    ),
    path("<int:pk>/emails/", views.NetworkEmailsView.as_view(), name="emails"),
    path(
        "<int:pk>/emails/<str:kind>/<int:email_id>/resend/",
        views.NetworkEmailResendView.as_view(),
        name="email_resend",
    ),
    path("<int:pk>/webhooks/", views.NetworkWebhooksView.as_view(), name="webhooks"),
    path(
        "<int:pk>/webhooks/<int:hook_id>/test/",
        views.WebhookTestView.as_view(),
        name="webhook_test",
    ),
    path(
        "<int:pk>/webhooks/<int:hook_id>/on/",
        views.WebhookEnableView.as_view(),
        name="webhook_enable",
    ),
    path(
        "<int:pk>/webhooks/<int:hook_id>/delete/",
        views.WebhookDeleteView.as_view(),
        name="webhook_delete",
    ),
    path("<int:pk>/log/", views.NetworkAuditLogView.as_view(), name="audit_log"),
    path("<int:pk>/link/new/", views.ShareLinkResetView.as_view(), name="share_link_reset"),
    path("link/<str:token>/", views.ShareLinkView.as_view(), name="share_link"),
    path("<int:pk>/start/", views.NetworkStartView.as_view(), name="start"),
    path("<int:pk>/ground-rules/", views.GroundRulesView.as_view(), name="ground_rules"),
    path("<int:pk>/join/", views.JoinRequestView.as_view(), name="join"),
    path("<int:pk>/leave/", views.LeaveView.as_view(), name="leave"),
    path(
        "<int:pk>/announcement-emails/",
        views.AnnouncementEmailsView.as_view(),
        name="announcement_emails",
    ),
    path(
        "invitations/<str:token>/", views.InvitationAcceptView.as_view(), name="invitation_accept"
    ),
]
