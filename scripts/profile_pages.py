"""Profile the measured pages of issue 16 in-process (pyinstrument), with production-like settings.

Usage (on a PostgreSQL database seeded with ``manage.py seed_demo``; never the test database):

    DATABASE_URL=postgres://... REDIS_URL=redis://.../n \
        .venv/bin/python scripts/profile_pages.py [--requests 30] [--enlarge] [--tree PAGE]

``--enlarge`` first grows the demo's care network to 20 held sessions through the services (once;
it is idempotent), so the timeline and the lists have the rows of a full network. Each page is
requested through the Django test client as its usual viewer (DEBUG off, the cached template
loader, Redis sessions and cache): a few warm-up requests, then ``--requests`` timed ones (the
median wall-clock and CPU time of this process are printed: the CPU time leaves out the
database server and is steadier on a busy machine), then the same number under pyinstrument,
whose samples are summed per kind of work (ORM, templates, forms, date formatting, translation,
URL reversing, ...) and per function. ``--no-profile`` prints the timings only.
"""

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from pyinstrument import Profiler  # noqa: E402

FACILITATOR = "an.peeters@leernet.demo"
MEMBER = "lotte.maes@leernet.demo"
CARE_NETWORK = "Valpreventie in de ouderenzorg"

# The kind of work a sample belongs to: the deepest frame on its stack whose file matches wins.
CATEGORIES = [
    ("SQL execution", ("django/db/backends/utils.py", "psycopg")),
    ("ORM", ("django/db/",)),
    ("templates", ("django/template/", "django/templatetags/")),
    ("crispy", ("crispy_forms/", "crispy_bootstrap5/")),
    ("forms", ("django/forms/",)),
    ("date formatting", ("django/utils/formats.py", "django/utils/dateformat.py")),
    ("translation", ("django/utils/translation/",)),
    ("URL reversing", ("django/urls/",)),
    ("cache and sessions", ("django/core/cache/", "redis/")),
]


def _category(path: str, current: str) -> str:
    if current == "SQL execution":
        return current
    for name, needles in CATEGORIES:
        if any(needle in path for needle in needles):
            return name
    return current


def _short(path: str) -> str:
    parts = Path(path).parts
    if "site-packages" in parts:
        return "/".join(parts[parts.index("site-packages") + 1 :])
    if path.startswith(str(ROOT)):
        return str(Path(path).relative_to(ROOT))
    return Path(path).name


def _walk(frame, category, totals, on_stack, parent_key=""):
    if frame.is_synthetic:  # pyinstrument's "[self]": time spent in the parent itself
        totals["category"][category] += frame.time
        totals["self"][parent_key] += frame.time
        return
    path = frame.file_path or ""
    category = _category(path, category)
    self_time = frame.time - sum(child.time for child in frame.children)
    totals["category"][category] += self_time
    key = f"{frame.function} ({_short(path)}:{frame.line_no})"
    totals["self"][key] += self_time
    if key not in on_stack:  # recursion counts once
        totals["cumulative"][key] += frame.time
    for child in frame.children:
        _walk(child, category, totals, on_stack | {key}, key)


def enlarge():
    """Twenty held sessions in the care network, with attendance, through the services."""
    import datetime

    from networks.models import Network
    from sessions import selectors as session_selectors
    from sessions import services as session_services
    from sessions.enums import AttendanceStatus, SessionKind, SessionStatus

    network = Network.objects.get(name=CARE_NETWORK)
    facilitator = network.created_by
    held = network.sessions.filter(status=SessionStatus.HELD).count()
    members = session_selectors.active_members(network=network)
    start = datetime.datetime(2025, 1, 14, 13, tzinfo=datetime.UTC)
    for index in range(20 - held):
        starts_at = start + datetime.timedelta(days=14 * index)
        session, _warnings = session_services.session_create(
            network=network,
            data={
                "title": f"Casusbespreking {index + 1}",
                "kind": SessionKind.REGULAR,
                "location": "Vergaderzaal De Brug, Brugge",
                "description": "We bespreken een casus uit de praktijk.",
                "starts_at": starts_at,
                "ends_at": starts_at + datetime.timedelta(hours=3),
            },
            acting_user=facilitator,
        )
        entries = {m.pk: {"status": AttendanceStatus.PRESENT, "remark": ""} for m in members}
        session_services.session_record_attendance(
            session=session, entries=entries, mark_held=True, acting_user=facilitator
        )
    print(f"care network: {network.sessions.count()} sessions, {len(members)} members")


