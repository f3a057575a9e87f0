"""The speaker's brief: drafted from what the group said (no names, no number below k), sent only
by the facilitator's confirmed click, confirmed by the speaker through a signed link; after the
session, the members' feedback about the speaker, withheld below k."""

import datetime
import importlib
import re

import pytest
from django.apps import apps
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from core.outbox import OutboxState, deliver
from evaluations import selectors
from evaluations import services as evaluation_services
from evaluations.models import LearningGoal
from evaluations.selectors import expectation_themes, group_make_up
from sessions import services as session_services
from sessions.enums import AttendanceStatus, QuestionStatus
from sessions.models import AgendaItem, PracticeQuestion, Speaker, SpeakerEmail, WorkForm
from sessions.speaker_links import (
    SPEAKER_CONFIRM_SALT,
    speaker_confirm_read,
    speaker_confirm_token,
)
from tests.factories import MembershipFactory, NetworkFactory, SessionFactory, UserFactory
from tests.utils import count_queries, reads_english

pytestmark = pytest.mark.django_db

K = 3
SAVE, REDRAFT = "evaluations:speaker_brief_save", "evaluations:speaker_brief_redraft"


@pytest.fixture(autouse=True)
def english(facilitator):
    """The facilitator reads English, so the messages checked here are the source texts (the
    emails and the brief stay in the network's language)."""
    reads_english(facilitator)


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def _brief_url(speaker, name="evaluations:speaker_brief"):
    return reverse(name, kwargs={"pk": speaker.session_id, "speaker_id": speaker.pk})


def _confirm_url(speaker, token=None, *, version=1):
    token = token or speaker_confirm_token(speaker_id=speaker.pk, version=version)
    return reverse("sessions:speaker_confirm", kwargs={"speaker_id": speaker.pk, "token": token})


def _send(speaker, facilitator, text, on_commit):
    """The facilitator saves ``text`` as the brief (a new version) and sends it."""
    with on_commit(execute=True):
        session_services.speaker_brief_save(speaker=speaker, text=text, acting_user=facilitator)
        session_services.speaker_brief_send(speaker=speaker, acting_user=facilitator)
    speaker.refresh_from_db()


def _upcoming(network, **kwargs):
    start = timezone.now() + datetime.timedelta(days=10)
    return SessionFactory(
        network=network, starts_at=start, ends_at=start + datetime.timedelta(hours=2), **kwargs
    )


@pytest.fixture
def group(facilitator):
    """Eight members: four nurses, three occupational therapists and one firefighter (the only
    one: a count of 1 would point at a person); an intake where four members expect
    "valpreventie" and only the firefighter writes "brandweerkazerne"."""
    network = NetworkFactory(created_by=facilitator, member_cap=15, anonymity_threshold=K)
    functions = ["Verpleegkundige"] * 4 + ["Ergotherapeut"] * 3 + ["Brandweerman"]
    members = [
        MembershipFactory(
            network=network, user=UserFactory(full_name=f"Zoë Uniek{i}", job_function=function)
        ).user
        for i, function in enumerate(functions)
    ]
    intake = evaluation_services.intake_open(
        network=network,
        deadline=timezone.now() + datetime.timedelta(days=7),
        acting_user=facilitator,
    )
    expectations = [
        "Valpreventie in de praktijk",
        "Meer over valpreventie en medicatie",
        "valpreventie, samen met Zoë Uniek0",
        "Valpreventie!",
        "Iets over de brandweerkazerne",
    ]
    for member, text in zip([*members[:4], members[7]], expectations, strict=True):
        evaluation_services.intake_submit(
            intake=intake,
            acting_user=member,
            data={"expectations": text, "personal_goals": "Leren"},
        )
    return network, members


