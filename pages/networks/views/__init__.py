"""The networks' pages: HTTP glue (the door: pages/networks/mixins.py; a selector, a form, a
service, a response), one module per subject, re-exported here so the URLconf and callers name
``pages.networks.views.<View>``.

- homes: the dashboard and a network's own page (and their cards)
- directory: the public directory, a network's public page, its share link
- network: create, edit, status, close, reopen
- members: the facilitators' members page and its actions
- membership: a person's own place (join, ground rules, first step, announcement emails, leave)
- invitation: the link in an invitation email
- emails, audit_log: every email the network sends, its audit log
- webhooks: the network's webhooks (issue 27)
"""

from pages.networks.views.audit_log import AuditFilterForm, NetworkAuditLogView
from pages.networks.views.base import NetworkActionView, NetworkConfirmView
from pages.networks.views.directory import (
    DIRECTORY_PAGE_SIZE,
    DirectoryView,
    PublicNetworkView,
    ShareLinkView,
)
from pages.networks.views.emails import EmailFilterForm, NetworkEmailResendView, NetworkEmailsView
from pages.networks.views.homes import (
    FIRST_STEP_TODO,
    LAST_HELD_CARD,
    NEXT_SESSION_CARD,
    DashboardView,
    NetworkDetailView,
    home_cards,
    next_step_url,
)
from pages.networks.views.invitation import InvitationAcceptView
from pages.networks.views.members import (
    DRAFT_INVITATION_NOTE,
    InvitationResendView,
    InvitationRevokeView,
    InviteView,
    JoinRequestDecideView,
    ManageMembersView,
    MemberRemoveView,
    ShareLinkResetView,
)
from pages.networks.views.membership import (
    AnnouncementEmailsView,
    GroundRulesView,
    JoinRequestView,
    LeaveView,
    NetworkStartView,
)
from pages.networks.views.network import (
    NetworkCloseView,
    NetworkCreateView,
    NetworkReopenView,
    NetworkStatusView,
    NetworkUpdateView,
)
from pages.networks.views.webhooks import (
    NetworkWebhooksView,
    WebhookDeleteView,
    WebhookEnableView,
    WebhookForm,
    WebhookTestView,
)

__all__ = [
    "NetworkWebhooksView",
    "WebhookDeleteView",
    "WebhookEnableView",
    "WebhookForm",
    "WebhookTestView",
    "DIRECTORY_PAGE_SIZE",
    "DRAFT_INVITATION_NOTE",
    "FIRST_STEP_TODO",
    "LAST_HELD_CARD",
    "NEXT_SESSION_CARD",
    "AnnouncementEmailsView",
    "AuditFilterForm",
    "DashboardView",
    "DirectoryView",
    "EmailFilterForm",
    "GroundRulesView",
    "InvitationAcceptView",
    "InvitationResendView",
    "InvitationRevokeView",
    "InviteView",
    "JoinRequestDecideView",
    "JoinRequestView",
    "LeaveView",
    "ManageMembersView",
    "MemberRemoveView",
    "NetworkActionView",
    "NetworkAuditLogView",
    "NetworkCloseView",
    "NetworkConfirmView",
    "NetworkCreateView",
    "NetworkDetailView",
    "NetworkEmailResendView",
    "NetworkEmailsView",
    "NetworkReopenView",
    "NetworkStartView",
    "NetworkStatusView",
    "NetworkUpdateView",
    "PublicNetworkView",
    "ShareLinkResetView",
    "ShareLinkView",
    "home_cards",
    "next_step_url",
]
