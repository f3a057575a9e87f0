"""At 390 × 844 (a phone) every main page of every role fits the screen: no horizontal scroll.

Wide tables scroll inside their own box or become stacked cards; nothing else may push the page
wider than the viewport. Set LEERNET_PHONE_SHOTS=<dir> to keep a screenshot of every page."""

import io
import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from evaluations.models import Questionnaire, Vote
from networks import services as network_services
from networks.enums import Role
from networks.models import Network
from sessions.models import LearningSession, WorkForm
from tests.utils import demo_read_link, demo_rsvp_link, demo_statement_link

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DEMO_PASSWORD = "leernet-demo"  # noqa: S105 - the printed demo password
SHOTS = os.environ.get("LEERNET_PHONE_SHOTS")

# What sticks out, for the failure message: the outermost elements wider than the viewport.
WIDEST = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter((el) => {
    const box = el.getBoundingClientRect();
    return box.right > width + 1 && !el.closest('.table-responsive');
  });
  const outer = wide.filter((el) => !wide.some((other) => other !== el && other.contains(el)));
  return outer.slice(0, 3).map((el) => el.tagName.toLowerCase()
    + (el.id ? '#' + el.id : '')
    + (el.className ? '.' + String(el.className).split(' ').join('.') : '')
    + ' ' + Math.round(el.getBoundingClientRect().right));
}"""


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())
    return Network.objects.get(name="Valpreventie in de ouderenzorg")


def _shipped_blueprint():
    from evaluations.models import Blueprint

    return Blueprint.objects.get(created_by=None, name="Intervisienetwerk")


def _own_blueprint():
    from evaluations.models import Blueprint

    return Blueprint.objects.get(name="Valpreventie: ons traject")


def _employer():
    from accounts.models import Organisation

    return Organisation.objects.get(name="WZC Ter Linde")


def _pages(network):
    """The main pages of each role, as (path, expected status)."""
    other = Network.objects.get(name="Leren op de werkvloer in de metaalsector")
    kickoff = LearningSession.objects.get(network=network, number=1)
    second = LearningSession.objects.get(network=network, number=2)
    planned = LearningSession.objects.filter(
        network=network, status="planned", starts_at__gt=timezone.now()
    ).earliest("starts_at")
    evaluation = Questionnaire.objects.get(session=kickoff)
    vote = Vote.objects.get(network=network)
    workform = WorkForm.objects.filter(network__isnull=True).order_by("pk").first()
    base = f"/networks/{network.pk}"
    shared = [
        "/networks/",
        "/networks/directory/",
        f"{base}/",
        f"{base}/sessions/",
        f"{base}/library/",  # the insight library (issue 14.3)
        f"{base}/library/theme/",
        f"{base}/questions/",
        f"{base}/intake/",
        f"{base}/goals/",
        f"{base}/votes/{vote.pk}/",
        f"{base}/evaluations/",
        f"{base}/announcements/",
        f"/sessions/{planned.pk}/",
        f"/sessions/{kickoff.pk}/",
        f"/sessions/{kickoff.pk}/minutes/",
        f"/evaluations/{evaluation.pk}/",
        "/workforms/",
        f"/workforms/{workform.pk}/",
        "/me/profile/",
        "/me/calendar/",
        "/me/data/",
        "/me/actions/",
        "/privacy/",
        "/me/delete/",
    ]
    facilitator = [
        *shared,
        "/networks/new/",
        "/me/organisations/proposals/",  # An coordinates (seed_demo)
        # An coordinates the organisations of the care network and of WZC Ter Linde (issue 13)
        "/organisations/",
        f"/organisations/{network.organisation_id}/",
        f"/organisations/{_employer().pk}/participation/",
        f"/organisations/{network.organisation_id}/networks/",
        f"{base}/members/",
        f"{base}/edit/",
        f"{base}/emails/",
        f"{base}/log/",
        f"{base}/announcements/new/",
        f"{base}/attendance/",
        f"{base}/sessions/new/",
        f"{base}/votes/new/",
        f"/sessions/{planned.pk}/edit/",
        f"/sessions/{planned.pk}/agenda/new/",
        f"/sessions/{planned.pk}/speakers/{planned.speakers.get().pk}/brief/",
        f"/sessions/{planned.pk}/roles/",
        f"/sessions/{planned.pk}/speakers/new/",
        f"/sessions/{kickoff.pk}/attendance/",
        f"/sessions/{kickoff.pk}/minutes/edit/",
        f"/sessions/{planned.pk}/minutes/edit/",  # with a contribution from a member not coming
        # the second session's draft: try-out actions with owners, goals and how they went
        f"/sessions/{second.pk}/minutes/edit/",
        f"/sessions/{kickoff.pk}/minutes/deliveries/",
        f"/evaluations/{evaluation.pk}/results/",
        f"/evaluations/{evaluation.pk}/questions/",
        # trajectory blueprints (issue 14.4): the list, a shipped one, starting from it, the
        # facilitator's own (seed_demo) with its delete confirmation, and saving the network
        "/blueprints/",
        f"/blueprints/{_shipped_blueprint().pk}/",
        f"/blueprints/{_shipped_blueprint().pk}/start/",
        f"/blueprints/{_own_blueprint().pk}/",
        f"/blueprints/{_own_blueprint().pk}/delete/",
        f"{base}/blueprint/",
        f"{base}/statements/",  # the participation statements issued, to revoke one (issue 14)
        f"{base}/close/",
        f"/sessions/{planned.pk}/cancel/",
    ]
    member = [
        *shared,
        f"/networks/{other.pk}/",
        f"/networks/{other.pk}/join/",
        f"/networks/directory/{other.pk}/",
        f"{base}/leave/",
        f"{base}/ground-rules/",
        # the catch-up pack's "my input" form: Lotte missed the kickoff
        f"/sessions/{kickoff.pk}/minutes/my-input/",
        f"/me/networks/{network.pk}/portfolio/",  # her learning portfolio (issue 14)
    ]
    return {"facilitator": facilitator, "member": member}


def _invitation_path(network):
    invitation = network_services.invitation_create(
        network=network,
        email="nieuw@example.org",
        role=Role.MEMBER,
        acting_user=network.created_by,
    )
    return f"/networks/invitations/{network_services.invitation_token(invitation)}/"


def _phone(browser, live_server):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _log_in(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/networks/**")


def _too_wide(page, base_url, role, paths):
    found = {}
    for path in paths:
        response = page.goto(base_url + path)
        assert response.status == 200, f"{role} {path}: {response.status}"
        # Grouped row actions (<details>) are measured open: their menu must fit too.
        page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        width = page.evaluate("document.documentElement.scrollWidth")
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            name = re.sub(r"\W+", "-", path).strip("-") or "home"
            page.screenshot(path=f"{SHOTS}/{role}-{name}.png", full_page=True)
        if width > PHONE["width"]:
            found[f"{role} {path}"] = (width, page.evaluate(WIDEST))
    return found


def test_every_main_page_fits_a_phone(browser, live_server, demo):
    pages = _pages(demo)
    invitation = _invitation_path(Network.objects.get(name__startswith="Leren op de werkvloer"))
    found = {}

    context, page = _phone(browser, live_server)
    listed = Network.objects.get(name="Leren op de werkvloer in de metaalsector")
    anonymous = [
        "/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/networks/directory/",
        f"/networks/directory/{listed.pk}/",
    ]
    rsvp_link = demo_rsvp_link(demo)
    read_link = demo_read_link(demo)
    statement_link = demo_statement_link(demo)  # the public verification page (issue 14)
    found |= _too_wide(
        page,
        live_server.url,
        "anonymous",
        [*anonymous, invitation, rsvp_link, read_link, statement_link],
    )
    context.close()

    for role, email in [
        ("facilitator", "an.peeters@leernet.demo"),
        ("member", "lotte.maes@leernet.demo"),
    ]:
        context, page = _phone(browser, live_server)
        _log_in(page, live_server.url, email)
        found |= _too_wide(page, live_server.url, role, pages[role])
        context.close()

    assert found == {}
