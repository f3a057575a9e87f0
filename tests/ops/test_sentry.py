"""Error reports (issue 25): sentry-sdk starts only with SENTRY_DSN, and what reaches the
endpoint (a stand-in on loopback recording every envelope) holds no email address, no request
body, no cookie."""

import gzip
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


class _Recorder(BaseHTTPRequestHandler):
    envelopes: list[tuple[str, bytes]] = []

    def do_POST(self):  # noqa: N802 - http.server's hook name
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":  # sentry-sdk compresses with brotli when it is installed
            import brotli  # noqa: PLC0415 (lazy: only then)

            body = brotli.decompress(body)
        self.envelopes.append((self.path, body))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def stand_in():
    _Recorder.envelopes = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, _Recorder.envelopes
    server.shutdown()
    server.server_close()


def _run(dsn: str) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": "sqlite:///:memory:",
        "SENTRY_DSN": dsn,
        "SENTRY_ENVIRONMENT": "test",
    }
    return subprocess.run(  # noqa: S603 - our own script with fixed arguments
        [sys.executable, str(ROOT / "tests" / "ops" / "sentry_script.py")],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_an_error_reaches_the_endpoint_without_personal_data(stand_in):
    server, envelopes = stand_in
    port = server.server_address[1]

    result = _run(f"http://publickey@127.0.0.1:{port}/42")

    assert "status 500" in result.stdout, result.stderr[-3000:]
    assert "sentry active True" in result.stdout
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not envelopes:
        time.sleep(0.1)
    assert envelopes
    assert all(path == "/api/42/envelope/" for path, _body in envelopes)
    everything = b"\n".join(body for _path, body in envelopes).decode()
    assert "ValueError" in everything
    assert "could not handle [address removed]" in everything
    assert "victim.person" not in everything
    assert "example.org" not in everything
    assert "my secret answer text" not in everything
    assert "cookie-value-123" not in everything


def test_without_a_dsn_nothing_is_sent(stand_in):
    _server, envelopes = stand_in

    result = _run("")

    assert "status 500" in result.stdout, result.stderr[-3000:]
    assert "sentry active False" in result.stdout
    # The process flushed and exited: whatever it sent has been received by now.
    assert envelopes == []
