"""axe-core on every main page (no serious or critical violation), and the join and evaluation
flows done with the keyboard alone."""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.utils import timezone

from evaluations.models import Questionnaire
from networks.models import Network
from sessions.models import LearningSession
from tests.utils import demo_read_link, demo_rsvp_link, demo_statement_link

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
    someone.page.locator("main form button[type=submit]").click()
    someone.page.wait_for_url("**/networks/")


def _shipped_blueprint():
    from evaluations.models import Blueprint

    return Blueprint.objects.get(created_by=None, name="Intervisienetwerk")


def _own_blueprint():
    from evaluations.models import Blueprint

    return Blueprint.objects.get(name="Valpreventie: ons traject")


def _employer():
    from accounts.models import Organisation

    return Organisation.objects.get(name="WZC Ter Linde")


def _main_pages(network):
    kickoff = LearningSession.objects.get(network=network, number=1)
    second = LearningSession.objects.get(network=network, number=2)
    planned = LearningSession.objects.filter(
        network=network, status="planned", starts_at__gt=timezone.now()
    ).earliest("starts_at")
    evaluation = Questionnaire.objects.get(session=kickoff)
    base = f"/networks/{network.pk}"
    return [
        "/networks/",
        "/networks/directory/",
        "/networks/new/",
        f"{base}/",
        # the insight library (issue 14.3), with the facilitator's share buttons; the theme's
        f"{base}/library/",
        f"{base}/library/?q=vrijwilligers",
        f"{base}/library/theme/",
        f"{base}/members/",
        f"{base}/edit/",
        f"{base}/log/",
        f"{base}/sessions/",
        f"{base}/attendance/",
        f"{base}/questions/",
        f"{base}/intake/",
        f"{base}/goals/",
        f"{base}/evaluations/",
        f"{base}/announcements/",
        f"{base}/announcements/new/",
        f"/sessions/{planned.pk}/",
        f"/sessions/{kickoff.pk}/",  # with its linked learning goal
        f"/sessions/{planned.pk}/agenda/new/",
        f"/sessions/{planned.pk}/speakers/{planned.speakers.get().pk}/brief/",
        f"/sessions/{planned.pk}/roles/",
        f"/sessions/{kickoff.pk}/attendance/",
        f"/sessions/{kickoff.pk}/minutes/",
        f"/sessions/{kickoff.pk}/minutes/edit/",
        f"/sessions/{planned.pk}/minutes/edit/",  # with a contribution from a member not coming
        f"/sessions/{kickoff.pk}/minutes/deliveries/",
        f"/sessions/{second.pk}/minutes/edit/",
        "/me/actions/",
        f"/evaluations/{evaluation.pk}/",
        f"/evaluations/{evaluation.pk}/results/",
        "/workforms/",
        "/me/profile/",
        "/me/calendar/",
        "/me/data/",
        "/me/delete/",
        "/me/organisations/proposals/",  # An coordinates (seed_demo)
        # An coordinates the organisations of the care network and of WZC Ter Linde (issue 13)
        "/organisations/",
        f"/organisations/{network.organisation_id}/",
        f"/organisations/{_employer().pk}/participation/",
        f"/organisations/{network.organisation_id}/networks/",
        # trajectory blueprints (issue 14.4): the list, a shipped one, starting from it, the
        # facilitator's own (seed_demo) with its delete confirmation, and saving the network
        "/blueprints/",
        f"/blueprints/{_shipped_blueprint().pk}/",
        f"/blueprints/{_shipped_blueprint().pk}/start/",
        f"/blueprints/{_own_blueprint().pk}/",
        f"/blueprints/{_own_blueprint().pk}/delete/",
        f"{base}/blueprint/",
        f"{base}/statements/",  # the participation statements issued, to revoke one (issue 14)
        # confirmation pages (no JavaScript: a page of their own)
        f"{base}/close/",
        f"/sessions/{planned.pk}/cancel/",
    ]


def _member_pages(network):
    """What a member with every kind of task opens from the home (issue 11)."""
    base = f"/networks/{network.pk}"
    kickoff = LearningSession.objects.get(network=network, number=1)
    return [
        "/networks/",
        f"{base}/",
        f"{base}/ground-rules/",
        f"{base}/intake/",
        f"{base}/announcements/",
        # the catch-up pack's "my input" form (she missed the kickoff)
        f"/sessions/{kickoff.pk}/minutes/my-input/",
        "/me/actions/",  # her open try-out action (issue 12)
        f"/me/networks/{network.pk}/portfolio/",  # her learning portfolio (issue 14)
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
    listed = Network.objects.get(name="Leren op de werkvloer in de metaalsector")
    for path in [
        "/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/privacy/",
        # the public directory (with a filter that finds nothing) and a public page
        "/networks/directory/",
        "/networks/directory/?q=nergens&province=antwerp",
        f"/networks/directory/{listed.pk}/",
    ]:
        anonymous.go(path)
        if problems := _serious(anonymous):
            found[path] = problems
    facilitator = person("facilitator")
    _log_in(facilitator, "an.peeters@leernet.demo")
    for path in _main_pages(demo):
        facilitator.go(path)
        if problems := _serious(facilitator):
            found[path] = problems
    member = person("member")
    _log_in(member, "lotte.maes@leernet.demo")
    for path in _member_pages(demo):
        member.go(path)
        if problems := _serious(member):
            found[f"member {path}"] = problems
    # The one-click RSVP page from a session email opens without signing in.
    link = person("rsvp-link")
    link.go(demo_rsvp_link(demo))
    if problems := _serious(link):
        found["rsvp link"] = problems
    # The catch-up pack's "I have read it" page opens without signing in too.
    link.go(demo_read_link(demo))
    if problems := _serious(link):
        found["read link"] = problems
    # So does the verification page of a participation statement (issue 14).
    link.go(demo_statement_link(demo))
    if problems := _serious(link):
        found["statement verification"] = problems

    assert found == {}
