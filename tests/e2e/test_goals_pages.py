"""The goals page (personal goals to draft goals, turnout, points in the adopt list) and a
closed goals vote (adopt with the points) at 1280 and 390 px: nothing wider than the screen, no
serious axe finding; the facilitator turns a personal goal into a draft goal and adopts from the
vote in the browser."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from evaluations import services
from evaluations.enums import GoalStatus, VoteKind
from evaluations.models import Intake, IntakeResponse, LearningGoal
from tests.e2e.test_attendance_taps import _sign_in
from tests.evaluations.test_goals_and_turnout import _goals_vote
from tests.factories import MembershipFactory, NetworkFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _serious(page):
    return [
        f"{v['id']} ({v['impact']})"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("width", [1280, 390])
def test_goals_from_the_intake_turnout_and_adopting_with_points(person, width):
    facilitator = UserFactory(full_name="Fien Facilitator")
    network = NetworkFactory(created_by=facilitator, member_cap=12)
    members = [MembershipFactory(network=network, user=UserFactory()).user for _ in range(6)]
    intake = Intake.objects.create(
        network=network, deadline=timezone.now() + datetime.timedelta(days=3)
    )
    IntakeResponse.objects.create(
        intake=intake,
        user=members[0],
        expectations="Leren",
        personal_goals="Valrisico beter inschatten bij nieuwe bewoners\nFamilie betrekken",
    )
    vote = _goals_vote(network, facilitator, ["Medicatie nakijken", "Valmatten"])
    options = {option.title: option.pk for option in vote.options.all()}
    for member in members[:4]:
        services.vote_cast(
            vote=vote,
            allocation={options["Valmatten"]: 2, options["Medicatie nakijken"]: 1},
            acting_user=member,
        )
    services.vote_close(vote=vote, acting_user=facilitator)
    services.vote_create(
        acting_user=facilitator,
        network=network,
        kind=VoteKind.TOPICS,
        title="Welke onderwerpen?",
        points=3,
        closes_at=timezone.now() + datetime.timedelta(days=2),
        options=["Nachtdienst", "Familie"],
    )
    fien = person("facilitator")
    fien.page.set_viewport_size({"width": width, "height": 844})
    _sign_in(fien, facilitator)
    page = fien.page

    fien.go(f"/networks/{network.pk}/goals/")
    page.get_by_text("0 van 6 leden hebben gestemd").wait_for()
    assert page.get_by_label("Valmatten (Voorgesteld) · 8 punten").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert _serious(page) == []
    fien.save("-goals")
    page.get_by_label("Valrisico beter inschatten bij nieuwe bewoners").check()
    page.get_by_role("button", name="Stel de aangevinkte voor als leerdoel").click()
    page.get_by_text("1 leerdoel voorgesteld in de woorden van de leden.").wait_for()
    assert LearningGoal.objects.filter(
        network=network, title="Valrisico beter inschatten bij nieuwe bewoners"
    ).exists()

    fien.go(vote.get_absolute_url())
    page.get_by_text("4 van 6 leden hebben gestemd").wait_for()
    assert page.get_by_text("gesloten op", exact=False).count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert _serious(page) == []
    fien.save("-vote")
    page.get_by_label("Valmatten: 8 punten").check()
    page.get_by_role("button", name="Neem de aangevinkte leerdoelen aan").click()
    page.get_by_text("1 leerdoel aangenomen.").wait_for()
    assert LearningGoal.objects.get(title="Valmatten").status == GoalStatus.ADOPTED