def pages():
    from evaluations.models import Questionnaire
    from networks.models import Network
    from sessions.enums import SessionStatus

    network = Network.objects.get(name=CARE_NETWORK)
    held = network.sessions.filter(status=SessionStatus.HELD).order_by("-starts_at")
    with_minutes = held.filter(minutes__isnull=False).order_by("starts_at").first()
    shared = Questionnaire.objects.filter(network=network, results_shared=True).first()
    return [
        ("dashboard", FACILITATOR, reverse("networks:dashboard")),
        ("network", FACILITATOR, reverse("networks:detail", args=[network.pk])),
        ("timeline", FACILITATOR, reverse("sessions:timeline", args=[network.pk])),
        ("timeline (member)", MEMBER, reverse("sessions:timeline", args=[network.pk])),
        ("session", FACILITATOR, reverse("sessions:detail", args=[held.first().pk])),
        ("results", MEMBER, reverse("evaluations:results", args=[shared.pk])),
        ("goals", MEMBER, reverse("evaluations:goals", args=[network.pk])),
        ("minutes editor", FACILITATOR, reverse("reports:minutes_edit", args=[with_minutes.pk])),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--enlarge", action="store_true")
    parser.add_argument("--only", help="profile only pages whose name contains this")
    parser.add_argument("--tree", help="print pyinstrument's call tree of this page")
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--no-profile", action="store_true", help="timings only")
    options = parser.parse_args()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    if settings.DEBUG:
        parser.error("run with DEBUG off (config.settings.test or production)")

    from accounts.models import User

    if options.enlarge:
        enlarge()
    clients = {}
    for name, email, url in pages():
        if options.only and options.only not in name:
            continue
        if email not in clients:
            clients[email] = Client()
            clients[email].force_login(User.objects.get(email=email))
        client = clients[email]
        for _ in range(5):
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{name}: {url} answered {response.status_code}")
        times, cpu = [], []
        for _ in range(options.requests):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        summary = (
            f"median {statistics.median(times):.1f} ms, "
            f"p90 {sorted(times)[int(len(times) * 0.9)]:.1f} ms, "
            f"CPU median {statistics.median(cpu):.1f} ms over {len(times)} requests"
        )
        if options.no_profile:
            print(f"{name}: {summary}")
            continue
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(options.requests):
            client.get(url)
        profiler.stop()
        totals = {kind: defaultdict(float) for kind in ("category", "self", "cumulative")}
        _walk(profiler.last_session.root_frame(), "other Python", totals, frozenset())
        total = sum(totals["category"].values())
        per_request = 1000 / options.requests
        print(f"\n## {name} ({url}, as {email.split('@')[0]})")
        print(summary)
        print(
            "share of sampled time: "
            + ", ".join(
                f"{key} {value / total:.0%}"
                for key, value in sorted(totals["category"].items(), key=lambda item: -item[1])
                if value / total >= 0.01
            )
        )
        print("project frames, cumulative ms per request:")
        project = [
            (key, value)
            for key, value in totals["cumulative"].items()
            if "/" in key.split("(")[1]
            and "site-packages" not in key
            and "scripts/" not in key
            and not key.split("(")[1].startswith(("django/", "crispy", "allauth", "pyinstrument"))
        ]
        for key, value in sorted(project, key=lambda item: -item[1])[: options.top]:
            print(f"  {value * per_request:6.2f} ms  {value / total:5.1%}  {key}")
        print("library functions by own time, ms per request:")
        for key, value in sorted(totals["self"].items(), key=lambda item: -item[1])[: options.top]:
            print(f"  {value * per_request:6.2f} ms  {value / total:5.1%}  {key}")
        if options.tree and options.tree in name:
            print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
