"""Browser journeys: Playwright drives Debian's chromium (found on PATH, never downloaded)
against pytest-django's live server."""

import contextlib
import os
import re
import shutil
from pathlib import Path

import pytest
from django.core import mail

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
# browser steps are synchronous and safe. Only ever set here, never in settings.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_addoption(parser):
    parser.addoption(
        "--screenshots", action="store_true", help="save a screenshot of every visited page"
    )


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("chromium is required under CI=true (Debian package chromium)")
        pytest.skip("chromium not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Person:
    """One user's browser context, with screenshots on demand."""

    def __init__(self, browser, base_url, name, request):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.base_url = base_url
        self.name = name
        self.request = request
        self.shots = 0

    def go(self, path):
        self.page.goto(path if path.startswith("http") else self.base_url + path)
        self.snap()

    def snap(self, label=""):
        if self.request.config.getoption("--screenshots"):
            self.save(label)

    def save(self, label=""):
        ARTIFACTS.mkdir(exist_ok=True)
        self.shots += 1
        test = re.sub(r"\W+", "-", self.request.node.name)
        path = ARTIFACTS / f"{test}-{self.name}-{self.shots:02d}{label}.png"
        self.page.screenshot(path=str(path), full_page=True)

    def close(self):
        self.context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        for person in getattr(item, "_people", []):
            # A failed screenshot must not hide the test's own failure.
            with contextlib.suppress(Exception):
                person.save("-failure")
    return report


@pytest.fixture
def person(browser, live_server, request):
    people = []
    request.node._people = people

    def make(name):
        someone = Person(browser, live_server.url, name, request)
        people.append(someone)
        return someone

    yield make
    for someone in people:
        someone.close()


def link_from_last_mail(to: str, pattern: str) -> str:
    for message in reversed(mail.outbox):
        if to in message.to:
            found = re.search(pattern, message.body)
            if found:
                return found.group(0)
    raise AssertionError(f"no mail to {to} with {pattern}")
