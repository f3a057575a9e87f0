"""The pages of issue 24.2 and 24.3 in a real browser, on a desktop and at 390 px: the results
with an answer waiting, the health panel saying so, and the invitation pages (a visitor, and an
account with another address). Each fits a phone without horizontal scroll and says its plain
words. Set LEERNET_PHONE_SHOTS=<dir> to keep a screenshot of each."""

import datetime
import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations import services as evaluation_services
from evaluations.models import Questionnaire
from networks.models import Invitation
from sessions import services as session_services
from sessions.enums import AttendanceStatus
from tests.factories import PASSWORD, MembershipFactory, NetworkFactory, SessionFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("LEERNET_PHONE_SHOTS")
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _world():
    facilitator = UserFactory(full_name="Fien Facilitator", email="fien@example.org")
    network = NetworkFactory(created_by=facilitator, member_cap=12)
    members = [
        MembershipFactory(network=network, user=UserFactory(full_name=f"Lid {i}")).user
        for i in range(10)
    ]
    attendee = members[0]
    session = SessionFactory(
        network=network,
        number=1,
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    session_services.attendance_register(
        session=session,
        entries={
            m.pk: {
                "status": AttendanceStatus.PRESENT if m == attendee else AttendanceStatus.ABSENT,
                "remark": "",
            }
            for m in members
        },
        acting_user=facilitator,
    )
    session_services.session_mark_held(session=session, acting_user=facilitator)
    questionnaire = Questionnaire.objects.get(session=session)
    answers = {q.pk: "4" for q in questionnaire.questions.all() if q.type == "scale"}
    evaluation_services.response_submit(
        questionnaire=questionnaire, answers=answers, acting_user=attendee
    )
    invitation = Invitation.objects.create(
        network=network,
        email="annelies@example.org",
        invited_by=facilitator,
        expires_at=timezone.now() + datetime.timedelta(days=14),
    )
    bart = UserFactory(full_name="Bart Ander", email="bart@example.org")
    return facilitator, network, questionnaire, invitation, bart


def _sign_in(page, base, user):
    page.goto(base + reverse("account_login"))
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/networks/")


def _check(page, name, size, expected):
    text = page.inner_text("main")
    for words in expected:
        assert words in text, f"{name} at {size}: {words!r} missing"
    scroll, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client, f"{name} is {scroll} px wide at {size}"
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}-{size}.png"), full_page=True)


def test_waiting_answers_and_invitation_pages_fit_and_say_what_is_true(browser, live_server):
    facilitator, network, questionnaire, invitation, bart = _world()
    base = live_server.url
    link = base + reverse("networks:invitation_accept", kwargs={"token": invitation.token})
    results = base + reverse("evaluations:results", kwargs={"pk": questionnaire.pk})
    for size, viewport in SIZES.items():
        visitor = browser.new_context(viewport=viewport)
        page = visitor.new_page()
        page.goto(link)
        _check(page, "invitation-visitor", size, ["Nieuw hier? Het aanmeldformulier"])
        page.goto(base + reverse("account_signup"))
        assert page.input_value("input[name=email]") == "annelies@example.org"
        visitor.close()

        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        _sign_in(page, base, facilitator)
        page.goto(results)
        _check(
            page,
            "results-waiting",
            size,
            ["1 van 1 hebben geantwoord (100%)", "1 antwoord wacht: antwoorden verschijnen"],
        )
        page.goto(f"{base}{network.get_absolute_url()}")
        _check(page, "health-waiting", size, ["Wacht op antwoorden"])
        context.close()

        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        _sign_in(page, base, bart)
        page.goto(link)
        _check(
            page,
            "invitation-other-address",
            size,
            ["Voeg het uitgenodigde adres toe aan dit account", "in plaats van bart@example.org"],
        )
        context.close()
