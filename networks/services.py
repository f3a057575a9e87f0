"""Writes for networks and membership. The member cap is enforced here, under a row lock.

Every change of who holds a seat goes through ``_seat`` or ``_release_seat`` while the network
row is locked with ``select_for_update``; ``Network.member_count`` is the counter and the database
check constraint ``member_count <= member_cap`` is the backstop. The maximum per organisation
(``Network.max_per_organisation``) works the same way: ``OrganisationSeats.taken`` counts the seats
of each organisation (the organisation stored on the membership when they joined) and its check
constraint ``taken <= seat_limit`` is the backstop.

Every email goes through the outbox: a service writes one ``NetworkEmail`` row per recipient in
the same transaction as the change and enqueues it after commit (core/outbox.py sends it).
"""

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.rules import may_run_networks_under
from core import outbox
from core.audit import audit_record
from core.erasure import erased_email
from core.errors import ApplicationError
from core.fragments import NETWORK_HEADER, WORK_FORM_CATALOGUE, fragment_changed
from core.outbox import OutboxState
from networks import rules
from networks.audit import AuditAction
from networks.enums import (
    InvitationStatus,
    JoinRequestStatus,
    MembershipStatus,
    NetworkEmailKind,
    NetworkStatus,
    Role,
    WaitlistReason,
)
from networks.models import (
    INVITATION_SALT,
    HealthSnapshot,
    Invitation,
    JoinRequest,
    Membership,
    Network,
    NetworkEmail,
    OrganisationSeats,
    new_share_token,
)

STATUS_TRANSITIONS = {
    NetworkStatus.DRAFT: {NetworkStatus.OPEN},
    NetworkStatus.OPEN: {NetworkStatus.RUNNING, NetworkStatus.CLOSED},
    NetworkStatus.RUNNING: {NetworkStatus.OPEN, NetworkStatus.CLOSED},
    NetworkStatus.CLOSED: set(),
}


def default_ground_rules() -> str:
    """The pre-filled ground rules for a safe group, in the active language."""
    return _(
        "What is said in the network stays in the network.\n"
        "We listen to each other and let each other finish.\n"
        "Everyone's experience counts; there are no stupid questions.\n"
        "We share practice cases anonymously unless the person agrees.\n"
        "We come prepared, and let the facilitator know when we cannot come."
    )


def _lock_network(network_id: int) -> Network:
    return Network.objects.select_for_update().get(pk=network_id)


def _require_facilitator(acting_user, network: Network) -> None:
    """The rule behind every facilitator action here, also when a service is called directly."""
    if not rules.is_facilitator(acting_user, network):
        raise ApplicationError(_("Only the facilitators of this network can do this."))


def _queue_emails(rows: list[NetworkEmail]) -> list[NetworkEmail]:
    """Write the rows (call inside the transaction of the change) and send them after commit."""
    rows = NetworkEmail.objects.bulk_create(rows)
    outbox.enqueue_many(NetworkEmail, [row.pk for row in rows])
    return rows


# Networks ---------------------------------------------------------------------------------------


@transaction.atomic
def network_create(*, acting_user, **fields) -> Network:
    """Create a network in draft; ``acting_user`` becomes its first facilitator."""
    network = Network(created_by=acting_user, **fields)
    _check_organisation(acting_user, network.organisation, current_id=None)
    network.full_clean()
    network.save()
    now = timezone.now()
    Membership.objects.create(
        network=network,
        user=acting_user,
        role=Role.FACILITATOR,
        status=MembershipStatus.ACTIVE,
        joined_at=now,
        ground_rules_accepted_at=now,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.FACILITATOR_ADDED,
        network=network,
        subject=acting_user,
    )
    return network


def _check_organisation(acting_user, organisation, *, current_id: int | None) -> None:
    """A network runs under an organisation its facilitator works for or coordinates."""
    if organisation is None or organisation.pk == current_id:
        return
    if not may_run_networks_under(acting_user, organisation):
        raise ApplicationError(
            _("You can only choose your own organisation or one you coordinate.")
        )


def _normalised(text: str) -> str:
    """Ground rules compared as read: a browser's line endings or trailing spaces change nothing."""
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n"))


