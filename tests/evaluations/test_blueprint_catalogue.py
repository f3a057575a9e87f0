"""The shipped blueprints are built from a data file (evaluations/data/blueprints.toml): one
payload per blueprint and language, runs of alike sessions numbered, the evaluations planned."""

from evaluations.blueprint_catalogue import SHIPPED, VERSION, shipped_blueprints

CATALOGUE = """
[session_evaluation]
title = { nl = "Evaluatie {number}: {title}", en = "Evaluation {number}: {title}" }

[[session_evaluation.questions]]
type = "scale"
text = { nl = "Hoe was het?", en = "How was it?" }
choices = []
required = true

[final_evaluation]
title = { nl = "Eindevaluatie", en = "Final evaluation" }

[[final_evaluation.questions]]
type = "long"
text = { nl = "Wat neem je mee?", en = "What do you take back?" }

[[blueprints]]
key = "pilot"
name = { nl = "Proef", en = "Pilot" }
description = { nl = "Drie keer.", en = "Three times." }
time = "10:00"
intake = { days_before_first_session = 5 }

[blueprints.network]
theme = { nl = "Thema", en = "Theme" }
member_cap = 12

[[blueprints.sessions]]
title = { nl = "Ronde {n}", en = "Round {n}" }
kind = "regular"
day_offsets = [0, 14]

[[blueprints.sessions.agenda]]
title = { nl = "Casus", en = "Case" }
minutes = 60
work_form = "incidentmethode"

[[blueprints.sessions.agenda]]
title = { nl = "Pauze", en = "Break" }
minutes = 15

[[blueprints.sessions]]
title = { nl = "Slot", en = "Closing" }
kind = "closing"
day_offset = 28
time = "16:00"

[[blueprints.sessions.agenda]]
title = { nl = "Terugblik", en = "Looking back" }
minutes = 30
"""


def test_the_builder_gives_each_text_in_its_language_and_numbers_a_run_of_sessions(tmp_path):
    path = tmp_path / "blueprints.toml"
    path.write_text(CATALOGUE, encoding="utf-8")

    dutch, english = shipped_blueprints(path)

    assert [dutch["key"], dutch["name"], dutch["language"]] == ["pilot-nl", "Proef", "nl"]
    assert [english["key"], english["description"]] == ["pilot-en", "Three times."]
    payload = english["payload"]
    assert payload["version"] == VERSION
    assert payload["network"] == {"theme": "Theme", "member_cap": 12}
    assert [
        (s["title"], s["kind"], s["day_offset"], s["time"], s["duration_minutes"])
        for s in payload["sessions"]
    ] == [
        ("Round 1", "regular", 0, "10:00", 75),
        ("Round 2", "regular", 14, "10:00", 75),
        ("Closing", "closing", 28, "16:00", 30),
    ]
    assert payload["sessions"][0]["agenda"] == [
        {
            "title": "Case",
            "duration_minutes": 60,
            "work_form": "incidentmethode",
            "work_form_text": "",
            "notes": "",
        },
        {
            "title": "Break",
            "duration_minutes": 15,
            "work_form": None,
            "work_form_text": "",
            "notes": "",
        },
    ]
    assert payload["intake"] == {"days_before_first_session": 5}


def test_every_session_but_the_closing_one_gets_an_evaluation_and_the_trajectory_a_final(
    tmp_path,
):
    path = tmp_path / "blueprints.toml"
    path.write_text(CATALOGUE, encoding="utf-8")

    dutch = shipped_blueprints(path)[0]["payload"]["questionnaires"]

    assert [(q["kind"], q["title"], q.get("session_index")) for q in dutch] == [
        ("session", "Evaluatie 1: Ronde 1", 0),
        ("session", "Evaluatie 2: Ronde 2", 1),
        ("final", "Eindevaluatie", None),
    ]
    assert dutch[0]["questions"] == [
        {"type": "scale", "text": "Hoe was het?", "choices": [], "required": True}
    ]
    # each evaluation has questions of its own, not one list shared by all
    dutch[0]["questions"][0]["text"] = "changed"
    assert dutch[1]["questions"][0]["text"] == "Hoe was het?"


def test_leernet_ships_the_intervision_and_thematic_blueprints_from_the_data_file():
    assert [entry["key"] for entry in SHIPPED] == [
        "intervision-nl",
        "intervision-en",
        "thematic-nl",
        "thematic-en",
    ]
    intervision = SHIPPED[0]["payload"]
    assert [(s["title"], s["day_offset"]) for s in intervision["sessions"]] == [
        ("Startbijeenkomst", 0),
        ("Casusbespreking 1", 28),
        ("Casusbespreking 2", 56),
        ("Casusbespreking 3", 84),
        ("Casusbespreking 4", 112),
        ("Slotbijeenkomst", 140),
    ]
    assert intervision["network"]["language"] == "nl"
    thematic = SHIPPED[3]["payload"]
    assert {session["time"] for session in thematic["sessions"]} == {"13:30"}
    assert thematic["network"]["ground_rules"] == (
        "We come prepared.\nWe let each other finish.\n"
        "What speakers share we use with credit to them."
    )
    assert [q["title"] for q in thematic["questionnaires"]][-2:] == [
        "Evaluation of session 4: Guest speaker 3",
        "Final evaluation",
    ]
