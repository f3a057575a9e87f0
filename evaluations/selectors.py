"""Reads for evaluations: user-scoped lookups and the results (counts, distributions, means)."""

import random
import re
from collections import Counter, defaultdict

from django.db.models import Avg, Count, Exists, OuterRef, QuerySet, Subquery, Sum
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.enums import OrganisationKind
from core.csv import csv_safe
from core.mail import render_text
from evaluations import rules
from evaluations.enums import GoalStatus, QuestionnaireKind
from evaluations.models import (
    Answer,
    Intake,
    IntakeResponse,
    LearningGoal,
    Participation,
    Question,
    Questionnaire,
    Response,
    Vote,
    VoteBallot,
)
from evaluations.question_types import numeric_types, question_type
from networks import rules as network_rules
from networks.enums import MembershipStatus, Role
from networks.models import Membership, Network
from sessions.enums import QuestionStatus, SpeakerEmailKind
from sessions.models import PracticeQuestion, Speaker, SpeakerEmail


def questionnaire_by_pk(*, pk: int) -> Questionnaire | None:
    """The questionnaire with ``pk``, its network and session, or None, unscoped: only for
    ``pages.evaluations.mixins`` (the views' one way to find their questionnaire), which then asks
    the permission layer whether the user may know it exists (``networks.view_network``)."""
    return Questionnaire.objects.select_related("network", "session").filter(pk=pk).first()


def questionnaires_for_network(*, network: Network, user) -> list[Questionnaire]:
    """The network's questionnaires; the planned ones (not open yet) for its facilitators only."""
    questionnaires = network.questionnaires.select_related("session").annotate(
        answered=Exists(Participation.objects.filter(questionnaire=OuterRef("pk"), user=user))
    )
    if not network_rules.is_facilitator(user, network):
        questionnaires = questionnaires.filter(planned=False)
    return list(questionnaires)


def adopted_goals(*, network: Network):
    return list(
        network.learning_goals.filter(status=GoalStatus.ADOPTED).prefetch_related("sessions")
    )


def adopted_goals_by_session(session_ids: list[int]) -> dict[int, list[LearningGoal]]:
    """Session id → the adopted learning goals linked to it, in the goals' order (one query;
    none for no ids). For the sessions pages (pages/sessions/views.py)."""
    links = (
        LearningGoal.sessions.through.objects.filter(
            learningsession_id__in=session_ids, learninggoal__status=GoalStatus.ADOPTED
        )
        .select_related("learninggoal")
        .order_by("learninggoal__position", "learninggoal_id")
    )
    goals = defaultdict(list)
    for link in links:
        goals[link.learningsession_id].append(link.learninggoal)
    return dict(goals)


def goal_attainment(*, network: Network) -> dict[int, dict]:
    """Per adopted goal id: ``final``, the mean of the final evaluation's question about it, and
    ``sessions``, the mean of all answers to "did this session help you with …?" over the
    session evaluations (with ``sessions_count``, how many sessions count, and ``answered``).
    The k-rule (`rules.shows_aggregate`) applies per question: a question with too few answers
    is left out entirely, so no mean ever rests on fewer than k anonymous answers. One query."""
    questions = (
        Question.objects.filter(
            questionnaire__network=network,
            goal__status=GoalStatus.ADOPTED,
            type__in=numeric_types(),
        )
        .select_related("questionnaire")
        .annotate(total=Sum("answers__value"), answered=Count("answers__value"))
    )
    attainment = {}
    for question in questions:
        row = attainment.setdefault(
            question.goal_id,
            {"final": None, "sessions": None, "sessions_count": 0, "answered": 0, "_total": 0},
        )
        questionnaire = question.questionnaire
        if not question.answered or not rules.shows_aggregate(questionnaire, question.answered):
            continue
        if questionnaire.kind == QuestionnaireKind.FINAL:
            row["final"] = round(question.total / question.answered, 2)
            continue
        row["sessions_count"] += 1
        row["answered"] += question.answered
        row["_total"] += question.total
        row["sessions"] = round(row["_total"] / row["answered"], 2)
    for row in attainment.values():
        del row["_total"]
    return attainment


