"""Organisations (issue 13): the coordinators' overview, the participation report with consent,
the inventory and interest in themes, appointing facilitators."""

import csv
import datetime
import io
from unittest import mock

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from accounts.models import OrganisationCoordinator, ThemeInterest
from accounts.services import theme_interest_register, user_delete_account
from core.errors import ApplicationError
from core.models import AuditEvent
from core.stored_pdf import PdfState
from evaluations.models import Answer, Question, Questionnaire, Response
from networks.enums import InvitationStatus, Role
from networks.models import HealthSnapshot, Invitation
from networks.services import health_snapshot_refresh, invitation_create
from reports import services, tasks
from reports.audit import AuditAction
from reports.models import OrganisationReport
from reports.organisations import ORGANISATION_THRESHOLD, participation_report
from sessions.enums import AttendanceStatus, SessionStatus
from sessions.models import Attendance
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    SessionFactory,
    UserFactory,
)
from tests.utils import count_queries, get_without_rendering, stored_pdf_download

pytestmark = pytest.mark.django_db


def _pdf_url(organisation):
    return reverse("reports:organisation_participation_pdf", kwargs={"pk": organisation.pk})


def _dutch(msgid: str) -> str:
    """The coordinators here read Dutch (their language)."""
    with translation.override("nl"):
        return gettext(msgid)


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Zorgbedrijf Rivierenland")


@pytest.fixture
def coordinator(organisation):
    user = UserFactory(full_name="Cora Coördinator")
    OrganisationCoordinator.objects.create(organisation=organisation, user=user)
    return user


def _held_session(network, *, number, hours=3, days_ago=10):
    starts = timezone.now() - datetime.timedelta(days=days_ago)
    return SessionFactory(
        network=network,
        number=number,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=hours),
        status=SessionStatus.HELD,
    )


def _network_with_data(organisation, *, members=3, answers=3):
    """A running network under ``organisation``: members of it, one held session with their
    attendance, a session evaluation with ``answers`` responses of 4 on one scale question."""
    network = NetworkFactory(organisation=organisation, status="running", member_cap=15)
    session = _held_session(network, number=1)
    people = []
    for _index in range(members):
        person = UserFactory(organisation=organisation)
        MembershipFactory(network=network, user=person, organisation=organisation)
        Attendance.objects.create(session=session, user=person, status=AttendanceStatus.PRESENT)
        people.append(person)
    questionnaire = Questionnaire.objects.create(
        network=network,
        session=session,
        kind="session",
        title="Evaluatie",
        closes_at=timezone.now() + datetime.timedelta(days=3),
    )
    question = Question.objects.create(questionnaire=questionnaire, type="scale", text="Nuttig?")
    for _index in range(answers):
        response = Response.objects.create(questionnaire=questionnaire)
        Answer.objects.create(response=response, question=question, value=4)
    return network, people