@pytest.fixture
def speaker(group, facilitator):
    network, members = group
    session = _upcoming(network, number=2, title="Valrisico", location="WZC Ter Linde")
    goal = LearningGoal.objects.create(network=network, title="Valrisico inschatten")
    goal.sessions.add(session)
    guest = WorkForm.objects.get(network__isnull=True, slug="gastspreker")
    item = AgendaItem.objects.create(
        session=session, title="Valrisico in de praktijk", duration_minutes=60, work_form=guest
    )
    PracticeQuestion.objects.create(
        network=network,
        author=members[0],
        title="Hoe doet Zoë Uniek1 dat 's nachts?",
        status=QuestionStatus.SCHEDULED,
        agenda_item=item,
    )
    return Speaker.objects.create(
        session=session, name="Griet Gast", topic="Screening", email="griet@example.org"
    )


# The draft ---------------------------------------------------------------------------------------


def test_brief_names_no_member_and_shows_no_count_below_the_threshold(speaker, group):
    _network, members = group

    draft = selectors.speaker_brief_draft(speaker=speaker)

    for member in members:
        assert member.full_name not in draft
        assert "Uniek" not in draft
    assert "Brandweerman" not in draft  # the one firefighter is folded into "other"
    assert "brandweerkazerne" not in draft  # one member's word: below k
    assert "valpreventie (4" in draft
    assert "- Verpleegkundige: 4" in draft
    # The three occupational therapists join "other" with the firefighter: no "1" to subtract.
    assert "Ergotherapeut" not in draft
    assert re.search(r"^- [^:\n]+: 4$", draft, re.MULTILINE)
    counts = [int(n) for n in re.findall(r"^- [^\n]*: (\d+)$", draft, re.MULTILINE)]
    counts += [int(n) for n in re.findall(r"\((\d+) ", draft)]
    assert counts
    assert all(count >= K for count in counts if count != 60)  # 60: the item's minutes
    assert "Valrisico inschatten" in draft  # the linked learning goal
    assert "Hoe doet … dat 's nachts?" in draft  # the practice question, the name taken out
    assert "Valrisico in de praktijk (60 min)" in draft


def test_group_make_up_folds_small_categories_and_never_leaves_a_count_below_k():
    assert group_make_up(["A"] * 3 + ["B"] * 2 + [""], threshold=3) == {
        "rows": [("A", 3)],
        "other": 3,
        "total": 6,
        "too_few": False,
    }
    # "other" would hold one person: the smallest shown category joins it.
    assert group_make_up(["A"] * 4 + ["b"] * 3 + ["B"] * 0 + ["C"], threshold=3)["rows"] == [
        ("A", 4)
    ]
    # Spellings count together; the most used one is shown.
    assert group_make_up(["nurse", "Nurse", "Nurse "], threshold=3)["rows"] == [("Nurse", 3)]
    assert group_make_up(["A", "A"], threshold=3)["too_few"] is True


def test_expectation_themes_below_k_are_absent():
    texts = ["valpreventie en nacht", "Valpreventie", "valpreventie, nacht", "unieke wens"]

    assert expectation_themes(texts, threshold=3) == [("valpreventie", 3)]
    assert expectation_themes(texts[:2], threshold=3) == []  # fewer than k answered at all


# Sending only by the facilitator ---------------------------------------------------------------


