"""What a person sees first, measured in a real browser on the demo (issue 24, items 7 and 8):

- the e-mails page of the demo's full network fits 1.5 screens on a desktop and 3 on a phone;
- on a phone the network page shows its content before its menu of pages and actions, a
  member's home does not lead with "Start a new network", and the directory shows its first
  network above the fold.

Set LEERNET_BUDGET_SHOTS=<dir> to keep a screenshot of every page measured."""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from core.outbox import OutboxState
from networks.models import Network
from sessions.models import AnnouncementEmail
from tests.e2e.test_phone_width import _log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}
SHOTS = os.environ.get("LEERNET_BUDGET_SHOTS")
FACILITATOR = "an.peeters@leernet.demo"
MEMBER = "lotte.maes@leernet.demo"


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())
    return Network.objects.get(name="Valpreventie in de ouderenzorg")


def _page(browser, viewport):
    context = browser.new_context(
        viewport=viewport, device_scale_factor=1, is_mobile=viewport == PHONE
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _open(page, url, name):
    response = page.goto(url)
    assert response.status == 200, url
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def _screens(page, viewport) -> float:
    return page.evaluate("document.documentElement.scrollHeight") / viewport["height"]


def _top(page, selector) -> float:
    return page.locator(selector).first.evaluate("(el) => el.getBoundingClientRect().top")


@pytest.mark.parametrize(
    ("viewport", "budget", "name"),
    [(DESKTOP, 1.5, "desktop"), (PHONE, 3.0, "phone")],
)
def test_the_demo_networks_email_page_fits_its_screen_budget(
    browser, live_server, demo, viewport, budget, name
):
    context, page = _page(browser, viewport)
    _log_in(page, live_server.url, FACILITATOR)

    _open(page, f"{live_server.url}/networks/{demo.pk}/emails/", f"emails-{name}")

    assert _screens(page, viewport) <= budget
    lines = page.locator("li.sending").count()
    assert lines >= 8  # the demo's sendings: one line each, not one per recipient
    # Opening a line shows its recipients (a <details>: no JavaScript needed).
    page.locator("li.sending summary").first.click()
    assert page.locator("li.sending details[open] li").count() == 12

    # A sending with an email that did not arrive opens by itself, that email first.
    row = AnnouncementEmail.objects.filter(announcement__network=demo).order_by("pk").first()
    AnnouncementEmail.objects.filter(pk=row.pk).update(
        state=OutboxState.FAILED, last_error="550 5.1.1 mailbox unknown"
    )
    _open(page, f"{live_server.url}/networks/{demo.pk}/emails/", f"emails-failed-{name}")
    opened = page.locator("li.sending > details[open]")
    assert opened.count() == 1
    assert opened.locator("li").first.inner_text().startswith(row.user.email)
    assert opened.get_by_text("550 5.1.1 mailbox unknown").is_visible()
    assert opened.locator("summary", has_text="Opnieuw versturen").first.is_visible()
    context.close()


def test_on_a_phone_the_network_page_shows_content_before_its_menu(browser, live_server, demo):
    context, page = _page(browser, PHONE)
    for email in (FACILITATOR, MEMBER):
        _log_in(page, live_server.url, email)
        _open(page, f"{live_server.url}/networks/{demo.pk}/", f"network-{email.split('.')[0]}")

        # The first block of content under the header (its heading) is in the top half of the
        # first screen: the menu of pages comes after the header, not as twelve buttons.
        heading = _top(page, "main h2")
        assert heading < PHONE["height"] / 2, f"{email}: the first heading at {heading}px"
        # Only one primary link and the menu before it; the pages wait inside the menu.
        assert page.locator(".network-actions > a.btn").count() == 1
        assert not page.get_by_role("link", name="Praktijkvragen").is_visible()
        page.locator(".network-menu > summary").click()
        assert page.get_by_role("link", name="Praktijkvragen").is_visible()
        page.context.clear_cookies()
    context.close()


def test_a_members_home_does_not_lead_with_starting_a_network(browser, live_server, demo):
    context, page = _page(browser, PHONE)
    _log_in(page, live_server.url, MEMBER)
    _open(page, f"{live_server.url}/networks/", "member-home-phone")

    first_button = page.locator("main .btn").first.inner_text()
    start = page.get_by_role("link", name="Start een nieuw netwerk")

    assert first_button != "Start een nieuw netwerk"
    assert start.count() == 1  # still offered, at the bottom
    assert _top(page, ".start-own-network") > _top(page, ".home-network")
    context.close()


def test_on_a_phone_the_directory_shows_its_first_network_above_the_fold(
    browser, live_server, demo
):
    context, page = _page(browser, PHONE)
    _open(page, f"{live_server.url}/networks/directory/", "directory-phone")

    assert page.locator(".card-network").count() >= 1
    assert _top(page, ".card-network") < PHONE["height"] - 80  # its name in view, not its edge
    context.close()


# The width the selected option's text needs inside its select (font, padding and arrow).
SELECT_FITS = """(select) => {
  const style = getComputedStyle(select);
  const canvas = document.createElement('canvas').getContext('2d');
  canvas.font = style.font;
  const text = select.options[select.selectedIndex].text;
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return [text, Math.ceil(canvas.measureText(text).width), Math.floor(room)];
}"""


def test_the_librarys_filters_show_their_whole_words_on_a_desktop(browser, live_server, demo):
    context, page = _page(browser, DESKTOP)
    _log_in(page, live_server.url, MEMBER)
    _open(page, f"{live_server.url}/networks/{demo.pk}/library/", "library-desktop")

    for name in ("session", "goal"):
        text, needed, room = page.locator(f"select[name={name}]").evaluate(SELECT_FITS)
        assert needed <= room, f"{name}: {text!r} needs {needed}px, has {room}px"
    context.close()


@pytest.mark.parametrize(("viewport", "name"), [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_the_new_network_form_shows_the_essentials_and_folds_the_rest(
    browser, live_server, demo, viewport, name
):
    context, page = _page(browser, viewport)
    _log_in(page, live_server.url, FACILITATOR)
    _open(page, f"{live_server.url}/networks/new/", f"network-form-{name}")

    folded = page.locator("main form details.folded-section")
    shown = page.locator("main form :is(input, select, textarea):visible:not([type=hidden])")
    screens = _screens(page, viewport)

    assert (folded.count(), shown.count()) == (4, 16)
    assert screens <= (3.5 if viewport == DESKTOP else 6), f"{screens:.1f} screens"
    folded.first.locator("summary").click()  # opens without JavaScript's help
    assert shown.count() > 16
    context.close()
