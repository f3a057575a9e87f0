"""What the evaluations app asks of a person (core/todo.py). Fixed query count: the user's
memberships, then one query each for open intakes, open votes and open questionnaires (members)
and one for results to open (facilitators).

Member tasks are for people holding a member's seat: only they fill in the intake, vote and are
eligible for evaluations (the services refuse facilitators).
"""

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.todo import FACILITATOR, Task
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
from networks.selectors import task_scope


def evaluation_tasks(*, user, network=None) -> list[Task]:
    """Member: fill in the open intake (``evaluations.intake``), vote in an open vote
    (``evaluations.vote``), answer an open session or final evaluation one is eligible for
    (``evaluations.answer``). Facilitator: open the results (``evaluations.results``, see
    ``_results_tasks``)."""
    scope = task_scope(user=user, network=network)
    tasks = []
    if scope.member_of:
        tasks += _member_tasks(user, list(scope.member_of))
    if scope.facilitating:
        tasks += _results_tasks(list(scope.facilitating))
    return tasks


def _member_tasks(user, network_ids) -> list[Task]:
    now = timezone.now()
    tasks = []
    intakes = (
        Intake.objects.filter(network_id__in=network_ids, deadline__gt=now)
        .exclude(Exists(IntakeResponse.objects.filter(intake=OuterRef("pk"), user=user)))
        .select_related("network")
    )
    for intake in intakes:
        tasks.append(
            Task.about(
                intake.network,
                kind="evaluations.intake",
                title=_("Fill in the intake of %(network)s") % {"network": intake.network.name},
                url=reverse("evaluations:intake", kwargs={"pk": intake.network_id}),
                due=intake.deadline,
            )
        )
    votes = (
        Vote.objects.filter(network_id__in=network_ids, closed_at__isnull=True, closes_at__gt=now)
        .exclude(Exists(VoteBallot.objects.filter(option__vote=OuterRef("pk"), user=user)))
        .select_related("network")
    )
    for vote in votes:
        tasks.append(
            Task.about(
                vote.network,
                kind="evaluations.vote",
                title=_("Vote in %(network)s: %(title)s")
                % {"network": vote.network.name, "title": vote.title},
                url=vote.get_absolute_url(),
                due=vote.closes_at,
            )
        )
    questionnaires = (
        Questionnaire.objects.filter(
            network_id__in=network_ids, opens_at__lte=now, closes_at__gt=now
        )
        .filter(Exists(Eligibility.objects.filter(questionnaire=OuterRef("pk"), user=user)))
        .exclude(Exists(Participation.objects.filter(questionnaire=OuterRef("pk"), user=user)))
        .select_related("network", "session")
    )
    for questionnaire in questionnaires:
        if questionnaire.kind == QuestionnaireKind.FINAL:
            title = _("Fill in the final evaluation of %(network)s") % {
                "network": questionnaire.network.name
            }
        else:
            title = _("Evaluate session %(number)d of %(network)s: %(title)s") % {
                "number": questionnaire.session.number,
                "network": questionnaire.network.name,
                "title": questionnaire.session.title,
            }
        tasks.append(
            Task.about(
                questionnaire.network,
                kind="evaluations.answer",
                title=title,
                url=questionnaire.get_absolute_url(),
                due=questionnaire.closes_at,
            )
        )
    return tasks


def _results_tasks(network_ids) -> list[Task]:
    """A questionnaire is waiting for its facilitators when it is over (its closing date has
    passed: ``closes_at <= now``; there is no other way to close one), its results can show
    (``rules.shows_aggregate`` on the *released* answers: an anonymous questionnaire's answers
    reach the results in groups of at least k, so counting participations would tell the
    facilitator that someone answered while the results still show nothing) and they are not
    shared with the members (``results_shared`` is False). Sharing them
    (``services.results_share``) ends the task."""
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
        Task.about(
            questionnaire.network,
            kind="evaluations.results",
            title=_("Look at the results of “%(title)s” and share them with %(network)s")
            % {"title": questionnaire.title, "network": questionnaire.network.name},
            url=reverse("evaluations:results", kwargs={"pk": questionnaire.pk}),
            due=None,
            role=FACILITATOR,
        )
        for questionnaire in questionnaires
    ]
