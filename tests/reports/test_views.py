import pytest
from django.core import mail
from django.urls import reverse

from core.idempotency import new_token
from core.outbox import OutboxState
from minutes import services
from minutes.models import Minutes, MinutesDelivery, MinutesVersion
from networks import services as network_services
from sessions.enums import AgendaRole
from sessions.models import AgendaItem, AgendaRoleAssignment
from tests.factories import MembershipFactory, SessionFactory, UserFactory
from tests.utils import count_queries, report_download

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def _url(name, session):
    return reverse(f"reports:{name}", kwargs={"pk": session.pk})


def _publish(client, session, data, **kwargs):
    """The editor's "Publish and send…": save the draft, open the confirmation page, confirm."""
    saved = client.post(_url("minutes_save", session), {**data, "next": "publish"})
    assert saved.status_code == 302
    assert saved["Location"].startswith(_url("minutes_publish", session))
    page = client.get(saved["Location"])
    assert page.templates[0].name == "confirm.html"
    options = {
        "change_note": data.get("change_note", ""),
        "include_present": data.get("include_present", ""),
    }
    return client.post(_url("minutes_publish", session), options, **kwargs)


def test_facilitator_publishes_in_browser_and_sees_delivery(client, held, facilitator, on_commit):
    session, excused, absent = held
    client.force_login(facilitator)
    form = client.get(_url("minutes_edit", session)).context["form"]
    assert form.action_count == 2  # a new draft starts with two action rows

    with on_commit(execute=True):
        response = _publish(
            client,
            session,
            {
                "summary": "We bespraken **valrisico**.",
                "action_0_what": "Checklist maken",
                "action_0_who": "Lotte",
            },
            follow=True,
        )

    assert _messages(response) == ["Versie 1 is gepubliceerd; de pdf gaat naar de afwezige leden."]
    assert response.templates[0].name == "reports/deliveries.html"
    page = client.get(reverse("reports:deliveries", kwargs={"pk": session.pk})).content.decode()
    assert "Els Excuus" in page
    assert "Bart Afwezig" in page
    assert page.count('class="badge text-bg-success"') == 2
    assert set(MinutesDelivery.objects.values_list("state", flat=True)) == {OutboxState.SENT}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([excused.email, absent.email])


def test_publish_refusals_are_shown_as_messages(client, held, facilitator):
    client.force_login(facilitator)

    empty = _publish(client, held[0], {}, follow=True)

    assert _messages(empty) == ["Het verslag is leeg: schrijf eerst iets."]
    assert not MinutesVersion.objects.exists()


def test_action_without_what_is_an_error_next_to_the_field(client, held, facilitator):
    client.force_login(facilitator)

    response = client.post(_url("minutes_save", held[0]), {"summary": "x", "action_0_who": "Lotte"})

    assert response.context["form"].errors["action_0_what"] == ["Zeg wat er moet gebeuren."]


def test_preview_renders_sanitised_markdown(client, held, facilitator):
    client.force_login(facilitator)

    response = client.post(
        _url("minutes_preview", held[0]), {"summary": "**vet** <script>alert(1)</script>"}
    )

    page = response.content.decode()
    assert "<strong>vet</strong>" in page
    assert "<script>alert(1)</script>" not in page


def test_note_taker_may_write_minutes_other_members_may_not(client, held, member, network):
    session = held[0]
    other = MembershipFactory(network=network).user
    item = AgendaItem.objects.create(session=session, title="Casus", duration_minutes=30)
    AgendaRoleAssignment.objects.create(item=item, role=AgendaRole.NOTE_TAKER, user=member)
    url = reverse("reports:minutes_edit", kwargs={"pk": session.pk})

    client.force_login(member)
    assert client.get(url).status_code == 200
    client.force_login(other)
    assert client.get(url).status_code == 404


