"""Build a realistic Flemish demo through the services. Running it again changes nothing."""

import contextlib
import datetime
import logging

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import translation

from accounts import services as account_services
from accounts.enums import OrganisationKind
from accounts.models import Organisation, User
from accounts.organisations import name_key
from core.datetimes import local_timezone
from evaluations import blueprints
from evaluations import selectors as evaluation_selectors
from evaluations import services as evaluation_services
from evaluations.enums import BlueprintVisibility, QuestionType, VoteKind
from minutes import services as minutes_services
from minutes.enums import ActionStatus, ReadVia
from networks import services
from networks.enums import MeetingFormat, NetworkStatus, Province, Role, Scope
from networks.models import Membership, Network
from portfolio import library_services
from portfolio import services as portfolio_services
from portfolio.models import InsightCard
from sessions import selectors as session_selectors
from sessions import services as session_services
from sessions.enums import AttendanceStatus, RsvpAnswer, SessionKind
from sessions.models import WorkForm

TODAY = datetime.date.today()  # noqa: DTZ011 - demo dates relative to the day of seeding
BRUSSELS = local_timezone()

DEMO_PASSWORD = "leernet-demo"  # noqa: S105 - printed on purpose: demo data only

FACILITATORS = [
    ("an.peeters@leernet.demo", "An Peeters", "Sociaal Fonds Zorg", "Opleidingscoördinator"),
    ("koen.janssens@leernet.demo", "Koen Janssens", "Voka Limburg", "Netwerkbegeleider"),
]

MEMBERS = [
    ("Lotte Maes", "WZC Ter Linde", "Hoofdverpleegkundige"),
    ("Jef Willems", "WZC Ter Linde", "Ergotherapeut"),
    ("Sara El Amrani", "AZ Sint-Jan", "Verpleegkundige"),
    ("Pieter Claes", "Thuiszorg Brugge", "Teamcoach"),
    ("Elke Goossens", "WZC De Vijvers", "Zorgcoördinator"),
    ("Tom Wouters", "AZ Sint-Jan", "Kinesitherapeut"),
    ("Nele De Smet", "Thuiszorg Gent", "Maatschappelijk werker"),
    ("Bram Mertens", "WZC De Vijvers", "Animator"),
    ("Fatima Benali", "CM Vlaanderen", "Zorgconsulent"),
    ("Wout Dubois", "Ziekenhuis Oost-Limburg", "Kwaliteitscoördinator"),
    ("Hanne Vermeulen", "WZC Ter Linde", "Logistiek medewerker"),
    ("Ruben Jacobs", "Thuiszorg Brugge", "Verpleegkundige"),
    ("Ilse Lambrechts", "Hefboom Metaal", "HR-business partner"),
    ("Dries Aerts", "Metaalwerken Aerts", "Productieleider"),
    ("Sofie Hermans", "Atlas Copco Antwerpen", "Ploegbaas"),
    ("Yannick Pauwels", "Bekaert Zwevegem", "Preventieadviseur"),
    ("Katrien Coppens", "Van Hool Lier", "Opleidingsverantwoordelijke"),
    ("Mathias Verstraeten", "Metaalwerken Aerts", "Onderhoudstechnicus"),
    ("Lien Van den Broeck", "Agoria Vlaanderen", "Adviseur"),
    ("Stijn Desmet", "Bekaert Zwevegem", "Teamleider"),
    ("Joke Michiels", "Atlas Copco Antwerpen", "Veiligheidscoördinator"),
    ("Arne Smets", "Van Hool Lier", "Lasser-instructeur"),
    ("Eva Vandenberghe", "Hefboom Metaal", "Loopbaancoach"),
    ("Gert Leemans", "Metaalwerken Aerts", "Zaakvoerder"),
]

