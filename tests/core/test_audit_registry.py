"""Audit actions are declared per app (core/audit_actions.py) and stored without choices: a new
action in one app migrates nothing in core, a code taken twice stops the start-up, and the system
check refuses a code the column or the log could not hold."""

import ast
import importlib
from io import StringIO
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.utils import translation

from core.audit import audit_record
from core.audit_actions import (
    ACTION_MAX_LENGTH,
    AuditActionSet,
    action_label,
    actions,
    declared,
    register_actions,
    unregister_actions,
)
from core.checks import check_audit_actions
from core.models import AuditEvent
from core.registry import AlreadyRegistered
from tests.test_import_direction import DATA_APPS, PAGES

ROOT = Path(__file__).resolve().parent.parent.parent


class NewActions(AuditActionSet):
    BADGE_AWARDED = "badge_awarded"

    labels = {BADGE_AWARDED: "Badge awarded"}


@pytest.fixture
def new_app_actions():
    register_actions("badges", NewActions, order=99)
    yield NewActions
    unregister_actions("badges")


def test_the_action_column_has_no_choices():
    assert AuditEvent._meta.get_field("action").choices is None
    assert AuditEvent._meta.get_field("action").max_length == ACTION_MAX_LENGTH


@pytest.mark.django_db
def test_a_new_action_in_one_app_migrates_nothing_in_core(new_app_actions, network, facilitator):
    out = StringIO()

    # --check exits with status 1 when a migration is missing.
    call_command("makemigrations", "core", "--check", "--dry-run", stdout=out)

    assert out.getvalue() == "No changes detected in app 'core'\n"
    event = audit_record(actor=facilitator, action=NewActions.BADGE_AWARDED, network=network)
    with translation.override("en"):
        assert str(event.action_label) == "Badge awarded"
    assert check_audit_actions() == []


def test_unknown_actions_are_refused_and_shown_by_their_code():
    with pytest.raises(ValueError, match="Unknown audit action 'made_up'"):
        audit_record(actor=None, action="made_up")
    assert action_label("made_up") == "made_up"


def test_a_code_another_app_declared_stops_the_start_up():
    class Clash(AuditActionSet):
        THING_DONE = "thing_done"
        REMOVED = "member_removed"  # networks' code

        labels = {THING_DONE: "Thing done", REMOVED: "Removed"}

    with pytest.raises(AlreadyRegistered) as raised:
        register_actions("clash", Clash, order=99)

    assert "'member_removed' is already registered (declared by networks and again by clash)" in (
        str(raised.value)
    )
    assert "thing_done" not in actions  # all or nothing
    assert "clash" not in declared


def test_a_code_declared_twice_in_one_app_stops_the_start_up():
    class Twice(AuditActionSet):
        FIRST = "thing_done"
        SECOND = "thing_done"

        labels = {FIRST: "Thing done"}

    with pytest.raises(AlreadyRegistered, match="declared by twice and again by twice"):
        register_actions("twice", Twice, order=99)


def test_the_system_check_refuses_long_malformed_and_unlabelled_codes():
    class Bad(AuditActionSet):
        TOO_LONG = "x" * (ACTION_MAX_LENGTH + 1)
        SHOUTING = "Thing-Done"
        UNLABELLED = "nameless_thing"

        labels = {TOO_LONG: "Long", SHOUTING: "Shouting", "never_declared": "Ghost"}

    register_actions("bad", Bad, order=99)
    try:
        errors = check_audit_actions()
    finally:
        unregister_actions("bad")

    assert sorted(error.id for error in errors) == [
        "core.E001",
        "core.E002",
        "core.E003",
        "core.E004",
    ]
    assert check_audit_actions() == []


def test_the_audit_check_runs_with_the_system_checks():
    """CoreConfig.ready() registers the check: ``manage.py check`` (and every start-up) runs it."""

    class Unlabelled(AuditActionSet):
        NAMELESS = "nameless_thing"

        labels = {}

    register_actions("unlabelled", Unlabelled, order=99)
    try:
        errors = run_checks()
    finally:
        unregister_actions("unlabelled")

    assert [error.id for error in errors if error.id.startswith("core.")] == ["core.E003"]


def test_the_declared_actions_pass_the_check_and_each_has_a_label():
    assert check_audit_actions() == []
    assert declared.keys() == DATA_APPS  # each data app, bottom to top
    with translation.override("en"):
        assert str(action_label("member_removed")) == "Member removed"
        assert str(action_label("email_resent")) == "Email sent again"


def _recorded_actions():
    """Each ``<Alias>.<NAME>`` used in code where ``Alias`` is an imported ``AuditAction``, and
    each string given as ``action=`` to ``audit_record``, with where it is."""
    for app in [*DATA_APPS, PAGES]:  # the services, and the pages that record
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            where = path.relative_to(ROOT).as_posix()
            imported = {
                alias.asname or alias.name: node.module
                for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.module
                for alias in node.names
                if alias.name == "AuditAction"
            }
            if where.endswith("/audit.py"):
                imported.setdefault("AuditAction", where[:-3].replace("/", "."))
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Attribute)
                    and isinstance(node.value, ast.Name)
                    and node.value.id in imported
                    and node.attr.isupper()
                ):
                    action_set = importlib.import_module(imported[node.value.id]).AuditAction
                    yield f"{where}:{node.lineno}", getattr(action_set, node.attr, None)
                if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "audit_record":
                    for keyword in node.keywords:
                        if keyword.arg == "action" and isinstance(keyword.value, ast.Constant):
                            yield f"{where}:{node.lineno}", keyword.value.value


def test_every_action_recorded_in_code_is_declared():
    found = list(_recorded_actions())

    assert len(found) > 40  # the scan sees the services and views that record
    assert [where for where, code in found if code not in actions] == []
