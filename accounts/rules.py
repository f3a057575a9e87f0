"""Who may do what with organisations (issue 13), and what a signed-in session (or an API token
granted in one) has proved."""

from collections.abc import Callable

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.http import HttpRequest

from accounts.models import (
    OAuthGrant,
    Organisation,
    OrganisationCoordinator,
    OrganisationProposal,
)


def is_coordinator(user, organisation: Organisation | int | None) -> bool:
    """``user`` is one of the coordinators of ``organisation``."""
    if organisation is None or not user.is_authenticated:
        return False
    organisation_id = organisation if isinstance(organisation, int) else organisation.pk
    return OrganisationCoordinator.objects.filter(
        organisation_id=organisation_id, user=user
    ).exists()


def may_run_networks_under(user, organisation: Organisation | None) -> bool:
    """A network may name ``organisation`` as the one it runs under when its facilitator works
    there or coordinates it (or is staff). No organisation is always allowed."""
    if organisation is None:
        return True
    if not user.is_authenticated:
        return False
    return (
        user.is_staff
        or user.organisation_id == organisation.pk
        or is_coordinator(user, organisation)
    )


def may_decide_proposals(user) -> bool:
    """Coordinators (of any organisation) and staff resolve organisation proposals."""
    if not user.is_authenticated:
        return False
    return user.is_staff or OrganisationCoordinator.objects.filter(user=user).exists()


def may_decide_proposal(user, proposal: OrganisationProposal) -> bool:
    """Any coordinator may decide any proposal (docs/architecture.md, "Seats per organisation"):
    a proposed name belongs to no listed organisation yet, and a merge links its people to an
    organisation they could have chosen from the list themselves."""
    return may_decide_proposals(user)


def belongs_to(user, organisation: Organisation) -> bool:
    """``user`` works for ``organisation`` (their profile says so) or coordinates it."""
    if not user.is_authenticated or organisation is None:
        return False
    return user.organisation_id == organisation.pk or is_coordinator(user, organisation)


def has_second_factor(user) -> bool:
    """The account has an authenticator app or a passkey (recovery codes alone are none)."""
    return is_mfa_enabled(user, types=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN])


def session_passed_second_factor(session, user) -> bool:
    """``session`` (a request's, or one loaded from the session store) gave a second factor for
    ``user``: an authenticator or recovery code, or a passkey, at sign-in, when asked again, or
    while adding that authenticator. Read from allauth's authentication records of the session
    (method "mfa"), which belong to the user they were recorded for; a password alone, or a
    session from before the account had an authenticator, has none. No query."""
    if not user.is_authenticated:
        return False
    request = HttpRequest()
    request.session = session
    records = get_authentication_records(request, user)
    return any(record.get("method") == "mfa" for record in records)


def token_passed_second_factor(token, user) -> bool:
    """The API token ``token`` (allauth's ``Token``) of ``user`` was granted in a browser session
    of ``user`` that had passed the second factor (``session_passed_second_factor``), as recorded
    when the person allowed the app (consent page, device confirmation; ``OAuthGrant``) and kept
    through refresh-token rotation by the grant id. A token with no such record (an
    integration's, or one granted in a password-only session) has not. One query."""
    if token is None or not user.is_authenticated:
        return False
    grant_id = token.get_grant_id()
    if not grant_id:
        return False
    return OAuthGrant.objects.filter(grant_id=grant_id, user=user, second_factor=True).exists()


def may_connect_sign_in(user, organisation: Organisation) -> bool:
    """A coordinator of the organisation, or staff, connects it to its identity provider."""
    return user.is_authenticated and (user.is_staff or is_coordinator(user, organisation))


PERMISSIONS: dict[str, Callable[[object, Organisation | OrganisationProposal], bool]] = {
    "accounts.coordinate": is_coordinator,
    "accounts.see_inventory": belongs_to,
    "accounts.decide_proposal": may_decide_proposal,
    "accounts.connect_sign_in": may_connect_sign_in,
}


def has_perm(user, permission: str, obj: Organisation | OrganisationProposal) -> bool:
    return PERMISSIONS[permission](user, obj)
