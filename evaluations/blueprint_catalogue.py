"""The blueprints Leernet ships, in Dutch and in English (loaded by a data migration, shown to
everyone). Each is a payload as evaluations.blueprints builds it from a network."""

VERSION = 1


def _item(title, minutes, work_form=None, notes=""):
    return {
        "title": title,
        "duration_minutes": minutes,
        "work_form": work_form,
        "work_form_text": "",
        "notes": notes,
    }


def _session(title, kind, day_offset, agenda, *, time="14:00", description=""):
    return {
        "title": title,
        "kind": kind,
        "description": description,
        "day_offset": day_offset,
        "time": time,
        "duration_minutes": sum(item["duration_minutes"] for item in agenda),
        "agenda": agenda,
    }


def _session_evaluation(nl: bool, index: int, session: dict) -> dict:
    """The session evaluation planned for the session at ``index``: the default questions
    (evaluations/templates_default.py), written out in the blueprint's language."""
    t = (lambda dutch, english: dutch) if nl else (lambda dutch, english: english)

    def scale(text, low, high, *, overall=False):
        return {
            "type": "scale",
            "text": text,
            "choices": [],
            "low_label": low,
            "high_label": high,
            "required": True,
            "is_overall": overall,
        }

    def open_question(text, kind="long"):
        return {
            "type": kind,
            "text": text,
            "choices": [],
            "low_label": "",
            "high_label": "",
            "required": False,
            "is_overall": False,
        }

    number = index + 1
    return {
        "kind": "session",
        "title": t(
            f"Evaluatie van bijeenkomst {number}: {session['title']}",
            f"Evaluation of session {number}: {session['title']}",
        ),
        "anonymous": True,
        "session_index": index,
        "questions": [
            scale(
                t(
                    "Hoe beoordeel je deze bijeenkomst in het algemeen?",
                    "Overall, how do you rate this session?",
                ),
                t("zwak", "poor"),
                t("uitstekend", "excellent"),
                overall=True,
            ),
            scale(
                t("Hoe nuttig was het voor je praktijk?", "How useful was it for your practice?"),
                t("niet nuttig", "not useful"),
                t("heel nuttig", "very useful"),
            ),
            scale(
                t(
                    "Hoe goed paste de werkvorm bij het onderwerp?",
                    "How well did the work form suit the topic?",
                ),
                t("helemaal niet", "not at all"),
                t("heel goed", "very well"),
            ),
            open_question(t("Wat heb je geleerd?", "What did you learn?")),
            open_question(t("Wat kan beter?", "What could be better?")),
            open_question(
                t("Onderwerpen voor de volgende keer", "Topics for next time"), kind="short"
            ),
        ],
    }


def _questionnaires(nl: bool, sessions: list[dict]) -> list[dict]:
    """A session evaluation for every session but the closing one, whose evaluation is the
    final evaluation of the whole trajectory."""
    return [
        *(
            _session_evaluation(nl, index, session)
            for index, session in enumerate(sessions)
            if session["kind"] != "closing"
        ),
        _final_evaluation(nl),
    ]


def _final_evaluation(nl: bool) -> dict:
    t = (lambda dutch, english: dutch) if nl else (lambda dutch, english: english)
    return {
        "kind": "final",
        "title": t("Eindevaluatie", "Final evaluation"),
        "anonymous": True,
        "questions": [
            {
                "type": "scale",
                "text": t(
                    "Hoe waardevol was het netwerk voor je werk?",
                    "How valuable was the network for your work?",
                ),
                "choices": [],
                "low_label": t("Weinig", "Little"),
                "high_label": t("Heel erg", "Very"),
                "required": True,
                "is_overall": True,
            },
            {
                "type": "long",
                "text": t(
                    "Wat neem je mee naar je praktijk?", "What do you take back to your work?"
                ),
                "choices": [],
                "low_label": "",
                "high_label": "",
                "required": False,
            },
        ],
    }


def _intervision(nl: bool) -> dict:
    t = (lambda dutch, english: dutch) if nl else (lambda dutch, english: english)
    case_sessions = [
        _session(
            t(f"Casusbespreking {n}", f"Case session {n}"),
            "regular",
            28 * n,
            [
                _item(t("Check-in", "Check-in"), 15),
                _item(
                    t("Casus met de incidentmethode", "Case with the incident method"),
                    90,
                    "incidentmethode",
                ),
                _item(t("Pauze", "Break"), 15),
                _item(t("Leerpunten en uitprobeeracties", "Lessons and try-out actions"), 45),
                _item(t("Evaluatie", "Evaluation"), 15, "evaluatieronde"),
            ],
        )
        for n in range(1, 5)
    ]
    sessions = [
        _session(
            t("Startbijeenkomst", "Kickoff"),
            "kickoff",
            0,
            [
                _item(t("Welkom en doel van het netwerk", "Welcome and goal of the network"), 15),
                _item(t("Kennismaking", "Getting to know each other"), 30, "kennismakingsronde"),
                _item(t("Verwachtingen", "Expectations"), 30, "verwachtingenronde"),
                _item(t("Leerdoelen bepalen", "Setting learning goals"), 45, "leerdoelen-bepalen"),
                _item(
                    t("Afspraken over intervisie", "Agreements on peer review"),
                    30,
                    "afspraken-maken",
                ),
            ],
        ),
        *case_sessions,
        _session(
            t("Slotbijeenkomst", "Closing session"),
            "closing",
            28 * 5,
            [
                _item(
                    t("Terugblik op de casussen", "Looking back on the cases"),
                    45,
                    "goede-praktijken",
                ),
                _item(t("Wat nemen we mee?", "What do we take with us?"), 45),
                _item(t("Eindevaluatie", "Final evaluation"), 30, "evaluatieronde"),
            ],
        ),
    ]
    return {
        "version": VERSION,
        "network": {
            "description": t(
                "Een intervisienetwerk: collega's bespreken om beurten een incident uit hun "
                "praktijk en leren van elkaars aanpak.",
                "A peer review network: colleagues take turns to bring an incident from their "
                "work and learn from each other's approach.",
            ),
            "goal": t(
                "Samen leren van situaties uit de eigen praktijk.",
                "Learning together from situations in our own work.",
            ),
            "participant_role": t(
                "Je brengt minstens één keer een casus in en bent bij elke bijeenkomst.",
                "You bring a case at least once and attend every session.",
            ),
            "rhythm": t("Elke vier weken", "Every four weeks"),
            "duration": t("Zes bijeenkomsten van drie uur", "Six sessions of three hours"),
            "theme": t("Intervisie", "Peer review"),
            "scope": "external",
            "meeting_format": "in_person",
            "member_cap": 12,
            "language": "nl" if nl else "en",
            "ground_rules": t(
                "Wat in de groep gezegd wordt, blijft in de groep.\n"
                "We bespreken casussen anoniem.\n"
                "We laten elkaar uitspreken en oordelen niet.",
                "What is said in the group stays in the group.\n"
                "We discuss cases anonymously.\n"
                "We let each other finish and do not judge.",
            ),
        },
        "sessions": sessions,
        "questionnaires": _questionnaires(nl, sessions),
        "intake": {"days_before_first_session": 7},
    }


