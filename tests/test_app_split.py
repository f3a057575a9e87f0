"""Issue 23 split the reports app into minutes, portfolio and reports (and a pages app on top). The
models moved with their tables, so nothing here may notice the move: the tables, constraint names,
content types, task names and Message-IDs are those of before."""

import importlib
import io
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection

from config.celery_app import app as celery_app
from minutes.models import ActionCheckIn, CatchUpReminder

MOVED = {
    "minutes": [
        "Minutes",
        "MinutesItemNote",
        "ActionItem",
        "MinutesComment",
        "MinutesVersion",
        "MinutesRead",
        "MinutesDelivery",
        "CatchUpReminder",
        "ActionCheckIn",
    ],
    "portfolio": [
        "InsightCard",
        "SessionReflection",
        "ParticipationStatement",
        "PortfolioPdf",
        "StatementPdf",
    ],
}
MOVED_MODELS = [apps.get_model(label, name) for label, names in MOVED.items() for name in names]


def test_moved_models_keep_their_reports_tables():
    tables = {model._meta.label: model._meta.db_table for model in MOVED_MODELS}

    assert tables == {
        f"{label}.{name}": f"reports_{name.lower()}"
        for label, names in MOVED.items()
        for name in names
    }


@pytest.mark.django_db
def test_the_migrations_describe_the_models_as_they_are():
    """No migration is missing: the moved models' state (tables, constraint and index names) is
    what their ``0001_initial`` says."""
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)

    assert out.getvalue() == "No changes detected\n"


@pytest.mark.django_db
def test_moved_models_constraints_and_indexes_are_in_the_database(require_postgres):
    """Every constraint and index a moved model names exists on its table under that name (the
    outbox's ``%(app_label)s`` names still say "reports")."""
    missing = []
    with connection.cursor() as cursor:
        for model in MOVED_MODELS:
            found = connection.introspection.get_constraints(cursor, model._meta.db_table)
            for item in [*model._meta.constraints, *model._meta.indexes]:
                if item.name not in found:
                    missing.append(f"{model._meta.db_table}.{item.name}")

    assert missing == []


def test_moved_outbox_rows_keep_their_message_ids():
    """The Message-ID is how mail clients drop a duplicate: an email sent again after the move
    keeps the one it had (the minutes email has its own format, tested with the outbox rows)."""
    assert ActionCheckIn(pk=7).message_id == "<reports.actioncheckin-7@leernet>"
    assert CatchUpReminder(pk=8).message_id == "<reports.catchupreminder-8@leernet>"


def test_moved_tasks_keep_their_names():
    from minutes import tasks as minutes_tasks
    from portfolio import tasks as portfolio_tasks

    names = {
        task.name
        for task in (
            minutes_tasks.render_minutes_pdf,
            minutes_tasks.send_catch_up_reminders,
            minutes_tasks.send_action_checkins,
            portfolio_tasks.render_statement_pdf,
            portfolio_tasks.render_portfolio_pdf,
        )
    }

    assert names == {
        "reports.tasks.render_minutes_pdf",
        "reports.tasks.send_catch_up_reminders",
        "reports.tasks.send_action_checkins",
        "reports.tasks.render_statement_pdf",
        "reports.tasks.render_portfolio_pdf",
    }


def test_every_scheduled_and_routed_task_exists():
    celery_app.loader.import_default_modules()
    named = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    named |= set(settings.CELERY_TASK_ROUTES)

    assert sorted(named - set(celery_app.tasks)) == []


@pytest.mark.django_db
def test_content_types_follow_the_moved_models():
    """reports/migrations/0012 relabels a database's content types 'reports' → the new app, the
    row keeping its id and so its permissions; a row already made under the new label gives way."""
    migration = importlib.import_module("reports.migrations.0012_minutes_and_portfolio_moved")
    moved = ContentType.objects.get(app_label="minutes", model="minutesdelivery")
    permissions = set(moved.permission_set.values_list("pk", flat=True))
    ContentType.objects.filter(pk=moved.pk).update(app_label="reports")  # as before the move
    fresh = ContentType.objects.create(app_label="minutes", model="minutesdelivery")

    migration.content_types_forwards(apps, SimpleNamespace(connection=connection))
    ContentType.objects.clear_cache()

    relabelled = ContentType.objects.get(app_label="minutes", model="minutesdelivery")
    assert relabelled.pk == moved.pk
    assert set(relabelled.permission_set.values_list("pk", flat=True)) == permissions
    assert not ContentType.objects.filter(pk=fresh.pk).exists()
    assert not ContentType.objects.filter(app_label="reports", model="minutesdelivery").exists()
    assert Permission.objects.filter(content_type=relabelled).count() == 4
