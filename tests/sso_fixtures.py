"""A real OpenID Connect provider on loopback for the SSO tests (issue 26): the tiny Django
project in tests/idp (allauth.idp.oidc, its own settings, users and SQLite database), started
once per test session as its own process on a free port. Not a mock: Leernet talks HTTP to it
(discovery, token, keys, userinfo) and a browser signs in on its pages.

The organisations connected to it get fixed ids (``ORG_PK``...), so the redirect URIs the
provider accepts can be registered when it is seeded; for 127.0.0.1 it ignores the port
(RFC 8252), so pytest-django's live server, on any port, fits.
"""

import html
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.stack_fixtures import _free_port

ROOT = Path(__file__).resolve().parents[1]
CLIENT_ID = "leernet-test-client"
CLIENT_SECRET = "test-client-secret-0123456789"  # noqa: S105 (the test provider's client)
IDP_PASSWORD = "idp-password-1"  # noqa: S105 (people of the test provider)
SAML_PASSWORD = "saml-password-1"  # noqa: S105 (tests/saml_idp/server.py's people)
# The organisations connected to the provider (ids fixed: their redirect URIs are registered).
ORG_PK, OTHER_ORG_PK, THIRD_ORG_PK = 4201, 4202, 4203
PEOPLE = {
    # zorg.be: trusted; Jan has a locale and signed in with two factors
    "jan@zorg.be": {
        "first_name": "Jan",
        "last_name": "Claes",
        "locale": "en",
        "amr": ["pwd", "mfa"],
    },
    "lien@zorg.be": {"first_name": "Lien", "last_name": "Wouters", "acr": "urn:zorg:loa:high"},
    "piet@zorg.be": {"first_name": "Piet", "last_name": "Goossens", "amr": ["pwd"]},
    "leaver@zorg.be": {"first_name": "Lea", "last_name": "Vertrek"},
    "unverified@zorg.be": {"first_name": "Ule", "last_name": "V", "email_verified": False},
    "noemail@zorg.be": {"first_name": "No", "last_name": "Mail", "no_email": True},
    "aud@zorg.be": {"first_name": "Aud", "last_name": "Other", "aud": "someone-else"},
    # stad.be: connected but not trusted
    "els@stad.be": {"first_name": "Els", "last_name": "Jacobs", "locale": "nl"},
    # elders.be belongs to the third organisation: never through the first one's sign-in
    "mia@elders.be": {"first_name": "Mia", "last_name": "Elders"},
}


def callback_path(org_pk: int) -> str:
    return f"/accounts/oidc/org-{org_pk}/login/callback/"


@dataclass
class TestIdentityProvider:
    url: str
    private_key_pem: str
    process: subprocess.Popen
    log: object
    database: Path

    def set_active(self, email: str, *, active: bool) -> None:
        """The organisation's directory lets ``email`` sign in, or no longer (someone left)."""
        with sqlite3.connect(self.database) as db:
            db.execute("UPDATE auth_user SET is_active = ? WHERE email = ?", (active, email))

    def sign_in(self, authorize_url: str, email: str, password: str = IDP_PASSWORD) -> str:
        """Sign ``email`` in on the provider's own pages, from the authorization request
        Leernet redirected to, and return where the provider sends the browser back (Leernet's
        callback with ``code`` and ``state``), without following it; "" when the provider
        refuses them."""
        with requests.Session() as browser:
            response = browser.get(authorize_url, allow_redirects=False, timeout=30)
            login_url = self.url + response.headers["Location"]
            page = browser.get(login_url, timeout=30)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
            next_url = re.search(r'name="next" value="([^"]+)"', page.text)
            data = {"login": email, "password": password, "csrfmiddlewaretoken": token}
            if next_url:
                data["next"] = next_url.group(1).replace("&amp;", "&")
            response = browser.post(login_url, data=data, allow_redirects=False, timeout=30)
            for _hop in range(5):
                location = response.headers.get("Location", "")
                if not location.startswith("/"):
                    break
                response = browser.get(self.url + location, allow_redirects=False, timeout=30)
            location = response.headers.get("Location", "")
            if "code=" in location or "error=" in location:
                return location
            return ""  # the provider did not let them through: no way back to Leernet


