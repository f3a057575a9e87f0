"""The main pages pass the Nu HTML Checker (vnu-jar from npm, run with Java) without errors."""

import io
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.models import User
from evaluations.models import Blueprint
from networks.models import Network
from sessions.models import LearningSession
from tests.utils import demo_rsvp_link, demo_statement_link

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / ".venv" / "node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

pytestmark = pytest.mark.django_db


def _checker():
    java = shutil.which("java")
    if VNU.exists() and java:
        return [java, "-Xss4m", "-jar", str(VNU)]
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("the Nu HTML Checker (vnu-jar via npm, and Java) is required under CI=true")
    pytest.skip("vnu-jar or Java not installed (make test installs vnu-jar when npm exists)")
    return None


def test_main_pages_are_valid_html(tmp_path):
    command = _checker()
    call_command("seed_demo", stdout=io.StringIO())
    network = Network.objects.get(name="Valpreventie in de ouderenzorg")
    kickoff = LearningSession.objects.get(network=network, number=1)
    planned = LearningSession.objects.filter(
        network=network, status="planned", starts_at__gt=timezone.now()
    ).earliest("starts_at")
    base = f"/networks/{network.pk}"
    other = Network.objects.get(name="Leren op de werkvloer in de metaalsector")
    shipped = Blueprint.objects.get(created_by=None, name="Intervisienetwerk")
    anonymous = Client()
    facilitator = Client()
    facilitator.force_login(User.objects.get(email="an.peeters@leernet.demo"))
    member = Client()
    member.force_login(User.objects.get(email="lotte.maes@leernet.demo"))
    pages = {
        "home": (anonymous, "/"),
        "login": (anonymous, "/accounts/login/"),
        "signup": (anonymous, "/accounts/signup/"),
        "dashboard": (facilitator, "/networks/"),
        "directory": (facilitator, "/networks/directory/"),
        "create": (facilitator, "/networks/new/"),
        "network": (facilitator, f"{base}/"),
        "members": (facilitator, f"{base}/members/"),
        "timeline": (facilitator, f"{base}/sessions/"),
        "attendance-overview": (facilitator, f"{base}/attendance/"),
        "questions": (facilitator, f"{base}/questions/"),
        "intake": (facilitator, f"{base}/intake/"),
        "goals": (facilitator, f"{base}/goals/"),
        "evaluations": (facilitator, f"{base}/evaluations/"),
        "session": (facilitator, f"/sessions/{planned.pk}/"),
        "attendance": (facilitator, f"/sessions/{kickoff.pk}/attendance/"),
        "minutes-edit": (facilitator, f"/sessions/{kickoff.pk}/minutes/edit/"),
        "results": (facilitator, f"/evaluations/{kickoff.evaluation.pk}/results/"),
        "workforms": (facilitator, "/workforms/"),
        "profile": (facilitator, "/me/profile/"),
        "my-data": (member, "/me/data/"),
        "privacy": (anonymous, "/privacy/"),
        "public-directory": (anonymous, "/networks/directory/?q=werkvloer&province=nowhere"),
        "public-network": (anonymous, f"/networks/directory/{other.pk}/"),
        "delete-account": (facilitator, "/me/delete/"),
        "rsvp-link": (anonymous, demo_rsvp_link(network)),
        "member-home": (member, "/networks/"),
        "member-network": (member, f"{base}/"),
        "ground-rules": (member, f"{base}/ground-rules/"),
        "close-confirm": (facilitator, f"{base}/close/"),
        # issue 14: the portfolio, the insight library, blueprints, the statement pages
        "portfolio": (member, f"/me/networks/{network.pk}/portfolio/"),
        "library": (facilitator, f"{base}/library/"),
        "library-search": (member, f"{base}/library/?q=vrijwilligers"),
        "theme-library": (facilitator, f"{base}/library/theme/"),
        "blueprints": (facilitator, "/blueprints/"),
        "blueprint": (facilitator, f"/blueprints/{shipped.pk}/"),
        "blueprint-start": (facilitator, f"/blueprints/{shipped.pk}/start/"),
        "blueprint-save": (facilitator, f"{base}/blueprint/"),
        "statement-verify": (anonymous, demo_statement_link(network)),
        "statements": (facilitator, f"{base}/statements/"),
    }
    files = []
    for name, (client, url) in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    # The readable summary inside "Download my data" (a file, opened from the ZIP).
    export = zipfile.ZipFile(io.BytesIO(member.post("/me/data/download/").content))
    summary = tmp_path / "my-data-summary.html"
    summary.write_bytes(export.read(export.namelist()[1]))
    files.append(str(summary))

    result = subprocess.run(  # noqa: S603 - the checker with our own files
        [*command, "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    messages = json.loads(result.stderr or "{}").get("messages", [])
    errors = [
        f"{Path(m.get('url', '')).stem}:{m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == [], "\n".join(errors)
