"""A network's files (minutes PDF, trajectory report, attendance and evaluation CSVs) speak the
network's language, whoever downloads them, and their names say what they are and which network
(its name as a slug), as plain ASCII."""

import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localtime
from pypdf import PdfReader

from core.downloads import download_name
from minutes import services
from minutes.models import MINUTES_PDF_NAME
from tests.utils import reads_english, report_download

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(network, facilitator):
    """The network gets a name with accents and punctuation; the facilitator reads Dutch."""
    network.name = "Zorg & Welzijn: één netwerk"
    network.save(update_fields=["name"])
    facilitator.language = "nl"
    facilitator.save(update_fields=["language"])
    return network


def _disposition(response) -> str:
    return response["Content-Disposition"]


def test_a_name_is_ascii_slugs_in_the_networks_language(named):
    reads_english(named)

    name = download_name(MINUTES_PDF_NAME, network=named, number=3, version=2)

    assert name == "minutes-zorg-welzijn-een-netwerk-session-3-v2.pdf"


def test_a_network_name_without_letters_falls_back_to_its_number(network):
    reads_english(network)
    network.name = "!!!"

    assert download_name(MINUTES_PDF_NAME, network=network, number=1, version=1) == (
        f"minutes-{network.pk}-session-1-v1.pdf"
    )


def test_minutes_pdf_download_and_email_attachment_are_named_in_the_networks_language(
    client, named, minutes, held, facilitator, on_commit
):
    reads_english(named)
    _session, _excused, absent = held
    absent.language = "nl"  # the email is Dutch, the PDF and its name follow the network
    absent.save(update_fields=["language"])
    with on_commit(execute=True):
        services.minutes_publish(minutes=minutes, acting_user=facilitator)
    client.force_login(facilitator)

    response = client.get(
        reverse("reports:minutes_pdf", kwargs={"pk": minutes.session_id, "number": 1})
    )

    expected = "minutes-zorg-welzijn-een-netwerk-session-1-v1.pdf"
    assert _disposition(response) == f'attachment; filename="{expected}"'
    [message] = [m for m in mail.outbox if m.to == [absent.email]]
    assert [name for name, _content, _type in message.attachments] == [expected]


def test_trajectory_report_is_named_after_the_network(client, named, held, facilitator):
    reads_english(named)
    client.force_login(facilitator)

    response = report_download(client, named)

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Trajectory report" in text  # the facilitator reads Dutch; the network is English
    assert "page 1 of" in text
    assert _disposition(response) == (
        'attachment; filename="trajectory-report-zorg-welzijn-een-netwerk.pdf"'
    )


def test_attendance_csv_follows_the_networks_language_not_the_readers(
    client, named, held, facilitator
):
    reads_english(named)
    client.force_login(facilitator)  # reads Leernet in Dutch

    response = client.get(reverse("reports:attendance_csv", kwargs={"pk": named.pk}))

    assert _disposition(response) == (
        'attachment; filename="attendance-zorg-welzijn-een-netwerk.csv"'
    )
    header, *rows = response.content.decode().splitlines()
    with translation.override("en"):
        day = date_format(localtime(held[0].starts_at), "SHORT_DATE_FORMAT")  # "29 Oct 2026"
    assert header == f"Member,1. Valrisico inschatten ({day}),Rate"
    assert "Bart Afwezig,Absent,0%" in rows


def test_evaluation_csv_follows_the_networks_language_and_names_the_session(
    client, named, held, facilitator
):
    reads_english(named)
    client.force_login(facilitator)
    evaluation = held[0].evaluation

    response = client.get(reverse("evaluations:results_csv", kwargs={"pk": evaluation.pk}))

    assert _disposition(response) == (
        'attachment; filename="evaluation-zorg-welzijn-een-netwerk-session-1.csv"'
    )
    assert response.content.decode().strip() == "Too few answers to keep them anonymous."


# Dutch networks: these need the merged Dutch catalogue ---------------------------------------


def test_dutch_network_files_have_dutch_names(client, named, minutes, held, facilitator):
    version = services.minutes_publish(minutes=minutes, acting_user=facilitator)
    services.version_render_pdf(version_id=version.pk)
    client.force_login(facilitator)
    report_download(client, named)  # rendered and stored: the GET below downloads it
    slug = "zorg-welzijn-een-netwerk"

    urls = {
        reverse("reports:minutes_pdf", kwargs={"pk": minutes.session_id, "number": 1}): (
            f"verslag-{slug}-bijeenkomst-1-v1.pdf"
        ),
        reverse("reports:report_pdf", kwargs={"pk": named.pk}): f"trajectrapport-{slug}.pdf",
        reverse("reports:attendance_csv", kwargs={"pk": named.pk}): f"aanwezigheid-{slug}.csv",
        reverse("evaluations:results_csv", kwargs={"pk": held[0].evaluation.pk}): (
            f"evaluatie-{slug}-bijeenkomst-1.csv"
        ),
    }

    assert {url: _disposition(client.get(url)) for url in urls} == {
        url: f'attachment; filename="{name}"' for url, name in urls.items()
    }