def _thematic(nl: bool) -> dict:
    t = (lambda dutch, english: dutch) if nl else (lambda dutch, english: english)
    speaker_sessions = [
        _session(
            t(f"Gastspreker {n}", f"Guest speaker {n}"),
            "regular",
            42 * n,
            [
                _item(t("Welkom", "Welcome"), 10),
                _item(
                    t("Inbreng van de gastspreker", "The guest speaker's talk"), 60, "gastspreker"
                ),
                _item(t("Pauze", "Break"), 15),
                _item(
                    t("Vertalen naar de eigen praktijk", "Translating to our own work"),
                    45,
                    "wereldcafe",
                ),
                _item(t("Evaluatie", "Evaluation"), 20, "evaluatieronde"),
            ],
            time="13:30",
        )
        for n in range(1, 4)
    ]
    sessions = [
        _session(
            t("Startbijeenkomst", "Kickoff"),
            "kickoff",
            0,
            [
                _item(t("Welkom en doel van het netwerk", "Welcome and goal of the network"), 15),
                _item(t("Kennismaking", "Getting to know each other"), 30, "kennismakingsronde"),
                _item(
                    t("Onderwerpen en sprekers kiezen", "Choosing topics and speakers"),
                    60,
                    "dotvoting",
                ),
                _item(t("Afspraken", "Agreements"), 30, "afspraken-maken"),
            ],
            time="13:30",
        ),
        *speaker_sessions,
        _session(
            t("Slotbijeenkomst", "Closing session"),
            "closing",
            42 * 4,
            [
                _item(
                    t("Goede praktijken delen", "Sharing good practices"), 60, "goede-praktijken"
                ),
                _item(t("Eindevaluatie", "Final evaluation"), 30, "evaluatieronde"),
            ],
            time="13:30",
        ),
    ]
    return {
        "version": VERSION,
        "network": {
            "description": t(
                "Een thematisch netwerk: elke bijeenkomst brengt een gastspreker kennis over "
                "het thema, de groep vertaalt die naar de eigen praktijk.",
                "A thematic network: at each session a guest speaker brings knowledge on the "
                "theme and the group translates it to its own work.",
            ),
            "goal": t(
                "Kennis over het thema opbouwen en toepassen.",
                "Building and applying knowledge on the theme.",
            ),
            "participant_role": t(
                "Je bereidt de bijeenkomsten voor en deelt je ervaringen.",
                "You prepare for the sessions and share your experience.",
            ),
            "rhythm": t("Elke zes weken", "Every six weeks"),
            "duration": t("Vijf bijeenkomsten van drie uur", "Five sessions of three hours"),
            "theme": t("Thema", "Theme"),
            "scope": "external",
            "meeting_format": "in_person",
            "member_cap": 15,
            "language": "nl" if nl else "en",
            "ground_rules": t(
                "We komen voorbereid.\nWe laten elkaar uitspreken.\n"
                "Wat sprekers delen, gebruiken we met bronvermelding.",
                "We come prepared.\nWe let each other finish.\n"
                "What speakers share we use with credit to them.",
            ),
        },
        "sessions": sessions,
        "questionnaires": _questionnaires(nl, sessions),
        "intake": {"days_before_first_session": 7},
    }


SHIPPED = [
    {
        "key": "intervision-nl",
        "name": "Intervisienetwerk",
        "description": "Startbijeenkomst, vier casusbesprekingen met de incidentmethode en een "
        "slotbijeenkomst.",
        "language": "nl",
        "payload": _intervision(True),
    },
    {
        "key": "intervision-en",
        "name": "Peer review network",
        "description": "Kickoff, four case sessions with the incident method and a closing "
        "session.",
        "language": "en",
        "payload": _intervision(False),
    },
    {
        "key": "thematic-nl",
        "name": "Thematisch netwerk met gastsprekers",
        "description": "Startbijeenkomst, drie bijeenkomsten met een gastspreker en een "
        "slotbijeenkomst.",
        "language": "nl",
        "payload": _thematic(True),
    },
    {
        "key": "thematic-en",
        "name": "Thematic network with guest speakers",
        "description": "Kickoff, three sessions with a guest speaker and a closing session.",
        "language": "en",
        "payload": _thematic(False),
    },
]
