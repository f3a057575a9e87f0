"""The method's checklist of a network, for its facilitators (issue 24): the steps of a learning
network as the seed text describes them (shared/seed/lerende-netwerken.txt, "Als je zelf een
lerend netwerk opricht"), in order, each ticked from what is stored.

The checklist reflects, it never blocks: every step is computed from the rows on its own, so a
step done out of order is ticked, and two facilitators doing the same step see the same tick
(there is nothing to tick by hand, so nothing to tick twice). The current step is the first one
not done; it carries one action (a page, or a POST for opening the network).

One query, however many networks, sessions or members: the facts are subqueries annotated on the
network rows (``_facts``), shared within a request (core/memo.py) by the network page's
checklist and the to-do provider (reports/todo.py)."""

from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.memo import memoized
from evaluations.enums import GoalStatus, QuestionnaireKind, VoteKind
from evaluations.models import Intake, LearningGoal, Questionnaire, Vote
from minutes.models import MinutesVersion
from networks.enums import NetworkStatus
from networks.models import Invitation, Network
from reports import links
from reports.models import NetworkReport
from sessions.enums import SessionKind, SessionStatus
from sessions.models import LearningSession

# "The next sessions" are planned once there is one besides the kickoff.
SESSIONS_AFTER_KICKOFF = 2

# The steps, in the method's order: (key, title). Titles are what a facilitator does.
STEPS = (
    ("goal", gettext_lazy("State the goal, the participants' role and how the trajectory runs")),
    ("open", gettext_lazy("Open the network")),
    ("invite", gettext_lazy("Invite the members (ten to fifteen)")),
    ("intake", gettext_lazy("Ask the members' expectations in the intake")),
    ("goals", gettext_lazy("Let the members vote on the learning goals and adopt them")),
    ("kickoff_planned", gettext_lazy("Plan the kickoff: getting acquainted, expectations")),
    ("kickoff_held", gettext_lazy("Hold the kickoff and register who came")),
    ("attendance", gettext_lazy("After each session: register the attendance")),
    ("minutes", gettext_lazy("After each session: write the minutes, also for the absent")),
    ("evaluation", gettext_lazy("After each session: an evaluation")),
    ("more_sessions", gettext_lazy("Plan the next sessions: depth, outside knowledge")),
    ("final", gettext_lazy("Open the final evaluation")),
    ("report", gettext_lazy("Make the final report and share the results")),
)


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    done: bool
    state: str = ""  # what is stored, in a few words ("open until 3 May")
    action_label: str = ""
    action_url: str = ""
    post: dict = field(default_factory=dict)  # the action is a POST of these fields
    covered_by: str = ""  # the kind of the to-do that already asks this step (core/todo.py)


@dataclass(frozen=True)
class Checklist:
    network: Network
    steps: list[Step]

    @property
    def current(self) -> Step | None:
        """The first step not done: the method's next step."""
        return next((step for step in self.steps if not step.done), None)

    @property
    def done_count(self) -> int:
        return sum(step.done for step in self.steps)


def _first(queryset, value: str):
    return Subquery(queryset.values(value)[:1])


def _count(queryset):
    counted = queryset.order_by().values("network").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted[:1]), 0)


