"""Reads for sessions, always scoped to the user's networks."""

import datetime
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.datetimes import EARLIEST
from core.memo import memoized, remember
from networks.enums import MembershipStatus, Role
from networks.models import Membership, Network
from sessions.enums import (
    ABSENT_STATUSES,
    PRESENT_STATUSES,
    AnnouncementAudience,
    RsvpAnswer,
    SessionStatus,
    SpeakerEmailKind,
)
from sessions.models import (
    AbsenceFollowUp,
    AgendaItem,
    AgendaRoleAssignment,
    Announcement,
    Attendance,
    CalendarFeed,
    CatchUpInput,
    LearningSession,
    PracticeQuestion,
    Rsvp,
    Speaker,
    SpeakerEmail,
    WorkForm,
)
from sessions.roles import ROLE_ORDER, History, describe_roles, suggest_roles


def _active_membership(user, network_ref="network"):
    return Membership.objects.filter(
        network=OuterRef(network_ref), user=user, status=MembershipStatus.ACTIVE
    )


def session_queryset_for_user(*, user) -> QuerySet[LearningSession]:
    """Sessions of the networks the user is an active member or facilitator of."""
    if not user.is_authenticated:
        return LearningSession.objects.none()
    return (
        LearningSession.objects.filter(Exists(_active_membership(user)))
        .select_related("network")
        .annotate(viewer_role=Subquery(_active_membership(user).values("role")[:1]))
    )


def session_by_pk(*, pk: int) -> LearningSession | None:
    """The session with ``pk`` and its network, or None, unscoped: only for
    ``pages.sessions.mixins`` (the views' one way to find their session), which then asks the
    permission layer whether the user may know it exists (``networks.view_network``, as
    ``session_queryset_for_user``)."""
    return LearningSession.objects.select_related("network").filter(pk=pk).first()


def _with_attendance_rate(queryset: QuerySet[LearningSession]) -> QuerySet[LearningSession]:
    return queryset.annotate(
        attendance_registered=Count("attendance", distinct=True),
        attendance_present=Count(
            "attendance", filter=Q(attendance__status__in=PRESENT_STATUSES), distinct=True
        ),
    )


def timeline(*, network: Network) -> dict:
    """Past and upcoming sessions with status and attendance rate. (The timeline page adds what
    the apps above know of each: its minutes, its learning goals.)"""
    sessions = list(_with_attendance_rate(network.sessions.all()).order_by("starts_at"))
    now = timezone.now()
    for session in sessions:
        session.attendance_rate = (
            round(100 * session.attendance_present / session.attendance_registered)
            if session.attendance_registered
            else None
        )
    return {
        "past": [s for s in sessions if s.ends_at < now or s.status == SessionStatus.HELD],
        "upcoming": [s for s in sessions if s.ends_at >= now and s.status != SessionStatus.HELD],
    }


def active_members(
    *, network: Network, include_facilitators: bool = False, attendance_at=None
) -> list:
    """The users holding a seat (and the facilitators, if asked), by name. With
    ``attendance_at`` (a session), each user carries ``attendance_status``: how they are
    registered for it (None when not), in the same query."""
    roles = [Role.MEMBER, Role.FACILITATOR] if include_facilitators else [Role.MEMBER]
    memberships = (
        Membership.objects.filter(network=network, status=MembershipStatus.ACTIVE, role__in=roles)
        .select_related("user")
        .order_by("user__full_name", "user_id")
    )
    if attendance_at is not None:
        status = Attendance.objects.filter(session=attendance_at, user=OuterRef("user_id"))
        memberships = memberships.annotate(attendance_status=Subquery(status.values("status")[:1]))
    users = []
    for membership in memberships:
        if attendance_at is not None:
            membership.user.attendance_status = membership.attendance_status
        users.append(membership.user)
    return users


