"""Deleting an account (issue 15, part 2): anonymised in place, through every app's eraser
(core/erasure.py), so the group's counts stay and nothing holds the person's address or name."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import ACCOUNT_DELETED_TEMPLATE, AccountEmail, DigestEmail, User
from accounts.services import user_delete_account
from core.erasure import ERASED_NAME, erased_email
from core.errors import ApplicationError
from core.outbox import OutboxState
from core.stored_pdf import PdfState
from evaluations import selectors as evaluation_selectors
from evaluations.models import (
    Answer,
    Intake,
    IntakeResponse,
    Participation,
    Question,
    Questionnaire,
    Response,
    Vote,
    VoteBallot,
    VoteOption,
)
from minutes import services as minutes_services
from minutes.models import ActionItem, Minutes, MinutesComment, MinutesVersion
from networks.enums import MembershipStatus, NetworkEmailKind, NetworkStatus, Role
from networks.models import JoinRequest, Membership, NetworkEmail
from sessions.enums import AttendanceStatus, QuestionStatus, SessionStatus
from sessions.models import Attendance, CalendarFeed, PracticeQuestion, Rsvp, Speaker
from tests.factories import (
    PASSWORD,
    InvitationFactory,
    JoinRequestFactory,
    MembershipFactory,
    NetworkFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

EMAIL = "vera.verwijder@example.org"
NAME = "Vera Verwijder"


@pytest.fixture
def vera(db):
    return UserFactory(email=EMAIL, full_name=NAME, language="en")


@pytest.fixture
def world(vera, facilitator, require_pdf):
    """Vera's data in every app, next to other people's: a full network with her, other
    members and one person on the waitlist; a co-facilitated network; a closed network she was
    the last facilitator of; a join request, an invitation, emails, RSVP, attendance, practice
    questions, intake, a named evaluation, a vote, minutes with comments and a published version."""
    network = NetworkFactory(created_by=facilitator, member_cap=10, status=NetworkStatus.RUNNING)
    MembershipFactory(network=network, user=vera)
    other = MembershipFactory(network=network, user=UserFactory(full_name="Olaf Ander")).user
    MembershipFactory.create_batch(8, network=network)  # full: 10 of 10
    waiting = UserFactory(full_name="Wout Wachter")
    Membership.objects.create(
        network=network,
        user=waiting,
        status=MembershipStatus.WAITLISTED,
        waitlisted_at=timezone.now(),
    )
    co_run = NetworkFactory(created_by=facilitator, status=NetworkStatus.RUNNING)
    MembershipFactory(network=co_run, user=vera, role=Role.FACILITATOR)
    closed = NetworkFactory(created_by=vera, status=NetworkStatus.CLOSED)
    JoinRequestFactory(
        network=NetworkFactory(created_by=facilitator),
        user=vera,
        motivation=f"Ik ben {NAME} en wil graag meedoen.",
        status="declined",
    )
    JoinRequestFactory(
        network=NetworkFactory(created_by=facilitator), user=vera, motivation=f"Ik, {NAME}"
    )
    invitation = InvitationFactory(
        network=network, email=EMAIL.upper(), status="accepted", note=f"Dag {NAME}, welkom"
    )
    NetworkEmail.objects.create(
        network=network,
        kind=NetworkEmailKind.INVITATION,
        invitation=invitation,
        to_email=EMAIL,
        state=OutboxState.SENT,
    )
    AccountEmail.objects.create(
        template_prefix="account/email/password_reset_key",
        user=vera,
        to_email=EMAIL,
        subject="Reset",
        text_body=f"Hallo {NAME}",
        state=OutboxState.SENT,
    )
    DigestEmail.objects.create(
        user=facilitator,
        week_start=datetime.date(2026, 11, 30),
        to_email=facilitator.email,
        subject="Digest",
        text_body=f"{NAME} was twee keer afwezig.",
        html_body=f"<p>{NAME} was twee keer afwezig.</p>",
        state=OutboxState.SENT,
    )
    LogEntry.objects.create(
        user=facilitator,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(vera.pk),
        object_repr=f"{NAME} <{EMAIL}>",
        action_flag=CHANGE,
        change_message=f"Changed email to {EMAIL}",
    )

    session = SessionFactory(
        network=network,
        number=1,
        starts_at=timezone.now() - datetime.timedelta(days=2),
        ends_at=timezone.now() - datetime.timedelta(days=2, hours=-3),
        status=SessionStatus.HELD,
    )
    for person, status in ((vera, AttendanceStatus.PRESENT), (other, AttendanceStatus.ABSENT)):
        Attendance.objects.create(
            session=session, user=person, status=status, remark=f"{person.full_name} noted"
        )
    Rsvp.objects.create(
        session=session,
        user=vera,
        answer="not_attending",
        apology=f"Sorry, {NAME} is ziek.",
        input_for_group=f"Casus van {NAME}",
    )
    discussed = PracticeQuestion.objects.create(
        network=network,
        author=vera,
        title="Hoe ga je om met valangst?",
        context=f"Bij mij ({NAME}) op de afdeling ...",
        status=QuestionStatus.DISCUSSED,
    )
    PracticeQuestion.objects.create(
        network=network, author=vera, title=f"Vraag van {NAME}", context="Nog niet besproken"
    )
    CalendarFeed.objects.create(user=vera)
    Speaker.objects.create(session=session, name=NAME, email=EMAIL, topic="Valpreventie")

    intake = Intake.objects.create(
        network=network, deadline=timezone.now() + datetime.timedelta(days=3)
    )
    IntakeResponse.objects.create(
        intake=intake,
        user=vera,
        expectations=f"{NAME} verwacht veel",
        personal_goals="Leren",
        brings=f"Mail me: {EMAIL}",
    )
    questionnaire = Questionnaire.objects.create(
        network=network,
        kind="final",
        title="Eindevaluatie",
        anonymous=False,
        threshold=3,
        eligible_count=2,
        closes_at=timezone.now() + datetime.timedelta(days=7),
    )
    scale = Question.objects.create(questionnaire=questionnaire, type="scale", text="Nuttig?")
    text = Question.objects.create(questionnaire=questionnaire, type="long", text="Waarom?")
    for person, value in ((vera, 5), (other, 2)):
        response = Response.objects.create(questionnaire=questionnaire, user=person)
        Answer.objects.create(response=response, question=scale, value=value)
        Answer.objects.create(
            response=response, question=text, text=f"Antwoord van {person.full_name}"
        )
        Participation.objects.create(questionnaire=questionnaire, user=person)
    vote = Vote.objects.create(
        network=network,
        kind="topics",
        title="Onderwerpen",
        closes_at=timezone.now() + datetime.timedelta(days=7),
    )
    option = VoteOption.objects.create(vote=vote, title="Valpreventie")
    VoteBallot.objects.create(option=option, user=vera, points=3)

    minutes = Minutes.objects.create(session=session, summary=f"{NAME} bracht een casus.")
    MinutesComment.objects.create(minutes=minutes, author=vera, text=f"Groet, {NAME}")
    ActionItem.objects.create(minutes=minutes, what="Checklist", who=NAME)
    version = MinutesVersion.objects.create(
        minutes=minutes,
        number=1,
        content=minutes_services.minutes_content(minutes=minutes),
        pdf=b"%PDF-1.7 old",
        pdf_state=PdfState.READY,
    )
    return {
        "network": network,
        "co_run": co_run,
        "closed": closed,
        "other": other,
        "waiting": waiting,
        "session": session,
        "questionnaire": questionnaire,
        "scale": scale,
        "discussed": discussed,
        "version": version,
    }


def _columns_holding(*needles: str) -> list[str]:
    """Every table.column of a text, varchar or JSON type (read through the database's own
    catalogue) in which one of ``needles`` occurs, ignoring case."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                try:
                    kind = connection.introspection.get_field_type(column.type_code, column)
                except KeyError:  # a type Django does not map (a tsvector): read it as text
                    kind = "TextField"
                if kind not in ("CharField", "TextField", "JSONField", "EmailField"):
                    continue
                quoted_table = connection.ops.quote_name(table)
                quoted = connection.ops.quote_name(column.name)
                for needle in needles:
                    # Names from the database's own catalogue, quoted; the needle a parameter.
                    # CAST and UPPER … LIKE: the same SQL on PostgreSQL and SQLite.
                    sql = (
                        f"SELECT count(*) FROM {quoted_table} "  # noqa: S608
                        f"WHERE UPPER(CAST({quoted} AS TEXT)) LIKE UPPER(%s)"
                    )
                    cursor.execute(sql, [f"%{needle}%"])
                    if cursor.fetchone()[0]:
                        found.append(f"{table}.{column.name} holds {needle!r}")
    return found


