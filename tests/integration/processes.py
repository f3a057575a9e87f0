"""Processes of the multi-machine tests: `celery beat` (and helpers to read their logs), each
pointed at the pytest database and the run's Redis, as separate machines would be."""

import http.client
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg2
from django.conf import settings
from django.db import connection

from tests.stack_fixtures import QUEUE, ROOT, terminate


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


def pg_connect(dbname):
    """An autocommit psycopg2 connection to ``dbname`` on the test database's server, as its
    user (for CREATE and DROP DATABASE, row counts, or a database the suite does not manage)."""
    db = connection.settings_dict
    conn = psycopg2.connect(
        dbname=dbname,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"],
        port=db["PORT"],
    )
    conn.autocommit = True
    return conn


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
        terminate(self.process)

    def cleanup(self):
        self.stop()
        self.log_path.unlink(missing_ok=True)


def ensure_collected_static(env):
    """The production settings (``env``) serve static files from a manifest: collect them unless
    they are newer than every source (compressing every file takes a minute on a loaded
    machine)."""
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    sources = [path for path in (ROOT / "static").rglob("*") if path.is_file()]
    newest = max((path.stat().st_mtime for path in sources), default=0)
    if manifest.exists() and manifest.stat().st_mtime > newest:
        return
    subprocess.run(  # noqa: S603 - manage.py with fixed arguments
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=600,
    )


HAPROXY_CONFIG = """\
global
    maxconn 256

defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout queue 60s
    # A page under load may take seconds; a check is "down" only when the process does not answer.
    timeout check 10s
    # A refused connection (a dead web process) is tried again on another server.
    retries 3
    option redispatch 1
    option forwardfor

frontend leernet
    bind 127.0.0.1:{port}
    # As a TLS-terminating load balancer tells Django (SECURE_PROXY_SSL_HEADER).
    http-request set-header X-Forwarded-Proto https
    default_backend web

backend web
    balance roundrobin
    option httpchk
    http-check send meth GET uri {check_path} ver HTTP/1.1 {check_headers}
    http-check expect status 200
    # Which server answered (or failed to): the test counts failures per server.
    http-after-response set-header X-Served-By %s
{servers}
"""


class HAProxy:
    """HAProxy (the Debian package) in front of web processes on loopback. No ``maxconn`` per
    server: HAProxy 2.6 answered 503 to requests queued for a server that had just died instead of
    redispatching them; each gunicorn queues in its own listen backlog instead."""

    def __init__(self, *, port, backends, check_path):
        servers = "\n".join(
            f"    server {name} 127.0.0.1:{backend} check inter 2s fall 2 rise 1"
            for name, backend in backends.items()
        )
        self.config_path = ROOT / "var" / f"haproxy-{uuid.uuid4().hex[:6]}.cfg"
        self.config_path.parent.mkdir(exist_ok=True)
        self.config_path.write_text(
            HAPROXY_CONFIG.format(
                port=port,
                check_path=check_path,
                check_headers="hdr Host 127.0.0.1 hdr X-Forwarded-Proto https",
                servers=servers,
            )
        )
        self.port, self.check_path, self.servers = port, check_path, list(backends)
        self.log_path = self.config_path.with_suffix(".log")
        self.process = None

    def start(self):
        binary = shutil.which("haproxy") or "/usr/sbin/haproxy"
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own config
                [binary, "-db", "-f", str(self.config_path)],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_until(self._all_up, timeout=60, what=f"every server up in HAProxy ({self.log_path})")
        return self

    def _all_up(self):
        """True once each server has answered a request through HAProxy."""
        assert self.process.poll() is None, self.log_path.read_text()
        seen = set()
        for _attempt in range(3 * len(self.servers)):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                connection.request("GET", self.check_path, headers={"Host": "127.0.0.1"})
                response = connection.getresponse()
                response.read()
                connection.close()
            except OSError:
                return False
            if response.status == 200:
                seen.add(response.getheader("X-Served-By"))
        return seen == set(self.servers)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)
        self.config_path.unlink(missing_ok=True)
        self.log_path.unlink(missing_ok=True)
