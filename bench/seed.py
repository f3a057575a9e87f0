"""The bulk of the scaled database, written fast with PostgreSQL's COPY: about 2,000 networks,
25,000 users, 30,000 sessions, 300,000 attendance rows and 100,000 evaluation answers.

Rows are model instances (so every field default applies) streamed through COPY, with ids
assigned here and the identity sequences moved past them afterwards. All bulk users share one
precomputed password hash. The evaluations are named ones (the network chose named answers):
a ``Response`` with its user, a ``Participation`` and the ``Eligibility`` of the members present,
as ``evaluations.services.response_submit`` writes them; anonymous answers only ever reach the
results through evaluations/holding.py, which the two measured networks go through."""

import csv
import datetime
import io
import json
import random

from django.contrib.auth.hashers import make_password
from django.db import connection, models
from django.utils import timezone

from accounts.models import User
from evaluations.enums import QuestionnaireKind, QuestionType
from evaluations.models import Answer, Eligibility, Participation, Question, Questionnaire, Response
from networks.enums import NetworkStatus, Role, Scope
from networks.models import Membership, Network
from sessions.enums import AttendanceStatus, SessionStatus
from sessions.models import Attendance, LearningSession

SIZES = {
    "networks": 2_000,
    "users": 25_000,
    "sessions": 30_000,
    "attendance": 300_000,
    "answers": 100_000,
}
QUESTIONS = 4  # per questionnaire: three scales and a text
RESPONDENTS = 5  # per questionnaire


def _cell(value):
    return r"\N" if value is None else value


def _getter(field):
    """How to read a field's database value off an instance: the attribute itself for plain
    fields (fast: 600,000 rows), through ``pre_save``/``get_db_prep_save`` where Django adds
    something (auto_now, JSON)."""
    if isinstance(field, models.JSONField):
        return lambda obj: json.dumps(getattr(obj, field.attname))
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda obj: _cell(field.get_db_prep_save(field.pre_save(obj, True), connection))
    attname = field.attname
    return lambda obj: _cell(getattr(obj, attname))


def copy(model, objects: list, *, assign_ids: bool = True) -> None:
    """COPY ``objects`` (unsaved instances of ``model``) into its table. With ``assign_ids``
    the integer primary keys are set on the instances first (after the table's current max)."""
    if not objects:
        return
    meta = model._meta
    table = meta.db_table
    with connection.cursor() as cursor:
        if assign_ids:
            cursor.execute(f'SELECT COALESCE(MAX("{meta.pk.column}"), 0) FROM "{table}"')  # noqa: S608 - our own table name
            start = cursor.fetchone()[0]
            for offset, obj in enumerate(objects, start=1):
                obj.pk = start + offset
        fields = meta.concrete_fields
        # A related object given before its own COPY had no id yet: take it now.
        relations = [f for f in fields if f.is_relation and f.many_to_one]
        for obj in objects:
            for field in relations:
                if getattr(obj, field.attname) is None and field.is_cached(obj):
                    setattr(obj, field.attname, field.get_cached_value(obj).pk)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        getters = [_getter(field) for field in fields]
        for obj in objects:
            writer.writerow([get(obj) for get in getters])
        buffer.seek(0)
        columns = ", ".join(f'"{field.column}"' for field in fields)
        cursor.copy_expert(
            f"COPY \"{table}\" ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer
        )
        if assign_ids:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, %s), %s)",
                [f'"{table}"', meta.pk.column, objects[-1].pk],
            )


