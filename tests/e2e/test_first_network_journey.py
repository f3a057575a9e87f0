"""Issue 24: a brand-new facilitator runs a first network from creation to the final report,
guided only by the method's checklist on the network page and the primary buttons. Each step
clicks the checklist's one button (or the page's primary button), and every action that emails
the group passes its confirmation page. What the members do (join, answer) is played through
the services: this is the facilitator's journey. A real browser (Debian's chromium) against the
live server on PostgreSQL.

With ``DOC_SCREENS=1`` the journey also writes its screenshots (1280 px and 390 px) to
``docs/screens/journey-*.png``, the ones the README links."""

import datetime
import os
import re
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone
from playwright.sync_api import expect

from networks.models import Network
from reports.checklist import method_checklist
from reports.models import NetworkReport
from sessions import services as session_services
from sessions.models import LearningSession
from tests.factories import MembershipFactory, UserFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("require_postgres", "require_pdf"),
]

PASSWORD = "Een-sterk-wachtw00rd"
SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _shoot(someone, name, *, phone=False, focus=".method-checklist"):
    """The page at 1280 px (and at 390 px when ``phone``), scrolled to ``focus``: saved with
    the test's artifacts, and under docs/screens/ with DOC_SCREENS=1."""
    sizes = [("desktop", DESKTOP)] + ([("phone", PHONE)] if phone else [])
    for label, size in sizes:
        someone.page.set_viewport_size(size)
        if focus and someone.page.locator(focus).count():
            someone.page.locator(focus).first.scroll_into_view_if_needed()
        someone.save(f"-{name}-{label}")
        if os.environ.get("DOC_SCREENS") == "1":
            someone.page.screenshot(path=str(SCREENS / f"journey-{name}-{label}.png"))
    someone.page.set_viewport_size(DESKTOP)


def _current(network) -> str:
    return method_checklist(network=network).current.key


def _next_step(someone, network, expected_key):
    """On the network page, the checklist's current step is ``expected_key``: click its one
    button."""
    someone.go(f"/networks/{network.pk}/")
    expect(someone.page.locator(f".method-current[data-step='{expected_key}']")).to_be_visible()
    someone.page.locator(".method-checklist .btn-primary").first.click()


def _confirm(someone, label):
    expect(someone.page.get_by_role("heading", name="Wie een e-mail krijgt")).to_be_visible()
    someone.page.get_by_role("button", name=label, exact=True).click()