def network_set_listed(*, network: Network, listed: bool, acting_user) -> Network:
    """Show ``network`` in the public directory or take it out. Its facilitators may, and a
    coordinator of the organisation it runs under (who chooses which of the organisation's
    networks are listed). Internal networks are never listed, whatever this says."""
    if not rules.may_appoint_facilitators(acting_user, network):
        raise ApplicationError(_("Only the facilitators or the coordinators can do this."))
    if network.listed != listed:
        network.listed = listed
        network.save(update_fields=["listed"])
    return network


def network_share_link_reset(*, network: Network, acting_user) -> Network:
    """A new share link for ``network`` (facilitators only): the old one stops working at once,
    also for the sessions that opened it (networks/share_links.py). Sends nothing."""
    _require_facilitator(acting_user, network)
    network.share_token = new_share_token()
    network.save(update_fields=["share_token"])
    return network


@transaction.atomic
def network_update(*, network: Network, data: dict, acting_user) -> Network:
    """Change a network's description or cap (facilitators only). Raising the cap promotes
    people from the waitlist. Changed ground rules set ``ground_rules_changed_at``: the members
    who accepted them before are asked to accept them again (``membership_accept_ground_rules``)."""
    locked = _lock_network(network.pk)
    _require_facilitator(acting_user, locked)
    rules_changed = "ground_rules" in data and _normalised(data["ground_rules"]) != _normalised(
        locked.ground_rules
    )
    if rules_changed:
        locked.ground_rules_changed_at = timezone.now()
    current_organisation_id = locked.organisation_id
    for field, value in data.items():
        setattr(locked, field, value)
    _check_organisation(acting_user, locked.organisation, current_id=current_organisation_id)
    if locked.member_cap < locked.member_count:
        raise ApplicationError(
            _("The network already has %(count)d members: the cap cannot be lower than that.")
            % {"count": locked.member_count}
        )
    locked.full_clean()
    _set_seat_limit(locked)
    locked.save()
    fragment_changed(NETWORK_HEADER, locked.pk)
    fragment_changed(WORK_FORM_CATALOGUE)  # a network's own work forms show its name
    if rules_changed:
        audit_record(actor=acting_user, action=AuditAction.GROUND_RULES_CHANGED, network=locked)
    _promote_from_waitlist(locked, acting_user=acting_user)
    return locked


@transaction.atomic
def network_set_status(*, network: Network, status: str, acting_user) -> Network:
    """Move the network along ``STATUS_TRANSITIONS`` (facilitators only)."""
    locked = _lock_network(network.pk)
    _require_facilitator(acting_user, locked)
    if status not in STATUS_TRANSITIONS[locked.status]:
        raise ApplicationError(
            _("A network cannot go from “%(old)s” to “%(new)s”.")
            % {
                "old": NetworkStatus(locked.status).label,
                "new": NetworkStatus(status).label,
            }
        )
    old = locked.status
    locked.status = status
    locked.closed_at = timezone.now() if status == NetworkStatus.CLOSED else None
    locked.save(update_fields=["status", "closed_at", "updated_at"])
    fragment_changed(NETWORK_HEADER, locked.pk)
    audit_record(
        actor=acting_user,
        action=AuditAction.NETWORK_CLOSED
        if status == NetworkStatus.CLOSED
        else AuditAction.NETWORK_STATUS_CHANGED,
        network=locked,
        detail=f"{old} → {status}",
    )
    if status != NetworkStatus.CLOSED:
        _promote_from_waitlist(locked, acting_user=acting_user)
    return locked


@transaction.atomic
def network_reopen(*, network: Network, acting_user) -> Network:
    """Reopen a closed network (facilitators only): it runs again with the members it had, and
    free seats go to the waitlist. A network that is not closed is refused with a message."""
    locked = _lock_network(network.pk)
    _require_facilitator(acting_user, locked)
    if not locked.is_closed:
        raise ApplicationError(
            _("This network is not closed, so there is nothing to reopen (it is “%(status)s”).")
            % {"status": NetworkStatus(locked.status).label}
        )
    locked.status = NetworkStatus.RUNNING
    locked.closed_at = None
    locked.save(update_fields=["status", "closed_at", "updated_at"])
    fragment_changed(NETWORK_HEADER, locked.pk)
    audit_record(actor=acting_user, action=AuditAction.NETWORK_REOPENED, network=locked)
    _promote_from_waitlist(locked, acting_user=acting_user)
    return locked


