"""What the evaluations app asks of a person (core/todo.py). Fixed query count: the user's
memberships, then one query for open intakes, votes and questionnaires together (members: a
UNION ALL) and one for results to open (facilitators).

Member to-dos are for people holding a member's seat: only they fill in the intake, vote and are
eligible for evaluations (the services refuse facilitators).
"""

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from core.todo import FACILITATOR, ToDo
from evaluations import links
from evaluations.enums import QuestionnaireKind
from evaluations.models import (
    Eligibility,
    Intake,
    IntakeResponse,
    Participation,
    Questionnaire,
    Vote,
    VoteBallot,
)
from evaluations.rules import shows_aggregate
from networks.models import Network
from networks.selectors import task_scope


def evaluation_todos(*, user, network=None) -> list[ToDo]:
    """Member: fill in the open intake (``evaluations.intake``), vote in an open vote
    (``evaluations.vote``), answer an open session or final evaluation one is eligible for
    (``evaluations.answer``). Facilitator: open the results (``evaluations.results``, see
    ``_results_todos``)."""
    scope = task_scope(user=user, network=network)
    todos = []
    if scope.member_of:
        todos += _member_todos(user, list(scope.member_of))
    if scope.facilitating:
        todos += _results_todos(list(scope.facilitating))
    return todos


_ROW = ("t_kind", "t_pk", "t_network_id", "t_network_name", "t_due", "t_title", "t_q_kind")
_ROW_SESSION = ("t_session_number", "t_session_title")


def _todo_rows(queryset, kind: str, **columns):
    """``queryset`` as rows of the member to-dos' one UNION ALL: the same columns, in the same
    order, all annotations (so the order of the SELECT is the order named here)."""
    empty = {
        "t_title": Value(""),
        "t_q_kind": Value(""),
        # Typed: PostgreSQL types the UNION's columns from the first branches on.
        "t_session_number": Cast(Value(None), IntegerField()),
        "t_session_title": Value(""),
    }
    values = {
        "t_kind": Value(kind),
        "t_pk": F("pk"),
        "t_network_id": F("network_id"),
        "t_network_name": F("network__name"),
        **empty,
        **columns,
    }
    return (
        queryset.order_by()
        .annotate(**{name: values[name] for name in (*_ROW, *_ROW_SESSION)})
        .values_list(*_ROW, *_ROW_SESSION)
    )


def _member_todos(user, network_ids) -> list[ToDo]:
    """The open intakes, votes and questionnaires waiting for ``user``, in one query."""
    now = timezone.now()
    intakes = Intake.objects.filter(network_id__in=network_ids, deadline__gt=now).exclude(
        Exists(IntakeResponse.objects.filter(intake=OuterRef("pk"), user=user))
    )
    votes = Vote.objects.filter(
        network_id__in=network_ids, closed_at__isnull=True, closes_at__gt=now
    ).exclude(Exists(VoteBallot.objects.filter(option__vote=OuterRef("pk"), user=user)))
    questionnaires = (
        Questionnaire.objects.filter(
            network_id__in=network_ids, opens_at__lte=now, closes_at__gt=now
        )
        .filter(Exists(Eligibility.objects.filter(questionnaire=OuterRef("pk"), user=user)))
        .exclude(Exists(Participation.objects.filter(questionnaire=OuterRef("pk"), user=user)))
    )
    rows = _todo_rows(intakes, "intake", t_due=F("deadline")).union(
        _todo_rows(votes, "vote", t_due=F("closes_at"), t_title=F("title")),
        _todo_rows(
            questionnaires,
            "answer",
            t_due=F("closes_at"),
            t_q_kind=F("kind"),
            t_session_number=F("session__number"),
            t_session_title=F("session__title"),
        ),
        all=True,
    )
    todos = []
    for kind, pk, network_id, network_name, due, title, q_kind, number, session_title in rows:
        network = Network(pk=network_id, name=network_name)
        if kind == "intake":
            todos.append(
                ToDo.about(
                    network,
                    kind="evaluations.intake",
                    title=_("Fill in the intake of %(network)s") % {"network": network_name},
                    url=links.intake_path(network_id),
                    due=due,
                )
            )
        elif kind == "vote":
            todos.append(
                ToDo.about(
                    network,
                    kind="evaluations.vote",
                    title=_("Vote in %(network)s: %(title)s")
                    % {"network": network_name, "title": title},
                    url=links.vote_path(network_id=network_id, vote_id=pk),
                    due=due,
                )
            )
        else:
            if q_kind == QuestionnaireKind.FINAL:
                title = _("Fill in the final evaluation of %(network)s") % {"network": network_name}
            else:
                title = _("Evaluate session %(number)d of %(network)s: %(title)s") % {
                    "number": number,
                    "network": network_name,
                    "title": session_title,
                }
            todos.append(
                ToDo.about(
                    network,
                    kind="evaluations.answer",
                    title=title,
                    url=links.answer_path(pk),
                    due=due,
                )
            )
    return todos


def _results_todos(network_ids) -> list[ToDo]:
    """A questionnaire is waiting for its facilitators when it is over (its closing date has
    passed: ``closes_at <= now``; there is no other way to close one), its results can show
    (``rules.shows_aggregate`` on the *released* answers: an anonymous questionnaire's answers
    reach the results in groups of at least k, so counting participations would tell the
    facilitator that someone answered while the results still show nothing) and they are not
    shared with the members (``results_shared`` is False). Sharing them
    (``services.results_share``) ends the to-do."""
    questionnaires = (
        Questionnaire.objects.filter(
            network_id__in=network_ids,
            closes_at__lte=timezone.now(),
            results_shared=False,
        )
        .annotate(released=Count("responses", distinct=True))
        .filter(released__gt=0)
        .select_related("network", "session")
        .order_by("closes_at", "pk")
    )
    questionnaires = [q for q in questionnaires if shows_aggregate(q, q.released)]
    return [
        ToDo.about(
            questionnaire.network,
            kind="evaluations.results",
            title=_("Look at the results of “%(title)s” and share them with %(network)s")
            % {"title": questionnaire.title, "network": questionnaire.network.name},
            url=links.results_path(questionnaire.pk),
            due=None,
            role=FACILITATOR,
        )
        for questionnaire in questionnaires
    ]
