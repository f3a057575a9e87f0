"""Trajectory blueprints (issue 14.4): saving a network as a blueprint keeps its plan and none of
its people; a network started from a shipped blueprint has the planned sessions and agendas."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from core.audit import AuditEvent
from core.audit_actions import action_label
from core.errors import ApplicationError
from evaluations import blueprints
from evaluations import services as evaluation_services
from evaluations.audit import AuditAction
from evaluations.enums import BlueprintVisibility
from evaluations.models import (
    Answer,
    Blueprint,
    Eligibility,
    EvaluationEmail,
    Intake,
    IntakeResponse,
    LearningGoal,
    Participation,
    Question,
    Questionnaire,
)
from evaluations.models import Response as EvaluationResponse
from minutes.models import ActionItem, Minutes
from networks.models import Network
from sessions import services as session_services
from sessions.enums import AttendanceStatus, SessionKind
from sessions.models import (
    AgendaItem,
    Attendance,
    LearningSession,
    PracticeQuestion,
    Speaker,
    WorkForm,
)
from tests.factories import MembershipFactory, NetworkFactory, SessionFactory, UserFactory
from tests.utils import count_queries, reads_english

pytestmark = pytest.mark.django_db


def _intervision_nl() -> Blueprint:
    return Blueprint.objects.get(created_by=None, name="Intervisienetwerk")


def _future_day(days=30) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def test_leernet_ships_two_blueprints_in_dutch_and_english():
    shipped = Blueprint.objects.filter(created_by=None)
    assert shipped.count() == 4
    assert set(shipped.values_list("language", flat=True)) == {"nl", "en"}
    assert all(b.visibility == BlueprintVisibility.EVERYONE for b in shipped)
    slugs = {
        item["work_form"]
        for blueprint in shipped
        for session in blueprint.sessions
        for item in session["agenda"]
        if item["work_form"]
    }
    # every work form a shipped blueprint names is in the catalogue
    assert slugs <= set(WorkForm.objects.filter(network=None).values_list("slug", flat=True))
    assert {"incidentmethode", "gastspreker"} <= slugs


def test_a_network_from_the_intervision_blueprint_has_the_planned_sessions_and_agendas(
    facilitator,
):
    blueprint = _intervision_nl()
    start = _future_day(20)

    network = blueprints.network_from_blueprint(
        blueprint=blueprint, name="Intervisie 2027", start_date=start, acting_user=facilitator
    )

    sessions = list(LearningSession.objects.filter(network=network).order_by("number"))
    assert [s.kind for s in sessions] == ["kickoff"] + ["regular"] * 4 + ["closing"]
    days = [timezone.localtime(s.starts_at).date() for s in sessions]
    assert days == [start + datetime.timedelta(days=28 * n) for n in range(6)]
    assert all(timezone.localtime(s.starts_at).hour == 14 for s in sessions)
    assert sessions[0].duration_minutes == 150
    for case in sessions[1:5]:
        agenda = list(case.agenda.order_by("position").select_related("work_form"))
        assert [item.title for item in agenda] == [
            "Check-in",
            "Casus met de incidentmethode",
            "Pauze",
            "Leerpunten en uitprobeeracties",
            "Evaluatie",
        ]
        assert agenda[1].work_form.slug == "incidentmethode"
        assert agenda[1].duration_minutes == 90
    # the blueprint's kickoff agenda replaced the suggested one
    assert sessions[0].agenda.count() == 5
    assert network.start_date == start
    assert network.end_date == days[-1]
    assert network.status == "draft"
    assert list(network.memberships.values_list("user_id", flat=True)) == [facilitator.pk]
    # the intake (its questions are Leernet's own, the same for every network) opens now and
    # closes the week before the first session, as the blueprint plans it
    intake = Intake.objects.get(network=network)
    assert timezone.localtime(intake.deadline).date() == start - datetime.timedelta(days=7)
    # the planned questionnaires: a session evaluation on each session but the closing one,
    # and the final evaluation, with their questions, anonymous, not open, nobody emailed
    planned = list(
        Questionnaire.objects.filter(network=network).order_by("kind", "session__starts_at")
    )
    assert [(q.kind, q.session_id) for q in planned] == [("final", None)] + [
        ("session", session.pk) for session in sessions[:5]
    ]
    assert all(q.planned and q.anonymous and not q.is_open for q in planned)
    final, *session_evaluations = planned
    assert final.title == "Eindevaluatie"
    assert [q.text for q in final.questions.order_by("position")] == [
        "Hoe waardevol was het netwerk voor je werk?",
        "Wat neem je mee naar je praktijk?",
    ]
    assert session_evaluations[1].title == "Evaluatie van bijeenkomst 2: Casusbespreking 1"
    for questionnaire in session_evaluations:
        questions = list(questionnaire.questions.order_by("position"))
        assert [q.text for q in questions][:2] == [
            "Hoe beoordeel je deze bijeenkomst in het algemeen?",
            "Hoe nuttig was het voor je praktijk?",
        ]
        assert [q.position for q in questions] == [1, 2, 3, 4, 5, 6]
        assert [q.is_overall for q in questions] == [True] + [False] * 5
    assert not Eligibility.objects.filter(questionnaire__network=network).exists()
    assert not EvaluationEmail.objects.filter(network=network, questionnaire__isnull=False).exists()


@pytest.mark.parametrize("name", ["Intervisienetwerk", "Peer review network"])
def test_the_shipped_intervision_blueprints_plan_evaluations_in_their_language(name):
    blueprint = Blueprint.objects.get(created_by=None, name=name)
    questionnaires = blueprint.payload["questionnaires"]
    kinds = [s["kind"] for s in blueprint.sessions]
    assert [q["session_index"] for q in questionnaires if q["kind"] == "session"] == [
        index for index, kind in enumerate(kinds) if kind != "closing"
    ]
    assert [q["kind"] for q in questionnaires].count("final") == 1
    texts = {question["text"] for q in questionnaires for question in q["questions"]}
    if blueprint.language == "nl":
        assert "Wat heb je geleerd?" in texts
        assert "What did you learn?" not in texts
    else:
        assert "What did you learn?" in texts
        assert "Wat heb je geleerd?" not in texts
    assert all(q["questions"] and q["anonymous"] for q in questionnaires)


def _hold(session, facilitator, members):
    """Move ``session`` into the past, register everyone present and mark it held."""
    LearningSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    session.refresh_from_db()
    session_services.attendance_register(
        session=session,
        entries={m.pk: {"status": AttendanceStatus.PRESENT, "remark": ""} for m in members},
        acting_user=facilitator,
    )
    return session_services.session_mark_held(session=session, acting_user=facilitator)


def test_a_planned_evaluation_opens_with_its_own_questions_when_its_session_is_held(
    client, facilitator
):
    network = blueprints.network_from_blueprint(
        blueprint=Blueprint.objects.get(created_by=None, name="Peer review network"),
        name="Peer review 2027",
        start_date=_future_day(10),
        acting_user=facilitator,
    )
    members = [MembershipFactory(network=network).user for _ in range(3)]
    first_case = network.sessions.order_by("number")[1]
    planned = first_case.evaluation
    goal = LearningGoal.objects.create(network=network, title="Listening", status="adopted")
    goal.sessions.add(first_case)

    # before: members neither see nor open it; the facilitator does
    listing = reverse("evaluations:list", args=[network.pk])
    client.force_login(members[0])
    assert planned.title not in client.get(listing).content.decode()
    assert client.get(reverse("evaluations:answer", args=[planned.pk])).status_code == 404
    with pytest.raises(ApplicationError):  # nobody answers a planned questionnaire
        evaluation_services.response_submit(
            questionnaire=planned, answers={}, acting_user=members[0]
        )
    client.force_login(facilitator)
    assert planned.title in client.get(listing).content.decode()
    for name in ("evaluations:answer", "evaluations:results", "evaluations:questions"):
        assert client.get(reverse(name, args=[planned.pk])).status_code == 200, name

    _hold(first_case, facilitator, members)

    opened = Questionnaire.objects.get(pk=planned.pk)
    assert not opened.planned
    assert opened.is_open
    texts = list(opened.questions.order_by("position").values_list("text", flat=True))
    # the blueprint's questions, the goal's scale after the scales (as in any session evaluation)
    assert texts == [
        "Overall, how do you rate this session?",
        "How useful was it for your practice?",
        "How well did the work form suit the topic?",
        "Did this session help you with this learning goal: Listening?",
        "What did you learn?",
        "What could be better?",
        "Topics for next time",
    ]
    assert Questionnaire.objects.filter(session=first_case).count() == 1
    assert set(opened.eligibilities.values_list("user_id", flat=True)) == {m.pk for m in members}
    assert EvaluationEmail.objects.filter(questionnaire=opened, kind="invitation").count() == 3
    client.force_login(members[0])
    assert client.get(reverse("evaluations:answer", args=[opened.pk])).status_code == 200

    # the final evaluation opens the planned one, with a scale per adopted goal after its own
    final = network.questionnaires.get(kind="final")
    evaluation_services.final_evaluation_open(
        network=network,
        closes_at=timezone.now() + datetime.timedelta(days=7),
        acting_user=facilitator,
    )
    final.refresh_from_db()
    assert not final.planned
    assert list(final.questions.order_by("position").values_list("text", flat=True)) == [
        "How valuable was the network for your work?",
        "What do you take back to your work?",
        "To what extent did you reach this learning goal: Listening",
    ]
    assert final.eligibilities.count() == 3
    with pytest.raises(ApplicationError):
        evaluation_services.final_evaluation_open(
            network=network,
            closes_at=timezone.now() + datetime.timedelta(days=7),
            acting_user=facilitator,
        )


def test_weekly_rhythm_places_sessions_every_n_weeks(facilitator):
    start = _future_day(3)
    network = blueprints.network_from_blueprint(
        blueprint=_intervision_nl(),
        name="Snel",
        start_date=start,
        rhythm=blueprints.RHYTHM_WEEKS,
        weeks=2,
        acting_user=facilitator,
    )
    days = [
        timezone.localtime(s.starts_at).date()
        for s in LearningSession.objects.filter(network=network).order_by("number")
    ]
    assert days == [start + datetime.timedelta(weeks=2 * n) for n in range(6)]


def test_a_start_date_in_the_past_writes_nothing(client, facilitator):
    before = (Network.objects.count(), LearningSession.objects.count(), AgendaItem.objects.count())
    client.force_login(facilitator)
    url = reverse("evaluations:blueprint_start", args=[_intervision_nl().pk])
    page = client.get(url)
    token = page.context["form"]["idempotency_token"].value()

    response = client.post(
        url,
        {
            "name": "Te laat",
            "start_date": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
            "rhythm": "keep",
            "weeks": "4",
            "idempotency_token": token,
        },
    )

    assert response.status_code == 200
    with translation.override("nl"):
        message = gettext("The start date is in the past. Choose today or a later day.")
    assert message in response.content.decode()
    after = (Network.objects.count(), LearningSession.objects.count(), AgendaItem.objects.count())
    assert after == before


def test_a_refusal_halfway_leaves_nothing_behind(facilitator, monkeypatch):
    """A failing agenda item after the network and sessions were written rolls all back."""
    before = (Network.objects.count(), LearningSession.objects.count())
    original = session_services.agenda_item_add
    calls = []

    def failing(**kwargs):
        calls.append(1)
        if len(calls) == 8:
            from core.errors import ApplicationError

            raise ApplicationError("stop")
        return original(**kwargs)

    monkeypatch.setattr(session_services, "agenda_item_add", failing)
    from core.errors import ApplicationError

    with pytest.raises(ApplicationError):
        blueprints.network_from_blueprint(
            blueprint=_intervision_nl(),
            name="Half",
            start_date=_future_day(),
            acting_user=facilitator,
        )
    assert (Network.objects.count(), LearningSession.objects.count()) == before


def test_a_blueprint_with_a_question_it_cannot_ask_writes_nothing(client, facilitator):
    """A saved payload with a choice question without choices (edited, or from an older
    version): the start page says why, and no network, session or questionnaire is left."""
    blueprint = _intervision_nl()
    payload = blueprint.payload
    payload["questionnaires"][-1]["questions"].append(
        {"type": "single", "text": "Kies", "choices": [], "required": True}
    )
    broken = Blueprint.objects.create(
        name="Kapot", payload=payload, created_by=facilitator, visibility="mine"
    )
    before = (
        Network.objects.count(),
        LearningSession.objects.count(),
        Questionnaire.objects.count(),
    )
    client.force_login(facilitator)
    url = reverse("evaluations:blueprint_start", args=[broken.pk])
    token = client.get(url).context["form"]["idempotency_token"].value()
    response = client.post(
        url,
        {
            "name": "Nooit",
            "start_date": _future_day().isoformat(),
            "rhythm": "keep",
            "weeks": "4",
            "idempotency_token": token,
        },
    )
    assert response.status_code == 200
    with translation.override(facilitator.language):
        message = gettext("A choice question needs at least two choices.")
    assert response.context["form"].non_field_errors() == [message]
    assert message in response.content.decode()
    after = (
        Network.objects.count(),
        LearningSession.objects.count(),
        Questionnaire.objects.count(),
    )
    assert after == before


def test_the_start_page_creates_the_network(client, facilitator):
    client.force_login(facilitator)
    url = reverse("evaluations:blueprint_start", args=[_intervision_nl().pk])
    token = client.get(url).context["form"]["idempotency_token"].value()
    response = client.post(
        url,
        {
            "name": "Via de pagina",
            "start_date": _future_day().isoformat(),
            "rhythm": "keep",
            "weeks": "",
            "idempotency_token": token,
        },
    )
    network = Network.objects.get(name="Via de pagina")
    assert response.status_code == 302
    assert response["Location"] == network.get_absolute_url()
    assert network.sessions.count() == 6


def _full_network(facilitator, members: int) -> Network:
    """A network with people, answers, minutes and attendance, all with traceable words."""
    network = NetworkFactory(created_by=facilitator, member_cap=15)
    people = [
        MembershipFactory(
            network=network,
            user=UserFactory(
                full_name=f"Persoon Uniek{i}", email=f"uniek{network.pk}-{i}@voorbeeld.org"
            ),
        ).user
        for i in range(members)
    ]
    own_form = session_services.work_form_create(
        network=network,
        data={
            "name": "Eigen werkvorm",
            "purpose": "Doel",
            "steps": "Stap een",
            "roles": "",
            "materials": "",
            "min_group": 3,
            "max_group": 12,
            "duration_minutes": 30,
        },
        acting_user=facilitator,
    )
    held = SessionFactory(
        network=network,
        number=1,
        title="Eerste",
        starts_at=timezone.now() - datetime.timedelta(days=10, hours=3),
        ends_at=timezone.now() - datetime.timedelta(days=10),
    )
    SessionFactory(network=network, number=2, title="Tweede", kind=SessionKind.CLOSING)
    AgendaItem.objects.create(
        session=held,
        title="Incident",
        duration_minutes=60,
        work_form=WorkForm.objects.get(network=None, slug="incidentmethode"),
    )
    AgendaItem.objects.create(session=held, title="Eigen", duration_minutes=30, work_form=own_form)
    session_services.attendance_register(
        session=held,
        entries={
            p.pk: {"status": AttendanceStatus.PRESENT, "remark": "OpmerkingGeheim"} for p in people
        },
        acting_user=facilitator,
    )
    Speaker.objects.create(session=held, name="Spreker Geheim", topic="Val", email="spreker@x.org")
    PracticeQuestion.objects.create(network=network, author=people[0], title="VraagGeheim")
    minutes = Minutes.objects.create(session=held, summary="VerslagGeheim")
    ActionItem.objects.create(minutes=minutes, what="ActieGeheim", owner=people[0])
    intake = Intake.objects.create(
        network=network, deadline=timezone.now() + datetime.timedelta(days=3)
    )
    IntakeResponse.objects.create(intake=intake, user=people[0], expectations="IntakeGeheim")
    questionnaire = Questionnaire.objects.create(
        network=network,
        kind="final",
        title="Eindevaluatie",
        anonymous=False,
        closes_at=timezone.now() + datetime.timedelta(days=7),
    )
    question = Question.objects.create(
        questionnaire=questionnaire, type="short", text="Wat nam je mee?"
    )
    response = EvaluationResponse.objects.create(questionnaire=questionnaire, user=people[0])
    Answer.objects.create(response=response, question=question, text="AntwoordGeheim")
    return network


def test_a_saved_blueprint_holds_the_plan_and_nothing_of_the_people(facilitator):
    network = _full_network(facilitator, members=4)
    # named evaluations: the new network's planned final evaluation stays named
    Network.objects.filter(pk=network.pk).update(anonymous_evaluations=False)
    network.refresh_from_db()

    blueprint = blueprints.blueprint_save(
        network=network,
        name="Mijn traject",
        description="",
        visibility=BlueprintVisibility.MINE,
        acting_user=facilitator,
    )

    text = json.dumps(blueprint.payload, ensure_ascii=False)
    for secret in (
        "Uniek",
        "voorbeeld.org",
        "Fien",
        facilitator.email,
        "OpmerkingGeheim",
        "Spreker Geheim",
        "spreker@x.org",
        "VraagGeheim",
        "VerslagGeheim",
        "ActieGeheim",
        "IntakeGeheim",
        "AntwoordGeheim",
    ):
        assert secret not in text, secret
    payload = blueprint.payload
    assert payload["version"] == 1
    assert [s["title"] for s in payload["sessions"]] == ["Eerste", "Tweede"]
    first, second = network.sessions.order_by("number")
    gap = timezone.localtime(second.starts_at).date() - timezone.localtime(first.starts_at).date()
    assert payload["sessions"][1]["day_offset"] == gap.days
    agenda = payload["sessions"][0]["agenda"]
    assert agenda[0]["work_form"] == "incidentmethode"
    assert agenda[1]["work_form"] is None
    assert "Stap een" in agenda[1]["work_form_text"]
    assert payload["questionnaires"][0]["questions"][0]["text"] == "Wat nam je mee?"
    assert payload["network"]["ground_rules"] == network.ground_rules

    # and a network started from it has the plan, none of the people
    other = UserFactory(full_name="Nieuwe Begeleider")
    blueprint.visibility = BlueprintVisibility.EVERYONE
    blueprint.save()
    new = blueprints.network_from_blueprint(
        blueprint=blueprint, name="Opnieuw", start_date=_future_day(), acting_user=other
    )
    assert list(new.memberships.values_list("user_id", flat=True)) == [other.pk]
    assert new.sessions.count() == 2
    assert not Speaker.objects.filter(session__network=new).exists()
    assert not PracticeQuestion.objects.filter(network=new).exists()
    # the questionnaires came along as questions only: no answers, no participants
    (final,) = Questionnaire.objects.filter(network=new)
    assert (final.kind, final.planned, final.anonymous) == ("final", True, False)
    assert list(final.questions.values_list("text", flat=True)) == ["Wat nam je mee?"]
    for model, path in (
        (EvaluationResponse, "questionnaire__network"),
        (Answer, "response__questionnaire__network"),
        (Participation, "questionnaire__network"),
        (Eligibility, "questionnaire__network"),
        (Attendance, "session__network"),
        (Minutes, "session__network"),
        (ActionItem, "minutes__session__network"),
        (IntakeResponse, "intake__network"),
    ):
        assert not model.objects.filter(**{path: new}).exists(), model.__name__
    text = " ".join(
        str(value)
        for value in (
            *new.sessions.values_list("title", "description"),
            *AgendaItem.objects.filter(session__network=new).values_list("title", "notes"),
            *Question.objects.filter(questionnaire__network=new).values_list("text", "choices"),
        )
    )
    for secret in ("Uniek", "OpmerkingGeheim", "VerslagGeheim", "ActieGeheim", "AntwoordGeheim"):
        assert secret not in text, secret


def test_only_a_facilitator_saves_and_only_the_author_deletes(client, network, member, facilitator):
    client.force_login(member)
    assert (
        client.post(
            reverse("evaluations:blueprint_save", args=[network.pk]), {"name": "X"}
        ).status_code
        == 404
    )
    client.force_login(facilitator)
    response = client.post(
        reverse("evaluations:blueprint_save", args=[network.pk]),
        {"name": "Bewaard", "description": "", "visibility": "mine"},
    )
    blueprint = Blueprint.objects.get(name="Bewaard")
    assert response["Location"] == blueprint.get_absolute_url()
    # private: another facilitator does not see it
    client.force_login(member)
    assert client.get(blueprint.get_absolute_url()).status_code == 404
    assert (
        client.post(reverse("evaluations:blueprint_delete", args=[blueprint.pk])).status_code == 404
    )
    client.force_login(facilitator)
    delete_url = reverse("evaluations:blueprint_delete", args=[blueprint.pk])
    assert client.get(delete_url).status_code == 200
    assert Blueprint.objects.filter(pk=blueprint.pk).exists()
    client.post(delete_url)
    assert not Blueprint.objects.filter(pk=blueprint.pk).exists()
    # a shipped blueprint cannot be deleted
    assert (
        client.post(
            reverse("evaluations:blueprint_delete", args=[_intervision_nl().pk])
        ).status_code
        == 404
    )


def test_the_pages_link_to_blueprints(client, network, facilitator):
    client.force_login(facilitator)
    assert (
        reverse("evaluations:blueprints") in client.get(reverse("networks:create")).content.decode()
    )
    page = client.get(network.get_absolute_url()).content.decode()
    assert reverse("evaluations:blueprint_save", args=[network.pk]) in page


def test_blueprint_pages_make_as_many_queries_for_a_small_as_for_a_full_network(
    client, facilitator
):
    small_network = _full_network(facilitator, members=1)
    full_network = _full_network(facilitator, members=15)
    small, full = (
        blueprints.blueprint_save(
            network=source,
            name=source.name,
            description="",
            visibility="everyone",
            acting_user=facilitator,
        )
        for source in (small_network, full_network)
    )
    client.force_login(facilitator)
    for name in ("evaluations:blueprint", "evaluations:blueprint_start"):
        assert count_queries(client, reverse(name, args=[small.pk])) == count_queries(
            client, reverse(name, args=[full.pk])
        ), name
    save = "evaluations:blueprint_save"
    assert count_queries(client, reverse(save, args=[small_network.pk])) == count_queries(
        client, reverse(save, args=[full_network.pk])
    )
    listing = count_queries(client, reverse("evaluations:blueprints"))
    blueprints.blueprint_save(
        network=full_network,
        name="Nog een",
        description="",
        visibility="mine",
        acting_user=facilitator,
    )
    assert count_queries(client, reverse("evaluations:blueprints")) == listing


def test_saving_and_deleting_a_blueprint_is_in_the_audit_log(client, network, facilitator):
    client.force_login(facilitator)
    client.post(
        reverse("evaluations:blueprint_save", args=[network.pk]),
        {"name": "Bewaard", "description": "", "visibility": "mine"},
    )
    blueprint = Blueprint.objects.get(name="Bewaard")
    saved = AuditEvent.objects.get(action=AuditAction.BLUEPRINT_SAVED)
    assert (saved.actor_id, saved.network_id, saved.detail) == (
        facilitator.pk,
        network.pk,
        f"blueprint {blueprint.pk}",
    )
    # a refused delete (not the author) writes nothing
    with pytest.raises(ApplicationError):
        blueprints.blueprint_delete(blueprint=blueprint, acting_user=UserFactory())
    assert not AuditEvent.objects.filter(action=AuditAction.BLUEPRINT_DELETED).exists()

    client.post(reverse("evaluations:blueprint_delete", args=[blueprint.pk]))
    deleted = AuditEvent.objects.get(action=AuditAction.BLUEPRINT_DELETED)
    assert (deleted.actor_id, deleted.network_id, deleted.detail) == (
        facilitator.pk,
        None,
        f"blueprint {blueprint.pk}",
    )
    with translation.override("en"):
        assert str(action_label(AuditAction.BLUEPRINT_SAVED)) == "Network saved as a blueprint"
    with translation.override("nl"):
        assert str(action_label(AuditAction.BLUEPRINT_SAVED)) == "Netwerk bewaard als sjabloon"


def test_planning_a_questionnaire_refuses_what_could_not_open(network, facilitator, member):
    session = SessionFactory(network=network, number=1, title="Start")
    elsewhere = SessionFactory(network=NetworkFactory(created_by=facilitator), number=1)

    def plan(**kwargs):
        return evaluation_services.questionnaire_plan(
            **{"network": network, "title": "", "anonymous": False, "acting_user": facilitator}
            | kwargs
        )

    with translation.override("en"):
        for kwargs, message in [
            ({"kind": "session", "session": elsewhere}, "belongs to a session of this network"),
            ({"kind": "session"}, "belongs to a session of this network"),
            ({"kind": "other"}, "Unknown kind of questionnaire."),
            ({"kind": "final", "acting_user": member}, "Only the facilitators"),
        ]:
            with pytest.raises(ApplicationError) as refused:
                plan(**kwargs)
            assert message in refused.value.message
        planned = plan(kind="session", session=session)
        with pytest.raises(ApplicationError, match="already has an evaluation"):
            plan(kind="session", session=session)
        final = plan(kind="final")
        with pytest.raises(ApplicationError, match="already been opened"):
            plan(kind="final")
    # without a title: the usual one, in the network's language (Dutch here)
    assert planned.title == "Evaluatie van bijeenkomst 1: Start"
    assert final.title == f"Eindevaluatie van {network.name}"
    assert planned.anonymous == network.anonymous_evaluations
    assert Questionnaire.objects.filter(network=network, planned=True).count() == 2


def test_the_delete_page_asks_in_the_readers_language(client, network, facilitator):
    """The title and the button are translated per request, not once at import (a Dutch page
    for an English reader, or the other way round, was the bug)."""
    blueprint = blueprints.blueprint_save(
        network=network, name="Eigen", description="", visibility="mine", acting_user=facilitator
    )
    delete_url = reverse("evaluations:blueprint_delete", args=[blueprint.pk])
    client.force_login(facilitator)

    dutch = client.get(delete_url).content.decode()
    reads_english(facilitator)
    english = client.get(delete_url).content.decode()

    assert "Dit sjabloon verwijderen?" in dutch
    assert "Het sjabloon verwijderen" in dutch
    assert "Delete this blueprint?" in english
    assert "Delete the blueprint" in english
