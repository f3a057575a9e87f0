"""``make bench`` (``python -m bench``): issue 16's measurements, end to end, in this order.

1. A database of its own (``BENCH_DATABASE``, default ``leernet_bench``, on the server of
   ``DATABASE_URL``), dropped, created and migrated; static files collected (var/staticfiles).
2. The small and the full network through the services (bench/scenario.py); query counts of
   every page and role of bench/pages.py, and each page's time in-process (the "empty" database).
3. The bulk rows (bench/seed.py); the counts and times again (the "scaled" database); a
   pyinstrument profile of the slowest page (var/bench/).
4. The minutes PDF through the project's code against bare WeasyPrint, and the trajectory report.
5. Load: gunicorn with production settings and 2 × cores + 1 workers (docs/operations.md), the
   floor view and every page, alternated, ``BENCH_ROUNDS`` rounds: each round the floor for
   ``BENCH_FLOOR_SECONDS``, then every page for ``BENCH_SECONDS``.
6. Publishing minutes to 15 absentees through two Celery worker processes and aiosmtpd.

It writes bench/results.json and prints the table. Environment: DATABASE_URL (PostgreSQL) and
REDIS_URL (databases n to n+2 are flushed: give the bench its own) are required; BENCH_SECONDS
(20, the issue's seconds per page), BENCH_FLOOR_SECONDS (10: the trivial floor settles fast, and
the shorter floor runs keep the whole run near 10 minutes on 2 cores), BENCH_ROUNDS (3),
BENCH_CONNECTIONS (10), BENCH_SCALE (1.0: the bulk's size) are optional.
"""

import datetime
import gc
import hashlib
import json
import logging
import os
import secrets
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results.json"
VAR = ROOT / "var" / "bench"
SMALL_SAMPLES = 20


def log(message: str) -> None:
    print(message, flush=True)


def _setting(name: str, default):
    return type(default)(os.environ.get(name, default))


class BenchDatabase:
    """The bench's own database on the server of DATABASE_URL, dropped and made again each run.

    Migrating takes half a minute or more on 2 cores, so a migrated copy is kept as a template
    (``<name>_migrated_<hash of every migration and the pinned requirements>``): the next run
    with the same migrations copies it instead of migrating; a change of migrations makes a new
    one and drops the old."""

    def __init__(self):
        url = os.environ.get("DATABASE_URL", "")
        if not url.startswith(("postgres://", "postgresql://")):
            sys.exit("make bench needs DATABASE_URL on PostgreSQL (the bench database's server).")
        if not os.environ.get("REDIS_URL"):
            sys.exit(
                "make bench needs REDIS_URL (databases n to n+2 of their own: they are flushed)."
            )
        self.name = os.environ.get("BENCH_DATABASE", "leernet_bench")
        self.parts = urllib.parse.urlsplit(url)
        digest = hashlib.sha256()
        sources = sorted(ROOT.glob("*/migrations/*.py")) + [ROOT / "requirements" / "base.txt"]
        for path in sources:
            digest.update(str(path.relative_to(ROOT)).encode() + path.read_bytes())
        self.prefix = f"{self.name}_migrated_"
        self.template = self.prefix + digest.hexdigest()[:12]
        self.url = urllib.parse.urlunsplit(self.parts._replace(path=f"/{self.name}"))

    def _server(self):
        import psycopg2

        server = psycopg2.connect(
            dbname="postgres",
            user=urllib.parse.unquote(self.parts.username or "") or None,
            password=urllib.parse.unquote(self.parts.password or "") or None,
            host=self.parts.hostname,
            port=self.parts.port,
        )
        server.autocommit = True
        return server

    def create(self) -> bool:
        """Drop and create the database; True when it came migrated from the template."""
        from psycopg2 import sql

        server = self._server()
        with server.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.template])
            migrated = cursor.fetchone() is not None
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name))
            )
            create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name))
            if migrated:
                create += sql.SQL(" TEMPLATE {}").format(sql.Identifier(self.template))
            cursor.execute(create)
        server.close()
        return migrated

    def keep_as_template(self) -> None:
        """Right after migrating: copy the database as the template, drop older templates."""
        from django.db import connections
        from psycopg2 import sql

        connections.close_all()
        server = self._server()
        with server.cursor() as cursor:
            cursor.execute(
                "SELECT datname FROM pg_database WHERE starts_with(datname, %s)", [self.prefix]
            )
            for (old,) in cursor.fetchall():
                cursor.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(old))
                )
            cursor.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(self.template), sql.Identifier(self.name)
                )
            )
        server.close()


