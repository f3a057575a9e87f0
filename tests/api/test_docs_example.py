"""docs/api.md's example script, run as it is written (a separate Python process with only the
standard library) against a live test server: an integration made with ``manage.py
api_client`` downloads its organisation's participation as CSV."""

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from networks.models import Network

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def _script() -> str:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.S)
    return next(block for block in blocks if "participation" in block)


@pytest.mark.django_db(transaction=True)
def test_the_participation_csv_script_works(live_server, api_world, tmp_path):
    organisation = api_world["organisation"]
    out = io.StringIO()
    call_command(
        "api_client",
        "--organisation",
        organisation.name,
        "--name",
        "HR",
        "--scope",
        "participation:read",
        stdout=out,
    )
    values = dict(line.split("=", 1) for line in out.getvalue().split())
    script = tmp_path / "participation.py"
    script.write_text(_script())
    env = {
        "PATH": os.environ.get("PATH", ""),
        "LEERNET_URL": live_server.url,
        "LEERNET_CLIENT_ID": values["client_id"],
        "LEERNET_CLIENT_SECRET": values["client_secret"],
    }
    result = subprocess.run(  # noqa: S603 (our own script, a fixed interpreter)
        [sys.executable, str(script), str(organisation.pk)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    member = api_world["users"]["member"]
    assert rows[0] == [
        "person_id",
        "name",
        "network",
        "sessions attended",
        "sessions held",
        "hours",
    ]
    network = Network.objects.get(pk=api_world["ids"]["network"])
    assert [row[:5] for row in rows[1:]] == [
        [str(member.pk), member.full_name, network.name, "0", "0"]
    ]
