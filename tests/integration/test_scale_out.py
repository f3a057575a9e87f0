"""Scale-out behind a real load balancer: HAProxy in front of three gunicorn processes (the
production settings), three Celery workers (one on the PDF queue) and two beats, on one
PostgreSQL and one Redis. Signed-in members view pages and post RSVPs and a facilitator invites
people, all through HAProxy; midway one web process (master and worker) and one worker are
killed with SIGKILL. No request fails but those in flight on the killed web process, every
invitation email arrives once (by Message-ID), and every RSVP posted is stored once.
The figures are written to var/scale-out-figures.json (docs/operations.md, "Scale-out proof")."""

import datetime
import http.client
import json
import os
import re
import signal
import socket
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.utils import timezone

from core import outbox
from networks.models import NetworkEmail
from sessions.models import Rsvp
from tests.factories import PASSWORD, MembershipFactory, NetworkFactory, SessionFactory, UserFactory
from tests.integration.processes import (
    Beat,
    HAProxy,
    ensure_collected_static,
    stack_env,
    wait_until,
)
from tests.stack_fixtures import ROOT, _free_port, start_gunicorn
from tests.test_deploy import SIGNING_KEY

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

MEMBERS = 3
SESSIONS = 12
INVITE_ROUNDS = 12
KILL_AFTER = 45  # requests answered before the kills
CHECK_PATH = "/healthz"  # liveness (issue 25): what a load balancer asks
FIGURES = ROOT / "var" / "scale-out-figures.json"


class Client:
    """One browser, over plain HTTP to HAProxy on loopback. Cookies are kept by hand: the
    production cookies are Secure, which urllib's jar would not send over plain HTTP (HAProxy
    stands in for the TLS terminator and says so in X-Forwarded-Proto)."""

    def __init__(self, port, records, lock):
        self.port, self.records, self.lock = port, records, lock
        self.cookies = {}

    def request(self, method, path, *, data=None, kind):
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://127.0.0.1{path}"
        record = {"kind": kind, "path": path, "start": time.monotonic(), "status": None}
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            # Who served it is known from the headers, before the body: a machine killed while
            # sending the body leaves an IncompleteRead, a request in flight on it.
            record["served_by"] = response.getheader("X-Served-By")
            text = response.read().decode()
            record["status"] = response.status
            for cookie in response.msg.get_all("Set-Cookie") or []:
                name, _sep, rest = cookie.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            connection.close()
        except (OSError, http.client.HTTPException) as error:
            record["error"], text = repr(error), ""
        record["end"] = time.monotonic()
        with self.lock:
            self.records.append(record)
        return record, text

    def token(self, page):
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        return match.group(1) if match else None

    def sign_in(self, email):
        _record, page = self.request("GET", "/accounts/login/", kind="login-page")
        record, _page = self.request(
            "POST",
            "/accounts/login/",
            data={"csrfmiddlewaretoken": self.token(page), "login": email, "password": PASSWORD},
            kind="login",
        )
        assert record["status"] == 302, record


def _member_loop(client, sessions, index, posted):
    for number, session in enumerate(sessions):
        client.request("GET", "/networks/", kind="home")
        record, page = client.request("GET", session.get_absolute_url(), kind="session")
        if record["status"] != 200:
            continue  # the page failed in flight: nothing to post from it
        marker = f"load-{index}-{number}"
        answer = ["attending", "not_attending", "maybe"][number % 3]
        record, _page = client.request(
            "POST",
            f"/sessions/{session.pk}/rsvp/",
            data={
                "csrfmiddlewaretoken": client.token(page),
                "answer": answer,
                "input_for_group": marker,
            },
            kind="rsvp",
        )
        posted.append((record, session.pk, client.email, marker))


def _facilitator_loop(client, network, invited):
    for number in range(INVITE_ROUNDS):
        record, page = client.request("GET", f"/networks/{network.pk}/members/", kind="members")
        if record["status"] != 200:
            continue
        emails = [f"gast{number}-{letter}@example.org" for letter in "ab"]
        record, _page = client.request(
            "POST",
            f"/networks/{network.pk}/invite/",
            data={
                "csrfmiddlewaretoken": client.token(page),
                "emails": "\n".join(emails),
                "role": "member",
            },
            kind="invite",
        )
        invited.append((record, emails))


