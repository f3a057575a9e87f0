"""Two-factor sign-in in a real browser: a member turns on an authenticator app from the
profile page, signs out, and signs in again with the code the app would show (computed from
the secret the page gives). allauth's pages run under our strict CSP: its static WebAuthn and
recovery-code scripts load, nothing is refused, and every page fits a phone (axe: no serious
violation)."""

import pytest
from allauth.mfa.models import Authenticator

from tests.e2e.test_accessibility import _serious
from tests.factories import PASSWORD, UserFactory
from tests.utils import totp_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REFUSED = "This code is not right or has already been used."
PHONE = {"width": 390, "height": 844}


def _csp_violations(page) -> list[str]:
    found = []
    page.on(
        "console",
        lambda msg: found.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return found


def _sign_in_with_password(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_turn_on_an_authenticator_app_and_sign_in_with_a_code(person):
    user = UserFactory(email="lid@example.org", language="en")
    lid = person("lid")
    page = lid.page
    refused = _csp_violations(page)

    lid.go("/accounts/login/")
    page.locator("header button[name=language][value=en]").click()
    # passkey sign-in: allauth's own static script is there and ran its setup
    assert page.evaluate("typeof window.allauth.webauthn.forms.loginForm") == "function"
    _sign_in_with_password(page, lid.base_url, user.email)
    page.wait_for_url("**/networks/")

    lid.go("/me/profile/")
    page.get_by_role("link", name="Two-factor sign-in").click()
    page.wait_for_url("**/accounts/2fa/")
    page.locator("main a[href='/accounts/2fa/totp/activate/']").click()
    # allauth asks for the password again before anything changes the sign-in
    page.wait_for_url("**/accounts/reauthenticate/**")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/totp/activate/")
    assert page.locator("main img").is_visible()  # the QR code
    secret = page.input_value("#authenticator_secret")
    page.fill("input[name=code]", totp_code(secret))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    lid.snap("-recovery-codes")
    assert set(Authenticator.objects.filter(user=user).values_list("type", flat=True)) == {
        Authenticator.Type.TOTP,
        Authenticator.Type.RECOVERY_CODES,
    }

    page.locator("header form[action='/accounts/logout/'] button").click()
    page.wait_for_url(lambda url: "/accounts/logout/" not in url)
    _sign_in_with_password(page, lid.base_url, user.email)
    page.wait_for_url("**/accounts/2fa/authenticate/")
    right = totp_code(secret)
    page.fill("input[name=code]", f"{(int(right) + 1) % 1_000_000:06d}")
    page.locator("main form button[type=submit]").click()
    assert REFUSED in page.locator("main").inner_text()
    lid.snap("-wrong-code")

    page.fill("input[name=code]", totp_code(secret))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/networks/")

    page.set_viewport_size(PHONE)
    lid.go("/accounts/2fa/webauthn/add/")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/2fa/webauthn/add/")
    assert page.evaluate("typeof window.allauth.webauthn.forms.addForm") == "function"
    inaccessible = {}
    for path in [
        "/accounts/2fa/",
        "/accounts/2fa/recovery-codes/",
        "/accounts/2fa/webauthn/add/",
        "/accounts/sessions/",
        "/me/profile/",
    ]:
        lid.go(path)
        assert page.url == lid.base_url + path
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
        if problems := _serious(lid):
            inaccessible[path] = problems
    assert inaccessible == {}
    assert refused == []