def test_absent_member_reads_minutes_and_downloads_pdf(client, minutes, held, facilitator):
    _session, _excused, absent = held
    version = services.minutes_publish(minutes=minutes, acting_user=facilitator)
    services.version_render_pdf(version_id=version.pk)
    client.force_login(absent)

    page = client.get(reverse("reports:minutes", kwargs={"pk": minutes.session_id}))
    pdf = client.get(reverse("reports:minutes_pdf", kwargs={"pk": minutes.session_id, "number": 1}))

    assert "<strong>valrisico</strong>" in page.content.decode()
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_send_again_makes_a_new_row_that_resends_the_sent_one(
    client, minutes, held, facilitator, on_commit
):
    with on_commit(execute=True):
        version = services.minutes_publish(minutes=minutes, acting_user=facilitator)
    _session, _excused, absent = held
    first = version.deliveries.get(recipient=absent)
    facilitator.language = "en"
    facilitator.save(update_fields=["language"])
    client.force_login(facilitator)

    with on_commit(execute=True):
        response = client.post(
            _url("delivery_resend", minutes.session), {"delivery": first.pk}, follow=True
        )

    assert _messages(response) == ["The minutes are being sent again to Bart Afwezig."]
    again = MinutesDelivery.objects.get(resend_of=first)
    assert (again.recipient, again.state) == (absent, OutboxState.SENT)
    assert [m.to[0] for m in mail.outbox].count(absent.email) == 2
    assert "sent again" in response.content.decode()


def test_send_again_of_a_row_still_pending_says_so_and_adds_no_row(client, minutes, facilitator):
    version = services.minutes_publish(minutes=minutes, acting_user=facilitator)
    pending = version.deliveries.first()
    facilitator.language = "en"
    facilitator.save(update_fields=["language"])
    client.force_login(facilitator)

    response = client.post(
        _url("delivery_resend", minutes.session), {"delivery": pending.pk}, follow=True
    )

    assert _messages(response) == [
        "This email is still waiting to be sent: there is nothing to send again yet."
    ]
    assert MinutesDelivery.objects.count() == 2


def test_send_again_of_another_networks_row_is_404(
    client, minutes, facilitator, other_facilitator, on_commit
):
    with on_commit(execute=True):
        version = services.minutes_publish(minutes=minutes, acting_user=facilitator)
    theirs = version.deliveries.first()
    other_network = other_facilitator.memberships.get().network
    their_session = SessionFactory(network=other_network)
    client.force_login(other_facilitator)

    response = client.post(_url("delivery_resend", their_session), {"delivery": theirs.pk})

    assert response.status_code == 404
    assert MinutesDelivery.objects.count() == 2


def test_attendance_csv_escapes_formulas(client, held, facilitator, network):
    MembershipFactory(network=network, user=UserFactory(full_name="=HYPERLINK(1)"))
    client.force_login(facilitator)

    response = client.get(reverse("reports:attendance_csv", kwargs={"pk": network.pk}))

    rows = response.content.decode().splitlines()
    assert rows[0].startswith("Lid,1. Valrisico inschatten")
    assert any(row.startswith("'=HYPERLINK(1)") for row in rows)
    assert any(row.startswith("Bart Afwezig,Afwezig") for row in rows)


def test_network_report_pdf(client, held, facilitator, network):
    client.force_login(facilitator)

    response = report_download(client, network)

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_minutes_and_delivery_pages_queries_do_not_grow(client, minutes, facilitator, network):
    client.force_login(facilitator)
    services.minutes_publish(minutes=minutes, acting_user=facilitator, include_present=True)
    urls = [
        reverse("reports:minutes", kwargs={"pk": minutes.session_id}),
        reverse("reports:deliveries", kwargs={"pk": minutes.session_id}),
    ]
    one = [count_queries(client, url) for url in urls]
    from sessions import services as session_services

    extra = [MembershipFactory(network=network).user for _ in range(8)]
    session_services.attendance_register(
        session=minutes.session,
        entries={u.pk: {"status": "absent", "remark": ""} for u in extra},
        acting_user=facilitator,
    )
    minutes.summary = "Meer"
    minutes.save()
    services.minutes_publish(minutes=minutes, acting_user=facilitator, change_note="meer")

    assert [count_queries(client, url) for url in urls] == one


