"""A facilitator adds a Teams webhook in a real browser (desktop and 390 px), sees its secret
once, sends a test event that a receiver on loopback gets, and deletes it after confirming."""

import json

import pytest

from networks.models import WebhookEndpoint
from tests.factories import PASSWORD, NetworkFactory, UserFactory
from tests.webhook_receiver import Receiver

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def _fits_a_phone(page) -> None:
    page.set_viewport_size(PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide at 390 px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_facilitator_adds_tests_and_deletes_a_webhook(person):
    facilitator = UserFactory(full_name="Fien Facilitator")
    network = NetworkFactory(created_by=facilitator, name="Valpreventie")
    fien = person("facilitator-webhooks")
    page = fien.page
    page.goto(fien.base_url + "/accounts/login/")
    page.fill("input[name=login]", facilitator.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    with Receiver() as receiver:
        fien.go(f"/networks/{network.pk}/")
        page.locator(".network-menu > summary").click()  # the network's pages: one menu
        page.click("main >> text=Webhooks")
        fien.save("-empty-desktop")
        _fits_a_phone(page)
        page.fill("input[name=url]", receiver.url)
        page.select_option("select[name=kind]", "teams")
        page.check("input[value='session.planned']")
        page.click("main form button[type=submit]")
        secret = page.locator("[data-testid=webhook-secret]").inner_text()
        assert secret.startswith("whsec_")
        fien.save("-secret-desktop")
        _fits_a_phone(page)
        page.click("text=Terug naar de webhooks")
        assert page.locator("[data-testid=webhook-secret]").count() == 0
        page.click("text=Stuur een testbericht")
        (_headers, body), *_ = receiver.wait_for(1)
        assert "Testbericht" in json.dumps(json.loads(body), ensure_ascii=False)
        fien.save("-list-desktop")
        page.set_viewport_size(PHONE)
        fien.save("-list-phone")
        _fits_a_phone(page)
        page.click("main >> text=Verwijderen")
        fien.save("-confirm-desktop")
        page.click('main button:has-text("Webhook verwijderen")')
        page.wait_for_selector("text=De webhook is verwijderd.")
    assert not WebhookEndpoint.objects.exists()


def test_a_coordinator_adds_an_organisation_webhook(person):
    from accounts.models import Organisation, OrganisationCoordinator  # noqa: PLC0415 (lazy: this test only)

    coordinator = UserFactory(full_name="Cora Coordinator")
    organisation = Organisation.objects.create(name="Zorgbedrijf Rivierenland")
    OrganisationCoordinator.objects.create(organisation=organisation, user=coordinator)
    cora = person("coordinator-webhooks")
    page = cora.page
    page.goto(cora.base_url + "/accounts/login/")
    page.fill("input[name=login]", coordinator.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    with Receiver() as receiver:
        cora.go(f"/organisations/{organisation.pk}/")
        page.click("main >> text=Webhooks")
        assert page.locator("h1").inner_text() == "Webhooks van deze organisatie"
        _fits_a_phone(page)
        page.fill("input[name=url]", receiver.url)
        page.select_option("select[name=kind]", "slack")
        page.check("input[value='report.ready']")
        page.click("main form button[type=submit]")
        assert page.locator("[data-testid=webhook-secret]").inner_text().startswith("whsec_")
        page.click("text=Terug naar de webhooks")
        page.click("text=Stuur een testbericht")
        (_headers, body), *_ = receiver.wait_for(1)
        assert "Zorgbedrijf Rivierenland" in json.loads(body)["text"]
        page.reload()  # the delivery log below the webhooks (the last 30 days)
        assert page.locator("main h2", has_text="Afleveringen").count() == 1
        page.locator("main .sending").first.wait_for()
        cora.save("-list-desktop")
        page.set_viewport_size(PHONE)
        cora.save("-list-phone")
        _fits_a_phone(page)
    assert WebhookEndpoint.objects.get().organisation == organisation