def session_detail(*, session: LearningSession, user) -> dict:
    agenda = list(
        AgendaItem.objects.filter(session=session).select_related("work_form", "question")
    )
    total = sum(item.duration_minutes for item in agenda)
    rsvps = list(Rsvp.objects.filter(session=session).select_related("user"))
    # The session's role rows, read once: the session-level ones, the viewer's, and each agenda
    # item's (``item.assigned_roles``, what ``item.roles.all`` would read again per page).
    assignments = list(
        AgendaRoleAssignment.objects.filter(session=session).select_related("user").order_by("pk")
    )
    items = {item.pk: item for item in agenda}
    for item in agenda:
        item.assigned_roles = []
    for assignment in assignments:
        if assignment.item_id is not None:
            assignment.item = items[assignment.item_id]
            assignment.item.assigned_roles.append(assignment)
    session_level = sorted(
        (a for a in assignments if a.item_id is None), key=lambda a: ROLE_ORDER.index(a.role)
    )
    return {
        "session_roles": session_level,
        "my_roles": describe_roles([a for a in assignments if a.user_id == user.pk], agenda),
        "agenda": agenda,
        "agenda_minutes": total,
        "agenda_too_long": total > session.duration_minutes,
        "speakers": speakers_with_briefs(session=session),
        "rsvps": sorted(rsvps, key=lambda rsvp: rsvp.user.full_name),
        "my_rsvp": next((rsvp for rsvp in rsvps if rsvp.user_id == user.pk), None),
    }


def speakers_with_briefs(*, session: LearningSession) -> list[Speaker]:
    """The session's speakers, each with ``brief_sent_at``: when the last brief email went out
    (None while none did), in one query."""
    sent = SpeakerEmail.objects.filter(
        speaker=OuterRef("pk"), kind=SpeakerEmailKind.BRIEF, sent_at__isnull=False
    ).order_by("-sent_at")
    return list(session.speakers.annotate(brief_sent_at=Subquery(sent.values("sent_at")[:1])))


def speaker_for_confirmation(*, speaker_id: int) -> Speaker | None:
    """The speaker a valid confirmation link names, with session and network (None if removed)."""
    return Speaker.objects.select_related("session__network").filter(pk=speaker_id).first()


def speaker_brief_email(*, speaker: Speaker, version: int) -> SpeakerEmail | None:
    """The first email of ``version`` of ``speaker``'s brief (when it was sent)."""
    return (
        SpeakerEmail.objects.filter(speaker=speaker, kind=SpeakerEmailKind.BRIEF, sequence=version)
        .order_by("pk")
        .first()
    )


def catch_up_inputs_for(*, session: LearningSession) -> list[CatchUpInput]:
    """The input members gave after reading the minutes of a session they missed, that is for
    ``session``: given since the network's session before it started (the latest one not
    cancelled) and before ``session`` starts, so the facilitator preparing a session sees what
    came in since the last one. Oldest first, one query. Input put on the question board is on
    the board instead."""
    previous_start = (
        LearningSession.objects.filter(
            network_id=session.network_id, starts_at__lt=session.starts_at
        )
        .exclude(status=SessionStatus.CANCELLED)
        .order_by("-starts_at", "-pk")
        .values("starts_at")[:1]
    )
    return list(
        CatchUpInput.objects.filter(
            session__network_id=session.network_id,
            to_board=False,
            created_at__lt=session.starts_at,
            created_at__gte=Coalesce(Subquery(previous_start), Value(EARLIEST)),
        )
        .select_related("member", "session")
        .order_by("created_at", "pk")
    )


def absentees(*, session: LearningSession) -> list:
    """Members registered as excused or absent for a held session."""
    if session.status != SessionStatus.HELD:
        return []
    return [
        attendance.user
        for attendance in Attendance.objects.filter(
            session=session, status__in=ABSENT_STATUSES
        ).select_related("user")
    ]


# Two absences in a row (excused or absent) mark a member to get in touch with.
REPEATED_ABSENCE = 2
# Planned sessions starting within this time tell their facilitators who has not answered yet.
RSVP_MISSING_WINDOW = datetime.timedelta(days=3)


def absence_streaks(cells) -> tuple[int, int]:
    """The longest and the current (ending at the last session) run of consecutive absences in
    ``cells``: a member's attendance rows (or None where none was registered) in session order.
    The one rule behind the overview's "repeated absence" and the facilitator's task."""
    streak = longest = 0
    for cell in cells:
        streak = streak + 1 if cell is not None and cell.status in ABSENT_STATUSES else 0
        longest = max(longest, streak)
    return longest, streak


