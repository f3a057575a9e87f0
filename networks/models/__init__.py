"""The networks' models, one module per subject, all imported here (the app label stays
``networks``; callers and migrations name ``networks.models.<Name>``).

- network: the network itself, its limits and settings
- membership: memberships, seats per organisation, invitations, join requests
- emails: the membership emails (an outbox table)
- health: the stored health snapshot for the coordinators' overview
- webhooks: a network's webhook endpoints and their deliveries (an outbox table)
"""

from networks.models.emails import NetworkEmail, facilitator_emails
from networks.models.health import HealthSnapshot
from networks.models.membership import (
    INVITATION_NOTE_MAX,
    INVITATION_SALT,
    MOTIVATION_MAX,
    Invitation,
    JoinRequest,
    Membership,
    OrganisationSeats,
)
from networks.models.network import (
    DESCRIPTION_MAX,
    GOAL_MAX,
    GROUND_RULES_MAX,
    MAX_CAP,
    MIN_CAP,
    ONLINE_PROVINCE_MESSAGE,
    ORGANISATIONS_MAX,
    PARTICIPANT_ROLE_MAX,
    Network,
    new_share_token,
)
from networks.models.webhooks import WebhookDelivery, WebhookEndpoint, WebhookKind

__all__ = [
    "DESCRIPTION_MAX",
    "GOAL_MAX",
    "GROUND_RULES_MAX",
    "INVITATION_NOTE_MAX",
    "INVITATION_SALT",
    "MAX_CAP",
    "MIN_CAP",
    "MOTIVATION_MAX",
    "ONLINE_PROVINCE_MESSAGE",
    "ORGANISATIONS_MAX",
    "PARTICIPANT_ROLE_MAX",
    "HealthSnapshot",
    "Invitation",
    "JoinRequest",
    "Membership",
    "Network",
    "NetworkEmail",
    "OrganisationSeats",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookKind",
    "facilitator_emails",
    "new_share_token",
]
