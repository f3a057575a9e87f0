"""One-click RSVP links in session emails (sessions/rsvp_links.py, sessions.views.RsvpLinkView)."""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

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


def _url(session, user, answer=RsvpAnswer.ATTENDING, *, pk=None, version=0):
    token = rsvp_link_token(session_id=session.pk, user_id=user.pk, answer=answer, version=version)
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


def _shown_version(response) -> str:
    """The version the page's form posts back (the answer it was made against)."""
    [version] = re.findall(
        r'<input type="hidden" name="version" value="(\d+)">', response.content.decode()
    )
    return version


def test_the_answer_can_be_changed_from_any_link(client, session, member):
    english_client(client).post(_url(session, member), {"answer": RsvpAnswer.ATTENDING})
    url = _url(session, member, RsvpAnswer.NOT_ATTENDING)
    page = client.get(url)
    response = client.post(
        url,
        {"answer": RsvpAnswer.NOT_ATTENDING, "apology": "Ziek", "version": _shown_version(page)},
    )

    assert response.status_code == 302
    rsvp = Rsvp.objects.get()
    assert (rsvp.answer, rsvp.apology, rsvp.version) == (RsvpAnswer.NOT_ATTENDING, "Ziek", 2)


# Issue 22: a link carries the answer's version; a stale one asks before it overrides ----------


def _changed_on_the_site(session, member, answer=RsvpAnswer.NOT_ATTENDING):
    """The member answers on the site after the email went out."""
    return services.rsvp_set(session=session, data={"answer": answer}, acting_user=member)


def test_the_email_links_carry_the_answers_version(session, member, on_commit):
    _changed_on_the_site(session, member)
    _changed_on_the_site(session, member, RsvpAnswer.MAYBE)
    with on_commit(execute=True):
        services.session_notify(session=session, kind="reminder")

    links = re.findall(r"/sessions/\d+/rsvp/([^/\s]+)/", mail.outbox[0].body)
    assert {rsvp_link_read(token).version for token in links} == {2}
    assert Rsvp.objects.get().version == 2


def test_a_stale_link_asks_before_it_overrides_a_newer_answer(client, session, member):
    url = _url(session, member, RsvpAnswer.ATTENDING, version=0)  # the email: no answer yet
    rsvp = _changed_on_the_site(session, member)
    day = date_format(timezone.localtime(rsvp.updated_at), "DATE_FORMAT")
    question = (
        f"You changed your answer to “Not attending” on {day}, after this email was sent. "
        "Change it to “Attending”?"
    )

    page = english_client(client).get(url)
    posted = client.post(url, {"answer": RsvpAnswer.ATTENDING})  # an old tab, no version

    assert page.status_code == 200
    assert posted.status_code == 409
    for response in (page, posted):
        html = response.content.decode()
        assert question in html
        assert "Yes, change my answer" in html
        assert 'name="csrfmiddlewaretoken"' in html
        assert _shown_version(response) == "1"
        checked = re.findall(r'<input[^>]*name="answer"[^>]*value="(\w+)"[^>]*checked', html)
        assert checked == ["attending"]
    assert "Nothing has been saved." in posted.content.decode()
    assert "Nothing has been saved." not in page.content.decode()
    rsvp.refresh_from_db()
    assert (rsvp.answer, rsvp.version) == (RsvpAnswer.NOT_ATTENDING, 1)  # nothing written

    confirmed = client.post(url, {"answer": RsvpAnswer.ATTENDING, "version": "1"}, follow=True)

    rsvp.refresh_from_db()
    assert (rsvp.answer, rsvp.version) == (RsvpAnswer.ATTENDING, 2)
    assert confirmed.redirect_chain == [(url, 302)]
    assert "Thank you, your answer has been saved." in confirmed.content.decode()
    assert "You changed your answer" not in confirmed.content.decode()  # the same answer now


