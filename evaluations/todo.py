"""What the evaluations app asks of a person (core/todo.py). Fixed query count: the user's
memberships, then one query each for open intakes, open votes and open questionnaires (members)
and one for results to open (facilitators).

Member tasks are for people holding a member's seat: only they fill in the intake, vote and are
eligible for evaluations (the services refuse facilitators).
"""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.todo import FACILITATOR, MEMBER, Task
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
from networks.enums import Role
from networks.selectors import memberships_for_tasks


def _task(kind, title, url, network, *, due, role=MEMBER) -> Task:
    return Task(
        kind=kind,
        title=title,
        url=url,
        due=due,
        network_id=network.pk,
        network_name=network.name,
        role=role,
    )


def evaluation_tasks(*, user, network=None) -> list[Task]:
    """Member: fill in the open intake (``evaluations.intake``), vote in an open vote
    (``evaluations.vote``), answer an open session or final evaluation one is eligible for
    (``evaluations.answer``). Facilitator: open the results (``evaluations.results``, see
    ``_results_tasks``)."""
    memberships = memberships_for_tasks(user=user, network=network)
    member_of = [m.network_id for m in memberships if m.role == Role.MEMBER]
    facilitating = [m.network_id for m in memberships if m.is_facilitator]
    tasks = []
    if member_of:
        tasks += _member_tasks(user, member_of)
    if facilitating:
        tasks += _results_tasks(facilitating)
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
            _task(
                "evaluations.intake",
                _("Fill in the intake of %(network)s") % {"network": intake.network.name},
                reverse("evaluations:intake", kwargs={"pk": intake.network_id}),
                intake.network,
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
            _task(
                "evaluations.vote",
                _("Vote in %(network)s: %(title)s")
                % {"network": vote.network.name, "title": vote.title},
                vote.get_absolute_url(),
                vote.network,
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
            _task(
                "evaluations.answer",
                title,
                questionnaire.get_absolute_url(),
                questionnaire.network,
                due=questionnaire.closes_at,
            )
        )
    return tasks


def _results_tasks(network_ids) -> list[Task]:
    """A questionnaire is waiting for its facilitators when it is over (its closing date has
    passed: ``closes_at <= now``; there is no other way to close one), at least one member
    answered (a ``Participation`` row exists) and its results are not shared with the members
    (``results_shared`` is False). Sharing them (``services.results_share``) ends the task."""
    questionnaires = (
        Questionnaire.objects.filter(
            network_id__in=network_ids,
            closes_at__lte=timezone.now(),
            results_shared=False,
        )
        .filter(Exists(Participation.objects.filter(questionnaire=OuterRef("pk"))))
        .select_related("network", "session")
        .order_by("closes_at", "pk")
    )
    return [
        _task(
            "evaluations.results",
            _("Look at the results of “%(title)s” and share them with %(network)s")
            % {"title": questionnaire.title, "network": questionnaire.network.name},
            reverse("evaluations:results", kwargs={"pk": questionnaire.pk}),
            questionnaire.network,
            due=None,
            role=FACILITATOR,
        )
        for questionnaire in questionnaires
    ]