def test_drafting_and_editing_send_nothing_only_the_confirm_post_does(
    client, speaker, facilitator, on_commit
):
    client.force_login(facilitator)
    with on_commit(execute=True):
        page = client.get(_brief_url(speaker))
        assert page.status_code == 200
        draft = page.context["form"].initial["brief"]
        saved = client.post(
            _brief_url(speaker, SAVE), {"brief": draft + "\n\nTot dan!"}, follow=True
        )
        redrafted = client.post(_brief_url(speaker, REDRAFT), {"brief": "x"}, follow=True)
        assert Speaker.objects.get(pk=speaker.pk).brief == draft  # "x" is not what is kept
        client.post(_brief_url(speaker, SAVE), {"brief": draft + "\n\nTot dan!"})
        confirm_page = client.get(_brief_url(speaker, "evaluations:speaker_brief_send"))
    assert _messages(saved) == ["The brief has been saved. Nothing has been sent."]
    assert _messages(redrafted) == ["A fresh draft replaced the brief. Nothing has been sent."]
    assert redrafted.redirect_chain == [(_brief_url(speaker), 302)]
    assert confirm_page.status_code == 200
    assert confirm_page.context["recipients"] == ["Griet Gast"]
    assert SpeakerEmail.objects.count() == 0
    assert mail.outbox == []

    with on_commit(execute=True):
        response = client.post(_brief_url(speaker, "evaluations:speaker_brief_send"))

    assert response.status_code == 302
    [row] = SpeakerEmail.objects.all()
    assert (row.kind, row.state, row.body) == ("brief", OutboxState.SENT, draft + "\n\nTot dan!")
    [message] = mail.outbox
    assert message.to == ["griet@example.org"]
    assert message.reply_to == [facilitator.email]
    assert speaker.session.network.name in message.subject
    assert "Tot dan!" in message.body
    sent_version = Speaker.objects.get(pk=speaker.pk).brief_sent_version
    assert sent_version == row.sequence
    assert _confirm_url(speaker, version=sent_version) in message.body


def test_the_brief_is_never_sent_by_saving_or_by_the_session_being_held(
    held, facilitator, on_commit
):
    """No task, signal or save sends the brief: saving it, and the session being marked held
    (the ``held`` fixture: attendance, held, the evaluation opened), leave no speaker email."""
    speaker, _questionnaire, _members = held
    with on_commit(execute=True):
        session_services.speaker_brief_save(
            speaker=speaker, text="Over de groep", acting_user=facilitator
        )

    assert not SpeakerEmail.objects.exists()
    assert not [m for m in mail.outbox if "griet@example.org" in m.to]


def test_a_speaker_without_email_gets_no_brief(client, speaker, facilitator):
    Speaker.objects.filter(pk=speaker.pk).update(email="", brief="Over de groep", brief_version=1)
    client.force_login(facilitator)
    url = _brief_url(speaker, "evaluations:speaker_brief_send")

    page = client.get(url, follow=True)
    post = client.post(url, follow=True)

    assert _messages(page) == [
        "This speaker has no email address. Add it before you send the brief."
    ]
    assert _messages(post) == _messages(page)
    assert not SpeakerEmail.objects.exists()


def test_the_page_posts_each_button_to_its_own_view(client, speaker, facilitator):
    client.force_login(facilitator)

    page = client.get(_brief_url(speaker)).content.decode()
    posted_to_page = client.post(_brief_url(speaker), {"brief": "Over de groep"})
    save_by_get = client.get(_brief_url(speaker, SAVE))

    assert f'action="{_brief_url(speaker, SAVE)}"' in page
    assert f'formaction="{_brief_url(speaker, REDRAFT)}"' in page
    assert 'name="action"' not in page
    assert (posted_to_page.status_code, save_by_get.status_code) == (405, 405)
    assert Speaker.objects.get(pk=speaker.pk).brief == ""


def test_an_unsaved_or_empty_brief_is_not_sent(client, speaker, facilitator):
    client.force_login(facilitator)

    empty = client.post(_brief_url(speaker, SAVE), {"brief": "   "})
    send = client.post(_brief_url(speaker, "evaluations:speaker_brief_send"), follow=True)

    assert empty.status_code == 200
    assert empty.context["form"].errors["brief"]
    assert len(_messages(send)) == 1
    assert Speaker.objects.get(pk=speaker.pk).brief == ""
    assert not SpeakerEmail.objects.exists()


def test_a_session_without_this_speaker_is_a_404(client, speaker, group, facilitator):
    other_session = _upcoming(group[0], number=3)
    client.force_login(facilitator)
    for name in ("evaluations:speaker_brief", SAVE, REDRAFT, "evaluations:speaker_brief_send"):
        url = reverse(name, kwargs={"pk": other_session.pk, "speaker_id": speaker.pk})
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert not SpeakerEmail.objects.exists()