class TestOverview:
    def test_query_count_is_the_same_for_1_and_30_networks(self, client, organisation, coordinator):
        client.force_login(coordinator)
        url = reverse("reports:organisation_overview", kwargs={"pk": organisation.pk})
        network, _people = _network_with_data(organisation)
        health_snapshot_refresh(network=network)
        one = count_queries(client, url)
        for _index in range(29):
            more, _people = _network_with_data(organisation, members=2, answers=1)
            health_snapshot_refresh(network=more)
        assert count_queries(client, url) == one

    def test_shows_seats_attendance_and_a_rating_only_from_the_threshold(
        self, client, organisation, coordinator
    ):
        shown, _people = _network_with_data(organisation, members=4, answers=3)
        hidden, _people = _network_with_data(organisation, members=4, answers=2)
        hidden.name = "Netwerk met te weinig antwoorden"
        hidden.save(update_fields=["name"])
        client.force_login(coordinator)
        response = client.get(
            reverse("reports:organisation_overview", kwargs={"pk": organisation.pk})
        )
        rows = {row.network.pk: row for row in response.context["overview"]["rows"]}
        assert rows[shown.pk].rating == 4.0
        assert rows[shown.pk].attendance_rate == 100
        assert rows[hidden.pk].rating is None
        assert rows[hidden.pk].rating_hidden
        # Across networks: only the answers that may show (3 of the 5) make the average.
        assert response.context["overview"]["rating_responses"] == 3
        assert "minder antwoorden dan de anonimiteitsdrempel" in response.content.decode()

    def test_stored_health_shows_with_its_time(self, client, organisation, coordinator):
        network = NetworkFactory(organisation=organisation, status="open")  # 0 members: warning
        snapshot = health_snapshot_refresh(network=network)
        assert snapshot.warning_count >= 1
        assert set(snapshot.warnings) == {"nl", "en"}
        client.force_login(coordinator)
        page = client.get(
            reverse("reports:organisation_overview", kwargs={"pk": organisation.pk})
        ).content.decode()
        assert snapshot.warnings["nl"][0] in page
        assert HealthSnapshot.objects.filter(network=network).count() == 1
        health_snapshot_refresh(network=network)  # refreshed in place
        assert HealthSnapshot.objects.filter(network=network).count() == 1

    def test_a_coordinator_of_another_organisation_gets_404(self, client, organisation):
        other = UserFactory()
        OrganisationCoordinator.objects.create(organisation=OrganisationFactory(), user=other)
        client.force_login(other)
        for name in ("reports:organisation_overview", "reports:organisation_participation"):
            url = reverse(name, kwargs={"pk": organisation.pk})
            assert client.get(url).status_code == 404

    def test_a_coordinator_gets_404_on_members_only_pages(self, client, organisation, coordinator):
        network, _people = _network_with_data(organisation)
        client.force_login(coordinator)
        for name in ("sessions:timeline", "sessions:questions", "evaluations:intake"):
            assert client.get(reverse(name, kwargs={"pk": network.pk})).status_code == 404
        session = network.sessions.get()
        assert client.get(reverse("reports:minutes", kwargs={"pk": session.pk})).status_code == 404


class TestAppointFacilitator:
    def test_a_coordinator_invites_a_facilitator(self, client, organisation, coordinator):
        network, _people = _network_with_data(organisation)
        client.force_login(coordinator)
        url = reverse(
            "reports:organisation_appoint_facilitator",
            kwargs={"pk": organisation.pk, "network_pk": network.pk},
        )
        response = client.post(url, {"email": "nieuwe.begeleider@example.org"})
        assert response.status_code == 302
        invitation = Invitation.objects.get(network=network)
        assert invitation.role == Role.FACILITATOR
        assert invitation.status == InvitationStatus.PENDING

    def test_bad_email_shows_a_message_and_writes_nothing(self, client, organisation, coordinator):
        network, _people = _network_with_data(organisation)
        client.force_login(coordinator)
        url = reverse(
            "reports:organisation_appoint_facilitator",
            kwargs={"pk": organisation.pk, "network_pk": network.pk},
        )
        response = client.post(url, {"email": "geen-adres"})
        assert response.status_code == 200
        assert "Voer een geldig e-mailadres in." in response.content.decode()
        assert not Invitation.objects.exists()

    def test_not_for_a_network_of_another_organisation(self, client, organisation, coordinator):
        network = NetworkFactory(organisation=OrganisationFactory())
        client.force_login(coordinator)
        url = reverse(
            "reports:organisation_appoint_facilitator",
            kwargs={"pk": organisation.pk, "network_pk": network.pk},
        )
        assert client.post(url, {"email": "x@example.org"}).status_code == 404
        assert not Invitation.objects.exists()

    def test_a_coordinator_cannot_invite_members(self, organisation, coordinator):
        network, _people = _network_with_data(organisation)
        with pytest.raises(ApplicationError):
            invitation_create(
                network=network, email="lid@example.org", role=Role.MEMBER, acting_user=coordinator
            )


