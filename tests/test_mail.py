"""Every email renders its subject and text part as text and its HTML part escaped.

The messages are read back the way a mail client reads them: the bytes on the wire parsed by
Python's ``email`` package with the default (modern) policy, which decodes encoded words and
transfer encodings.
"""

import email
import email.policy
import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from core.mail import build_templated_mail
from networks import services as network_services
from networks.enums import Role
from tests.factories import JoinRequestFactory, NetworkFactory, UserFactory

pytestmark = pytest.mark.django_db

NETWORK_NAME = """Zorg & Welzijn "Noord" <Oost>"""
PERSON = """Ann D'hondt & <Zoë> "Z\""""
MOTIVATION = """Ik wil leren over "valpreventie" & <meer>; dat is 't belangrijkste."""


def _parsed(message):
    """The message as a mail client sees it."""
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


def _parts(parsed):
    text = parsed.get_body(preferencelist=("plain",)).get_content()
    html_part = parsed.get_body(preferencelist=("html",))
    return text, html_part.get_content() if html_part is not None else None


def test_builder_keeps_subject_and_text_as_typed_and_escapes_html():
    network = NetworkFactory(name=NETWORK_NAME)
    join_request = JoinRequestFactory(
        network=network, user=UserFactory(full_name=PERSON), motivation=MOTIVATION
    )

    message = build_templated_mail(
        template="networks/email/join_request",
        context={
            "join_request": join_request,
            "network": network,
            "url": "https://x.test/?a=1&b=2",
        },
        to="begeleider@example.org",
        language="nl",
    )

    parsed = _parsed(message)
    text, html = _parts(parsed)
    assert parsed["Subject"] == f"Nieuwe aanvraag om lid te worden van {NETWORK_NAME}"
    assert text.splitlines()[0] == f"{PERSON} vraagt om lid te worden van {NETWORK_NAME}."
    assert MOTIVATION in text.splitlines()
    assert "https://x.test/?a=1&b=2" in text
    assert "&amp;" not in text
    assert "&quot;" not in text
    assert "&#x27;" not in text
    assert "&lt;" not in text
    assert (
        "Ann D&#x27;hondt &amp; &lt;Zoë&gt; &quot;Z&quot; vraagt om lid te worden van "
        "Zorg &amp; Welzijn &quot;Noord&quot; &lt;Oost&gt;."
    ) in html
    assert "<Zoë>" not in html
    assert "<Oost>" not in html


def test_builder_keeps_english_subject_as_typed():
    network = NetworkFactory(name=NETWORK_NAME)
    join_request = JoinRequestFactory(network=network)

    message = build_templated_mail(
        template="networks/email/join_request",
        context={"join_request": join_request, "network": network, "url": "https://x.test/"},
        to="begeleider@example.org",
        language="en",
    )

    assert _parsed(message)["Subject"] == f"New request to join {NETWORK_NAME}"


def test_join_request_email_from_the_outbox_arrives_as_typed(on_commit):
    facilitator = UserFactory(email="begeleider@example.org", language="en")
    network = NetworkFactory(name=NETWORK_NAME, created_by=facilitator)

    with on_commit(execute=True):
        network_services.join_request_create(
            network=network,
            acting_user=UserFactory(full_name=PERSON),
            motivation=MOTIVATION,
            accept_ground_rules=True,
        )

    [message] = mail.outbox
    parsed = _parsed(message)
    text, html = _parts(parsed)
    assert parsed["To"] == "begeleider@example.org"
    assert parsed["Subject"] == f"New request to join {NETWORK_NAME}"
    assert text.splitlines()[0] == f"{PERSON} asks to join {NETWORK_NAME}."
    assert MOTIVATION in text.splitlines()
    assert "Zorg &amp; Welzijn &quot;Noord&quot; &lt;Oost&gt;" in html


def test_invitation_email_arrives_as_typed(on_commit):
    inviter = UserFactory(full_name=PERSON)
    network = NetworkFactory(
        name=NETWORK_NAME, goal="Vallen & <breuken> 'voorkomen'", created_by=inviter
    )
    with on_commit(execute=True):
        network_services.invitation_create(
            network=network, email="nieuw@example.org", role=Role.MEMBER, acting_user=inviter
        )

    assert len(mail.outbox) == 1
    parsed = _parsed(mail.outbox[0])
    text, html = _parts(parsed)
    assert parsed["To"] == "nieuw@example.org"
    assert parsed["Subject"] == f"Uitnodiging voor het lerend netwerk {NETWORK_NAME}"
    assert text.splitlines()[0] == (
        f"{PERSON} nodigt je uit voor het lerend netwerk “{NETWORK_NAME}” op Leernet."
    )
    assert "Doel: Vallen & <breuken> 'voorkomen'" in text.splitlines()
    assert "Zorg &amp; Welzijn &quot;Noord&quot; &lt;Oost&gt;" in html
    assert "Vallen &amp; &lt;breuken&gt; &#x27;voorkomen&#x27;" in html


def test_allauth_confirmation_email_goes_through_the_text_rendering(client, on_commit):
    with on_commit(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "full_name": PERSON,
                "email": "ann@example.org",
                "organisation_not_listed": "WZC <Ter> & Linde",
                "job_function": "",
                "password1": "Een-sterk-wachtw00rd",
                "password2": "Een-sterk-wachtw00rd",
            },
        )

    assert response.status_code == 302
    parsed = _parsed(mail.outbox[-1])
    text, html = _parts(parsed)
    assert parsed["Subject"].startswith("[Leernet] ")
    assert html is None
    assert f"gebruiker {PERSON} " in text
    assert re.search(re.escape(settings.SITE_URL) + r"/accounts/confirm-email/\S+/", text)