def membership_accept_ground_rules(
    *, network: Network, acting_user, version: str | None = None
) -> Membership:
    """``acting_user`` (an active member or facilitator) accepts the network's current ground
    rules again, e.g. after a facilitator changed them. ``version`` is the
    ``ground_rules_version`` of the text they read: when the rules changed since, nothing is
    accepted (they would accept a text they never saw)."""
    current = Network.objects.only("ground_rules_changed_at").get(pk=network.pk)
    if version is not None and version != ground_rules_version(current):
        raise ApplicationError(
            _("The ground rules changed while you were reading them: read them again.")
        )
    updated = Membership.objects.filter(
        network=network, user=acting_user, status=MembershipStatus.ACTIVE
    )
    now = timezone.now()
    if not updated.update(ground_rules_accepted_at=now):
        raise ApplicationError(_("You are not a member of this network."))
    return updated.get()


def ground_rules_version(network: Network) -> str:
    """Which text of the ground rules this is: when they last changed ("" for the first)."""
    changed = network.ground_rules_changed_at
    return str(round(changed.timestamp() * 1_000_000)) if changed else ""  # microseconds


# Seats ------------------------------------------------------------------------------------------


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
    return _seat(network, membership)


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


# Invitations ------------------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    """The link token: the invitation's id signed with the secret key (nothing to store)."""
    return invitation.token


def invitation_from_token(token: str) -> Invitation | None:
    try:
        pk = signing.loads(token, salt=INVITATION_SALT)
    except signing.BadSignature:
        return None
    return Invitation.objects.select_related("network").filter(pk=pk).first()


def _invitation_email(invitation: Invitation, *, resend_of: NetworkEmail | None = None) -> None:
    _queue_emails(
        [
            NetworkEmail(
                network_id=invitation.network_id,
                kind=NetworkEmailKind.INVITATION,
                invitation=invitation,
                to_email=invitation.email,
                resend_of=resend_of,
            )
        ]
    )


def _drop_unsent_invitation_emails(invitation_ids) -> None:
    """An invitation that is withdrawn or used no longer needs its link mailed: its rows still
    waiting go (a row a worker already claimed may still go out; its link then says why it
    no longer works)."""
    NetworkEmail.objects.filter(
        kind=NetworkEmailKind.INVITATION,
        invitation_id__in=invitation_ids,
        state=outbox.OutboxState.PENDING,
    ).delete()


