"""Signing in through an organisation's SAML identity provider (issue 26, SAML second), against
a real SAML IdP on loopback (tests/saml_idp/server.py, its own process: metadata over HTTP,
assertions signed with xmlsec). Leernet is driven with Django's test client through allauth's
``saml`` provider; nothing of allauth or python3-saml is mocked.

Bad input: a tampered, unsigned or foreign-signed assertion, an assertion for another audience,
metadata that cannot be fetched or read: a translated page, nothing created, never a 500."""

import io
import json
import logging
import zipfile

import lxml.etree
import pytest
import requests
import xmlsec
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core.management import call_command
from django.test import Client

from accounts import sso
from accounts.models import IdentityProvider, Organisation, User
from accounts.rules import session_passed_second_factor
from core.errors import ApplicationError
from core.models import AuditEvent
from networks.enums import Role
from networks.services import invitation_create
from reports.export import personal_data_zip
from tests.factories import NetworkFactory
from tests.sso_fixtures import connect_saml_organisation, relative

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SAML_ORG_PK = 4301
MFA_CONTEXT = "urn:zorg:saml:mfa"


def test_xmlsec_and_lxml_share_one_libxml2():
    """xmlsec's wheel bundles libxml2; a different one from lxml's breaks signatures at run
    time (requirements/base.txt pins both)."""
    assert xmlsec.get_libxml_version() == lxml.etree.LIBXML_VERSION


@pytest.fixture
def saml_org(test_saml_idp):
    return connect_saml_organisation(
        test_saml_idp, pk=SAML_ORG_PK, name="SAML Zorg", domains=["saml.be"], mfa_acr=MFA_CONTEXT
    )


def browser() -> Client:
    """A browser on Leernet's own address (SITE_URL): python3-saml accepts only dotted or IP
    hosts in the service provider's URLs, so not Django's "testserver"."""
    return Client(HTTP_HOST="127.0.0.1:8000")


def saml_sign_in(client, test_saml_idp, email):
    """Type ``email`` on Leernet's first step, sign in at the IdP, post its answer to the ACS
    and follow Leernet's redirect to finish; returns Leernet's last answer."""
    response = client.post("/me/sign-in/", {"email": email})
    assert response.status_code == 200, response.content[:500]
    sso_url = response.context["provider_url"]
    assert sso_url.startswith(f"{test_saml_idp.url}/sso?SAMLRequest=")
    posted = test_saml_idp.sign_in(sso_url, email)
    assert posted["acs"] == f"http://127.0.0.1:8000/accounts/saml/org-{SAML_ORG_PK}/acs/"
    acs = client.post(
        relative(posted["acs"]),
        {"SAMLResponse": posted["SAMLResponse"], "RelayState": posted.get("RelayState", "")},
    )
    assert acs.status_code == 302
    return client.get(acs["Location"])


def test_a_new_person_signs_in_through_saml_and_lands_in_the_organisation(saml_org, test_saml_idp):
    client = browser()
    response = saml_sign_in(client, test_saml_idp, "saar@saml.be")

    assert response.status_code == 302
    assert response["Location"] == "/networks/"
    saar = User.objects.get(email="saar@saml.be")
    assert (saar.full_name, saar.organisation) == ("Saar Peeters", saml_org)
    assert not saar.has_usable_password()
    assert EmailAddress.objects.get(user=saar).verified is True  # trusted, own domain
    assert SocialAccount.objects.get(user=saar).provider == f"org-{SAML_ORG_PK}"
    assert int(client.session["_auth_user_id"]) == saar.pk
    assert client.session.get_expiry_age() == 8 * 3600
    # a password-only context is no second factor
    assert not session_passed_second_factor(client.session, saar)
    # the link is in the person's data export (the NameID is its uid)
    content, _name = personal_data_zip(user=saar)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".json"))
        linked = json.loads(archive.read(name))["linked_sign_ins"]
    assert [(link["provider"], link["uid"]) for link in linked] == [
        (f"org-{SAML_ORG_PK}", "saar@saml.be")
    ]


def test_the_named_authn_context_counts_as_the_second_factor(saml_org, test_saml_idp):
    client = browser()
    saml_sign_in(client, test_saml_idp, "mo@saml.be")
    mo = User.objects.get(email="mo@saml.be")
    assert session_passed_second_factor(client.session, mo)


def test_the_invitation_of_the_address_waits_after_saml_sign_in(
    saml_org, test_saml_idp, facilitator
):
    network = NetworkFactory(created_by=facilitator)
    invitation = invitation_create(
        network=network, email="saar@saml.be", role=Role.MEMBER, acting_user=facilitator
    )
    client = browser()
    client.get(f"/networks/invitations/{invitation.token}/")

    response = saml_sign_in(client, test_saml_idp, "saar@saml.be")

    assert response["Location"].startswith("/networks/invitations/")
    assert network.name in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    "email", ["tamper@saml.be", "unsigned@saml.be", "audience@saml.be", "otherkey@saml.be"]
)
def test_a_bad_assertion_is_refused_with_a_page_and_creates_nothing(
    saml_org, test_saml_idp, caplog, email
):
    caplog.set_level(logging.INFO)
    response = saml_sign_in(browser(), test_saml_idp, email)

    assert response.status_code in (400, 401)
    page = response.content.decode()
    assert "Aanmelden via je organisatie is niet gelukt" in page
    assert "Er is niets veranderd in Leernet" in page
    assert User.objects.count() == 0
    assert SocialAccount.objects.count() == 0
    assert "@" not in " ".join(r.getMessage() for r in caplog.records if r.name == "leernet.sso")


