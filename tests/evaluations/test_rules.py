"""The one k rule (evaluations/rules.py) on every page and file aggregating answers (issue 22.3).

Twin networks, each under an organisation of its own, that differ only in one member's answer to
an optional scale question (1 of 3 members answered it, k = 3): no aggregate page or file may
tell them apart — the coordinators' overview, the participation report (page, CSV, PDF), the
results page and CSV, the trajectory report PDF, the speaker's brief page and feedback email.
"""

import datetime
import difflib
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import OrganisationCoordinator
from evaluations import selectors
from evaluations.models import Answer, Question, Questionnaire, Response
from networks.enums import NetworkStatus
from sessions.enums import AttendanceStatus, SessionStatus
from sessions.models import Attendance, Speaker
from tests.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    SessionFactory,
    UserFactory,
)
from tests.utils import stored_pdf_download

pytestmark = pytest.mark.django_db

MEMBERS = ["Anneleen Aerts", "Bart Bogaerts", "Chloë Claes"]
REQUIRED_VALUES = [3, 4, 3]  # every member answers the required scale question
OPTIONAL_VALUE = 5  # twin "B": one member (of 3, k = 3) answers the optional one as well


def _twin(label: str, *, starts_at, optional_answer: bool) -> dict:
    organisation = OrganisationFactory(name=f"Tweeling {label}")
    coordinator = UserFactory(full_name="Cora Coördinator", organisation=organisation)
    OrganisationCoordinator.objects.create(organisation=organisation, user=coordinator)
    facilitator = UserFactory(full_name="Fien Begeleider", organisation=organisation)
    network = NetworkFactory(
        name=f"Tweelingnetwerk {label}",
        organisation=organisation,
        created_by=facilitator,
        status=NetworkStatus.RUNNING,
    )
    session = SessionFactory(
        network=network,
        number=1,
        title="Valrisico",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3),
        status=SessionStatus.HELD,
    )
    for name in MEMBERS:
        member = UserFactory(
            full_name=name, organisation=organisation, participation_visible_to_organisation=True
        )
        MembershipFactory(network=network, user=member, organisation=organisation)
        Attendance.objects.create(session=session, user=member, status=AttendanceStatus.PRESENT)
    speaker = Speaker.objects.create(
        session=session, name="Gert Gastspreker", topic="Vallen", email="gert@example.org"
    )
    questionnaire = Questionnaire.objects.create(
        network=network,
        session=session,
        kind="session",
        title="Evaluatie bijeenkomst 1",
        anonymous=True,
        threshold=3,
        opens_at=starts_at,
        closes_at=starts_at + datetime.timedelta(days=7),
        eligible_count=len(MEMBERS),
    )
    required = Question.objects.create(
        questionnaire=questionnaire,
        position=1,
        type="scale",
        text="Hoe nuttig was de bijeenkomst?",
        is_overall=True,
        about_speaker=True,
    )
    optional = Question.objects.create(
        questionnaire=questionnaire,
        position=2,
        type="scale",
        text="Hoe sterk was de spreker?",
        required=False,
        about_speaker=True,
    )
    for index, value in enumerate(REQUIRED_VALUES):
        response = Response.objects.create(questionnaire=questionnaire)
        Answer.objects.create(response=response, question=required, value=value)
        if optional_answer and index == 0:
            Answer.objects.create(response=response, question=optional, value=OPTIONAL_VALUE)
    return {
        "label": label,
        "organisation": organisation,
        "coordinator": coordinator,
        "facilitator": facilitator,
        "network": network,
        "session": session,
        "speaker": speaker,
        "questionnaire": questionnaire,
    }


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _pdf_text(content: bytes) -> str:
    pages = PdfReader(io.BytesIO(content)).pages
    return "\n".join(" ".join(page.extract_text().split()) for page in pages)


_CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+')
# An id in a link, an anchor or an attribute (``/networks/12/``, ``network-12``, ``?pk=12``):
# the twins' rows have ids of their own. Numbers in text (counts, means) stay.
_ID = re.compile(r"(?<=[/=\-])\d+\b")
_ADDRESS = re.compile(r"\bperson\d+@example\.org")  # the reader's own (a factory sequence)


def _normalised(text: str, twin: dict) -> str:
    """``text`` of one twin, with what differs between twins by construction (the names of its
    organisation and network, ids, the reader's address, the CSRF token) made the same."""
    text = text.replace(f"Tweelingnetwerk {twin['label']}", "Tweelingnetwerk")
    text = text.replace(f"Tweeling {twin['label']}", "Tweeling")
    text = _ADDRESS.sub("person@example.org", text)
    return _ID.sub("#", _CSRF.sub(r"\1…", text))


