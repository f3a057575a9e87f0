"""The learning portfolio and the participation statement (issue 14, parts 1 and 2)."""

import datetime
import io
import re

import pypdfium2
import pytest
import zxingcpp
from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core.errors import ApplicationError
from core.models import AuditEvent
from core.stored_pdf import PdfState
from evaluations import holding
from evaluations import services as evaluation_services
from evaluations.enums import GoalStatus, QuestionnaireKind, QuestionType
from evaluations.models import (
    Answer,
    Intake,
    IntakeResponse,
    LearningGoal,
    Question,
    Questionnaire,
    Response,
)
from minutes.enums import ActionStatus
from minutes.models import ActionItem, Minutes
from networks.enums import NetworkStatus
from portfolio import services as portfolio_services
from portfolio import tasks
from portfolio.audit import AuditAction
from portfolio.models import ParticipationStatement, PortfolioPdf, SessionReflection, StatementPdf
from sessions.enums import AgendaRole, AttendanceStatus, QuestionStatus, SessionStatus
from sessions.models import AgendaItem, AgendaRoleAssignment, Attendance, PracticeQuestion
from tests.factories import MembershipFactory, SessionFactory, UserFactory
from tests.utils import count_queries, get_without_rendering, stored_pdf_download

pytestmark = pytest.mark.django_db

ANONYMOUS_PHRASE = "paarse-olifant-zegt-niets-7731"


def _held(network, number, hours, *, days_ago):
    start = timezone.now() - datetime.timedelta(days=days_ago)
    return SessionFactory(
        network=network,
        number=number,
        title=f"Bijeenkomst {number}",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=hours),
        status=SessionStatus.HELD,
    )


@pytest.fixture
def history(network, member, facilitator):
    """Mona's history: 2 h present, 1.5 h late, 3 h absent, 1 h excused; a planned session."""
    sessions = [
        _held(network, 1, 2, days_ago=40),
        _held(network, 2, 1.5, days_ago=30),
        _held(network, 3, 3, days_ago=20),
        _held(network, 4, 1, days_ago=10),
    ]
    statuses = [
        AttendanceStatus.PRESENT,
        AttendanceStatus.LATE,
        AttendanceStatus.ABSENT,
        AttendanceStatus.EXCUSED,
    ]
    for session, status in zip(sessions, statuses, strict=True):
        Attendance.objects.create(session=session, user=member, status=status)
    SessionFactory(network=network, number=5, title="Nog te komen")
    AgendaRoleAssignment.objects.create(
        session=sessions[0], role=AgendaRole.NOTE_TAKER, user=member
    )
    minutes = Minutes.objects.create(session=sessions[0], summary="Verslag")
    ActionItem.objects.create(
        minutes=minutes,
        what="Valmatten uitproberen",
        owner=member,
        status=ActionStatus.DONE,
        outcome="Werkte goed op de afdeling",
    )
    item = AgendaItem.objects.create(session=sessions[1], title="Casus", duration_minutes=30)
    PracticeQuestion.objects.create(
        network=network,
        author=member,
        title="Hoe betrek ik familie?",
        status=QuestionStatus.DISCUSSED,
        agenda_item=item,
    )
    intake = Intake.objects.create(
        network=network, deadline=timezone.now() + datetime.timedelta(days=3)
    )
    IntakeResponse.objects.create(
        intake=intake, user=member, expectations="Veel", personal_goals="Beter luisteren\n"
    )
    LearningGoal.objects.create(
        network=network, title="Valrisico inschatten", status=GoalStatus.ADOPTED
    )
    return sessions


def test_roles_on_agenda_items_count_in_the_portfolio(client, network, member, history):
    item = AgendaItem.objects.create(
        session=history[1], title="Vallen 's nachts", position=2, duration_minutes=20
    )
    first = AgendaItem.objects.create(
        session=history[1], title="Intro", position=1, duration_minutes=10
    )
    AgendaRoleAssignment.objects.create(
        session=history[1], item=item, role=AgendaRole.CASE_OWNER, user=member
    )
    AgendaRoleAssignment.objects.create(
        session=history[1], item=first, role=AgendaRole.TIMEKEEPER, user=member
    )
    AgendaRoleAssignment.objects.create(session=history[1], role=AgendaRole.CHAIR, user=member)
    client.force_login(member)

    response = client.get(_portfolio_url(network))

    rows = {row["session"].pk: row["roles"] for row in response.context["rows"]}
    assert rows[history[1].pk] == [
        "Voorzitter",
        "Tijdsbewaker: Intro",
        "Inbrenger: Vallen 's nachts",
    ]
    assert rows[history[0].pk] == ["Notulist"]
    assert [s.pk for s, roles in response.context["roles_taken"]] == [history[0].pk, history[1].pk]


