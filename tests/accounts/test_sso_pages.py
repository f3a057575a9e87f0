"""Connecting an organisation's own sign-in (issue 26): the coordinators' page, the management
command, the sealed secret, the audit log, and the linked sign-ins in "Download my data" and in
erasure. No provider is contacted here (tests/accounts/test_sso.py signs in through one)."""

import io
import json
import zipfile

import pytest
from allauth.socialaccount.models import SocialAccount
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from accounts import sso
from accounts.models import IdentityProvider, Organisation, OrganisationCoordinator, SignInDomain
from core.models import AuditEvent
from reports.export import personal_data_zip
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SECRET = "very-secret-client-value-42"  # noqa: S105 (a test value)


@pytest.fixture
def zorg():
    return Organisation.objects.create(name="Zorg Noord")


@pytest.fixture
def coordinator(zorg):
    user = UserFactory(full_name="Cora Coordinator")
    OrganisationCoordinator.objects.create(organisation=zorg, user=user)
    return user


def _form(**changes):
    data = {
        "protocol": "oidc",
        "issuer_url": "https://login.microsoftonline.com/tenant/v2.0",
        "client_id": "leernet-app",
        "client_secret": SECRET,
        "scopes": "openid profile email",
        "domains": "zorg.be, zorgnoord.be",
        "trusted": "on",
        "mfa_acr_values": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_coordinator_connects_the_organisation(
    zorg, coordinator, django_capture_on_commit_callbacks
):
    client = Client()
    client.force_login(coordinator)
    page = client.get(f"/organisations/{zorg.pk}/sign-in/")
    assert page.status_code == 200
    assert f"/accounts/oidc/org-{zorg.pk}/login/callback/" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/organisations/{zorg.pk}/sign-in/", _form())

    assert response.status_code == 302
    provider = IdentityProvider.objects.get(organisation=zorg)
    assert sso.provider_domains(provider) == ["zorg.be", "zorgnoord.be"]
    assert provider.trusted is True
    assert sso.unseal_secret(provider) == SECRET
    assert SECRET.encode() not in bytes(provider.client_secret_sealed)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM accounts_identityprovider WHERE client_id = %s", [SECRET]
        )
        assert cursor.fetchone()[0] == 0
    # the secret is never shown again; empty keeps it
    assert SECRET not in client.get(f"/organisations/{zorg.pk}/sign-in/").content.decode()
    UserFactory(email="an@zorg.be")
    UserFactory(email="bo@zorgnoord.be")
    UserFactory(email="cas@example.org")
    asked = client.post(
        f"/organisations/{zorg.pk}/sign-in/", _form(client_secret="", sso_required="on")
    )
    assert asked.status_code == 200
    assert "2 mensen van deze domeinen worden nu afgemeld" in asked.content.decode()
    provider.refresh_from_db()
    assert provider.sso_required is False  # nothing until confirmed
    client.post(
        f"/organisations/{zorg.pk}/sign-in/",
        _form(client_secret="", sso_required="on", confirm_required="yes"),
    )
    provider.refresh_from_db()
    assert sso.unseal_secret(provider) == SECRET
    assert provider.sso_required is True
    client.post(
        f"/organisations/{zorg.pk}/sign-in/",
        _form(
            client_secret="",
            sso_required="on",
            client_id="new-app",
            domains="zorg.be",
            confirm_required="yes",
        ),
    )
    events = list(AuditEvent.objects.order_by("pk").values_list("action", "actor", "detail"))
    assert events == [
        ("sso_connected", coordinator.pk, f"organisation {zorg.pk} (Zorg Noord)"),
        ("sso_required_on", coordinator.pk, f"organisation {zorg.pk} (Zorg Noord)"),
        ("sso_changed", coordinator.pk, f"organisation {zorg.pk} (Zorg Noord): client_id, domains"),
    ]