def invitation_create(*, network: Network, email: str, role: str, acting_user) -> Invitation:
    """A facilitator invites ``email`` to the network; the link is emailed through the outbox
    (one row). A coordinator of the organisation the network runs under may invite
    facilitators (appoint them), not members.

    Refuses members, people already invited (pending, not expired) and closed networks.
    """
    if not (role == Role.FACILITATOR and rules.may_appoint_facilitators(acting_user, network)):
        _require_facilitator(acting_user, network)
    email = email.strip().lower()
    if network.is_closed:
        raise ApplicationError(_("This network is closed: you cannot invite anyone."))
    if Membership.objects.filter(
        network=network, user__email__iexact=email, status=MembershipStatus.ACTIVE
    ).exists():
        raise ApplicationError(
            _("%(email)s is already a member of this network.") % {"email": email}
        )
    now = timezone.now()
    pending = Invitation.objects.filter(
        network=network, email=email, status=InvitationStatus.PENDING
    )
    if pending.filter(expires_at__gt=now).exists():
        raise ApplicationError(_("%(email)s has already been invited.") % {"email": email})
    try:
        with transaction.atomic():
            expired = list(pending.values_list("pk", flat=True))
            pending.update(status=InvitationStatus.REVOKED)  # an expired one makes way
            _drop_unsent_invitation_emails(expired)
            invitation = Invitation.objects.create(
                network=network,
                email=email,
                role=role,
                invited_by=acting_user,
                expires_at=now + timezone.timedelta(days=settings.LEERNET_INVITATION_VALID_DAYS),
            )
            _invitation_email(invitation)
            audit_record(
                actor=acting_user,
                action=AuditAction.INVITATION_CREATED,
                network=network,
                detail=f"invitation {invitation.pk} ({invitation.role})",
            )
    except IntegrityError as error:  # the same email invited twice at the same moment
        raise ApplicationError(
            _("%(email)s has already been invited.") % {"email": email}
        ) from error
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation, acting_user) -> Invitation:
    """Extend a pending invitation's validity and mail its link again.

    The new email is a new outbox row whose ``resend_of`` is the invitation's latest row (the
    chain shows every time it was sent). While an email of this invitation is still waiting or
    being sent, no second one is added: that one goes out and shows the new date. Facilitators
    only.
    """
    _require_facilitator(acting_user, invitation.network)
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_pending:
        raise ApplicationError(_("This invitation is no longer pending."))
    locked.expires_at = timezone.now() + timezone.timedelta(
        days=settings.LEERNET_INVITATION_VALID_DAYS
    )
    locked.save(update_fields=["expires_at"])
    invitation.expires_at = locked.expires_at
    emails = NetworkEmail.objects.filter(kind=NetworkEmailKind.INVITATION, invitation=locked)
    waiting = (outbox.OutboxState.PENDING, outbox.OutboxState.SENDING)
    if not emails.filter(state__in=waiting).exists():
        _invitation_email(locked, resend_of=emails.order_by("-created_at", "-pk").first())
    audit_record(
        actor=acting_user,
        action=AuditAction.INVITATION_RESENT,
        network=locked.network_id,
        detail=f"invitation {locked.pk}",
    )
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, acting_user) -> Invitation:
    """Withdraw a pending invitation (facilitators only); its email is not sent if it is still
    waiting."""
    _require_facilitator(acting_user, invitation.network)
    updated = Invitation.objects.filter(pk=invitation.pk, status=InvitationStatus.PENDING).update(
        status=InvitationStatus.REVOKED
    )
    if not updated:
        raise ApplicationError(_("This invitation is no longer pending."))
    _drop_unsent_invitation_emails([invitation.pk])
    audit_record(
        actor=acting_user,
        action=AuditAction.INVITATION_REVOKED,
        network=invitation.network_id,
        detail=f"invitation {invitation.pk}",
    )
    invitation.status = InvitationStatus.REVOKED
    return invitation


def invitation_check(invitation: Invitation | None) -> Invitation:
    """Raise a translated error unless the invitation can still be used."""
    if invitation is None:
        raise ApplicationError(_("This invitation link is not valid."), code="invalid")
    if invitation.is_accepted:
        raise ApplicationError(_("This invitation has already been used."), code="used")
    if invitation.is_revoked:
        raise ApplicationError(_("This invitation has been withdrawn."), code="revoked")
    if invitation.is_expired:
        raise ApplicationError(
            _("This invitation has expired. Ask the facilitator for a new one."), code="expired"
        )
    if invitation.network.is_closed:
        raise ApplicationError(_("This network is closed and takes no new members."), code="closed")
    return invitation


def mask_email(email: str) -> str:
    """``annelies@example.org`` → ``a***@example.org``: enough for the invitee to recognise their
    address, not enough for whoever else holds the link to learn it (the stars do not count)."""
    local, _at, domain = email.rpartition("@")
    if not local:
        return "***"
    return f"{local[0]}***@{domain}"