def _portfolio_url(network):
    return reverse("reports:portfolio", kwargs={"pk": network.pk})


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_hours_equal_the_sum_of_the_sessions_attended(client, network, member, history):
    client.force_login(member)
    response = client.get(_portfolio_url(network))
    assert response.status_code == 200
    # 2 h present + 1.5 h late; the absent and excused sessions do not count
    expected = sum(s.duration_minutes for s in history[:2])
    assert response.context["total_minutes"] == expected == 210
    assert response.context["sessions_attended"] == 2
    assert response.context["sessions_held"] == 4
    html = response.content.decode()
    assert "Beter luisteren" in html
    assert "Valmatten uitproberen" in html
    assert "Werkte goed op de afdeling" in html
    assert "Hoe betrek ik familie?" in html
    assert "Notulist" in html or "Note-taker" in html

    pdf = stored_pdf_download(client, reverse("reports:portfolio_pdf", kwargs={"pk": network.pk}))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Cache-Control"] == "no-store"
    text = _pdf_text(pdf.content)
    assert "Valmatten uitproberen" in text
    assert "3.50" in text or "3,50" in text


def _answer_all(questionnaire, phrase):
    answers = {}
    for question in questionnaire.questions.all():
        if question.type in (QuestionType.SCALE, QuestionType.GOAL_SCALE):
            answers[question.pk] = "4"
        elif question.type in (QuestionType.SHORT, QuestionType.LONG):
            answers[question.pk] = phrase
        elif question.type == QuestionType.SINGLE:
            answers[question.pk] = question.choices[0]
        else:
            answers[question.pk] = [question.choices[0]]
    return answers


def test_no_anonymous_answer_appears_in_the_portfolio(
    client, network, member, facilitator, history
):
    network.anonymous_evaluations = True
    network.save(update_fields=["anonymous_evaluations"])
    others = [MembershipFactory(network=network).user for _ in range(2)]
    questionnaire = evaluation_services.final_evaluation_open(
        network=network,
        closes_at=timezone.now() + datetime.timedelta(days=7),
        acting_user=facilitator,
    )
    assert questionnaire.anonymous
    for person in [member, *others]:
        evaluation_services.response_submit(
            questionnaire=questionnaire,
            answers=_answer_all(questionnaire, ANONYMOUS_PHRASE),
            acting_user=person,
        )
    assert holding.release(questionnaire_id=questionnaire.pk) == 3
    assert Answer.objects.filter(text=ANONYMOUS_PHRASE).exists()

    client.force_login(member)
    response = client.get(_portfolio_url(network))
    html = response.content.decode()
    assert ANONYMOUS_PHRASE not in html
    # no rating either: the only final evaluation was anonymous
    assert "final evaluation" not in html
    assert "eindevaluatie" not in html
    pdf = stored_pdf_download(client, reverse("reports:portfolio_pdf", kwargs={"pk": network.pk}))
    assert pdf["Content-Type"] == "application/pdf"
    assert ANONYMOUS_PHRASE not in _pdf_text(pdf.content)


def test_a_named_final_evaluation_shows_my_rating_of_each_goal(client, network, member, history):
    goal = LearningGoal.objects.get(network=network)
    questionnaire = Questionnaire.objects.create(
        network=network,
        kind=QuestionnaireKind.FINAL,
        title="Eind",
        anonymous=False,
        closes_at=timezone.now() + datetime.timedelta(days=1),
    )
    question = Question.objects.create(
        questionnaire=questionnaire, type=QuestionType.GOAL_SCALE, text="Doel?", goal=goal
    )
    response = Response.objects.create(questionnaire=questionnaire, user=member)
    Answer.objects.create(response=response, question=question, value=4)
    client.force_login(member)
    context = client.get(_portfolio_url(network)).context
    assert [(row["goal"], row["rating"]) for row in context["goals"]] == [(goal, 4)]


@pytest.mark.parametrize("who", ["other_member", "facilitator", "outsider"])
def test_only_the_member_opens_their_portfolio(client, network, member, facilitator, who, history):
    people = {
        "other_member": MembershipFactory(network=network).user,
        "facilitator": facilitator,
        "outsider": UserFactory(),
    }
    client.force_login(people[who])
    for name in ("reports:portfolio", "reports:portfolio_pdf", "reports:statement_pdf"):
        response = client.get(reverse(name, kwargs={"pk": network.pk}))
        # another member sees their own (empty) portfolio, never Mona's
        if who == "other_member" and name == "reports:portfolio":
            assert "Valmatten uitproberen" not in response.content.decode()
        elif who == "other_member":
            assert response.status_code in (200, 302)
        else:
            assert response.status_code == 404, (name, who)


