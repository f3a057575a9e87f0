"""CSRF on every POST, no state change on GET, and stored XSS escaped everywhere it is shown."""

import pytest
from django.test import Client
from django.urls import resolve, reverse

from evaluations.models import Question
from pages.core.actions import ConfirmActionView
from sessions.models import AgendaItem, PracticeQuestion
from tests.networks.test_permissions import EXPECTED, _reverse
from tests.networks.test_permissions import world as world  # noqa: F401, PLC0414 - fixture

pytestmark = pytest.mark.django_db

POST_ONLY = sorted(name for name, (method, _e) in EXPECTED.items() if method == "post")
PAYLOAD = '<script>alert("xss")</script><img src=x onerror=alert(1)>'


@pytest.mark.parametrize("name", POST_ONLY)
def test_post_without_csrf_token_is_refused(world, facilitator, name):
    all_kwargs, _users = world
    client = Client(enforce_csrf_checks=True)
    client.force_login(facilitator)

    response = client.post(_reverse(name, all_kwargs), {"status": "running", "answer": "maybe"})

    assert response.status_code == 403


def _is_confirmation(name: str, all_kwargs) -> bool:
    """A ConfirmActionView answers GET with its confirmation page (or goes back when there is
    nothing to confirm): the GET shows, only the POST acts."""
    view = resolve(_reverse(name, all_kwargs)).func
    return issubclass(getattr(view, "view_class", object), ConfirmActionView)


def _state():
    from minutes.models import MinutesVersion
    from networks.models import Invitation, Membership, Network
    from sessions.models import LearningSession

    return (
        AgendaItem.objects.count(),
        PracticeQuestion.objects.count(),
        sorted(Network.objects.values_list("pk", "status")),
        sorted(Membership.objects.values_list("pk", "status")),
        sorted(Invitation.objects.values_list("pk", "status")),
        sorted(LearningSession.objects.values_list("pk", "status")),
        MinutesVersion.objects.count(),
        Question.objects.count(),
    )


@pytest.mark.parametrize("name", [n for n in POST_ONLY if n != "accounts:set_language"])
def test_get_on_a_post_only_url_changes_nothing(client, world, facilitator, name):
    all_kwargs, _users = world
    client.force_login(facilitator)
    before = _state()

    response = client.get(_reverse(name, all_kwargs))

    if _is_confirmation(name, all_kwargs):
        # The confirmation page, or back with a message when there is nothing to confirm.
        assert response.status_code in {200, 302}
    else:
        # 405, or 404 where the facilitator has no right to the POST either (rsvp is for members).
        assert response.status_code in {405, 404}
        # (and the choice of announcement emails, a plain member's own; an organisation's
        # pages, where a facilitator who coordinates nothing is no one)
        assert response.status_code == 405 or name in {
            "sessions:rsvp",
            "sessions:rsvp_answer",
            "networks:announcement_emails",
            "accounts:organisation_proposal_accept",
            "accounts:organisation_proposal_merge",
            "accounts:organisation_proposal_decline",
            "reports:organisation_appoint_facilitator",
            "reports:organisation_health_refresh",
            "reports:organisation_interest_withdraw",
            "reports:organisation_network_listing",
            "reports:organisation_webhook_enable",
            "reports:organisation_webhook_test",
            "reports:organisation_webhook_resend",
        }
    assert _state() == before


def test_stored_xss_is_escaped_on_every_page(client, facilitator, member, network):
    from networks import services as network_services
    from sessions import services as session_services
    from tests.factories import SessionFactory

    network_services.network_update(
        network=network,
        data={
            "name": f"Net {PAYLOAD}",
            "goal": PAYLOAD,
            "ground_rules": PAYLOAD,
            "participant_role": PAYLOAD,
            "location": PAYLOAD,
            "organisations": PAYLOAD,
        },
        acting_user=facilitator,
    )
    member.full_name = f"Lid {PAYLOAD}"
    member.save()
    session = SessionFactory(network=network, title=f"Sessie {PAYLOAD}", description=PAYLOAD)
    session_services.agenda_item_add(
        session=session,
        data={"title": PAYLOAD, "duration_minutes": 10, "notes": PAYLOAD},
        roles={},
        acting_user=facilitator,
    )
    session_services.practice_question_submit(
        network=network,
        acting_user=member,
        data={"title": PAYLOAD, "context": PAYLOAD, "name_for_facilitator_only": False},
    )
    client.force_login(facilitator)
    pages = [
        network.get_absolute_url(),
        reverse("networks:dashboard"),
        reverse("networks:directory"),
        reverse("networks:public", kwargs={"pk": network.pk}),
        reverse("networks:manage_members", kwargs={"pk": network.pk}),
        reverse("sessions:timeline", kwargs={"pk": network.pk}),
        reverse("sessions:questions", kwargs={"pk": network.pk}),
        session.get_absolute_url(),
        reverse("sessions:attendance", kwargs={"pk": session.pk}),
    ]

    for url in pages:
        content = client.get(url).content.decode()
        assert "<script>alert" not in content, url
        assert "onerror=alert(1)>" not in content.replace("onerror=alert(1)&gt;", ""), url
    assert (
        "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;"
        in client.get(network.get_absolute_url()).content.decode()
    )


@pytest.mark.usefixtures("require_pdf")
def test_stored_xss_is_escaped_in_emails_and_pdfs(facilitator, member, network, on_commit):
    import datetime
    import io

    from django.core import mail
    from django.utils import timezone
    from pypdf import PdfReader

    from minutes import services as minutes_services
    from networks import services as network_services
    from networks.enums import Role
    from sessions import services as session_services
    from tests.factories import SessionFactory

    network_services.network_update(
        network=network, data={"name": f"Net {PAYLOAD}"}, acting_user=facilitator
    )
    facilitator.full_name = f"Fien {PAYLOAD}"
    facilitator.save()
    with on_commit(execute=True):
        network_services.invitation_create(
            network=network, email="nieuw@example.org", role=Role.MEMBER, acting_user=facilitator
        )
    html = mail.outbox[0].alternatives[0][0]
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html

    session = SessionFactory(
        network=network,
        title=f"Sessie {PAYLOAD}",
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    session_services.attendance_register(
        session=session,
        entries={member.pk: {"status": "absent", "remark": ""}},
        acting_user=facilitator,
    )
    session_services.session_mark_held(session=session, acting_user=facilitator)
    minutes = minutes_services.minutes_get_or_create(session=session, acting_user=facilitator)
    minutes_services.minutes_save_draft(
        minutes=minutes,
        data={"summary": PAYLOAD},
        item_notes={},
        actions=[{"what": PAYLOAD, "who": PAYLOAD, "due": None}],
        acting_user=facilitator,
    )
    mail.outbox.clear()
    with on_commit(execute=True):
        version = minutes_services.minutes_publish(minutes=minutes, acting_user=facilitator)

    version.refresh_from_db()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(bytes(version.pdf))).pages)
    assert '<script>alert("xss")</script>' in text  # shown as text, never parsed as markup
    minutes_mail = next(m for m in mail.outbox if m.to == [member.email])
    assert "<script>alert" not in minutes_mail.alternatives[0][0]
