"""The whole of Leernet as its users live it, on the real stack: a browser (Debian's chromium)
against the live server on PostgreSQL, a Celery worker process on Redis, and an SMTP server that
captures every email. Steps a–g of the journey issue, in order."""

import datetime
import io
import re
import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from networks.models import Network
from sessions.models import LearningSession

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("require_pdf"),
]

PASSWORD = "Een-sterk-wachtw00rd"
INVITEES = ["anna@example.org", "bert@example.org", "carla@example.org", "dirk@example.org"]


@pytest.fixture
def worker_site_url(live_server):
    return live_server.url


@pytest.fixture
def mail_via_smtp(settings, smtp_server, live_server):
    """The web process (live server) sends its own mail (allauth) to the same SMTP server."""
    settings.SITE_URL = live_server.url
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_USE_TLS = False
    return smtp_server


def _mail(server, to, subject_start="", timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for tos, message in reversed(list(server.messages)):
            if to in tos and message["Subject"].strip().startswith(subject_start):
                return message
        time.sleep(0.2)
    subjects = [(tos, m["Subject"]) for tos, m in server.messages]
    raise AssertionError(f"no mail to {to} starting {subject_start!r}; got {subjects}")


def _link(message, pattern):
    body = message.get_body(preferencelist=("plain",)).get_content()
    found = re.search(pattern, body)
    assert found, body
    return found.group(0)


def _sign_up(someone, server, *, name, email, english=False, confirm=True):
    """Sign up; with ``confirm``, confirm the address from the email. Through an invitation's
    link with the invited address there is nothing to confirm (the link proved it: 24.3)."""
    page = someone.page
    page.fill("#id_full_name", name)
    page.fill("#id_email", email)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.locator("main form button[type=submit]").click()
    if not confirm:
        return
    page.wait_for_url("**/accounts/confirm-email/")
    subject = "[Leernet] Please Confirm" if english else "[Leernet] Bevestig"
    someone.go(_link(_mail(server, email, subject), r"http://\S+/accounts/confirm-email/\S+/"))
    page.get_by_role("button", name="Confirm" if english else "Bevestigen").click()


def test_learning_network_journey(person, celery_worker_process, mail_via_smtp):
    inbox = mail_via_smtp

    # a. The facilitator signs up, confirms, creates a network (cap 12), opens it and the intake,
    #    and invites by email.
    fien = person("facilitator")
    fien.go("/accounts/signup/")
    _sign_up(fien, inbox, name="Fien Facilitator", email="fien@example.org")
    fien.page.wait_for_url("**/networks/")
    fien.go("/networks/new/")
    for selector, value in {
        "#id_name": "Valpreventie",
        "#id_theme": "Zorg",
        "#id_goal": "Samen vallen voorkomen.",
        "#id_participant_role": "Je brengt casussen mee.",
        "#id_rhythm": "Om de zes weken",
        "#id_duration": "Zes bijeenkomsten",
        "#id_start_date": timezone.localdate().isoformat(),
        "#id_end_date": (timezone.localdate() + datetime.timedelta(days=200)).isoformat(),
        "#id_member_cap": "12",
    }.items():
        fien.page.fill(selector, value)
    fien.page.select_option("#id_scope", "external")
    fien.page.get_by_role("button", name="Opslaan").click()
    fien.page.wait_for_url(re.compile(r".*/networks/\d+/$"))
    network = Network.objects.get(name="Valpreventie")
    assert network.member_cap == 12
    base = f"/networks/{network.pk}"
    fien.go(f"{base}/members/")
    fien.page.get_by_role("button", name="Status wijzigen naar: Open voor leden").click()
    fien.go(f"{base}/intake/")
    fien.page.fill("#id_deadline", (timezone.localdate() + datetime.timedelta(days=5)).isoformat())
    fien.page.get_by_role("button", name="Open de intake").click()
    fien.page.get_by_role("button", name="Ja, open de intake").click()  # it asks first
    fien.go(f"{base}/members/")
    fien.page.fill("#id_emails", ", ".join(INVITEES))
    fien.page.get_by_role("button", name="Uitnodigingen versturen").click()
    fien.page.get_by_role("button", name="Ja, verstuur de uitnodigingen").click()
    fien.snap()

    # b. Invitees open their links, sign up, accept the ground rules and fill in the intake.
    #    Dirk works in English.
    members = {}
    for email in INVITEES:
        name = email.split("@")[0].capitalize()
        english = name == "Dirk"
        someone = person(name.lower())
        members[name] = someone
        invitation = _mail(inbox, email, "Uitnodiging")
        someone.go(_link(invitation, r"http://\S+/networks/invitations/\S+/"))
        if english:
            someone.page.get_by_role("button", name="English").click()
        someone.page.get_by_role(
            "link", name="Create an account" if english else "Account aanmaken"
        ).click()
        _sign_up(someone, inbox, name=f"{name} Lid", email=email, english=english, confirm=False)
        someone.page.wait_for_url("**/networks/invitations/**")
        someone.page.get_by_label(
            "I have read the ground rules and accept them."
            if english
            else "Ik heb de groepsafspraken gelezen en aanvaard ze."
        ).check()
        someone.page.get_by_role(
            "button", name="Join the network" if english else "Word lid van het netwerk"
        ).click()
        # A new member lands on their next step: the open intake.
        someone.page.wait_for_url(f"**{base}/intake/")
        someone.page.fill("#id_expectations", "Van elkaar leren.")
        someone.page.fill("#id_personal_goals", f"Doel van {name}")
        someone.page.get_by_role(
            "button", name="Save my intake" if english else "Mijn intake opslaan"
        ).click()
        someone.snap()
    network.refresh_from_db()
    assert network.member_count == 4

    # c. Learning goals: drafted beside the personal goals, dot-voted, adopted.
    fien.go(f"{base}/goals/")
    expect(fien.page.get_by_text("Doel van Anna")).to_be_visible()
    for title in ["Valrisico inschatten", "Familie betrekken"]:
        fien.page.fill("#id_title", title)
        fien.page.get_by_role("button", name="Voeg het leerdoel toe").click()
    fien.go(f"{base}/votes/new/")
    fien.page.select_option("#id_kind", "goals")
    fien.page.fill("#id_title", "Welke leerdoelen?")
    fien.page.fill("#id_closes", (timezone.localdate() + datetime.timedelta(days=3)).isoformat())
    fien.page.get_by_role("button", name="Open de stemming").click()
    fien.page.get_by_role("button", name="Ja, open de stemming").click()
    vote_url = fien.page.url
    for name, points in [("Anna", ("3", "0")), ("Bert", ("2", "1")), ("Carla", ("0", "3"))]:
        someone = members[name]
        someone.go(vote_url)
        inputs = someone.page.locator("input[type=number]")
        inputs.nth(0).fill(points[0])
        inputs.nth(1).fill(points[1])
        someone.page.get_by_role("button", name="Mijn punten opslaan").click()
        expect(someone.page.get_by_text("De resultaten blijven verborgen")).to_be_visible()
    fien.go(vote_url)
    fien.page.get_by_role("button", name="Sluit de stemming").click()
    expect(fien.page.get_by_text("Valrisico inschatten: 5 punten")).to_be_visible()
    fien.go(f"{base}/goals/")
    fien.page.get_by_label(re.compile("Valrisico inschatten")).check()
    fien.page.get_by_label(re.compile("Familie betrekken")).check()
    fien.page.get_by_role("button", name="Neem de gekozen doelen aan").click()
    fien.snap()

    # d. The kickoff, with the suggested agenda of work forms; RSVPs (Dirk declines with an
    #    apology); time passes; attendance is registered and the session is held.
    fien.go(f"/networks/{network.pk}/sessions/new/")
    fien.page.fill("#id_title", "Kennismaking")
    fien.page.select_option("#id_kind", "kickoff")
    fien.page.fill("#id_date", (timezone.localdate() + datetime.timedelta(days=2)).isoformat())
    fien.page.fill("#id_start_time", "13:00")
    fien.page.fill("#id_end_time", "16:00")
    fien.page.get_by_role("button", name="Opslaan").click()
    fien.page.get_by_role("button", name="Ja, plan ze en mail de leden").click()
    fien.page.wait_for_url(re.compile(r".*/sessions/\d+/$"))
    session_url = fien.page.url
    expect(fien.page.get_by_role("link", name="Kennismakingsronde")).to_be_visible()
    for name in ["Anna", "Bert", "Carla", "Dirk"]:
        someone = members[name]
        someone.go(session_url)
        if name == "Dirk":
            someone.page.get_by_label("Not attending").check()
            someone.page.fill("#id_apology", "Sorry, night shift.")
            someone.page.get_by_role("button", name="Save my answer").click()
        else:
            someone.page.get_by_label("Ik kom", exact=True).check()
            someone.page.get_by_role("button", name="Mijn antwoord opslaan").click()
    session = LearningSession.objects.get(network=network, number=1)
    LearningSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    fien.go(f"/sessions/{session.pk}/attendance/")
    fien.page.get_by_role("button", name="Opslaan en de bijeenkomst als gehouden markeren…").click()
    # It asks first: marking it held cannot be undone and emails the evaluation.
    expect(
        fien.page.get_by_role("heading", name="Bijeenkomst 1 als gehouden markeren?")
    ).to_be_visible()
    fien.page.get_by_role("button", name="Ja, markeer ze als gehouden").click()
    expect(fien.page.get_by_text("de bijeenkomst is als gehouden gemarkeerd")).to_be_visible()

    # e. The present members evaluate; the facilitator sees results only from k = 3 answers.
    for count, name in enumerate(["Anna", "Bert", "Carla"], start=1):
        someone = members[name]
        invitation = _mail(inbox, f"{name.lower()}@example.org", "Je mening graag")
        someone.go(_link(invitation, r"http://\S+/evaluations/\d+/"))
        for radio_group in someone.page.locator("input[type=radio][value='4']").all():
            radio_group.check()
        someone.page.get_by_role("button", name="Mijn antwoorden versturen").click()
        results_url = invitation and re.sub(
            r"/$", "/results/", _link(invitation, r"/evaluations/\d+/")
        )
        fien.go(results_url)
        if count < 3:
            expect(fien.page.get_by_text("Er zijn te weinig antwoorden")).to_be_visible()
        else:
            expect(fien.page.get_by_text("Gemiddelde").first).to_be_visible()
    fien.snap()

    # f. Minutes: written, published, the PDF emailed to the absent member, shown as sent.
    fien.go(f"/sessions/{session.pk}/minutes/edit/")
    fien.page.fill("#id_summary", "We leerden elkaar kennen en kozen **twee leerdoelen**.")
    fien.page.get_by_role("button", name="Publiceren en versturen").click()
    # the confirmation page names who gets the PDF before anything is sent
    expect(fien.page.get_by_text("De mensen hieronder krijgen het verslag")).to_be_visible()
    fien.page.get_by_role("button", name="Ja, publiceer en verstuur").click()
    minutes_mail = _mail(inbox, "dirk@example.org", "Valpreventie: minutes of session 1")
    [attachment] = list(minutes_mail.iter_attachments())
    pdf = attachment.get_content()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert pdf.startswith(b"%PDF")
    assert "Kennismaking" in text
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        fien.page.reload()
        if fien.page.get_by_text("Verstuurd").count():
            break
        time.sleep(0.5)
    expect(fien.page.get_by_text("Verstuurd").first).to_be_visible()
    fien.snap()

    # g. Each sees only their own language.
    dirk, anna = members["Dirk"], members["Anna"]
    dirk.go("/networks/")
    anna.go("/networks/")
    expect(dirk.page.get_by_role("heading", name="To do")).to_be_visible()
    assert "Te doen" not in dirk.page.content()
    expect(anna.page.get_by_role("heading", name="Te doen")).to_be_visible()
    assert "To do" not in anna.page.content()
