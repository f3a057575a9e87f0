"""Every URL of Leernet's own apps, tried as each kind of user.

The URL names are found by walking the URLconf: a new URL without an entry in EXPECTED fails
``test_every_url_has_an_expectation``, so no view can escape the matrix. allauth's and the admin's
URLs belong to those projects and are covered by tests/accounts.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from networks.enums import Role
from networks.services import invitation_token
from tests.factories import InvitationFactory, JoinRequestFactory, MembershipFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "member", "other_facilitator", "facilitator"]
OWN_NAMESPACES = {"networks", "accounts"}

LOGIN, OK, NOT_FOUND, DONE = "login", 200, 404, 302

# name: (method, {role: expected})
EXPECTED = {
    "home": ("get", {"anonymous": OK, "*": DONE}),
    "accounts:profile": ("get", {"anonymous": LOGIN, "*": OK}),
    "accounts:set_language": ("post", {"*": DONE}),
    "networks:dashboard": ("get", {"anonymous": LOGIN, "*": OK}),
    "networks:directory": ("get", {"anonymous": LOGIN, "*": OK}),
    "networks:create": ("get", {"anonymous": LOGIN, "*": OK}),
    "networks:detail": ("get", {"anonymous": LOGIN, "*": OK}),
    "networks:update": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NOT_FOUND}),
    "networks:manage_members": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NOT_FOUND}),
    "networks:set_status": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NOT_FOUND}),
    "networks:invite": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NOT_FOUND}),
    "networks:invitation_revoke": (
        "post",
        {"anonymous": LOGIN, "facilitator": DONE, "*": NOT_FOUND},
    ),
    "networks:invitation_resend": (
        "post",
        {"anonymous": LOGIN, "facilitator": DONE, "*": NOT_FOUND},
    ),
    "networks:request_approve": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NOT_FOUND}),
    "networks:request_decline": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NOT_FOUND}),
    "networks:member_remove": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NOT_FOUND}),
    "networks:join": (
        "get",
        {"anonymous": LOGIN, "outsider": OK, "other_facilitator": OK, "*": NOT_FOUND},
    ),
    "networks:leave": ("get", {"anonymous": LOGIN, "member": OK, "*": NOT_FOUND}),
    "networks:invitation_accept": ("get", {"*": OK}),
}


def _url_patterns(resolver=None, namespace=""):
    """Yield (qualified name, URL parameter names) for every named pattern of the URLconf."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", set(pattern.pattern.converters)


def _own(name: str) -> bool:
    return name == "home" or name.split(":")[0] in OWN_NAMESPACES


def test_every_url_has_an_expectation():
    own = {name for name, _params in _url_patterns() if _own(name)}
    assert own == set(EXPECTED)


@pytest.fixture
def world(network, facilitator, member, outsider, other_facilitator):
    invitation = InvitationFactory(network=network)
    join_request = JoinRequestFactory(network=network)
    victim = MembershipFactory(network=network)
    kwargs = {
        "pk": network.pk,
        "invitation_id": invitation.pk,
        "request_id": join_request.pk,
        "membership_id": victim.pk,
        "token": invitation_token(invitation),
    }
    users = {
        "anonymous": None,
        "outsider": outsider,
        "member": member,
        "other_facilitator": other_facilitator,
        "facilitator": facilitator,
    }
    return kwargs, users


def _reverse(name, all_kwargs):
    params = dict(_url_patterns())[name]
    return reverse(name, kwargs={key: all_kwargs[key] for key in params})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_url_answers_each_role_as_expected(client, world, name, role):
    all_kwargs, users = world
    method, expectations = EXPECTED[name]
    expected = expectations.get(role, expectations.get("*"))
    url = _reverse(name, all_kwargs)
    if users[role] is not None:
        client.force_login(users[role])

    data = {"status": "running", "emails": "new@example.org", "role": Role.MEMBER}
    response = client.post(url, data) if method == "post" else client.get(url)

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected, f"{name} as {role}"
