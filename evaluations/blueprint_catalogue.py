"""The blueprints Leernet ships, in Dutch and in English (loaded by a data migration, shown to
everyone): built from the data file ``evaluations/data/blueprints.toml``, each a payload as
evaluations.blueprints builds it from a network."""

import copy
import tomllib
from pathlib import Path

# The payload format evaluations.blueprints reads and writes.
VERSION = 1
LANGUAGES = ("nl", "en")
DATA_FILE = Path(__file__).resolve().parent / "data" / "blueprints.toml"
DEFAULT_TIME = "14:00"


def _in(language: str, value):
    """``value`` with every text in both languages ({nl = …, en = …}) given in ``language``."""
    if isinstance(value, dict):
        if set(value) == set(LANGUAGES):
            return value[language]
        return {key: _in(language, item) for key, item in value.items()}
    if isinstance(value, list):
        return [_in(language, item) for item in value]
    return value


def _item(spec: dict) -> dict:
    return {
        "title": spec["title"],
        "duration_minutes": spec["minutes"],
        "work_form": spec.get("work_form"),
        "work_form_text": "",
        "notes": spec.get("notes", ""),
    }


def _sessions(specs: list[dict], *, time: str) -> list[dict]:
    """The plan: each session of the file, a run (``day_offsets``) once per day, numbered."""
    sessions = []
    for spec in specs:
        agenda = [_item(item) for item in spec.get("agenda", [])]
        days = spec.get("day_offsets", [spec.get("day_offset", 0)])
        for number, day in enumerate(days, start=1):
            sessions.append(
                {
                    "title": spec["title"].format(n=number),
                    "kind": spec["kind"],
                    "description": spec.get("description", ""),
                    "day_offset": day,
                    "time": spec.get("time", time),
                    "duration_minutes": sum(item["duration_minutes"] for item in agenda),
                    "agenda": copy.deepcopy(agenda),
                }
            )
    return sessions


def _questionnaires(catalogue: dict, sessions: list[dict]) -> list[dict]:
    """A session evaluation for every session but the closing one, whose evaluation is the
    final evaluation of the whole trajectory."""
    evaluation = catalogue["session_evaluation"]
    final = catalogue["final_evaluation"]
    return [
        *(
            {
                "kind": "session",
                "title": evaluation["title"].format(number=index + 1, title=session["title"]),
                "anonymous": True,
                "session_index": index,
                "questions": copy.deepcopy(evaluation["questions"]),
            }
            for index, session in enumerate(sessions)
            if session["kind"] != "closing"
        ),
        {
            "kind": "final",
            "title": final["title"],
            "anonymous": True,
            "questions": copy.deepcopy(final["questions"]),
        },
    ]


def _payload(catalogue: dict, blueprint: dict) -> dict:
    sessions = _sessions(blueprint["sessions"], time=blueprint.get("time", DEFAULT_TIME))
    return {
        "version": VERSION,
        "network": blueprint["network"],
        "sessions": sessions,
        "questionnaires": _questionnaires(catalogue, sessions),
        "intake": blueprint.get("intake"),
    }


def shipped_blueprints(path: Path = DATA_FILE) -> list[dict]:
    """Each blueprint of the data file in each language: key, name, description, language and
    payload, in the file's order (Dutch first)."""
    with path.open("rb") as file:
        data = tomllib.load(file)
    entries = []
    for spec in data["blueprints"]:
        for language in LANGUAGES:
            catalogue = _in(language, data)
            blueprint = _in(language, spec)
            entries.append(
                {
                    "key": f"{spec['key']}-{language}",
                    "name": blueprint["name"],
                    "description": blueprint["description"],
                    "language": language,
                    "payload": _payload(catalogue, blueprint),
                }
            )
    return entries


SHIPPED = shipped_blueprints()
