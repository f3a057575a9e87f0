"""Signing in through one's organisation over SAML (issue 26) in a real browser, against the
real SAML identity provider on loopback (tests/saml_idp/server.py, its own process; the browser
signs in on its form, which posts the signed assertion back to Leernet).

- Saar of a trusted SAML organisation opens her invitation, signs in through her organisation,
  lands on the invitation, joins, and belongs to her organisation.
- An assertion changed after signing is refused with a page that says so, at 390 px.
- The coordinators' page with SAML chosen, desktop and 390 px (test-artifacts/).
"""

import pytest

from accounts.models import IdentityProvider, OrganisationCoordinator, User
from networks.enums import Role
from networks.models import Membership
from networks.services import invitation_create
from tests.factories import PASSWORD, NetworkFactory, UserFactory
from tests.sso_fixtures import (
    SAML_PASSWORD,
    connect_saml_organisation,
    loopback,
    start_organisation_sign_in,
)

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SAML_ORG_PK = 4311


def _through_the_saml_idp(someone, test_saml_idp, email):
    start_organisation_sign_in(someone, email, f"{test_saml_idp.url}/sso?**")
    page = someone.page
    someone.snap("-saml-idp")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", SAML_PASSWORD)
    page.get_by_role("button", name="Sign in at the test IdP").click()


def test_a_newcomer_signs_in_over_saml_and_lands_on_the_invitation(person, test_saml_idp):
    org = connect_saml_organisation(
        test_saml_idp, pk=SAML_ORG_PK, name="SAML Zorg", domains=["saml.be"]
    )
    fien = UserFactory(full_name="Fien Facilitator")
    network = NetworkFactory(created_by=fien, name="Valpreventie")
    invitation = invitation_create(
        network=network, email="saar@saml.be", role=Role.MEMBER, acting_user=fien
    )
    saar = loopback(person("saar"))
    saar.go(f"/networks/invitations/{invitation.token}/")
    saar.page.get_by_role("link", name="Ik heb al een account").click()
    saar.page.wait_for_url("**/accounts/login/**")
    _through_the_saml_idp(saar, test_saml_idp, "saar@saml.be")

    saar.page.wait_for_url("**/networks/invitations/**")
    saar.save("-saml-invitation")
    saar.page.get_by_label("Ik heb de groepsafspraken gelezen en aanvaard ze.").check()
    saar.page.get_by_role("button", name="Word lid van het netwerk").click()
    saar.page.wait_for_url(f"**/networks/{network.pk}/**")

    account = User.objects.get(email="saar@saml.be")
    assert account.organisation_id == org.pk
    assert not account.has_usable_password()
    assert Membership.objects.get(network=network, user=account).status == "active"


def test_a_tampered_assertion_gets_a_page_and_the_settings_fit_a_phone(person, test_saml_idp):
    org = connect_saml_organisation(
        test_saml_idp, pk=SAML_ORG_PK, name="SAML Zorg", domains=["saml.be"]
    )
    visitor = loopback(person("visitor"))
    visitor.page.set_viewport_size(PHONE)
    visitor.go("/accounts/login/")
    _through_the_saml_idp(visitor, test_saml_idp, "tamper@saml.be")
    visitor.page.get_by_text("Er is niets veranderd in Leernet").wait_for()
    visitor.save("-saml-refused-phone")
    assert visitor.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not User.objects.filter(email__endswith="@saml.be").exists()

    cora = UserFactory(full_name="Cora Coordinator")
    OrganisationCoordinator.objects.create(organisation=org, user=cora)
    coordinator = loopback(person("cora"))
    coordinator.go("/accounts/login/")
    coordinator.page.fill("input[name=login]", cora.email)
    coordinator.page.fill("input[name=password]", PASSWORD)
    coordinator.page.locator("main form button[type=submit]").click()
    coordinator.page.wait_for_url("**/networks/")
    coordinator.go(f"/organisations/{org.pk}/sign-in/")
    coordinator.save("-saml-settings")
    assert coordinator.page.get_by_label("SAML 2.0").is_checked()
    assert f"/accounts/saml/org-{org.pk}/acs/" in coordinator.page.inner_text(
        "[data-testid=saml-acs]"
    )
    coordinator.page.set_viewport_size(PHONE)
    coordinator.go(f"/organisations/{org.pk}/sign-in/")
    coordinator.save("-saml-settings-phone")
    assert coordinator.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # the history sits under the form; disconnecting asks first, on a page that fits a phone
    history = coordinator.page.inner_text("[data-testid=sign-in-history]")
    assert "Aanmelden via de organisatie gekoppeld" in history
    coordinator.page.get_by_test_id("disconnect").click()
    coordinator.page.get_by_text("zich dan weer aan met een Leernet-wachtwoord").wait_for()
    coordinator.save("-sign-in-disconnect-phone")
    assert coordinator.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    coordinator.page.set_viewport_size({"width": 1280, "height": 900})
    coordinator.save("-sign-in-disconnect")
    coordinator.page.get_by_role("button", name="Ontkoppelen").click()
    coordinator.page.get_by_text("Het aanmelden via SAML Zorg is ontkoppeld.").wait_for()
    assert "Aanmelden via de organisatie ontkoppeld" in coordinator.page.inner_text(
        "[data-testid=sign-in-history]"
    )
    coordinator.save("-sign-in-history")
    assert not IdentityProvider.objects.filter(organisation=org).exists()