def intake_overview(*, intake: Intake) -> dict:
    """Who answered, and every answer grouped by question."""
    members = list(
        Membership.objects.filter(
            network_id=intake.network_id, role=Role.MEMBER, status=MembershipStatus.ACTIVE
        )
        .select_related("user")
        .order_by("user__full_name")
    )
    responses = list(IntakeResponse.objects.filter(intake=intake).select_related("user"))
    answered = {response.user_id for response in responses}
    fields = [
        "expectations",
        "personal_goals",
        "brings",
        "practice_questions",
        "preferred_topics",
        "preferred_work_forms",
        "constraints",
    ]
    grouped = [
        {
            "label": IntakeResponse._meta.get_field(field).verbose_name,
            "answers": [
                (response.user.full_name, getattr(response, field))
                for response in responses
                if getattr(response, field).strip()
            ],
        }
        for field in fields
    ]
    return {
        "answered": [m.user for m in members if m.user_id in answered],
        "waiting": [m.user for m in members if m.user_id not in answered],
        "grouped": grouped,
        "personal_goals": _personal_goals(responses),
    }


def _personal_goals(responses) -> list[tuple[str, str]]:
    return [
        (response.user.full_name, goal) for response in responses for goal in response.goal_list
    ]


def my_allocation(*, vote: Vote, user) -> dict[int, int]:
    return dict(
        VoteBallot.objects.filter(option__vote=vote, user=user).values_list("option_id", "points")
    )


def results(*, questionnaire: Questionnaire, count: int | None = None) -> dict:
    """Response rate and, per question, distribution and mean; free texts sorted by text.

    Counts are of *released* answers (anonymous answers reach the results only in groups of k,
    see evaluations/holding.py), so a reload after one more answer shows nothing new. The rate is
    against the people eligible when the questionnaire opened, never above 100%. Anonymous: a
    question shows only with at least k answers (`rules.shows_aggregate`). ``count``: the
    released answers when the caller has counted them (``holding.answer_progress``)."""
    if count is None:
        count = questionnaire.responses.count()
    eligible = questionnaire.eligible_count
    data = {
        "count": count,
        "eligible": eligible,
        "rate": min(100, round(100 * count / eligible)) if eligible else None,
        "joined_late": questionnaire.eligible_joined_late,
        "hidden": not rules.shows_aggregate(questionnaire, count),
        "questions": [],
    }
    if data["hidden"]:
        return data
    answers = defaultdict(list)
    for answer in Answer.objects.filter(question__questionnaire=questionnaire).select_related(
        "response__user"
    ):
        answers[answer.question_id].append(answer)
    for question in questionnaire.questions.all():
        given = answers[question.pk]
        row = {
            "question": question,
            "answered": len(given),
            "hidden": not rules.shows_aggregate(questionnaire, len(given)),
        }
        if row["hidden"]:
            data["questions"].append(row)
            continue
        kind = question_type(question.type)
        row.update(kind.aggregate(question, given, anonymous=questionnaire.anonymous))
        row["partial"] = kind.results_partial
        data["questions"].append(row)
    return data


def overall_trend(*, network: Network) -> list[dict]:
    """Mean overall rating per evaluated session, in order (hidden below k when anonymous)."""
    overall = (
        Question.objects.filter(
            questionnaire__network=network,
            questionnaire__kind=QuestionnaireKind.SESSION,
            questionnaire__planned=False,
            is_overall=True,
            type__in=numeric_types(),
        )
        .select_related("questionnaire__session")
        .annotate(mean=Avg("answers__value"), answered=Count("answers"))
        .order_by("questionnaire__session__starts_at")
    )
    trend = []
    for question in overall:
        questionnaire = question.questionnaire
        hidden = not rules.shows_aggregate(questionnaire, question.answered)
        mean = None if hidden or question.mean is None else round(question.mean, 2)
        trend.append(
            {
                "session": questionnaire.session,
                "questionnaire": questionnaire,
                "mean": mean,
                "answered": question.answered,
                "width": round(20 * mean) if mean else 0,
            }
        )
    return trend


