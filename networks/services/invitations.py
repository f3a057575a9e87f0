"""Invitations: create, resend, revoke, check and accept (a token signed with the secret key)."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import outbox
from core.audit import audit_record
from core.errors import ApplicationError
from networks import rules
from networks.audit import AuditAction
from networks.enums import (
    InvitationStatus,
    JoinRequestStatus,
    MembershipStatus,
    NetworkEmailKind,
    Role,
)
from networks.models import (
    INVITATION_SALT,
    Invitation,
    JoinRequest,
    Membership,
    Network,
    NetworkEmail,
)
from networks.services.base import _queue_emails, _require_facilitator
from networks.services.seats import _join


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


def invitation_create(
    *, network: Network, email: str, role: str, acting_user, note: str = ""
) -> Invitation:
    """A facilitator invites ``email`` to the network; the link is emailed through the outbox
    (one row), with the facilitator's personal ``note`` if any (escaped in the email). A
    coordinator of the organisation the network runs under may invite facilitators (appoint
    them), not members.

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
                note=note.strip(),
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


def _tell_facilitators_of_the_join(invitation, membership, *, acting_user) -> None:
    """Each active facilitator (but the one who just joined) hears that the invitee joined or
    went on the waitlist: one outbox row each, after commit, as a join request is told."""
    facilitators = (
        Membership.objects.filter(
            network_id=invitation.network_id, role=Role.FACILITATOR, status=MembershipStatus.ACTIVE
        )
        .exclude(user=acting_user)
        .select_related("user")
        .order_by("pk")
    )
    _queue_emails(
        [
            NetworkEmail(
                network_id=invitation.network_id,
                kind=NetworkEmailKind.INVITATION_ACCEPTED,
                invitation=invitation,
                membership=membership,
                user=facilitator.user,
                to_email=facilitator.user.email,
            )
            for facilitator in facilitators
        ]
    )


def invitation_accept(
    *, invitation: Invitation, acting_user, accept_ground_rules: bool
) -> Membership:
    """Use the invitation: ``acting_user`` joins (or is waitlisted) and the invitation is spent.

    Only an account that verified the invited address may accept (``invitation_check_address``);
    anyone else is refused and nothing is written: the invitation stays pending. The other
    facilitators are emailed (after commit) that the invitee joined.
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
        _tell_facilitators_of_the_join(locked, membership, acting_user=acting_user)
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
