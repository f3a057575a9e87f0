"""Download my data (reports/export.py): the user's own data, nothing of anyone else's."""

import datetime
import io
import json
import re
import zipfile

import pytest
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone

from core.stored_pdf import PdfState
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
from minutes.models import Minutes, MinutesComment, MinutesVersion
from networks.enums import MembershipStatus
from portfolio.models import SessionReflection
from reports.audit import AuditAction
from reports.export import personal_data
from sessions.enums import AttendanceStatus, RsvpAnswer
from sessions.models import Attendance, CatchUpInput, PracticeQuestion, Rsvp
from tests.factories import MembershipFactory, NetworkFactory, SessionFactory, UserFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

ASCII_NAME = re.compile(r"^[A-Za-z0-9._/-]+$")

# What belongs to someone else: none of it may appear in the export.
OTHERS = [
    "Olga Anders",
    "olga@example.org",
    "OTHER-INTAKE-expectation",
    "OTHER-NAMED-answer",
    "OTHER-APOLOGY",
    "OTHER-REMARK",
    "OTHER-QUESTION title",
    "OTHER-COMMENT",
    "OTHER-BALLOT option",
    "ANON-ANSWER of me",
    "ANON-ANSWER of olga",
    "Session of the other network",
    "Minutes of the other network",
    "Session of the network I left",
]


def _questionnaire(network, *, anonymous, title):
    questionnaire = Questionnaire.objects.create(
        network=network,
        kind="session",
        session=SessionFactory(network=network, title=f"Session of {title}"),
        title=title,
        anonymous=anonymous,
        closes_at=timezone.now() + datetime.timedelta(days=7),
    )
    question = Question.objects.create(
        questionnaire=questionnaire, type="short", text=f"What did you learn ({title})?"
    )
    return questionnaire, question


def _answer(questionnaire, question, text, user=None):
    response = Response.objects.create(questionnaire=questionnaire, user=user)
    Answer.objects.create(response=response, question=question, text=text)


def _minutes(session, *pdfs):
    minutes = Minutes.objects.create(session=session, summary="Verslag")
    for number, pdf in enumerate(pdfs, start=1):
        MinutesVersion.objects.create(
            minutes=minutes, number=number, content={}, pdf=pdf, pdf_state=PdfState.READY
        )
    return minutes


@pytest.fixture
def me(network):
    return MembershipFactory(
        network=network,
        user=UserFactory(full_name="Mira Mijzelf", email="mira@example.org", language="en"),
    ).user


@pytest.fixture
def world(network, me, facilitator):
    """My data in ``network``, and everything of others that could leak next to it."""
    olga = MembershipFactory(
        network=network, user=UserFactory(full_name="Olga Anders", email="olga@example.org")
    ).user
    session = SessionFactory(network=network, title="Our first session")

    intake = Intake.objects.create(network=network, deadline=timezone.now())
    IntakeResponse.objects.create(
        intake=intake, user=me, expectations="MY-INTAKE-expectation", personal_goals="Leren"
    )
    IntakeResponse.objects.create(
        intake=intake, user=olga, expectations="OTHER-INTAKE-expectation", personal_goals="x"
    )

    named, named_q = _questionnaire(network, anonymous=False, title="Named evaluation")
    _answer(named, named_q, "MY-NAMED-answer", user=me)
    _answer(named, named_q, "OTHER-NAMED-answer", user=olga)

    anonymous, anonymous_q = _questionnaire(network, anonymous=True, title="Anonymous evaluation")
    for user in (me, olga, facilitator):
        Participation.objects.create(questionnaire=anonymous, user=user)
    _answer(anonymous, anonymous_q, "ANON-ANSWER of me")
    _answer(anonymous, anonymous_q, "ANON-ANSWER of olga")

    Rsvp.objects.create(
        session=session, user=me, answer=RsvpAnswer.NOT_ATTENDING, apology="MY-APOLOGY"
    )
    Rsvp.objects.create(
        session=session, user=olga, answer=RsvpAnswer.NOT_ATTENDING, apology="OTHER-APOLOGY"
    )
    Attendance.objects.create(session=session, user=me, status=AttendanceStatus.PRESENT)
    Attendance.objects.create(
        session=session, user=olga, status=AttendanceStatus.ABSENT, remark="OTHER-REMARK"
    )

    PracticeQuestion.objects.create(network=network, author=me, title="MY-QUESTION title")
    PracticeQuestion.objects.create(network=network, author=olga, title="OTHER-QUESTION title")

    vote = Vote.objects.create(
        network=network,
        kind="topics",
        title="Which topics?",
        closes_at=timezone.now() + datetime.timedelta(days=7),
    )
    mine = VoteOption.objects.create(vote=vote, title="MY-BALLOT option")
    theirs = VoteOption.objects.create(vote=vote, title="OTHER-BALLOT option")
    VoteBallot.objects.create(option=mine, user=me, points=2)
    VoteBallot.objects.create(option=theirs, user=olga, points=3)

    minutes = _minutes(session, b"%PDF-1.7 first version", b"%PDF-1.7 LATEST version")
    MinutesComment.objects.create(minutes=minutes, author=me, text="MY-COMMENT")
    MinutesComment.objects.create(minutes=minutes, author=olga, text="OTHER-COMMENT")

    # Another network, where I am not a member: its minutes must stay out.
    elsewhere = NetworkFactory()
    MembershipFactory(network=elsewhere, user=olga)
    _minutes(
        SessionFactory(network=elsewhere, title="Session of the other network"),
        b"%PDF-1.7 Minutes of the other network",
    )
    # A network I left: the membership is mine, its minutes I may no longer read.
    left = NetworkFactory(name="Network I left")
    MembershipFactory(network=left, user=me, status=MembershipStatus.LEFT, ended_at=timezone.now())
    _minutes(
        SessionFactory(network=left, title="Session of the network I left"),
        b"%PDF-1.7 Session of the network I left",
    )
    return session


