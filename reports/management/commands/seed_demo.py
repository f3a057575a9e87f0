"""Build a realistic Flemish demo through the services. Running it again changes nothing."""

import datetime

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import translation

from accounts.models import User
from core.datetimes import local_timezone
from evaluations import services as evaluation_services
from networks import services
from networks.enums import MeetingFormat, NetworkStatus, Role, Scope
from networks.models import Membership, Network
from sessions import selectors as session_selectors
from sessions import services as session_services
from sessions.enums import AttendanceStatus, SessionKind
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
            "location": "Vergaderzaal De Brug, Brugge (of online)",
            "scope": Scope.EXTERNAL,
            "organisations": "WZC Ter Linde\nAZ Sint-Jan\nThuiszorg Brugge\nWZC De Vijvers",
            "start_date": TODAY - datetime.timedelta(days=30),
            "end_date": TODAY + datetime.timedelta(days=240),
            "member_cap": 12,
            "colour": "#1f6f5c",
        },
        "status": [NetworkStatus.OPEN, NetworkStatus.RUNNING],
        "sessions": True,
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
            "location": "Telkens bij een van de deelnemende bedrijven",
            "scope": Scope.EXTERNAL,
            "organisations": "Metaalwerken Aerts\nAtlas Copco Antwerpen\nBekaert Zwevegem\n"
            "Van Hool Lier",
            "start_date": TODAY + datetime.timedelta(days=20),
            "end_date": TODAY + datetime.timedelta(days=320),
            "member_cap": 15,
            "colour": "#2b4c7e",
        },
        "status": [NetworkStatus.OPEN],
    },
]


def _email_for(full_name: str) -> str:
    local = full_name.lower().replace(" ", ".").replace("-", "")
    return f"{local}@leernet.demo"


def _user(email: str, full_name: str, organisation: str, job_function: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=DEMO_PASSWORD,
            full_name=full_name,
            organisation=organisation,
            job_function=job_function,
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


class Command(BaseCommand):
    help = "Create demo users and two learning networks (idempotent) and print the logins."

    def handle(self, *args, **options):
        # Demo data sends no email: nobody behind these addresses.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
            transaction.atomic(),
            translation.override("nl"),
        ):
            self._seed()
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        for email, name, organisation, _function in FACILITATORS:
            self.stdout.write(f"  facilitator  {email:<40} {name} ({organisation})")
        for name, organisation, _function in (MEMBERS[0], MEMBERS[12]):
            self.stdout.write(f"  member       {_email_for(name):<40} {name} ({organisation})")
        self.stdout.write("  ... and every other member as firstname.lastname@leernet.demo")

    def _seed(self):
        for spec in NETWORKS:
            facilitator = _user(*FACILITATORS[spec["facilitator"]])
            if Network.objects.filter(name=spec["fields"]["name"]).exists():
                continue
            network = services.network_create(
                acting_user=facilitator,
                ground_rules=services.default_ground_rules(),
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

    def _sessions(self, network, facilitator):
        """A held kickoff with attendance, two planned sessions and a practice question."""

        def at(days, hour, minutes=180):
            start = datetime.datetime.combine(
                TODAY + datetime.timedelta(days=days), datetime.time(hour), tzinfo=BRUSSELS
            )
            return {"starts_at": start, "ends_at": start + datetime.timedelta(minutes=minutes)}

        kickoff, _w = session_services.session_create(
            network=network,
            data={
                "title": "Kennismaking en leerdoelen",
                "kind": SessionKind.KICKOFF,
                "location": "Vergaderzaal De Brug, Brugge",
                "description": "We leren elkaar kennen en bepalen samen de leerdoelen.",
                **at(-21, 13),
            },
            acting_user=facilitator,
        )
        members = session_selectors.active_members(network=network)
        entries = {
            member.pk: {
                "status": AttendanceStatus.ABSENT if index == 0 else AttendanceStatus.PRESENT,
                "remark": "",
            }
            for index, member in enumerate(members)
        }
        entries[members[1].pk] = {"status": AttendanceStatus.EXCUSED, "remark": "Ziek"}
        session_services.attendance_register(
            session=kickoff, entries=entries, acting_user=facilitator
        )
        session_services.session_mark_held(session=kickoff, acting_user=facilitator)
        second, _w = session_services.session_create(
            network=network,
            data={
                "title": "Valrisico inschatten",
                "kind": SessionKind.REGULAR,
                "location": "WZC Ter Linde, Brugge",
                "description": "Met een gastspreker van het Expertisecentrum Val- en "
                "fractuurpreventie.",
                **at(10, 13),
            },
            acting_user=facilitator,
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
        session_services.session_create(
            network=network,
            data={
                "title": "Goede praktijken delen",
                "kind": SessionKind.REGULAR,
                "location": "AZ Sint-Jan, Brugge",
                **at(52, 13),
            },
            acting_user=facilitator,
        )
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
            question=question, session=second, acting_user=facilitator
        )
        self._learning(network, kickoff, members)

    def _learning(self, network, kickoff, members):
        """Intake answers, adopted learning goals and answers to the kickoff's evaluation."""
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
        for member, goals in zip(members[:3], personal, strict=True):
            evaluation_services.intake_submit(
                intake=intake,
                acting_user=member,
                data={
                    "expectations": "Concrete tips die ik meteen kan toepassen.",
                    "personal_goals": goals,
                    "brings": "Ervaring met valincidenten op de afdeling.",
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
        goals[0].sessions.set([kickoff])
        questionnaire = kickoff.evaluation
        present = evaluation_services.eligible_user_ids(questionnaire=questionnaire)
        ratings = [5, 4, 4, 3, 5, 4]
        for user_id, rating in zip(sorted(present), ratings, strict=False):
            answers = {
                q.pk: str(rating) if q.type == "scale" else ""
                for q in questionnaire.questions.all()
            }
            evaluation_services.response_submit(
                questionnaire=questionnaire,
                acting_user=User.objects.get(pk=user_id),
                answers=answers,
            )
