"""What the networks app asks of a person (core/todo.py). Fixed query count: one for the
user's memberships, one for their invitations, and for facilitators one for join requests and
expiring invitations together (a UNION ALL) and one for failed emails (a UNION ALL over the
outbox tables, core/outbox.py).

Member to-dos are for people holding a member's seat: facilitators write the ground rules, so
they are not asked to accept them again.
"""

import datetime

from allauth.account.models import EmailAddress
from django.db.models import Count, DateTimeField, Exists, F, Min, OuterRef, Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import outbox
from core.todo import FACILITATOR, ToDo
from networks import links
from networks.enums import InvitationStatus, JoinRequestStatus, MembershipStatus, NetworkStatus
from networks.models import Invitation, JoinRequest, Membership
from networks.selectors import ground_rules_need_acceptance, task_scope

# A pending invitation expiring within this time asks its facilitators to resend or withdraw it.
INVITATION_EXPIRY_WARNING = datetime.timedelta(days=3)


def network_todos(*, user, network=None) -> list[ToDo]:
    """Member: accept changed ground rules (``networks.ground_rules``), accept an invitation
    (``networks.invitation``). Facilitator: open a draft network (``networks.open``), decide
    join requests (``networks.join_requests``), resend or withdraw invitations expiring within
    ``INVITATION_EXPIRY_WARNING`` (``networks.invitations_expiring``), act on failed emails
    (``networks.failed_emails``)."""
    scope = task_scope(user=user, network=network)
    # On the page of a network the user is in, no invitation to it can be due: no query.
    already_in = network is not None and bool(scope.memberships)
    todos = [] if already_in else [*_invitation_todos(user=user, network=network)]
    for membership in scope.memberships:
        current = membership.network
        if ground_rules_need_acceptance(network=current, membership=membership):
            todos.append(
                ToDo.about(
                    current,
                    kind="networks.ground_rules",
                    title=_("Accept the changed ground rules of %(network)s")
                    % {"network": current.name},
                    url=links.ground_rules_path(current.pk),
                )
            )
    for current in scope.facilitating.values():
        if current.is_draft:
            todos.append(
                ToDo.about(
                    current,
                    kind="networks.open",
                    title=_("Open %(network)s for members: it is still a draft")
                    % {"network": current.name},
                    url=current.get_absolute_url(),
                    role=FACILITATOR,
                )
            )
    if scope.facilitating:
        todos += _facilitator_todos(scope.facilitating)
    return todos


def _invitation_todos(*, user, network) -> list[ToDo]:
    """Pending, usable invitations to one of the user's verified addresses, in networks they
    are not in yet (accepting is the to-do: the invitation is then spent)."""
    invitations = (
        Invitation.objects.filter(status=InvitationStatus.PENDING, expires_at__gt=timezone.now())
        .exclude(network__status=NetworkStatus.CLOSED)
        .filter(
            Exists(
                EmailAddress.objects.filter(
                    user=user, verified=True, email__iexact=OuterRef("email")
                )
            )
        )
        .exclude(
            Exists(
                Membership.objects.filter(
                    network=OuterRef("network"),
                    user=user,
                    status__in=[MembershipStatus.ACTIVE, MembershipStatus.WAITLISTED],
                )
            )
        )
        .select_related("network")
    )
    if network is not None:
        invitations = invitations.filter(network=network)
    return [
        ToDo.about(
            invitation.network,
            kind="networks.invitation",
            title=_("Accept the invitation to join %(network)s")
            % {"network": invitation.network.name},
            url=links.invitation_accept_path(invitation.token),
            due=invitation.expires_at,
        )
        for invitation in invitations.order_by("expires_at", "pk")
    ]


def _facilitator_todos(networks: dict) -> list[ToDo]:
    ids = list(networks)
    now = timezone.now()
    todos = []
    # Pending join requests and invitations expiring soon, counted per network in one UNION ALL.
    requests = (
        JoinRequest.objects.filter(network_id__in=ids, status=JoinRequestStatus.PENDING)
        .values(network_ref=F("network_id"))
        .annotate(
            what=Value("requests"),
            count=Count("pk"),
            first=Cast(Value(None), DateTimeField()),
        )
        .order_by()
    )
    expiring = (
        Invitation.objects.filter(
            network_id__in=ids,
            status=InvitationStatus.PENDING,
            expires_at__gt=now,
            expires_at__lte=now + INVITATION_EXPIRY_WARNING,
        )
        .values(network_ref=F("network_id"))
        .annotate(what=Value("expiring"), count=Count("pk"), first=Min("expires_at"))
        .order_by()
    )
    rows = list(requests.union(expiring, all=True))
    for row in (row for row in rows if row["what"] == "requests"):
        current = networks[row["network_ref"]]
        todos.append(
            ToDo.about(
                current,
                kind="networks.join_requests",
                title=ngettext(
                    "Decide on %(count)d request to join %(network)s",
                    "Decide on %(count)d requests to join %(network)s",
                    row["count"],
                )
                % {"count": row["count"], "network": current.name},
                url=links.manage_members_path(current.pk),
                role=FACILITATOR,
            )
        )
    for row in (row for row in rows if row["what"] == "expiring"):
        current = networks[row["network_ref"]]
        todos.append(
            ToDo.about(
                current,
                kind="networks.invitations_expiring",
                title=ngettext(
                    "%(count)d invitation to %(network)s expires soon: resend or withdraw it",
                    "%(count)d invitations to %(network)s expire soon: resend or withdraw them",
                    row["count"],
                )
                % {"count": row["count"], "network": current.name},
                url=links.manage_members_path(current.pk),
                due=row["first"],
                role=FACILITATOR,
            )
        )
    for network_id, count in sorted(outbox.failed_unresent_counts(network_ids=ids).items()):
        current = networks[network_id]
        url = links.emails_path(current.pk)
        todos.append(
            ToDo.about(
                current,
                kind="networks.failed_emails",
                title=ngettext(
                    "%(count)d email of %(network)s could not be delivered: check the address "
                    "and send it again",
                    "%(count)d emails of %(network)s could not be delivered: check the addresses "
                    "and send them again",
                    count,
                )
                % {"count": count, "network": current.name},
                url=f"{url}?{urlencode({'state': outbox.OutboxState.FAILED})}",
                role=FACILITATOR,
            )
        )
    return todos
