"""A network's own life: create, edit (the ground rules and their acceptance), listing, share
link, status, reopen."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.rules import may_run_networks_under
from core.audit import audit_record
from core.errors import ApplicationError
from core.fragments import NETWORK_HEADER, WORK_FORM_CATALOGUE, fragment_changed
from networks import rules, webhooks
from networks.audit import AuditAction
from networks.enums import MembershipStatus, NetworkStatus, Role
from networks.models import Membership, Network, new_share_token
from networks.services.base import STATUS_TRANSITIONS, _lock_network, _require_facilitator
from networks.services.seats import _promote_from_waitlist, _set_seat_limit


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
    event = {NetworkStatus.CLOSED: "network.closed", NetworkStatus.OPEN: "network.opened"}
    if status in event:
        webhooks.emit(locked.pk, event[status], data={"member_count": locked.member_count})
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
    webhooks.emit(locked.pk, "network.reopened", data={"member_count": locked.member_count})
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
