"""The homes lead each role through the method (issue 11): on the seeded demo, a member's home
lists exactly the tasks due (RSVP, intake, vote, evaluation, minutes to read), following each
task's link and doing it there removes that task; the facilitator's home shows attendance, held,
minutes and join-request tasks at the right moments. A real browser (Debian's chromium) against
the live server on PostgreSQL."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import User
from core.todo import todos_for
from networks.models import Network
from sessions.models import LearningSession

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("require_postgres", "require_pdf"),
]

DEMO_PASSWORD = "leernet-demo"  # what seed_demo sets
MEMBER_KINDS = {
    "sessions.rsvp",
    "evaluations.intake",
    "evaluations.vote",
    "evaluations.answer",
    "reports.read_minutes",
    "reports.actions",
}


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=io.StringIO())
    return Network.objects.get(name="Valpreventie in de ouderenzorg")


def _log_in(someone, email):
    someone.go("/accounts/login/")
    someone.page.fill("input[name=login]", email)
    someone.page.fill("input[name=password]", DEMO_PASSWORD)
    someone.page.locator("main form button[type=submit]").click()
    someone.page.wait_for_url("**/networks/")


def _task_links(someone) -> list[str]:
    """The links of the home's task list, in order, as paths."""
    someone.go("/networks/")
    hrefs = someone.page.locator(".task-list a").evaluate_all("(as) => as.map((a) => a.href)")
    return [re.sub(r"^https?://[^/]+", "", href) for href in hrefs]


def _tasks(user, kinds=None):
    return {
        task.kind: task.url
        for task in todos_for(user=User.objects.get(pk=user.pk))
        if kinds is None or task.kind in kinds
    }


def test_a_member_does_every_task_from_the_home(person, demo):
    lotte = User.objects.get(email="lotte.maes@leernet.demo")
    due = _tasks(lotte)
    assert set(due) == MEMBER_KINDS
    someone = person("lotte")
    _log_in(someone, lotte.email)

    # The home lists exactly these tasks, each once.
    assert sorted(_task_links(someone)) == sorted(due.values())

    def done(kind):
        remaining = _task_links(someone)
        assert due[kind] not in remaining, f"{kind} still listed after doing it"
        del due[kind]
        assert sorted(remaining) == sorted(due.values())

    page = someone.page
    # Minutes of the session she missed: reading them is doing it.
    someone.go(due["reports.read_minutes"])
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kennismaking")
    done("reports.read_minutes")

    # The RSVP of the next session, on the session's page.
    someone.go(due["sessions.rsvp"])
    page.get_by_label("Ik kom", exact=True).check()
    page.get_by_role("button", name="Mijn antwoord opslaan").click()
    expect(page.get_by_text("Bedankt, je antwoord is opgeslagen.")).to_be_visible()
    done("sessions.rsvp")

    # The intake.
    someone.go(due["evaluations.intake"])
    page.fill("#id_expectations", "Leren hoe anderen valrisico inschatten.")
    page.fill("#id_personal_goals", "Een screening invoeren op mijn afdeling.")
    page.get_by_role("button", name="Mijn intake opslaan").click()
    done("evaluations.intake")

    # The vote: all points on the first option.
    someone.go(due["evaluations.vote"])
    inputs = page.locator("main input[type=number]")
    inputs.nth(0).fill(inputs.nth(0).get_attribute("max") or "1")
    page.get_by_role("button", name="Mijn punten opslaan").click()
    expect(page.get_by_text("De resultaten blijven verborgen")).to_be_visible()
    done("evaluations.vote")

    # The open session evaluation.
    someone.go(due["evaluations.answer"])
    for group in page.locator("input[type=radio][value='4']").all():
        group.check()
    page.get_by_role("button", name="Mijn antwoorden versturen").click()
    done("evaluations.answer")

    # Her try-out action of the second session: done, with one line (issue 12).
    someone.go(due["reports.actions"])
    page.locator("main input[type=radio][value='done']").first.check()
    page.locator("main input[name$='-outcome']").first.fill("Twee bewoners gescreend.")
    page.locator("main form[action*='/me/actions/'] button[type=submit]").first.click()
    done("reports.actions")

    assert _task_links(someone) == []
    expect(page.get_by_text("Er staat nu niets open.")).to_be_visible()


def test_the_facilitator_home_follows_the_trajectory(person, demo):
    an = User.objects.get(email="an.peeters@leernet.demo")
    kinds = {"sessions.attendance", "reports.publish_minutes", "networks.join_requests"}
    due = _tasks(an, kinds)
    assert set(due) == kinds
    ended = LearningSession.objects.get(network=demo, title="Casusbespreking nachtzorg")
    assert due["sessions.attendance"] == reverse("sessions:attendance", args=[ended.pk])
    someone = person("an")
    _log_in(someone, an.email)
    page = someone.page
    links = _task_links(someone)
    assert set(due.values()) <= set(links)
    minutes_tasks_before = len(
        [t for t in todos_for(user=an) if t.kind == "reports.publish_minutes"]
    )

    # Attendance of the session that ended: registering it and marking it held ends the task,
    # and that session's minutes become due.
    someone.go(due["sessions.attendance"])
    page.get_by_role("button", name="Iedereen aanwezig").click()
    expect(page.get_by_text("Aanwezigheid opgeslagen:")).to_be_visible()
    page.get_by_role("button", name="Opslaan en de bijeenkomst als gehouden markeren…").click()
    page.get_by_role("button", name="Ja, markeer ze als gehouden").click()
    expect(page.get_by_text("de bijeenkomst is als gehouden gemarkeerd")).to_be_visible()
    links = _task_links(someone)
    assert due["sessions.attendance"] not in links
    minutes_tasks = [t for t in todos_for(user=an) if t.kind == "reports.publish_minutes"]
    assert len(minutes_tasks) == minutes_tasks_before + 1
    assert reverse("reports:minutes_edit", args=[ended.pk]) in {t.url for t in minutes_tasks}

    # The join request: approving it ends the task.
    someone.go(due["networks.join_requests"])
    page.get_by_role("button", name=re.compile("^Goedkeuren")).first.click()
    assert due["networks.join_requests"] not in _task_links(someone)