@pytest.mark.parametrize("who", ["member", "other_facilitator", "outsider"])
def test_anyone_but_the_facilitator_gets_404(client, speaker, group, who, request):
    user = group[1][0] if who == "member" else request.getfixturevalue(who)
    Speaker.objects.filter(pk=speaker.pk).update(brief="Over de groep", brief_version=1)
    client.force_login(user)

    for name in (
        "evaluations:speaker_brief",
        SAVE,
        REDRAFT,
        "evaluations:speaker_brief_send",
        "evaluations:speaker_feedback_send",
    ):
        assert client.get(_brief_url(speaker, name)).status_code == 404
        assert client.post(_brief_url(speaker, name), {"brief": "x"}).status_code == 404
    assert Speaker.objects.get(pk=speaker.pk).brief == "Over de groep"
    assert not SpeakerEmail.objects.exists()


# The speaker confirms --------------------------------------------------------------------------


def test_confirm_link_records_once_and_a_second_click_is_harmless(
    client, speaker, facilitator, on_commit
):
    _send(speaker, facilitator, "Over de groep", on_commit)
    url = _confirm_url(speaker)

    page = client.get(url)
    assert page.status_code == 200
    assert Speaker.objects.get(pk=speaker.pk).confirmed_at is None  # a GET records nothing

    first = client.post(url, follow=True)
    confirmed_at = Speaker.objects.get(pk=speaker.pk).confirmed_at
    second = client.post(url, follow=True)

    assert confirmed_at is not None
    assert Speaker.objects.get(pk=speaker.pk).confirmed_at == confirmed_at
    assert first.status_code == second.status_code == 200
    assert len(_messages(second)) == 1
    assert _messages(second) != _messages(first)  # "already confirmed, on ..."
    # The facilitator sees it on the session page.
    client.force_login(facilitator)
    session_page = client.get(speaker.session.get_absolute_url()).content.decode()
    with translation.override("en"):  # the facilitator's language
        day = date_format(timezone.localtime(confirmed_at), "DATE_FORMAT")
    assert f"confirmed by the speaker on {day}" in session_page


