"""The pages of issue 27: a coordinator's integrations (the secret shown once, a new secret
stops the old one, revoking), a person's connected apps (listed, removed), and "Download my
data" and deleting an account covering tokens and consents."""

import base64

import pytest
from allauth.idp.oidc.models import Client, Token
from django.urls import reverse

from accounts.audit import AuditAction
from accounts.models import ApiClient
from accounts.services import user_delete_account
from core.idempotency import new_token
from core.models import AuditEvent
from reports.export import personal_data
from tests.api.conftest import make_token
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
TOKEN_URL = "/identity/o/api/token"


def _token_status(client, client_id, secret):
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return client.post(
        TOKEN_URL,
        {"grant_type": "client_credentials", "scope": "participation:read"},
        HTTP_AUTHORIZATION=f"Basic {basic}",
    ).status_code


def test_a_coordinator_adds_an_integration_and_sees_its_secret_once(client, api_world):
    organisation = api_world["organisation"]
    client.force_login(api_world["users"]["coordinator"])
    url = reverse("reports:organisation_integrations", kwargs={"pk": organisation.pk})
    token = new_token()
    data = {"name": "  Intranet  ", "scopes": ["participation:read"], "idempotency_token": token}
    response = client.post(url, data)
    assert response.status_code == 302
    assert client.post(url, data).status_code == 302  # a double click
    integrations = ApiClient.objects.filter(organisation=organisation, client__name="Intranet")
    assert integrations.count() == 1
    page = client.get(url)
    secret = page.context["new_secret"]
    assert page["Cache-Control"] == "no-store"
    assert secret in page.content.decode()
    assert "new_secret" not in client.get(url).context  # shown once
    client_id = integrations.get().client_id
    assert _token_status(client, client_id, secret) == 200
    # A new secret: the old one stops working.
    rotate = reverse(
        "reports:organisation_integration_rotate",
        kwargs={"pk": organisation.pk, "integration_pk": integrations.get().pk},
    )
    assert client.get(rotate).status_code == 200  # the confirmation page asks first
    client.post(rotate)
    new_secret = client.get(url).context["new_secret"]
    assert _token_status(client, client_id, secret) == 401
    assert _token_status(client, client_id, new_secret) == 200
    revoke = reverse(
        "reports:organisation_integration_revoke",
        kwargs={"pk": organisation.pk, "integration_pk": integrations.get().pk},
    )
    client.post(revoke)
    assert not Client.objects.filter(pk=client_id).exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        AuditAction.API_CLIENT_CREATED,
        AuditAction.API_CLIENT_ROTATED,
        AuditAction.API_CLIENT_REVOKED,
    } <= actions


def test_an_integration_cannot_be_given_a_persons_scope(client, api_world):
    organisation = api_world["organisation"]
    client.force_login(api_world["users"]["coordinator"])
    url = reverse("reports:organisation_integrations", kwargs={"pk": organisation.pk})
    before = ApiClient.objects.count()
    response = client.post(
        url, {"name": "X", "scopes": ["members:contact"], "idempotency_token": new_token()}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["scopes"]
    assert ApiClient.objects.count() == before


def test_another_organisations_coordinator_cannot_touch_an_integration(client, api_world):
    integration = ApiClient.objects.get(client__name="HR-systeem")
    client.force_login(api_world["users"]["other_coordinator"])
    revoke = reverse(
        "reports:organisation_integration_revoke",
        kwargs={"pk": integration.organisation_id, "integration_pk": integration.pk},
    )
    assert client.post(revoke).status_code == 404
    assert Client.objects.filter(pk=integration.client_id).exists()


def test_a_member_sees_and_removes_a_connected_app(client, api_world, person_app):
    member = api_world["users"]["member"]
    client.force_login(member)
    page = client.get(reverse("accounts:connected_apps"))
    assert [app["name"] for app in page.context["apps"]] == ["Mijn agenda-app"]
    assert "Mijn agenda-app" in page.content.decode()
    remove = reverse("accounts:connected_app_revoke") + f"?app={person_app.id}"
    assert client.get(remove).status_code == 200
    response = client.post(remove)
    assert response.status_code == 302
    assert not Token.objects.filter(user=member, client=person_app).exists()
    # Other people's tokens for the same app stay.
    assert Token.objects.filter(user=api_world["users"]["facilitator"], client=person_app).exists()
    access = api_world["tokens"]["member"]
    assert client.get(reverse("api:me"), HTTP_AUTHORIZATION=f"Bearer {access}").status_code == 401


def test_my_data_lists_connected_apps_without_token_values(api_world, person_app):
    member = api_world["users"]["member"]
    data, _files = personal_data(user=member)
    assert [app["app"] for app in data["connected_apps"]] == ["Mijn agenda-app"]
    assert api_world["tokens"]["member"] not in str(data)


def test_deleting_an_account_deletes_its_tokens_and_consents(api_world, person_app):
    member = api_world["users"]["member"]
    make_token(client=person_app, user=member)
    owned = Client.objects.create(name="Eigen app", owner=member)
    user_delete_account(acting_user=member, password=PASSWORD)
    assert not Token.objects.filter(user=member).exists()
    assert not Client.objects.filter(pk=owned.pk).exists()