def _outputs(twin: dict) -> dict[str, str]:
    """Every page and file of the twin that aggregates answers, as its reader gets it."""
    coordinator, facilitator = _client(twin["coordinator"]), _client(twin["facilitator"])
    organisation, network = twin["organisation"].pk, twin["network"].pk
    questionnaire, session = twin["questionnaire"].pk, twin["session"].pk
    speaker = twin["speaker"]

    def page(client, name, **kwargs):
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 200, name
        return response.content.decode()

    results_csv = page(facilitator, "evaluations:results_csv", pk=questionnaire)
    header, *rows = results_csv.splitlines()
    feedback = selectors.speaker_feedback(speaker=speaker)
    assert feedback["ready"]
    return {
        "coordinator overview": page(coordinator, "reports:organisation_overview", pk=organisation),
        "participation page": page(
            coordinator, "reports:organisation_participation", pk=organisation
        ),
        "participation CSV": page(
            coordinator, "reports:organisation_participation_csv", pk=organisation
        ),
        "participation PDF": _pdf_text(
            stored_pdf_download(
                coordinator,
                reverse("reports:organisation_participation_pdf", kwargs={"pk": organisation}),
            ).content
        ),
        "results page": page(facilitator, "evaluations:results", pk=questionnaire),
        # An anonymous CSV's rows come in a random order, by design: compared as a set.
        "results CSV": "\n".join([header, *sorted(rows)]),
        "evaluations page": page(facilitator, "evaluations:list", pk=network),
        "network report PDF": _pdf_text(
            stored_pdf_download(
                facilitator, reverse("reports:report_pdf", kwargs={"pk": network})
            ).content
        ),
        "speaker brief page": page(
            facilitator, "evaluations:speaker_brief", pk=session, speaker_id=speaker.pk
        ),
        "speaker feedback email": selectors.speaker_feedback_text(
            speaker=speaker, feedback=feedback
        ),
    }


def test_twins_differing_in_one_answer_below_k_are_identical_on_every_aggregate():
    starts_at = (timezone.now() - datetime.timedelta(days=3)).replace(microsecond=0)
    without = _twin("A", starts_at=starts_at, optional_answer=False)
    with_one = _twin("B", starts_at=starts_at, optional_answer=True)
    assert Answer.objects.filter(question__questionnaire=with_one["questionnaire"]).count() == 4

    outputs = {
        name: (_normalised(a, without), _normalised(b, with_one))
        for (name, a), b in zip(_outputs(without).items(), _outputs(with_one).values(), strict=True)
    }

    different = {
        name: "\n".join(difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm="", n=0))
        for name, (a, b) in outputs.items()
        if a != b
    }
    assert different == {}
    # The twins do show a rating: the required question's 3 answers, nothing of the optional.
    overview = outputs["coordinator overview"][0]
    assert "3,3" in overview  # (3 + 4 + 3) / 3, in Dutch
    assert "3,8" not in overview  # what counting the optional answer below k made of it


def test_network_ratings_count_each_question_only_from_its_own_k():
    starts_at = timezone.now() - datetime.timedelta(days=3)
    twin = _twin("C", starts_at=starts_at, optional_answer=True)
    network = twin["network"]
    empty = NetworkFactory()

    ratings = selectors.network_ratings(network_ids=[network.pk, empty.pk])

    assert ratings == {
        network.pk: {"total": 10, "answers": 3, "responses": 3, "hidden": False},
    }


def test_network_ratings_hide_a_network_whose_every_question_is_below_k():
    starts_at = timezone.now() - datetime.timedelta(days=3)
    twin = _twin("D", starts_at=starts_at, optional_answer=True)
    Response.objects.filter(questionnaire=twin["questionnaire"]).first().delete()

    ratings = selectors.network_ratings(network_ids=[twin["network"].pk])

    assert ratings == {
        twin["network"].pk: {"total": 0, "answers": 0, "responses": 0, "hidden": True},
    }


def test_network_ratings_apply_k_to_named_questionnaires_too():
    """A coordinator is no member: a named questionnaire's rating of fewer than k people is no
    more theirs to see than an anonymous one (``rules.shows_outside_network``)."""
    starts_at = timezone.now() - datetime.timedelta(days=3)
    twin = _twin("E", starts_at=starts_at, optional_answer=True)
    Questionnaire.objects.filter(pk=twin["questionnaire"].pk).update(anonymous=False)

    ratings = selectors.network_ratings(network_ids=[twin["network"].pk])

    assert ratings[twin["network"].pk]["answers"] == 3
