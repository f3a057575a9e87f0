"""Issue 27's pages in a real browser, on a desktop and at 390 px: a coordinator adds an
integration and sees its secret once; a member connects an app on the consent page and finds
it under Connected apps. No page scrolls sideways on a phone."""

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.idp.oidc.models import Client
from django.test import Client as DjangoClient

from accounts.models import OrganisationCoordinator
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
REDIRECT = "http://127.0.0.1:9/callback"


def _sign_in(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _fits_a_phone(page) -> None:
    page.set_viewport_size(PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide at 390 px"


def test_a_coordinator_adds_an_integration(person):
    organisation = OrganisationFactory(name="WZC Ter Linde")
    coordinator = UserFactory(full_name="Cato Coordinator")
    OrganisationCoordinator.objects.create(organisation=organisation, user=coordinator)
    cato = person("coordinator")
    page = cato.page
    _sign_in(page, cato.base_url, coordinator.email)
    cato.go(f"/organisations/{organisation.pk}/")
    page.click("text=Koppelingen (API)")
    page.fill("input[name=name]", "HR-systeem")
    page.click("text=Toevoegen en het geheim tonen")
    secret = page.locator("code.secret").inner_text()
    assert len(secret) >= 40
    assert page.locator("table.integrations").inner_text().count("HR-systeem") == 1
    cato.save("-secret-desktop")
    _fits_a_phone(page)
    cato.save("-secret-phone")
    page.reload()
    assert page.locator("code.secret").count() == 0  # shown once


def test_a_member_connects_an_app_and_finds_it_on_the_profile(person):
    network = NetworkFactory()
    member = MembershipFactory(network=network, user=UserFactory(full_name="Mona Member")).user
    app = Client(name="Mijn agenda-app", type=Client.Type.PUBLIC)
    app.set_scopes(["openid", "networks:read", "sessions:read", "rsvp:write"])
    app.set_grant_types([Client.GrantType.AUTHORIZATION_CODE, Client.GrantType.REFRESH_TOKEN])
    app.set_redirect_uris([REDIRECT])
    app.save()
    mona = person("member")
    page = mona.page
    _sign_in(page, mona.base_url, member.email)
    verifier = secrets.token_urlsafe(48)
    challenge = (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    )
    mona.go(
        f"/identity/o/authorize?client_id={app.id}&response_type=code&redirect_uri={REDIRECT}"
        f"&scope=openid+networks:read+sessions:read+rsvp:write&code_challenge={challenge}"
        "&code_challenge_method=S256&state=s"
    )
    text = page.locator("main").inner_text()
    assert "Mijn agenda-app koppelen met Leernet" in text
    assert "Een netwerk laten weten of je naar een bijeenkomst komt" in text
    mona.save("-consent-desktop")
    _fits_a_phone(page)
    mona.save("-consent-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    # The app's own callback (outside Leernet) answers in the browser; it receives the code.
    page.route(f"{REDIRECT}*", lambda route: route.fulfill(body="app", content_type="text/plain"))
    with page.expect_response(lambda response: response.url.startswith(REDIRECT)) as reached:
        page.click("button[value=grant]")
    assert "code=" in reached.value.url
    page.wait_for_url(f"{REDIRECT}*")
    # The app exchanges the code for its tokens (from its own server).
    code = parse_qs(urlsplit(reached.value.url).query)["code"][0]
    token = DjangoClient().post(
        "/identity/o/api/token",
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "client_id": app.id,
            "code_verifier": verifier,
        },
    )
    assert token.status_code == 200
    mona.go("/me/apps/")
    assert "Mijn agenda-app" in page.locator("main").inner_text()
    mona.save("-apps-desktop")
    _fits_a_phone(page)
    mona.save("-apps-phone")


def test_a_member_confirms_a_scripts_device_code_seeing_what_it_asks(person, settings):
    """The device confirmation page names what the script asks in the consent page's words."""
    settings.IDP_OIDC_DEVICE_CODE_INTERVAL = 0
    member = UserFactory(full_name="Mona Member")
    script = Client(name="Mijn script", type=Client.Type.PUBLIC)
    script.set_scopes(["openid", "sessions:read", "rsvp:write"])
    script.set_grant_types([Client.GrantType.DEVICE_CODE])
    script.save()
    codes = DjangoClient().post(
        "/identity/o/api/device/code",
        f"client_id={script.id}&scope=openid+sessions:read+rsvp:write",
        content_type="application/x-www-form-urlencoded",
    )
    user_code = codes.json()["user_code"]
    mona = person("member")
    page = mona.page
    _sign_in(page, mona.base_url, member.email)
    mona.go(f"/identity/o/device?code={user_code}")
    text = page.locator("main").inner_text()
    assert "Mijn script koppelen met Leernet" in text
    assert user_code in text
    assert "Een netwerk laten weten of je naar een bijeenkomst komt" in text
    assert "De bijeenkomsten van je netwerken en hun agenda zien" in text
    mona.save("-device-desktop")
    _fits_a_phone(page)
    mona.save("-device-phone")
    page.click("button[value=confirm]")
    token = DjangoClient().post(
        "/identity/o/api/token",
        {
            "grant_type": Client.GrantType.DEVICE_CODE,
            "device_code": codes.json()["device_code"],
            "client_id": script.id,
        },
    )
    assert token.status_code == 200, token.content
