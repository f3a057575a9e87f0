"""The networks' part of deleting an account (core/erasure.py)."""

from django.db.models import Q
from django.utils.translation import gettext as _

from core.erasure import erased_email
from core.errors import ApplicationError
from core.outbox import OutboxState
from networks.enums import InvitationStatus, JoinRequestStatus, MembershipStatus, Role
from networks.models import Invitation, JoinRequest, Membership, NetworkEmail
from networks.services.seats import _membership_end


def membership_erase_user(*, user, old_email: str, old_name: str) -> None:
    """The networks' part of deleting ``user``'s account (core/erasure.py; needs a transaction).

    Refuses (ApplicationError) while they are the last facilitator of a network that is not
    closed: they hand over first. Every membership and waitlist place ends through
    ``_membership_end``, so seats free up and the next person on the waitlist is promoted and
    emailed. Join request motivations are blanked, invitations to their address point at the
    erased address (pending ones are revoked), and emails to them that were not sent are dropped.
    """
    memberships = list(
        Membership.objects.filter(
            user=user, status__in=[MembershipStatus.ACTIVE, MembershipStatus.WAITLISTED]
        )
        .select_related("network")
        .order_by("network_id")
    )
    for membership in memberships:
        network = membership.network
        if not (membership.is_facilitator and membership.is_active):
            continue
        others = (
            Membership.objects.filter(
                network=network, role=Role.FACILITATOR, status=MembershipStatus.ACTIVE
            )
            .exclude(user=user)
            .exists()
        )
        if not others and not network.is_closed:
            raise ApplicationError(
                _(
                    "You are the only facilitator of “%(network)s”. Make someone else "
                    "facilitator first (or close the network), then delete your account."
                )
                % {"network": network.name}
            )
    for membership in memberships:
        if membership.is_facilitator and membership.network.is_closed:
            # A closed network keeps its (now anonymous) last facilitator: nothing runs there.
            others = Membership.objects.filter(
                network=membership.network, role=Role.FACILITATOR, status=MembershipStatus.ACTIVE
            ).exclude(user=user)
            if not others.exists():
                continue
        _membership_end(membership=membership, status=MembershipStatus.LEFT, acting_user=user)

    # A request nobody decided yet goes (with its emails); decided ones stay, without the text.
    JoinRequest.objects.filter(user=user, status=JoinRequestStatus.PENDING).delete()
    JoinRequest.objects.filter(user=user).update(motivation="")
    new_email = erased_email(user.pk)
    Invitation.objects.filter(email__iexact=old_email, status=InvitationStatus.PENDING).update(
        status=InvitationStatus.REVOKED
    )
    # The facilitator's note may name them too.
    Invitation.objects.filter(email__iexact=old_email).update(email=new_email, note="")
    to_them = NetworkEmail.objects.filter(Q(user=user) | Q(to_email__iexact=old_email))
    to_them.filter(state=OutboxState.PENDING).delete()
    to_them.update(to_email=new_email)
