"""Build a realistic Flemish demo through the services. Running it again changes nothing."""

import datetime

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation

from accounts.models import User
from networks import services
from networks.enums import MeetingFormat, NetworkStatus, Role, Scope
from networks.models import Network

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
            "start_date": datetime.date(2027, 1, 12),
            "end_date": datetime.date(2027, 9, 28),
            "member_cap": 12,
            "colour": "#1f6f5c",
        },
        "status": [NetworkStatus.OPEN, NetworkStatus.RUNNING],
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
            "start_date": datetime.date(2027, 2, 4),
            "end_date": datetime.date(2027, 11, 25),
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

    @transaction.atomic
    def handle(self, *args, **options):
        with translation.override("nl"):
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
                creator=facilitator,
                ground_rules=services.default_ground_rules(),
                **spec["fields"],
            )
            for status in spec["status"][:1]:
                network = services.network_set_status(network=network, status=status)
            for full_name, organisation, job_function in spec["members"]:
                member = _user(_email_for(full_name), full_name, organisation, job_function)
                invitation = services.invitation_create(
                    network=network, email=member.email, role=Role.MEMBER, invited_by=facilitator
                )
                services.invitation_accept(
                    invitation=invitation, user=member, accept_ground_rules=True
                )
            for status in spec["status"][1:]:
                network = services.network_set_status(network=network, status=status)
