"""Writes for networks and membership. The member cap is enforced here, under a row lock.

Every change of who holds a seat goes through ``_seat`` or ``_release_seat`` while the network
row is locked with ``select_for_update``; ``Network.member_count`` is the counter and the database
check constraint ``member_count <= member_cap`` is the backstop. The maximum per organisation
(``Network.max_per_organisation``) works the same way: ``OrganisationSeats.taken`` counts the seats
of each organisation (the organisation stored on the membership when they joined) and its check
constraint ``taken <= seat_limit`` is the backstop.

Every email goes through the outbox: a service writes one ``NetworkEmail`` row per recipient in
the same transaction as the change and enqueues it after commit (core/outbox.py sends it).

One module per subject, re-exported here so callers name ``networks.services.<function>``:
``network`` (create, edit, status, ground rules), ``seats`` (the caps, the waitlist, leaving),
``invitations``, ``join_requests``, ``erasure`` (deleting an account), ``health`` (the stored
snapshots); ``base`` holds what they share.
"""

from networks.services.base import STATUS_TRANSITIONS, default_ground_rules
from networks.services.erasure import membership_erase_user
from networks.services.health import health_snapshot_refresh, health_snapshots_refresh
from networks.services.invitations import (
    invitation_accept,
    invitation_check,
    invitation_check_address,
    invitation_create,
    invitation_from_token,
    invitation_resend,
    invitation_revoke,
    invitation_token,
    mask_email,
)
from networks.services.join_requests import join_request_create, join_request_decide
from networks.services.network import (
    ground_rules_version,
    membership_accept_ground_rules,
    network_create,
    network_reopen,
    network_set_listed,
    network_set_status,
    network_share_link_reset,
    network_update,
)
from networks.services.seats import (
    membership_leave,
    membership_remove,
    membership_set_announcement_emails,
)

__all__ = [
    "STATUS_TRANSITIONS",
    "default_ground_rules",
    "ground_rules_version",
    "health_snapshot_refresh",
    "health_snapshots_refresh",
    "invitation_accept",
    "invitation_check",
    "invitation_check_address",
    "invitation_create",
    "invitation_from_token",
    "invitation_resend",
    "invitation_revoke",
    "invitation_token",
    "join_request_create",
    "join_request_decide",
    "mask_email",
    "membership_accept_ground_rules",
    "membership_erase_user",
    "membership_leave",
    "membership_remove",
    "membership_set_announcement_emails",
    "network_create",
    "network_reopen",
    "network_set_listed",
    "network_set_status",
    "network_share_link_reset",
    "network_update",
]
