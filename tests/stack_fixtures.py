"""The real stack for integration and browser tests: an SMTP server (aiosmtpd) and a Celery
worker process consuming from Redis and writing to the PostgreSQL test database.
Registered for the whole suite by ``pytest_plugins`` in tests/conftest.py."""

import os
import socket
import subprocess
import sys
import time
import uuid
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

from config.celery_app import app as celery_app

ROOT = Path(__file__).resolve().parents[1]
# One queue name for the whole run: Celery caches its router, so the names must not change
# between tests.
QUEUE = f"test-{uuid.uuid4().hex[:8]}"


class _Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def wait_for(self, count, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.messages) < count:
            time.sleep(0.1)
        return self.messages


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(
    *, port, workers, env, ready_path="/", headers=None, log=None, timeout=60, own_group=False
):
    """This project's WSGI app under gunicorn on 127.0.0.1:``port`` with ``env``, returned once
    ``ready_path`` answers (the scale-out test and ``make bench`` start their servers here).
    ``own_group``: in a process group of its own, which a test can kill whole, as a machine dies."""
    import http.client

    process = subprocess.Popen(  # noqa: S603 - our own server with fixed arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log if log is not None else subprocess.DEVNULL,
        start_new_session=own_group,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            try:
                probe.request("GET", ready_path, headers=headers or {})
                probe.getresponse().read()
            finally:
                probe.close()
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"gunicorn did not start on port {port}")


@pytest.fixture
def smtp_port():
    return _free_port()


class SmtpServer(_Inbox):
    """An aiosmtpd server on a fixed port that a test can stop and start again."""

    def __init__(self, port):
        super().__init__()
        self.port = port
        self.controller = None

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server(smtp_port):
    server = SmtpServer(smtp_port)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp_server_down(smtp_port):
    """The SMTP server, not started: the test starts it when the mail server 'comes back'."""
    server = SmtpServer(smtp_port)
    yield server
    server.stop()


@pytest.fixture
def worker_site_url():
    """The base of links in emails the worker sends (browser tests point it at the live server)."""
    return "http://testserver"


class Worker:
    """One `celery worker` process on the run's queues, sharing the test database."""

    def __init__(self, *, smtp_port, site_url, extra_env=None, queues=None):
        db = connection.settings_dict
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "REDIS_URL": settings.REDIS_URL,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "SITE_URL": site_url,
            "CELERY_TASK_DEFAULT_QUEUE": QUEUE,
            "CELERY_PDF_QUEUE": f"{QUEUE}-pdf",
            # Outbox retries in fractions of a second instead of 15 s, 30 s, ...
            "LEERNET_OUTBOX_BACKOFF_SECONDS": "0.2",
            **(extra_env or {}),
        }
        self.queues = queues or f"{QUEUE},{QUEUE}-pdf"
        self.log_path = ROOT / "var" / f"celery-{QUEUE}-{uuid.uuid4().hex[:6]}.log"
        self.process = None
        self.log = None

    def start(self):
        self.log_path.parent.mkdir(exist_ok=True)
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(  # noqa: S603 - our own worker with fixed arguments
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool",
                "solo",
                "--queues",
                self.queues,
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--hostname",
                f"worker-{uuid.uuid4().hex[:6]}@%h",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        _wait_until_ready(self.process, self.log_path)
        return self

    def kill(self):
        """SIGKILL: the worker dies mid-task, as when a machine loses power."""
        self.process.kill()
        self.process.wait()

    def stop(self):
        terminate(self.process)
        if self.log is not None:
            self.log.close()
            self.log = None
        self.log_path.unlink(missing_ok=True)


def terminate(process, timeout=20):
    """SIGTERM and wait; SIGKILL if it does not stop in ``timeout`` seconds."""
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class _WorkerRouting:
    """Point the test process's producer at the run's queues (and back afterwards)."""

    def __enter__(self):
        conf = celery_app.conf
        self.previous = (conf.task_always_eager, conf.task_default_queue, conf.task_routes)
        conf.task_always_eager = False
        conf.task_default_queue = QUEUE
        # The PDF tasks go to this run's PDF queue, as settings.CELERY_TASK_ROUTES routes them.
        conf.task_routes = {name: {"queue": f"{QUEUE}-pdf"} for name in settings.CELERY_TASK_ROUTES}
        celery_app.amqp.flush_routes()
        celery_app.amqp.__dict__.pop("router", None)
        return self

    def __exit__(self, *exc):
        conf = celery_app.conf
        conf.task_always_eager, conf.task_default_queue, conf.task_routes = self.previous
        celery_app.amqp.flush_routes()
        celery_app.amqp.__dict__.pop("router", None)


@pytest.fixture
def worker_factory(require_postgres, require_redis, smtp_port, worker_site_url, transactional_db):
    """Start as many worker processes as a test needs: ``worker_factory()`` starts one more and
    returns it (``.kill()``, ``.stop()``, ``.start()`` again). All stop at the end."""
    started = []

    def start(queues=None, **extra_env):
        worker = Worker(
            smtp_port=smtp_port, site_url=worker_site_url, extra_env=extra_env, queues=queues
        )
        started.append(worker)
        return worker.start()

    with _WorkerRouting():
        try:
            yield start
        finally:
            for worker in started:
                worker.stop()


@pytest.fixture
def celery_worker_process(worker_factory):
    """A real `celery worker` process on its own queue, sharing the test database."""
    return worker_factory().process


def _wait_until_ready(process, log_path, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if "ready." in log_path.read_text():
            return
        time.sleep(0.2)
    raise RuntimeError("the Celery worker did not start:\n" + log_path.read_text()[-4000:])
