"""Processes of the multi-machine tests: `celery beat` (and helpers to read their logs), each
pointed at the pytest database and the run's Redis, as separate machines would be."""

import os
import subprocess
import sys
import time
import uuid

from django.conf import settings
from django.db import connection

from tests.stack_fixtures import QUEUE, ROOT


def stack_env(**extra):
    """The environment of a Leernet process on another 'machine': the test database and Redis."""
    db = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_TASK_DEFAULT_QUEUE": QUEUE,
        "CELERY_PDF_QUEUE": f"{QUEUE}-pdf",
        **extra,
    }


def wait_until(predicate, *, timeout, what):
    """Poll ``predicate`` until it is true; a generous ceiling, never a fixed sleep."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what} after {timeout} s")


class Beat:
    """One `celery beat` process with its own log file."""

    def __init__(self, name, env):
        self.name = name
        self.env = env
        self.log_path = ROOT / "var" / f"beat-{name}-{uuid.uuid4().hex[:6]}.log"
        self.process = None

    def start(self):
        self.log_path.parent.mkdir(exist_ok=True)
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own beat with fixed arguments
                [sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel", "INFO"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        return self

    def log(self):
        return self.log_path.read_text() if self.log_path.exists() else ""

    def sent(self, entry):
        """How many times this beat sent the periodic task ``entry`` (Celery's own log line)."""
        return self.log().count(f"Sending due task {entry} ")

    def holds_lock(self):
        return "beat lock taken" in self.log()

    def kill(self):
        self.process.kill()
        self.process.wait()

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def cleanup(self):
        self.stop()
        self.log_path.unlink(missing_ok=True)
