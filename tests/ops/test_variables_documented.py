"""docs/operations.md lists every environment variable the settings read (issue 25)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READ = re.compile(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]+)"')


def test_every_variable_the_settings_read_is_in_the_table():
    read = set()
    for path in (ROOT / "config" / "settings").glob("*.py"):
        read |= set(READ.findall(path.read_text()))
    docs = (ROOT / "docs" / "operations.md").read_text()
    table = docs.split("## Every variable", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", table))

    assert len(read) > 25
    assert read - documented == set()