def test_the_portfolio_pdf_renders_once_per_change_and_never_in_the_request(
    client, network, member, history
):
    client.force_login(member)
    url = reverse("reports:portfolio_pdf", kwargs={"pk": network.pk})

    def get():
        return get_without_rendering(client, url)

    page, callbacks = get()
    assert page["Content-Type"].startswith("text/html")
    assert f"{url}?waited=1" in page.content.decode()
    assert len(callbacks) == 1
    pdf = PortfolioPdf.objects.get(user=member, network=network)
    tasks.render_portfolio_pdf.delay(report_id=pdf.pk)  # the worker (eager in tests)
    first, callbacks = get()
    second, more = get()
    assert first["Content-Type"] == second["Content-Type"] == "application/pdf"
    assert (callbacks, more, first.content) == ([], [], second.content)
    pdf.refresh_from_db()
    assert pdf.pdf_renders == 1

    # A new reflection is a new version: rendered again, once; the older one goes.
    client.post(
        reverse("reports:reflection_save", kwargs={"pk": network.pk, "session_id": history[0].pk}),
        {"text": "Rustig blijven werkt."},
    )
    page, callbacks = get()
    assert page["Content-Type"].startswith("text/html")
    assert len(callbacks) == 1
    with TestCase.captureOnCommitCallbacks(execute=True):
        callbacks[0]()
    download, _callbacks = get()
    assert "Rustig blijven werkt." in _pdf_text(download.content)
    new = PortfolioPdf.objects.get(user=member, network=network)
    assert (new.pk != pdf.pk, new.pdf_renders) == (True, 1)

    # Account deletion takes the stored portfolio with the reflections.
    portfolio_services.portfolio_erase_user(user=member, old_email="", old_name="")
    assert not PortfolioPdf.objects.filter(user=member).exists()

    # Nobody else's portfolio: another member gets their own, never this one.
    other = MembershipFactory(network=network).user
    client.force_login(other)
    assert stored_pdf_download(client, url)["Content-Type"] == "application/pdf"
    assert list(PortfolioPdf.objects.values_list("user", flat=True)) == [other.pk]


def test_reflection_is_saved_for_me_only(client, network, member, history):
    client.force_login(member)
    url = reverse("reports:reflection_save", kwargs={"pk": network.pk, "session_id": history[0].pk})
    client.post(url, {"text": "Ik leerde rustig te blijven."})
    assert SessionReflection.objects.get(user=member).text == "Ik leerde rustig te blijven."
    assert "Ik leerde rustig te blijven." in client.get(_portfolio_url(network)).content.decode()
    # too long: a message, nothing changed
    response = client.post(url, {"text": "x" * 4001}, follow=True)
    assert SessionReflection.objects.get(user=member).text == "Ik leerde rustig te blijven."
    assert list(response.context["messages"])
    # another member's portfolio sees nothing of it
    other = MembershipFactory(network=network).user
    client.force_login(other)
    assert "rustig te blijven" not in client.get(_portfolio_url(network)).content.decode()


def test_statement_for_a_network_that_has_not_ended(client, network, member, history):
    client.force_login(member)
    response = client.post(
        reverse("reports:statement_issue", kwargs={"pk": network.pk}), follow=True
    )
    assert response.status_code == 200
    assert any("ended" in str(m) or "afgelopen" in str(m) for m in response.context["messages"])
    assert not ParticipationStatement.objects.exists()


@pytest.fixture
def statement(client, network, member, history):
    network.status = NetworkStatus.CLOSED
    network.save(update_fields=["status"])
    client.force_login(member)
    response = client.post(reverse("reports:statement_issue", kwargs={"pk": network.pk}))
    assert response.status_code == 302
    return ParticipationStatement.objects.get()


