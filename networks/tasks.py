"""Thin Celery tasks: re-fetch by id, return quietly if the row is gone, call one service."""

import logging

from celery import shared_task

from core.tasks import MAIL_RETRY

logger = logging.getLogger(__name__)


@shared_task(**MAIL_RETRY)
def send_invitation_email(*, invitation_id: int) -> None:
    from networks.enums import InvitationStatus
    from networks.models import Invitation
    from networks.services import invitation_send_email

    invitation = (
        Invitation.objects.select_related("network")
        .filter(pk=invitation_id, status=InvitationStatus.PENDING)
        .first()
    )
    if invitation is None:
        logger.info("invitation %s gone or no longer pending", invitation_id)
        return
    invitation_send_email(invitation=invitation)


@shared_task(**MAIL_RETRY)
def send_join_request_notification(*, join_request_id: int) -> None:
    from networks.models import JoinRequest
    from networks.services import join_request_send_notification

    join_request = JoinRequest.objects.select_related("network", "user").filter(pk=join_request_id)
    if (join_request := join_request.first()) is None:
        return
    join_request_send_notification(join_request=join_request)


@shared_task(**MAIL_RETRY)
def send_join_decision_email(*, join_request_id: int) -> None:
    from networks.models import JoinRequest
    from networks.services import join_request_send_decision_email

    join_request = JoinRequest.objects.select_related("network", "user").filter(pk=join_request_id)
    if (join_request := join_request.first()) is None:
        return
    join_request_send_decision_email(join_request=join_request)


@shared_task(**MAIL_RETRY)
def send_waitlist_promotion_email(*, membership_id: int) -> None:
    from networks.enums import MembershipStatus
    from networks.models import Membership
    from networks.services import membership_send_promotion_email

    membership = (
        Membership.objects.select_related("network", "user")
        .filter(pk=membership_id, status=MembershipStatus.ACTIVE)
        .first()
    )
    if membership is None:
        return
    membership_send_promotion_email(membership=membership)
