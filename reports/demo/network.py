"""One demo network: made by its facilitator under an organisation, opened, its members
invited and joined (one waiting beyond the maximum per organisation, one asking to join), and,
for the care network, its trajectory so far and its blueprint."""

import datetime

from accounts import services as account_services
from evaluations import blueprints
from evaluations.enums import BlueprintVisibility
from networks import services
from networks.enums import MeetingFormat, NetworkStatus, Province, Role, Scope
from networks.models import Membership, Network
from reports.demo import people
from reports.demo.data import BRUSSELS, day, demo
from reports.demo.trajectory import trajectory_play

CHOICES = {"meeting_format": MeetingFormat, "province": Province, "scope": Scope}
DATES = ("start_date", "end_date")


def network_fields(fields: dict) -> dict:
    """demo.toml's fields of a network as ``network_create`` takes them."""
    made = dict(fields)
    for name, choices in CHOICES.items():
        made[name] = choices(made[name])
    for name in DATES:
        made[name] = day(made[name])
    return made


def network_build(spec: dict) -> None:
    """The network of ``spec`` (demo.toml's ``[[networks]]``), unless it exists."""
    facilitator = people.facilitator(spec["facilitator"])
    if Network.objects.filter(name=spec["fields"]["name"]).exists():
        return
    organisation = people.organisation(spec["organisation"])
    # Each facilitator coordinates the organisation their network runs under.
    account_services.organisation_coordinator_add(
        organisation=organisation, user=facilitator, acting_user=None
    )
    network = services.network_create(
        acting_user=facilitator,
        ground_rules=services.default_ground_rules(),
        organisation=organisation,
        **network_fields(spec["fields"]),
    )
    statuses = [NetworkStatus(status) for status in spec["status"]]
    for status in statuses[:1]:
        network = services.network_set_status(
            network=network, status=status, acting_user=facilitator
        )
    first, last = spec["members"]
    for member in demo()["members"][first:last]:
        _join(network, people.person(*member), facilitator)
    if spec.get("over_the_maximum"):  # waits: their company has its 3 seats
        _join(network, people.person(*spec["over_the_maximum"]), facilitator)
    if spec.get("join_request"):  # asked while the network was open
        services.join_request_create(
            network=network,
            acting_user=people.person(*spec["join_request"]["person"]),
            motivation=spec["join_request"]["motivation"],
            accept_ground_rules=True,
        )
    for status in statuses[1:]:
        network = services.network_set_status(
            network=network, status=status, acting_user=facilitator
        )
    # The demo's members joined before the trajectory started (seeding happens today).
    Membership.objects.filter(network=network, joined_at__isnull=False).update(
        joined_at=datetime.datetime.combine(
            network.start_date - datetime.timedelta(days=14), datetime.time(10), tzinfo=BRUSSELS
        )
    )
    if spec["sessions"]:
        trajectory_play(network, facilitator)
        _blueprint(network, facilitator)


def _join(network, member, facilitator) -> None:
    """``member`` invited by the facilitator, and accepting (ground rules included)."""
    invitation = services.invitation_create(
        network=network, email=member.email, role=Role.MEMBER, acting_user=facilitator
    )
    services.invitation_accept(invitation=invitation, acting_user=member, accept_ground_rules=True)


def _blueprint(network, facilitator) -> None:
    """The care network saved as its facilitator's own blueprint (issue 14.4)."""
    blueprint = demo()["blueprint"]
    blueprints.blueprint_save(
        network=network,
        name=blueprint["name"],
        description=blueprint["description"],
        visibility=BlueprintVisibility(blueprint["visibility"]),
        acting_user=facilitator,
    )