class TestParticipationReport:
    @pytest.fixture
    def data(self, organisation):
        network, people = _network_with_data(organisation, members=5)
        network.name = "Valpreventie in de thuiszorg"
        network.save(update_fields=["name"])
        _held_session(network, number=2, hours=2, days_ago=5)  # held, not attended by anyone
        allowed = people[0]
        allowed.full_name = "Ann Toestemming"
        allowed.participation_visible_to_organisation = True
        allowed.save()
        for index, person in enumerate(people[1:]):
            person.full_name = f"Geheime Naam{index}"
            person.save(update_fields=["full_name"])
        return network, allowed, people[1:]

    def test_only_people_who_allowed_it_appear_by_name(self, client, coordinator, data):
        network, allowed, others = data
        organisation = network.organisation
        client.force_login(coordinator)
        pdf = stored_pdf_download(client, _pdf_url(organisation))
        assert pdf["Content-Type"] == "application/pdf"
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
        body = client.get(
            reverse("reports:organisation_participation_csv", kwargs={"pk": organisation.pk})
        ).content.decode()
        rows = list(csv.reader(io.StringIO(body)))
        page = client.get(
            reverse("reports:organisation_participation", kwargs={"pk": organisation.pk})
        ).content.decode()
        for raw in (text, body, page):
            assert "Ann Toestemming" in raw
            for person in others:
                assert person.full_name not in raw
                assert person.email not in raw
        assert rows[1] == ["Ann Toestemming", "Valpreventie in de thuiszorg", "1", "2", "3.0"]
        assert rows[2][0].startswith("4 ")  # the four others, in the totals only
        assert rows[2][2:] == ["4", "", "12.0"]

    def test_totals_under_the_threshold_are_hidden(self, organisation):
        network, people = _network_with_data(organisation, members=ORGANISATION_THRESHOLD)
        people[0].participation_visible_to_organisation = True
        people[0].save()
        report = participation_report(organisation=organisation)
        assert report["others"] == {"shown": False, "people": None, "sessions": None, "hours": None}

    def test_withdrawn_consent_leaves_the_member_out_of_the_next_report(self, client, data):
        network, allowed, _others = data
        assert [
            row.person for row in participation_report(organisation=network.organisation)["rows"]
        ] == [allowed]
        client.force_login(allowed)
        form = {
            "full_name": allowed.full_name,
            "organisation": network.organisation.pk,
            "job_function": allowed.job_function,
            "language": "nl",
            "participation_visible_to_organisation": "",
        }
        client.post(reverse("accounts:profile"), form)
        allowed.refresh_from_db()
        assert not allowed.participation_visible_to_organisation
        report = participation_report(organisation=network.organisation)
        assert report["rows"] == []
        assert report["others"]["people"] == 5