def network_ratings(*, network_ids: list[int]) -> dict[int, dict]:
    """Per network id, the rating its numbers may show outside the network (the coordinators'
    overview): the mean of the scale answers of every question that meets the k rule on its
    own (``rules.shows_outside_network``: at least k answers to that question, k the
    questionnaire's frozen threshold, anonymous or not), weighted by answers. A question
    with fewer answers counts nowhere, so an answer to an optional question that too few gave
    changes no number. Each entry: ``total`` and ``answers`` (the shown answers' sum and
    count), ``responses`` (responses to the questionnaires with a shown question) and
    ``hidden`` (answers exist, but no question has enough). One query, whatever the number of
    networks and questions."""
    responses = (
        Response.objects.filter(questionnaire=OuterRef("questionnaire"))
        .values("questionnaire")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    questions = (
        Question.objects.filter(questionnaire__network_id__in=network_ids, type__in=numeric_types())
        .select_related("questionnaire")
        .only("pk", "questionnaire__network_id", "questionnaire__threshold")
        .annotate(
            total=Sum("answers__value"),
            answered=Count("answers__value"),
            responses=Subquery(responses),
        )
        .order_by("pk")
    )
    ratings: dict[int, dict] = {}
    counted: set[int] = set()
    for question in questions:
        if not question.answered:
            continue
        questionnaire = question.questionnaire
        entry = ratings.setdefault(
            questionnaire.network_id, {"total": 0, "answers": 0, "responses": 0, "hidden": False}
        )
        if not rules.shows_outside_network(questionnaire, question.answered):
            entry["hidden"] = True
            continue
        entry["total"] += question.total
        entry["answers"] += question.answered
        if questionnaire.pk not in counted:
            counted.add(questionnaire.pk)
            entry["responses"] += question.responses or 0
    for entry in ratings.values():
        entry["hidden"] = entry["hidden"] and not entry["answers"]
    return ratings


def results_rows(*, questionnaire: Questionnaire) -> tuple[list[str], list[list]]:
    """Every answer, one row per response, for the CSV export. Anonymous: no names, the rows in
    random order and the cells of a question with fewer than k answers left empty; named: the
    name first. Nothing at all while the questionnaire as a whole is below k."""
    responses = list(questionnaire.responses.select_related("user").prefetch_related("answers"))
    if not rules.shows_aggregate(questionnaire, len(responses)):
        return [], []
    questions = list(questionnaire.questions.all())
    answered = Counter(answer.question_id for r in responses for answer in r.answers.all())
    shown = [q for q in questions if rules.shows_aggregate(questionnaire, answered[q.pk])]
    rows = []
    for response in responses:
        by_question = {answer.question_id: answer for answer in response.answers.all()}
        cells = [
            question_type(question.type).csv_cell(by_question.get(question.pk))
            if question in shown
            else ""
            for question in questions
        ]
        if not questionnaire.anonymous:
            cells.insert(0, csv_safe(response.user.full_name if response.user else ""))
        rows.append(cells)
    if questionnaire.anonymous:
        random.SystemRandom().shuffle(rows)
    return [question.text for question in questions], rows


# The speaker's brief and feedback ---------------------------------------------------------------
#
# What leaves the group for an external speaker holds no member's name and no number about fewer
# than k people (the network's anonymity threshold, `rules.meets_threshold`): the facilitator
# reads it all before sending, and only their confirmed click sends it.

# Words too common to be a theme (Dutch and English), and shorter words are skipped anyway.
_STOPWORDS = """
    aan alle alles andere beter bij daar dank dat deze die dit doen door een elkaar ervaring
    zijn hebben heel hier hoe iets jaar kan kunnen leren maar meer mijn naar niet nog ook over
    omdat onze samen veel verder vooral voor wat welke werk weten wil willen worden zich zoals
    zou zouden andere anderen collega collega's collegas netwerk lerend verwacht verwachting
    verwachtingen graag goed goede meteen echt vaak toch
    about also been being from have into learn learning more most much network other others
    some than that their them they this those very want what when where which while will with
    would expect expectations colleagues good really
"""
THEME_STOPWORDS = frozenset(_STOPWORDS.split())
THEME_LIMIT = 8
_WORD = re.compile(r"[^\W\d_]{4,}")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))


def expectation_themes(
    texts: list[str], *, threshold: int, excluded: set[str] = frozenset()
) -> list[tuple[str, int]]:
    """Words that at least ``threshold`` of the members' ``texts`` (one per member) use, with
    how many members use each, most shared first: never the text itself, never a word fewer
    than k members wrote, never one of ``excluded`` (the members' names)."""
    if not rules.meets_threshold(len(texts), threshold):
        return []
    used = Counter(word for text in texts for word in _words(text))
    themes = [
        (word, count)
        for word, count in used.items()
        if rules.meets_threshold(count, threshold)
        and word not in THEME_STOPWORDS
        and word not in excluded
    ]
    return sorted(themes, key=lambda pair: (-pair[1], pair[0]))[:THEME_LIMIT]