def _attendance_marks(sessions: QuerySet[LearningSession]) -> dict[int, dict[int, Attendance]]:
    """user id → session id → attendance row, for ``sessions`` (one query, with the sessions as
    a subquery: the same count with no session at all)."""
    marks = defaultdict(dict)
    for attendance in Attendance.objects.filter(session__in=sessions):
        marks[attendance.user_id][attendance.session_id] = attendance
    return marks


def attendance_overview(*, network: Network) -> dict:
    """Members × held sessions, each member's rate, who ever missed two sessions in a row
    (``repeated_absence``) and how many of the latest held sessions in a row each member missed
    (``absent_in_a_row``)."""
    members = active_members(network=network)
    held = network.sessions.filter(status=SessionStatus.HELD).order_by("starts_at")
    sessions = list(held)
    marks = _attendance_marks(held)
    rows = []
    for member in members:
        cells = [marks[member.pk].get(session.pk) for session in sessions]
        registered = [cell for cell in cells if cell is not None]
        present = [cell for cell in registered if cell.status in PRESENT_STATUSES]
        longest, current = absence_streaks(cells)
        rows.append(
            {
                "member": member,
                "cells": cells,
                "rate": round(100 * len(present) / len(registered)) if registered else None,
                "repeated_absence": longest >= REPEATED_ABSENCE,
                "absent_in_a_row": current,
            }
        )
    return {"sessions": sessions, "rows": rows}


def repeatedly_absent(*, network_ids) -> dict[int, list]:
    """Per network id, the active members whose last ``REPEATED_ABSENCE`` held sessions (or
    more) were all absences (``absence_streaks``), by name. Two queries, whatever the number of
    networks, sessions or members, and none the second time within a page (core/memo.py). A
    member registered present again drops off."""
    network_ids = sorted(set(network_ids))
    if not network_ids:
        return {}
    return memoized(
        ("sessions.repeatedly_absent", tuple(network_ids)),
        lambda: _repeatedly_absent(network_ids),
    )


def held_session_count(*, network_id: int) -> int:
    """How many sessions the network held (one query; none within a memo scope, core/memo.py,
    where ``repeatedly_absent`` already read them)."""
    return memoized(
        ("sessions.held_count", network_id),
        lambda: LearningSession.objects.filter(
            network_id=network_id, status=SessionStatus.HELD
        ).count(),
    )


def _repeatedly_absent(network_ids: list[int]) -> dict[int, list]:
    members = defaultdict(list)
    for membership in (
        Membership.objects.filter(
            network_id__in=network_ids, status=MembershipStatus.ACTIVE, role=Role.MEMBER
        )
        .select_related("user")
        .order_by("user__full_name", "user_id")
    ):
        members[membership.network_id].append(membership.user)
    # The held sessions with their attendance rows in one read (an outer join: a session
    # nobody is registered for comes as one row without a user, and breaks every streak).
    sessions = defaultdict(list)  # network id -> held session ids, oldest first
    marks = defaultdict(dict)  # user id -> session id -> attendance (only its status is read)
    held = (
        LearningSession.objects.filter(network_id__in=network_ids, status=SessionStatus.HELD)
        .order_by("starts_at", "pk")
        .values_list("pk", "network_id", "attendance__user_id", "attendance__status")
    )
    for session_id, network_id, user_id, status in held:
        if not sessions[network_id] or sessions[network_id][-1] != session_id:
            sessions[network_id].append(session_id)
        if user_id is not None:
            marks[user_id][session_id] = Attendance(status=status)
    for network_id in network_ids:  # what held_session_count would ask again in this scope
        remember(("sessions.held_count", network_id), len(sessions[network_id]))
    absent = {}
    for network_id, network_members in members.items():
        found = [
            member
            for member in network_members
            if absence_streaks(
                [marks[member.pk].get(session_id) for session_id in sessions[network_id]]
            )[1]
            >= REPEATED_ABSENCE
        ]
        if found:
            absent[network_id] = found
    return absent