def seed(*, scale: float = 1.0, log=print) -> dict:
    """Write the bulk rows (``scale`` shrinks every size, for quick tries). Returns the counts."""
    rng = random.Random(16)  # noqa: S311 - test data, not cryptography
    sizes = {name: max(1, int(size * scale)) for name, size in SIZES.items()}
    now = timezone.now().replace(microsecond=0)
    today = timezone.localdate()
    password = make_password("bench-only-password")  # one hash for every bulk user

    users = [
        User(
            email=f"bulk{index}@bench.example.org",
            full_name=f"Bulk Persoon {index}",
            password=password,
            job_function="Verpleegkundige",
            language="nl",
        )
        for index in range(sizes["users"])
    ]
    copy(User, users)
    log(f"  users {len(users)}")

    count = sizes["networks"]
    networks, memberships, seats = [], [], []
    for index in range(sizes["networks"]):
        # 12 or 13 people each: a facilitator and the members
        people = users[index * len(users) // count : (index + 1) * len(users) // count]
        members = people[1:16]
        networks.append(
            Network(
                name=f"Bulknetwerk {index}",
                theme=rng.choice(["Zorg", "Onderwijs", "Metaal", "Welzijn"]),
                description="Een netwerk van de bulk.",
                goal="Van elkaar leren.",
                participant_role="Casussen meebrengen.",
                rhythm="Maandelijks",
                duration="Een jaar",
                scope=Scope.EXTERNAL,
                start_date=today - datetime.timedelta(days=400),
                end_date=today + datetime.timedelta(days=200),
                member_cap=15,
                member_count=len(members),
                ground_rules="Wat hier gezegd wordt, blijft hier.",
                status=NetworkStatus.RUNNING if index % 5 else NetworkStatus.OPEN,
                created_by=people[0],
            )
        )
        seats.append((people[0], members))
    copy(Network, networks)
    for network, (facilitator, members) in zip(networks, seats, strict=True):
        memberships.append(
            Membership(network=network, user=facilitator, role=Role.FACILITATOR, joined_at=now)
        )
        memberships.extend(
            Membership(
                network=network,
                user=member,
                role=Role.MEMBER,
                joined_at=now - datetime.timedelta(days=400),
                ground_rules_accepted_at=now - datetime.timedelta(days=400),
            )
            for member in members
        )
    copy(Membership, memberships)
    log(f"  networks {len(networks)}, memberships {len(memberships)}")

    per_session = sizes["sessions"] // sizes["networks"]
    sessions, held = [], []
    for network, (_facilitator, members) in zip(networks, seats, strict=True):
        for number in range(1, per_session + 1):
            days = 7 * (per_session - number) - 10  # the last two are still to come
            start = now - datetime.timedelta(days=days, hours=rng.randint(2, 6))
            session = LearningSession(
                network=network,
                number=number,
                title=f"Bijeenkomst {number}",
                location="Vergaderzaal",
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=3),
                status=SessionStatus.HELD if days > 0 else SessionStatus.PLANNED,
            )
            sessions.append(session)
            if days > 0:
                held.append((session, members))
    copy(LearningSession, sessions)
    log(f"  sessions {len(sessions)}")

    attendance, present_of = [], {}
    statuses = [AttendanceStatus.PRESENT] * 8 + [AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED]
    for session, members in held:
        present = []
        for member in members:
            if len(attendance) >= sizes["attendance"]:
                break
            status = rng.choice(statuses)
            attendance.append(Attendance(session=session, user=member, status=status))
            if status == AttendanceStatus.PRESENT:
                present.append(member)
        present_of[session.pk] = present
    copy(Attendance, attendance)
    log(f"  attendance {len(attendance)}")

    wanted = sizes["answers"] // (QUESTIONS * RESPONDENTS)
    evaluated = [
        (session, present_of[session.pk])
        for session, _members in held
        if len(present_of.get(session.pk, [])) >= RESPONDENTS
    ][:wanted]
    questionnaires = [
        Questionnaire(
            network=session.network,
            kind=QuestionnaireKind.SESSION,
            session=session,
            title=f"Evaluatie van {session.title}",
            anonymous=False,
            opens_at=session.ends_at,
            closes_at=session.ends_at + datetime.timedelta(days=7),
            results_shared=True,
            eligible_count=len(present),
        )
        for session, present in evaluated
    ]
    copy(Questionnaire, questionnaires)
    questions, eligibility, participations, responses, answers = [], [], [], [], []
    for questionnaire, (_session, present) in zip(questionnaires, evaluated, strict=True):
        asked = [
            Question(
                questionnaire=questionnaire,
                position=position,
                type=QuestionType.SCALE if position < QUESTIONS - 1 else QuestionType.LONG,
                text=f"Vraag {position + 1}",
                is_overall=position == 0,
            )
            for position in range(QUESTIONS)
        ]
        questions.extend(asked)
        eligibility.extend(Eligibility(questionnaire=questionnaire, user=user) for user in present)
        for user in present[:RESPONDENTS]:
            participations.append(Participation(questionnaire=questionnaire, user=user))
            response = Response(questionnaire=questionnaire, user=user)
            responses.append(response)
            for question in asked:
                scale = question.type == QuestionType.SCALE
                answers.append(
                    Answer(
                        response=response,
                        question=question,
                        value=rng.randint(1, 5) if scale else None,
                        text="" if scale else "Veel geleerd van de casussen.",
                    )
                )
    copy(Question, questions)
    copy(Eligibility, eligibility)
    copy(Participation, participations)
    copy(Response, responses, assign_ids=False)
    copy(Answer, answers, assign_ids=False)
    log(f"  questionnaires {len(questionnaires)}, answers {len(answers)}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "networks": len(networks),
        "users": len(users),
        "sessions": len(sessions),
        "attendance": len(attendance),
        "answers": len(answers),
    }
