"""One-click RSVP links in session emails (sessions/rsvp_links.py, sessions.views.RsvpLinkView)."""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from sessions import services
from sessions.enums import NotificationKind, RsvpAnswer, SessionStatus
from sessions.models import Rsvp
from sessions.rsvp_links import RSVP_LINK_SALT, rsvp_link_read, rsvp_link_token
from tests.factories import MembershipFactory, SessionFactory, UserFactory
from tests.utils import english_client, reads_english

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


@pytest.fixture(autouse=True)
def _member_reads_english(member):
    """A link opened without signing in speaks the member's language: English here."""
    reads_english(member)


@pytest.fixture
def session(network):
    return SessionFactory(network=network, number=1, title="Valrisico inschatten")


def _url(session, user, answer=RsvpAnswer.ATTENDING, *, pk=None):
    token = rsvp_link_token(session_id=session.pk, user_id=user.pk, answer=answer)
    return reverse("sessions:rsvp_link", kwargs={"pk": pk or session.pk, "token": token})


@pytest.mark.parametrize("kind", ["invitation", "update", "reminder"])
def test_every_session_email_has_one_link_per_answer(session, member, on_commit, kind):
    with on_commit(execute=True):
        services.session_notify(session=session, kind=kind)

    [message] = mail.outbox
    links = re.findall(re.escape(settings.SITE_URL) + r"/sessions/\d+/rsvp/\S+/", message.body)
    assert len(links) == len(RsvpAnswer.choices)
    read = [rsvp_link_read(link.rstrip("/").rsplit("/", 1)[1]) for link in links]
    assert [(r.session_id, r.user_id) for r in read] == [(session.pk, member.pk)] * 3
    assert sorted(r.answer for r in read) == sorted(RsvpAnswer.values)
    html = message.alternatives[0][0]
    assert all(link in html for link in links)


def test_the_cancellation_has_no_answer_links(session, member, on_commit):
    with on_commit(execute=True):
        services.session_notify(session=session, kind=NotificationKind.CANCELLATION)
    assert "/rsvp/" not in mail.outbox[0].body


def test_opening_the_link_shows_the_answer_and_records_nothing(client, session, member):
    response = english_client(client).get(_url(session, member, RsvpAnswer.MAYBE))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Valrisico inschatten" in page
    checked = re.findall(r'<input[^>]*name="answer"[^>]*value="(\w+)"[^>]*checked', page)
    assert checked == ["maybe"]
    assert "Confirm my answer" in page
    assert not Rsvp.objects.exists()


def test_confirming_records_the_answer_without_a_password(client, session, member):
    url = _url(session, member, RsvpAnswer.ATTENDING)

    response = english_client(client).post(url, {"answer": RsvpAnswer.ATTENDING}, follow=True)

    rsvp = Rsvp.objects.get()
    assert (rsvp.session, rsvp.user, rsvp.answer) == (session, member, RsvpAnswer.ATTENDING)
    assert response.redirect_chain == [(url, 302)]
    assert "Thank you, your answer has been saved." in response.content.decode()
    assert "_auth_user_id" not in client.session  # the link does not sign anyone in


def test_the_answer_can_be_changed_from_any_link(client, session, member):
    english_client(client).post(_url(session, member), {"answer": RsvpAnswer.ATTENDING})
    response = client.post(
        _url(session, member, RsvpAnswer.NOT_ATTENDING),
        {"answer": RsvpAnswer.NOT_ATTENDING, "apology": "Ziek"},
    )

    assert response.status_code == 302
    rsvp = Rsvp.objects.get()
    assert (rsvp.answer, rsvp.apology) == (RsvpAnswer.NOT_ATTENDING, "Ziek")


def test_the_member_signed_in_may_use_their_own_link(client, session, member):
    client.force_login(member)
    response = client.post(_url(session, member), {"answer": RsvpAnswer.MAYBE})
    assert response.status_code == 302
    assert Rsvp.objects.get().answer == RsvpAnswer.MAYBE