# The organisations in the list (type, sector). Marie Verbeke's "WZC Hof ter Beke" is not in
# it: her profile asks a coordinator to add it (a pending proposal).
_CARE, _METAL = "Zorg", "Metaal"
ORGANISATIONS = {
    "Sociaal Fonds Zorg": (OrganisationKind.SOCIAL_PROFIT, "Opleidingsfonds zorg"),
    "Voka Limburg": (OrganisationKind.OTHER, "Werkgeversorganisatie"),
    "WZC Ter Linde": (OrganisationKind.SOCIAL_PROFIT, _CARE),
    "WZC De Vijvers": (OrganisationKind.SOCIAL_PROFIT, _CARE),
    "AZ Sint-Jan": (OrganisationKind.SOCIAL_PROFIT, _CARE),
    "Ziekenhuis Oost-Limburg": (OrganisationKind.SOCIAL_PROFIT, _CARE),
    "Thuiszorg Brugge": (OrganisationKind.SOCIAL_PROFIT, _CARE),
    "Thuiszorg Gent": (OrganisationKind.SOCIAL_PROFIT, _CARE),
    "CM Vlaanderen": (OrganisationKind.SOCIAL_PROFIT, "Ziekenfonds"),
    "Hefboom Metaal": (OrganisationKind.OTHER, "Sectorfonds metaal"),
    "Agoria Vlaanderen": (OrganisationKind.OTHER, "Sectorfederatie"),
    "Metaalwerken Aerts": (OrganisationKind.COMPANY, _METAL),
    "Atlas Copco Antwerpen": (OrganisationKind.COMPANY, _METAL),
    "Bekaert Zwevegem": (OrganisationKind.COMPANY, _METAL),
    "Van Hool Lier": (OrganisationKind.COMPANY, _METAL),
    "Metaalbouw Peeters": (OrganisationKind.COMPANY, _METAL),
}
# The metal network keeps at most 3 seats per company; a fourth from Metaalwerken Aerts waits.
OVER_THE_MAXIMUM = ("Kobe Aerts", "Metaalwerken Aerts", "Lasser")

# The demo's people with a part to play on first login. In the care network, Lotte has every
# kind of member task (an RSVP, the intake, a vote, an evaluation, minutes of a session she
# missed); her facilitator An has hers (a join request, attendance to register after a session,
# minutes to publish, a member absent twice in a row: Jef).
EVERY_TASK = MEMBERS[0][0]
ABSENT_TWICE = MEMBERS[1][0]
EXCUSED = "Sara El Amrani"
EXCUSED_LATER = "Tom Wouters"
OUTSIDER = ("Jonas Peeters", "Metaalbouw Peeters", "Opleidingsverantwoordelijke")  # asks to join
CARE_OUTSIDER = ("Marie Verbeke", "WZC Hof ter Beke", "Verpleegkundige")


NETWORKS = [
    {
        "facilitator": 0,
        "members": MEMBERS[:12],
        "fields": {
            "name": "Valpreventie in de ouderenzorg",
            "theme": "Zorg",
            "description": "Een lerend netwerk van zorgprofessionals uit woonzorgcentra, "
            "ziekenhuizen en de thuiszorg rond het voorkomen van valincidenten.",
            "goal": "Samen werkzame praktijken rond valpreventie verzamelen, uitproberen en "
            "verankeren in onze eigen organisaties.",
            "participant_role": "Je brengt casussen uit je praktijk mee, probeert tussen de "
            "bijeenkomsten iets uit en deelt wat je leerde.",
            "rhythm": "Om de zes weken, op dinsdagnamiddag",
            "duration": "Zes bijeenkomsten van drie uur",
            "meeting_format": MeetingFormat.HYBRID,
            "province": Province.WEST_FLANDERS,
            "location": "Vergaderzaal De Brug, Brugge (of online)",
            "scope": Scope.EXTERNAL,
            "organisations": "WZC Ter Linde\nAZ Sint-Jan\nThuiszorg Brugge\nWZC De Vijvers",
            "start_date": TODAY - datetime.timedelta(days=30),
            "end_date": TODAY + datetime.timedelta(days=240),
            "member_cap": 12,
            "colour": "#1f6f5c",
        },
        "organisation": "Sociaal Fonds Zorg",
        "status": [NetworkStatus.OPEN, NetworkStatus.RUNNING],
        "sessions": True,
        "join_request": (
            CARE_OUTSIDER,
            "Ik werk in een woonzorgcentrum en wil graag leren hoe jullie valincidenten aanpakken.",
        ),
    },
    {
        "facilitator": 1,
        "members": MEMBERS[12:],
        "fields": {
            "name": "Leren op de werkvloer in de metaalsector",
            "theme": "Industrie",
            "description": "Leidinggevenden en opleiders uit metaalbedrijven delen hoe ze nieuwe "
            "collega's op de werkvloer laten leren.",
            "goal": "Een gedeelde aanpak voor werkplekleren uitwerken die elk bedrijf kan "
            "toepassen bij de onboarding van nieuwe medewerkers.",
            "participant_role": "Je neemt actief deel, zet een eigen praktijkvraag op tafel en "
            "ontvangt de groep één keer in je bedrijf.",
            "rhythm": "Maandelijks, op donderdagvoormiddag",
            "duration": "Acht bijeenkomsten van twee en een half uur",
            "meeting_format": MeetingFormat.IN_PERSON,
            "province": Province.ANTWERP,
            "location": "Telkens bij een van de deelnemende bedrijven",
            "scope": Scope.EXTERNAL,
            "organisations": "Metaalwerken Aerts\nAtlas Copco Antwerpen\nBekaert Zwevegem\n"
            "Van Hool Lier",
            "start_date": TODAY + datetime.timedelta(days=20),
            "end_date": TODAY + datetime.timedelta(days=320),
            "member_cap": 15,
            "max_per_organisation": 3,
            "colour": "#2b4c7e",
        },
        "organisation": "Voka Limburg",
        "over_the_maximum": OVER_THE_MAXIMUM,
        "status": [NetworkStatus.OPEN],
        "join_request": (
            OUTSIDER,
            "Ik start een project rond werkplekleren en wil graag van jullie ervaring leren.",
        ),
    },
]