class TestParticipationPdf:
    """The PDF is stored per version of the report's data and per language: rendered in the
    Celery task (eager in tests), never in the request."""

    @pytest.fixture
    def network(self, organisation):
        network, people = _network_with_data(organisation, members=3)
        people[0].full_name = "Ann Toestemming"
        people[0].participation_visible_to_organisation = True
        people[0].save()
        return network

    def test_renders_once_per_change_and_never_in_the_request(
        self, client, organisation, coordinator, network
    ):
        client.force_login(coordinator)
        url = _pdf_url(organisation)

        page, callbacks = get_without_rendering(client, url)

        assert page.status_code == 200
        assert page["Content-Type"].startswith("text/html")
        body = page.content.decode()
        assert f'<meta http-equiv="refresh" content="3;url={url}?waited=1">' in body
        assert (
            _dutch(
                "The report is being prepared. This page refreshes by itself and offers the "
                "download when the report is ready."
            )
            in body
        )
        report = OrganisationReport.objects.get(organisation=organisation)
        assert (report.pdf_state, report.pdf_renders, report.language) == (
            PdfState.PENDING,
            0,
            "nl",
        )
        assert len(callbacks) == 1  # the render, enqueued after commit
        with mock.patch.object(tasks.render_organisation_report, "delay") as delay:
            callbacks[0]()
        delay.assert_called_once_with(report_id=report.pk)
        again, callbacks = get_without_rendering(client, url)  # waiting: nothing more
        assert again["Content-Type"].startswith("text/html")
        assert callbacks == []
        assert not AuditEvent.objects.filter(action=AuditAction.PARTICIPATION_EXPORTED).exists()

        tasks.render_organisation_report.delay(report_id=report.pk)  # the worker
        ready = client.get(url + "?waited=1").content.decode()  # the refreshed page
        assert f'href="{url}"' in ready
        assert "http-equiv" not in ready
        first, callbacks = get_without_rendering(client, url)
        second, more = get_without_rendering(client, url)

        assert first["Content-Type"] == "application/pdf"
        assert first["Content-Disposition"] == (
            f'attachment; filename="deelname-zorgbedrijf-rivierenland-{timezone.localdate()}.pdf"'
        )
        assert (callbacks, more) == ([], [])
        assert first.content == second.content
        assert "Ann Toestemming" in _pdf_text(first.content)
        report.refresh_from_db()
        assert (report.pdf_state, report.pdf_renders) == (PdfState.READY, 1)
        # Every real download is recorded, the pages in between are not.
        assert AuditEvent.objects.filter(action=AuditAction.PARTICIPATION_EXPORTED).count() == 2

        # A new attendance is a new version of the data: rendered again, once.
        session = _held_session(network, number=2, hours=2, days_ago=3)
        Attendance.objects.create(
            session=session,
            user=network.memberships.get(user__full_name="Ann Toestemming").user,
            status=AttendanceStatus.PRESENT,
        )
        page, callbacks = get_without_rendering(client, url)
        assert page["Content-Type"].startswith("text/html")
        assert len(callbacks) == 1
        with TestCase.captureOnCommitCallbacks(execute=True):
            callbacks[0]()
        download, callbacks = get_without_rendering(client, url)
        assert download["Content-Type"] == "application/pdf"
        assert callbacks == []
        attended = _dutch("%(attended)s of %(held)s") % {"attended": 2, "held": 2}
        assert attended in _pdf_text(download.content)
        new = OrganisationReport.objects.get(organisation=organisation)  # the older one went
        assert new.pk != report.pk
        assert new.pdf_renders == 1

    def test_a_report_per_language(self, client, organisation, coordinator, network):
        client.force_login(coordinator)
        dutch = stored_pdf_download(client, _pdf_url(organisation))
        coordinator.language = "en"
        coordinator.save(update_fields=["language"])
        english = stored_pdf_download(client, _pdf_url(organisation))

        assert "Deelnamerapport" in _pdf_text(dutch.content)
        assert "Participation report" in _pdf_text(english.content)
        assert english["Content-Disposition"].startswith('attachment; filename="participation-')
        reports = OrganisationReport.objects.filter(organisation=organisation)
        assert sorted(reports.values_list("language", "pdf_renders")) == [("en", 1), ("nl", 1)]
        # The Dutch one stays: a second Dutch download renders nothing.
        coordinator.language = "nl"
        coordinator.save(update_fields=["language"])
        again, callbacks = get_without_rendering(client, _pdf_url(organisation))
        assert (again.content, callbacks) == (dutch.content, [])

    def test_withdrawn_consent_is_a_new_version(self, organisation, network):
        before = services.organisation_report_fingerprint(organisation=organisation, language="nl")
        assert before == services.organisation_report_fingerprint(
            organisation=organisation, language="nl"
        )
        assert before != services.organisation_report_fingerprint(
            organisation=organisation, language="en"
        )
        person = network.memberships.get(user__full_name="Ann Toestemming").user
        person.participation_visible_to_organisation = False
        person.save(update_fields=["participation_visible_to_organisation"])
        assert before != services.organisation_report_fingerprint(
            organisation=organisation, language="nl"
        )

    def test_a_failed_render_says_so_and_can_be_tried_again(
        self, client, organisation, coordinator, network
    ):
        client.force_login(coordinator)
        url = _pdf_url(organisation)
        with (
            mock.patch("core.pdf.html_to_pdf", side_effect=OSError("no Pango")),
            TestCase.captureOnCommitCallbacks(execute=True),
        ):  # the task raises; enqueue_on_commit logs what fails
            client.get(url)
        report = OrganisationReport.objects.get(organisation=organisation)
        assert (report.pdf_state, report.pdf_error) == (PdfState.FAILED, "no Pango")

        page, callbacks = get_without_rendering(client, url)
        body = page.content.decode()
        assert _dutch("The report could not be made.") in body
        assert f'<form method="post" action="{url}">' in body
        client.get(url + "?retry=1")  # a link cannot retry: only the button's POST does
        report.refresh_from_db()
        assert report.pdf_state == PdfState.FAILED
        assert "http-equiv" not in body
        assert callbacks == []

        with TestCase.captureOnCommitCallbacks(execute=True):
            assert client.post(url).status_code == 302
        download = client.get(url)

        assert download["Content-Type"] == "application/pdf"
        report.refresh_from_db()
        assert (report.pdf_state, report.pdf_renders) == (PdfState.READY, 1)

    def test_the_sweep_enqueues_a_report_left_pending(self, organisation):
        report = OrganisationReport.objects.create(
            organisation=organisation, language="nl", fingerprint="x" * 64
        )
        OrganisationReport.objects.filter(pk=report.pk).update(
            created_at=timezone.now() - datetime.timedelta(minutes=5)
        )
        with (
            mock.patch.object(tasks.render_organisation_report, "delay") as delay,
            TestCase.captureOnCommitCallbacks(execute=True),
        ):
            services.version_renders_sweep()
        delay.assert_called_once_with(report_id=report.pk)

    def test_a_deleted_account_takes_the_stored_reports_that_name_it(
        self, client, organisation, coordinator, network
    ):
        client.force_login(coordinator)
        assert stored_pdf_download(client, _pdf_url(organisation))["Content-Type"] == (
            "application/pdf"
        )
        person = network.memberships.get(user__full_name="Ann Toestemming").user
        other = OrganisationReport.objects.create(
            organisation=OrganisationFactory(name="Stad Mechelen"), language="nl", fingerprint="x"
        )

        user_delete_account(acting_user=person, password=PASSWORD)

        assert list(OrganisationReport.objects.all()) == [other]

    def test_a_coordinator_of_another_organisation_gets_404(self, client, organisation, network):
        other = UserFactory()
        OrganisationCoordinator.objects.create(
            organisation=OrganisationFactory(name="Stad Mechelen"), user=other
        )
        client.force_login(other)
        response, callbacks = get_without_rendering(client, _pdf_url(organisation))
        assert response.status_code == 404
        assert callbacks == []
        assert not OrganisationReport.objects.exists()

    def test_query_count_is_the_same_for_small_and_large_data(
        self, client, organisation, coordinator
    ):
        client.force_login(coordinator)
        url = _pdf_url(organisation)

        def counts():
            with TestCase.captureOnCommitCallbacks(execute=False):
                waiting = count_queries(client, url)  # makes the row, enqueues the render
            OrganisationReport.objects.filter(organisation=organisation).update(
                pdf=b"%PDF-1.7", pdf_state=PdfState.READY
            )
            return waiting, count_queries(client, url)

        _network_with_data(organisation, members=1)
        small = counts()
        for _index in range(4):
            network, people = _network_with_data(organisation, members=6)
            for person in people[:3]:
                person.participation_visible_to_organisation = True
                person.save(update_fields=["participation_visible_to_organisation"])

        assert counts() == small


