"""The weekly digest for facilitators (a service module: writes outbox rows).

Monday 08:00 Europe/Brussels (beat, ``networks.tasks.send_weekly_digests``) every facilitator
gets one email with their open facilitator tasks (``core.todo``) and the warnings of the networks
they facilitate (``core.health``), rendered in their language. Nothing is sent when nothing is
due, to someone who turned ``weekly_digest`` off on their profile, or to an address that is not
verified. The row (``accounts.DigestEmail``) is unique per user and ISO week, so running the task
twice in a week sends one digest.
"""

import datetime
import logging

from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils import timezone, translation

from accounts.models import DigestEmail
from accounts.services import digest_email_queue
from core.health import health_for
from core.mail import build_templated_mail
from core.todo import FACILITATOR, todos_for
from networks import links
from networks.enums import MembershipStatus, NetworkStatus, Role
from networks.models import Membership

logger = logging.getLogger(__name__)


def week_start(now: datetime.datetime) -> datetime.date:
    """The Monday of ``now``'s ISO week, in the site's time zone."""
    today = timezone.localdate(now)
    return today - datetime.timedelta(days=today.weekday())


def _absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) or not url else settings.SITE_URL + url


def _facilitated_networks() -> dict:
    """{user: [networks]} of every active facilitator who wants the digest and whose address
    is verified (two queries)."""
    memberships = (
        Membership.objects.filter(
            role=Role.FACILITATOR,
            status=MembershipStatus.ACTIVE,
            user__is_active=True,
            user__weekly_digest=True,
        )
        .exclude(network__status=NetworkStatus.CLOSED)
        .select_related("user", "network")
        .order_by("network__name", "pk")
    )
    memberships = list(memberships)
    verified = {
        (user_id, email.lower())
        for user_id, email in EmailAddress.objects.filter(
            user_id__in={m.user_id for m in memberships}, verified=True
        ).values_list("user_id", "email")
    }
    networks: dict = {}
    for membership in memberships:
        user = membership.user
        if (user.pk, user.email.lower()) in verified:
            networks.setdefault(user, []).append(membership.network)
    return networks


def digest_content(*, user, networks) -> dict | None:
    """What ``user``'s digest says, in the active language: their facilitator tasks and the
    warnings per network. None when there is nothing to do."""
    tasks = [task for task in todos_for(user=user) if task.role == FACILITATOR and task.in_digest]
    warnings = []
    for network in networks:
        signals = [signal for signal in health_for(network=network) if signal.is_warning]
        if signals:
            warnings.append({"network": network, "signals": signals})
    if not tasks and not warnings:
        return None
    return {
        "tasks": [{"task": task, "url": _absolute(task.url)} for task in tasks],
        "warnings": [
            {
                "network": group["network"],
                "signals": [
                    {"signal": signal, "url": _absolute(signal.action_url)}
                    for signal in group["signals"]
                ],
            }
            for group in warnings
        ],
    }


def digest_send_weekly(*, now: datetime.datetime | None = None) -> int:
    """Beat: queue this week's digest for every facilitator with something to do. Safe to run
    twice: a user who has this week's row is skipped, and the unique key stops a race. Returns
    how many digests were queued."""
    now = now or timezone.now()
    monday = week_start(now)
    done = set(
        DigestEmail.objects.filter(week_start=monday, resend_of=None).values_list(
            "user_id", flat=True
        )
    )
    queued = 0
    for user, networks in _facilitated_networks().items():
        if user.pk in done:
            continue
        with translation.override(user.language):
            content = digest_content(user=user, networks=networks)
        if content is None:
            continue
        message = build_templated_mail(
            template="networks/email/weekly_digest",
            context={
                "user": user,
                "week_start": monday,
                "profile_url": links.absolute(links.profile_path()),
                **content,
            },
            to=user.email,
            language=user.language,
        )
        if digest_email_queue(user=user, week_start=monday, message=message):
            queued += 1
    logger.info("weekly digest: %s queued for the week of %s", queued, monday)
    return queued
