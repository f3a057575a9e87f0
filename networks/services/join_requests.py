"""Requests to join a network, and the facilitators' decision."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError
from networks import webhooks
from networks.audit import AuditAction
from networks.enums import JoinRequestStatus, MembershipStatus, NetworkEmailKind, Role
from networks.models import JoinRequest, Membership, Network, NetworkEmail
from networks.services.base import _queue_emails, _require_facilitator
from networks.services.seats import _join


def join_request_create(
    *, network: Network, acting_user, motivation: str, accept_ground_rules: bool
) -> JoinRequest:
    """``acting_user`` asks to join an open network; each active facilitator gets an email (one
    outbox row each, written with the request)."""
    if not accept_ground_rules:
        raise ApplicationError(_("Please accept the ground rules to join the network."))
    if not network.is_open:
        raise ApplicationError(_("This network does not take requests to join right now."))
    membership = Membership.objects.filter(network=network, user=acting_user).first()
    if membership is not None and membership.is_active:
        raise ApplicationError(_("You are already a member of this network."))
    if membership is not None and membership.is_waitlisted:
        raise ApplicationError(_("You are already on the waitlist of this network."))
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(
                network=network,
                user=acting_user,
                motivation=motivation,
                ground_rules_accepted_at=timezone.now(),
            )
            facilitators = Membership.objects.filter(
                network=network, role=Role.FACILITATOR, status=MembershipStatus.ACTIVE
            ).select_related("user")
            _queue_emails(
                [
                    NetworkEmail(
                        network=network,
                        kind=NetworkEmailKind.JOIN_REQUEST,
                        join_request=join_request,
                        user=facilitator.user,
                        to_email=facilitator.user.email,
                    )
                    for facilitator in facilitators.order_by("pk")
                ]
            )
            webhooks.emit(
                network.pk, "join_request.created", data={"join_request_id": join_request.pk}
            )
    except IntegrityError as error:
        raise ApplicationError(_("You have already asked to join this network.")) from error
    return join_request


def join_request_decide(*, join_request: JoinRequest, acting_user, approve: bool) -> JoinRequest:
    """A facilitator approves (the requester joins or is waitlisted) or declines; the requester
    is emailed."""
    _require_facilitator(acting_user, join_request.network)
    with transaction.atomic():
        locked = (
            JoinRequest.objects.select_for_update(of=("self",))
            .select_related("user")
            .get(pk=join_request.pk)
        )
        if not locked.is_pending:
            raise ApplicationError(_("This request has already been answered."))
        if approve:
            _join(
                network_id=locked.network_id,
                user=locked.user,
                role=Role.MEMBER,
                ground_rules_accepted_at=locked.ground_rules_accepted_at,
            )
        locked.status = JoinRequestStatus.APPROVED if approve else JoinRequestStatus.DECLINED
        locked.decided_at = timezone.now()
        locked.decided_by = acting_user
        locked.save(update_fields=["status", "decided_at", "decided_by"])
        audit_record(
            actor=acting_user,
            action=AuditAction.JOIN_REQUEST_APPROVED
            if approve
            else AuditAction.JOIN_REQUEST_DECLINED,
            network=locked.network_id,
            subject=locked.user,
            detail=f"join request {locked.pk}",
        )
        webhooks.emit(
            locked.network_id,
            "join_request.decided",
            data={"join_request_id": locked.pk, "approved": approve},
        )
        _queue_emails(
            [
                NetworkEmail(
                    network_id=locked.network_id,
                    kind=NetworkEmailKind.JOIN_DECISION,
                    join_request=locked,
                    user=locked.user,
                    to_email=locked.user.email,
                )
            ]
        )
    return locked