def test_statement_verification_shows_the_facts(client, network, member, facilitator, statement):
    assert statement.minutes_attended == 210
    assert (statement.sessions_attended, statement.sessions_held) == (2, 4)
    assert statement.member_name == "Mona Member"
    assert facilitator.full_name in statement.facilitator_names
    assert AuditEvent.objects.filter(action=AuditAction.STATEMENT_ISSUED).count() == 1
    pdf = stored_pdf_download(client, reverse("reports:statement_pdf", kwargs={"pk": network.pk}))
    assert pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(pdf.content)
    assert "Mona Member" in text
    assert network.name in text
    assert len(PdfReader(io.BytesIO(pdf.content)).pages) == 1
    # a second request returns the same statement
    client.post(reverse("reports:statement_issue", kwargs={"pk": network.pk}))
    assert ParticipationStatement.objects.count() == 1

    client.logout()
    page = client.get(statement.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    for fact in ("Mona Member", network.name, facilitator.full_name, "3.50"):
        assert fact in html or fact.replace(".", ",") in html, fact
    assert re.search(r"\b2\b[^<\d]{1,20}\b4\b", html)  # 2 of 4 held ("2 van de 4")


def test_the_statement_pdf_renders_once_per_language_and_never_in_the_request(
    client, network, member, statement
):
    url = reverse("reports:statement_pdf", kwargs={"pk": network.pk})

    def get():
        return get_without_rendering(client, url)

    page, callbacks = get()
    assert page["Content-Type"].startswith("text/html")
    assert f"{url}?waited=1" in page.content.decode()  # the being-prepared page refreshes
    pdf = StatementPdf.objects.get(statement=statement)
    assert (pdf.pdf_state, pdf.language) == (PdfState.PENDING, member.language)
    assert len(callbacks) == 1
    tasks.render_statement_pdf.delay(report_id=pdf.pk)  # the worker (eager in tests)
    first, callbacks = get()
    second, more = get()
    assert first["Content-Type"] == second["Content-Type"] == "application/pdf"
    assert (callbacks, more) == ([], [])
    assert first.content == second.content
    pdf.refresh_from_db()
    assert pdf.pdf_renders == 1
    # In the other language: its own PDF, rendered once; the first one stays.
    member.language = "en" if member.language == "nl" else "nl"
    member.save(update_fields=["language"])
    assert stored_pdf_download(client, url)["Content-Type"] == "application/pdf"
    assert sorted(StatementPdf.objects.values_list("pdf_renders", flat=True)) == [1, 1]


def test_a_changed_token_is_a_404(client, statement):
    token = statement.token
    changed = token[:-1] + ("A" if token[-1] != "A" else "B")
    url = reverse("reports:statement_verify", kwargs={"token": changed})
    assert client.get(url).status_code == 404
    assert len(token) >= 40


def test_a_revoked_statement_says_so(client, network, facilitator, statement):
    client.force_login(facilitator)
    url = reverse(
        "reports:statement_revoke", kwargs={"pk": network.pk, "statement_id": statement.pk}
    )
    assert client.get(url).status_code == 200  # the confirmation; nothing changed
    statement.refresh_from_db()
    assert not statement.is_revoked
    client.post(url)
    statement.refresh_from_db()
    assert statement.is_revoked
    assert AuditEvent.objects.filter(action=AuditAction.STATEMENT_REVOKED).count() == 1
    client.logout()
    html = client.get(statement.get_absolute_url()).content.decode()
    assert "revoked" in html or "ingetrokken" in html
    assert "Mona Member" not in html


def test_a_member_cannot_revoke(client, network, member, statement):
    url = reverse(
        "reports:statement_revoke", kwargs={"pk": network.pk, "statement_id": statement.pk}
    )
    assert client.post(url).status_code == 404
    with pytest.raises(ApplicationError):  # the service refuses too
        portfolio_services.statement_revoke(statement=statement, acting_user=member)


ROBOTS_META = '<meta name="robots" content="noindex">'


def _not_indexed_not_stored(response) -> None:
    """Django's ``never_cache`` headers and the robots header (issue 22, item 6)."""
    cache_control = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert {"no-store", "no-cache", "must-revalidate", "private"} <= cache_control
    assert response.get("X-Robots-Tag") == "noindex"


def test_statement_pages_and_files_are_neither_indexed_nor_stored(
    client, network, member, facilitator, statement
):
    pdf_url = reverse("reports:statement_pdf", kwargs={"pk": network.pk})
    preparing, _callbacks = get_without_rendering(client, pdf_url)
    tasks.render_statement_pdf.delay(report_id=StatementPdf.objects.get().pk)  # the worker
    pdf = client.get(pdf_url)
    client.logout()
    valid = client.get(statement.get_absolute_url())
    token = statement.token
    changed = token[:-1] + ("A" if token[-1] != "A" else "B")
    unknown = client.get(reverse("reports:statement_verify", kwargs={"token": changed}))
    portfolio_services.statement_revoke(statement=statement, acting_user=facilitator)
    revoked = client.get(statement.get_absolute_url())

    assert (preparing.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert (valid.status_code, unknown.status_code, revoked.status_code) == (200, 404, 200)
    for response in (preparing, pdf, valid, unknown, revoked):
        _not_indexed_not_stored(response)
    for page in (valid, unknown, revoked):
        assert page.content.decode().count(ROBOTS_META) == 1
    # The unknown token's page is the site's 404 page, with the meta tag.
    assert "Page not found" in unknown.content.decode() or "niet gevonden" in (
        unknown.content.decode()
    )
    assert "Mona Member" not in unknown.content.decode() + revoked.content.decode()


def _decoded_qr(pdf: bytes) -> list[str]:
    """Rasterise page 1 of ``pdf`` with pdfium (300 dpi: a module of the printed code is then
    several pixels wide) and decode every QR code zxing finds on it."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=300 / 72).to_pil()
    finally:
        document.close()
    return [
        barcode.text
        for barcode in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    ]


def test_the_qr_code_decodes_to_the_verification_link(client, network, statement):
    """Download the statement as the member does, print page 1 and scan the code on it."""
    url = reverse("reports:statement_pdf", kwargs={"pk": network.pk})
    pdf = stored_pdf_download(client, url)
    assert pdf["Content-Type"] == "application/pdf"
    expected = settings.SITE_URL + f"/statements/{statement.token}/"
    assert _decoded_qr(pdf.content) == [expected]

    # Another member's statement carries another token: its code decodes to its own link.
    other = MembershipFactory(network=network).user
    client.force_login(other)
    issued = client.post(reverse("reports:statement_issue", kwargs={"pk": network.pk}))
    assert issued.status_code == 302
    other_statement = ParticipationStatement.objects.get(user=other)
    assert other_statement.token != statement.token
    decoded = _decoded_qr(stored_pdf_download(client, url).content)
    assert decoded == [settings.SITE_URL + f"/statements/{other_statement.token}/"]
    assert decoded != [expected]


def _fill(network, facilitator, members: int, sessions: int):
    people = [MembershipFactory(network=network).user for _ in range(members)]
    for number in range(1, sessions + 1):
        session = _held(network, number, 2, days_ago=60 - number)
        for person in people:
            Attendance.objects.create(session=session, user=person, status="present")
        AgendaRoleAssignment.objects.create(
            session=session, role=AgendaRole.CHAIR, user=people[number % members]
        )
        minutes = Minutes.objects.create(session=session, summary="Verslag")
        for person in people:
            ActionItem.objects.create(minutes=minutes, what="Iets", owner=person)
        item = AgendaItem.objects.create(session=session, title="Casus", duration_minutes=20)
        PracticeQuestion.objects.create(
            network=network, author=people[0], title=f"Vraag {number}", agenda_item=item
        )
        AgendaRoleAssignment.objects.create(
            session=session, item=item, role=AgendaRole.CASE_OWNER, user=people[0]
        )
        SessionReflection.objects.create(session=session, user=people[0], text="Goed")
    LearningGoal.objects.create(network=network, title="Doel", status=GoalStatus.ADOPTED)
    return people[0]


def test_portfolio_queries_do_not_grow_with_the_network(client, facilitator):
    from tests.factories import NetworkFactory

    small = NetworkFactory(created_by=facilitator)
    full = NetworkFactory(created_by=facilitator)
    small_member = _fill(small, facilitator, members=1, sessions=1)
    full_member = _fill(full, facilitator, members=15, sessions=6)
    client.force_login(small_member)
    small_count = count_queries(client, _portfolio_url(small))
    client.force_login(full_member)
    assert count_queries(client, _portfolio_url(full)) == small_count


def test_deleting_the_account_removes_reflections_and_statements(client, member, statement):
    from core.erasure import erasers

    SessionReflection.objects.create(
        session=statement.network.sessions.filter(status="held").first(), user=member, text="x"
    )
    url = statement.get_absolute_url()
    portfolio_services.portfolio_erase_user(user=member, old_email="", old_name="")
    assert not SessionReflection.objects.filter(user=member).exists()
    assert client.get(url).status_code == 404
    assert erasers.get("portfolio") is portfolio_services.portfolio_erase_user


def test_the_waiting_pages_name_their_document_not_a_report(client, network, member, statement):
    statement_url = reverse("reports:statement_pdf", kwargs={"pk": network.pk})
    portfolio_url = reverse("reports:portfolio_pdf", kwargs={"pk": network.pk})

    waiting_statement, _ = get_without_rendering(client, statement_url)
    waiting_portfolio, _ = get_without_rendering(client, portfolio_url)

    statement_html = waiting_statement.content.decode()
    assert "Je deelnameattest wordt klaargemaakt." in statement_html
    assert "Je portfolio wordt klaargemaakt." in waiting_portfolio.content.decode()
    assert "rapport" not in statement_html.lower()
