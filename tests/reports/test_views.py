import pytest
from django.core import mail
from django.urls import reverse

from reports import services
from reports.models import MinutesVersion
from sessions.enums import AgendaRole
from sessions.models import AgendaItem, AgendaRoleAssignment
from tests.factories import MembershipFactory, UserFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def test_facilitator_publishes_in_browser_and_sees_delivery(client, held, facilitator, on_commit):
    session, excused, absent = held
    client.force_login(facilitator)
    url = reverse("reports:minutes_edit", kwargs={"pk": session.pk})
    form = client.get(url).context["form"]
    assert form.action_count >= 3

    with on_commit(execute=True):
        response = client.post(
            url,
            {
                "summary": "We bespraken **valrisico**.",
                "action_0_what": "Checklist maken",
                "action_0_who": "Lotte",
                "action": "publish",
            },
            follow=True,
        )

    assert _messages(response) == ["Versie 1 is gepubliceerd; de pdf gaat naar de afwezige leden."]
    assert response.templates[0].name == "reports/deliveries.html"
    page = client.get(reverse("reports:deliveries", kwargs={"pk": session.pk})).content.decode()
    assert "Els Excuus" in page
    assert "Bart Afwezig" in page
    assert page.count(">Verstuurd<") == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([excused.email, absent.email])


def test_publish_refusals_are_shown_as_messages(client, held, facilitator):
    client.force_login(facilitator)
    url = reverse("reports:minutes_edit", kwargs={"pk": held[0].pk})

    empty = client.post(url, {"action": "publish"}, follow=True)

    assert _messages(empty) == ["Het verslag is leeg: schrijf eerst iets."]
    assert not MinutesVersion.objects.exists()


def test_action_without_what_is_an_error_next_to_the_field(client, held, facilitator):
    client.force_login(facilitator)

    response = client.post(
        reverse("reports:minutes_edit", kwargs={"pk": held[0].pk}),
        {"summary": "x", "action_0_who": "Lotte", "action": "save"},
    )

    assert response.context["form"].errors["action_0_what"] == ["Zeg wat er moet gebeuren."]


def test_preview_renders_sanitised_markdown(client, held, facilitator):
    client.force_login(facilitator)

    response = client.post(
        reverse("reports:minutes_edit", kwargs={"pk": held[0].pk}),
        {"summary": "**vet** <script>alert(1)</script>", "action": "preview"},
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
    version = services.minutes_publish(minutes=minutes, actor=facilitator)
    services.version_render_pdf(version_id=version.pk)
    client.force_login(absent)

    page = client.get(reverse("reports:minutes", kwargs={"pk": minutes.session_id}))
    pdf = client.get(reverse("reports:minutes_pdf", kwargs={"pk": minutes.session_id, "number": 1}))

    assert "<strong>valrisico</strong>" in page.content.decode()
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_resend_to_a_stranger_says_why(client, minutes, facilitator):
    services.minutes_publish(minutes=minutes, actor=facilitator)
    client.force_login(facilitator)

    response = client.post(
        reverse("reports:deliveries", kwargs={"pk": minutes.session_id}),
        {"version": "1", "recipient": str(UserFactory().pk)},
        follow=True,
    )

    assert _messages(response) == ["Deze persoon is geen ontvanger van dit verslag."]


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

    response = client.get(reverse("reports:report_pdf", kwargs={"pk": network.pk}))

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_minutes_and_delivery_pages_queries_do_not_grow(client, minutes, facilitator, network):
    client.force_login(facilitator)
    services.minutes_publish(minutes=minutes, actor=facilitator, include_present=True)
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
    )
    minutes.summary = "Meer"
    minutes.save()
    services.minutes_publish(minutes=minutes, actor=facilitator, change_note="meer")

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
        evaluation_services.response_submit(questionnaire=final, user=user, answers=answers)
    client.force_login(facilitator)

    response = client.get(reverse("reports:report_pdf", kwargs={"pk": network.pk}))

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Valrisico inschatten" in text
    assert "Valrisico inschatten — 3,0" in text  # attainment: (4 + 2) / 2, Dutch decimals
    assert "Eindevaluatie" in text
    assert "2 van" in text


def _note_taker(session, user):
    item = AgendaItem.objects.create(session=session, title="Casus", duration_minutes=30)
    AgendaRoleAssignment.objects.create(item=item, role=AgendaRole.NOTE_TAKER, user=user)


PUBLISH_BUTTON = 'name="action" value="publish"'
REVIEW_BUTTON = 'name="action" value="review"'


def test_note_taker_sees_propose_instead_of_publish(client, held, member, network):
    session = held[0]
    _note_taker(session, member)
    network.minutes_review_days = 3
    network.save(update_fields=["minutes_review_days"])
    member.language = "en"  # English, so the test does not wait for the Dutch catalogue
    member.save(update_fields=["language"])
    client.force_login(member)
    url = reverse("reports:minutes_edit", kwargs={"pk": session.pk})

    page = client.get(url).content.decode()

    assert PUBLISH_BUTTON not in page
    assert 'name="change_note"' not in page
    assert f'{REVIEW_BUTTON} class="btn btn-outline-secondary">Propose for review</button>' in page
    assert "A facilitator publishes the minutes: publishing emails them" in page

    response = client.post(url, {"summary": "Ontwerp", "action": "review"}, follow=True)

    assert _messages(response) == [
        "The draft is proposed for review: attendees can now comment on it. "
        "A facilitator publishes it."
    ]
    page = client.get(url).content.decode()
    assert "The draft is up for review: attendees can comment until" in page
    assert f"Draft last saved by {member.full_name} on" in page


def test_note_taker_posting_publish_is_refused_and_nothing_is_sent(client, held, member, on_commit):
    session = held[0]
    _note_taker(session, member)
    client.force_login(member)

    with on_commit(execute=True):
        response = client.post(
            reverse("reports:minutes_edit", kwargs={"pk": session.pk}),
            {"summary": "We bespraken valrisico.", "action": "publish"},
            follow=True,
        )

    assert response.templates[0].name == "reports/minutes_edit.html"
    assert len(_messages(response)) == 1
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
    url = reverse("reports:minutes_edit", kwargs={"pk": session.pk})
    assert PUBLISH_BUTTON in client.get(url).content.decode()

    with on_commit(execute=True):
        client.post(url, {"summary": "We bespraken valrisico.", "action": "publish"})

    assert MinutesVersion.objects.get().published_by == member
    assert len(mail.outbox) == 2


def test_facilitator_sees_the_publish_button(client, held, facilitator):
    client.force_login(facilitator)

    page = client.get(reverse("reports:minutes_edit", kwargs={"pk": held[0].pk})).content.decode()

    assert PUBLISH_BUTTON in page
    assert 'name="change_note"' in page
