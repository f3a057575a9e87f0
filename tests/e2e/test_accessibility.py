"""axe-core on every main page (no serious or critical violation), and the join and evaluation
flows done with the keyboard alone."""

import datetime
import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from evaluations.models import Participation, Questionnaire
from networks import services as network_services
from networks.enums import Role
from networks.models import Membership, Network
from sessions.models import LearningSession
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Axe()


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())
    network = Network.objects.get(name="Valpreventie in de ouderenzorg")
    return network


DEMO_PASSWORD = "leernet-demo"  # noqa: S105 - the printed demo password


def _log_in(someone, email, password=DEMO_PASSWORD):
    someone.go("/accounts/login/")
    someone.page.fill("input[name=login]", email)
    someone.page.fill("input[name=password]", password)
    someone.page.locator("main button[type=submit]").click()
    someone.page.wait_for_url("**/networks/")


def _main_pages(network):
    kickoff = LearningSession.objects.get(network=network, number=1)
    planned = LearningSession.objects.get(network=network, number=2)
    evaluation = Questionnaire.objects.get(session=kickoff)
    base = f"/networks/{network.pk}"
    return [
        "/networks/",
        "/networks/directory/",
        "/networks/new/",
        f"{base}/",
        f"{base}/members/",
        f"{base}/edit/",
        f"{base}/sessions/",
        f"{base}/attendance/",
        f"{base}/questions/",
        f"{base}/intake/",
        f"{base}/goals/",
        f"{base}/evaluations/",
        f"/sessions/{planned.pk}/",
        f"/sessions/{planned.pk}/agenda/new/",
        f"/sessions/{kickoff.pk}/attendance/",
        f"/sessions/{kickoff.pk}/minutes/",
        f"/sessions/{kickoff.pk}/minutes/edit/",
        f"/evaluations/{evaluation.pk}/",
        f"/evaluations/{evaluation.pk}/results/",
        "/workforms/",
        "/me/profile/",
        "/me/calendar/",
    ]


def _serious(someone):
    results = AXE.run(someone.page)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_main_pages_have_no_serious_accessibility_violations(person, demo):
    anonymous = person("anonymous")
    found = {}
    for path in ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]:
        anonymous.go(path)
        if problems := _serious(anonymous):
            found[path] = problems
    facilitator = person("facilitator")
    _log_in(facilitator, "an.peeters@leernet.demo")
    for path in _main_pages(demo):
        facilitator.go(path)
        if problems := _serious(facilitator):
            found[path] = problems

    assert found == {}


def test_join_with_the_keyboard_alone(person, live_server, settings):
    settings.SITE_URL = live_server.url
    facilitator = UserFactory()
    network = network_services.network_create(
        acting_user=facilitator,
        name="Toetsenbord",
        theme="Zorg",
        goal="Samen leren.",
        participant_role="Meedoen.",
        rhythm="Maandelijks",
        duration="Zes keer",
        scope="internal",
        start_date=timezone.localdate(),
        end_date=timezone.localdate() + datetime.timedelta(days=90),
        ground_rules="Vertrouwelijk.",
    )
    invitation = network_services.invitation_create(
        network=network, email="kees@example.org", role=Role.MEMBER, acting_user=facilitator
    )
    user = UserFactory(email="kees@example.org")
    kees = person("keyboard")
    _log_in(kees, user.email, password="a-Strong-test-passw0rd")
    kees.go(f"/networks/invitations/{network_services.invitation_token(invitation)}/")

    checkbox = kees.page.get_by_label("Ik heb de groepsafspraken gelezen en aanvaard ze.")
    for _ in range(60):
        kees.page.keyboard.press("Tab")
        if checkbox.evaluate("el => el === document.activeElement"):
            break
    kees.page.keyboard.press("Space")
    kees.page.keyboard.press("Tab")
    kees.page.keyboard.press("Enter")

    kees.page.wait_for_url(f"**/networks/{network.pk}/")
    assert Membership.objects.get(network=network, user=user).status == "active"


def test_evaluation_with_the_keyboard_alone(person, demo):
    kickoff = LearningSession.objects.get(network=demo, number=1)
    evaluation = Questionnaire.objects.get(session=kickoff)
    answered = set(evaluation.participations.values_list("user_id", flat=True))
    present = sorted(
        kickoff.attendance.filter(status__in=["present", "late"]).values_list(
            "user__email", "user_id"
        )
    )
    email, user_id = next((e, u) for e, u in present if u not in answered)
    member = person("keyboard")
    _log_in(member, email)
    member.go(f"/evaluations/{evaluation.pk}/")

    first_radio = member.page.locator("input[type=radio]").first
    for _ in range(60):
        member.page.keyboard.press("Tab")
        if first_radio.evaluate("el => el === document.activeElement"):
            break
    for _question in range(3):  # three scale questions: pick 4 with the arrow keys, next group
        for _step in range(3):
            member.page.keyboard.press("ArrowRight")
        member.page.keyboard.press("Tab")
    submit = member.page.get_by_role("button", name="Mijn antwoorden versturen")
    for _ in range(20):
        if submit.evaluate("el => el === document.activeElement"):
            break
        member.page.keyboard.press("Tab")
    member.page.keyboard.press("Enter")

    expect(member.page.get_by_text("Bedankt voor je antwoorden.")).to_be_visible()
    assert Participation.objects.filter(questionnaire=evaluation, user_id=user_id).exists()