def _seed_and_start(workdir: Path) -> TestIdentityProvider:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    people = {email: {**person, "password": IDP_PASSWORD} for email, person in PEOPLE.items()}
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.idp.settings",
        "IDP_DB": str(workdir / "idp.sqlite3"),
        "IDP_PRIVATE_KEY": pem,
        "IDP_USERS": json.dumps(people),
    }
    env.pop("DATABASE_URL", None)
    django = [sys.executable, "-m", "django"]
    uris = []
    for pk in (ORG_PK, OTHER_ORG_PK, THIRD_ORG_PK):
        uris += ["--redirect-uri", f"http://127.0.0.1{callback_path(pk)}"]
        uris += ["--redirect-uri", f"http://testserver{callback_path(pk)}"]
    for command in (
        [*django, "migrate", "-v0"],
        [*django, "idp_seed", "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET, *uris],
    ):
        subprocess.run(command, cwd=ROOT, env=env, check=True, timeout=180)  # noqa: S603 (own)
    port = _free_port()
    log = (workdir / "idp.log").open("w")
    process = subprocess.Popen(  # noqa: S603 (the test provider, fixed arguments)
        [*django, "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/.well-known/openid-configuration", timeout=5).ok:
                return TestIdentityProvider(
                    url=url,
                    private_key_pem=pem,
                    process=process,
                    log=log,
                    database=workdir / "idp.sqlite3",
                )
        except requests.RequestException:
            time.sleep(0.3)
    process.kill()
    log.close()
    raise RuntimeError(f"the test identity provider did not start: {workdir / 'idp.log'}")


@pytest.fixture(scope="session")
def test_idp():
    """The test OpenID Connect provider, for the whole test session."""
    with tempfile.TemporaryDirectory(prefix="leernet-idp-") as workdir:
        provider = _seed_and_start(Path(workdir))
        yield provider
        provider.process.terminate()
        provider.process.wait(timeout=30)
        provider.log.close()


def connect_organisation(test_idp, *, pk, name, domains, trusted, required=False, mfa_acr=""):
    """An organisation with the fixed id ``pk`` connected to the test provider, through the
    one service (accounts.sso.identity_provider_save)."""
    from accounts import sso  # noqa: PLC0415 (app registry: a fixture module loads before Django)
    from accounts.models import Organisation  # noqa: PLC0415 (app registry)

    organisation = Organisation.objects.create(pk=pk, name=name)
    sso.identity_provider_save(
        organisation=organisation,
        issuer_url=test_idp.url,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        scopes="openid profile email",
        domains=domains,
        trusted=trusted,
        sso_required=required,
        mfa_acr_values=mfa_acr,
        acting_user=None,
    )
    return organisation


def loopback(someone):
    """A browser of the journeys on 127.0.0.1, not "localhost": the OpenID provider accepts any
    port on 127.0.0.1 only (RFC 8252), and python3-saml only dotted or IP hosts in Leernet's
    SAML URLs."""
    someone.base_url = someone.base_url.replace("localhost", "127.0.0.1")
    return someone


def start_organisation_sign_in(someone, email, provider_url_glob):
    """Type the work address on Leernet's login page and wait for the provider's page."""
    page = someone.page
    page.get_by_label(re.compile("Je e-mailadres op het werk|Your work email address")).fill(email)
    page.locator("[data-testid=organisation-sign-in] button").click()
    page.wait_for_url(provider_url_glob)


def relative(url: str) -> str:
    """``url`` without scheme and host (for Django's test client)."""
    bits = urlsplit(url)
    return bits.path + (f"?{bits.query}" if bits.query else "")


@dataclass
class TestSAMLIdentityProvider:
    url: str
    process: subprocess.Popen

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/metadata"

    def sign_in(self, sso_url: str, email: str, password: str = SAML_PASSWORD) -> dict:
        """Sign ``email`` in on the IdP's form for the AuthnRequest in ``sso_url`` and return
        what its page posts back to Leernet: ``acs`` (the address), ``SAMLResponse`` and
        ``RelayState``; {} when it refuses them."""
        with requests.Session() as browser:
            form = browser.get(sso_url, timeout=30).text
            fields = dict(re.findall(r'name="(SAMLRequest|RelayState)" value="([^"]*)"', form))
            fields = {k: html.unescape(v) for k, v in fields.items()}
            answer = browser.post(
                f"{self.url}/sso", data={**fields, "email": email, "password": password}, timeout=30
            ).text
        action = re.search(r'action="([^"]+)"', answer)
        if action is None:
            return {}
        posted = dict(re.findall(r'name="(SAMLResponse|RelayState)" value="([^"]*)"', answer))
        return {"acs": html.unescape(action.group(1)), **posted}


@pytest.fixture(scope="session")
def test_saml_idp():
    """The test SAML identity provider (tests/saml_idp/server.py), for the whole test session."""
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 (the test provider, fixed arguments)
        [sys.executable, "-m", "tests.saml_idp.server", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/metadata", timeout=5).ok:
                break
        except requests.RequestException:
            time.sleep(0.3)
    else:
        process.kill()
        raise RuntimeError("the test SAML identity provider did not start")
    yield TestSAMLIdentityProvider(url=url, process=process)
    process.terminate()
    process.wait(timeout=30)


def connect_saml_organisation(test_saml_idp, *, pk, name, domains, trusted=True, mfa_acr=""):
    """An organisation connected to the test SAML IdP by its metadata URL, through the one
    service (accounts.sso.identity_provider_save)."""
    from accounts import sso  # noqa: PLC0415 (app registry: a fixture module loads before Django)
    from accounts.models import Organisation  # noqa: PLC0415 (app registry)

    organisation = Organisation.objects.create(pk=pk, name=name)
    sso.identity_provider_save(
        organisation=organisation,
        protocol="saml",
        saml_metadata_url=test_saml_idp.metadata_url,
        domains=domains,
        trusted=trusted,
        sso_required=False,
        mfa_acr_values=mfa_acr,
        acting_user=None,
    )
    return organisation