def group_make_up(labels: list[str], *, threshold: int) -> dict:
    """How many members fall in each category, from one label per member (their job function,
    or their organisation's type). A category with fewer than k members is folded
    into "other"; while "other" itself holds fewer than k (but some), the smallest category
    shown joins it too, so no number below k can be shown or worked out by subtraction.

    Returns ``{"rows": [(label, count)], "other": count or 0, "total": n, "too_few": bool}``;
    with fewer than k members in all, nothing but ``too_few``."""
    total = len(labels)
    if not rules.meets_threshold(total, threshold):
        return {"rows": [], "other": 0, "total": 0, "too_few": True}
    spellings: dict[str, Counter] = defaultdict(Counter)
    for label in labels:
        key = " ".join((label or "").split())
        if key:
            spellings[key.casefold()][key] += 1
    counts = {key: sum(forms.values()) for key, forms in spellings.items()}
    shown = {key: count for key, count in counts.items() if rules.meets_threshold(count, threshold)}
    other = total - sum(shown.values())
    while other > 0 and not rules.meets_threshold(other, threshold) and shown:
        smallest = min(shown, key=lambda key: (shown[key], key))
        other += shown.pop(smallest)
    rows = [
        # The spelling most members used (alphabetically first on a tie).
        (min(spellings[key].items(), key=lambda item: (-item[1], item[0]))[0], count)
        for key, count in shown.items()
    ]
    rows.sort(key=lambda row: (-row[1], row[0].casefold()))
    return {"rows": rows, "other": other, "total": total, "too_few": False}


def _member_labels(network: Network) -> list[str]:
    return list(
        Membership.objects.filter(
            network=network, role=Role.MEMBER, status=MembershipStatus.ACTIVE
        ).values_list("user__job_function", flat=True)
    )


def _organisation_type_labels(network: Network) -> list[str]:
    """Each active member's organisation type (of the organisation they joined for), in the
    active language; blank for a member without one (counted under "other")."""
    labels = dict(OrganisationKind.choices)
    return [
        str(labels.get(kind, "")) if kind else ""
        for kind in Membership.objects.filter(
            network=network, role=Role.MEMBER, status=MembershipStatus.ACTIVE
        ).values_list("organisation__kind", flat=True)
    ]


def _names(network: Network) -> list[str]:
    """The name of everyone who ever had a place in the network."""
    return list(
        Membership.objects.filter(network=network).values_list("user__full_name", flat=True)
    )


def _without_names(text: str, names: list[str]) -> str:
    """``text`` with every member's full name (a title a member wrote may name a colleague)
    replaced by an ellipsis."""
    for name in sorted({n.strip() for n in names if len(n.strip()) >= 3}, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(name)}\b", "…", text, flags=re.IGNORECASE)
    return text


def speaker_brief_facts(*, speaker) -> dict:
    """What the group said, for the brief of ``speaker``'s session: the linked learning goals,
    the open practice questions scheduled for it (titles only), themes of the intake's
    expectations and the group's make-up (k rule), the agenda's work forms and the time slot.
    A fixed number of queries, whatever the number of members."""
    session = speaker.session
    network = session.network
    threshold = network.anonymity_threshold
    names = _names(network)
    expectations = [
        text
        for text in IntakeResponse.objects.filter(
            intake__network=network,
            user__memberships__network=network,
            user__memberships__status=MembershipStatus.ACTIVE,
            user__memberships__role=Role.MEMBER,
        ).values_list("expectations", flat=True)
        if text.strip()
    ]
    return {
        "speaker": speaker,
        "session": session,
        "network": network,
        "threshold": threshold,
        "goals": [goal.title for goal in session.learning_goals.all()],
        "questions": list(
            PracticeQuestion.objects.filter(agenda_item__session=session)
            .exclude(status=QuestionStatus.DISCUSSED)
            .order_by("agenda_item__position", "pk")
            .values_list("title", flat=True)
        ),
        "agenda": list(session.agenda.select_related("work_form")),
        "intake_count": len(expectations)
        if rules.meets_threshold(len(expectations), threshold)
        else None,
        "names": names,
        "themes": expectation_themes(
            expectations,
            threshold=threshold,
            excluded={word for name in names for word in _words(name)},
        ),
        # One entry per way of counting the group.
        "make_ups": [
            (
                _("By type of organisation"),
                group_make_up(_organisation_type_labels(network), threshold=threshold),
            ),
            (_("By job function"), group_make_up(_member_labels(network), threshold=threshold)),
        ],
    }


