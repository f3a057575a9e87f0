"""Retention (issue 15, part 3): LEERNET_RETENTION_MONTHS after a network closes, the daily task
anonymises its intake and named evaluation answers and deletes its minutes PDFs, once."""

import datetime
import importlib

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from core.datetimes import months_before
from core.stored_pdf import PdfState
from evaluations.models import Answer, Intake, IntakeResponse, Question, Questionnaire, Response
from minutes.models import Minutes, MinutesVersion
from networks import services as network_services
from networks.enums import NetworkStatus
from networks.models import Membership
from portfolio.models import PortfolioPdf
from reports.checks import check_retention_months
from reports.models import OrganisationReport
from reports.services import retention_apply
from reports.tasks import apply_retention
from tests.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7 stored"


def _network_with_data(facilitator, *, closed_months_ago=None, anonymous_text="Anoniem"):
    """A network with an intake answer, a named and an anonymous evaluation answer and a
    published minutes version with its PDF; closed (through the service) that long ago."""
    network = NetworkFactory(created_by=facilitator, status=NetworkStatus.RUNNING)
    member = MembershipFactory(network=network, user=UserFactory()).user
    intake = Intake.objects.create(network=network, deadline=timezone.now())
    IntakeResponse.objects.create(
        intake=intake, user=member, expectations="Veel", personal_goals="Leren", brings="Ervaring"
    )
    named = Questionnaire.objects.create(
        network=network, kind="final", title="Eind", anonymous=False, closes_at=timezone.now()
    )
    scale = Question.objects.create(questionnaire=named, type="scale", text="Nuttig?")
    text = Question.objects.create(questionnaire=named, type="long", text="Waarom?")
    response = Response.objects.create(questionnaire=named, user=member)
    Answer.objects.create(response=response, question=scale, value=4)
    Answer.objects.create(response=response, question=text, text="Omdat het hielp")
    anonymous = Questionnaire.objects.create(
        network=network, kind="session", title="Sessie", closes_at=timezone.now()
    )
    anonymous_question = Question.objects.create(questionnaire=anonymous, type="long", text="Tip?")
    Answer.objects.create(
        response=Response.objects.create(questionnaire=anonymous),
        question=anonymous_question,
        text=anonymous_text,
    )
    session = SessionFactory(network=network, number=1)
    minutes = Minutes.objects.create(session=session, summary="Verslag")
    MinutesVersion.objects.create(
        minutes=minutes, number=1, content={}, pdf=PDF, pdf_state=PdfState.READY
    )
    if closed_months_ago is not None:
        network_services.network_set_status(
            network=network, status=NetworkStatus.CLOSED, acting_user=facilitator
        )
        network.refresh_from_db()
        network.closed_at = months_before(timezone.now(), closed_months_ago)
        network.save(update_fields=["closed_at"])
    return network


def _state(network):
    """Everything retention may touch in ``network``, to compare before and after."""
    return {
        "intake": list(
            IntakeResponse.objects.filter(intake__network=network).values_list(
                "user_id", "expectations", "personal_goals", "brings"
            )
        ),
        "responses": sorted(
            Response.objects.filter(questionnaire__network=network).values_list(
                "questionnaire__anonymous", "user_id"
            ),
            key=str,
        ),
        "answers": sorted(
            Answer.objects.filter(response__questionnaire__network=network).values_list(
                "question__type", "value", "text"
            ),
            key=str,
        ),
        "pdfs": [
            (bytes(pdf) if pdf is not None else None, state)
            for pdf, state in MinutesVersion.objects.filter(
                minutes__session__network=network
            ).values_list("pdf", "pdf_state")
        ],
    }


def test_closing_sets_closed_at_and_reopening_clears_it(facilitator):
    network = NetworkFactory(created_by=facilitator, status=NetworkStatus.RUNNING)

    network_services.network_set_status(
        network=network, status=NetworkStatus.CLOSED, acting_user=facilitator
    )
    network.refresh_from_db()
    assert network.closed_at is not None
    assert timezone.now() - network.closed_at < datetime.timedelta(minutes=1)

    network_services.network_reopen(network=network, acting_user=facilitator)
    network.refresh_from_db()
    assert network.closed_at is None


def test_after_the_period_exactly_the_named_texts_and_the_pdfs_go(facilitator):
    network = _network_with_data(facilitator, closed_months_ago=13)
    member_id = IntakeResponse.objects.get(intake__network=network).user_id

    assert retention_apply() == [network.pk]

    after = _state(network)
    assert after["intake"] == [(member_id, "", "", "")]  # the row counts, its texts are gone
    assert after["responses"] == [(False, None), (True, None)]
    assert after["answers"] == [("long", None, ""), ("long", None, "Anoniem"), ("scale", 4, "")]
    assert after["pdfs"] == [(None, PdfState.DELETED)]
    network.refresh_from_db()
    assert network.retention_applied_at is not None


