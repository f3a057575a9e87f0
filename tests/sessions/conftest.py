import pytest

from tests.factories import MembershipFactory, SessionFactory, UserFactory


@pytest.fixture
def members(network, member):
    """The fixture member plus two more (three members in all)."""
    extra = [MembershipFactory(network=network, user=UserFactory()).user for _ in range(2)]
    return [member, *extra]


@pytest.fixture
def session(network):
    return SessionFactory(network=network, number=1, title="Valrisico inschatten")