def test_an_idp_initiated_answer_is_refused(saml_org, test_saml_idp):
    """An answer Leernet did not ask for (another browser's, or unsolicited) is refused."""
    client = browser()
    response = client.post("/me/sign-in/", {"email": "saar@saml.be"})
    posted = test_saml_idp.sign_in(response.context["provider_url"], "saar@saml.be")
    stranger = browser()  # not the browser that started the sign-in
    acs = stranger.post(relative(posted["acs"]), {"SAMLResponse": posted["SAMLResponse"]})
    response = stranger.get(acs["Location"])
    assert response.status_code in (400, 401, 403)
    assert "Aanmelden via je organisatie is niet gelukt" in response.content.decode()
    assert User.objects.count() == 0


def test_metadata_that_cannot_be_fetched_gets_a_page_not_a_500(saml_org):
    IdentityProvider.objects.filter(organisation=saml_org).update(
        saml_metadata_url="http://127.0.0.1:9/metadata"
    )
    response = browser().post("/me/sign-in/", {"email": "saar@saml.be"})
    assert response.status_code == 502
    assert "Aanmelden via je organisatie is niet gelukt" in response.content.decode()
    assert browser().get(f"/accounts/saml/org-{SAML_ORG_PK}/metadata/").status_code == 502


def test_pasted_metadata_works_and_nonsense_is_refused(test_saml_idp):
    organisation = Organisation.objects.create(pk=SAML_ORG_PK, name="SAML Zorg")
    with pytest.raises(ApplicationError, match="geen SAML-metadata"):
        sso.identity_provider_save(
            organisation=organisation,
            protocol="saml",
            saml_metadata_xml="<html>nope</html>",
            domains=["saml.be"],
            trusted=True,
            sso_required=False,
            acting_user=None,
        )
    assert not IdentityProvider.objects.exists()
    xml = requests.get(test_saml_idp.metadata_url, timeout=30).text
    sso.identity_provider_save(
        organisation=organisation,
        protocol="saml",
        saml_metadata_xml=xml,
        domains=["saml.be"],
        trusted=True,
        sso_required=False,
        acting_user=None,
    )
    response = saml_sign_in(browser(), test_saml_idp, "saar@saml.be")
    assert response["Location"] == "/networks/"
    assert User.objects.get(email="saar@saml.be").organisation == organisation
    # moving to the metadata URL is audited by the names of the fields, never their values
    sso.identity_provider_save(
        organisation=organisation,
        protocol="saml",
        saml_metadata_url=test_saml_idp.metadata_url,
        domains=["saml.be"],
        trusted=True,
        sso_required=False,
        acting_user=None,
    )
    events = list(AuditEvent.objects.order_by("pk").values_list("action", "detail"))
    assert events == [
        ("sso_connected", f"organisation {organisation.pk} (SAML Zorg)"),
        (
            "sso_changed",
            f"organisation {organisation.pk} (SAML Zorg): saml_metadata_url, saml_metadata_xml",
        ),
    ]


def test_leernet_publishes_its_service_provider_metadata(saml_org):
    response = browser().get(f"/accounts/saml/org-{SAML_ORG_PK}/metadata/")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'entityID="http://127.0.0.1:8000/accounts/saml/org-{SAML_ORG_PK}/metadata/"' in body
    assert f"/accounts/saml/org-{SAML_ORG_PK}/acs/" in body


def test_saml_addresses_of_an_unknown_or_openid_organisation_are_404(saml_org):
    """allauth's SAML URLs answer only for an organisation connected over SAML (the
    organisations' page itself is in the URL x role matrix)."""
    other = Organisation.objects.create(pk=SAML_ORG_PK + 1, name="OIDC Zorg")
    sso.identity_provider_save(
        organisation=other,
        issuer_url="https://login.example/v2.0",
        client_id="app",
        client_secret="secret-1",  # noqa: S106 (a test value)
        domains=["oidc.be"],
        trusted=True,
        sso_required=False,
        acting_user=None,
    )
    client = browser()
    for slug in ("org-999999", f"org-{other.pk}", "nonsense"):
        for path in ("login", "metadata", "acs/finish"):
            assert client.get(f"/accounts/saml/{slug}/{path}/").status_code == 404


def test_the_management_command_connects_saml(test_saml_idp):
    Organisation.objects.create(name="Stad Gent")
    out = io.StringIO()
    call_command(
        "organisation_sign_in",
        "Stad Gent",
        "--saml-metadata-url",
        test_saml_idp.metadata_url,
        "--domain",
        "stad.gent",
        "--trusted",
        stdout=out,
    )
    provider = IdentityProvider.objects.get()
    assert (provider.protocol, provider.saml_metadata_url) == ("saml", test_saml_idp.metadata_url)
    assert "/accounts/saml/org-" in out.getvalue()


def test_preferred_language_sets_a_new_account_s_language_and_the_signed_in_message_speaks_it(
    saml_org, test_saml_idp
):
    client = browser()
    client.cookies["django_language"] = "nl"  # the page before spoke Dutch
    response = saml_sign_in(client, test_saml_idp, "lien@saml.be")

    lien = User.objects.get(email="lien@saml.be")
    assert lien.language == "en"  # preferredLanguage "en-GB", as OIDC's locale claim
    page = client.get(response["Location"])
    shown = [str(message) for message in page.context["messages"]]
    assert any(text.startswith("Successfully signed in as") for text in shown), shown
    assert not any("ingelogd" in text for text in shown), shown
    # a person the IdP sends no language for keeps Leernet's default
    saml_sign_in(browser(), test_saml_idp, "saar@saml.be")
    assert User.objects.get(email="saar@saml.be").language == "nl"
