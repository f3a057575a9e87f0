"""User-written content never makes WeasyPrint fetch anything, and the fetcher refuses all but
our own static files."""

import http.server
import threading

import pytest
from django.urls import reverse

from core.markdown import render_markdown
from core.pdf import html_to_pdf, make_fetcher
from minutes import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def http_spy():
    """A local HTTP server that records every request it gets."""
    requests = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's hook name
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], requests
    server.shutdown()
    server.server_close()


def _hostile(port):
    return (
        "Zie <script>alert('x')</script> en "
        f'<img src="http://127.0.0.1:{port}/x"> en file:///etc/passwd '
        f"![beeld](http://127.0.0.1:{port}/md.png)"
    )


def test_markdown_keeps_no_raw_html_script_or_image(http_spy):
    port, _requests = http_spy

    html = str(render_markdown(_hostile(port) + "\n\n**vet** [link](javascript:alert(1))"))

    assert "<script" not in html
    assert "<img" not in html
    assert "javascript:" not in html
    assert "<strong>vet</strong>" in html


def test_hostile_minutes_fetch_nothing_and_show_escaped(
    client, http_spy, minutes, facilitator, member
):
    port, requests = http_spy
    minutes.summary = _hostile(port)
    minutes.save()
    version = services.minutes_publish(minutes=minutes, acting_user=facilitator)

    services.version_render_pdf(version_id=version.pk)
    client.force_login(member)
    page = client.get(reverse("reports:minutes", kwargs={"pk": minutes.session_id})).content

    version.refresh_from_db()
    assert bytes(version.pdf).startswith(b"%PDF")
    assert b"root:x:0:0" not in bytes(version.pdf)  # /etc/passwd was not embedded
    assert requests == []
    assert b"<script>alert" not in page
    assert f"127.0.0.1:{port}/x".encode() not in page


def test_fetcher_refuses_http_file_outside_static_and_allows_our_css(http_spy):
    port, requests = http_spy
    fetcher = make_fetcher()
    html = (
        '<link rel="stylesheet" href="css/pdf.css">'
        f'<img src="http://127.0.0.1:{port}/direct.png">'
        '<img src="file:///etc/passwd">'
        '<img src="../../etc/hostname">'
        "<p>Hallo</p>"
    )

    pdf = html_to_pdf(html, fetcher=fetcher)

    assert pdf.startswith(b"%PDF")
    assert requests == []
    assert f"http://127.0.0.1:{port}/direct.png" in fetcher.refused
    assert "file:///etc/passwd" in fetcher.refused
    assert any(url.endswith("/etc/hostname") for url in fetcher.refused)
    assert not any(url.endswith("css/pdf.css") for url in fetcher.refused)
