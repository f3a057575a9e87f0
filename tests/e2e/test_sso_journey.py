"""Signing in through one's organisation (issue 26) in a real browser, against a real OpenID
Connect provider on loopback (tests/idp: allauth.idp.oidc in its own process; the browser signs
in on its pages).

- Jan of a trusted organisation opens his invitation, signs in through his organisation (no
  Leernet password, no confirmation email), lands on the invitation in his provider's language,
  joins, and belongs to his organisation.
- Els of a connected but not trusted organisation must confirm her address first.
- An organisation that requires its own sign-in: the password form refuses its address and says
  where to sign in.
Screenshots of the new pages at desktop width and at 390 px (test-artifacts/).
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import OrganisationCoordinator, User
from networks.enums import Role
from networks.models import Membership
from networks.services import invitation_create
from tests.factories import PASSWORD, NetworkFactory, UserFactory
from tests.sso_fixtures import (
    IDP_PASSWORD,
    ORG_PK,
    OTHER_ORG_PK,
    connect_organisation,
    loopback,
    start_organisation_sign_in,
)

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _through_the_provider(someone, test_idp, email):
    start_organisation_sign_in(someone, email, f"{test_idp.url}/accounts/login/**")
    page = someone.page
    someone.snap("-provider")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", IDP_PASSWORD)
    page.locator("form button[type=submit]").last.click()


def _phone_fits(someone, path, label):
    page = someone.page
    page.set_viewport_size(PHONE)
    someone.go(path)
    someone.save(label)
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    return width


def test_a_newcomer_signs_in_through_the_organisation_and_lands_on_the_invitation(person, test_idp):
    zorg = connect_organisation(
        test_idp, pk=ORG_PK, name="Zorg Noord", domains=["zorg.be"], trusted=True
    )
    fien = UserFactory(full_name="Fien Facilitator")
    network = NetworkFactory(created_by=fien, name="Valpreventie")
    invitation = invitation_create(
        network=network, email="jan@zorg.be", role=Role.MEMBER, acting_user=fien
    )
    jan = loopback(person("jan"))

    jan.go(f"/networks/invitations/{invitation.token}/")
    jan.page.get_by_role("link", name="Ik heb al een account").click()
    jan.page.wait_for_url("**/accounts/login/**")
    jan.save("-login")
    _through_the_provider(jan, test_idp, "jan@zorg.be")

    jan.page.wait_for_url("**/networks/invitations/**")
    jan.save("-invitation")
    # the provider said locale "en": the account speaks English
    jan.page.get_by_label("I have read the ground rules and accept them.").check()
    jan.page.get_by_role("button", name="Join the network").click()
    jan.page.wait_for_url(f"**/networks/{network.pk}/**")

    account = User.objects.get(email="jan@zorg.be")
    assert (account.organisation_id, account.language) == (zorg.pk, "en")
    assert not account.has_usable_password()
    assert Membership.objects.get(network=network, user=account).status == "active"
    # no confirmation email (the one email Jan got is the invitation)
    assert not [m for m in mail.outbox if "jan@zorg.be" in m.to and "confirm-email" in m.body]
    assert _phone_fits(jan, "/accounts/login/", "-login-phone") <= PHONE["width"]


def test_someone_of_an_untrusted_provider_confirms_the_address_first(person, test_idp):
    connect_organisation(
        test_idp, pk=OTHER_ORG_PK, name="Stad Gent", domains=["stad.be"], trusted=False
    )
    els = loopback(person("els"))
    els.go("/accounts/login/")
    _through_the_provider(els, test_idp, "els@stad.be")

    els.page.wait_for_url("**/accounts/confirm-email/")
    els.save("-confirm")
    assert EmailAddress.objects.get(email="els@stad.be").verified is False
    message = next(m for m in reversed(mail.outbox) if "els@stad.be" in m.to)
    path = re.search(r"/accounts/confirm-email/\S+/", message.body).group(0)
    els.go(path)
    els.page.locator("main form button[type=submit]").click()
    els.page.wait_for_load_state()
    assert EmailAddress.objects.get(email="els@stad.be").verified is True

    # signing in again through the provider now goes straight in
    els.context.clear_cookies()
    els.go("/accounts/login/")
    _through_the_provider(els, test_idp, "els@stad.be")
    els.page.wait_for_url("**/networks/")


def test_sso_required_refuses_the_password_form_and_says_where(person, test_idp):
    zorg = connect_organisation(
        test_idp, pk=ORG_PK, name="Zorg Noord", domains=["zorg.be"], trusted=True, required=True
    )
    UserFactory(email="an@zorg.be")
    an = loopback(person("an"))
    an.go("/accounts/login/")
    an.page.fill("input[name=login]", "an@zorg.be")
    an.page.fill("input[name=password]", PASSWORD)
    an.page.locator("main form button[type=submit]").click()

    alert = an.page.locator("main .alert, main .invalid-feedback, main .errorlist").first
    alert.wait_for()
    assert "Zorg Noord" in an.page.locator("main").inner_text()
    assert "Aanmelden met je organisatie" in an.page.locator("main").inner_text()
    an.save("-refused")
    assert "/accounts/login/" in an.page.url

    # the coordinators' page, desktop and phone
    cora = UserFactory(full_name="Cora Coordinator")
    OrganisationCoordinator.objects.create(organisation=zorg, user=cora)
    coordinator = loopback(person("cora"))
    coordinator.go("/accounts/login/")
    coordinator.page.fill("input[name=login]", cora.email)
    coordinator.page.fill("input[name=password]", PASSWORD)
    coordinator.page.locator("main form button[type=submit]").click()
    coordinator.page.wait_for_url("**/networks/")
    coordinator.go(f"/organisations/{zorg.pk}/sign-in/")
    coordinator.save("-settings")
    assert f"/accounts/oidc/org-{zorg.pk}/login/callback/" in coordinator.page.inner_text(
        "[data-testid=redirect-uri]"
    )
    assert _phone_fits(coordinator, f"/organisations/{zorg.pk}/sign-in/", "-settings-phone") <= 390


def test_the_confirmation_and_the_failure_pages_fit_a_phone(person, test_idp):
    zorg = connect_organisation(
        test_idp, pk=ORG_PK, name="Zorg Noord", domains=["zorg.be"], trusted=True
    )
    UserFactory(email="an@zorg.be")
    cora = UserFactory(full_name="Cora Coordinator")
    OrganisationCoordinator.objects.create(organisation=zorg, user=cora)
    coordinator = loopback(person("cora"))
    page = coordinator.page
    page.set_viewport_size(PHONE)
    coordinator.go("/accounts/login/")
    page.fill("input[name=login]", cora.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/networks/")
    coordinator.go(f"/organisations/{zorg.pk}/sign-in/")
    page.get_by_label("Mensen van deze domeinen moeten zich hier aanmelden").check()
    page.get_by_role("button", name="Wijzigingen bewaren").click()
    page.locator("[data-testid=confirm-required]").wait_for()
    coordinator.save("-confirm-phone")
    assert "1 persoon van deze domeinen" in page.inner_text("[data-testid=confirm-required]")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("button", name="Ja, verplicht het").click()
    page.wait_for_url(f"**/organisations/{zorg.pk}/sign-in/")
    zorg.identity_provider.refresh_from_db()
    assert zorg.identity_provider.sso_required is True

    # the organisation's provider stops answering: a page that says so, at 390 px
    zorg.identity_provider.issuer_url = "http://127.0.0.1:9"
    zorg.identity_provider.save(update_fields=["issuer_url"])
    visitor = loopback(person("visitor"))
    visitor.page.set_viewport_size(PHONE)
    visitor.go("/accounts/login/")
    visitor.page.get_by_label("Je e-mailadres op het werk").fill("an@zorg.be")
    visitor.page.locator("[data-testid=organisation-sign-in] button").click()
    visitor.page.get_by_text("antwoordt nu niet").wait_for()
    visitor.save("-provider-down-phone")
    assert visitor.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