class TestInventory:
    def test_a_person_sees_the_networks_and_registers_interest_once(self, client, organisation):
        runs = NetworkFactory(organisation=organisation, status="open", name="Eigen netwerk")
        draft = NetworkFactory(organisation=organisation, status="draft", name="Nog een kladje")
        person = UserFactory(organisation=organisation)
        elsewhere = NetworkFactory(status="running", name="Netwerk van een ander")
        MembershipFactory(network=elsewhere, user=UserFactory(), organisation=organisation)
        client.force_login(person)
        url = reverse("reports:organisation_inventory", kwargs={"pk": organisation.pk})
        page = client.get(url).content.decode()
        assert runs.name in page
        assert elsewhere.name in page
        assert draft.name not in page
        client.post(url, {"theme": "Digitale  zorg"})
        client.post(url, {"theme": "digitale zorg"})
        assert ThemeInterest.objects.filter(user=person).count() == 1
        response = client.post(url, {"theme": "   "})
        assert response.status_code == 200
        assert ThemeInterest.objects.filter(user=person).count() == 1

    def test_coordinators_see_counts_per_theme(self, client, organisation, coordinator):
        for _index in range(3):
            theme_interest_register(
                organisation=organisation,
                theme="Onboarding",
                acting_user=UserFactory(
                    organisation=organisation, full_name="Naamloze Vraagsteller"
                ),
            )
        client.force_login(coordinator)
        response = client.get(
            reverse("reports:organisation_overview", kwargs={"pk": organisation.pk})
        )
        assert response.context["overview"]["interest"] == [
            {"theme_key": "onboarding", "people": 3, "theme": "Onboarding"}
        ]
        assert "Naamloze Vraagsteller" not in response.content.decode()

    def test_interest_for_another_organisation_is_refused(self, organisation):
        with pytest.raises(ApplicationError):
            theme_interest_register(organisation=organisation, theme="X", acting_user=UserFactory())

    def test_query_count_is_constant(self, client, organisation):
        person = UserFactory(organisation=organisation)
        client.force_login(person)
        url = reverse("reports:organisation_inventory", kwargs={"pk": organisation.pk})
        NetworkFactory(organisation=organisation, status="open")
        one = count_queries(client, url)
        for _index in range(10):
            NetworkFactory(organisation=organisation, status="open")
            theme_interest_register(
                organisation=organisation, theme=f"Thema {_index}", acting_user=person
            )
        assert count_queries(client, url) == one


class TestListing:
    def test_a_coordinator_chooses_which_networks_are_listed(
        self, client, organisation, coordinator
    ):
        network = NetworkFactory(organisation=organisation, status="open", name="Kies mij")
        client.force_login(coordinator)
        url = reverse(
            "reports:organisation_network_listing",
            kwargs={"pk": organisation.pk, "network_pk": network.pk},
        )
        client.post(url, {"listed": ""}, follow=True)  # the overview shows the message
        network.refresh_from_db()
        assert not network.listed
        assert "Kies mij" not in client.get(reverse("networks:directory")).content.decode()
        client.post(url, {"listed": "1"}, follow=True)
        network.refresh_from_db()
        assert network.listed
        page = client.get(reverse("networks:directory")).content.decode()
        assert "Kies mij" in page
        assert organisation.name in page

    def test_not_for_another_organisations_network(self, client, organisation, coordinator):
        network = NetworkFactory(organisation=OrganisationFactory(), status="open")
        client.force_login(coordinator)
        url = reverse(
            "reports:organisation_network_listing",
            kwargs={"pk": organisation.pk, "network_pk": network.pk},
        )
        assert client.post(url, {"listed": ""}).status_code == 404
        network.refresh_from_db()
        assert network.listed
