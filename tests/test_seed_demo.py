import pytest
from django.core.management import call_command

from accounts.models import User
from networks.enums import MembershipStatus, NetworkStatus, Role
from networks.models import Membership, Network

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_two_networks_and_is_idempotent(capsys):
    call_command("seed_demo")
    first = capsys.readouterr().out
    counts = (User.objects.count(), Network.objects.count(), Membership.objects.count())

    call_command("seed_demo")

    assert (User.objects.count(), Network.objects.count(), Membership.objects.count()) == counts
    assert counts[1] == 2
    assert "an.peeters@leernet.demo" in first
    assert "leernet-demo" in first
    care = Network.objects.get(name="Valpreventie in de ouderenzorg")
    assert care.status == NetworkStatus.RUNNING
    assert care.member_count == 12
    assert (
        Membership.objects.filter(
            network=care, role=Role.MEMBER, status=MembershipStatus.ACTIVE
        ).count()
        == 12
    )
    assert User.objects.get(email="an.peeters@leernet.demo").check_password("leernet-demo")
    assert list(care.sessions.values_list("status", flat=True)) == ["held", "planned", "planned"]
    assert care.sessions.get(number=1).attendance.count() == 12
