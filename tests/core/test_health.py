"""Health signals (core/health.py and each app's health.py): every signal at its threshold and
just on the safe side of it, the k rule for the rating, who sees the panel, and a query count
that does not grow with the network."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from core import outbox
from core.health import health_for
from evaluations import holding
from evaluations import services as evaluation_services
from evaluations.health import (
    EVALUATION_GRACE,
    EVALUATION_MIN_PERCENT,
    INTAKE_MIN_PERCENT,
    RATING_DROP,
)
from evaluations.models import Questionnaire
from networks import services as network_services
from networks.enums import MembershipStatus
from networks.health import MIN_MEMBERS
from networks.models import NetworkEmail
from sessions import services as session_services
from sessions.enums import AttendanceStatus, RsvpAnswer, SessionStatus
from sessions.health import (
    ATTENDANCE_MIN_PERCENT,
    QUESTION_WAITING_SESSIONS,
)
from sessions.models import PracticeQuestion
from sessions.selectors import REPEATED_ABSENCE, RSVP_MISSING_WINDOW
from tests.factories import MembershipFactory, NetworkFactory, SessionFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

# Seats 1, failed emails 1, attendance 1, absence 3 (repeatedly_absent 2, sessions held 1), RSVPs 1,
# questions 1,
# intake 1, evaluation 1, rating 1, minutes 1.
# The network setting's default (Network.minutes_due_days).
MINUTES_DUE_DAYS_DEFAULT = 7
HEALTH_QUERIES = 12  # 4 providers; failed emails: one UNION ALL over the outbox tables
# The facilitator's network page: tasks, cards (the next session with my roles: 1 query) and
# health together, the announcements section (1 query), the failed emails once (one query the
# health and the tasks share: core/memo.py), as are the repeated absences (2, with the held
# sessions' count) and the RSVPs missing (1); the network by its key and the viewer's
# memberships once for the permission checks and every task provider, two for the try-out
# actions task; the method's checklist once (one query its to-do and the panel share), the ended
# and soon-starting sessions once (sessions/planned_due.py), no invitation to a network one is in.
PAGE_QUERIES = 27

PRESENT, ABSENT = AttendanceStatus.PRESENT, AttendanceStatus.ABSENT
NOW = timezone.now


def _signal(network, kind):
    found = [signal for signal in health_for(network=network) if signal.kind == kind]
    assert len(found) <= 1
    return found[0] if found else None


def _network(facilitator, members: int, cap: int = 15):
    network = NetworkFactory(created_by=facilitator, member_cap=cap)
    people = [
        MembershipFactory(network=network, user=UserFactory(full_name=f"Lid {i:02d}")).user
        for i in range(members)
    ]
    return network, people


def _held(network, facilitator, statuses: dict, *, days_ago: float, number: int):
    """A held session that ended ``days_ago`` days ago, with ``statuses`` {user: status}."""
    ends = NOW() - datetime.timedelta(days=days_ago)
    session = SessionFactory(
        network=network,
        number=number,
        starts_at=ends - datetime.timedelta(hours=3),
        ends_at=ends,
        status=SessionStatus.HELD,
    )
    session_services.attendance_register(
        session=session,
        entries={user.pk: {"status": status} for user, status in statuses.items()},
        acting_user=facilitator,
    )
    return session


# Attendance ------------------------------------------------------------------------------------


def test_attendance_at_the_threshold_is_ok(facilitator):
    network, people = _network(facilitator, 10)
    _held(network, facilitator, {p: PRESENT if i < 7 else ABSENT for i, p in enumerate(people)},
          days_ago=1, number=1)  # fmt: skip

    signal = _signal(network, "sessions.attendance")

    assert ATTENDANCE_MIN_PERCENT == 70
    assert signal.level == "ok"
    assert signal.detail == "At the last session 7 of 10 members came (70%)."
    assert signal.action_url == reverse("sessions:attendance_overview", kwargs={"pk": network.pk})


def test_attendance_just_below_the_threshold_warns(facilitator):
    network, people = _network(facilitator, 13)
    _held(network, facilitator, {p: PRESENT if i < 9 else ABSENT for i, p in enumerate(people)},
          days_ago=1, number=1)  # fmt: skip

    signal = _signal(network, "sessions.attendance")

    assert signal.level == "warning"
    assert signal.detail == "At the last session 9 of 13 members came (69%)."


def test_attendance_counts_only_the_last_three_held_sessions(facilitator):
    network, people = _network(facilitator, 10)
    _held(network, facilitator, dict.fromkeys(people, ABSENT), days_ago=40, number=1)
    for number in (2, 3, 4):
        _held(network, facilitator, dict.fromkeys(people, PRESENT), days_ago=40 - number,
              number=number)  # fmt: skip

    signal = _signal(network, "sessions.attendance")

    assert signal.level == "ok"
    assert signal.detail == "Over the last 3 sessions members came 30 of 30 times (100%)."


# Absent twice in a row ---------------------------------------------------------------------------


def test_member_absent_at_the_last_two_sessions_warns(facilitator):
    network, (ann, bob) = _network(facilitator, 2)
    _held(network, facilitator, {ann: ABSENT, bob: PRESENT}, days_ago=20, number=1)
    _held(network, facilitator, {ann: AttendanceStatus.EXCUSED, bob: ABSENT}, days_ago=10,
          number=2)  # fmt: skip

    signal = _signal(network, "sessions.absence")

    assert REPEATED_ABSENCE == 2
    assert signal.level == "warning"
    assert signal.detail == (
        f"1 member was absent at the last 2 sessions or more: {ann.full_name}."
    )
    assert signal.action_url == reverse("sessions:attendance_overview", kwargs={"pk": network.pk})


def test_member_absent_only_at_the_last_session_is_ok(facilitator):
    network, (ann, bob) = _network(facilitator, 2)
    _held(network, facilitator, {ann: PRESENT, bob: PRESENT}, days_ago=20, number=1)
    _held(network, facilitator, {ann: ABSENT, bob: PRESENT}, days_ago=10, number=2)

    signal = _signal(network, "sessions.absence")

    assert signal.level == "ok"
    assert signal.detail == "No member was absent at the last 2 sessions in a row."


# RSVPs ---------------------------------------------------------------------------------------


def _upcoming(network, starts_in, number=1):
    starts = NOW() + starts_in
    return SessionFactory(
        network=network,
        number=number,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
    )


def test_missing_rsvps_warn_within_three_days_of_the_start(facilitator):
    network, (ann, _bob) = _network(facilitator, 2)
    session = _upcoming(network, RSVP_MISSING_WINDOW - datetime.timedelta(minutes=1))
    session_services.rsvp_set(
        session=session, data={"answer": RsvpAnswer.ATTENDING}, acting_user=ann
    )
    # The facilitator's own answer does not stand in for a member's.
    session_services.rsvp_set(
        session=session, data={"answer": RsvpAnswer.ATTENDING}, acting_user=facilitator
    )

    signal = _signal(network, "sessions.rsvps")

    assert signal.level == "warning"
    assert signal.detail == (
        f"1 of 2 members has not said yet whether they come to session {session.number}."
    )
    assert signal.action_url == session.get_absolute_url()


def test_missing_rsvps_say_nothing_just_beyond_three_days(facilitator):
    network, _people = _network(facilitator, 2)
    _upcoming(network, RSVP_MISSING_WINDOW + datetime.timedelta(minutes=1))

    assert _signal(network, "sessions.rsvps") is None


def test_every_member_answered_is_ok(facilitator):
    network, people = _network(facilitator, 2)
    session = _upcoming(network, datetime.timedelta(days=1))
    for person in people:
        session_services.rsvp_set(
            session=session, data={"answer": RsvpAnswer.NOT_ATTENDING, "apology": "Ziek"},
            acting_user=person,
        )  # fmt: skip

    signal = _signal(network, "sessions.rsvps")

    assert signal.level == "ok"
    assert signal.detail == f"Every member answered for session {session.number}."


# Practice questions --------------------------------------------------------------------------


def _question(network, author, *, asked_days_ago):
    question = session_services.practice_question_submit(
        network=network, data={"title": "Hoe ga ik om met agressie?"}, acting_user=author
    )
    PracticeQuestion.objects.filter(pk=question.pk).update(
        created_at=NOW() - datetime.timedelta(days=asked_days_ago)
    )
    return question


def test_question_open_for_two_held_sessions_warns(facilitator):
    network, (ann,) = _network(facilitator, 1)
    _question(network, ann, asked_days_ago=30)
    _held(network, facilitator, {ann: PRESENT}, days_ago=20, number=1)
    _held(network, facilitator, {ann: PRESENT}, days_ago=10, number=2)

    signal = _signal(network, "sessions.questions")

    assert QUESTION_WAITING_SESSIONS == 2
    assert signal.level == "warning"
    assert signal.detail == "1 open question was asked before the last 2 sessions."
    assert signal.action_url == reverse("sessions:questions", kwargs={"pk": network.pk})


def test_question_open_for_one_held_session_is_ok(facilitator):
    network, (ann,) = _network(facilitator, 1)
    _held(network, facilitator, {ann: PRESENT}, days_ago=20, number=1)
    _question(network, ann, asked_days_ago=15)
    _held(network, facilitator, {ann: PRESENT}, days_ago=10, number=2)

    signal = _signal(network, "sessions.questions")

    assert signal.level == "ok"
    assert signal.detail == "1 open question, none waiting for more than 2 sessions."


# Intake --------------------------------------------------------------------------------------


def _intake(network, facilitator, answering):
    intake = evaluation_services.intake_open(
        network=network, deadline=NOW() + datetime.timedelta(days=7), acting_user=facilitator
    )
    for person in answering:
        evaluation_services.intake_submit(
            intake=intake, data={"expectations": "Veel leren"}, acting_user=person
        )
    return intake


def test_intake_at_the_threshold_is_ok(facilitator):
    network, people = _network(facilitator, 4)
    _intake(network, facilitator, people[:3])

    signal = _signal(network, "evaluations.intake")

    assert INTAKE_MIN_PERCENT == 75
    assert signal.level == "ok"
    assert signal.detail == "3 of 4 members answered the intake (75%)."
    assert signal.action_url == reverse("evaluations:intake", kwargs={"pk": network.pk})


def test_intake_below_the_threshold_warns_and_leavers_do_not_count(facilitator):
    network, people = _network(facilitator, 4)
    _intake(network, facilitator, people[:3])
    network_services.membership_leave(network=network, acting_user=people[0])
    network.refresh_from_db()

    signal = _signal(network, "evaluations.intake")

    assert signal.level == "warning"
    assert signal.detail == "2 of 3 members answered the intake (67%)."


# Evaluations ---------------------------------------------------------------------------------


def _answer(questionnaire, person, overall: int):
    answers = {
        question.pk: str(overall)
        for question in questionnaire.questions.all()
        if question.type == "scale"
    }
    evaluation_services.response_submit(
        questionnaire=questionnaire, answers=answers, acting_user=person
    )


def _evaluated(network, facilitator, people, ratings, *, days_ago: int, number: int):
    """A held session where ``people`` came, its evaluation opened, and ``ratings`` given by
    the first of them (anonymous answers are released as the task would)."""
    session = _held(network, facilitator, dict.fromkeys(people, PRESENT), days_ago=days_ago,
                    number=number)  # fmt: skip
    questionnaire = evaluation_services.session_evaluation_open(session=session)
    for person, rating in zip(people, ratings, strict=False):
        _answer(questionnaire, person, rating)
    holding.release(questionnaire_id=questionnaire.pk)
    return questionnaire


def _settled(questionnaire):
    Questionnaire.objects.filter(pk=questionnaire.pk).update(
        opens_at=NOW() - EVALUATION_GRACE - datetime.timedelta(minutes=1)
    )


def test_evaluation_rate_at_the_threshold_is_ok(facilitator):
    network, people = _network(facilitator, 5)
    network.anonymous_evaluations = False
    network.save()
    questionnaire = _evaluated(network, facilitator, people, [4, 4, 4], days_ago=1, number=1)
    _settled(questionnaire)

    signal = _signal(network, "evaluations.response_rate")

    assert EVALUATION_MIN_PERCENT == 60
    assert signal.level == "ok"
    assert signal.detail == ("3 of 5 members answered the evaluation of session 1 (60%).")
    assert signal.action_url == reverse("evaluations:results", kwargs={"pk": questionnaire.pk})


def test_evaluation_rate_below_the_threshold_warns_once_settled(facilitator):
    network, people = _network(facilitator, 7)
    network.anonymous_evaluations = False
    network.save()
    questionnaire = _evaluated(network, facilitator, people, [4] * 4, days_ago=1, number=1)

    fresh = _signal(network, "evaluations.response_rate")
    _settled(questionnaire)
    settled = _signal(network, "evaluations.response_rate")

    assert fresh.level == "ok"
    assert settled.level == "warning"
    assert settled.detail == ("4 of 7 members answered the evaluation of session 1 (57%).")


def test_one_anonymous_answer_below_k_is_waiting_not_in_order(client, facilitator):
    """Issue 24.2: the only attendee answered; the answer waits for a group of k. The signal
    counts the submission (not the released answers) and says it waits, on the panel too."""
    network, people = _network(facilitator, MIN_MEMBERS)
    questionnaire = _evaluated(network, facilitator, people[:1], [4], days_ago=1, number=1)
    assert (questionnaire.anonymous, questionnaire.threshold) == (True, 3)

    signal = _signal(network, "evaluations.response_rate")
    _settled(questionnaire)
    settled = _signal(network, "evaluations.response_rate")

    assert (signal.level, signal.is_waiting, signal.is_warning) == ("waiting", True, False)
    assert signal.title == "Evaluation"
    assert signal.detail == (
        "1 of 1 members answered the evaluation of session 1 (100%). 1 answer is waiting: "
        "answers are shown in groups of at least 3 so nobody can be singled out."
    )
    assert settled.level == "waiting"
    assert [s.level for s in health_for(network=network)][-1] == "ok"  # waiting before in order
    client.force_login(facilitator)
    with translation.override("nl"):
        page = client.get(network.get_absolute_url()).content.decode()
    assert '<span class="badge text-bg-info">Wacht op antwoorden</span>' in page
    assert "1 antwoord wacht: antwoorden verschijnen in groepjes van minstens 3" in page


def test_answers_released_in_full_are_in_order_again(facilitator):
    network, people = _network(facilitator, MIN_MEMBERS)
    _evaluated(network, facilitator, people[:3], [4, 4, 4], days_ago=1, number=1)

    signal = _signal(network, "evaluations.response_rate")

    assert signal.level == "ok"
    assert signal.detail == "3 of 3 members answered the evaluation of session 1 (100%)."


# Overall rating trend ------------------------------------------------------------------------


def test_rating_drop_of_half_a_point_warns(facilitator):
    network, people = _network(facilitator, 4)
    _evaluated(network, facilitator, people, [4, 4, 4, 4], days_ago=20, number=1)
    latest = _evaluated(network, facilitator, people, [4, 4, 3, 3], days_ago=10, number=2)

    signal = _signal(network, "evaluations.rating")

    assert RATING_DROP == 0.5
    assert signal.level == "warning"
    assert signal.title == "The overall rating dropped"
    assert signal.detail == "Session 1: 4.0 out of 5; session 2: 3.5."
    assert signal.action_url == reverse("evaluations:results", kwargs={"pk": latest.pk})


def test_rating_drop_just_under_half_a_point_is_ok(facilitator):
    network, people = _network(facilitator, 4)
    _evaluated(network, facilitator, people, [4, 4, 4, 4], days_ago=20, number=1)
    _evaluated(network, facilitator, people, [4, 4, 4, 3], days_ago=10, number=2)

    signal = _signal(network, "evaluations.rating")

    assert signal.level == "ok"


@pytest.mark.parametrize("few_in", ["first", "second"])
def test_no_rating_signal_when_a_session_is_below_k(facilitator, few_in):
    network, people = _network(facilitator, 4)
    first = [4, 4, 4, 4] if few_in == "second" else [5, 5]
    second = [1, 1] if few_in == "second" else [1, 1, 1, 1]
    _evaluated(network, facilitator, people, first, days_ago=20, number=1)
    _evaluated(network, facilitator, people, second, days_ago=10, number=2)

    assert network.anonymity_threshold == 3
    assert _signal(network, "evaluations.rating") is None


def test_a_drop_in_named_answers_below_k_stays_with_the_facilitators(facilitator):
    """A named evaluation shows its numbers to the group from one answer, so the facilitators
    see the drop; the coordinators' snapshot does not, as one person's rating is no number for
    outsiders (the k rule of what leaves the group, rules.shows_outside_network)."""
    network, people = _network(facilitator, 4)
    network.anonymous_evaluations = False
    network.save()
    _evaluated(network, facilitator, people, [5, 5], days_ago=20, number=1)
    _evaluated(network, facilitator, people, [2, 2], days_ago=10, number=2)

    signal = _signal(network, "evaluations.rating")
    snapshot = network_services.health_snapshot_refresh(network=network)

    assert (signal.level, signal.leaves_network) == ("warning", False)
    assert "The overall rating dropped" not in snapshot.titles("en")
    assert "De algemene beoordeling is gedaald" not in snapshot.titles("nl")


def test_a_drop_in_k_named_answers_reaches_the_coordinators(facilitator):
    network, people = _network(facilitator, 4)
    network.anonymous_evaluations = False
    network.save()
    _evaluated(network, facilitator, people, [5, 5, 5], days_ago=20, number=1)
    _evaluated(network, facilitator, people, [2, 2, 2], days_ago=10, number=2)

    snapshot = network_services.health_snapshot_refresh(network=network)

    assert "The overall rating dropped" in snapshot.titles("en")


# Minutes -------------------------------------------------------------------------------------


def test_minutes_unpublished_after_the_due_days_warn(facilitator):
    network, (ann,) = _network(facilitator, 1)
    session = _held(
        network, facilitator, {ann: PRESENT}, days_ago=MINUTES_DUE_DAYS_DEFAULT, number=1
    )

    signal = _signal(network, "reports.minutes")

    assert signal.level == "warning"
    assert signal.detail == (
        "1 held session has no published minutes 7 days after it ended (session 1)."
    )
    assert signal.action_url == reverse("reports:minutes_edit", kwargs={"pk": session.pk})


def test_minutes_unpublished_just_before_the_due_days_are_ok(facilitator):
    network, (ann,) = _network(facilitator, 1)
    _held(network, facilitator, {ann: PRESENT}, days_ago=MINUTES_DUE_DAYS_DEFAULT - 0.001, number=1)

    assert _signal(network, "reports.minutes").level == "ok"


def test_minutes_follow_the_networks_own_due_days(facilitator):
    network, (ann,) = _network(facilitator, 1)
    _held(network, facilitator, {ann: PRESENT}, days_ago=3, number=1)
    network.minutes_due_days = 3  # the field another change adds; read with getattr

    assert _signal(network, "reports.minutes").level == "warning"


# Failed emails -------------------------------------------------------------------------------


def test_one_failed_email_warns_until_it_is_sent_again(facilitator):
    network, _people = _network(facilitator, 1)
    network_services.invitation_create(
        network=network, email="nieuw@example.org", role="member", acting_user=facilitator
    )
    before = _signal(network, "networks.failed_emails")
    NetworkEmail.objects.filter(network=network).update(state=outbox.OutboxState.FAILED)
    failed = _signal(network, "networks.failed_emails")
    outbox.resend(NetworkEmail.objects.get(network=network), acting_user=facilitator)
    resent = _signal(network, "networks.failed_emails")

    assert before.level == "ok"
    assert failed.level == "warning"
    assert failed.detail == "1 email failed and has not been sent again."
    assert failed.action_url == reverse("networks:emails", kwargs={"pk": network.pk}) + (
        "?state=failed"
    )
    assert resent.level == "ok"


# Seats and waitlist --------------------------------------------------------------------------


def test_seats_at_the_minimum_are_ok(facilitator):
    network, _people = _network(facilitator, MIN_MEMBERS, cap=12)

    signal = _signal(network, "networks.seats")

    assert MIN_MEMBERS == 10
    assert signal.level == "ok"
    assert signal.detail == "10 of 12 seats taken, 2 free; 0 people on the waitlist."
    assert signal.action_url == reverse("networks:manage_members", kwargs={"pk": network.pk})


def test_seats_below_the_minimum_warn(facilitator):
    network, _people = _network(facilitator, MIN_MEMBERS - 1, cap=12)

    signal = _signal(network, "networks.seats")

    assert signal.level == "warning"
    assert signal.title == "Fewer than 10 members"


def test_waitlist_with_a_free_seat_warns_and_a_full_network_with_a_waitlist_is_ok(facilitator):
    network, _people = _network(facilitator, 11, cap=12)
    MembershipFactory(network=network, status=MembershipStatus.WAITLISTED)
    network.refresh_from_db()
    free_seat = _signal(network, "networks.seats")
    MembershipFactory(network=network)
    network.refresh_from_db()
    full = _signal(network, "networks.seats")

    assert free_seat.level == "warning"
    assert free_seat.detail == "11 of 12 seats taken, 1 free; 1 person on the waitlist."
    assert full.level == "ok"
    assert full.detail == "12 of 12 seats taken, 0 free; 1 person on the waitlist."


# Order, panel and visibility -----------------------------------------------------------------


def test_warnings_come_first(facilitator):
    network, people = _network(facilitator, MIN_MEMBERS - 1)
    _held(network, facilitator, dict.fromkeys(people, PRESENT), days_ago=1, number=1)

    levels = [signal.level for signal in health_for(network=network)]

    assert levels == sorted(levels, key=lambda level: level != "warning")
    assert levels[0] == "warning"
    assert "ok" in levels


def _troubled_network(facilitator):
    network, people = _network(facilitator, 3)
    _held(network, facilitator, dict.fromkeys(people, ABSENT), days_ago=20, number=1)
    return network, people


def test_facilitator_sees_the_panel_with_its_actions(client, facilitator):
    network, _people = _troubled_network(facilitator)
    client.force_login(facilitator)

    page = client.get(network.get_absolute_url()).content.decode()

    assert 'id="health-heading"' in page
    # The warnings in one list, the signals in order in a second one, folded.
    assert page.count('<ul class="list-group list-group-flush') == 2
    assert page.count('<details class="mt-2">') == 1  # the checklist has its own (method-steps)
    assert "Hoe het netwerk ervoor staat" in page  # needs the merged Dutch catalogue
    assert "Bekijk het aanwezigheidsoverzicht" in page
    assert reverse("sessions:attendance_overview", kwargs={"pk": network.pk}) in page
    assert reverse("networks:manage_members", kwargs={"pk": network.pk}) in page


def test_panel_of_a_network_in_order_keeps_the_ok_signals_folded(client, facilitator):
    network, _people = _network(facilitator, MIN_MEMBERS)
    client.force_login(facilitator)

    page = client.get(network.get_absolute_url()).content.decode()

    assert 'id="health-heading"' in page
    assert "text-bg-warning" not in page
    assert page.count('<details class="mt-2">') == 1  # the checklist has its own (method-steps)
    assert page.count('<ul class="list-group list-group-flush') == 1
    assert reverse("networks:manage_members", kwargs={"pk": network.pk}) in page


def test_members_and_outsiders_never_see_the_panel(client, facilitator, outsider):
    network, people = _troubled_network(facilitator)
    seen = {}
    for who in (people[0], outsider):
        client.force_login(who)
        response = client.get(network.get_absolute_url())
        assert response.status_code == 200
        seen[who] = response.content.decode()

    for page in seen.values():
        assert 'id="health-heading"' not in page
        assert "network-health" not in page
        assert reverse("sessions:attendance_overview", kwargs={"pk": network.pk}) not in page
    assert "health" not in client.get(network.get_absolute_url()).context


# Queries -------------------------------------------------------------------------------------


def _small(facilitator):
    network, (ann,) = _network(facilitator, 1)
    _held(network, facilitator, {ann: PRESENT}, days_ago=10, number=1)
    return network


def _large(facilitator):
    network, people = _network(facilitator, 15)
    _intake(network, facilitator, people[:10])
    for number in range(1, 16):
        statuses = {p: ABSENT if (i + number) % 4 == 0 else PRESENT for i, p in enumerate(people)}
        session = _held(network, facilitator, statuses, days_ago=100 - 5 * number, number=number)
        if number > 12:
            came = [p for p, status in statuses.items() if status == PRESENT]
            questionnaire = evaluation_services.session_evaluation_open(session=session)
            for person in came[:5]:
                _answer(questionnaire, person, 3 + number % 2)
            holding.release(questionnaire_id=questionnaire.pk)
    for number in range(16, 21):
        session = _upcoming(network, datetime.timedelta(days=number - 14), number)
        for person in people[: number - 10]:
            session_services.rsvp_set(
                session=session, data={"answer": RsvpAnswer.ATTENDING}, acting_user=person
            )
    for i, person in enumerate(people[:6]):
        _question(network, person, asked_days_ago=10 * i)
    network_services.invitation_create(
        network=network, email="nieuw@example.org", role="member", acting_user=facilitator
    )
    NetworkEmail.objects.filter(network=network).update(state=outbox.OutboxState.FAILED)
    return network


def test_health_for_makes_the_same_queries_for_a_small_and_a_large_network(
    facilitator, django_assert_num_queries
):
    small, large = _small(facilitator), _large(facilitator)
    assert len(health_for(network=large)) > len(health_for(network=small))

    with django_assert_num_queries(HEALTH_QUERIES):
        health_for(network=small)
    with django_assert_num_queries(HEALTH_QUERIES):
        health_for(network=large)


def test_network_page_makes_the_same_queries_for_a_small_and_a_large_network(
    client, facilitator, django_assert_num_queries
):
    small, large = _small(facilitator), _large(facilitator)
    client.force_login(facilitator)
    client.get(small.get_absolute_url())  # warm the session and the catalogue caches

    with django_assert_num_queries(PAGE_QUERIES):
        client.get(small.get_absolute_url())
    with django_assert_num_queries(PAGE_QUERIES):
        client.get(large.get_absolute_url())
