"""A word to the group in the browser: compose, the confirmation (a POST's answer, so not in the
page lists of test_accessibility / test_phone_width: checked here for axe and for a phone), send,
and the message on the network page."""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.core.management import call_command

from networks.models import Network
from sessions.models import Announcement, LearningSession

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "leernet-demo"  # noqa: S105 - the printed demo password


def _serious(page):
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']})"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("width", [1280, 390])
def test_a_facilitator_writes_to_the_absent_members(person, width):
    call_command("seed_demo", stdout=io.StringIO())
    network = Network.objects.get(name="Valpreventie in de ouderenzorg")
    second = LearningSession.objects.get(network=network, number=2)
    an = person("facilitator")
    an.page.set_viewport_size({"width": width, "height": 844})
    an.go("/accounts/login/")
    an.page.fill("input[name=login]", "an.peeters@leernet.demo")
    an.page.fill("input[name=password]", DEMO_PASSWORD)
    an.page.locator("main form button[type=submit]").click()
    an.page.wait_for_url("**/networks/")
    mail.outbox.clear()

    an.go(f"/networks/{network.pk}/")
    an.page.get_by_role("link", name="Schrijf aan de groep").click()
    an.page.check("input[name=audience][value=absent]")
    an.page.select_option("select[name=session]", str(second.pk))
    an.page.fill("input[name=subject]", "Wat je miste")
    an.page.fill("textarea[name=body]", "Het verslag volgt. **Tot de volgende keer!**")
    an.page.get_by_role("button", name="Controleer voor het versturen").click()

    an.page.get_by_role("heading", name="Dit bericht versturen?").wait_for()
    assert _serious(an.page) == []
    assert an.page.evaluate("document.documentElement.scrollWidth") <= width
    assert Announcement.objects.filter(subject="Wat je miste").count() == 0
    an.page.get_by_role("button", name="Ja, verstuur het naar 2 mensen").click()

    an.page.get_by_role("heading", name="Wat je miste").wait_for()
    assert Announcement.objects.filter(subject="Wat je miste").count() == 1
    assert len([m for m in mail.outbox if "Wat je miste" in m.subject]) == 2