def _attendance_counts(session):
    return sorted(
        Attendance.objects.filter(session=session).values_list("status", flat=True).order_by()
    )


def _scale_result(questionnaire, scale):
    data = evaluation_selectors.results(questionnaire=questionnaire)
    row = next(row for row in data["questions"] if row["question"].pk == scale.pk)
    return data["count"], row["answered"], row["mean"], row["distribution"]


def test_no_row_anywhere_holds_the_email_or_the_name_afterwards(vera, world, on_commit):
    assert _columns_holding(EMAIL, NAME)  # the search finds what is there before

    with on_commit(execute=True):
        user_delete_account(acting_user=vera, password=PASSWORD)

    assert _columns_holding(EMAIL, NAME) == []
    vera.refresh_from_db()
    assert vera.full_name == ERASED_NAME
    assert vera.email == erased_email(vera.pk)
    assert (vera.organisation, vera.job_function, vera.is_active) == (None, "", False)
    assert not vera.has_usable_password()
    assert not EmailAddress.objects.filter(user=vera).exists()
    assert not CalendarFeed.objects.filter(user=vera).exists()
    assert not MinutesComment.objects.filter(author=vera).exists()


def test_the_group_keeps_its_counts_and_the_discussed_question(vera, world, on_commit):
    session, questionnaire, scale = world["session"], world["questionnaire"], world["scale"]
    attendance_before = _attendance_counts(session)
    results_before = _scale_result(questionnaire, scale)
    assert results_before[:3] == (2, 2, 3.5)

    with on_commit(execute=True):
        user_delete_account(acting_user=vera, password=PASSWORD)

    assert _attendance_counts(session) == attendance_before
    assert _scale_result(questionnaire, scale) == results_before
    assert VoteBallot.objects.filter(user=vera).count() == 1
    assert Participation.objects.filter(questionnaire=questionnaire).count() == 2
    assert Response.objects.filter(questionnaire=questionnaire, user__isnull=True).count() == 1
    assert set(Answer.objects.filter(question__type="long").values_list("text", flat=True)) == {
        "",
        "Antwoord van Olaf Ander",
    }
    discussed = PracticeQuestion.objects.get()
    assert (discussed.pk, discussed.title, discussed.context) == (
        world["discussed"].pk,
        "Hoe ga je om met valangst?",
        "",
    )
    assert discussed.author.full_name == ERASED_NAME
    rsvp = Rsvp.objects.get(user=vera)
    assert (rsvp.answer, rsvp.apology, rsvp.input_for_group) == ("not_attending", "", "")
    # The undecided request is gone; the decided one stays without its text.
    assert list(JoinRequest.objects.filter(user=vera).values_list("status", "motivation")) == [
        ("declined", "")
    ]
    version = MinutesVersion.objects.get(pk=world["version"].pk)
    assert version.content["attendance"]["present"] == [ERASED_NAME]
    assert version.pdf_state == PdfState.READY  # rendered again, with the neutral name
    assert bytes(version.pdf) != b"%PDF-1.7 old"
    assert Minutes.objects.get().summary == f"{ERASED_NAME} bracht een casus."
    assert ActionItem.objects.get().who == ERASED_NAME


