import datetime

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.enums import OrganisationKind
from accounts.models import Organisation, User
from core.idempotency import new_token
from networks.enums import MembershipStatus, NetworkStatus, Role, Scope
from networks.models import Invitation, JoinRequest, Membership, Network, OrganisationSeats
from sessions.models import LearningSession

PASSWORD = "a-Strong-test-passw0rd"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = OrganisationKind.COMPANY
    sector = "Zorg"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="nl_BE")
    organisation = None
    job_function = "Verpleegkundige"
    language = "nl"

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class NetworkFactory(factory.django.DjangoModelFactory):
    """A network with its creator as facilitator (as networks.services.network_create makes it)."""

    class Meta:
        model = Network
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Lerend netwerk {n}")
    theme = "Zorg"
    description = "Een netwerk om van elkaar te leren."
    goal = "Samen goede praktijken verzamelen."
    participant_role = "Je brengt casussen mee."
    rhythm = "Om de zes weken"
    duration = "Zes bijeenkomsten"
    scope = Scope.EXTERNAL
    organisations = "WZC Ter Linde\nAZ Sint-Jan"
    start_date = datetime.date(2027, 1, 1)
    end_date = datetime.date(2027, 12, 31)
    member_cap = 15
    ground_rules = "Wat hier gezegd wordt, blijft hier."
    status = NetworkStatus.OPEN
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def facilitator(self, create, extracted, **kwargs):
        if create:
            Membership.objects.create(
                network=self,
                user=self.created_by,
                role=Role.FACILITATOR,
                status=MembershipStatus.ACTIVE,
                joined_at=timezone.now(),
            )


class MembershipFactory(factory.django.DjangoModelFactory):
    """An active member. Keeps ``Network.member_count`` and the seats of the member's
    organisation in step, as the services do."""

    class Meta:
        model = Membership

    network = factory.SubFactory(NetworkFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.MEMBER
    status = MembershipStatus.ACTIVE
    joined_at = factory.LazyFunction(timezone.now)
    ground_rules_accepted_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        kwargs.setdefault("organisation", kwargs["user"].organisation)
        membership = super()._create(model_class, *args, **kwargs)
        if membership.role == Role.MEMBER and membership.status == MembershipStatus.ACTIVE:
            network = membership.network
            network.member_count += 1
            network.save(update_fields=["member_count"])
            if membership.organisation_id:
                seats, _created = OrganisationSeats.objects.get_or_create(
                    network=network,
                    organisation_id=membership.organisation_id,
                    defaults={"seat_limit": network.max_per_organisation},
                )
                seats.taken += 1
                seats.save(update_fields=["taken"])
        return membership


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    network = factory.SubFactory(NetworkFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    invited_by = factory.LazyAttribute(lambda o: o.network.created_by)
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))


class JoinRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JoinRequest

    network = factory.SubFactory(NetworkFactory)
    user = factory.SubFactory(UserFactory)
    ground_rules_accepted_at = factory.LazyFunction(timezone.now)


class SessionFactory(factory.django.DjangoModelFactory):
    """A planned session a week from now, 13:00–16:00 Brussels time."""

    class Meta:
        model = LearningSession

    network = factory.SubFactory(NetworkFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Bijeenkomst {n}")
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + datetime.timedelta(days=7)).replace(
            hour=12, minute=0, second=0, microsecond=0
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    location = "WZC Ter Linde, Brugge"


def network_form_data(**overrides) -> dict:
    """What a browser posts for a valid network form (a fresh idempotency token each time)."""
    data = {
        "name": "Valpreventie",
        "theme": "Zorg",
        "description": "",
        "goal": "Vallen voorkomen",
        "participant_role": "Casussen meebrengen",
        "rhythm": "Maandelijks",
        "duration": "Zes sessies",
        "meeting_format": "online",
        "location": "",
        "scope": "internal",
        "listed": "on",
        "organisations": "",
        "start_date": "2027-01-01",
        "end_date": "2027-06-30",
        "member_cap": "15",
        "reminder_days": "2",
        "minutes_review_days": "0",
        "anonymous_evaluations": "on",
        "anonymity_threshold": "3",
        "evaluation_days": "7",
        "ground_rules": "Vertrouwelijk",
        "language": "nl",
        "colour": "#1f6f5c",
        "idempotency_token": new_token(),
    }
    data.update(overrides)
    return data
