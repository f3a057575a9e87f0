"""The two measured networks, built through the project's services (as seed_demo builds the
demo), so every row is one the real code would write.

``build_network(members=1, sessions=1)`` is the "small" network; ``build_network(members=15,
sessions=20)`` the "full" one: held sessions with an agenda, attendance, published minutes and
answered evaluations (results shared), an intake, learning goals and a vote, and one planned
session to come. The bench builds both; tests/test_page_budgets.py builds a smaller full one."""

import datetime
import itertools
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import User
from evaluations import holding
from evaluations import services as evaluation_services
from evaluations.enums import QuestionType, VoteKind
from evaluations.models import Questionnaire
from minutes import services as minutes_services
from networks import services
from networks.enums import NetworkStatus, Role, Scope
from networks.models import Network
from sessions import services as session_services
from sessions.enums import AttendanceStatus, RsvpAnswer
from sessions.models import LearningSession
from sessions.selectors import active_members

from .pages import FACILITATOR, MEMBER

_numbers = itertools.count(1)


@dataclass
class Scenario:
    network: Network
    session: LearningSession  # the last held session: minutes published, results shared
    questionnaire: Questionnaire
    users: dict = field(default_factory=dict)  # role -> user


def person(*, email: str, full_name: str) -> User:
    """A signed-up person with a verified address (no usable password: the bench signs them in
    server-side, the tests with force_login)."""
    user = User.objects.create_user(email=email, password=None, full_name=full_name)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _answer(question, index: int):
    if question.type in (QuestionType.SCALE, QuestionType.GOAL_SCALE):
        return str(3 + index % 3)
    if question.type == QuestionType.SINGLE:
        return question.choices[0]
    if question.type == QuestionType.MULTIPLE:
        return [question.choices[0]]
    return f"Antwoord {index}: wat ik meeneem uit deze bijeenkomst."