def test_network_report_has_goals_attainment_trend_and_final_results(
    client, held, facilitator, network, member
):
    import datetime
    import io

    from django.utils import timezone
    from pypdf import PdfReader

    from evaluations import services as evaluation_services
    from evaluations.models import Questionnaire

    goal = evaluation_services.goal_create(
        network=network, title="Valrisico inschatten", acting_user=network.created_by
    )
    evaluation_services.goals_adopt(
        network=network, goal_ids=[goal.pk], acting_user=network.created_by
    )
    final = evaluation_services.final_evaluation_open(
        network=network,
        closes_at=timezone.now() + datetime.timedelta(days=5),
        acting_user=network.created_by,
    )
    Questionnaire.objects.filter(pk=final.pk).update(anonymous=False)
    final.refresh_from_db()
    goal_question = final.questions.get(goal=goal)
    for user, value in [(member, "4"), (held[1], "2")]:
        answers = {q.pk: "3" for q in final.questions.filter(type__in=["scale", "goal_scale"])}
        answers.update({q.pk: "Ja" for q in final.questions.filter(type="single")})
        answers[goal_question.pk] = value
        evaluation_services.response_submit(questionnaire=final, acting_user=user, answers=answers)
    client.force_login(facilitator)

    response = report_download(client, network)

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Valrisico inschatten" in text
    assert "Valrisico inschatten — 3,0" in text  # attainment: (4 + 2) / 2, Dutch decimals
    assert "Eindevaluatie" in text
    assert "2 van" in text


def _note_taker(session, user):
    item = AgendaItem.objects.create(session=session, title="Casus", duration_minutes=30)
    AgendaRoleAssignment.objects.create(item=item, role=AgendaRole.NOTE_TAKER, user=user)


def _button(name, session):
    if name == "minutes_publish":  # saves the draft, then asks for confirmation
        return f'name="next" value="publish" formaction="{_url("minutes_save", session)}"'
    return f'formaction="{_url(name, session)}"'


def test_note_taker_sees_propose_instead_of_publish(client, held, member, network):
    session = held[0]
    _note_taker(session, member)
    network.minutes_review_days = 3
    network.save(update_fields=["minutes_review_days"])
    member.language = "en"  # English, so the test does not wait for the Dutch catalogue
    member.save(update_fields=["language"])
    client.force_login(member)
    url = _url("minutes_edit", session)

    page = client.get(url).content.decode()

    assert _button("minutes_publish", session) not in page
    assert 'name="change_note"' not in page
    review = _button("minutes_review", session)
    assert f'{review} class="btn btn-outline-secondary">Propose for review</button>' in page
    assert "A facilitator publishes the minutes: publishing emails them" in page

    response = client.post(_url("minutes_review", session), {"summary": "Ontwerp"}, follow=True)

    assert _messages(response) == [
        "The draft is proposed for review: attendees can now comment on it. "
        "A facilitator publishes it."
    ]
    page = client.get(url).content.decode()
    assert "The draft is up for review: attendees can comment until" in page
    assert f"Draft last saved by {member.full_name} on" in page


def test_note_taker_posting_publish_is_refused_and_nothing_is_written(
    client, held, member, on_commit
):
    session = held[0]
    _note_taker(session, member)
    client.force_login(member)

    with on_commit(execute=True):
        response = client.post(
            _url("minutes_publish", session), {"summary": "We bespraken valrisico."}
        )

    assert response.status_code == 404
    assert not Minutes.objects.exists()
    assert not MinutesVersion.objects.exists()
    assert mail.outbox == []


def test_note_taker_publishes_in_browser_when_the_network_allows_it(
    client, held, member, network, on_commit
):
    session = held[0]
    _note_taker(session, member)
    network.note_takers_may_publish = True
    network.save(update_fields=["note_takers_may_publish"])
    client.force_login(member)
    page = client.get(_url("minutes_edit", session)).content.decode()
    assert _button("minutes_publish", session) in page

    with on_commit(execute=True):
        _publish(client, session, {"summary": "We bespraken valrisico."})

    assert MinutesVersion.objects.get().published_by == member
    assert len(mail.outbox) == 2


