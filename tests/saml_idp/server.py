"""A tiny real SAML 2.0 identity provider for the SSO tests (issue 26), run as its own process:
``python -m tests.saml_idp.server PORT``. Standard library HTTP server; the XML signatures are
made by python3-saml's ``add_sign`` (xmlsec), with a key and certificate it makes at start and
publishes in its metadata. Not a mock of allauth: Leernet fetches its metadata over HTTP, sends
it an AuthnRequest (HTTP-Redirect binding) and receives a signed Response (HTTP-POST binding).

Endpoints: ``/metadata`` (IdP metadata), ``/sso`` (GET: the sign-in form for the AuthnRequest;
POST: the person's email and password, answered by a page that posts the SAMLResponse to the
service provider's Assertion Consumer Service). People are in ``PEOPLE``; some are broken on
purpose to test Leernet's refusals (``behaviour``).
"""

import base64
import datetime
import html
import sys
import uuid
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree
from onelogin.saml2.utils import OneLogin_Saml2_Utils

PASSWORD = "saml-password-1"  # noqa: S105 (people of the test provider)
MFA_CONTEXT = "urn:zorg:saml:mfa"
PASSWORD_CONTEXT = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
# behaviour: "" (a good answer), "mfa" (two-factor context), "tampered" (changed after signing),
# "unsigned", "audience" (for another service provider), "other_key" (signed with a key that is
# not in the metadata)
PEOPLE = {
    "saar@saml.be": {"first_name": "Saar", "last_name": "Peeters", "behaviour": ""},
    "mo@saml.be": {"first_name": "Mo", "last_name": "Amrani", "behaviour": "mfa"},
    "tamper@saml.be": {"first_name": "Tam", "last_name": "Per", "behaviour": "tampered"},
    "unsigned@saml.be": {"first_name": "Un", "last_name": "Signed", "behaviour": "unsigned"},
    "audience@saml.be": {"first_name": "Au", "last_name": "Dience", "behaviour": "audience"},
    "otherkey@saml.be": {"first_name": "Ot", "last_name": "Her", "behaviour": "other_key"},
    # sends preferredLanguage (the account's language)
    "lien@saml.be": {"first_name": "Lien", "last_name": "Claes", "behaviour": "", "lang": "en-GB"},
}
NS = {
    "samlp": "urn:oasis:names:tc:SAML:2.0:protocol",
    "saml": "urn:oasis:names:tc:SAML:2.0:assertion",
}


def make_key_and_cert(name: str) -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return key_pem, cert.public_bytes(serialization.Encoding.PEM).decode()


KEY, CERT = make_key_and_cert("Leernet test SAML IdP")
OTHER_KEY, OTHER_CERT = make_key_and_cert("Someone else")


def cert_body(cert_pem: str) -> str:
    return "".join(line for line in cert_pem.splitlines() if "CERTIFICATE" not in line)


def instant(delta_minutes: int = 0) -> str:
    moment = datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=delta_minutes)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def metadata(base: str) -> str:
    return f"""<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="{base}/metadata">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"
      WantAuthnRequestsSigned="false">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data>
        <ds:X509Certificate>{cert_body(CERT)}</ds:X509Certificate>
      </ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
        Location="{base}/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>"""


def read_authn_request(encoded: str) -> dict:
    xml = zlib.decompress(base64.b64decode(encoded), -15)
    root = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    return {
        "id": root.get("ID"),
        "acs": root.get("AssertionConsumerServiceURL"),
        "sp": root.findtext("saml:Issuer", namespaces=NS),
    }