def test_a_domain_of_another_organisation_is_refused_and_nothing_changes(zorg, coordinator):
    stad = Organisation.objects.create(name="Stad Gent")
    sso.identity_provider_save(
        organisation=stad,
        issuer_url="https://idp.stad.be",
        client_id="x",
        client_secret="y",
        scopes="openid",
        domains=["stad.be"],
        trusted=False,
        sso_required=False,
        acting_user=None,
    )
    client = Client()
    client.force_login(coordinator)

    response = client.post(f"/organisations/{zorg.pk}/sign-in/", _form(domains="zorg.be stad.be"))

    assert response.status_code == 200
    assert "Het domein stad.be meldt zich al aan via Stad Gent." in response.content.decode()
    assert not IdentityProvider.objects.filter(organisation=zorg).exists()
    assert list(SignInDomain.objects.values_list("domain", flat=True)) == ["stad.be"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"domains": "not a domain"}, "is geen e-maildomein"),
        ({"issuer_url": "not a url"}, "Voer een geldige URL in."),
        ({"client_secret": ""}, "Geef het client secret"),
    ],
)
def test_bad_input_on_the_page_says_what_is_wrong(zorg, coordinator, changes, message):
    client = Client()
    client.force_login(coordinator)
    response = client.post(f"/organisations/{zorg.pk}/sign-in/", _form(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not IdentityProvider.objects.exists()


def test_a_coordinator_of_another_organisation_gets_a_404_and_staff_gets_the_page(zorg):
    other = UserFactory()
    OrganisationCoordinator.objects.create(
        organisation=Organisation.objects.create(name="Elders"), user=other
    )
    client = Client()
    client.force_login(other)
    assert client.get(f"/organisations/{zorg.pk}/sign-in/").status_code == 404
    assert client.post(f"/organisations/{zorg.pk}/sign-in/", _form()).status_code == 404
    assert not IdentityProvider.objects.exists()
    client.force_login(UserFactory(is_staff=True))
    assert client.get(f"/organisations/{zorg.pk}/sign-in/").status_code == 200


def test_the_management_command_connects_and_prints_no_secret(zorg, monkeypatch):
    monkeypatch.setenv("ZORG_SSO_SECRET", SECRET)
    out = io.StringIO()
    call_command(
        "organisation_sign_in",
        "zorg noord",
        "--issuer",
        "https://login.example/t/v2.0",
        "--client-id",
        "leernet-app",
        "--client-secret-env",
        "ZORG_SSO_SECRET",
        "--domain",
        "zorg.be",
        "--trusted",
        "--required",
        stdout=out,
    )
    provider = IdentityProvider.objects.get(organisation=zorg)
    assert (provider.trusted, provider.sso_required) == (True, True)
    assert sso.unseal_secret(provider) == SECRET
    assert SECRET not in out.getvalue()
    assert f"/accounts/oidc/org-{zorg.pk}/login/callback/" in out.getvalue()
    assert AuditEvent.objects.filter(action="sso_connected", actor=None).count() == 1
    call_command("organisation_sign_in", "Zorg Noord", "--disconnect", stdout=out)
    assert not IdentityProvider.objects.exists()
    assert not SignInDomain.objects.exists()
    assert AuditEvent.objects.filter(action="sso_disconnected").count() == 1
    with pytest.raises(CommandError, match="No organisation"):
        call_command(
            "organisation_sign_in",
            "Nobody",
            "--issuer",
            "https://x",
            "--client-id",
            "a",
            "--client-secret-env",
            "ZORG_SSO_SECRET",
            "--domain",
            "x.be",
        )


def test_linked_sign_ins_are_in_the_export_and_gone_after_erasure(zorg):
    user = UserFactory(email="jan@zorg.be")
    user.set_unusable_password()
    user.save(update_fields=["password"])
    SocialAccount.objects.create(
        user=user,
        provider=f"org-{zorg.pk}",
        uid="sub-123",
        extra_data={"userinfo": {"email": user.email}},
    )

    content, _name = personal_data_zip(user=user)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        data = json.loads(archive.read(next(n for n in names if n.endswith(".json"))))
        summary = archive.read(next(n for n in names if n.endswith(".html"))).decode()
    assert data["linked_sign_ins"][0]["uid"] == "sub-123"
    assert data["linked_sign_ins"][0]["provider"] == f"org-{zorg.pk}"
    assert "sub-123" in summary

    # someone who signs in through their organisation confirms with their address, not a password
    client = Client()
    client.force_login(user)
    page = client.get("/me/delete/")
    assert "Je e-mailadres" in page.content.decode()
    wrong = client.post("/me/delete/", {"password": "nope@zorg.be"})
    assert "Dat is niet je e-mailadres" in wrong.content.decode()
    assert SocialAccount.objects.count() == 1
    client.post("/me/delete/", {"password": "JAN@zorg.be"})
    assert SocialAccount.objects.count() == 0
    user.refresh_from_db()
    assert user.is_active is False


def test_a_coordinator_connects_a_saml_provider_by_metadata(zorg, coordinator):
    client = Client()
    client.force_login(coordinator)
    page = client.get(f"/organisations/{zorg.pk}/sign-in/").content.decode()
    assert f"http://127.0.0.1:8000/accounts/saml/org-{zorg.pk}/metadata/" in page
    assert f"http://127.0.0.1:8000/accounts/saml/org-{zorg.pk}/acs/" in page

    missing = client.post(
        f"/organisations/{zorg.pk}/sign-in/",
        {"protocol": "saml", "domains": "zorg.be", "trusted": "on"},
    )
    assert missing.status_code == 200
    assert "Geef de SAML-metadata-URL" in missing.content.decode()
    assert not IdentityProvider.objects.exists()

    response = client.post(
        f"/organisations/{zorg.pk}/sign-in/",
        {
            "protocol": "saml",
            "saml_metadata_url": "https://idp.zorg.be/metadata.xml",
            "domains": "zorg.be",
            "trusted": "on",
            "mfa_acr_values": "urn:zorg:mfa",
        },
    )
    assert response.status_code == 302
    provider = IdentityProvider.objects.get(organisation=zorg)
    assert (provider.protocol, provider.saml_metadata_url, provider.client_id) == (
        "saml",
        "https://idp.zorg.be/metadata.xml",
        "",
    )
    assert sso.social_app(provider).provider == "saml"
    assert AuditEvent.objects.get().action == "sso_connected"


def _english_client(user):
    user.language = "en"
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


def _connect(zorg, **changes):
    fields = {
        "issuer_url": "https://login.example/v2.0",
        "client_id": "leernet-app",
        "client_secret": SECRET,
        "domains": ["zorg.be"],
        "trusted": True,
        "sso_required": False,
        "acting_user": None,
    }
    return sso.identity_provider_save(organisation=zorg, **{**fields, **changes})


def test_a_coordinator_disconnects_after_a_page_that_says_what_follows(zorg, coordinator):
    _connect(zorg)
    UserFactory(email="jan@zorg.be")
    UserFactory(email="els@elders.be")
    client = _english_client(coordinator)
    url = f"/organisations/{zorg.pk}/sign-in/disconnect/"
    assert url in client.get(f"/organisations/{zorg.pk}/sign-in/").content.decode()

    page = client.get(url).content.decode()
    assert "1 person of zorg.be then signs in with a Leernet password again." in page
    assert "Forgot your password?" in page
    assert IdentityProvider.objects.filter(organisation=zorg).exists()  # asking changed nothing

    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == f"/organisations/{zorg.pk}/sign-in/"
    assert "Zorg Noord&#x27;s sign-in is disconnected." in response.content.decode()
    assert not IdentityProvider.objects.filter(organisation=zorg).exists()
    assert not SignInDomain.objects.filter(domain="zorg.be").exists()
    event = AuditEvent.objects.get(action="sso_disconnected")
    assert event.actor == coordinator
    # confirming twice changes nothing and says so
    again = client.post(url, follow=True).content.decode()
    assert "This organisation has no sign-in connected." in again
    assert AuditEvent.objects.filter(action="sso_disconnected").count() == 1


def test_a_coordinator_of_another_organisation_cannot_disconnect(zorg):
    _connect(zorg)
    other = UserFactory()
    OrganisationCoordinator.objects.create(
        organisation=Organisation.objects.create(name="Elders"), user=other
    )
    client = _english_client(other)
    url = f"/organisations/{zorg.pk}/sign-in/disconnect/"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert IdentityProvider.objects.filter(organisation=zorg).exists()


def test_the_sign_in_page_shows_the_organisation_s_history_in_one_query(
    zorg, coordinator, django_assert_num_queries
):
    _connect(zorg)
    _connect(
        zorg, client_id="another-app", client_secret="", sso_required=True, acting_user=coordinator
    )
    # another organisation's sign-in stays out of the history
    _connect(Organisation.objects.create(name="Elders"), domains=["elders.be"])
    events = sso.sign_in_history(organisation=zorg)
    assert [event.action for event in events] == ["sso_required_on", "sso_changed", "sso_connected"]
    with django_assert_num_queries(1):
        assert len(sso.sign_in_history(organisation=zorg)) == 3

    client = _english_client(coordinator)
    page = client.get(f"/organisations/{zorg.pk}/sign-in/").content.decode()
    history = page[page.index('data-testid="sign-in-history"') :]
    assert "Organisation sign-in made required" in history
    assert f"organisation {zorg.pk} (Zorg Noord): client_id" in history
    assert "Cora Coordinator" in history
    assert "Leernet (automatic)" in history
    assert "another-app" not in history  # field names only
    assert SECRET not in page
    assert "Elders" not in history