@pytest.fixture
def stack(require_haproxy, require_postgres, require_redis, worker_factory, smtp_server, smtp_port):
    web_ports = {f"web{i}": _free_port() for i in (1, 2, 3)}
    web_env = stack_env(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
        SITE_URL="https://127.0.0.1",
        IDP_OIDC_PRIVATE_KEY=SIGNING_KEY,
    )
    ensure_collected_static(web_env)
    beats, webs, proxy = [], {}, None
    try:
        workers = [worker_factory(), worker_factory()]
        workers.append(worker_factory(queues=stack_env()["CELERY_PDF_QUEUE"]))
        beats.extend(Beat(name, stack_env()).start() for name in ("a", "b"))
        for name, port in web_ports.items():
            webs[name] = start_gunicorn(
                port=port,
                workers=1,
                env=web_env,
                ready_path=CHECK_PATH,
                headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"},
                timeout=120,
                own_group=True,
            )
        proxy = HAProxy(port=_free_port(), backends=web_ports, check_path=CHECK_PATH)
        proxy.start()
        yield {
            "port": proxy.port,
            "proxy": proxy,
            "webs": webs,
            "web_ports": web_ports,
            "workers": workers,
            "beats": beats,
            "smtp": smtp_server,
        }
    finally:
        if proxy is not None:
            proxy.stop()
        for process in webs.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        for beat in beats:
            beat.cleanup()


def _people():
    hashed = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    facilitator = UserFactory(email="fien@example.org")
    network = NetworkFactory(created_by=facilitator, name="Valpreventie Noord")
    members = [UserFactory(email=f"lid{i}@example.org") for i in range(MEMBERS)]
    for member in members:
        MembershipFactory(network=network, user=member)
    # The web processes run the real hashers, not the tests' fast MD5.
    type(facilitator).objects.update(password=hashed)
    sessions = [SessionFactory(network=network) for _ in range(SESSIONS)]
    return facilitator, network, members, sessions


def _rss_mb(pid):
    """Resident memory of a process and its children (a gunicorn master and its worker), in MB."""
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(child) for child in children.read_text().split()]
    total = 0
    for one in pids:
        status = Path(f"/proc/{one}/status").read_text()
        total += int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))
    return round(total / 1024)


def _deliver_everything(network, smtp):
    """Wait for the outbox until it stops moving; rows a killed worker left behind (claimed, or
    prefetched and never acknowledged) come back with the sweep that beat runs every minute, run
    here as if ten minutes had passed. Returns how many rows needed the sweep."""
    rows = NetworkEmail.objects.filter(network=network)
    unsent = rows.exclude(state=outbox.OutboxState.SENT)
    last, still_since = None, time.monotonic()
    while unsent.exists() and time.monotonic() - still_since < 15:
        count = unsent.count()
        if count != last:
            last, still_since = count, time.monotonic()
        time.sleep(0.5)
    needed_sweep = unsent.count()
    if needed_sweep:
        outbox.sweep(now=timezone.now() + outbox.STALE_SENDING + datetime.timedelta(minutes=1))
        wait_until(lambda: not unsent.exists(), timeout=120, what="every invitation sent")
    smtp.wait_for(rows.count(), timeout=30)
    return needed_sweep


