"""/metrics under several gunicorn processes (issue 25): with PROMETHEUS_MULTIPROC_DIR every
scrape, whichever process answers it, counts the requests of all of them; the probes answer a
load balancer that asks by IP address."""

import http.client
import os

import pytest
from django.conf import settings
from django.db import connection

from tests.stack_fixtures import _free_port, start_gunicorn

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

TOKEN = "scrape-token-4f1e9a"
REQUESTS = 24


def _get(port, path, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.request("GET", path, headers={"Connection": "close", **(headers or {})})
        response = conn.getresponse()
        return response.status, response.read().decode()
    finally:
        conn.close()


def _privacy_count(text: str) -> float:
    for line in text.splitlines():
        if line.startswith("leernet_http_requests_total{") and 'view="privacy"' in line:
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_every_process_scrape_adds_up_all_processes(
    require_postgres, require_redis, transactional_db, tmp_path
):
    db = connection.settings_dict
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "leernet.example.org,127.0.0.1",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "LEERNET_METRICS_TOKEN": TOKEN,
        "LEERNET_METRICS_CACHE_SECONDS": "1",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
    }
    log = (tmp_path / "gunicorn.log").open("w")
    server = start_gunicorn(
        port=port, workers=3, env=env, ready_path="/healthz", timeout=90, log=log
    )
    try:
        for _ in range(REQUESTS):
            assert _get(port, "/privacy/")[0] == 200
        # Ten scrapes land on different processes; each sees every process's requests.
        counts = []
        for _ in range(10):
            status, text = _get(port, "/metrics", {"Authorization": f"Bearer {TOKEN}"})
            assert status == 200, (tmp_path / "gunicorn.log").read_text()[-3000:]
            counts.append(_privacy_count(text))
        assert counts == [float(REQUESTS)] * 10
        assert len(list(tmp_path.glob("counter_*.db"))) >= 2  # more than one process counted
        # A load balancer asks by IP, over HTTP: the probes answer; a page refuses the host.
        assert _get(port, "/healthz", {"Host": "10.0.0.9"})[0] == 200
        status, body = _get(port, "/readyz", {"Host": "10.0.0.9"})
        assert status == 200, body
        assert _get(port, "/privacy/", {"Host": "10.0.0.9"})[0] == 400
        assert _get(port, "/metrics", {"Authorization": "Bearer nope"})[0] == 401
    finally:
        server.terminate()
        server.wait(timeout=15)
        log.close()
