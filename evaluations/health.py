"""Health signals of a network about its intake and evaluations (registry: core/health.py)."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.health import OK, WAITING, WARNING, Signal, percent
from evaluations import links, rules
from evaluations.enums import QuestionnaireKind
from evaluations.models import Intake, Questionnaire
from evaluations.selectors import overall_trend
from networks.enums import MembershipStatus, Role
from networks.models import Network

# The intake warns below this percentage of the active members answering.
INTAKE_MIN_PERCENT = 75
# The latest session evaluation warns below this response rate ...
EVALUATION_MIN_PERCENT = 60
# ... once it has been open this long (right after opening nobody has answered yet).
EVALUATION_GRACE = datetime.timedelta(days=2)
# A drop of the overall rating of at least this much between two evaluated sessions in a row.
RATING_DROP = 0.5


def intake_signal(*, network: Network) -> Signal | None:
    """Active members who answered the intake, open or closed (one query)."""
    intake = (
        Intake.objects.filter(network=network)
        .annotate(
            answered=Count(
                "responses",
                filter=Q(
                    responses__user__memberships__network=network,
                    responses__user__memberships__role=Role.MEMBER,
                    responses__user__memberships__status=MembershipStatus.ACTIVE,
                ),
                distinct=True,
            )
        )
        .first()
    )
    if intake is None or not network.member_count:
        return None
    answered, members = intake.answered, network.member_count
    below = answered * 100 < INTAKE_MIN_PERCENT * members
    return Signal(
        kind="evaluations.intake",
        level=WARNING if below else OK,
        title=_("Few answers to the intake") if below else _("Intake"),
        detail=_("%(answered)d of %(members)d members answered the intake (%(rate)d%%).")
        % {"answered": answered, "members": members, "rate": percent(answered, members)},
        action_url=links.intake_path(network.pk),
        action_label=_("See who has not answered"),
    )


def evaluation_signal(*, network: Network) -> Signal | None:
    """Response rate of the latest session evaluation (one query): the members who submitted
    (``Participation``, as on the results page: ``holding.answer_progress``) against the people
    eligible when it opened. While anonymous answers wait for a group of k the signal says so
    (``WAITING``) instead of "in order"; a low rate once settled still warns first."""
    questionnaire = (
        Questionnaire.objects.filter(network=network, kind=QuestionnaireKind.SESSION, planned=False)
        .select_related("session")
        .annotate(
            count=Count("participations", distinct=True),
            waiting=Count("held_answers", distinct=True),
        )
        .order_by("-session__starts_at", "-opens_at")
        .first()
    )
    if questionnaire is None or not questionnaire.eligible_count:
        return None
    eligible = questionnaire.eligible_count
    count = min(questionnaire.count, eligible)
    waiting = questionnaire.waiting if questionnaire.anonymous else 0
    settling = timezone.now() < questionnaire.opens_at + EVALUATION_GRACE
    below = count * 100 < EVALUATION_MIN_PERCENT * eligible and not settling
    detail = _(
        "%(count)d of %(eligible)d members answered the evaluation of session "
        "%(number)d (%(rate)d%%)."
    ) % {
        "count": count,
        "eligible": eligible,
        "number": questionnaire.session.number,
        "rate": percent(count, eligible),
    }
    if waiting:
        detail += " " + ngettext(
            "%(waiting)d answer is waiting: answers are shown in groups of at least %(k)d so "
            "nobody can be singled out.",
            "%(waiting)d answers are waiting: answers are shown in groups of at least %(k)d so "
            "nobody can be singled out.",
            waiting,
        ) % {"waiting": waiting, "k": questionnaire.threshold}
    # Waiting: the panel's badge says "waiting for answers", not "in order" (core.health.WAITING).
    level = WARNING if below else WAITING if waiting else OK
    return Signal(
        kind="evaluations.response_rate",
        level=level,
        title=_("Few answers to the evaluation") if below else _("Evaluation"),
        detail=detail,
        action_url=links.results_path(questionnaire.pk),
        action_label=_("See the results"),
    )


def rating_signal(*, network: Network) -> Signal | None:
    """The overall rating of the two latest evaluated sessions (``overall_trend``, one query).
    Nothing at all unless both show under the k rule (``rules.shows_aggregate``)."""
    trend = overall_trend(network=network)
    if len(trend) < 2:
        return None
    before, latest = trend[-2], trend[-1]
    if before["mean"] is None or latest["mean"] is None:
        return None
    dropped = round(before["mean"] - latest["mean"], 2) >= RATING_DROP
    # Inside the group the k rule of the results applies (a named evaluation shows from one
    # answer); the drop leaves the group, as a coordinator's warning, only from k answers to each.
    leaves_network = all(
        rules.shows_outside_network(point["questionnaire"], point["answered"])
        for point in (before, latest)
    )
    return Signal(
        kind="evaluations.rating",
        level=WARNING if dropped else OK,
        title=_("The overall rating dropped") if dropped else _("Overall rating"),
        detail=_("Session %(first)d: %(before)s out of 5; session %(second)d: %(latest)s.")
        % {
            "before": number_format(before["mean"], decimal_pos=1),
            "first": before["session"].number,
            "latest": number_format(latest["mean"], decimal_pos=1),
            "second": latest["session"].number,
        },
        action_url=links.results_path(latest["questionnaire"].pk),
        action_label=_("See the results"),
        leaves_network=leaves_network,
    )


def evaluation_health(*, network: Network):
    """The provider registered in ``EvaluationsConfig.ready()``."""
    for build in (intake_signal, evaluation_signal, rating_signal):
        signal = build(network=network)
        if signal is not None:
            yield signal
