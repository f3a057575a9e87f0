import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from evaluations.models import Answer, Intake, Participation, Vote, VoteBallot
from minutes.models import ActionItem, MinutesVersion
from networks.enums import MembershipStatus, NetworkStatus, Role
from networks.models import Membership, Network
from sessions.enums import AttendanceStatus
from sessions.models import Attendance, Rsvp

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_two_networks_and_is_idempotent(capsys):
    call_command("seed_demo")
    first = capsys.readouterr().out
    counts = (User.objects.count(), Network.objects.count(), Membership.objects.count())

    call_command("seed_demo")

    assert (User.objects.count(), Network.objects.count(), Membership.objects.count()) == counts
    assert counts[1] == 2
    assert "an.peeters@leernet.demo" in first
    assert "leernet-demo" in first
    care = Network.objects.get(name="Valpreventie in de ouderenzorg")
    assert care.status == NetworkStatus.RUNNING
    assert care.member_count == 12
    assert (
        Membership.objects.filter(
            network=care, role=Role.MEMBER, status=MembershipStatus.ACTIVE
        ).count()
        == 12
    )
    assert User.objects.get(email="an.peeters@leernet.demo").check_password("leernet-demo")
    # Try-out actions with owners: one answered, one open, on a learning goal (reports).
    actions = ActionItem.objects.filter(minutes__session__network=care, owner__isnull=False)
    assert actions.filter(status="done").exclude(outcome="").exists()
    assert actions.filter(status="open", goal__isnull=False).exists()
    assert list(care.sessions.order_by("number").values_list("status", flat=True)) == [
        "held",
        "held",
        "planned",
        "planned",
        "planned",
    ]
    assert care.sessions.get(number=1).attendance.count() == 12
    assert care.sessions.get(number=2).attendance.count() == 12


def test_seed_demo_prints_only_the_logins(capsys):
    call_command("seed_demo")
    out = capsys.readouterr()

    lines = out.out.strip().splitlines()
    assert lines[0] == "Demo logins (password for all: leernet-demo):"
    assert lines[-1] == "Demo data sends no email."
    assert len(lines) == 8
    assert "Task " not in out.out + out.err
    assert "sent to" not in out.out + out.err
    assert "no longer pending" not in out.out + out.err


def test_seed_demo_looks_alive_on_first_login(django_capture_on_commit_callbacks):
    """The state behind every kind of task on first login (the tasks themselves are computed
    elsewhere): for Lotte, a member, and for An, the care network's facilitator."""
    with django_capture_on_commit_callbacks(execute=True):  # the anonymous answers' release
        call_command("seed_demo")
    care = Network.objects.get(name="Valpreventie in de ouderenzorg")
    lotte = User.objects.get(email="lotte.maes@leernet.demo")
    jef = User.objects.get(email="jef.willems@leernet.demo")
    sara = User.objects.get(email="sara.el.amrani@leernet.demo")
    kickoff, second, ended, upcoming, _later = care.sessions.order_by("number")
    now = timezone.now()

    # Lotte: the minutes of the kickoff she missed, published and sent to her
    assert Attendance.objects.get(session=kickoff, user=lotte).status == AttendanceStatus.ABSENT
    version = MinutesVersion.objects.get(minutes__session=kickoff)
    assert version.number == 1
    assert version.content["summary"]
    assert set(version.deliveries.values_list("recipient__email", flat=True)) == {
        lotte.email,
        jef.email,
        sara.email,
    }
    # ... the open intake she has not answered
    intake = Intake.objects.get(network=care)
    assert intake.is_open
    assert not intake.responses.filter(user=lotte).exists()
    assert intake.responses.count() == 3
    # ... the open vote she has not voted in
    vote = Vote.objects.get(network=care)
    assert not vote.is_closed
    assert vote.options.count() == 4
    ballots = VoteBallot.objects.filter(option__vote=vote)
    assert not ballots.filter(user=lotte).exists()
    assert ballots.values("user").distinct().count() == 5
    # ... the open evaluation of the second session, where she was, not answered
    assert Attendance.objects.get(session=second, user=lotte).status == AttendanceStatus.PRESENT
    evaluation = second.evaluation
    assert evaluation.is_open
    assert lotte.pk in evaluation.eligibilities.values_list("user_id", flat=True)
    assert not Participation.objects.filter(questionnaire=evaluation, user=lotte).exists()
    assert Participation.objects.filter(questionnaire=evaluation).exists()
    # ... and the RSVP of the next session: everyone but her answered
    assert upcoming.starts_at > now
    assert not care.sessions.filter(status="planned", starts_at__gt=now, number__lt=4).exists()
    assert not Rsvp.objects.filter(session=upcoming, user=lotte).exists()
    assert set(Rsvp.objects.filter(session=upcoming).values_list("answer", flat=True)) == {
        "attending",
        "maybe",
        "not_attending",
    }

    # An: a join request waiting for her decision
    assert care.join_requests.get(status="pending").user.email == "marie.verbeke@leernet.demo"
    # ... a session that ended without attendance
    assert ended.status == "planned"
    assert ended.ends_at < now
    assert not ended.attendance.exists()
    # ... minutes written but not published
    assert second.minutes.summary
    assert not MinutesVersion.objects.filter(minutes__session=second).exists()
    # ... a member absent twice in a row
    assert list(
        Attendance.objects.filter(user=jef, session__network=care)
        .order_by("session__number")
        .values_list("status", flat=True)
    ) == [AttendanceStatus.ABSENT, AttendanceStatus.ABSENT]

    # varied answers: the kickoff's evaluation, its results shared
    kickoff_evaluation = kickoff.evaluation
    assert kickoff_evaluation.results_shared
    answers = Answer.objects.filter(response__questionnaire=kickoff_evaluation)
    overall = kickoff_evaluation.questions.get(is_overall=True)
    assert set(answers.filter(question=overall).values_list("value", flat=True)) == {3, 4, 5}
    assert answers.filter(question__type="long").exclude(text="").count() >= 5
    assert answers.filter(question__type="short").exclude(text="").count() == 4
    metal = Network.objects.get(name="Leren op de werkvloer in de metaalsector")
    assert metal.join_requests.get(status="pending").user.email == "jonas.peeters@leernet.demo"