def _day(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def test_a_new_facilitator_follows_the_checklist_to_the_final_report(person):
    fien_user = UserFactory(email="fien@example.org", full_name="Fien Facilitator")
    fien_user.set_password(PASSWORD)
    fien_user.save()
    EmailAddress.objects.filter(user=fien_user).update(verified=True)
    fien = person("facilitator")
    fien.go("/accounts/login/")
    fien.page.fill("input[name=login]", fien_user.email)
    fien.page.fill("input[name=password]", PASSWORD)
    fien.page.locator("main form button[type=submit]").click()
    fien.page.wait_for_url("**/networks/")

    # 1. Create: a draft, its checklist says "open the network" first.
    fien.go("/networks/new/")
    for selector, value in {
        "#id_name": "Zorg voor valpreventie",
        "#id_theme": "Zorg",
        "#id_goal": "Samen vallen voorkomen.",
        "#id_participant_role": "Je brengt casussen mee.",
        "#id_rhythm": "Om de zes weken",
        "#id_duration": "Vier bijeenkomsten",
        "#id_start_date": timezone.localdate().isoformat(),
        "#id_end_date": _day(200),
        "#id_member_cap": "12",
    }.items():
        fien.page.fill(selector, value)
    fien.page.select_option("#id_scope", "external")
    fien.page.get_by_role("button", name="Opslaan").click()
    fien.page.wait_for_url(re.compile(r".*/networks/\d+/$"))
    network = Network.objects.get(name="Zorg voor valpreventie")
    assert _current(network) == "open"
    expect(fien.page.locator(".method-steps li[data-step='goal'][data-done='true']")).to_have_count(
        1
    )
    _shoot(fien, "1-fresh-network", phone=True)
    fien.page.get_by_role("button", name="Open het netwerk").click()

    # 2. Invite: the checklist's button leads to the members page; inviting asks first.
    _next_step(fien, network, "invite")
    fien.page.fill("#id_emails", "anna@example.org, bert@example.org, carla@example.org")
    fien.page.get_by_role("button", name="Uitnodigingen versturen").click()
    _shoot(fien, "2-confirm-invitations", focus="")
    _confirm(fien, "Ja, verstuur de uitnodigingen")
    members = [
        MembershipFactory(network=network, user=UserFactory(full_name=name)).user
        for name in ("Anna Aerts", "Bert Bos", "Carla Claes")
    ]  # they accepted their invitations

    # 3. The intake: what it is for and its questions, then opened after asking.
    _next_step(fien, network, "intake")
    expect(fien.page.locator(".intake-purpose")).to_be_visible()
    expect(fien.page.locator(".intake-preview li")).to_have_count(7)
    _shoot(fien, "3-intake", phone=True, focus="h1")
    fien.page.fill("#id_deadline", _day(5))
    fien.page.get_by_role("button", name="Open de intake…").click()
    _confirm(fien, "Ja, open de intake")

    # 4. Learning goals: proposed and adopted (the checklist ticks adoption).
    _next_step(fien, network, "goals")
    for title in ("Valrisico inschatten", "Familie betrekken"):
        fien.page.fill("#id_title", title)
        fien.page.get_by_role("button", name="Voeg het leerdoel toe").click()
    fien.page.get_by_label(re.compile("Valrisico inschatten")).check()
    fien.page.get_by_label(re.compile("Familie betrekken")).check()
    fien.page.get_by_role("button", name="Neem de gekozen doelen aan").click()

    # 5. The kickoff: the checklist opens the form as a kickoff; planning asks first.
    _next_step(fien, network, "kickoff_planned")
    expect(fien.page.locator("#id_kind")).to_have_value("kickoff")
    fien.page.fill("#id_title", "Kennismaking")
    fien.page.fill("#id_date", _day(2))
    fien.page.fill("#id_start_time", "13:00")
    fien.page.fill("#id_end_time", "16:00")
    fien.page.get_by_role("button", name="Opslaan").click()
    _shoot(fien, "4-confirm-session", focus="")
    _confirm(fien, "Ja, plan ze en mail de leden")
    expect(fien.page.locator(".session-next")).to_have_text("Bekijk wie er komt")
    kickoff = LearningSession.objects.get(network=network, number=1)
    for member in members:
        session_services.rsvp_set(session=kickoff, data={"answer": "attending"}, acting_user=member)
    # Time passes: the kickoff took place.
    LearningSession.objects.filter(pk=kickoff.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )

    # 6. Held: the checklist's button registers who came (prefilled from the answers); after
    #    "held" the session's primary button is "Verslag schrijven", not the finished step.
    _next_step(fien, network, "kickoff_held")
    fien.page.get_by_role("button", name="Opslaan en de bijeenkomst als gehouden markeren…").click()
    _confirm(fien, "Ja, markeer ze als gehouden")
    expect(fien.page.locator(".session-next")).to_have_text("Verslag schrijven")
    _shoot(fien, "5-held-next-minutes", phone=True, focus="h1")

    # 7. Minutes, published after asking.
    _next_step(fien, network, "minutes")
    fien.page.fill("#id_summary", "We leerden elkaar kennen en kozen twee leerdoelen.")
    fien.page.get_by_role("button", name="Publiceren en versturen").click()
    fien.page.get_by_role("button", name="Ja, publiceer en verstuur").click()
    expect(fien.page.locator(".session-next")).to_have_text("Bekijk de evaluatie")

    # 8. The next sessions (one more here), planned after asking.
    _next_step(fien, network, "more_sessions")
    fien.page.fill("#id_title", "Valrisico in de praktijk")
    fien.page.fill("#id_date", _day(40))
    fien.page.fill("#id_start_time", "13:00")
    fien.page.fill("#id_end_time", "16:00")
    fien.page.get_by_role("button", name="Opslaan").click()
    _confirm(fien, "Ja, plan ze en mail de leden")

    # 9. The final evaluation, opened after asking.
    _next_step(fien, network, "final")
    fien.page.fill("#id_closes", _day(7))
    fien.page.get_by_role("button", name="Open de eindevaluatie").click()
    _confirm(fien, "Ja, open ze en mail de leden")

    # 10. The final report: the checklist's last step; then the closed network offers it again
    #     with the final evaluation's results to share.
    _next_step(fien, network, "report")
    expect(fien.page.get_by_role("link", name="Download het rapport (pdf)")).to_be_visible()
    assert NetworkReport.objects.filter(network=network).exists()
    fien.go(f"/networks/{network.pk}/")
    expect(
        fien.page.get_by_role("heading", name="Elke stap van de methode is gezet")
    ).to_be_visible()
    assert method_checklist(network=network).current is None
    fien.go(f"/networks/{network.pk}/close/")
    fien.page.get_by_role("button", name="Ja, sluit het netwerk af").click()
    fien.go(f"/networks/{network.pk}/")
    expect(fien.page.locator(".method-final .btn-primary")).to_have_text("Maak het eindrapport")
    expect(
        fien.page.get_by_role("link", name="Deel de resultaten van de eindevaluatie")
    ).to_be_visible()
    _shoot(fien, "6-closed-final-report", phone=True)
