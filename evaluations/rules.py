"""Who may answer, see and manage evaluations, intake and votes."""

from collections.abc import Callable

from evaluations.models import Questionnaire
from networks import rules as network_rules


def can_manage(user, questionnaire: Questionnaire) -> bool:
    return network_rules.is_facilitator(user, questionnaire.network)


def can_answer_page(user, questionnaire: Questionnaire) -> bool:
    """Members open the page; the service decides whether they may answer. A planned
    questionnaire (not open yet) only its facilitators see."""
    if questionnaire.planned:
        return can_manage(user, questionnaire)
    return network_rules.is_member(user, questionnaire.network)


def can_see_results(user, questionnaire: Questionnaire) -> bool:
    return can_manage(user, questionnaire) or (
        questionnaire.results_shared and network_rules.is_member(user, questionnaire.network)
    )


def meets_threshold(count: int, threshold: int) -> bool:
    """The one k rule: a number about people shows only when at least k (the network's
    ``anonymity_threshold``, copied onto each questionnaire) people are behind it."""
    return count >= threshold


def shows_aggregate(questionnaire: Questionnaire, count: int) -> bool:
    """The k rule for results: an anonymous questionnaire's results (as a whole, or one
    question's distribution, mean and texts) show only from k released answers. Used by the
    results page, the shared page, the CSV, the trend and the report PDF."""
    return not questionnaire.anonymous or meets_threshold(count, questionnaire.threshold)


def shows_outside_network(questionnaire: Questionnaire, count: int) -> bool:
    """The k rule for what leaves the group (the feedback to an external speaker, the numbers
    on the coordinators' overview): from k answers, k the questionnaire's frozen threshold,
    whether or not the questionnaire is anonymous (a named rating of one person is no more
    for outsiders to see)."""
    return meets_threshold(count, questionnaire.threshold)


def shows_to_speaker(questionnaire: Questionnaire, count: int) -> bool:
    """The k rule for the feedback to an external speaker (``shows_outside_network``)."""
    return shows_outside_network(questionnaire, count)


PERMISSIONS: dict[str, Callable[[object, Questionnaire], bool]] = {
    "evaluations.answer": can_answer_page,
    "evaluations.see_results": can_see_results,
    "evaluations.manage": can_manage,
}


def has_perm(user, permission: str, questionnaire: Questionnaire) -> bool:
    return PERMISSIONS[permission](user, questionnaire)