def _download(client, user):
    client.force_login(user)
    response = client.post(reverse("reports:my_data_download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return response


def _open(response):
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.testzip() is None
    return archive


def test_export_holds_my_data_and_nothing_of_others(client, world, me):
    archive = _open(_download(client, me))

    names = archive.namelist()
    assert names[:2] == ["my-data.json", "summary.html"]
    pdf_names = names[2:]
    assert len(pdf_names) == 1  # only the latest version, only the network I am in now
    assert archive.read(pdf_names[0]) == b"%PDF-1.7 LATEST version"
    data = json.loads(archive.read("my-data.json"))
    html = archive.read("summary.html").decode()
    raw = archive.read("my-data.json").decode()

    assert data["profile"]["email"] == "mira@example.org"
    assert data["profile"]["full_name"] == "Mira Mijzelf"
    assert [(m["network"], m["status"]) for m in data["memberships"]] == [
        (world.network.name, "Active"),
        ("Network I left", "Left"),
    ]
    assert data["memberships"][1]["ended_at"] is not None
    assert data["intake_answers"][0]["answers"][0] == {
        "question": "What do you expect of this network?",
        "answer": "MY-INTAKE-expectation",
    }
    assert [r["evaluation"] for r in data["evaluation_answers"]] == ["Named evaluation"]
    assert [a["answer"] for a in data["evaluation_answers"][0]["answers"]] == ["MY-NAMED-answer"]
    assert [p["evaluation"] for p in data["anonymous_evaluations_answered"]] == [
        "Anonymous evaluation"
    ]
    assert [(r["session"], r["answer"], r["apology"]) for r in data["rsvps"]] == [
        ("Our first session", "Not attending", "MY-APOLOGY")
    ]
    assert [(a["session"], a["attendance"]) for a in data["attendance"]] == [
        ("Our first session", "Present")
    ]
    assert [q["question"] for q in data["practice_questions"]] == ["MY-QUESTION title"]
    assert [(b["option"], b["points"]) for b in data["votes"]] == [("MY-BALLOT option", 2)]
    assert [c["comment"] for c in data["minutes_comments"]] == ["MY-COMMENT"]
    assert [(m["session"], m["version"], m["file"]) for m in data["minutes"]] == [
        ("Our first session", 2, pdf_names[0])
    ]
    for mine in ("MY-INTAKE-expectation", "MY-NAMED-answer", "MY-APOLOGY", "MY-QUESTION title"):
        assert mine in html
    assert f'href="{pdf_names[0]}"' in html

    for theirs in OTHERS:
        assert theirs not in raw, theirs
        assert theirs not in html, theirs


def test_anonymous_answers_are_explained_not_included(client, world, me):
    archive = _open(_download(client, me))
    html = archive.read("summary.html").decode()
    data = json.loads(archive.read("my-data.json"))

    assert "Your answers to anonymous evaluations are stored without any link to you." in html
    assert data["about"].endswith("so nobody, you included, can find them back.")
    assert "ANON-ANSWER" not in html
    assert "ANON-ANSWER" not in json.dumps(data)


def test_user_written_text_is_escaped_in_the_summary(client, network, me):
    PracticeQuestion.objects.create(
        network=network, author=me, title="<script>alert(1)</script>", context="<b>bold</b>"
    )
    html = _open(_download(client, me)).read("summary.html").decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_zip_and_its_entries_have_ascii_safe_names(client, network, me):
    network.name = "Zorg & Welzijn: één netwerk"
    network.save(update_fields=["name"])
    _minutes(SessionFactory(network=network, number=4), b"%PDF-1.7 x")
    response = _download(client, me)

    disposition = response["Content-Disposition"]
    today = timezone.localdate().isoformat()
    assert disposition == f'attachment; filename="leernet-my-data-{today}.zip"'
    assert response["Cache-Control"] == "no-store"
    names = _open(response).namelist()
    # the folder in my language, the PDF named in the network's language (Dutch) as everywhere
    assert names[2] == "minutes/verslag-zorg-welzijn-een-netwerk-bijeenkomst-4-v1.pdf"
    assert all(ASCII_NAME.match(name) for name in names), names


def test_two_networks_of_the_same_name_keep_both_pdfs(client, network, me):
    twin = NetworkFactory(name=network.name)
    MembershipFactory(network=twin, user=me)
    _minutes(SessionFactory(network=network, number=1), b"%PDF-1.7 one")
    _minutes(SessionFactory(network=twin, number=1), b"%PDF-1.7 two")
    archive = _open(_download(client, me))

    assert sorted(archive.read(name) for name in archive.namelist()[2:]) == [
        b"%PDF-1.7 one",
        b"%PDF-1.7 two",
    ]


def test_a_pdf_not_rendered_yet_is_listed_without_a_file(client, network, me):
    minutes = Minutes.objects.create(session=SessionFactory(network=network, title="Fresh"))
    MinutesVersion.objects.create(minutes=minutes, number=1, content={})
    archive = _open(_download(client, me))
    data = json.loads(archive.read("my-data.json"))

    assert archive.namelist() == ["my-data.json", "summary.html"]
    assert [(m["session"], m["file"]) for m in data["minutes"]] == [("Fresh", "")]
    assert "the PDF is not ready yet" in archive.read("summary.html").decode()


def test_export_speaks_the_users_language(client, network, me):
    me.language = "nl"
    me.save(update_fields=["language"])
    response = _download(client, me)
    archive = _open(response)

    html = archive.read(archive.namelist()[1]).decode()
    assert '<html lang="nl">' in html
    # Needs the Dutch catalogue (merged by the lead): file names and texts in Dutch.
    assert archive.namelist() == ["mijn-gegevens.json", "overzicht.html"]
    assert "Jouw gegevens in Leernet: Mira Mijzelf" in html
    data = json.loads(archive.read("mijn-gegevens.json"))
    assert data["memberships"][0]["status"] == "Actief"


def test_export_query_count_does_not_grow_with_the_data(client, network, me, facilitator):
    client.force_login(me)
    url = reverse("reports:my_data_download")

    def add(number):
        # Numbered apart from the factory's sequence (the questionnaires' sessions below).
        session = SessionFactory(network=network, number=1000 + number)
        Rsvp.objects.create(session=session, user=me, answer=RsvpAnswer.ATTENDING)
        Attendance.objects.create(session=session, user=me, status=AttendanceStatus.PRESENT)
        minutes = _minutes(session, b"%PDF-1.7 a", b"%PDF-1.7 b")
        MinutesComment.objects.create(minutes=minutes, author=me, text="Mooi")
        CatchUpInput.objects.create(session=session, member=me, text="Gemist")
        SessionReflection.objects.create(session=session, user=me, text="Geleerd")
        PracticeQuestion.objects.create(network=network, author=me, title=f"Vraag {number}")
        named, question = _questionnaire(network, anonymous=False, title=f"Named {number}")
        _answer(named, question, "Veel", user=me)
        anonymous, _question = _questionnaire(network, anonymous=True, title=f"Anon {number}")
        Participation.objects.create(questionnaire=anonymous, user=me)
        vote = Vote.objects.create(
            network=network, kind="topics", title=f"Vote {number}", closes_at=timezone.now()
        )
        VoteBallot.objects.create(
            option=VoteOption.objects.create(vote=vote, title="A"), user=me, points=1
        )
        other = NetworkFactory()
        MembershipFactory(network=other, user=me)
        Intake.objects.create(network=other, deadline=timezone.now())
        IntakeResponse.objects.create(
            intake=other.intake, user=me, expectations="x", personal_goals="y"
        )

    add(1)
    one = count_queries(client, url, method="post")
    for number in range(2, 7):
        add(number)
    assert count_queries(client, url, method="post") == one


def test_texts_about_sessions_are_mine_with_their_session_and_local_time(network, me):
    olga = MembershipFactory(network=network).user
    first = SessionFactory(network=network, number=1, title="Eerste")
    second = SessionFactory(network=network, number=2, title="Tweede")
    written = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC)
    for session, text in ((second, "MY-INPUT later"), (first, "MY-INPUT")):
        CatchUpInput.objects.create(
            session=session, member=me, text=text, to_board=True, created_at=written
        )
    CatchUpInput.objects.create(session=first, member=olga, text="OTHER-INPUT")
    SessionReflection.objects.create(session=first, user=me, text="MY-REFLECTION")
    SessionReflection.objects.create(session=first, user=olga, text="OTHER-REFLECTION")
    minutes = _minutes(second)
    MinutesComment.objects.create(minutes=minutes, author=me, text="MY-COMMENT")
    MinutesComment.objects.create(minutes=minutes, author=olga, text="OTHER-COMMENT")

    data, _files = personal_data(user=me)

    def about(session):
        return {
            "network": network.name,
            "session": session.title,
            "number": session.number,
            "starts_at": timezone.localtime(session.starts_at),
        }

    assert data["catch_up_inputs"] == [
        {
            **about(session),
            "input": text,
            "to_board": True,
            "created_at": timezone.localtime(written),
        }
        for session, text in ((second, "MY-INPUT later"), (first, "MY-INPUT"))
    ]
    assert data["catch_up_inputs"][0]["created_at"].utcoffset() == datetime.timedelta(hours=1)
    [reflection] = data["reflections"]
    assert set(reflection) == {*about(first), "reflection", "updated_at"}
    assert (reflection["session"], reflection["reflection"]) == ("Eerste", "MY-REFLECTION")
    [comment] = data["minutes_comments"]
    assert set(comment) == {*about(second), "comment", "created_at"}
    assert (comment["session"], comment["comment"]) == ("Tweede", "MY-COMMENT")


def test_anonymous_visitor_is_sent_to_login(client):
    for response in (
        client.get(reverse("reports:my_data")),
        client.post(reverse("reports:my_data_download")),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_no_url_names_someone_else_and_a_guessed_one_is_404(client, world, me):
    olga = UserFactory(full_name="Guessed Person")
    client.force_login(me)

    patterns = {p.name: p for p in get_resolver().url_patterns if isinstance(p, URLPattern)} | {
        p.name: p
        for resolver in get_resolver().url_patterns
        if getattr(resolver, "namespace", None) == "reports"
        for p in resolver.url_patterns
    }
    assert patterns["my_data"].pattern.converters == {}
    assert patterns["my_data_download"].pattern.converters == {}
    assert client.get(f"/me/data/{olga.pk}/").status_code == 404
    assert client.post(f"/me/data/{olga.pk}/").status_code == 404
    assert client.post(f"/me/data/download/{olga.pk}/").status_code == 404
    # a user id in the query string or the form is ignored: still my own data
    response = client.post(
        reverse("reports:my_data_download") + f"?user={olga.pk}", {"user": olga.pk}
    )
    data = json.loads(_open(response).read("my-data.json"))
    assert data["profile"]["email"] == "mira@example.org"


def test_my_data_page_says_what_is_in_it_and_offers_the_button(client, me):
    client.force_login(me)
    page = client.get(reverse("reports:my_data"))

    assert page.status_code == 200
    body = page.content.decode()
    assert "Your answers to anonymous evaluations." in body
    assert f'action="{reverse("reports:my_data_download")}"' in body
    assert "Download my data (ZIP)" in body


def test_profile_links_to_download_my_data(client, me):
    client.force_login(me)
    body = client.get(reverse("accounts:profile")).content.decode()

    assert "Privacy and security" in body
    assert f'href="{reverse("reports:my_data")}"' in body


def test_get_of_the_download_is_refused(client, me):
    client.force_login(me)
    assert client.get(reverse("reports:my_data_download")).status_code == 405


def test_downloading_my_data_is_in_the_audit_log(client):
    from core.models import AuditEvent
    from tests.factories import UserFactory

    user = UserFactory()
    client.force_login(user)

    response = client.post(reverse("reports:my_data_download"))

    assert response.status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.DATA_EXPORTED)
    assert (event.actor, event.subject) == (user, user)
