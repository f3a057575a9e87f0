"""Scale-out: two web processes (gunicorn) and two Celery worker processes against one PostgreSQL
and one Redis. A facilitator signs in on one web process, carries on on the other (the session
lives in Redis), invites people there, and the two workers deliver each invitation once."""

import http.cookiejar
import os
import re
import urllib.parse
import urllib.request

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from tests.factories import PASSWORD, NetworkFactory, UserFactory
from tests.stack_fixtures import QUEUE, _free_port, start_gunicorn

pytestmark = [pytest.mark.integration, pytest.mark.postgres]


def _start_web(port, smtp_port):
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "CELERY_TASK_DEFAULT_QUEUE": QUEUE,
        "CELERY_PDF_QUEUE": f"{QUEUE}-pdf",
    }
    return start_gunicorn(port=port, workers=1, env=env, timeout=30)


@pytest.fixture
def two_web_processes(worker_factory, smtp_port):
    ports = [_free_port(), _free_port()]
    processes = [_start_web(port, smtp_port) for port in ports]
    try:
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=15)


class Browser:
    """Cookies shared between both web processes, as one browser behind a load balancer."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url):
        with self.opener.open(url, timeout=20) as response:
            return response.geturl(), response.read().decode()

    def post(self, url, data, *, form_page=None):
        """Open the page with the form (``form_page``, default ``url``), then post it."""
        page_url, page = self.get(form_page or url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}).encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": page_url})  # noqa: S310
        with self.opener.open(request, timeout=20) as response:
            return response.geturl(), response.read().decode()


def test_two_web_and_two_worker_processes_share_sessions_and_send_each_email_once(
    two_web_processes, worker_factory, smtp_server
):
    worker_factory()
    worker_factory()
    web_a, web_b = two_web_processes
    facilitator = UserFactory(email="fien@example.org", full_name="Fien Facilitator")
    # The web processes run the real settings, whose hashers do not include the tests' fast MD5.
    hashed = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    type(facilitator).objects.filter(pk=facilitator.pk).update(password=hashed)
    network = NetworkFactory(created_by=facilitator, name="Valpreventie Noord")
    browser = Browser()

    landed, _page = browser.post(
        f"{web_a}/accounts/login/", {"login": "fien@example.org", "password": PASSWORD}
    )
    assert landed.endswith("/networks/")
    _url, dashboard_on_b = browser.get(f"{web_b}/networks/")
    assert "Valpreventie Noord" in dashboard_on_b  # signed in on A, recognised by B

    emails = [f"lid{i}@example.org" for i in range(4)]
    browser.post(
        f"{web_b}/networks/{network.pk}/invite/",
        {"emails": "\n".join(emails), "role": "member"},
        form_page=f"{web_b}/networks/{network.pk}/members/",
    )

    messages = smtp_server.wait_for(len(emails))
    assert len(smtp_server.wait_for(len(emails) + 1, timeout=3)) == len(emails)
    assert sorted(to for recipients, _m in messages for to in recipients) == sorted(emails)
    assert all("Valpreventie Noord" in message["Subject"] for _to, message in messages)
