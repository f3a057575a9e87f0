"""The timeline and the session page link a session's minutes once a version is published: the
pages ask minutes (pages/sessions/views/), sessions itself knows nothing of minutes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from minutes import services as minutes_services
from sessions import services as session_services
from sessions.enums import AttendanceStatus
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def _held_with_draft(network, facilitator, member):
    session = SessionFactory(
        network=network,
        number=1,
        title="Valrisico",
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    session_services.session_record_attendance(
        session=session,
        entries={member.pk: {"status": AttendanceStatus.PRESENT, "remark": ""}},
        mark_held=True,
        acting_user=facilitator,
    )
    minutes = minutes_services.minutes_get_or_create(session=session, acting_user=facilitator)
    minutes_services.minutes_save_draft(
        minutes=minutes,
        data={"summary": "Samenvatting", "agreements": ""},
        item_notes={},
        actions=[],
        acting_user=facilitator,
    )
    return session, minutes


def test_the_minutes_link_shows_on_both_pages_once_published(client, network, facilitator, member):
    session, minutes = _held_with_draft(network, facilitator, member)
    minutes_url = reverse("reports:minutes", kwargs={"pk": session.pk})
    timeline_url = reverse("sessions:timeline", kwargs={"pk": network.pk})
    client.force_login(member)

    draft_pages = [client.get(timeline_url), client.get(session.get_absolute_url())]
    minutes_services.minutes_publish(minutes=minutes, acting_user=facilitator)
    timeline = client.get(timeline_url)
    page = client.get(session.get_absolute_url())

    assert [response.context["has_minutes"] for response in draft_pages[1:]] == [False]
    assert [s.has_minutes for s in draft_pages[0].context["past"]] == [False]
    assert [s.has_minutes for s in timeline.context["past"]] == [True]
    assert page.context["has_minutes"] is True
    assert f'href="{minutes_url}"' not in draft_pages[0].content.decode()
    assert f'href="{minutes_url}"' in timeline.content.decode()
    assert f'href="{minutes_url}"' in page.content.decode()