def _refused(response, status, message):
    assert response.status_code == status
    page = response.content.decode()
    assert "This link does not work" in page
    assert message in page
    assert "Nothing has been saved." in page
    assert not Rsvp.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_forged_link_is_refused(client, session, member, method):
    forged = signing.dumps([session.pk, member.pk, "attending"], salt="another-salt")
    url = reverse("sessions:rsvp_link", kwargs={"pk": session.pk, "token": forged})
    response = getattr(english_client(client), method)(url, {"answer": "attending"})
    _refused(response, 400, "This link is not valid. Was it copied completely?")


def test_a_changed_answer_in_the_token_is_refused(client, session, member):
    token = rsvp_link_token(session_id=session.pk, user_id=member.pk, answer="attending")
    value, signature = token.rsplit(":", 1)
    url = reverse(
        "sessions:rsvp_link", kwargs={"pk": session.pk, "token": value + ":x" + signature}
    )
    _refused(english_client(client).get(url), 400, "This link is not valid.")


def test_a_signed_value_with_an_unknown_answer_is_refused(client, session, member):
    token = signing.dumps([session.pk, member.pk, "perhaps"], salt=RSVP_LINK_SALT)
    url = reverse("sessions:rsvp_link", kwargs={"pk": session.pk, "token": token})
    _refused(english_client(client).get(url), 400, "This link is not valid.")


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_link_after_the_session_started_is_refused(client, network, member, method):
    started = SessionFactory(
        network=network,
        starts_at=timezone.now() - datetime.timedelta(minutes=5),
        ends_at=timezone.now() + datetime.timedelta(hours=2),
    )
    response = getattr(english_client(client), method)(
        _url(started, member), {"answer": "attending"}
    )
    _refused(response, 400, "You can no longer answer: this session has started or ended.")


def test_a_link_of_a_cancelled_session_is_refused(client, session, member):
    session.status = SessionStatus.CANCELLED
    session.save(update_fields=["status"])
    _refused(
        english_client(client).post(_url(session, member), {"answer": "attending"}),
        400,
        "You can no longer answer",
    )


def test_another_sessions_link_is_refused(client, network, session, member):
    other = SessionFactory(network=network)
    response = english_client(client).post(
        _url(other, member, pk=session.pk), {"answer": "attending"}
    )
    _refused(response, 404, "This link does not belong to a session of yours.")


def test_a_link_for_a_session_of_another_network_is_refused(client, member, other_facilitator):
    foreign = SessionFactory()  # a network the member is not in
    response = english_client(client).post(_url(foreign, member), {"answer": "attending"})
    _refused(response, 404, "This link does not belong to a session of yours.")


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_members_link_is_refused_to_someone_signed_in(
    client, network, session, member, method
):
    other_member = MembershipFactory(network=network, user=UserFactory(language="en")).user
    client.force_login(other_member)
    response = getattr(english_client(client), method)(
        _url(session, member), {"answer": "attending"}
    )
    _refused(response, 403, "This link was sent to another member.")


def test_a_link_of_someone_who_left_is_refused(client, network, session, member):
    network.memberships.filter(user=member).update(status="left")
    response = english_client(client).post(_url(session, member), {"answer": "attending"})
    _refused(response, 404, "This link does not belong to a session of yours.")


def test_the_refusal_page_is_translated(client, session, member):
    """Needs the Dutch catalogue (the new msgids are in /work/i18n/mail.po)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    url = reverse("sessions:rsvp_link", kwargs={"pk": session.pk, "token": "garbage"})
    response = client.get(url)
    assert response.status_code == 400
    assert "Deze link werkt niet" in response.content.decode()


def test_the_page_speaks_the_members_language(client, session, member):
    member.language = "nl"
    member.save(update_fields=["language"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # someone else's browser

    response = client.get(_url(session, member))

    assert response.status_code == 200
    assert '<h1 class="h2">Kom je?</h1>' in response.content.decode()