def test_a_change_between_opening_and_confirming_is_asked_about(client, session, member):
    """The page was opened fresh; the answer changed on the site before its button was
    pressed: its POST carries the version it showed, so it asks instead of overriding."""
    url = _url(session, member, RsvpAnswer.ATTENDING)
    shown = _shown_version(english_client(client).get(url))
    _changed_on_the_site(session, member, RsvpAnswer.MAYBE)

    response = client.post(url, {"answer": RsvpAnswer.ATTENDING, "version": shown})

    assert (shown, response.status_code) == ("0", 409)
    assert "You changed your answer to “Maybe”" in response.content.decode()
    assert Rsvp.objects.get().answer == RsvpAnswer.MAYBE


def test_a_fresh_link_still_answers_in_one_click(client, session, member):
    """A link made against the answer as it still is (or asking the same answer as the newer
    one) records as before, whether or not the page's version comes along."""
    rsvp = _changed_on_the_site(session, member, RsvpAnswer.MAYBE)  # before the email
    fresh = _url(session, member, RsvpAnswer.NOT_ATTENDING, version=rsvp.version)
    same = _url(session, member, RsvpAnswer.NOT_ATTENDING, version=0)

    page = english_client(client).get(fresh)
    response = client.post(fresh, {"answer": RsvpAnswer.NOT_ATTENDING, "apology": "Ziek"})
    again = client.get(same)

    assert "You changed your answer" not in page.content.decode()
    assert "Confirm my answer" in page.content.decode()
    assert response.status_code == 302
    rsvp.refresh_from_db()
    assert (rsvp.answer, rsvp.apology, rsvp.version) == (RsvpAnswer.NOT_ATTENDING, "Ziek", 2)
    assert again.status_code == 200
    assert "You changed your answer" not in again.content.decode()


@pytest.mark.parametrize(
    "version", ["abc", "-1", "1.0", "٣", "99999999999999999999999", "", "0", "7"]
)
def test_a_forged_version_in_the_form_writes_nothing(client, session, member, version):
    url = _url(session, member, RsvpAnswer.ATTENDING, version=0)
    rsvp = _changed_on_the_site(session, member)

    response = english_client(client).post(
        url, {"answer": RsvpAnswer.ATTENDING, "version": version}
    )

    assert response.status_code == 409
    assert "Change it to “Attending”?" in response.content.decode()
    rsvp.refresh_from_db()
    assert (rsvp.answer, rsvp.version) == (RsvpAnswer.NOT_ATTENDING, 1)


@pytest.mark.parametrize("version", [-1, "1", None, 1.5, True])
def test_a_signed_link_with_a_bad_version_is_refused(client, session, member, version):
    token = signing.dumps(
        [session.pk, member.pk, "attending", version], salt=RSVP_LINK_SALT, compress=True
    )
    url = reverse("sessions:rsvp_link", kwargs={"pk": session.pk, "token": token})
    _refused(english_client(client).post(url, {"answer": "attending"}), 400, "not valid")


def test_a_link_from_before_versions_counts_as_no_answer_yet(client, session, member):
    legacy = signing.dumps([session.pk, member.pk, "attending"], salt=RSVP_LINK_SALT, compress=True)
    url = reverse("sessions:rsvp_link", kwargs={"pk": session.pk, "token": legacy})
    assert rsvp_link_read(legacy).version == 0
    _changed_on_the_site(session, member)

    response = english_client(client).post(url, {"answer": RsvpAnswer.ATTENDING})

    assert response.status_code == 409
    assert Rsvp.objects.get().answer == RsvpAnswer.NOT_ATTENDING


def test_the_stale_link_page_is_translated(client, session, member):
    member.language = "nl"
    member.save(update_fields=["language"])
    _changed_on_the_site(session, member)

    html = client.get(_url(session, member, RsvpAnswer.ATTENDING)).content.decode()

    assert "Je veranderde je antwoord in" in html
    assert "Ja, verander mijn antwoord" in html


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