def test_haproxy_three_web_three_workers_two_beats_survive_a_kill_under_load(stack):
    facilitator, network, members, sessions = _people()
    records, lock = [], threading.Lock()
    posted, invited = [], []
    threads = []
    for index, member in enumerate(members):
        client = Client(stack["port"], records, lock)
        client.email = member.email
        client.sign_in(member.email)
        threads.append(
            threading.Thread(target=_member_loop, args=(client, sessions, index, posted))
        )
    boss = Client(stack["port"], records, lock)
    boss.sign_in(facilitator.email)
    threads.append(threading.Thread(target=_facilitator_loop, args=(boss, network, invited)))
    signed_in = len(records)
    for thread in threads:
        thread.start()

    wait_until(lambda: len(records) >= signed_in + KILL_AFTER, timeout=300, what="load")
    killed_web = stack["webs"]["web1"]
    os.killpg(killed_web.pid, signal.SIGKILL)  # the machine's gunicorn, master and worker
    killed_at = time.monotonic()
    # SIGKILL takes effect when the kernel tears the processes down: until their listening socket
    # is closed, a connection HAProxy hands to web1 is accepted and then reset (a 502). Those
    # requests were in flight on the killed machine too; `gone_at` is when nothing listens any more.
    killed_web.wait(timeout=60)
    wait_until(
        lambda: not _listening(stack["web_ports"]["web1"]), timeout=60, what="web1 to be gone"
    )
    gone_at = time.monotonic()
    stack["workers"][0].kill()
    for thread in threads:
        thread.join(timeout=600)
    assert not any(thread.is_alive() for thread in threads)
    memory = {
        "web_mb": _rss_mb(stack["webs"]["web2"].pid),
        "worker_mb": _rss_mb(stack["workers"][1].process.pid),
        "pdf_worker_mb": _rss_mb(stack["workers"][2].process.pid),
        "beat_mb": _rss_mb(stack["beats"][1].process.pid),
    }

    # Requests: only those in flight on web1 when it died failed.
    failed = [r for r in records if r["status"] not in (200, 302)]
    in_flight = [
        r
        for r in records
        if r.get("served_by") == "web1" and r["start"] <= gone_at and r["end"] >= killed_at
    ]
    summary = [
        (r["kind"], r["status"], r.get("served_by"), r["start"] - killed_at, r["end"] - killed_at)
        for r in failed
    ]
    if not all(r in in_flight for r in failed):
        (ROOT / "var" / "scale-out-failures.txt").write_text(
            "\n".join(map(repr, summary)) + "\n" + stack["proxy"].log_path.read_text()
        )
    assert all(r in in_flight for r in failed), summary
    assert len(failed) <= len(threads)  # one request in flight per browser at most
    assert {r.get("served_by") for r in records if r["end"] > killed_at + 5} <= {"web2", "web3"}

    # RSVPs: every one posted and answered is stored, once (one row per member and session).
    answered = [(pk, email, marker) for r, pk, email, marker in posted if r["status"] == 302]
    stored = {
        (rsvp.session_id, rsvp.user.email): rsvp.input_for_group
        for rsvp in Rsvp.objects.filter(session__network=network).select_related("user")
    }
    for pk, email, marker in answered:
        assert stored[(pk, email)] == marker
    failed_rsvps = [r for r, *_ in posted if r["status"] != 302]
    assert len(answered) <= len(stored) <= len(answered) + len(failed_rsvps)

    # Emails: every invitation stored is delivered, each Message-ID once.
    stuck = _deliver_everything(network, stack["smtp"])
    rows = list(NetworkEmail.objects.filter(network=network))
    for record, emails in invited:
        if record["status"] == 302:
            assert {row.to_email for row in rows} >= set(emails)
    delivered = stack["smtp"].messages
    message_ids = [message["Message-ID"] for _to, message in delivered]
    assert sorted(set(message_ids)) == sorted(row.message_id for row in rows)
    # At least once: a copy (same Message-ID) only for what the killed worker was sending.
    assert len(message_ids) - len(set(message_ids)) <= 1

    figures = {
        "requests": len(records),
        "failed": len(failed),
        "in_flight_on_killed_web": len(in_flight),
        "rsvps_posted": len(posted),
        "rsvps_answered": len(answered),
        "rsvps_stored": len(stored),
        "invitation_emails": len(rows),
        "emails_delivered": len(delivered),
        "distinct_message_ids": len(set(message_ids)),
        "sent_after_the_sweep": stuck,
        "resident_memory": memory,
    }
    FIGURES.write_text(json.dumps(figures, indent=2) + "\n")
    print("scale-out figures:", figures)  # noqa: T201 - the figures the docs quote


def _listening(port: int) -> bool:
    """Whether something still accepts connections on ``port`` (loopback)."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True
