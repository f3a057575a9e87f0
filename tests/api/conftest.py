"""The API's tests: real tokens of Leernet's own OAuth provider (allauth.idp.oidc), stored as
the provider stores them (hashed), for each kind of caller."""

import datetime
import secrets

import pytest
from allauth.idp.oidc.adapter import get_adapter
from allauth.idp.oidc.models import Client, Token
from django.utils import timezone

from accounts.models import OrganisationCoordinator
from accounts.oauth import SCOPES, api_client_create
from core.stored_pdf import PdfState
from evaluations.models import Questionnaire
from minutes.models import Minutes, MinutesVersion
from networks.enums import MembershipStatus, Role
from networks.models import Membership
from sessions.models import AgendaItem
from tests.factories import OrganisationFactory, SessionFactory, UserFactory

PERSON_SCOPES = [s for s in SCOPES if s not in ("webhooks:manage",)]


@pytest.fixture
def person_app(db):
    client = Client(name="Mijn agenda-app", type=Client.Type.PUBLIC)
    client.set_scopes(list(SCOPES))
    client.set_grant_types([Client.GrantType.AUTHORIZATION_CODE, Client.GrantType.REFRESH_TOKEN])
    client.set_redirect_uris(["http://127.0.0.1:9/callback"])
    client.save()
    return client


def make_token(*, client, user=None, scopes=PERSON_SCOPES, expires_in=3600) -> str:
    """An access token as the provider issues it; returns its value."""
    value = secrets.token_urlsafe(32)
    token = Token(
        type=Token.Type.ACCESS_TOKEN,
        client=client,
        user=user,
        expires_at=timezone.now() + datetime.timedelta(seconds=expires_in),
    )
    token.hash = get_adapter().hash_token(value)
    token.set_scopes(list(scopes))
    token.save()
    return value


def bearer(value: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {value}"}


@pytest.fixture
def api_world(network, facilitator, member, outsider, other_facilitator, person_app):
    """A network under an organisation, with a coordinator, a coordinator of another
    organisation and that organisation's integration; a session with agenda, RSVP window,
    published minutes and a shared evaluation."""
    organisation = OrganisationFactory(name="WZC Ter Linde")
    other = OrganisationFactory(name="AZ Elders")
    network.organisation = organisation
    network.save(update_fields=["organisation"])
    Membership.objects.filter(network=network, user=member).update(organisation=organisation)
    member.organisation = organisation
    member.participation_visible_to_organisation = True
    member.save(update_fields=["organisation", "participation_visible_to_organisation"])
    coordinator = UserFactory(full_name="Cato Coordinator")
    OrganisationCoordinator.objects.create(organisation=organisation, user=coordinator)
    other_coordinator = UserFactory(full_name="Olga Elders")
    OrganisationCoordinator.objects.create(organisation=other, user=other_coordinator)
    session = SessionFactory(network=network, starts_at=timezone.now() + datetime.timedelta(days=7))
    session.ends_at = session.starts_at + datetime.timedelta(hours=2)
    session.save(update_fields=["ends_at"])
    AgendaItem.objects.create(session=session, title="Welkom", duration_minutes=15)
    minutes = Minutes.objects.create(session=session, summary="Verslag")
    MinutesVersion.objects.create(
        minutes=minutes, number=1, content={}, pdf=b"%PDF-1.7 test", pdf_state=PdfState.READY
    )
    questionnaire = Questionnaire.objects.create(
        network=network,
        session=session,
        kind="session",
        title="Evaluatie",
        closes_at=timezone.now() + datetime.timedelta(days=3),
        results_shared=True,
    )
    integration, _secret = api_client_create(
        organisation=organisation,
        name="HR-systeem",
        scopes=["participation:read"],
        acting_user=coordinator,
    )
    other_integration, _ = api_client_create(
        organisation=other, name="Elders HR", scopes=["participation:read"], acting_user=None
    )
    users = {
        "facilitator": facilitator,
        "member": member,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "outsider": outsider,
        "other_facilitator": other_facilitator,
    }
    tokens = {role: make_token(client=person_app, user=user) for role, user in users.items()}
    tokens["integration"] = make_token(client=integration.client, scopes=["participation:read"])
    tokens["other_integration"] = make_token(
        client=other_integration.client, scopes=["participation:read"]
    )
    tokens["wrong_scope"] = make_token(client=person_app, user=facilitator, scopes=["openid"])
    ids = {
        "network": network.pk,
        "session": session.pk,
        "questionnaire": questionnaire.pk,
        "organisation": organisation.pk,
    }
    assert Membership.objects.filter(
        network=network, user=facilitator, role=Role.FACILITATOR, status=MembershipStatus.ACTIVE
    ).exists()
    return {"ids": ids, "tokens": tokens, "users": users, "organisation": organisation}
