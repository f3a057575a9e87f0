"""The minutes' and the portfolio's models left the reports app for the minutes and portfolio apps
(issue 23), with their tables: the state forgets them here (nothing runs on the database) once
``minutes`` and ``portfolio`` 0001 know them, and their content types follow them."""

from django.db import migrations


MOVED = {
    "minutes": [
        "minutes",
        "minutesitemnote",
        "actionitem",
        "minutescomment",
        "minutesversion",
        "minutesread",
        "minutesdelivery",
        "catchupreminder",
        "actioncheckin",
    ],
    "portfolio": [
        "insightcard",
        "sessionreflection",
        "participationstatement",
        "portfoliopdf",
        "statementpdf",
    ],
}


def _relabel(apps, schema_editor, *, forwards: bool):
    """The content types (and so the permissions that point at them) follow the models. A row
    already made under the new label (a ``migrate`` of one app runs post_migrate for all) is a
    fresh duplicate with nothing of its own beyond its default permissions: it gives way to the
    old row, which keeps its id."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    for new_label, models in MOVED.items():
        old, new = ("reports", new_label) if forwards else (new_label, "reports")
        for model in models:
            if not types.filter(app_label=old, model=model).exists():
                continue  # a database migrated from zero: post_migrate makes the rows later
            types.filter(app_label=new, model=model).delete()
            types.filter(app_label=old, model=model).update(app_label=new)


def content_types_forwards(apps, schema_editor):
    _relabel(apps, schema_editor, forwards=True)


def content_types_backwards(apps, schema_editor):
    _relabel(apps, schema_editor, forwards=False)


class Migration(migrations.Migration):

    dependencies = [
        ('portfolio', '0001_initial'),
        ('minutes', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('reports', '0011_stored_participation_statement_portfolio_pdfs'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay: only Django's idea of which app the models belong to changes.
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='actionitem',
                    name='carried_from',
                ),
                migrations.RemoveField(
                    model_name='actionitem',
                    name='goal',
                ),
                migrations.RemoveField(
                    model_name='actionitem',
                    name='minutes',
                ),
                migrations.RemoveField(
                    model_name='actionitem',
                    name='owner',
                ),
                migrations.RemoveField(
                    model_name='catchupreminder',
                    name='recipient',
                ),
                migrations.RemoveField(
                    model_name='catchupreminder',
                    name='resend_of',
                ),
                migrations.RemoveField(
                    model_name='catchupreminder',
                    name='version',
                ),
                migrations.RemoveField(
                    model_name='insightcard',
                    name='goals',
                ),
                migrations.RemoveField(
                    model_name='insightcard',
                    name='network',
                ),
                migrations.RemoveField(
                    model_name='insightcard',
                    name='session',
                ),
                migrations.RemoveField(
                    model_name='insightcard',
                    name='version',
                ),
                migrations.RemoveField(
                    model_name='insightcard',
                    name='work_forms',
                ),
                migrations.RemoveField(
                    model_name='minutes',
                    name='feedback_item',
                ),
                migrations.RemoveField(
                    model_name='minutes',
                    name='session',
                ),
                migrations.RemoveField(
                    model_name='minutes',
                    name='updated_by',
                ),
                migrations.RemoveField(
                    model_name='minutesitemnote',
                    name='minutes',
                ),
                migrations.RemoveField(
                    model_name='minutesversion',
                    name='minutes',
                ),
                migrations.RemoveField(
                    model_name='minutesread',
                    name='minutes',
                ),
                migrations.RemoveField(
                    model_name='minutescomment',
                    name='minutes',
                ),
                migrations.RemoveField(
                    model_name='minutescomment',
                    name='author',
                ),
                migrations.RemoveField(
                    model_name='minutesdelivery',
                    name='recipient',
                ),
                migrations.RemoveField(
                    model_name='minutesdelivery',
                    name='resend_of',
                ),
                migrations.RemoveField(
                    model_name='minutesdelivery',
                    name='version',
                ),
                migrations.RemoveField(
                    model_name='minutesitemnote',
                    name='agenda_item',
                ),
                migrations.RemoveField(
                    model_name='minutesread',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='minutesversion',
                    name='published_by',
                ),
                migrations.RemoveField(
                    model_name='participationstatement',
                    name='network',
                ),
                migrations.RemoveField(
                    model_name='participationstatement',
                    name='revoked_by',
                ),
                migrations.RemoveField(
                    model_name='participationstatement',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='statementpdf',
                    name='statement',
                ),
                migrations.RemoveField(
                    model_name='portfoliopdf',
                    name='network',
                ),
                migrations.RemoveField(
                    model_name='portfoliopdf',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='sessionreflection',
                    name='session',
                ),
                migrations.RemoveField(
                    model_name='sessionreflection',
                    name='user',
                ),
                migrations.DeleteModel(
                    name='ActionCheckIn',
                ),
                migrations.DeleteModel(
                    name='ActionItem',
                ),
                migrations.DeleteModel(
                    name='CatchUpReminder',
                ),
                migrations.DeleteModel(
                    name='InsightCard',
                ),
                migrations.DeleteModel(
                    name='Minutes',
                ),
                migrations.DeleteModel(
                    name='MinutesComment',
                ),
                migrations.DeleteModel(
                    name='MinutesDelivery',
                ),
                migrations.DeleteModel(
                    name='MinutesItemNote',
                ),
                migrations.DeleteModel(
                    name='MinutesRead',
                ),
                migrations.DeleteModel(
                    name='MinutesVersion',
                ),
                migrations.DeleteModel(
                    name='ParticipationStatement',
                ),
                migrations.DeleteModel(
                    name='StatementPdf',
                ),
                migrations.DeleteModel(
                    name='PortfolioPdf',
                ),
                migrations.DeleteModel(
                    name='SessionReflection',
                ),
            ],
        ),
        migrations.RunPython(content_types_forwards, content_types_backwards),
    ]