@contextlib.contextmanager
def _quiet():
    """Seeding runs tasks in-process: keep their log lines (task succeeded, mail sent to an
    address nobody reads, the in-memory broker's hostname) out of what a newcomer reads."""
    names = ["celery", "kombu", "core", "accounts", "networks", "sessions", "evaluations"]
    loggers = [logging.getLogger(name) for name in [*names, "minutes", "portfolio", "reports"]]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _email_for(full_name: str) -> str:
    local = full_name.lower().replace(" ", ".").replace("-", "")
    return f"{local}@leernet.demo"


def _organisation(name: str) -> Organisation | None:
    """The listed organisation ``name`` (added the first time), or None for one not listed."""
    if name not in ORGANISATIONS:
        return None
    organisation = Organisation.objects.filter(name_key=name_key(name)).first()
    if organisation is None:
        kind, sector = ORGANISATIONS[name]
        organisation = account_services.organisation_create(name=name, kind=kind, sector=sector)
    return organisation


def _user(email: str, full_name: str, organisation: str, job_function: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=DEMO_PASSWORD,
            full_name=full_name,
            job_function=job_function,
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        listed = _organisation(organisation)
        account_services.user_set_organisation(
            acting_user=user,
            organisation=listed,
            proposed_name="" if listed else organisation,
        )
    return user


class Command(BaseCommand):
    help = "Create demo users and two learning networks (idempotent) and print the logins."

    def handle(self, *args, **options):
        # Demo data sends no email: nobody behind these addresses.
        with (
            _quiet(),
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
            transaction.atomic(),
            translation.override("nl"),
        ):
            self._seed()
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        for email, name, organisation, _function in FACILITATORS:
            self.stdout.write(f"  facilitator  {email:<40} {name} ({organisation})")
        logins = [
            (MEMBERS[0], "an RSVP, the intake, a vote, an evaluation and minutes to read"),
            (MEMBERS[1], "absent from the last two sessions"),
            (MEMBERS[12], "in the metal network"),
        ]
        for (name, organisation, _function), what in logins:
            self.stdout.write(
                f"  member       {_email_for(name):<40} {name} ({organisation}): {what}"
            )
        self.stdout.write("  ... and every other member as firstname.lastname@leernet.demo")
        self.stdout.write("Demo data sends no email.")

    def _seed(self):
        for spec in NETWORKS:
            facilitator = _user(*FACILITATORS[spec["facilitator"]])
            if Network.objects.filter(name=spec["fields"]["name"]).exists():
                continue
            organisation = _organisation(spec["organisation"])
            # Each facilitator coordinates the organisation their network runs under.
            account_services.organisation_coordinator_add(
                organisation=organisation, user=facilitator, acting_user=None
            )
            network = services.network_create(
                acting_user=facilitator,
                ground_rules=services.default_ground_rules(),
                organisation=organisation,
                **spec["fields"],
            )
            for status in spec["status"][:1]:
                network = services.network_set_status(
                    network=network, status=status, acting_user=facilitator
                )
            for full_name, organisation, job_function in spec["members"]:
                member = _user(_email_for(full_name), full_name, organisation, job_function)
                invitation = services.invitation_create(
                    network=network, email=member.email, role=Role.MEMBER, acting_user=facilitator
                )
                services.invitation_accept(
                    invitation=invitation, acting_user=member, accept_ground_rules=True
                )
            if spec.get("over_the_maximum"):  # waits: their company has its 3 seats
                member = _user(_email_for(spec["over_the_maximum"][0]), *spec["over_the_maximum"])
                invitation = services.invitation_create(
                    network=network, email=member.email, role=Role.MEMBER, acting_user=facilitator
                )
                services.invitation_accept(
                    invitation=invitation, acting_user=member, accept_ground_rules=True
                )
            if spec.get("join_request"):  # asked while the network was open
                (name, organisation, job_function), motivation = spec["join_request"]
                services.join_request_create(
                    network=network,
                    acting_user=_user(_email_for(name), name, organisation, job_function),
                    motivation=motivation,
                    accept_ground_rules=True,
                )
            for status in spec["status"][1:]:
                network = services.network_set_status(
                    network=network, status=status, acting_user=facilitator
                )
            # The demo's members joined before the trajectory started (seeding happens today).
            Membership.objects.filter(network=network, joined_at__isnull=False).update(
                joined_at=datetime.datetime.combine(
                    network.start_date - datetime.timedelta(days=14),
                    datetime.time(10),
                    tzinfo=BRUSSELS,
                )
            )
            if spec.get("sessions"):
                self._sessions(network, facilitator)
                self._blueprint(network, facilitator)
        self._organisation_reports()

    def _blueprint(self, network, facilitator):
        """The care network saved as its facilitator's own blueprint (issue 14.4)."""
        blueprints.blueprint_save(
            network=network,
            name="Valpreventie: ons traject",
            description="Het traject van dit jaar, om volgend jaar opnieuw te starten.",
            visibility=BlueprintVisibility.MINE,
            acting_user=facilitator,
        )

    def _organisation_reports(self):
        """An Peeters also coordinates WZC Ter Linde, an employer of three care members: two of
        them let it see that they take part (its participation report names them, the third is
        hidden under the threshold), and three colleagues ask for a next theme. The health of
        every organisation's network is measured once, as the hourly task does."""
        an = User.objects.get(email=FACILITATORS[0][0])
        employer = _organisation("WZC Ter Linde")
        account_services.organisation_coordinator_add(
            organisation=employer, user=an, acting_user=None
        )
        people = list(User.objects.filter(organisation=employer).order_by("full_name"))
        for person in people[:2]:
            person.participation_visible_to_organisation = True
            person.save(update_fields=["participation_visible_to_organisation"])
        for person, theme in zip(
            people, ["Dementie", "Dementie", "Onthaal nieuwe collega's"], strict=False
        ):
            account_services.theme_interest_register(
                organisation=employer, theme=theme, acting_user=person
            )
        services.health_snapshots_refresh()

    def _sessions(self, network, facilitator):
        """Two held sessions, one that ended without attendance, two planned ones.

        The kickoff: Lotte and Jef absent, Sara excused; its minutes are published (Lotte has
        them to read) and its evaluation's results shared. The second session: Jef absent again
        (absent twice in a row), its evaluation open (Lotte has not answered), its minutes a
        draft nobody published yet. The third ended two days ago without attendance. The fourth
        is the next one: everyone but Lotte answered its RSVP. Every session has its chair,
        note-taker, timekeeper and case owner (the fair suggestion, accepted)."""

        def at(days, hour, minutes=180):
            start = datetime.datetime.combine(
                TODAY + datetime.timedelta(days=days), datetime.time(hour), tzinfo=BRUSSELS
            )
            return {"starts_at": start, "ends_at": start + datetime.timedelta(minutes=minutes)}

        def plan(title, kind, location, days, description=""):
            session, _warnings = session_services.session_create(
                network=network,
                data={
                    "title": title,
                    "kind": kind,
                    "location": location,
                    "description": description,
                    **at(days, 13),
                },
                acting_user=facilitator,
            )
            return session

        members = session_selectors.active_members(network=network)
        by_name = {member.full_name: member for member in members}

        def held(session, statuses):
            entries = {m.pk: {"status": AttendanceStatus.PRESENT, "remark": ""} for m in members}
            for name, (status, remark) in statuses.items():
                entries[by_name[name].pk] = {"status": status, "remark": remark}
            session_services.session_record_attendance(
                session=session, entries=entries, mark_held=True, acting_user=facilitator
            )

        kickoff = plan(
            "Kennismaking en leerdoelen",
            SessionKind.KICKOFF,
            "Vergaderzaal De Brug, Brugge",
            -28,
            "We leren elkaar kennen en bepalen samen de leerdoelen.",
        )
        held(
            kickoff,
            {
                EVERY_TASK: (AttendanceStatus.ABSENT, ""),
                ABSENT_TWICE: (AttendanceStatus.ABSENT, ""),
                EXCUSED: (AttendanceStatus.EXCUSED, "Ziek"),
            },
        )
        self._minutes(kickoff, facilitator)
        second = plan(
            "Valrisico inschatten",
            SessionKind.REGULAR,
            "WZC Ter Linde, Brugge",
            -7,
            "Met een gastspreker van het Expertisecentrum Val- en fractuurpreventie.",
        )
        guest = WorkForm.objects.get(network__isnull=True, slug="gastspreker")
        session_services.agenda_item_add(
            session=second,
            data={"title": "Valrisico in de praktijk", "duration_minutes": 60, "work_form": guest},
            roles={},
            acting_user=facilitator,
        )
        session_services.speaker_add(
            session=second,
            data={
                "name": "Dr. Griet Van Damme",
                "organisation": "Expertisecentrum Val- en fractuurpreventie Vlaanderen",
                "email": "",
                "topic": "Valrisico screenen bij thuiswonende ouderen",
                "bio": "Geriater en onderzoeker.",
            },
            send_email=False,
            acting_user=facilitator,
        )
        held(
            second,
            {
                ABSENT_TWICE: (AttendanceStatus.ABSENT, ""),
                EXCUSED_LATER: (AttendanceStatus.EXCUSED, "Op verlof"),
            },
        )
        self._draft_minutes(second, facilitator)
        # Lotte's learning portfolio (issue 14): her own reflection on the session she attended.
        portfolio_services.reflection_save(
            network=network,
            session_id=second.pk,
            text="De valrisicoscreening van de geriater wil ik op mijn afdeling uitproberen.",
            acting_user=next(m for m in members if m.full_name == EVERY_TASK),
        )
        plan("Casusbespreking nachtzorg", SessionKind.REGULAR, "Online", -2)
        upcoming = plan("Goede praktijken delen", SessionKind.REGULAR, "AZ Sint-Jan, Brugge", 10)
        plan("Familie betrekken", SessionKind.REGULAR, "Thuiszorg Brugge", 52)
        question = session_services.practice_question_submit(
            network=network,
            acting_user=members[2],
            data={
                "title": "Hoe betrek ik familie bij valpreventie?",
                "context": "Familie wil vaak dat moeder 's nachts fixatie krijgt.",
                "name_for_facilitator_only": True,
            },
        )
        session_services.practice_question_schedule(
            question=question, session=upcoming, acting_user=facilitator
        )
        answers = [RsvpAnswer.ATTENDING] * 6 + [RsvpAnswer.MAYBE, RsvpAnswer.NOT_ATTENDING]
        others = [m for m in members if m.full_name != EVERY_TASK]
        for member, answer in zip(others, answers, strict=False):
            away = answer == RsvpAnswer.NOT_ATTENDING
            session_services.rsvp_set(
                session=upcoming,
                data={
                    "answer": answer,
                    "apology": "Dan sta ik op de dienst." if away else "",
                    # Shown in the minutes editor of that session, for the note-taker.
                    "input_for_group": "Bij ons werkt een valmat naast het bed goed, maar "
                    "sommige bewoners weigeren hem. Hoe gaan jullie daarmee om?"
                    if away
                    else "",
                },
                acting_user=member,
            )
        # Fair roles for every session, in order: the suggestion as the facilitator accepts it
        # (the next session's skips the member who said they won't come).
        for session in network.sessions.order_by("starts_at", "pk"):
            session_services.session_roles_apply_suggestion(
                session=session, acting_user=facilitator
            )
        self._catch_up(kickoff, by_name)
        self._learning(network, kickoff, second, members)
        self._speaker_brief(upcoming, facilitator)
        self._announcement(network, facilitator, upcoming)
        self._tryouts(network, second, members, facilitator)

    def _speaker_brief(self, session, facilitator):
        """A guest speaker for the next session, with a brief drafted from what the group said
        and saved, not sent (only the facilitator's confirmed click sends it)."""
        speaker = session_services.speaker_add(
            session=session,
            data={
                "name": "Marleen De Smet",
                "organisation": "Vlaams Instituut voor Valpreventie",
                "email": "marleen.desmet@example.org",
                "topic": "Goede praktijken in valpreventie",
                "bio": "Ergotherapeut en lesgever.",
            },
            send_email=False,
            acting_user=facilitator,
        )
        session.learning_goals.add(*session.network.learning_goals.filter(status="adopted")[:2])
        session_services.speaker_brief_save(
            speaker=speaker,
            text=evaluation_selectors.speaker_brief_draft(speaker=speaker),
            acting_user=facilitator,
        )

    def _announcement(self, network, facilitator, upcoming):
        """A word to the group about the next session (issue 12): on the network's page."""
        session_services.announcement_send(
            network=network,
            subject="Volgende keer: goede praktijken meebrengen",
            body=(
                "Dag iedereen,\n\n"
                f"Op **{upcoming.title}** delen we wat werkt. Breng één voorbeeld uit je eigen "
                "praktijk mee: een valincident dat goed afliep, een gesprek met familie, een "
                "eenvoudige aanpassing in de kamer.\n\n"
                "- Hoogstens vijf minuten per voorbeeld\n"
                "- Foto's of documenten mogen, zonder namen van bewoners\n\n"
                "Vragen? Beantwoord gewoon deze e-mail."
            ),
            acting_user=facilitator,
        )

    def _minutes(self, kickoff, facilitator):
        """Published minutes of the kickoff, so its absentees have something to read."""
        members = session_selectors.active_members(network=kickoff.network)
        by_name = {member.full_name: member for member in members}
        minutes = minutes_services.minutes_get_or_create(session=kickoff, acting_user=facilitator)
        agenda = list(kickoff.agenda.all())
        minutes_services.minutes_save_draft(
            minutes=minutes,
            data={
                "summary": "We maakten kennis, deelden waar valpreventie in onze organisaties "
                "vastloopt en kozen samen de leerdoelen voor het traject.",
                "insights": "Familie vraagt vaak om fixatie uit angst; een gesprek over risico's "
                "en alternatieven helpt meer dan een verbod.\n\n"
                "Een vaste vrijwilliger per afdeling die bewoners 's avonds begeleidt, voorkomt "
                "meer vallen dan extra valmatten.",
                "agreements": "- We komen om de zes weken samen, op dinsdagnamiddag.\n"
                "- Elke bijeenkomst start met een casus uit de praktijk.",
                "questions_next": "Hoe schatten we het valrisico snel en betrouwbaar in?",
                "next_session": "Iedereen brengt een recent valincident mee.",
            },
            item_notes={agenda[0].pk: "Elk lid stelde zich voor met één valincident."}
            if agenda
            else {},
            actions=[
                {
                    "what": "Valincidenten van de voorbije maand verzamelen",
                    "who": "Iedereen",
                    "due": TODAY + datetime.timedelta(days=9),
                },
                {
                    "what": "Screeningsinstrument delen",
                    "who": facilitator.full_name,
                    "due": None,
                },
                # Try-out actions of members who missed the kickoff: each finds their own in
                # the catch-up pack (the minutes email to an absent member).
                {
                    "what": "Het valprotocol van het eigen woonzorgcentrum meebrengen",
                    "who": EXCUSED,
                    "owner_id": by_name[EXCUSED].pk,
                    "due": TODAY + datetime.timedelta(days=9),
                },
                {
                    "what": "Eén valincident uitschrijven als casus",
                    "who": ABSENT_TWICE,
                    "owner_id": by_name[ABSENT_TWICE].pk,
                    "due": None,
                },
            ],
            acting_user=facilitator,
        )
        minutes_services.minutes_publish(minutes=minutes, acting_user=facilitator)
        # The insight library: its cards are built on publishing; the facilitator shares one
        # with the networks of the same theme (issue 14.3).
        card = InsightCard.objects.filter(session=kickoff, kind=InsightCard.INSIGHT).first()
        library_services.insight_card_share(card=card, shared=True, acting_user=facilitator)

    def _catch_up(self, kickoff, by_name):
        """Sara, excused at the kickoff, read her catch-up pack (the link in its email) and sent
        input: An sees it on the next session's page, and on the kickoff's delivery page."""
        minutes = kickoff.minutes
        sara = by_name[EXCUSED]
        minutes_services.minutes_mark_read(minutes=minutes, acting_user=sara, via=ReadVia.LINK)
        session_services.catch_up_input_give(
            session=kickoff,
            text="Ik las het verslag. Bij ons werkt een sensormat naast het bed beter dan "
            "een valmat: kunnen we dat volgende keer kort bespreken?",
            acting_user=sara,
        )

    def _draft_minutes(self, session, facilitator):
        """A first draft of the second session's minutes, not published yet."""
        minutes = minutes_services.minutes_get_or_create(session=session, acting_user=facilitator)
        minutes_services.minutes_save_draft(
            minutes=minutes,
            data={
                "summary": "Dr. Van Damme stelde twee screeningsinstrumenten voor; we "
                "probeerden ze uit op een casus van WZC Ter Linde.",
            },
            item_notes={},
            actions=[],
            acting_user=facilitator,
        )

    def _tryouts(self, network, session, members, facilitator):
        """Try-out actions in the second session's draft: Lotte's is still open (her home asks
        how it went), another member's is answered, one is for someone outside; two are on an
        adopted learning goal. The next session's agenda gets the feedback item."""
        goals = list(network.learning_goals.filter(status="adopted").order_by("position", "pk"))
        lotte = next(m for m in members if m.full_name == EVERY_TASK)
        other = next(m for m in members if m.full_name != EVERY_TASK)
        minutes = minutes_services.minutes_get_or_create(session=session, acting_user=facilitator)
        minutes_services.minutes_save_draft(
            minutes=minutes,
            data={"summary": minutes.summary},
            item_notes={},
            actions=[
                {
                    "what": "De valrisicoscreening uitproberen bij drie nieuwe bewoners",
                    "owner_id": lotte.pk,
                    "due": TODAY + datetime.timedelta(days=7),
                    "goal_id": goals[0].pk,
                },
                {
                    "what": "Een familiegesprek over fixatie voorbereiden met de checklist",
                    "owner_id": other.pk,
                    "due": TODAY - datetime.timedelta(days=1),
                    "goal_id": goals[1].pk,
                },
                {"what": "Folder over valpreventie nakijken", "who": "Apotheker Jan Claeys"},
            ],
            acting_user=facilitator,
        )
        answered = minutes.actions.get(owner=other)
        minutes_services.action_answer(
            action=answered,
            status=ActionStatus.DONE,
            outcome="De familie begreep de risico's beter; geen fixatie gevraagd.",
            acting_user=other,
        )

    def _learning(self, network, kickoff, second, members):
        """Intake answers, adopted learning goals, an open vote and answers to both
        evaluations: the kickoff's results are shared, the second's is still open."""
        intake = evaluation_services.intake_open(
            network=network,
            deadline=datetime.datetime.combine(
                TODAY + datetime.timedelta(days=7), datetime.time(23, 59), tzinfo=BRUSSELS
            ),
            acting_user=network.created_by,
        )
        personal = [
            "Valrisico snel inschatten\nFamilie betrekken",
            "Valpreventie in de nacht",
            "Medicatie en vallen\nBewegingsaanbod uitbouwen",
        ]
        # The first puts her practice question on the question board, the second keeps his in
        # the intake only.
        practice = [
            ("Hoe krijg ik collega's zover dat ze de valrisicoscreening echt gebruiken?", True),
            ("Wat doen we met bewoners die 's nachts alleen willen opstaan?", False),
            ("", False),
        ]
        others = [m for m in members if m.full_name != EVERY_TASK]
        for member, goals, (question, on_board) in zip(others[:3], personal, practice, strict=True):
            evaluation_services.intake_submit(
                intake=intake,
                acting_user=member,
                data={
                    "expectations": "Concrete tips die ik meteen kan toepassen.",
                    "personal_goals": goals,
                    "brings": "Ervaring met valincidenten op de afdeling.",
                    "practice_questions": question,
                    "questions_on_board": on_board,
                },
            )
        titles = [
            "Valrisico systematisch inschatten",
            "Familie en mantelzorgers betrekken",
            "Een veilige nachtelijke omgeving",
            "Medicatie en valrisico",
        ]
        goals = [
            evaluation_services.goal_create(
                network=network, title=t, acting_user=network.created_by
            )
            for t in titles
        ]
        evaluation_services.goals_adopt(
            network=network, goal_ids=[g.pk for g in goals[:3]], acting_user=network.created_by
        )
        # Linked before the evaluations are answered: each gets its question per goal.
        evaluation_services.goal_link_sessions(
            goal=goals[0], sessions=[kickoff, second], acting_user=network.created_by
        )
        evaluation_services.goal_link_sessions(
            goal=goals[1],
            sessions=[network.sessions.get(title="Familie betrekken")],
            acting_user=network.created_by,
        )
        self._vote(network, others)
        self._evaluation(kickoff, others)
        evaluation_services.results_share(
            questionnaire=kickoff.evaluation, shared=True, acting_user=network.created_by
        )
        self._evaluation(second, others[3:7])

    def _vote(self, network, members):
        """An open vote on the next topics; a few members have voted, Lotte not yet."""
        vote = evaluation_services.vote_create(
            network=network,
            kind=VoteKind.TOPICS,
            title="Welke onderwerpen willen we nog behandelen?",
            points=3,
            closes_at=datetime.datetime.combine(
                TODAY + datetime.timedelta(days=6), datetime.time(20), tzinfo=BRUSSELS
            ),
            options=[
                "Fixatiearm werken",
                "Valsensoren en andere technologie",
                "Beweegprogramma's voor bewoners",
                "Valpreventie in de thuiszorg",
            ],
            acting_user=network.created_by,
        )
        options = list(vote.options.order_by("pk").values_list("pk", flat=True))
        ballots = [(0, 0, 1), (1, 1, 2), (0, 2, 3), (0, 0, 0), (3, 3, 1)]
        for member, ballot in zip(members, ballots, strict=False):
            allocation = {}
            for index in ballot:
                allocation[options[index]] = allocation.get(options[index], 0) + 1
            evaluation_services.vote_cast(vote=vote, allocation=allocation, acting_user=member)

    def _evaluation(self, session, members):
        """Up to six of ``members`` who were there answer the session's evaluation, with
        different ratings and words."""
        questionnaire = session.evaluation
        present = evaluation_services.eligible_user_ids(questionnaire=questionnaire)
        respondents = [m for m in members if m.pk in present][:6]
        ratings = [(5, 4, 4), (4, 5, 3), (4, 3, 4), (3, 4, 2), (5, 5, 4), (4, 3, 3)]
        goal_ratings = [4, 5, 3, 4, 4, 3]
        learned = [
            "Hoe verschillend elke organisatie met valincidenten omgaat.",
            "",
            "Dat familie vaak om fixatie vraagt uit angst, en hoe je daarover praat.",
            "De valrisicoscreening van WZC De Vijvers wil ik zelf uitproberen.",
            "",
            "Dat we allemaal met dezelfde vragen zitten.",
        ]
        better = ["", "Meer tijd voor de casussen.", "", "", "Een pauze halverwege.", ""]
        topics = ["Medicatie", "Nachtzorg", "", "Valsensoren", "Familiegesprekken", ""]
        questions = list(questionnaire.questions.order_by("position", "pk"))
        for index, member in enumerate(respondents):
            scales = iter(ratings[index])
            texts = iter([learned[index], better[index]])
            answers = {}
            for question in questions:
                if question.about_speaker:  # the second session's guest speaker
                    answers[question.pk] = (
                        str(ratings[index][0])
                        if question.type == QuestionType.SCALE
                        else "Heel concreet, met voorbeelden uit de praktijk."
                    )
                elif question.type == QuestionType.SCALE:
                    answers[question.pk] = str(next(scales))
                elif question.type == QuestionType.LONG:
                    answers[question.pk] = next(texts)
                elif question.type == QuestionType.SHORT:
                    answers[question.pk] = topics[index]
                elif question.type == QuestionType.GOAL_SCALE:
                    answers[question.pk] = str(goal_ratings[index])
            evaluation_services.response_submit(
                questionnaire=questionnaire, acting_user=member, answers=answers
            )