def assertion(base: str, request: dict, email: str, person: dict) -> str:
    behaviour = person["behaviour"]
    audience = "https://someone-else.example/saml" if behaviour == "audience" else request["sp"]
    context = MFA_CONTEXT if behaviour == "mfa" else PASSWORD_CONTEXT
    attributes = {"email": email, "givenName": person["first_name"], "sn": person["last_name"]}
    if person.get("lang"):
        attributes["preferredLanguage"] = person["lang"]
    statements = "".join(
        f'<saml:Attribute Name="{name}"><saml:AttributeValue xsi:type="xs:string">'
        f"{html.escape(value)}</saml:AttributeValue></saml:Attribute>"
        for name, value in attributes.items()
    )
    return f"""<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
 ID="_a{uuid.uuid4().hex}" Version="2.0" IssueInstant="{instant()}">
<saml:Issuer>{base}/metadata</saml:Issuer>
<saml:Subject>
<saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">{email}</saml:NameID>
<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
<saml:SubjectConfirmationData NotOnOrAfter="{instant(5)}" Recipient="{request["acs"]}"
 InResponseTo="{request["id"]}"/>
</saml:SubjectConfirmation>
</saml:Subject>
<saml:Conditions NotBefore="{instant(-1)}" NotOnOrAfter="{instant(5)}">
<saml:AudienceRestriction><saml:Audience>{audience}</saml:Audience></saml:AudienceRestriction>
</saml:Conditions>
<saml:AuthnStatement AuthnInstant="{instant()}" SessionIndex="_s{uuid.uuid4().hex}">
<saml:AuthnContext><saml:AuthnContextClassRef>{context}</saml:AuthnContextClassRef></saml:AuthnContext>
</saml:AuthnStatement>
<saml:AttributeStatement>{statements}</saml:AttributeStatement>
</saml:Assertion>"""


def saml_response(base: str, request: dict, email: str) -> str:
    person = PEOPLE[email]
    behaviour = person["behaviour"]
    unsigned = assertion(base, request, email, person)
    if behaviour == "unsigned":
        signed = unsigned
    else:
        key, cert = (OTHER_KEY, OTHER_CERT) if behaviour == "other_key" else (KEY, CERT)
        signed = OneLogin_Saml2_Utils.add_sign(unsigned, key, cert).decode()
        signed = signed.removeprefix('<?xml version="1.0"?>\n')
    if behaviour == "tampered":  # someone changed the address after the IdP signed it
        signed = signed.replace(f">{email}<", ">boss@saml.be<")
    response = f"""<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"
 xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r{uuid.uuid4().hex}" Version="2.0"
 IssueInstant="{instant()}" Destination="{request["acs"]}" InResponseTo="{request["id"]}">
<saml:Issuer>{base}/metadata</saml:Issuer>
<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
{signed}
</samlp:Response>"""
    return base64.b64encode(response.encode()).decode()


def page(title: str, body: str) -> bytes:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta name="viewport" content="width=device-width"></head><body><h1>{title}</h1>'
        f"{body}</body></html>"
    ).encode()


def hidden(name: str, value: str) -> str:
    return f'<input type="hidden" name="{name}" value="{html.escape(value or "")}">'


class Handler(BaseHTTPRequestHandler):
    def _send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    @property
    def base(self) -> str:
        return f"http://{self.headers['Host']}"

    def do_GET(self):  # noqa: N802 (http.server's name)
        url = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        if url.path == "/metadata":
            self._send(200, metadata(self.base).encode(), "application/samlmetadata+xml")
        elif url.path == "/sso" and query.get("SAMLRequest"):
            form = (
                '<form method="post" action="/sso">'
                + hidden("SAMLRequest", query["SAMLRequest"])
                + hidden("RelayState", query.get("RelayState", ""))
                + '<label>Email <input name="email" type="email"></label> '
                '<label>Password <input name="password" type="password"></label> '
                '<button type="submit">Sign in at the test IdP</button></form>'
            )
            self._send(200, page("Test SAML identity provider", form))
        else:
            self._send(404, page("Not found", ""))

    def do_POST(self):  # noqa: N802 (http.server's name)
        length = int(self.headers.get("Content-Length") or 0)
        data = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        email = data.get("email", "").lower()
        if email not in PEOPLE or data.get("password") != PASSWORD:
            self._send(200, page("Wrong email or password", ""))
            return
        request = read_authn_request(data["SAMLRequest"])
        form = (
            f'<form id="back" method="post" action="{html.escape(request["acs"])}">'
            + hidden("SAMLResponse", saml_response(self.base, request, email))
            + hidden("RelayState", data.get("RelayState", ""))
            + '<button type="submit">Continue to the service</button></form>'
            "<script>document.getElementById('back').submit()</script>"
        )
        self._send(200, page("Signing you in", form))

    def log_message(self, *args):  # quiet
        pass


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