def test_memberships_end_and_the_waitlist_moves(vera, world, on_commit):
    network, waiting = world["network"], world["waiting"]

    with on_commit(execute=True):
        user_delete_account(acting_user=vera, password=PASSWORD)

    assert Membership.objects.get(network=network, user=vera).status == MembershipStatus.LEFT
    assert Membership.objects.get(network=network, user=waiting).status == MembershipStatus.ACTIVE
    network.refresh_from_db()
    assert network.member_count == 10
    promotion = NetworkEmail.objects.get(kind=NetworkEmailKind.PROMOTION)
    assert (promotion.to_email, promotion.state) == (waiting.email, OutboxState.SENT)
    assert any(waiting.email in message.to for message in mail.outbox)
    co_run = Membership.objects.get(network=world["co_run"], user=vera)
    assert co_run.status == MembershipStatus.LEFT
    # The closed network she was the last facilitator of keeps its (anonymous) facilitator.
    assert Membership.objects.get(network=world["closed"], user=vera).is_active


def test_the_confirmation_goes_to_the_old_address_and_is_then_forgotten(vera, world, on_commit):
    mail.outbox.clear()
    with on_commit(execute=True):
        user_delete_account(acting_user=vera, password=PASSWORD)

    goodbyes = [message for message in mail.outbox if message.to == [EMAIL]]
    assert len(goodbyes) == 1
    assert goodbyes[0].subject == "Leernet: your account has been deleted"
    assert "This is the last email we send to this address" in goodbyes[0].body
    row = AccountEmail.objects.get(template_prefix=ACCOUNT_DELETED_TEMPLATE)
    assert (row.state, row.to_email, row.user_id) == (
        OutboxState.SENT,
        erased_email(vera.pk),
        vera.pk,
    )


