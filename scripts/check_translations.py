"""Fail when the Dutch catalogue has untranslated or fuzzy messages, or is not compiled."""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def problems(language: str = "nl") -> list[str]:
    po_path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    mo_path = po_path.with_suffix(".mo")
    catalogue = polib.pofile(str(po_path))
    found = [f"untranslated: {entry.msgid!r}" for entry in catalogue.untranslated_entries()]
    found += [f"fuzzy: {entry.msgid!r}" for entry in catalogue.fuzzy_entries()]
    if not mo_path.exists():
        found.append(f"not compiled: {mo_path.relative_to(ROOT)} is missing")
    else:
        compiled = {entry.msgid: entry.msgstr for entry in polib.mofile(str(mo_path))}
        stale = [e.msgid for e in catalogue.translated_entries() if e.msgid not in compiled]
        found += [f"not compiled: {msgid!r}" for msgid in stale]
    return found


if __name__ == "__main__":
    found = problems()
    for line in found:
        print(line)
    print(f"Dutch catalogue: {len(found)} problem(s)")
    sys.exit(1 if found else 0)
