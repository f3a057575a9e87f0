"""The curated work form catalogue (werkvormen), in Dutch and English.

Loaded by migration 0002 and kept in step by `sessions.services.work_form_sync_catalogue`.
"""

CATALOGUE = [
    {
        "slug": "kennismakingsronde",
        "name_nl": "Kennismakingsronde",
        "name_en": "Getting-to-know-each-other round",
        "purpose_nl": "Deelnemers leren elkaar, elkaars werkcontext en expertise kennen.",
        "purpose_en": "Members get to know each other, their work context and expertise.",
        "steps_nl": "1. Iedereen krijgt twee minuten: naam, organisatie, functie.\n"
        "2. Vertel één ding waar je goed in bent en één vraag waarmee je zit.\n"
        "3. De begeleider noteert expertise en vragen op een flap.",
        "steps_en": "1. Everyone gets two minutes: name, organisation, job.\n"
        "2. Share one thing you are good at and one question you carry.\n"
        "3. The facilitator writes expertise and questions on a flip chart.",
        "roles_nl": "Begeleider, tijdsbewaker",
        "roles_en": "Facilitator, timekeeper",
        "materials_nl": "Flap, stiften",
        "materials_en": "Flip chart, markers",
        "min_group": 3,
        "max_group": 15,
        "duration_minutes": 30,
    },
    {
        "slug": "verwachtingenronde",
        "name_nl": "Verwachtingenronde",
        "name_en": "Expectations round",
        "purpose_nl": "Verwachtingen van deelnemers zichtbaar maken en afstemmen op het doel.",
        "purpose_en": "Make members' expectations visible and align them with the goal.",
        "steps_nl": "1. Iedereen schrijft drie verwachtingen op post-its.\n"
        "2. Post-its worden geclusterd op de muur.\n"
        "3. De groep bespreekt wat binnen en buiten het doel valt.",
        "steps_en": "1. Everyone writes three expectations on sticky notes.\n"
        "2. The notes are clustered on the wall.\n"
        "3. The group discusses what falls within and outside the goal.",
        "roles_nl": "Begeleider",
        "roles_en": "Facilitator",
        "materials_nl": "Post-its, muur of bord",
        "materials_en": "Sticky notes, wall or board",
        "min_group": 3,
        "max_group": 15,
        "duration_minutes": 30,
    },
    {
        "slug": "incidentmethode",
        "name_nl": "Intervisie volgens de incidentmethode",
        "name_en": "Peer consultation by the incident method",
        "purpose_nl": "Samen een concreet incident uit de praktijk analyseren en van elkaar leren.",
        "purpose_en": "Analyse a concrete incident from practice together and learn from it.",
        "steps_nl": "1. De inbrenger beschrijft kort een incident.\n"
        "2. Informatieve vragen van de groep.\n"
        "3. Iedereen bedenkt wat hij of zij zou doen.\n"
        "4. De inbrenger vertelt wat er echt gebeurde.\n"
        "5. Nabespreking: wat leren we?",
        "steps_en": "1. The case owner briefly describes an incident.\n"
        "2. The group asks informative questions.\n"
        "3. Everyone decides what they would do.\n"
        "4. The case owner tells what really happened.\n"
        "5. Debrief: what do we learn?",
        "roles_nl": "Inbrenger, voorzitter, tijdsbewaker",
        "roles_en": "Case owner, chair, timekeeper",
        "materials_nl": "Geen",
        "materials_en": "None",
        "min_group": 4,
        "max_group": 10,
        "duration_minutes": 60,
    },
    {
        "slug": "roddelmethode",
        "name_nl": "Roddelmethode",
        "name_en": "Gossip method",
        "purpose_nl": "De inbrenger hoort vrijuit hoe anderen over zijn of haar vraag denken.",
        "purpose_en": "The case owner hears freely how others think about their question.",
        "steps_nl": "1. De inbrenger licht de vraag toe.\n"
        "2. Verhelderende vragen.\n"
        "3. De inbrenger draait de rug naar de groep; de groep 'roddelt' over de vraag.\n"
        "4. De inbrenger vertelt wat hem of haar raakte.",
        "steps_en": "1. The case owner explains the question.\n"
        "2. Clarifying questions.\n"
        "3. The case owner turns their back; the group 'gossips' about the question.\n"
        "4. The case owner shares what struck them.",
        "roles_nl": "Inbrenger, voorzitter",
        "roles_en": "Case owner, chair",
        "materials_nl": "Geen",
        "materials_en": "None",
        "min_group": 4,
        "max_group": 10,
        "duration_minutes": 45,
    },
    {
        "slug": "balint",
        "name_nl": "Balintmethode",
        "name_en": "Balint method",
        "purpose_nl": "Inzicht krijgen in de relatie tussen professional en cliënt.",
        "purpose_en": "Gain insight into the relationship between professional and client.",
        "steps_nl": "1. De inbrenger vertelt een casus zonder notities.\n"
        "2. De groep deelt gevoelens, beelden en associaties.\n"
        "3. De inbrenger luistert en reageert pas op het einde.",
        "steps_en": "1. The case owner tells a case without notes.\n"
        "2. The group shares feelings, images and associations.\n"
        "3. The case owner listens and responds only at the end.",
        "roles_nl": "Inbrenger, begeleider",
        "roles_en": "Case owner, facilitator",
        "materials_nl": "Geen",
        "materials_en": "None",
        "min_group": 5,
        "max_group": 12,
        "duration_minutes": 60,
    },
    {
        "slug": "casusbespreking",
        "name_nl": "Casusbespreking",
        "name_en": "Case discussion",
        "purpose_nl": "Een casus grondig analyseren en samen handelingsopties zoeken.",
        "purpose_en": "Analyse a case thoroughly and look for options together.",
        "steps_nl": "1. Casus voorstellen.\n2. Vragen stellen.\n3. Analyse.\n"
        "4. Handelingsopties.\n5. De inbrenger kiest een volgende stap.",
        "steps_en": "1. Present the case.\n2. Ask questions.\n3. Analyse.\n"
        "4. Options for action.\n5. The case owner chooses a next step.",
        "roles_nl": "Inbrenger, voorzitter, notulist",
        "roles_en": "Case owner, chair, note-taker",
        "materials_nl": "Casusbeschrijving",
        "materials_en": "Case description",
        "min_group": 3,
        "max_group": 15,
        "duration_minutes": 60,
    },
    {
        "slug": "wereldcafe",
        "name_nl": "Wereldcafé",
        "name_en": "World café",
        "purpose_nl": "In wisselende kleine groepen kennis delen en ideeën laten groeien.",
        "purpose_en": "Share knowledge and grow ideas in changing small groups.",
        "steps_nl": "1. Tafels met elk een vraag en een gastvrouw of -heer.\n"
        "2. Rondes van 20 minuten; deelnemers wisselen van tafel.\n"
        "3. De gastheren vatten samen in de plenaire oogst.",
        "steps_en": "1. Tables, each with a question and a host.\n"
        "2. Rounds of 20 minutes; participants change tables.\n"
        "3. Hosts summarise in a plenary harvest.",
        "roles_nl": "Tafelgastheren, begeleider",
        "roles_en": "Table hosts, facilitator",
        "materials_nl": "Papieren tafelkleden, stiften",
        "materials_en": "Paper tablecloths, markers",
        "min_group": 8,
        "max_group": 15,
        "duration_minutes": 75,
    },
    {
        "slug": "fishbowl",
        "name_nl": "Fishbowl",
        "name_en": "Fishbowl",
        "purpose_nl": "Een gesprek in een binnenkring voeren terwijl de buitenkring observeert.",
        "purpose_en": "Hold a conversation in an inner circle while the outer circle observes.",
        "steps_nl": "1. Vier à vijf stoelen in het midden, één blijft leeg.\n"
        "2. De binnenkring praat; wie wil bijdragen neemt de lege stoel.\n"
        "3. Nabespreking met de hele groep.",
        "steps_en": "1. Four or five chairs in the middle, one stays empty.\n"
        "2. The inner circle talks; whoever wants to contribute takes the empty chair.\n"
        "3. Debrief with the whole group.",
        "roles_nl": "Moderator, observatoren",
        "roles_en": "Moderator, observers",
        "materials_nl": "Stoelen in twee kringen",
        "materials_en": "Chairs in two circles",
        "min_group": 8,
        "max_group": 15,
        "duration_minutes": 45,
    },
    {
        "slug": "open-space",
        "name_nl": "Open space",
        "name_en": "Open space",
        "purpose_nl": "Deelnemers bepalen zelf de agenda rond hun eigen vragen.",
        "purpose_en": "Members set the agenda themselves around their own questions.",
        "steps_nl": "1. Iedereen mag een onderwerp voorstellen op de marktplaats.\n"
        "2. Gesprekken in parallelle rondes.\n"
        "3. Verslag per gesprek en afsluitende kring.",
        "steps_en": "1. Anyone may propose a topic on the marketplace.\n"
        "2. Conversations in parallel rounds.\n"
        "3. A report per conversation and a closing circle.",
        "roles_nl": "Initiatiefnemers per gesprek, begeleider",
        "roles_en": "Conveners per conversation, facilitator",
        "materials_nl": "Marktplaatsbord, post-its",
        "materials_en": "Marketplace board, sticky notes",
        "min_group": 8,
        "max_group": 15,
        "duration_minutes": 90,
    },
    {
        "slug": "brainstorm",
        "name_nl": "Brainstorm",
        "name_en": "Brainstorm",
        "purpose_nl": "Zo veel mogelijk ideeën verzamelen zonder meteen te oordelen.",
        "purpose_en": "Collect as many ideas as possible without judging them straight away.",
        "steps_nl": "1. Formuleer de vraag scherp.\n2. Ideeën verzamelen, geen kritiek.\n"
        "3. Clusteren.\n4. Selecteren en uitwerken.",
        "steps_en": "1. Sharpen the question.\n2. Collect ideas, no criticism.\n"
        "3. Cluster.\n4. Select and develop.",
        "roles_nl": "Begeleider, notulist",
        "roles_en": "Facilitator, note-taker",
        "materials_nl": "Post-its, flap",
        "materials_en": "Sticky notes, flip chart",
        "min_group": 3,
        "max_group": 15,
        "duration_minutes": 30,
    },
    {
        "slug": "pecha-kucha",
        "name_nl": "Pecha kucha",
        "name_en": "Pecha kucha",
        "purpose_nl": "Kort en krachtig een praktijk of project voorstellen.",
        "purpose_en": "Present a practice or project briefly and vividly.",
        "steps_nl": "1. Twintig beelden van twintig seconden per spreker.\n"
        "2. Korte vragenronde na elke presentatie.",
        "steps_en": "1. Twenty images of twenty seconds per speaker.\n"
        "2. A short question round after each presentation.",
        "roles_nl": "Sprekers, tijdsbewaker",
        "roles_en": "Speakers, timekeeper",
        "materials_nl": "Projector",
        "materials_en": "Projector",
        "min_group": 3,
        "max_group": 15,
        "duration_minutes": 40,
    },
    {
        "slug": "gastspreker",
        "name_nl": "Gastspreker met vragenronde",
        "name_en": "Guest speaker with Q&A",
        "purpose_nl": "Externe kennis binnenbrengen en verdiepen met vragen uit de praktijk.",
        "purpose_en": "Bring in external knowledge and deepen it with questions from practice.",
        "steps_nl": "1. Vooraf vragen van deelnemers verzamelen.\n2. Inleiding door de spreker.\n"
        "3. Vragenronde.\n4. Wat neem ik mee naar mijn praktijk?",
        "steps_en": "1. Collect members' questions beforehand.\n2. The speaker's talk.\n"
        "3. Q&A.\n4. What do I take back to my practice?",
        "roles_nl": "Gastspreker, moderator",
        "roles_en": "Guest speaker, moderator",
        "materials_nl": "Projector, microfoon",
        "materials_en": "Projector, microphone",
        "min_group": 3,
        "max_group": 15,
        "duration_minutes": 60,
    },
    {
        "slug": "dotvoting",
        "name_nl": "Stemmen met stippen",
        "name_en": "Dot voting",
        "purpose_nl": "Snel prioriteiten bepalen in de groep.",
        "purpose_en": "Set priorities in the group quickly.",
        "steps_nl": "1. Opties op een flap.\n2. Iedereen krijgt drie stippen.\n"
        "3. Stippen verdelen.\n4. Resultaat bespreken.",
        "steps_en": "1. Options on a flip chart.\n2. Everyone gets three dots.\n"
        "3. Place the dots.\n4. Discuss the result.",
        "roles_nl": "Begeleider",
        "roles_en": "Facilitator",
        "materials_nl": "Stickers, flap",
        "materials_en": "Dot stickers, flip chart",
        "min_group": 3,
        "max_group": 15,
        "duration_minutes": 15,
    },
    {
        "slug": "goede-praktijken",
        "name_nl": "Goede praktijken delen",
        "name_en": "Good-practice sharing",
        "purpose_nl": "Werkende praktijken uit de organisaties uitwisselen en overdraagbaar maken.",
        "purpose_en": "Exchange practices that work and make them transferable.",
        "steps_nl": "1. Twee of drie deelnemers stellen een praktijk voor.\n"
        "2. Wat maakt het werkzaam?\n3. Wat is nodig om het elders toe te passen?",
        "steps_en": "1. Two or three members present a practice.\n"
        "2. What makes it work?\n3. What is needed to apply it elsewhere?",
        "roles_nl": "Presentatoren, voorzitter",
        "roles_en": "Presenters, chair",
        "materials_nl": "Eventueel projector",
        "materials_en": "Projector if needed",
        "min_group": 3,
        "max_group": 15,
        "duration_minutes": 45,
    },
    {
        "slug": "evaluatieronde",
        "name_nl": "Evaluatieronde",
        "name_en": "Evaluation round",
        "purpose_nl": "De bijeenkomst afsluiten: wat was waardevol, wat kan beter?",
        "purpose_en": "Close the session: what was valuable, what could be better?",
        "steps_nl": "1. Iedereen zegt één ding dat hij of zij meeneemt.\n"
        "2. Eén tip voor de volgende keer.\n3. De begeleider vat samen.",
        "steps_en": "1. Everyone names one thing they take away.\n"
        "2. One tip for next time.\n3. The facilitator sums up.",
        "roles_nl": "Begeleider",
        "roles_en": "Facilitator",
        "materials_nl": "Geen",
        "materials_en": "None",
        "min_group": 3,
        "max_group": 15,
        "duration_minutes": 15,
    },
    {
        "slug": "leerdoelen-bepalen",
        "name_nl": "Leerdoelen bepalen",
        "name_en": "Setting learning goals",
        "purpose_nl": "Persoonlijke leerdoelen verzamelen en tot gemeenschappelijke doelen komen.",
        "purpose_en": "Collect personal learning goals and arrive at common goals.",
        "steps_nl": "1. Iedereen noteert twee persoonlijke leerdoelen.\n"
        "2. Clusteren tot gemeenschappelijke doelen.\n3. Prioriteren met stippen.",
        "steps_en": "1. Everyone notes two personal learning goals.\n"
        "2. Cluster them into common goals.\n3. Prioritise with dots.",
        "roles_nl": "Begeleider",
        "roles_en": "Facilitator",
        "materials_nl": "Post-its, stickers",
        "materials_en": "Sticky notes, dot stickers",
        "min_group": 3,
        "max_group": 15,
        "duration_minutes": 30,
    },
    {
        "slug": "afspraken-maken",
        "name_nl": "Afspraken maken",
        "name_en": "Making agreements",
        "purpose_nl": "Samen afspraken maken over werking, vertrouwelijkheid en aanwezigheid.",
        "purpose_en": "Agree together on how the group works, confidentiality and attendance.",
        "steps_nl": "1. De begeleider stelt de groepsafspraken voor.\n"
        "2. Aanvullingen uit de groep.\n3. Samen vastleggen.",
        "steps_en": "1. The facilitator presents the ground rules.\n"
        "2. Additions from the group.\n3. Agree and record them together.",
        "roles_nl": "Begeleider, notulist",
        "roles_en": "Facilitator, note-taker",
        "materials_nl": "Flap",
        "materials_en": "Flip chart",
        "min_group": 3,
        "max_group": 15,
        "duration_minutes": 20,
    },
]

# The suggested agenda of a kickoff session: (Dutch title, English title, minutes, work form slug).
KICKOFF_AGENDA = [
    ("Welkom en doel van het netwerk", "Welcome and goal of the network", 15, None),
    ("Kennismaking", "Getting to know each other", 30, "kennismakingsronde"),
    ("Verwachtingen", "Expectations round", 30, "verwachtingenronde"),
    ("Leerdoelen", "Learning goals", 30, "leerdoelen-bepalen"),
    ("Afspraken", "Agreements", 20, "afspraken-maken"),
]