def absence_follow_ups(*, network_ids) -> set[tuple[int, int]]:
    """``(network id, member id)`` for the members a facilitator got in touch with after their
    network's latest held session (one query): their "get in touch" task is done."""
    latest = (
        LearningSession.objects.filter(
            network=OuterRef("session__network"), status=SessionStatus.HELD
        )
        .order_by("-starts_at", "-pk")
        .values("pk")[:1]
    )
    return set(
        AbsenceFollowUp.objects.filter(session__network_id__in=network_ids)
        .filter(session=Subquery(latest))
        .values_list("session__network_id", "member_id")
    )


def work_forms_for_user(*, user) -> QuerySet[WorkForm]:
    """The catalogue and the custom methods of the user's networks."""
    return WorkForm.objects.filter(
        Q(network__isnull=True)
        | Q(
            network__memberships__user=user,
            network__memberships__status=MembershipStatus.ACTIVE,
        )
    ).distinct()


def active_networks(*, user) -> list[Network]:
    """The networks ``user`` is an active member or facilitator of, in id order (one query)."""
    return list(
        Network.objects.filter(
            memberships__user=user, memberships__status=MembershipStatus.ACTIVE
        ).order_by("pk")
    )


def work_forms_of(*, network_ids) -> QuerySet[WorkForm]:
    """The catalogue and the custom methods of the networks ``network_ids``."""
    return WorkForm.objects.filter(Q(network__isnull=True) | Q(network_id__in=network_ids))


def work_form_by_pk(*, pk: int) -> WorkForm | None:
    """The work form ``pk`` with its network (None for the catalogue's), whoever asks: the
    network's door decides (sessions.views.WorkFormDetailView)."""
    return WorkForm.objects.select_related("network").filter(pk=pk).first()


def work_forms_for_network(*, network: Network) -> QuerySet[WorkForm]:
    return WorkForm.objects.filter(Q(network__isnull=True) | Q(network=network))


def practice_questions(*, network: Network) -> list[PracticeQuestion]:
    return list(
        PracticeQuestion.objects.filter(network=network)
        .select_related("author", "agenda_item__session")
        .order_by("status", "-created_at")
    )


def sessions_for_feed(*, user) -> QuerySet[LearningSession]:
    return session_queryset_for_user(user=user).order_by("starts_at")