def speaker_brief_draft(*, speaker) -> str:
    """A first brief for ``speaker`` from what the group said, in the network's language: a
    text the facilitator edits before sending (sending is theirs alone)."""
    facts = speaker_brief_facts(speaker=speaker)
    with translation.override(facts["network"].language):
        text = render_text("evaluations/speaker_brief_draft.txt", facts)
    # No run of blank lines where a section was left out.
    return _without_names(re.sub(r"\n{3,}", "\n\n", text).strip(), facts["names"])


def speaker_feedback(*, speaker) -> dict:
    """The members' aggregated answers to the session evaluation's questions about ``speaker``
    (``Question.about_speaker``), from the results (``results``).

    ``ready`` is False, with a translated ``reason``, unless the session was held, its
    evaluation has questions about the speaker and at least k members answered (whether or not
    the evaluation is anonymous: the numbers leave the group). A question shows only from k
    answers; free-text answers only when the evaluation is anonymous (nameless and released in
    groups of k), never a name."""
    session = speaker.session
    feedback = {"ready": False, "reason": "", "rows": [], "count": 0, "questionnaire": None}
    if not session.is_held:
        feedback["reason"] = _("The feedback can be sent once the session has been held.")
        return feedback
    questionnaire = Questionnaire.objects.filter(session=session).select_related("network").first()
    feedback["questionnaire"] = questionnaire
    if questionnaire is None:
        feedback["reason"] = _("This session has no evaluation.")
        return feedback
    about = {q.pk for q in questionnaire.questions.all() if q.about_speaker}
    if not about:
        feedback["reason"] = _(
            "No question of the session's evaluation is about the speaker. Mark one in the "
            "evaluation's questions."
        )
        return feedback
    data = results(questionnaire=questionnaire)
    if not rules.shows_to_speaker(questionnaire, data["count"]):
        feedback["reason"] = _(
            "Fewer than %(threshold)d members answered the evaluation: the feedback is withheld "
            "so that nobody can be recognised."
        ) % {"threshold": questionnaire.threshold}
        return feedback
    for row in data["questions"]:
        question = row["question"]
        if question.pk not in about or row["hidden"]:
            continue
        if not rules.shows_to_speaker(questionnaire, row["answered"]):
            continue
        entry = {"question": question, "answered": row["answered"]}
        if "texts" in row:
            if not questionnaire.anonymous:
                continue
            entry["texts"] = [text for _who, text in row["texts"]]
        elif row.get("mean") is not None:
            entry["mean"] = row["mean"]
        else:
            entry["distribution"] = [(bar["label"], bar["count"]) for bar in row["distribution"]]
        feedback["rows"].append(entry)
    if not feedback["rows"]:
        feedback["reason"] = _(
            "Fewer than %(threshold)d members answered the questions about the speaker: the "
            "feedback is withheld so that nobody can be recognised."
        ) % {"threshold": questionnaire.threshold}
        return feedback
    feedback.update(ready=True, count=data["count"])
    return feedback


def speaker_feedback_text(*, speaker, feedback: dict) -> str:
    """The email text of a ready ``feedback`` for ``speaker``, in the network's language."""
    network = speaker.session.network
    with translation.override(network.language):
        text = render_text(
            "evaluations/speaker_feedback_body.txt",
            {**feedback, "speaker": speaker, "session": speaker.session, "network": network},
        )
    return _without_names(re.sub(r"\n{3,}", "\n\n", text).strip(), _names(network))


def speakers_of_session(*, session) -> QuerySet[Speaker]:
    return Speaker.objects.filter(session=session).select_related("session__network")


def speaker_emails(*, speaker) -> list[SpeakerEmail]:
    """The brief's emails to ``speaker``, newest first (what the facilitator sent, and when)."""
    return list(
        SpeakerEmail.objects.filter(speaker=speaker, kind=SpeakerEmailKind.BRIEF).order_by("-pk")
    )


def speaker_feedback_row(*, speaker) -> SpeakerEmail | None:
    """The feedback email to ``speaker``, if it was sent (it goes once)."""
    return (
        SpeakerEmail.objects.filter(speaker=speaker, kind=SpeakerEmailKind.FEEDBACK)
        .order_by("pk")
        .first()
    )


def adopted_goal_titles(*, network) -> list[str]:
    """The network's adopted learning goals, for its page."""
    goals = LearningGoal.objects.filter(network=network, status=GoalStatus.ADOPTED)
    return list(goals.values_list("title", flat=True))
