"""Health signal of a network about its minutes (registry: core/health.py)."""

import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.health import OK, WARNING, Signal
from minutes import links
from minutes.models import MinutesVersion
from networks.models import Network
from sessions.enums import SessionStatus
from sessions.models import LearningSession


def minutes_signal(*, network: Network) -> Signal | None:
    """Held sessions whose minutes are not published once the network's due days have passed
    since they ended (one query). Nothing before the first held session."""
    due_days = network.minutes_due_days  # the network's setting, as the facilitator's task
    due_before = timezone.now() - datetime.timedelta(days=due_days)
    held = list(
        LearningSession.objects.filter(network=network, status=SessionStatus.HELD)
        .annotate(published=Exists(MinutesVersion.objects.filter(minutes__session=OuterRef("pk"))))
        .order_by("starts_at")
    )
    if not held:
        return None
    overdue = [s for s in held if not s.published and s.ends_at <= due_before]
    if not overdue:
        return Signal(
            kind="reports.minutes",
            level=OK,
            title=_("Minutes"),
            detail=ngettext(
                "No minutes are more than %(days)d day late.",
                "No minutes are more than %(days)d days late.",
                due_days,
            )
            % {"days": due_days},
            action_url=links.timeline_path(network_id=network.pk),
            action_label=_("See the sessions"),
        )
    oldest = overdue[0]
    return Signal(
        kind="reports.minutes",
        level=WARNING,
        title=_("Minutes not published"),
        detail=ngettext(
            "%(count)d held session has no published minutes %(days)d days after it ended "
            "(session %(number)d).",
            "%(count)d held sessions have no published minutes %(days)d days after they ended "
            "(the oldest: session %(number)d).",
            len(overdue),
        )
        % {"count": len(overdue), "days": due_days, "number": oldest.number},
        action_url=links.minutes_edit_path(session_id=oldest.pk),
        action_label=_("Write the minutes"),
    )


def report_health(*, network: Network):
    """The provider registered in ``MinutesConfig.ready()``."""
    signal = minutes_signal(network=network)
    if signal is not None:
        yield signal