def _configure(database_url: str) -> None:
    """The production settings, as gunicorn gets them (the same secret key, so the sessions the
    bench creates are valid there), plus the floor view."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DATABASE_URL": database_url,
            "DJANGO_SECRET_KEY": "bench-" + secrets.token_hex(32),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
            "SITE_URL": "https://127.0.0.1",
            "LEERNET_BENCH_FLOOR": "1",
        }
    )
    # Production refuses to start without an SMTP server (core/ops/deploy_checks.py); the web
    # processes only enqueue email, the bench's workers get their own aiosmtpd (Worker).
    os.environ.setdefault("EMAIL_URL", "smtp://127.0.0.1:25")
    sys.path.insert(0, str(ROOT))
    # ... and without the key that signs the API's ID tokens: one for this run.
    from core.ops.settings import ephemeral_rsa_pem  # noqa: PLC0415 (lazy: after the path)

    os.environ.setdefault("IDP_OIDC_PRIVATE_KEY", ephemeral_rsa_pem())
    import django

    django.setup()


def _collectstatic():
    """Collect the static files in the background (the production storage needs its manifest;
    compressing every file takes a minute), unless they are newer than every source."""
    from django.conf import settings

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    sources = [ROOT / ".venv" / ".installed", *(ROOT / "static").rglob("*")]
    newest = max((path.stat().st_mtime for path in sources if path.exists()), default=0)
    if manifest.exists() and manifest.stat().st_mtime > newest:
        return None
    return subprocess.Popen(  # noqa: S603 - manage.py with fixed arguments
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=(VAR / "collectstatic.log").open("w"),
    )


class Timer:
    def __init__(self):
        self.steps = {}

    def step(self, name):
        timer = self

        class _Step:
            def __enter__(self):
                log(f"== {name}")
                self.start = time.perf_counter()

            def __exit__(self, *exc):
                timer.steps[name] = round(time.perf_counter() - self.start, 1)
                log(f"   {name}: {timer.steps[name]} s")

        return _Step()


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def _get(client, url):
    response = client.get(url, secure=True)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return response


def query_counts(scenarios) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.pages import page_roles

    counts = {}
    for page, role in page_roles():
        for label, scenario in scenarios.items():
            client = _client(scenario.users[role])
            url = page.url(scenario)
            _get(client, url)
            with CaptureQueriesContext(connection) as queries:
                _get(client, url)
            counts[page.name, role, label] = len(queries)
    return counts


def page_times(scenario, samples=SMALL_SAMPLES) -> dict:
    """Milliseconds of each page and role in-process (test client), after two warm ones: the
    fastest and the median of ``samples``. Growth compares the fastest: on a shared machine the
    median moves with whatever else runs, the fastest request is the one nothing interrupted."""
    from bench.pages import page_roles

    times = {}
    for page, role in page_roles():
        client = _client(scenario.users[role])
        url = page.url(scenario)
        for _ in range(2):
            _get(client, url)
        measured = []
        # Without the cyclic garbage collector while timing: how often it runs depends on how
        # many objects the process made before (the bulk makes 600,000), not on the page.
        gc.collect()
        gc.disable()
        try:
            for _ in range(samples):
                start = time.perf_counter()
                _get(client, url)
                measured.append((time.perf_counter() - start) * 1000)
        finally:
            gc.enable()
        times[page.name, role] = (min(measured), statistics.median(measured))
    return times


def profile(scenario, page, role) -> str:
    from pyinstrument import Profiler

    client = _client(scenario.users[role])
    url = page.url(scenario)
    _get(client, url)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(10):
        _get(client, url)
    profiler.stop()
    VAR.mkdir(parents=True, exist_ok=True)
    text = profiler.output_text(unicode=False, color=False)
    (VAR / f"profile-{page.name}-{role}.txt").write_text(text)
    # Text only: pyinstrument's HTML view loads its fonts from a CDN, and nothing here may.
    return text


def pdf_times(scenario, runs=10) -> dict:
    from pathlib import Path as _Path

    import weasyprint
    from django.conf import settings

    from core import pdf
    from minutes import documents as minutes_documents
    from minutes.models import MinutesVersion
    from reports import documents as reports_documents

    version = MinutesVersion.objects.filter(minutes__session=scenario.session).latest("number")
    captured = {}
    original = pdf.html_to_pdf

    def capture(html, **kwargs):
        captured["html"] = html
        return original(html, **kwargs)

    pdf.html_to_pdf = capture
    try:
        minutes_documents.minutes_pdf_bytes(version=version)
    finally:
        pdf.html_to_pdf = original
    base_url = _Path(settings.STATICFILES_DIRS[0]).resolve().as_uri() + "/"

    def project():
        minutes_documents.minutes_pdf_bytes(version=version)

    def bare():
        weasyprint.HTML(string=captured["html"], base_url=base_url).write_pdf()

    bare()
    project_s, bare_s = [], []
    for _ in range(runs):
        for work, into in ((project, project_s), (bare, bare_s)):
            start = time.perf_counter()
            work()
            into.append(time.perf_counter() - start)
    report_s = []
    for _ in range(2):
        start = time.perf_counter()
        reports_documents.network_report_pdf(network=scenario.network)
        report_s.append(time.perf_counter() - start)
    project_median, bare_median = statistics.median(project_s), statistics.median(bare_s)
    return {
        "project_s": round(project_median, 3),
        "bare_s": round(bare_median, 3),
        "ratio": round(project_median / bare_median, 2),
        "report_s": round(report_s[-1], 3),  # the first run compiled the templates
    }


def _free_port() -> int:
    from tests.stack_fixtures import _free_port as free_port

    return free_port()


def start_gunicorn(workers: int):
    from tests.stack_fixtures import start_gunicorn as start

    port = _free_port()
    env = {**os.environ, "WEB_CONCURRENCY": str(workers), "DJANGO_ALLOWED_HOSTS": "127.0.0.1"}
    try:
        process = start(
            port=port,
            workers=workers,
            env=env,
            ready_path="/bench/floor/",
            headers={"X-Forwarded-Proto": "https"},
            log=(VAR / "gunicorn.log").open("w"),
        )
    except RuntimeError as error:
        raise RuntimeError(f"{error}: see var/bench/gunicorn.log") from error
    return process, port


def _check(port, path, cookie):
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"X-Forwarded-Proto": "https", "Cookie": cookie})
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status} through gunicorn")


def load_runs(
    scenario, *, workers, seconds, floor_seconds, rounds, connections
) -> tuple[dict, list]:
    from django.conf import settings
    from django.urls import reverse

    from bench import load
    from bench.pages import PAGES

    cookies = {
        role: f"{settings.SESSION_COOKIE_NAME}="
        + _client(user).cookies[settings.SESSION_COOKIE_NAME].value
        for role, user in scenario.users.items()
    }
    floor = reverse("bench_floor")
    runs = [("floor", "facilitator", floor, floor_seconds)]
    for page in PAGES:
        for role in page.roles:
            # A page's run is split between the roles that see it, so every page gets
            # ``seconds`` per round whatever its roles.
            runs.append((page.name, role, page.url(scenario), seconds / len(page.roles)))
    process, port = start_gunicorn(workers)
    results = {}
    try:
        for _name, role, path, _seconds in runs:
            _check(port, path, cookies[role])
            load.run(
                host="127.0.0.1",
                port=port,
                path=path,
                cookie=cookies[role],
                seconds=0.5,
                connections=connections,
            )
        for number in range(rounds):
            for name, role, path, run_seconds in runs:
                result = load.run(
                    host="127.0.0.1",
                    port=port,
                    path=path,
                    cookie=cookies[role],
                    seconds=run_seconds,
                    connections=connections,
                )
                if result.errors:
                    raise RuntimeError(f"{name} ({role}): {result.errors} failed requests")
                results.setdefault((name, role), []).append(result)
                log(
                    f"   round {number + 1} {name:<15} {role:<12} {result.rps:7.1f} rps "
                    f"p50 {result.p50_ms:6.1f} p95 {result.p95_ms:6.1f} p99 {result.p99_ms:6.1f} ms"
                )
    finally:
        process.terminate()
        process.wait(timeout=30)
    return results, runs


def delivery(scenario) -> dict:
    """Publish minutes for 15 absentees with two worker processes and aiosmtpd running: once
    to warm the workers, once measured (from the click to the 15th email)."""
    import datetime

    from django.utils import timezone

    from minutes import services as minutes_services
    from sessions import services as session_services
    from sessions.enums import AttendanceStatus
    from sessions.selectors import active_members
    from tests.stack_fixtures import SmtpServer, Worker, _WorkerRouting

    network, facilitator = scenario.network, scenario.users["facilitator"]
    members = active_members(network=network)

    def held_without_anyone(title):
        start = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=4)
        session, _warnings = session_services.session_create(
            network=network,
            data={
                "title": title,
                "starts_at": start,
                "ends_at": start + datetime.timedelta(hours=3),
            },
            acting_user=facilitator,
        )
        session_services.session_record_attendance(
            session=session,
            entries={m.pk: {"status": AttendanceStatus.ABSENT, "remark": ""} for m in members},
            mark_held=True,
            acting_user=facilitator,
        )
        minutes = minutes_services.minutes_get_or_create(session=session, acting_user=facilitator)
        minutes_services.minutes_save_draft(
            minutes=minutes,
            data={"summary": "We bespraken **valrisico** zonder jullie."},
            item_notes={},
            actions=[],
            acting_user=facilitator,
        )
        return minutes

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's every SMTP line
    warm, measured = held_without_anyone("Opwarmen"), held_without_anyone("Gemeten")
    smtp = SmtpServer(_free_port())
    smtp.start()
    workers = []
    try:
        with _WorkerRouting():
            for _ in range(2):
                worker = Worker(
                    smtp_port=smtp.port,
                    site_url="https://127.0.0.1",
                    extra_env={
                        "DJANGO_SETTINGS_MODULE": "config.settings.production",
                        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
                    },
                )
                workers.append(worker.start())
            minutes_services.minutes_publish(minutes=warm, acting_user=facilitator)
            smtp.wait_for(len(members), timeout=120)
            expected = len(smtp.messages) + len(members)
            start = time.perf_counter()
            version = minutes_services.minutes_publish(minutes=measured, acting_user=facilitator)
            while len(smtp.messages) < expected and time.perf_counter() - start < 120:
                time.sleep(0.01)
            fanout = time.perf_counter() - start
            if len(smtp.messages) < expected:
                raise RuntimeError("the 15 minutes emails did not all arrive within 2 minutes")
            time.sleep(1)  # a second render would have started by now
            version.refresh_from_db()
            line = f"minutes.MinutesVersion {version.pk}: PDF rendered"
            logged = sum(w.log_path.read_text().count(line) for w in workers)
    finally:
        for worker in workers:
            worker.stop()
        smtp.stop()
    return {
        "fanout_15_s": round(fanout, 3),
        "renders": version.pdf_renders,
        "renders_logged": logged,
        "absentees": len(members),
    }


GIT_STATUS = ["git", "status", "--porcelain", "--untracked-files=no"]


def _git_commit() -> str:
    try:
        head = subprocess.run(  # noqa: S603 - fixed arguments
            ["git", "rev-parse", "HEAD"],  # noqa: S607 - git from PATH, as make finds it
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(  # noqa: S603 - fixed arguments
            # The results of an earlier run are no change of the code measured.
            [*GIT_STATUS, "--", ".", ":!bench/results.json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("-dirty" if dirty else "")


def table(results: dict) -> str:
    lines = [
        f"{'page':<15} {'role':<12} {'q small':>7} {'q full':>6} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'rps':>7} {'floor':>7} {'ratio':>6} {'growth':>6}"
    ]
    for page in results["pages"]:
        lines.append(
            f"{page['name']:<15} {page['role']:<12} {page['queries_small']:>7} "
            f"{page['queries_full']:>6} {page['p50_ms']:>7.1f} {page['p95_ms']:>7.1f} "
            f"{page['p99_ms']:>7.1f} {page['rps']:>7.1f} {page['floor_rps']:>7.1f} "
            f"{page['ratio']:>6.2f} {page['growth']['ratio']:>6.2f}"
        )
    pdf, mail, machine = results["pdf"], results["delivery"], results["machine"]
    lines.append(
        f"pdf: project {pdf['project_s']} s, bare {pdf['bare_s']} s, ratio {pdf['ratio']}; "
        f"trajectory report {pdf['report_s']} s"
    )
    lines.append(f"delivery: 15th email after {mail['fanout_15_s']} s, renders {mail['renders']}")
    lines.append(
        f"machine: {machine['cores']} cores, load {machine['load_start']} at start, "
        f"{machine['load_end']} at end; commit {results['commit']}, {results['timestamp']}"
    )
    return "\n".join(lines)


def main() -> None:
    seconds = _setting("BENCH_SECONDS", 20.0)
    floor_seconds = _setting("BENCH_FLOOR_SECONDS", 10.0)
    rounds = _setting("BENCH_ROUNDS", 3)
    connections = _setting("BENCH_CONNECTIONS", 10)
    scale = _setting("BENCH_SCALE", 1.0)
    cores = os.cpu_count() or 1
    workers = 2 * cores + 1  # docs/operations.md, "Sizing"
    load_start = [round(value, 2) for value in os.getloadavg()]
    commit = _git_commit()
    began = time.perf_counter()
    timer = Timer()
    VAR.mkdir(parents=True, exist_ok=True)

    with timer.step("database"):
        database = BenchDatabase()
        migrated = database.create()
        _configure(database.url)
        from django.core.cache import caches
        from django.core.management import call_command

        # Stale sessions and cached fragments of an earlier run's ids (the cache and the sessions
        # have Redis databases of their own: REDIS_URL's n+1 and n+2).
        for each in caches.all():
            each.clear()
        collecting = _collectstatic()
        if not migrated:
            call_command("migrate", verbosity=0)
            database.keep_as_template()

    from django.db import connection
    from django.test.utils import override_settings

    from bench import seed
    from bench.pages import page_roles
    from bench.scenario import build_network
    from reports.management.commands.seed_demo import _quiet

    with (
        timer.step("networks"),
        _quiet(),
        override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
    ):
        # What the services enqueue waits in Redis, as with a worker not yet there (and as in
        # the budget test, where nothing runs after commit): no email or PDF is rendered here.
        scenarios = {
            "small": build_network(label="small", members=1, sessions=1),
            "full": build_network(label="full", members=15, sessions=20),
        }
    full = scenarios["full"]
    if collecting is not None:
        with timer.step("static files (collectstatic)"):
            if collecting.wait() != 0:
                sys.exit("collectstatic failed: see var/bench/collectstatic.log")
    with timer.step("counts and times, empty database"):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as after the bulk: the planner's statistics are fresh
        counts_empty = query_counts(scenarios)
        times_empty = page_times(full)
    with timer.step("bulk rows"):
        rows = seed.seed(scale=scale, log=log)
    with timer.step("counts and times, scaled database"):
        counts = query_counts(scenarios)
        times_scaled = page_times(full)
    slowest = max(page_roles(), key=lambda pair: times_scaled[pair[0].name, pair[1]][1])
    with timer.step(f"profile of the slowest page ({slowest[0].name}, {slowest[1]})"):
        profile_text = profile(full, *slowest)
        log("\n".join(profile_text.splitlines()[:40]))
    with timer.step("pdf"):
        pdf = pdf_times(full)
    with timer.step("load"):
        loads, _runs = load_runs(
            full,
            workers=workers,
            seconds=seconds,
            floor_seconds=floor_seconds,
            rounds=rounds,
            connections=connections,
        )
    with timer.step("delivery"), _quiet():
        mail = delivery(full)

    floor_rps = statistics.median(result.rps for result in loads["floor", "facilitator"])
    pages = []
    for page, role in page_roles():
        runs = loads[page.name, role]
        rps = statistics.median(result.rps for result in runs)
        empty, scaled = times_empty[page.name, role], times_scaled[page.name, role]
        pages.append(
            {
                "name": page.name,
                "role": role,
                "queries_small": counts[page.name, role, "small"],
                "queries_full": counts[page.name, role, "full"],
                "p50_ms": round(statistics.median(r.p50_ms for r in runs), 1),
                "p95_ms": round(statistics.median(r.p95_ms for r in runs), 1),
                "p99_ms": round(statistics.median(r.p99_ms for r in runs), 1),
                "rps": round(rps, 1),
                "floor_rps": round(floor_rps, 1),
                "ratio": round(rps / floor_rps, 3),
                "growth": {
                    "empty_ms": round(empty[0], 1),
                    "scaled_ms": round(scaled[0], 1),
                    "ratio": round(scaled[0] / empty[0], 2),
                    "empty_median_ms": round(empty[1], 1),
                    "scaled_median_ms": round(scaled[1], 1),
                },
                "queries_empty_database": [
                    counts_empty[page.name, role, "small"],
                    counts_empty[page.name, role, "full"],
                ],
            }
        )
    floor = loads["floor", "facilitator"]
    results = {
        "timestamp": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "machine": {
            "cores": cores,
            "load_start": load_start,
            "load_end": [round(value, 2) for value in os.getloadavg()],
        },
        "run": {
            "gunicorn_workers": workers,
            "connections": connections,
            "seconds_per_page": seconds,
            "seconds_floor": floor_seconds,
            "rounds": rounds,
            "floor": {
                "rps": round(floor_rps, 1),
                "p50_ms": round(statistics.median(r.p50_ms for r in floor), 1),
                "p95_ms": round(statistics.median(r.p95_ms for r in floor), 1),
            },
            "rows": rows,
            "profiled": f"{slowest[0].name} ({slowest[1]})",
            "steps_s": timer.steps,
            "total_s": round(time.perf_counter() - began, 1),
        },
        "pages": pages,
        "pdf": pdf,
        "delivery": mail,
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    log("")
    log(table(results))
    log(f"bench/results.json written; {results['run']['total_s']} s in all")