def _facts(network_ids: tuple[int, ...]) -> dict[int, Network]:
    now = timezone.now()
    sessions = LearningSession.objects.filter(network=OuterRef("pk")).exclude(
        status=SessionStatus.CANCELLED
    )
    kickoff = sessions.annotate(
        later=Case(
            When(kind=SessionKind.KICKOFF, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("later", "starts_at", "pk")
    held = sessions.filter(status=SessionStatus.HELD).order_by("starts_at", "pk")
    published = MinutesVersion.objects.filter(minutes__session=OuterRef("pk"))
    evaluated = Questionnaire.objects.filter(session=OuterRef("pk"), planned=False)
    goal_votes = Vote.objects.filter(network=OuterRef("pk"), kind=VoteKind.GOALS).order_by(
        "-created_at", "-pk"
    )
    finals = Questionnaire.objects.filter(
        network=OuterRef("pk"), kind=QuestionnaireKind.FINAL, planned=False
    )
    session_evaluations = Questionnaire.objects.filter(
        network=OuterRef("pk"), kind=QuestionnaireKind.SESSION, planned=False
    )
    rows = Network.objects.filter(pk__in=network_ids).annotate(
        invited=Exists(Invitation.objects.filter(network=OuterRef("pk"))),
        intake_deadline=_first(Intake.objects.filter(network=OuterRef("pk")), "deadline"),
        adopted_goals=_count(
            LearningGoal.objects.filter(network=OuterRef("pk"), status=GoalStatus.ADOPTED)
        ),
        goal_vote_id=_first(goal_votes, "pk"),
        goal_vote_closes=_first(goal_votes, "closes_at"),
        goal_vote_closed_at=_first(goal_votes, "closed_at"),
        kickoff_id=_first(kickoff, "pk"),
        kickoff_status=_first(kickoff, "status"),
        kickoff_ends=_first(kickoff, "ends_at"),
        kickoff_number=_first(kickoff, "number"),
        sessions_total=_count(sessions),
        held_total=_count(held),
        ended_planned_id=_first(
            sessions.filter(status=SessionStatus.PLANNED, ends_at__lte=now).order_by(
                "ends_at", "pk"
            ),
            "pk",
        ),
        without_minutes_id=_first(held.exclude(Exists(published)), "pk"),
        without_minutes=_count(held.exclude(Exists(published))),
        without_evaluation=_count(held.exclude(Exists(evaluated))),
        evaluations_shared=_count(session_evaluations.filter(results_shared=True)),
        final_id=_first(finals, "pk"),
        final_closes=_first(finals, "closes_at"),
        final_shared=_first(finals, "results_shared"),
        report_made=Exists(NetworkReport.objects.filter(network=OuterRef("pk"))),
    )
    return {row.pk: row for row in rows}


def network_facts(network_ids) -> dict[int, Network]:
    """The stored facts of each network's checklist, by id: one query, shared within a request."""
    ids = tuple(sorted(set(network_ids)))
    if not ids:
        return {}
    return memoized(("reports.checklist", ids), lambda: _facts(ids))


def _day(value) -> str:
    return date_format(localtime(value), "DATE_FORMAT")


def method_checklist(*, network) -> Checklist:
    """The checklist of ``network`` (one query, or none when the request read it already)."""
    return checklist_from(network_facts([network.pk])[network.pk])


def checklists_for(networks) -> dict[int, Checklist]:
    """The checklists of several networks at once, by id (one query)."""
    facts = network_facts([network.pk for network in networks])
    return {pk: checklist_from(row) for pk, row in facts.items()}


def checklist_from(row: Network) -> Checklist:
    builders = (
        _goal,
        _open,
        _invite,
        _intake,
        _goals,
        _kickoff_planned,
        _kickoff_held,
        _attendance,
        _minutes,
        _evaluation,
        _more_sessions,
        _final,
        _report,
    )
    titles = dict(STEPS)
    steps = []
    for (key, _title), build in zip(STEPS, builders, strict=True):
        step = build(row)
        steps.append(Step(key=key, title=str(titles[key]), **step))
    return Checklist(network=row, steps=steps)


def _goal(row) -> dict:
    done = bool(row.goal.strip() and row.participant_role.strip() and row.rhythm.strip())
    return {
        "done": done,
        "action_label": _("Describe the network"),
        "action_url": links.network_edit_path(row.pk),
    }


def _open(row) -> dict:
    return {
        "done": row.status != NetworkStatus.DRAFT,
        "state": row.get_status_display(),
        "action_label": _("Open the network"),
        "action_url": links.network_status_path(row.pk),
        "post": {"status": NetworkStatus.OPEN},
        "covered_by": "networks.open",
    }


def _invite(row) -> dict:
    return {
        "done": bool(row.invited or row.member_count),
        "state": _("%(members)d of %(cap)d seats taken")
        % {"members": row.member_count, "cap": row.member_cap},
        "action_label": _("Invite members"),
        "action_url": links.manage_members_path(row.pk),
    }


def _intake(row) -> dict:
    deadline = row.intake_deadline
    if deadline is None:
        state = _("Not opened yet")
    elif deadline > timezone.now():
        state = _("Open until %(date)s") % {"date": _day(deadline)}
    else:
        state = _("Closed on %(date)s") % {"date": _day(deadline)}
    return {
        "done": deadline is not None,
        "state": state,
        "action_label": _("See the intake") if deadline else _("Prepare the intake"),
        "action_url": links.intake_path(row.pk),
    }


def _goals(row) -> dict:
    if row.adopted_goals:
        state = ngettext(
            "%(count)d learning goal adopted", "%(count)d learning goals adopted", row.adopted_goals
        ) % {"count": row.adopted_goals}
    elif row.goal_vote_id is None:
        state = _("No vote yet")
    elif row.goal_vote_closed_at is None and row.goal_vote_closes > timezone.now():
        state = _("The vote is open until %(date)s") % {"date": _day(row.goal_vote_closes)}
    else:
        state = _("The vote is closed: adopt the goals")
    if row.goal_vote_id is not None and not row.adopted_goals:
        label, url = _("See the vote"), links.vote_path(network_id=row.pk, vote_id=row.goal_vote_id)
    else:
        label, url = _("Learning goals"), links.goals_path(row.pk)
    return {
        "done": bool(row.adopted_goals),
        "state": state,
        "action_label": label,
        "action_url": url,
    }


def _kickoff_planned(row) -> dict:
    if row.kickoff_id is not None:
        return {
            "done": True,
            "state": _("Session %(number)d") % {"number": row.kickoff_number},
            "action_label": _("See the kickoff"),
            "action_url": links.session_path(row.kickoff_id),
        }
    return {
        "done": False,
        "state": _("Not planned yet"),
        "action_label": _("Plan the kickoff"),
        "action_url": links.session_create_path(row.pk, kind=SessionKind.KICKOFF),
    }


def _kickoff_held(row) -> dict:
    done = row.kickoff_status == SessionStatus.HELD
    ended = row.kickoff_id is not None and row.kickoff_ends <= timezone.now()
    if row.kickoff_id is None:
        label, url = (
            _("Plan the kickoff"),
            links.session_create_path(row.pk, kind=SessionKind.KICKOFF),
        )
    elif ended and not done:
        label, url = _("Register who came"), links.attendance_path(row.kickoff_id)
    else:
        label, url = _("See the kickoff"), links.session_path(row.kickoff_id)
    return {
        "done": done,
        "state": _("Held") if done else "",
        "action_label": label,
        "action_url": url,
        "covered_by": "sessions.attendance" if ended and not done else "",
    }


def _attendance(row) -> dict:
    waiting = row.ended_planned_id
    return {
        "done": row.held_total > 0 and waiting is None,
        "state": ngettext("%(count)d session held", "%(count)d sessions held", row.held_total)
        % {"count": row.held_total}
        if row.held_total
        else _("No session held yet"),
        "action_label": _("Register the attendance") if waiting else _("Sessions"),
        "action_url": links.attendance_path(waiting) if waiting else links.timeline_path(row.pk),
        "covered_by": "sessions.attendance" if waiting else "",
    }


def _minutes(row) -> dict:
    missing = row.without_minutes
    return {
        "done": row.held_total > 0 and not missing,
        "state": _("Minutes published for %(done)d of %(held)d held sessions")
        % {"done": row.held_total - missing, "held": row.held_total}
        if row.held_total
        else _("No session held yet"),
        "action_label": _("Write the minutes") if missing else _("Sessions"),
        "action_url": links.minutes_edit_path(session_id=row.without_minutes_id)
        if missing
        else links.timeline_path(row.pk),
        "covered_by": "reports.publish_minutes" if missing else "",
    }


def _evaluation(row) -> dict:
    return {
        "done": row.held_total > 0 and not row.without_evaluation,
        "state": _("Results shared for %(shared)d of %(held)d held sessions")
        % {"shared": row.evaluations_shared, "held": row.held_total}
        if row.held_total
        else _("No session held yet"),
        "action_label": _("See the evaluations"),
        "action_url": links.evaluations_path(row.pk),
    }


def _more_sessions(row) -> dict:
    return {
        "done": row.sessions_total >= SESSIONS_AFTER_KICKOFF,
        "state": ngettext(
            "%(count)d session planned or held",
            "%(count)d sessions planned or held",
            row.sessions_total,
        )
        % {"count": row.sessions_total},
        "action_label": _("Plan a session"),
        "action_url": links.session_create_path(row.pk),
    }


def _final(row) -> dict:
    if row.final_id is None:
        state = _("Not opened yet")
    elif row.final_closes > timezone.now():
        state = _("Open until %(date)s") % {"date": _day(row.final_closes)}
    else:
        state = _("Closed on %(date)s") % {"date": _day(row.final_closes)}
    return {
        "done": row.final_id is not None,
        "state": state,
        "action_label": _("Open the final evaluation"),
        "action_url": links.final_open_path(row.pk),
    }


def _report(row) -> dict:
    if row.final_id is None:
        state = ""
    elif row.final_shared:
        state = _("The final evaluation's results are shared")
    else:
        state = _("The final evaluation's results are not shared yet")
    return {
        "done": bool(row.report_made),
        "state": state,
        "action_label": _("Make the final report"),
        "action_url": links.report_path(row.pk),
    }


def final_results_path(row) -> str:
    """The final evaluation's results, where they are shared (empty without one)."""
    return links.results_path(row.final_id) if row.final_id else ""