def test_facilitator_sees_the_publish_button(client, held, facilitator):
    client.force_login(facilitator)

    page = client.get(_url("minutes_edit", held[0])).content.decode()

    assert _button("minutes_publish", held[0]) in page
    assert 'name="change_note"' in page


# The editor's GET only reads -------------------------------------------------------------------


def test_opening_the_editor_writes_nothing(client, held, facilitator):
    session = held[0]
    client.force_login(facilitator)

    response = client.get(_url("minutes_edit", session))
    client.get(_url("minutes_edit", session))

    assert response.status_code == 200
    assert response.context["minutes"].pk is None
    assert response.context["form"]["summary"].value() in (None, "")
    assert not Minutes.objects.exists()


def test_first_save_creates_the_draft(client, held, facilitator):
    session = held[0]
    client.force_login(facilitator)

    response = client.post(_url("minutes_save", session), {"summary": "Eerste versie"}, follow=True)

    assert _messages(response) == ["Het ontwerp is opgeslagen."]
    minutes = Minutes.objects.get(session=session)
    assert (minutes.summary, minutes.updated_by) == ("Eerste versie", facilitator)
    assert response.context["form"]["summary"].value() == "Eerste versie"


def test_editor_with_a_draft_shows_it_and_writes_nothing(client, minutes, facilitator):
    client.force_login(facilitator)
    before = Minutes.objects.values_list("pk", "updated_at").get()

    response = client.get(_url("minutes_edit", minutes.session))

    assert response.context["minutes"] == minutes
    assert "valrisico" in response.context["form"]["summary"].value()
    assert Minutes.objects.values_list("pk", "updated_at").get() == before


# One rule for the recipients: the editor's panel and the emails agree ---------------------------


def test_panel_and_mail_agree_for_a_member_who_left_after_the_session(
    client, minutes, held, facilitator, network, on_commit
):
    session, excused, absent = held
    network_services.membership_leave(network=network, acting_user=absent)
    client.force_login(facilitator)

    panel = client.get(_url("minutes_edit", session)).context["recipients"]
    with on_commit(execute=True):
        _publish(client, session, {"summary": "We bespraken valrisico."})

    assert panel == [excused]  # the users the panel names
    assert [m.to for m in mail.outbox] == [[excused.email]]
    page = client.get(_url("minutes_edit", session)).content.decode()
    assert "Els Excuus" in page
    assert "Bart Afwezig" not in page


# Comments ---------------------------------------------------------------------------------------


def test_attendee_comments_through_its_own_url(client, minutes, member, network):
    network.minutes_review_days = 3
    network.save(update_fields=["minutes_review_days"])
    minutes.session.network.minutes_review_days = 3
    services.minutes_open_review(minutes=minutes, acting_user=network.created_by)
    client.force_login(member)

    response = client.post(
        _url("minutes_comment", minutes.session),
        {"text": "Klopt!", "idempotency_token": new_token()},
        follow=True,
    )

    assert _messages(response) == ["Bedankt, je opmerking is toegevoegd."]
    assert [(c.author, c.text) for c in minutes.comments.all()] == [(member, "Klopt!")]


def test_empty_comment_shows_the_error_next_to_the_field(client, minutes, member, network):
    network.minutes_review_days = 3
    network.save(update_fields=["minutes_review_days"])
    minutes.session.network.minutes_review_days = 3
    services.minutes_open_review(minutes=minutes, acting_user=network.created_by)
    client.force_login(member)

    response = client.post(
        _url("minutes_comment", minutes.session), {"text": "", "idempotency_token": new_token()}
    )

    assert response.status_code == 200
    assert response.context["comment_form"].errors["text"] == ["Dit veld is verplicht."]
    assert not minutes.comments.exists()