def active_feed(*, user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def feed_by_token(*, token: str) -> CalendarFeed | None:
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def upcoming_sessions_facilitated(*, user, work_form: WorkForm | None = None):
    """The planned sessions still to come in the networks ``user`` facilitates, soonest first;
    with ``work_form``, only those whose network may use it (the catalogue, or its own)."""
    if not user.is_authenticated:
        return LearningSession.objects.none()
    facilitating = Membership.objects.filter(
        network=OuterRef("network"),
        user=user,
        status=MembershipStatus.ACTIVE,
        role=Role.FACILITATOR,
    )
    sessions = LearningSession.objects.filter(
        Exists(facilitating), status=SessionStatus.PLANNED, starts_at__gt=timezone.now()
    )
    if work_form is not None and work_form.network_id is not None:
        sessions = sessions.filter(network_id=work_form.network_id)
    return sessions.select_related("network").order_by("starts_at", "pk")


def rsvp_link_target(*, session_id: int, user_id: int):
    """(session, member) a signed RSVP link names: the member if active, the session only among
    that member's networks' sessions; None for either that is not there (two queries)."""
    member = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if member is None:
        return None, None
    session = session_queryset_for_user(user=member).filter(pk=session_id).first()
    return session, member


# Announcements ----------------------------------------------------------------------------------


def announcement_audience(
    *, network: Network, audience: str, session: LearningSession | None = None
) -> list[Membership]:
    """Who an announcement is for, as active member memberships by name (``.user``,
    ``.announcement_emails``): every member, or the members present at (absent from) ``session``
    by its recorded attendance. One query. The caller checks that ``session`` is this network's
    and has attendance (``sessions.services.announcement_recipients``)."""
    memberships = Membership.objects.filter(
        network=network, status=MembershipStatus.ACTIVE, role=Role.MEMBER
    )
    if audience != AnnouncementAudience.ALL:
        statuses = PRESENT_STATUSES if audience == AnnouncementAudience.PRESENT else ABSENT_STATUSES
        marked = Attendance.objects.filter(
            session=session, user=OuterRef("user"), status__in=statuses
        )
        memberships = memberships.filter(Exists(marked))
    return list(memberships.select_related("user").order_by("user__full_name", "user_id"))


def announcements(*, network: Network) -> QuerySet[Announcement]:
    """The network's announcements, newest first, with what the page shows of each (no query
    per announcement)."""
    return (
        Announcement.objects.filter(network=network)
        .select_related("author", "session")
        .order_by("-created_at", "-pk")
    )


def announcement_sessions(*, network: Network) -> QuerySet[LearningSession]:
    """The sessions an announcement may address (present or absent), newest first: those not
    cancelled that have begun."""
    return (
        LearningSession.objects.filter(network=network, starts_at__lte=timezone.now())
        .exclude(status=SessionStatus.CANCELLED)
        .order_by("-starts_at")
    )


def session_roles(*, session: LearningSession) -> dict:
    """The roles page: the session's roles now, the fair suggestion (``sessions.roles``), who
    can hold a role (members and facilitators), and per member how often they took each role in
    the network's other (not cancelled) sessions and whether they said they won't come (or, once
    the attendance is registered, were excused or absent). Four queries, whatever the number of
    members or sessions."""
    memberships = list(
        Membership.objects.filter(
            network_id=session.network_id,
            status=MembershipStatus.ACTIVE,
            role__in=[Role.MEMBER, Role.FACILITATOR],
        )
        .select_related("user")
        .order_by("user__full_name", "user_id")
    )
    people = [membership.user for membership in memberships]
    members = [m.user for m in memberships if m.role == Role.MEMBER]
    not_coming = set(
        Rsvp.objects.filter(session=session, answer=RsvpAnswer.NOT_ATTENDING).values_list(
            "user_id", flat=True
        )
    )
    # A session whose attendance is registered: who was excused or absent was not there either.
    absent = set(
        Attendance.objects.filter(session=session, status__in=ABSENT_STATUSES).values_list(
            "user_id", flat=True
        )
    )
    history: dict[int, History] = defaultdict(History)
    seen = set()
    current = {}
    for row in (
        AgendaRoleAssignment.objects.filter(session__network_id=session.network_id)
        .exclude(session__status=SessionStatus.CANCELLED)
        .values("user_id", "role", "session_id", "item_id", "session__starts_at")
        .order_by("session__starts_at", "pk")
    ):
        if row["session_id"] == session.pk:
            if row["item_id"] is None:
                current[row["role"]] = row["user_id"]
            continue
        key = (row["user_id"], row["role"], row["session_id"])
        if key in seen:  # the same role on two items of one session counts once
            continue
        seen.add(key)
        past = history[row["user_id"]]
        past.per_role[row["role"]] = past.per_role.get(row["role"], 0) + 1
        past.total += 1
        past.last = max(past.last, row["session__starts_at"])
    candidates = [m for m in members if m.pk not in not_coming and m.pk not in absent]
    by_id = {person.pk: person for person in people}
    rows = [
        {
            "member": member,
            "counts": [history[member.pk].per_role.get(role, 0) for role in ROLE_ORDER],
            "not_coming": member.pk in not_coming and member.pk not in absent,
            "absent": member.pk in absent,
        }
        for member in members
    ]
    return {
        "people": people,
        "current": {role: by_id.get(user_id) for role, user_id in current.items()},
        "suggestion": suggest_roles(candidates, history),
        "rows": rows,
        "roles": ROLE_ORDER,
        "too_few": len(candidates) < len(ROLE_ORDER),
    }


def my_session_roles(*, session: LearningSession, user, agenda: list | None = None) -> list[dict]:
    """``user``'s roles in ``session`` (for the whole session or one agenda item), each with what
    it does and the steps of the agenda's work forms for it (``sessions.roles.describe_roles``).
    Texts in the active language."""
    assignments = list(
        AgendaRoleAssignment.objects.filter(session=session, user=user).select_related(
            "item__work_form"
        )
    )
    if not assignments:
        return []
    if agenda is None:
        agenda = list(session.agenda.select_related("work_form"))
    return describe_roles(assignments, agenda)