def build_network(*, label: str, members: int, sessions: int) -> Scenario:
    """A running network with ``members`` members and ``sessions`` held sessions (see the module
    docstring). Needs Celery eager or no worker at all: everything it enqueues may run inline."""
    run = next(_numbers)
    today = timezone.localdate()
    facilitator = person(
        email=f"bench-{label}-{run}-facilitator@example.org", full_name=f"Fien {label.title()}"
    )
    network = services.network_create(
        acting_user=facilitator,
        ground_rules=services.default_ground_rules(),
        name=f"Benchnetwerk {label} {run}",
        theme="Zorg",
        description="Een netwerk om te meten.",
        goal="Samen goede praktijken verzamelen.",
        participant_role="Je brengt casussen mee.",
        rhythm="Wekelijks",
        duration=f"{sessions} bijeenkomsten",
        scope=Scope.EXTERNAL,
        start_date=today - datetime.timedelta(days=7 * sessions + 14),
        end_date=today + datetime.timedelta(days=120),
        member_cap=15,
    )
    services.network_set_status(network=network, status=NetworkStatus.OPEN, acting_user=facilitator)
    people = []
    for index in range(members):
        user = person(
            email=f"bench-{label}-{run}-member{index}@example.org",
            full_name=f"Lid {index} {label.title()}",
        )
        invitation = services.invitation_create(
            network=network, email=user.email, role=Role.MEMBER, acting_user=facilitator
        )
        services.invitation_accept(
            invitation=invitation, acting_user=user, accept_ground_rules=True
        )
        people.append(user)
    network = services.network_set_status(
        network=network, status=NetworkStatus.RUNNING, acting_user=facilitator
    )
    intake = evaluation_services.intake_open(
        network=network,
        deadline=timezone.now() + datetime.timedelta(days=7),
        acting_user=facilitator,
    )
    for user in people[: max(1, members * 2 // 3)]:
        evaluation_services.intake_submit(
            intake=intake,
            acting_user=user,
            data={
                "expectations": "Concrete tips.",
                "personal_goals": "Valrisico inschatten\nFamilie betrekken",
                "brings": "Ervaring.",
                "practice_questions": "",
                "questions_on_board": False,
            },
        )
    goals = [
        evaluation_services.goal_create(network=network, title=title, acting_user=facilitator)
        for title in ("Valrisico inschatten", "Familie betrekken", "Nachtzorg", "Medicatie")
    ]
    evaluation_services.goals_adopt(
        network=network, goal_ids=[goal.pk for goal in goals[:3]], acting_user=facilitator
    )
    members_now = active_members(network=network)
    held = []
    for number in range(sessions):
        start = timezone.now().replace(microsecond=0) - datetime.timedelta(
            days=7 * (sessions - number), hours=1
        )
        session, _warnings = session_services.session_create(
            network=network,
            data={
                "title": f"Bijeenkomst {number + 1}",
                "location": "Vergaderzaal De Brug, Brugge",
                "description": "We delen casussen.",
                "starts_at": start,
                "ends_at": start + datetime.timedelta(hours=3),
            },
            acting_user=facilitator,
        )
        for position in range(3):
            session_services.agenda_item_add(
                session=session,
                data={"title": f"Agendapunt {position + 1}", "duration_minutes": 30},
                roles={},
                acting_user=facilitator,
            )
        if number == 0:
            evaluation_services.goal_link_sessions(
                goal=goals[0], sessions=[session], acting_user=facilitator
            )
        absent = {member.pk for member in members_now[-2:]} if members > 3 else set()
        session = session_services.session_record_attendance(
            session=session,
            entries={
                member.pk: {
                    "status": AttendanceStatus.ABSENT
                    if member.pk in absent
                    else AttendanceStatus.PRESENT,
                    "remark": "",
                }
                for member in members_now
            },
            mark_held=True,
            acting_user=facilitator,
        )
        minutes = minutes_services.minutes_get_or_create(session=session, acting_user=facilitator)
        agenda = list(session.agenda.all())
        minutes_services.minutes_save_draft(
            minutes=minutes,
            data={
                "summary": "We bespraken **valrisico** en deelden casussen.",
                "insights": "Familie betrekken helpt.\n\nEen vaste vrijwilliger per afdeling.",
                "agreements": "- Om de week samen.\n- Elke keer een casus.",
            },
            item_notes={item.pk: "Iedereen bracht een casus." for item in agenda},
            actions=[
                {
                    "what": f"Screening uitproberen {index}",
                    "owner_id": member.pk,
                    "due": today + datetime.timedelta(days=7),
                }
                for index, member in enumerate(members_now[:3])
            ],
            acting_user=facilitator,
        )
        minutes_services.minutes_publish(minutes=minutes, acting_user=facilitator)
        held.append(session)
        questionnaire = Questionnaire.objects.get(session=session)
        questions = list(questionnaire.questions.all())
        eligible = evaluation_services.eligible_user_ids(questionnaire=questionnaire)
        respondents = [member for member in members_now if member.pk in eligible][:5]
        for index, member in enumerate(respondents):
            evaluation_services.response_submit(
                questionnaire=questionnaire,
                acting_user=member,
                answers={question.pk: _answer(question, index) for question in questions},
            )
        holding.release(questionnaire_id=questionnaire.pk)
        evaluation_services.results_share(
            questionnaire=questionnaire, shared=True, acting_user=facilitator
        )
    vote = evaluation_services.vote_create(
        network=network,
        kind=VoteKind.TOPICS,
        title="Welke onderwerpen nog?",
        points=3,
        closes_at=timezone.now() + datetime.timedelta(days=6),
        options=["Fixatiearm werken", "Valsensoren", "Beweegprogramma's"],
        acting_user=facilitator,
    )
    options = list(vote.options.order_by("pk").values_list("pk", flat=True))
    for user in people[: max(1, members // 2)]:
        evaluation_services.vote_cast(vote=vote, allocation={options[0]: 3}, acting_user=user)
    upcoming_start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=5)
    upcoming, _warnings = session_services.session_create(
        network=network,
        data={
            "title": "Volgende bijeenkomst",
            "location": "Online",
            "starts_at": upcoming_start,
            "ends_at": upcoming_start + datetime.timedelta(hours=3),
        },
        acting_user=facilitator,
    )
    for user in people[: max(1, members // 2)]:
        session_services.rsvp_set(
            session=upcoming,
            data={"answer": RsvpAnswer.ATTENDING, "apology": "", "input_for_group": ""},
            acting_user=user,
        )
    last = held[-1]
    return Scenario(
        network=network,
        session=last,
        questionnaire=Questionnaire.objects.get(session=last),
        users={FACILITATOR: facilitator, MEMBER: people[0]},
    )
