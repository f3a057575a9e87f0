"""A facilitator signs up, confirms the email, creates a network and invites; an invitee without
an account signs up from the invitation and joins — all in a real browser."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from networks.enums import MembershipStatus
from networks.models import Membership, Network
from tests.e2e.conftest import link_from_last_mail

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Een-sterk-wachtw00rd"


def _sign_up(someone, *, full_name, email, confirm=True):
    """Fill in the sign-up form and send it; with ``confirm``, confirm the address from the
    email (an invitation's link proves it already: issue 24.3)."""
    page = someone.page
    page.fill("#id_full_name", full_name)
    page.fill("#id_email", email)
    page.fill("#id_organisation_not_listed", "WZC Ter Linde")  # not listed: a proposal
    page.fill("#id_job_function", "Zorgcoördinator")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.get_by_role("button", name="Registreren").click()
    if not confirm:
        return
    page.wait_for_url("**/accounts/confirm-email/")
    someone.snap()
    someone.go(link_from_last_mail(email, r"http://\S+/accounts/confirm-email/\S+/"))
    page.get_by_role("button", name="Bevestigen").click()


def test_facilitator_creates_network_and_invitee_joins(person, live_server, settings):
    settings.SITE_URL = live_server.url
    fien = person("facilitator")
    fien.go("/accounts/signup/")
    _sign_up(fien, full_name="Fien Facilitator", email="fien@example.org")
    fien.page.wait_for_url("**/networks/")
    expect(fien.page.get_by_role("heading", name="Te doen")).to_be_visible()

    fien.go("/networks/new/")
    form = {
        "#id_name": "Valpreventie",
        "#id_theme": "Zorg",
        "#id_goal": "Samen vallen voorkomen.",
        "#id_participant_role": "Je brengt casussen mee.",
        "#id_rhythm": "Om de zes weken",
        "#id_duration": "Zes bijeenkomsten",
        "#id_start_date": "2027-01-12",
        "#id_end_date": "2027-06-30",
        "#id_member_cap": "12",
    }
    for selector, value in form.items():
        fien.page.fill(selector, value)
    fien.page.select_option("#id_scope", "external")
    fien.page.get_by_role("button", name="Opslaan").click()
    fien.page.wait_for_url(re.compile(r".*/networks/\d+/$"))
    fien.snap()
    network = Network.objects.get(name="Valpreventie")
    assert network.member_cap == 12

    fien.page.locator(".network-menu > summary").click()  # the network's pages: one menu
    fien.page.get_by_role("link", name="Leden en uitnodigingen").click()
    fien.page.get_by_role("button", name="Status wijzigen naar: Open voor leden").click()
    fien.page.fill("#id_emails", "nina@example.org, omar@example.org")
    fien.page.get_by_role("button", name="Uitnodigingen versturen").click()
    # Inviting emails people: the confirmation page says who gets what first (issue 24.10).
    expect(fien.page.get_by_role("heading", name="Wie een e-mail krijgt")).to_be_visible()
    fien.page.get_by_role("button", name="Ja, verstuur de uitnodigingen", exact=True).click()
    expect(
        fien.page.get_by_text("Uitnodiging verstuurd naar: nina@example.org, omar@example.org")
    ).to_be_visible()
    fien.snap()

    nina = person("invitee")
    (invitation_subject,) = [m.subject for m in mail.outbox if "nina@example.org" in m.to]
    nina.go(link_from_last_mail("nina@example.org", r"http://\S+/networks/invitations/\S+/"))
    assert nina.page.get_by_role("heading", name="Je bent uitgenodigd voor Valpreventie")
    nina.page.get_by_role("link", name="Account aanmaken").click()
    expect(nina.page.locator("#id_email")).to_have_value("nina@example.org")  # prefilled
    _sign_up(nina, full_name="Nina Nieuw", email="nina@example.org", confirm=False)
    nina.page.wait_for_url("**/networks/invitations/**")
    assert [m.subject for m in mail.outbox if "nina@example.org" in m.to] == [
        invitation_subject
    ]  # the invitation only: no second round trip to confirm the address
    nina.page.get_by_label("Ik heb de groepsafspraken gelezen en aanvaard ze.").check()
    nina.page.get_by_role("button", name="Word lid van het netwerk").click()
    nina.page.wait_for_url(f"**/networks/{network.pk}/")
    nina.snap()
    expect(nina.page.get_by_text("Welkom bij Valpreventie!")).to_be_visible()

    membership = Membership.objects.get(network=network, user__email="nina@example.org")
    assert membership.status == MembershipStatus.ACTIVE
    fien.page.reload()
    expect(fien.page.get_by_role("cell", name="Nina Nieuw nina@example.org")).to_be_visible()
    expect(fien.page.get_by_text("1 van 12 plaatsen bezet")).to_be_visible()
