"""What the reports app asks of a person (core/todo.py). Fixed query count: the user's
memberships, one query for minutes to read (members) and one for minutes to publish
(facilitators).
"""

import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from core.todo import FACILITATOR, MEMBER, Task
from networks.enums import Role
from networks.selectors import memberships_for_tasks
from reports.models import MinutesRead, MinutesVersion
from sessions.enums import ABSENT_STATUSES, SessionStatus
from sessions.models import Attendance, LearningSession


def _session_task(kind, title, url, session, *, due, role) -> Task:
    return Task(
        kind=kind,
        title=title,
        url=url,
        due=due,
        network_id=session.network_id,
        network_name=session.network.name,
        role=role,
    )


def minutes_tasks(*, user, network=None) -> list[Task]:
    """Member: read the published minutes of a held session one was registered excused or absent
    for, until one opens the minutes page (``reports.read_minutes``; ``MinutesRead``).
    Facilitator: write and publish the minutes of a held session that has no published version
    yet, due ``Network.minutes_due_days`` after the session ended (``reports.publish_minutes``)."""
    memberships = memberships_for_tasks(user=user, network=network)
    member_of = [m.network_id for m in memberships if m.role == Role.MEMBER]
    facilitating = [m.network_id for m in memberships if m.is_facilitator]
    published = MinutesVersion.objects.filter(minutes__session=OuterRef("pk"))
    tasks = []
    if member_of:
        missed = (
            LearningSession.objects.filter(network_id__in=member_of, status=SessionStatus.HELD)
            .filter(
                Exists(
                    Attendance.objects.filter(
                        session=OuterRef("pk"), user=user, status__in=ABSENT_STATUSES
                    )
                ),
                Exists(published),
            )
            .exclude(Exists(MinutesRead.objects.filter(minutes__session=OuterRef("pk"), user=user)))
            .select_related("network")
            .order_by("starts_at", "pk")
        )
        tasks += [
            _session_task(
                "reports.read_minutes",
                _("Read the minutes of session %(number)d of %(network)s, which you missed")
                % {"number": session.number, "network": session.network.name},
                reverse("reports:minutes", kwargs={"pk": session.pk}),
                session,
                due=None,
                role=MEMBER,
            )
            for session in missed
        ]
    if facilitating:
        unpublished = (
            LearningSession.objects.filter(network_id__in=facilitating, status=SessionStatus.HELD)
            .exclude(Exists(published))
            .select_related("network")
            .order_by("ends_at", "pk")
        )
        tasks += [
            _session_task(
                "reports.publish_minutes",
                _("Write and publish the minutes of session %(number)d of %(network)s")
                % {"number": session.number, "network": session.network.name},
                reverse("reports:minutes_edit", kwargs={"pk": session.pk}),
                session,
                due=session.ends_at + datetime.timedelta(days=session.network.minutes_due_days),
                role=FACILITATOR,
            )
            for session in unpublished
        ]
    return tasks