def test_wrong_password_changes_nothing(vera, world, client):
    client.force_login(vera)
    with translation.override("en"):
        response = client.post(reverse("accounts:delete_account"), {"password": "not-it"})

    assert response.status_code == 200
    assert "That is not your password. Nothing was deleted." in response.content.decode()
    vera.refresh_from_db()
    assert (vera.full_name, vera.email, vera.is_active) == (NAME, EMAIL, True)
    assert Membership.objects.get(network=world["network"], user=vera).is_active
    assert Rsvp.objects.get(user=vera).apology == f"Sorry, {NAME} is ziek."
    assert not AccountEmail.objects.filter(template_prefix=ACCOUNT_DELETED_TEMPLATE).exists()
    assert response.wsgi_request.user.is_authenticated


def test_wrong_password_message_in_dutch(vera, client):
    """Needs the Dutch catalogue (locale/) merged."""
    vera.language = "nl"
    vera.save(update_fields=["language"])
    client.force_login(vera)
    response = client.post(reverse("accounts:delete_account"), {"password": "not-it"})

    assert "Dat is niet je wachtwoord. Er is niets verwijderd." in response.content.decode()


def test_last_facilitator_of_a_running_network_is_refused(vera, world, on_commit):
    solo = NetworkFactory(created_by=vera, name="Wondzorg Brugge", status=NetworkStatus.RUNNING)

    with (
        translation.override("en"),
        pytest.raises(ApplicationError) as refused,
        on_commit(execute=True),
    ):
        user_delete_account(acting_user=vera, password=PASSWORD)

    assert refused.value.message == (
        "You are the only facilitator of “Wondzorg Brugge”. Make someone else facilitator "
        "first (or close the network), then delete your account."
    )
    vera.refresh_from_db()
    assert (vera.full_name, vera.email) == (NAME, EMAIL)
    assert Membership.objects.get(network=world["network"], user=vera).is_active
    assert Membership.objects.get(network=solo, user=vera).is_active
    waiting = Membership.objects.get(network=world["network"], user=world["waiting"])
    assert waiting.status == MembershipStatus.WAITLISTED
    assert not AccountEmail.objects.filter(template_prefix=ACCOUNT_DELETED_TEMPLATE).exists()


def test_the_page_deletes_and_signs_out(vera, client, on_commit):
    client.force_login(vera)
    page = client.get(reverse("accounts:delete_account"))
    assert page.status_code == 200
    assert 'autocomplete="current-password"' in page.content.decode()
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("accounts:delete_account") in profile

    with on_commit(execute=True):
        response = client.post(
            reverse("accounts:delete_account"), {"password": PASSWORD}, follow=True
        )

    assert response.redirect_chain[0] == (reverse("home"), 302)
    assert not response.wsgi_request.user.is_authenticated
    vera.refresh_from_db()
    assert vera.full_name == ERASED_NAME
    assert not client.login(email=EMAIL, password=PASSWORD)