def test_seed_demo_has_organisations_and_a_maximum_per_organisation():
    from accounts.models import Organisation, OrganisationProposal
    from networks.enums import WaitlistReason

    call_command("seed_demo")

    metal = Network.objects.get(name="Leren op de werkvloer in de metaalsector")
    care = Network.objects.get(name="Valpreventie in de ouderenzorg")
    assert (metal.organisation.name, metal.max_per_organisation) == ("Voka Limburg", 3)
    assert care.organisation.name == "Sociaal Fonds Zorg"
    assert care.organisation.coordinators.filter(email="an.peeters@leernet.demo").exists()
    assert Organisation.objects.get(name="Bekaert Zwevegem").kind == "company"
    assert User.objects.get(email="lotte.maes@leernet.demo").organisation.name == "WZC Ter Linde"
    kobe = Membership.objects.get(network=metal, user__email="kobe.aerts@leernet.demo")
    assert kobe.waitlist_reason == WaitlistReason.ORGANISATION
    proposal = OrganisationProposal.objects.get(decided_at__isnull=True)
    assert proposal.name == "WZC Hof ter Beke"
    assert [u.email for u in proposal.users.all()] == ["marie.verbeke@leernet.demo"]


def test_seed_demo_has_an_absentee_with_a_catch_up_pack_and_input():
    from minutes.models import MinutesDelivery, MinutesRead
    from sessions.models import CatchUpInput
    from sessions.selectors import catch_up_inputs_for

    call_command("seed_demo")
    care = Network.objects.get(name="Valpreventie in de ouderenzorg")
    sara = User.objects.get(full_name="Sara El Amrani")
    kickoff = care.sessions.get(number=1)
    pack = MinutesDelivery.objects.get(version__minutes__session=kickoff, recipient=sara)
    assert pack.was_absent
    actions = pack.version.content["actions"]
    assert any(action.get("owner") == sara.pk for action in actions)
    assert MinutesRead.objects.get(minutes__session=kickoff, user=sara).via == "link"
    given = CatchUpInput.objects.get(session=kickoff, member=sara)
    upcoming = care.sessions.filter(status="planned", starts_at__gt=timezone.now()).earliest(
        "starts_at"
    )
    assert catch_up_inputs_for(session=upcoming) == [given]


def test_seed_demo_has_insight_cards_and_one_shared():
    """The kickoff's published minutes give the insight library its cards; one is shared."""
    from portfolio.models import InsightCard

    call_command("seed_demo")
    assert InsightCard.objects.count() >= 3
    shared = InsightCard.objects.get(shared=True)
    assert shared.shared_text