def invitation_check_address(invitation: Invitation, *, acting_user) -> None:
    """Raise unless ``acting_user`` has proven (verified) the address the invitation was sent to.

    An invitation is for one person: the link alone proves nothing, since it can be forwarded or
    seen over a shoulder. allauth's ``EmailAddress`` rows record which addresses an account has
    verified (its primary address included); any verified one that equals the invited address,
    ignoring case, will do.
    """
    from allauth.account.models import EmailAddress

    addresses = EmailAddress.objects.filter(user=acting_user, email__iexact=invitation.email)
    if addresses.filter(verified=True).exists():
        return
    masked = mask_email(invitation.email)
    if addresses.exists() or acting_user.email.lower() == invitation.email.lower():
        raise ApplicationError(
            _(
                "This invitation was sent to %(email)s. Confirm that address first with the link "
                "in the email we sent you, then open the invitation again."
            )
            % {"email": masked},
            code="address_unverified",
        )
    raise ApplicationError(
        _(
            "This invitation was sent to another email address (%(email)s). Only the account "
            "with that address can accept it."
        )
        % {"email": masked},
        code="other_address",
    )


def invitation_accept(
    *, invitation: Invitation, acting_user, accept_ground_rules: bool
) -> Membership:
    """Use the invitation: ``acting_user`` joins (or is waitlisted) and the invitation is spent.

    Only an account that verified the invited address may accept (``invitation_check_address``);
    anyone else is refused and nothing is written: the invitation stays pending.
    """
    if not accept_ground_rules:
        raise ApplicationError(_("Please accept the ground rules to join the network."))
    with transaction.atomic():
        locked = (
            Invitation.objects.select_for_update().select_related("network").get(pk=invitation.pk)
        )
        invitation_check(locked)
        invitation_check_address(locked, acting_user=acting_user)
        now = timezone.now()
        membership = _join(
            network_id=locked.network_id,
            user=acting_user,
            role=locked.role,
            ground_rules_accepted_at=now,
        )
        locked.status = InvitationStatus.ACCEPTED
        locked.accepted_at = now
        locked.accepted_by = acting_user
        locked.save(update_fields=["status", "accepted_at", "accepted_by"])
        _drop_unsent_invitation_emails([locked.pk])
        # A request to join the same network is answered by this invitation.
        JoinRequest.objects.filter(
            network_id=locked.network_id, user=acting_user, status=JoinRequestStatus.PENDING
        ).update(status=JoinRequestStatus.APPROVED, decided_at=now)
        audit_record(
            actor=acting_user,
            action=AuditAction.INVITATION_ACCEPTED,
            network=locked.network_id,
            subject=acting_user,
            detail=f"invitation {locked.pk}",
        )
        if membership.is_facilitator:
            audit_record(
                actor=locked.invited_by,
                action=AuditAction.FACILITATOR_ADDED,
                network=locked.network_id,
                subject=acting_user,
                detail=f"invitation {locked.pk}",
            )
    return membership


# Join requests ----------------------------------------------------------------------------------


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


# Deleting an account (core/erasure.py) --------------------------------------------------------


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
    Invitation.objects.filter(email__iexact=old_email).update(email=new_email)
    to_them = NetworkEmail.objects.filter(Q(user=user) | Q(to_email__iexact=old_email))
    to_them.filter(state=OutboxState.PENDING).delete()
    to_them.update(to_email=new_email)


def health_snapshot_refresh(*, network: Network) -> HealthSnapshot:
    """Measure ``network``'s health (every provider of core.health) and keep the warnings'
    titles in each language of the site, for the coordinators' overview. No email, no audit:
    it only stores what the facilitators' own page computes live."""
    from core.health import health_for

    titles: dict[str, list[str]] = {}
    count = 0
    for language, _label in settings.LANGUAGES:
        with translation.override(language):
            warnings = [signal for signal in health_for(network=network) if signal.is_warning]
        titles[language] = [str(signal.title) for signal in warnings]
        count = len(warnings)
    snapshot, _created = HealthSnapshot.objects.update_or_create(
        network=network,
        defaults={"warnings": titles, "warning_count": count, "measured_at": timezone.now()},
    )
    return snapshot


def health_snapshots_refresh() -> int:
    """Refresh the snapshot of every network an organisation runs that is not a draft."""
    networks = Network.objects.filter(organisation__isnull=False).exclude(
        status=NetworkStatus.DRAFT
    )
    refreshed = 0
    for network in networks.iterator():
        health_snapshot_refresh(network=network)
        refreshed += 1
    return refreshed
