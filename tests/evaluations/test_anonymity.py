"""An anonymous answer cannot be linked to its author: not by a facilitator reloading the results,
not by anyone reading every row of the database with its system columns.

How "better than chance" is decided: anonymous answers are released in groups of at least k, so
the most anyone may learn is which release group an answer is in (k-anonymity). For each way of
ordering the participations (who) and the released answers (what) — by ``xmin``, by ``ctid``, by
id or uuid, by timestamp — the attacker pairs them rank by rank and counts how many pairs are
right. If the order inside each group of three were random, the number of right pairs over all
groups follows a known distribution (the sum of the fixed points of random permutations of three);
the test fails when a count is so high that chance gives it with probability below 1 in 10,000
(divided by the number of orderings tried). A real link (the old design: same ``xmin``, insertion
in the same order) scores every pair and fails at once.
"""

import datetime
import random
import re
from fractions import Fraction

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from evaluations import services
from evaluations.models import HeldAnswers, Questionnaire
from networks import services as network_services
from sessions import services as session_services
from sessions.enums import AttendanceStatus
from tests.factories import MembershipFactory, NetworkFactory, SessionFactory, UserFactory

RUNS = 8
MEMBERS = 6


def _held_session_evaluation(facilitator, members) -> Questionnaire:
    network = NetworkFactory(created_by=facilitator, member_cap=12)
    for member in members:
        MembershipFactory(network=network, user=member)
    session = SessionFactory(
        network=network,
        number=1,
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    session_services.attendance_register(
        session=session,
        entries={m.pk: {"status": AttendanceStatus.PRESENT, "remark": ""} for m in members},
        acting_user=facilitator,
    )
    session_services.session_mark_held(session=session, acting_user=facilitator)
    return Questionnaire.objects.get(session=session)


def _answers(questionnaire, *, overall: int, learned: str) -> dict:
    by_position = {q.position: q.pk for q in questionnaire.questions.all()}
    return {
        by_position[1]: str(overall),
        by_position[2]: "3",
        by_position[3]: "4",
        by_position[4]: learned,
    }


def _rows(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _null_tail(groups: int, at_least: int) -> Fraction:
    """P(sum of fixed points of ``groups`` random permutations of 3 >= at_least)."""
    one = {0: Fraction(2, 6), 1: Fraction(3, 6), 3: Fraction(1, 6)}
    total = {0: Fraction(1)}
    for _ in range(groups):
        step: dict[int, Fraction] = {}
        for have, p in total.items():
            for add, q in one.items():
                step[have + add] = step.get(have + add, Fraction(0)) + p * q
        total = step
    return sum((p for hits, p in total.items() if hits >= at_least), Fraction(0))


PARTICIPATION_ORDERS = {
    "xmin": "p.xmin::text::bigint",
    "ctid": "p.ctid",
    "id": "p.id",
    "answered_at": "p.answered_at",
    "user_id": "p.user_id",
}
RESPONSE_ORDERS = {
    "response xmin": "r.xmin::text::bigint",
    "response ctid": "r.ctid",
    "response uuid": "r.id",
    "answer xmin": "a.xmin::text::bigint",
    "answer ctid": "a.ctid",
    "answer uuid": "a.id",
}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_no_stored_value_links_an_anonymous_answer_to_its_author(require_postgres, facilitator):
    members = [UserFactory(full_name=f"Lid {i}") for i in range(MEMBERS)]
    truth: dict[str, int] = {}  # marker text -> author id
    questionnaires = []
    for run in range(RUNS):
        questionnaire = _held_session_evaluation(facilitator, members)
        questionnaires.append(questionnaire)
        order = random.sample(members, len(members))  # who answers when differs every run
        for member in order:
            marker = f"ANTWOORD-{run}-{member.pk}"
            truth[marker] = member.pk
            # Each call commits on its own, as a web request does; the release runs after commit.
            services.response_submit(
                questionnaire=questionnaire,
                acting_user=member,
                answers=_answers(questionnaire, overall=1 + member.pk % 5, learned=marker),
            )
    assert not HeldAnswers.objects.exists()

    # 1. The rows that carry an answer: no user, no timestamp, nothing else naming a person.
    tables = connection.introspection.table_names()
    datetime_types = {"timestamp with time zone", "timestamp without time zone", "date"}
    for table in ("evaluations_response", "evaluations_answer"):
        types = _rows(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s",
            [table],
        )
        assert not [name for name, kind in types if kind in datetime_types], table
    assert _rows("SELECT count(*) FROM evaluations_response WHERE user_id IS NOT NULL") == [(0,)]
    answer_ids = {str(pk) for (pk,) in _rows("SELECT id FROM evaluations_answer")}
    response_ids = {str(pk) for (pk,) in _rows("SELECT id FROM evaluations_response")}
    for table in tables:
        for row in _rows(f'SELECT * FROM "{table}"'):  # noqa: S608 - names from introspection
            cells = {str(cell) for cell in row}
            if table in ("evaluations_response", "evaluations_answer"):
                continue
            assert not cells & (answer_ids | response_ids), table
            assert not any(marker in cell for cell in cells for marker in truth), table

    # 2. No released row shares a transaction with any participation.
    participation_xmins = {x for (x,) in _rows("SELECT xmin::text FROM evaluations_participation")}
    answer_xmins = {x for (x,) in _rows("SELECT xmin::text FROM evaluations_answer")}
    response_xmins = {x for (x,) in _rows("SELECT xmin::text FROM evaluations_response")}
    assert not participation_xmins & (answer_xmins | response_xmins)

    # 3. Orders: pair participations and answers rank by rank within each questionnaire.
    groups = RUNS * MEMBERS // 3
    bound = Fraction(1, 10_000) / (len(PARTICIPATION_ORDERS) * len(RESPONSE_ORDERS))
    scores = {}
    for p_name, p_order in PARTICIPATION_ORDERS.items():
        for r_name, r_order in RESPONSE_ORDERS.items():
            hits = 0
            for questionnaire in questionnaires:
                who = _rows(
                    f"SELECT p.user_id FROM evaluations_participation p "  # noqa: S608
                    f"WHERE p.questionnaire_id = %s ORDER BY {p_order}",
                    [questionnaire.pk],
                )
                what = _rows(
                    f"SELECT a.text FROM evaluations_answer a "  # noqa: S608
                    f"JOIN evaluations_response r ON r.id = a.response_id "
                    f"WHERE r.questionnaire_id = %s AND a.text LIKE 'ANTWOORD-%%' "
                    f"ORDER BY {r_order}, random()",
                    [questionnaire.pk],
                )
                hits += sum(
                    truth[text] == user_id for (user_id,), (text,) in zip(who, what, strict=True)
                )
            scores[(p_name, r_name)] = hits
            assert _null_tail(groups, hits) >= bound, (p_name, r_name, hits, scores)
    assert len(scores) == len(PARTICIPATION_ORDERS) * len(RESPONSE_ORDERS)


def test_null_distribution_flags_a_real_link():
    """The yardstick itself: every pair right is far beyond chance; one per group is not."""
    groups = RUNS * MEMBERS // 3
    assert _null_tail(groups, RUNS * MEMBERS) < Fraction(1, 10**12)
    assert _null_tail(groups, groups) > Fraction(1, 3)


def _without_progress(html: str) -> str:
    """The results page less what counts *that* people answered (the Participation rows):
    the "x of y answered" line and the waiting line, the per-request CSRF token and the member's
    "thank you" flash that follows the test client from the member's answer."""
    html = re.sub(r"<p>\d+ van \d+ hebben geantwoord[^<]*</p>", "", html)
    html = re.sub(r'<p class="mb-1 fw-semibold" id="answers-waiting">[^<]*</p>', "", html)
    html = re.sub(
        r'<div class="messages" role="status">\s*'
        r'(<div class="alert alert-success">Bedankt voor je antwoorden.</div>)?\s*</div>\s*',
        "",
        html,
    )
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r"\s+", " ", html)


@pytest.mark.django_db
def test_reloads_show_nothing_new_until_k_more_answers_and_rate_stays_within_100(
    client, facilitator, on_commit
):
    members = [UserFactory(full_name=f"Lid {i}") for i in range(MEMBERS)]
    questionnaire = _held_session_evaluation(facilitator, members)
    url = reverse("evaluations:results", kwargs={"pk": questionnaire.pk})

    def answer(member, overall):
        client.force_login(member)
        data = {
            f"q_{pk}": value
            for pk, value in _answers(questionnaire, overall=overall, learned="").items()
        }
        with on_commit(execute=True):
            assert (
                client.post(
                    reverse("evaluations:answer", args=[questionnaire.pk]), data
                ).status_code
                == 302
            )
        client.force_login(facilitator)
        return client.get(url)

    client.force_login(facilitator)
    before = client.get(url)
    pages = [
        answer(member, overall) for member, overall in zip(members, [5, 4, 4, 2, 1, 3], strict=True)
    ]
    results = [page.context["results"] for page in pages]
    progress = [page.context["progress"] for page in pages]
    html = [page.content.decode() for page in pages]

    # The results (what was answered) move only in groups of k = 3 ...
    assert [page["count"] for page in results] == [0, 0, 3, 3, 3, 6]
    assert results[3] == results[2]
    assert results[4] == results[2]
    assert results[5]["questions"][0]["mean"] == round((5 + 4 + 4 + 2 + 1 + 3) / 6, 2)
    # ... while the count of who answered (the Participation rows) moves with every answer, and
    # says how many wait for their group.
    assert [(p["answered"], p["waiting"], p["rate"]) for p in progress] == [
        (1, 1, 17),
        (2, 2, 33),
        (3, 0, 50),
        (4, 1, 67),
        (5, 2, 83),
        (6, 0, 100),
    ]
    assert "1 van 6 hebben geantwoord (17%)" in html[0]
    assert (
        "1 antwoord wacht: antwoorden verschijnen in groepjes van minstens 3, zodat niemand "
        "eruit te pikken is." in html[0]
    )
    assert "2 antwoorden wachten" in html[4]
    assert "wacht" not in html[5].split("Deze antwoorden")[0]
    assert " k " not in html[0]
    # A reload after one or two more answers below k: the page differs only in those counts.
    assert html[3] != html[2]
    assert _without_progress(html[3]) == _without_progress(html[2])
    assert _without_progress(html[4]) == _without_progress(html[2])
    assert _without_progress(html[1]) == _without_progress(html[0])
    assert _without_progress(html[0]) == _without_progress(before.content.decode())

    # One member leaves: the rate is of those who could answer when it opened, never above 100%.
    network_services.membership_leave(network=questionnaire.network, acting_user=members[0])
    after = client.get(url)
    assert (after.context["results"]["count"], after.context["results"]["eligible"]) == (6, 6)
    assert after.context["progress"]["rate"] == 100
    assert "6 van 6 hebben geantwoord (100%)" in after.content.decode()


@pytest.mark.django_db
def test_an_optional_question_answered_by_one_of_five_is_not_shown(client, facilitator, on_commit):
    members = [UserFactory(full_name=f"Lid {i}") for i in range(5)]
    questionnaire = _held_session_evaluation(facilitator, members)
    secret = "Alleen ik schrijf dit"
    for i, member in enumerate(members):
        client.force_login(member)
        data = {
            f"q_{pk}": value
            for pk, value in _answers(
                questionnaire, overall=4, learned=secret if i == 0 else ""
            ).items()
        }
        with on_commit(execute=True):
            client.post(reverse("evaluations:answer", args=[questionnaire.pk]), data)
    client.force_login(facilitator)

    page = client.get(reverse("evaluations:results", kwargs={"pk": questionnaire.pk}))
    csv_rows = client.get(reverse("evaluations:results_csv", kwargs={"pk": questionnaire.pk}))

    results = page.context["results"]
    learned = results["questions"][3]
    assert (results["count"], learned["answered"], learned["hidden"]) == (3, 1, True)
    assert secret not in page.content.decode()
    assert secret not in csv_rows.content.decode()
    assert results["questions"][0]["mean"] == 4.0


def test_held_answers_survive_a_key_rotation_and_reveal_nothing_in_clear(settings):
    from evaluations import holding

    settings.SECRET_KEY = "old-" + "k" * 60
    sealed = holding.seal({7: {"text": "Mijn twijfel"}})
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "new-" + "k" * 60

    assert b"twijfel" not in sealed
    assert holding.unseal(sealed) == {7: {"text": "Mijn twijfel"}}
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(ValueError, match="cannot be decrypted"):
        holding.unseal(sealed)