def test_the_stored_portfolio_and_participation_pdfs_go_too(facilitator):
    network = _network_with_data(facilitator, closed_months_ago=13)
    member = IntakeResponse.objects.get(intake__network=network).user
    organisation = OrganisationFactory()
    Membership.objects.filter(network=network, user=member).update(organisation=organisation)
    kept = OrganisationReport.objects.create(
        organisation=OrganisationFactory(), language="nl", fingerprint="b"
    )
    OrganisationReport.objects.create(organisation=organisation, language="nl", fingerprint="a")
    PortfolioPdf.objects.create(user=member, network=network, language="nl", fingerprint="a")

    assert retention_apply() == [network.pk]

    assert not PortfolioPdf.objects.exists()
    assert list(OrganisationReport.objects.all()) == [kept]


def test_nothing_before_the_period_nor_of_other_or_reopened_networks(facilitator):
    young = _network_with_data(facilitator, closed_months_ago=11)
    running = _network_with_data(facilitator)
    reopened = _network_with_data(facilitator, closed_months_ago=24)
    network_services.network_reopen(network=reopened, acting_user=facilitator)
    old = _network_with_data(facilitator, closed_months_ago=12)
    before = {network.pk: _state(network) for network in (young, running, reopened)}

    assert retention_apply() == [old.pk]

    for network in (young, running, reopened):
        assert _state(network) == before[network.pk]
        network.refresh_from_db()
        assert network.retention_applied_at is None
    assert before[young.pk]["pdfs"] == [(PDF, PdfState.READY)]


def test_running_twice_is_harmless(facilitator):
    network = _network_with_data(facilitator, closed_months_ago=13)
    assert apply_retention.delay().get() == [network.pk]
    network.refresh_from_db()
    first_run = network.retention_applied_at
    state = _state(network)

    assert retention_apply() == []

    network.refresh_from_db()
    assert network.retention_applied_at == first_run
    assert _state(network) == state


@override_settings(LEERNET_RETENTION_MONTHS=0)
def test_zero_months_handles_a_network_the_day_it_closed(facilitator):
    network = _network_with_data(facilitator, closed_months_ago=0)
    assert retention_apply() == [network.pk]


def test_the_daily_task_is_in_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["retention"]
    assert entry["task"] == "reports.tasks.apply_retention"
    assert entry["schedule"].hour == {3}
    assert settings.LEERNET_RETENTION_MONTHS == 12


def test_the_deleted_pdf_page_says_why(client, facilitator):
    network = _network_with_data(facilitator, closed_months_ago=13)
    retention_apply()
    session = network.sessions.get()
    facilitator.language = "en"  # the middleware speaks the user's language
    facilitator.save(update_fields=["language"])
    client.force_login(facilitator)
    with translation.override("en"):
        response = client.get(
            reverse("reports:minutes_pdf", kwargs={"pk": session.pk, "number": 1}), follow=True
        )
    assert response.redirect_chain[0] == (
        reverse("reports:minutes", kwargs={"pk": session.pk}),
        302,
    )
    assert "This PDF was deleted after the retention period" in response.content.decode()


@pytest.mark.parametrize("value", [-1, "12", None])
def test_a_negative_or_odd_retention_is_refused_by_a_system_check(value):
    with override_settings(LEERNET_RETENTION_MONTHS=value), translation.override("en"):
        errors = check_retention_months()
    assert [error.id for error in errors] == ["reports.E001"]
    assert errors[0].msg == (
        f"LEERNET_RETENTION_MONTHS must be a whole number of months, 0 or more (it is {value!r})."
    )


@pytest.mark.parametrize("value", [0, 12, 120])
def test_zero_or_more_months_pass_the_check(value):
    with override_settings(LEERNET_RETENTION_MONTHS=value):
        assert check_retention_months() == []


def test_the_check_speaks_dutch():
    """Needs the Dutch catalogue (locale/) merged."""
    with override_settings(LEERNET_RETENTION_MONTHS=-3), translation.override("nl"):
        errors = check_retention_months()
    assert errors[0].msg == (
        "LEERNET_RETENTION_MONTHS moet een geheel aantal maanden zijn, 0 of meer (nu -3)."
    )


def test_the_migration_dates_networks_already_closed_from_now(facilitator):
    from django.apps import apps

    migration = importlib.import_module("networks.migrations.0009_closed_at_and_retention")
    closed = NetworkFactory(created_by=facilitator, status=NetworkStatus.CLOSED)
    running = NetworkFactory(created_by=facilitator, status=NetworkStatus.RUNNING)
    assert closed.closed_at is None

    migration.fill_closed_at(apps, None)

    closed.refresh_from_db()
    running.refresh_from_db()
    assert timezone.now() - closed.closed_at < datetime.timedelta(minutes=1)
    assert running.closed_at is None
    assert retention_apply() == []  # the period starts now, not at some unknown past date


def test_stored_participation_pdfs_older_than_a_day_are_pruned_by_the_daily_task():
    """They name who consented when they were made: a withdrawal leaves no stored copy behind
    for longer than a day."""
    organisation = OrganisationFactory()
    old = OrganisationReport.objects.create(
        organisation=organisation, language="nl", fingerprint="old", pdf=PDF
    )
    OrganisationReport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=1, minutes=1)
    )
    fresh = OrganisationReport.objects.create(
        organisation=organisation, language="nl", fingerprint="fresh", pdf=PDF
    )

    apply_retention()

    assert list(OrganisationReport.objects.all()) == [fresh]
