"""Health signals of a network about its seats and its emails (registry: core/health.py)."""

from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import outbox
from core.health import OK, WARNING, Signal
from networks import links
from networks.enums import MembershipStatus
from networks.models import MIN_CAP, Membership, Network

# Fewer active members than this: the network is below the size a learning network needs.
MIN_MEMBERS = MIN_CAP
# This many people on the waitlist while a seat is free: someone waits for nothing.
WAITLIST_WITH_FREE_SEATS = 1
# This many failed emails (not sent again) make a warning.
FAILED_EMAILS = 1


def seats_signal(*, network: Network) -> Signal | None:
    """Seats taken, free and the waitlist (one query). Not for a draft or closed network."""
    if network.is_draft or network.is_closed:
        return None
    waiting = Membership.objects.filter(network=network, status=MembershipStatus.WAITLISTED).count()
    free = network.seats_left
    too_few = network.member_count < MIN_MEMBERS
    stuck = free > 0 and waiting >= WAITLIST_WITH_FREE_SEATS
    detail = ngettext(
        "%(taken)d of %(cap)d seats taken, %(free)d free; %(waiting)d person on the waitlist.",
        "%(taken)d of %(cap)d seats taken, %(free)d free; %(waiting)d people on the waitlist.",
        waiting,
    ) % {"taken": network.member_count, "cap": network.member_cap, "free": free, "waiting": waiting}
    if too_few:
        title = _("Fewer than %(min)d members") % {"min": MIN_MEMBERS}
    elif stuck:
        title = _("People wait while a seat is free")
    else:
        title = _("Seats and waitlist")
    return Signal(
        kind="networks.seats",
        level=WARNING if too_few or stuck else OK,
        title=title,
        detail=detail,
        action_url=links.manage_members_path(network.pk),
        action_label=_("Invite members") if too_few else _("Open the members page"),
    )


def failed_emails_signal(*, network: Network) -> Signal:
    """Emails of the network that failed and were not sent again (one query per outbox table)."""
    failed = outbox.network_failed_count(network_id=network.pk)
    url = links.emails_path(network.pk)
    if failed < FAILED_EMAILS:
        return Signal(
            kind="networks.failed_emails",
            level=OK,
            title=_("Emails"),
            detail=_("No email has failed."),
            action_url=url,
            action_label=_("See the emails"),
        )
    return Signal(
        kind="networks.failed_emails",
        level=WARNING,
        title=_("Emails that did not arrive"),
        detail=ngettext(
            "%(count)d email failed and has not been sent again.",
            "%(count)d emails failed and have not been sent again.",
            failed,
        )
        % {"count": failed},
        action_url=url + "?" + urlencode({"state": outbox.OutboxState.FAILED}),
        action_label=_("Check and send again"),
    )


def network_health(*, network: Network):
    """The provider registered in ``NetworksConfig.ready()``."""
    signal = seats_signal(network=network)
    if signal is not None:
        yield signal
    yield failed_emails_signal(network=network)
