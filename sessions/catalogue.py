"""The curated work form catalogue (werkvormen), in Dutch and English, and the suggested agenda
of a kickoff session: data in ``sessions/data/work_forms.json``, read once here.

Loaded by migration 0002 and kept in step by `sessions.services.work_form_sync_catalogue`.
A step list in the file is one line per step; here it is one text, as ``WorkForm`` keeps it.
"""

import json
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "work_forms.json"

# The keys of a catalogue entry: the slug and the fields of ``WorkForm`` it fills.
FIELDS = (
    "slug",
    "name_nl",
    "name_en",
    "purpose_nl",
    "purpose_en",
    "steps_nl",
    "steps_en",
    "roles_nl",
    "roles_en",
    "materials_nl",
    "materials_en",
    "min_group",
    "max_group",
    "duration_minutes",
)


def _work_form(entry: dict) -> dict:
    """One entry as ``WorkForm`` fields; a missing or unknown key is an error in the file."""
    if set(entry) != set(FIELDS):
        raise ValueError(
            f"{DATA_FILE.name}: work form {entry.get('slug', '?')!r} has keys "
            f"{sorted(set(entry) ^ set(FIELDS))} wrong"
        )
    return {
        key: "\n".join(entry[key]) if isinstance(entry[key], list) else entry[key] for key in FIELDS
    }


def _load() -> tuple[list[dict], list[tuple[str, str, int, str | None]]]:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    catalogue = [_work_form(entry) for entry in data["work_forms"]]
    kickoff = [
        (item["title_nl"], item["title_en"], item["minutes"], item["work_form"])
        for item in data["kickoff_agenda"]
    ]
    return catalogue, kickoff


# Each entry a dict of WorkForm fields (slug first); the kickoff agenda as (Dutch title, English
# title, minutes, work form slug or None).
CATALOGUE, KICKOFF_AGENDA = _load()
