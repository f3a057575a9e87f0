"""Who holds a seat: the member cap and the maximum per organisation, enforced under the
network's row lock (see ``networks.services``), the waitlist and its promotions, leaving and
removing a member."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError
from core.fragments import NETWORK_HEADER, fragment_changed
from networks import rules, webhooks
from networks.audit import AuditAction
from networks.enums import MembershipStatus, NetworkEmailKind, Role, WaitlistReason
from networks.models import Membership, Network, NetworkEmail, OrganisationSeats
from networks.services.base import _lock_network, _queue_emails, _require_facilitator


def _set_seat_limit(network: Network) -> None:
    """Copy the network's maximum per organisation onto its seat counters (the caller holds the
    lock on ``network``). Refused with a message while an organisation holds more seats."""
    limit = network.max_per_organisation
    if limit is not None:
        over = (
            OrganisationSeats.objects.filter(network=network, taken__gt=limit)
            .select_related("organisation")
            .order_by("-taken")
            .first()
        )
        if over is not None:
            raise ApplicationError(
                _(
                    "“%(organisation)s” already has %(count)d members in this network: the "
                    "maximum per organisation cannot be lower than that."
                )
                % {"organisation": over.organisation.name, "count": over.taken}
            )
    OrganisationSeats.objects.filter(network=network).exclude(seat_limit=limit).update(
        seat_limit=limit
    )


def _seats_taken(network: Network) -> dict[int, int]:
    """Seats held per organisation id (the caller holds the lock on ``network``)."""
    return dict(
        OrganisationSeats.objects.filter(network=network).values_list("organisation_id", "taken")
    )


def _organisation_full(network: Network, organisation_id: int | None, taken: dict) -> bool:
    limit = network.max_per_organisation
    return (
        limit is not None and organisation_id is not None and taken.get(organisation_id, 0) >= limit
    )


def _take_organisation_seat(network: Network, organisation_id: int | None, taken: dict) -> None:
    """Count one more seat for ``organisation_id`` (none: not counted). The check constraint on
    ``OrganisationSeats`` refuses a count above the maximum, whatever the caller did."""
    if organisation_id is None:
        return
    counters = OrganisationSeats.objects.filter(network=network, organisation_id=organisation_id)
    if not counters.update(taken=F("taken") + 1):
        OrganisationSeats.objects.create(
            network=network,
            organisation_id=organisation_id,
            taken=1,
            seat_limit=network.max_per_organisation,
        )
    taken[organisation_id] = taken.get(organisation_id, 0) + 1


def _release_organisation_seat(network: Network, organisation_id: int | None) -> None:
    if organisation_id is not None:
        OrganisationSeats.objects.filter(network=network, organisation_id=organisation_id).update(
            taken=F("taken") - 1
        )


def _seat(network: Network, membership: Membership, taken: dict | None = None) -> Membership:
    """Give ``membership`` a seat if one is free and their organisation is below the network's
    maximum per organisation, else put it last on the waitlist with the reason.

    The caller holds the lock on ``network``; ``taken`` is ``_seats_taken(network)`` (read here
    when not given). Facilitators never take a seat.
    """
    now = timezone.now()
    membership.ended_at = None
    if membership.is_facilitator:
        membership.status = MembershipStatus.ACTIVE
        membership.joined_at = now
        membership.waitlisted_at = None
        membership.waitlist_reason = WaitlistReason.NONE
        membership.save()
        return membership
    if taken is None:
        taken = _seats_taken(network)
    if network.member_count >= network.member_cap:
        reason = WaitlistReason.FULL
    elif _organisation_full(network, membership.organisation_id, taken):
        reason = WaitlistReason.ORGANISATION
    else:
        reason = None
    if reason is None:
        Network.objects.filter(pk=network.pk).update(member_count=F("member_count") + 1)
        network.member_count += 1
        fragment_changed(NETWORK_HEADER, network.pk)
        _take_organisation_seat(network, membership.organisation_id, taken)
        membership.status = MembershipStatus.ACTIVE
        membership.joined_at = now
        membership.waitlisted_at = None
        membership.waitlist_reason = WaitlistReason.NONE
    else:
        if not membership.is_waitlisted:
            membership.waitlisted_at = now
        membership.status = MembershipStatus.WAITLISTED
        membership.waitlist_reason = reason
    membership.save()
    return membership


def _promote_from_waitlist(network: Network, *, acting_user) -> list[Membership]:
    """Fill free seats with the people on the waitlist, in line, and email each of them; the
    audit log names ``acting_user``, whose action freed the seats.

    Whoever would break the maximum per organisation is skipped (they keep their place, and
    their reason says why they wait); the next person in line who fits gets the seat.
    """
    free = network.member_cap - network.member_count
    if free <= 0 or network.is_closed:
        return []
    waiting = list(
        Membership.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(network=network, status=MembershipStatus.WAITLISTED, role=Role.MEMBER)
        .order_by("waitlisted_at", "pk")
    )
    taken = _seats_taken(network)
    promoted = []
    for membership in waiting:
        if network.member_count >= network.member_cap:
            break
        if _organisation_full(network, membership.organisation_id, taken):
            if membership.waitlist_reason != WaitlistReason.ORGANISATION:
                membership.waitlist_reason = WaitlistReason.ORGANISATION
                membership.save(update_fields=["waitlist_reason"])
            continue
        _seat(network, membership, taken)
        promoted.append(membership)
    for membership in promoted:
        _membership_event(network, membership, "membership.promoted")
        audit_record(
            actor=acting_user,
            action=AuditAction.WAITLIST_PROMOTED,
            network=network,
            subject=membership.user,
        )
    _queue_emails(
        [
            NetworkEmail(
                network=network,
                kind=NetworkEmailKind.PROMOTION,
                membership=membership,
                promoted_at=membership.joined_at,
                user=membership.user,
                to_email=membership.user.email,
            )
            for membership in promoted
        ]
    )
    return promoted


def _join(*, network_id: int, user, role: str, ground_rules_accepted_at) -> Membership:
    """Make ``user`` an active member (or waitlisted) of the network. Needs a transaction."""
    network = _lock_network(network_id)
    if network.is_closed:
        raise ApplicationError(_("This network is closed and takes no new members."))
    membership = Membership.objects.select_for_update().filter(network=network, user=user).first()
    if membership is not None and membership.is_active:
        raise ApplicationError(_("You are already a member of this network."))
    if membership is not None and membership.is_waitlisted and role != Role.FACILITATOR:
        raise ApplicationError(_("You are already on the waitlist of this network."))
    if membership is None:
        membership = Membership(network=network, user=user)
    membership.role = role
    membership.ground_rules_accepted_at = ground_rules_accepted_at
    # The organisation they join for: the seats per organisation count this one from now on.
    membership.organisation_id = user.organisation_id
    membership = _seat(network, membership)
    _membership_event(
        network,
        membership,
        "membership.waitlisted" if membership.is_waitlisted else "membership.joined",
    )
    return membership


def _membership_event(network: Network, membership: Membership, event_type: str) -> None:
    """The webhook event of a membership change: ids and the count, never the person."""
    webhooks.emit(
        network.pk,
        event_type,
        data={"membership_id": membership.pk, "member_count": network.member_count},
    )


def _membership_end(*, membership: Membership, status: str, acting_user) -> Membership:
    """End a membership (``left`` or ``removed``) and free its seat. Needs a transaction.

    A network keeps at least one facilitator. The first person on the waitlist is promoted and
    emailed.
    """
    network = _lock_network(membership.network_id)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not (membership.is_active or membership.is_waitlisted):
        raise ApplicationError(_("This person is no longer in the network."))
    if membership.is_facilitator:
        facilitators = Membership.objects.filter(
            network=network, role=Role.FACILITATOR, status=MembershipStatus.ACTIVE
        ).count()
        if facilitators <= 1:
            raise ApplicationError(_("A network needs at least one facilitator."))
    held_a_seat = membership.holds_a_seat
    membership.status = status
    membership.ended_at = timezone.now()
    membership.save(update_fields=["status", "ended_at"])
    audit_record(
        actor=acting_user,
        action=AuditAction.MEMBER_LEFT
        if status == MembershipStatus.LEFT
        else AuditAction.MEMBER_REMOVED,
        network=network,
        subject=membership.user,
        detail=membership.role,
    )
    if held_a_seat:
        Network.objects.filter(pk=network.pk).update(member_count=F("member_count") - 1)
        network.member_count -= 1
        fragment_changed(NETWORK_HEADER, network.pk)
        _release_organisation_seat(network, membership.organisation_id)
    _membership_event(network, membership, "membership.left")
    if held_a_seat:
        _promote_from_waitlist(network, acting_user=acting_user)
    return membership


@transaction.atomic
def membership_leave(*, network: Network, acting_user) -> Membership:
    """``acting_user`` leaves the network (or its waitlist); their seat goes to the waitlist."""
    membership = (
        Membership.objects.filter(
            network=network,
            user=acting_user,
            status__in=[MembershipStatus.ACTIVE, MembershipStatus.WAITLISTED],
        )
        .select_related("network")
        .first()
    )
    if membership is None:
        raise ApplicationError(_("You are not a member of this network."))
    return _membership_end(
        membership=membership, status=MembershipStatus.LEFT, acting_user=acting_user
    )


def membership_set_announcement_emails(
    *, network: Network, enabled: bool, acting_user
) -> Membership:
    """A member turns the facilitators' announcement emails for ``network`` on or off. The
    announcements stay on the network's page; the minutes and session emails are not affected."""
    membership = Membership.objects.filter(
        network=network, user=acting_user, status=MembershipStatus.ACTIVE, role=Role.MEMBER
    ).first()
    if membership is None:
        raise ApplicationError(_("You are not a member of this network."))
    if membership.announcement_emails != enabled:
        membership.announcement_emails = enabled
        membership.save(update_fields=["announcement_emails"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, acting_user) -> Membership:
    """A facilitator takes ``membership`` off the network (or its waitlist).

    Facilitators only; nobody removes themselves (they leave instead), and the last facilitator
    stays.
    """
    network = membership.network
    _require_facilitator(acting_user, network)
    if not rules.can_remove_member(acting_user, network, membership):
        raise ApplicationError(_("You cannot remove yourself; leave the network instead."))
    return _membership_end(
        membership=membership, status=MembershipStatus.REMOVED, acting_user=acting_user
    )