def test_a_changed_or_other_speakers_token_is_a_404(client, speaker):
    Speaker.objects.filter(pk=speaker.pk).update(brief_version=1, brief_sent_version=1)
    other = Speaker.objects.create(session=speaker.session, name="Ander", topic="X")
    token = speaker_confirm_token(speaker_id=speaker.pk, version=1)
    middle = len(token) // 2
    changed = token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1 :]

    for url in (
        _confirm_url(speaker, changed),
        _confirm_url(speaker, token[:-1] + ("x" if token[-1] != "x" else "y")),
        _confirm_url(speaker, speaker_confirm_token(speaker_id=other.pk, version=1)),
        reverse("sessions:speaker_confirm", kwargs={"speaker_id": other.pk, "token": token}),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert not Speaker.objects.filter(confirmed_at__isnull=False).exists()


CONFIRM_FORM = '<form method="post">'  # the speaker's confirm button (no action: this link)


def _confirm_links(text: str, before: str = "") -> list[tuple[int, int]]:
    """(speaker id, version) of every confirm link in ``text`` that follows ``before`` (a token
    carries its signing time: links made a second apart differ, so they are compared by what
    they say)."""
    tokens = re.findall(re.escape(before) + r"\S*/speakers/\d+/confirm/([^/\s\"]+)/", text)
    return [(link.speaker_id, link.version) for link in map(speaker_confirm_read, tokens)]


def _day(moment) -> str:
    with translation.override("en"):  # the facilitator's language
        return date_format(timezone.localtime(moment), "DATE_FORMAT")


def test_a_new_version_asks_the_speaker_to_confirm_again(client, speaker, facilitator, on_commit):
    """Issue 22: a confirmation belongs to the version it was given for. After version 2 is
    sent, the facilitator sees "not confirmed yet (version 1 was confirmed)", the speaker's new
    link asks to confirm version 2, and the old link confirms nothing."""
    network = speaker.session.network
    network.language = "en"  # the speaker's pages speak the network's language
    network.save(update_fields=["language"])
    _send(speaker, facilitator, "Versie een", on_commit)
    v1, v2 = _confirm_url(speaker, version=1), _confirm_url(speaker, version=2)
    client.post(v1)
    confirmed_v1 = Speaker.objects.get(pk=speaker.pk).confirmed_at
    mail.outbox.clear()

    _send(speaker, facilitator, "Versie twee", on_commit)

    [message] = mail.outbox
    assert _confirm_links(message.body) == [(speaker.pk, 2)]
    speaker.refresh_from_db()
    assert (speaker.brief_sent_version, speaker.confirmed_version) == (2, 1)
    assert speaker.confirmed_at == confirmed_v1
    # The facilitator: not confirmed yet, version 1 was.
    client.force_login(facilitator)
    brief_page = client.get(_brief_url(speaker)).content.decode()
    session_page = client.get(speaker.session.get_absolute_url()).content.decode()
    day = _day(confirmed_v1)
    assert (
        f"Not confirmed by the speaker yet. Version 1 was confirmed on {day}; the speaker is "
        "asked to confirm version 2." in brief_page
    )
    assert "Confirmed by the speaker on" not in brief_page
    assert f"not confirmed yet (version 1 was confirmed on {day})" in session_page
    assert "confirmed by the speaker on" not in session_page
    client.logout()
    # The speaker: the new link asks to confirm; the old one says a newer version exists.
    new_page = client.get(v2)
    old_page = client.get(v1)
    old_post = client.post(v1)

    assert CONFIRM_FORM in new_page.content.decode()
    assert (old_page.status_code, old_post.status_code) == (200, 409)
    for page in (old_page, old_post):
        html = page.content.decode()
        assert CONFIRM_FORM not in html  # nothing to confirm here
        assert _confirm_links(html, 'href="') == [(speaker.pk, 2)]
        assert "this link is for version 1 of the brief" in html
    assert "Nothing has been confirmed." in old_post.content.decode()
    assert Speaker.objects.get(pk=speaker.pk).confirmed_version == 1

    confirmed = client.post(v2, follow=True)
    again_old = client.post(v1)

    assert _messages(confirmed) == ["Thank you: the facilitator sees that you confirmed."]
    assert again_old.status_code == 409
    speaker.refresh_from_db()
    assert speaker.confirmed_version == 2
    assert speaker.brief_confirmed
    client.force_login(facilitator)
    assert f"Confirmed by the speaker on {_day(speaker.confirmed_at)}" in (
        client.get(_brief_url(speaker)).content.decode()
    )


def test_the_newer_version_page_speaks_the_networks_language(
    client, speaker, facilitator, on_commit
):
    _send(speaker, facilitator, "Versie een", on_commit)
    _send(speaker, facilitator, "Versie twee", on_commit)
    assert speaker.session.network.language == "nl"

    html = client.get(_confirm_url(speaker, version=1)).content.decode()

    assert "deze link is voor versie 1 van de briefing" in html
    assert "Open versie 2 om ze te bevestigen" in html


def test_a_version_never_sent_or_a_forged_version_is_a_404(client, speaker, facilitator, on_commit):
    _send(speaker, facilitator, "Versie een", on_commit)
    forged = [
        speaker_confirm_token(speaker_id=speaker.pk, version=2),  # not sent (yet)
        signing.dumps([speaker.pk, 0], salt=SPEAKER_CONFIRM_SALT),
        signing.dumps([speaker.pk, -1], salt=SPEAKER_CONFIRM_SALT),
        signing.dumps([speaker.pk, "1"], salt=SPEAKER_CONFIRM_SALT),
        signing.dumps([speaker.pk, 1, 1], salt=SPEAKER_CONFIRM_SALT),
        signing.dumps([speaker.pk, 1], salt="another-salt"),
    ]
    for token in forged:
        url = _confirm_url(speaker, token)
        assert (client.get(url).status_code, client.post(url).status_code) == (404, 404), token
    assert Speaker.objects.get(pk=speaker.pk).confirmed_version == 0
    # A link from before versions were signed (the speaker id alone) counts as version 1.
    legacy = _confirm_url(speaker, signing.dumps(speaker.pk, salt=SPEAKER_CONFIRM_SALT))
    assert client.post(legacy).status_code == 302
    assert Speaker.objects.get(pk=speaker.pk).confirmed_version == 1


def test_the_migration_attaches_a_confirmation_to_the_version_it_was_given_for(speaker):
    """0013 keeps an existing confirmation with the version emailed before it was given."""
    migration = importlib.import_module("sessions.migrations.0013_speaker_confirmed_version")
    now = timezone.now()
    for sequence, days_ago in ((1, 3), (2, 1)):
        SpeakerEmail.objects.create(
            speaker=speaker,
            kind="brief",
            sequence=sequence,
            created_at=now - datetime.timedelta(days=days_ago),
        )
    confirmed_at = now - datetime.timedelta(days=2)  # after version 1, before version 2
    Speaker.objects.filter(pk=speaker.pk).update(
        brief_version=2, brief_sent_version=2, confirmed_version=2, confirmed_at=confirmed_at
    )
    untouched = Speaker.objects.create(session=speaker.session, name="Ander", topic="X")

    migration.attach_confirmations_to_their_version(apps, None)

    speaker.refresh_from_db()
    untouched.refresh_from_db()
    assert (speaker.brief_sent_version, speaker.confirmed_version) == (2, 1)
    assert speaker.confirmed_at == confirmed_at
    assert not speaker.brief_confirmed
    assert (untouched.brief_sent_version, untouched.confirmed_version) == (0, 0)


# Feedback after the session --------------------------------------------------------------------


@pytest.fixture
def held(group, facilitator):
    """A held session with the speaker; its evaluation (anonymous, k=3) has the two default
    questions about the speaker; every member was present."""
    network, members = group
    start = timezone.now() - datetime.timedelta(hours=4)
    session = SessionFactory(
        network=network, number=1, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    speaker = Speaker.objects.create(
        session=session, name="Griet Gast", topic="Screening", email="griet@example.org"
    )
    session_services.attendance_register(
        session=session,
        entries={m.pk: {"status": AttendanceStatus.PRESENT, "remark": ""} for m in members},
        acting_user=facilitator,
    )
    session_services.session_mark_held(session=session, acting_user=facilitator)
    session.refresh_from_db()
    return speaker, session.evaluation, members


def _answer(questionnaire, member, rating, on_commit, text="Heel helder"):
    answers = {}
    for question in questionnaire.questions.all():
        if question.type == "scale":
            answers[question.pk] = str(rating)
        elif question.about_speaker:
            answers[question.pk] = text
    with on_commit(execute=True):
        evaluation_services.response_submit(
            questionnaire=questionnaire, acting_user=member, answers=answers
        )


def test_feedback_is_withheld_below_the_threshold(client, held, facilitator, on_commit):
    speaker, questionnaire, members = held
    assert [q.text for q in questionnaire.questions.all() if q.about_speaker]
    for member in members[:2]:
        _answer(questionnaire, member, 5, on_commit)
    client.force_login(facilitator)

    page = client.get(_brief_url(speaker))
    url = _brief_url(speaker, "evaluations:speaker_feedback_send")
    confirm = client.get(url, follow=True)
    with on_commit(execute=True):
        post = client.post(url, follow=True)

    assert page.context["feedback"]["ready"] is False
    assert url not in page.content.decode()  # no button
    assert len(_messages(confirm)) == 1
    assert _messages(post) == _messages(confirm)
    assert not SpeakerEmail.objects.exists()
    assert mail.outbox == []


def test_feedback_at_the_threshold_is_sent_once_with_totals_only(
    client, held, facilitator, on_commit
):
    speaker, questionnaire, members = held
    for member, rating in zip(members[:3], [5, 4, 3], strict=True):
        _answer(questionnaire, member, rating, on_commit)
    client.force_login(facilitator)
    url = _brief_url(speaker, "evaluations:speaker_feedback_send")

    page = client.get(_brief_url(speaker))
    assert url in page.content.decode()
    assert not SpeakerEmail.objects.exists()  # showing it sends nothing
    with on_commit(execute=True):
        client.post(url)
        second = client.post(url, follow=True)

    [row] = SpeakerEmail.objects.filter(kind="feedback")
    assert row.state == OutboxState.SENT
    assert re.search(r"\b4([.,]0)? .*\(3 ", row.body)  # the mean of 5, 4 and 3, 3 answers
    assert "Heel helder" in row.body  # anonymous and k answers: the text, without a name
    for member in members:
        assert member.full_name not in row.body
    assert _messages(second)[-1] == "The feedback has already been sent to this speaker."
    [message] = mail.outbox
    assert message.to == ["griet@example.org"]
    assert message.reply_to == [facilitator.email]


def test_feedback_of_a_named_evaluation_has_no_free_text(held, facilitator, on_commit):
    speaker, questionnaire, members = held
    questionnaire.anonymous = False
    questionnaire.save(update_fields=["anonymous"])
    for member, rating in zip(members[:3], [5, 4, 3], strict=True):
        _answer(questionnaire, member, rating, on_commit, text="Named words")

    feedback = selectors.speaker_feedback(speaker=speaker)

    assert feedback["ready"] is True
    assert "Named words" not in selectors.speaker_feedback_text(speaker=speaker, feedback=feedback)


def test_feedback_row_is_delivered_through_the_outbox(held, facilitator, on_commit):
    speaker, questionnaire, members = held
    for member in members[:3]:
        _answer(questionnaire, member, 4, on_commit)
    row = evaluation_services.speaker_feedback_send(speaker=speaker, acting_user=facilitator)

    assert deliver(SpeakerEmail, row.pk) == "sent"
    assert deliver(SpeakerEmail, row.pk) == "skipped"


# Query counts ----------------------------------------------------------------------------------


def _network_with(members: int, facilitator):
    network = NetworkFactory(created_by=facilitator, member_cap=15)
    for i in range(members):
        MembershipFactory(network=network, user=UserFactory(job_function=f"Functie {i % 3}"))
    session = _upcoming(network)
    speaker = Speaker.objects.create(session=session, name="Gast", topic="X", email="g@x.org")
    Speaker.objects.filter(pk=speaker.pk).update(brief="Over de groep", brief_version=1)
    return speaker


def _confirmable(speaker) -> str:
    Speaker.objects.filter(pk=speaker.pk).update(brief_sent_version=1)
    return _confirm_url(speaker)


def test_brief_pages_make_the_same_number_of_queries_for_1_and_15_members(client, facilitator):
    client.force_login(facilitator)
    counts = {}
    for size in (1, 15):
        speaker = _network_with(size, facilitator)
        counts[size] = [
            count_queries(client, _brief_url(speaker)),
            count_queries(client, _brief_url(speaker, "evaluations:speaker_brief_send")),
            count_queries(client, _confirmable(speaker)),
        ]
    assert counts[1] == counts[15]


def test_brief_counts_organisation_types_only_from_the_threshold(speaker, group):
    """Five members from companies, two from a public body and one from a school: the school
    (one member) and the public body (two) are not named; only their sum under "other"."""
    from accounts.enums import OrganisationKind
    from networks.models import Membership
    from tests.factories import OrganisationFactory

    network, members = group
    kinds = [OrganisationKind.COMPANY] * 5 + [OrganisationKind.PUBLIC_BODY] * 2
    kinds += [OrganisationKind.EDUCATION]
    for member, kind in zip(members, kinds, strict=True):
        Membership.objects.filter(network=network, user=member).update(
            organisation=OrganisationFactory(kind=kind)
        )

    draft = selectors.speaker_brief_draft(speaker=speaker)

    assert f"- {OrganisationKind.COMPANY.label}: 5" in draft
    assert str(OrganisationKind.EDUCATION.label) not in draft
    assert str(OrganisationKind.PUBLIC_BODY.label) not in draft
