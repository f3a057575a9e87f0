"""The minutes' models, moved from the reports app with their tables (issue 23): state only.

Each model keeps its table (``db_table``), its constraints and indexes their names; nothing runs
on the database. reports/migrations/0012 removes them from the reports app's state."""

import datetime
import django.db.models.deletion
import django.db.models.functions.text
import django.db.models.lookups
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('reports', '0011_stored_participation_statement_portfolio_pdfs'),
        ('evaluations', '0010_planned_questionnaires'),
        ('learning_sessions', '0012_catch_up_pack'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay: only Django's idea of which app the models belong to changes.
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Minutes',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('summary', models.TextField(blank=True, max_length=10000, verbose_name='summary')),
                        ('insights', models.TextField(blank=True, max_length=10000, verbose_name='insights and knowledge shared')),
                        ('agreements', models.TextField(blank=True, max_length=10000, verbose_name='agreements and decisions')),
                        ('questions_next', models.TextField(blank=True, max_length=10000, verbose_name='questions for next time')),
                        ('next_session', models.TextField(blank=True, max_length=10000, verbose_name='next session')),
                        ('review_until', models.DateTimeField(blank=True, null=True, verbose_name='comments possible until')),
                        ('actions_fed_back_at', models.DateTimeField(blank=True, editable=False, null=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('feedback_item', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='learning_sessions.agendaitem')),
                        ('session', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='minutes', to='learning_sessions.learningsession')),
                        ('updated_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'minutes',
                        'verbose_name_plural': 'minutes',
                        'db_table': 'reports_minutes',
                    },
                ),
                migrations.CreateModel(
                    name='ActionItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('what', models.CharField(max_length=300, verbose_name='what')),
                        ('who', models.CharField(blank=True, max_length=150, verbose_name='who')),
                        ('due', models.DateField(blank=True, null=True, verbose_name='due date')),
                        ('status', models.CharField(choices=[('open', 'Open'), ('done', 'Done'), ('partly', 'Partly done'), ('not_done', 'Not done')], default='open', max_length=10, verbose_name='how it went')),
                        ('outcome', models.CharField(blank=True, max_length=300, verbose_name='how it went, in one line')),
                        ('answered_at', models.DateTimeField(blank=True, null=True)),
                        ('position', models.PositiveSmallIntegerField(default=0)),
                        ('carried_from', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='carried_to', to='minutes.actionitem')),
                        ('goal', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='actions', to='evaluations.learninggoal', verbose_name='learning goal')),
                        ('owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='owner')),
                        ('minutes', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='actions', to='minutes.minutes')),
                    ],
                    options={
                        'db_table': 'reports_actionitem',
                        'ordering': ['position', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='MinutesComment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.TextField(max_length=4000, verbose_name='comment')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('author', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('minutes', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='minutes.minutes')),
                    ],
                    options={
                        'db_table': 'reports_minutescomment',
                        'ordering': ['created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='MinutesItemNote',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('notes', models.TextField(blank=True, max_length=5000)),
                        ('agenda_item', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='learning_sessions.agendaitem')),
                        ('minutes', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='item_notes', to='minutes.minutes')),
                    ],
                    options={
                        'db_table': 'reports_minutesitemnote',
                    },
                ),
                migrations.CreateModel(
                    name='MinutesRead',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('read_at', models.DateTimeField(auto_now_add=True)),
                        ('via', models.CharField(choices=[('page', 'opened the minutes page'), ('link', 'confirmed with the link in the email')], default='page', max_length=4)),
                        ('minutes', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reads', to='minutes.minutes')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'minutes read',
                        'verbose_name_plural': 'minutes read',
                        'db_table': 'reports_minutesread',
                    },
                ),
                migrations.CreateModel(
                    name='MinutesVersion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('pdf', models.BinaryField(null=True)),
                        ('pdf_state', models.CharField(choices=[('pending', 'Waiting to be rendered'), ('rendering', 'Rendering'), ('ready', 'Ready'), ('failed', 'Failed'), ('deleted', 'Deleted after the retention period')], default='pending', max_length=10)),
                        ('pdf_renders', models.PositiveSmallIntegerField(default=0)),
                        ('pdf_error', models.TextField(blank=True, max_length=1000)),
                        ('pdf_claimed_at', models.DateTimeField(blank=True, null=True)),
                        ('number', models.PositiveSmallIntegerField()),
                        ('content', models.JSONField()),
                        ('change_note', models.CharField(blank=True, max_length=300, verbose_name='what changed')),
                        ('include_present', models.BooleanField(default=False)),
                        ('published_at', models.DateTimeField(auto_now_add=True)),
                        ('minutes', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='minutes.minutes')),
                        ('published_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'reports_minutesversion',
                        'ordering': ['-number'],
                    },
                ),
                migrations.CreateModel(
                    name='MinutesDelivery',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('state', models.CharField(choices=[('pending', 'waiting'), ('sending', 'being sent'), ('sent', 'sent'), ('failed', 'failed')], default='pending', max_length=8)),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('last_error', models.TextField(blank=True, max_length=1000)),
                        ('subject', models.CharField(blank=True, max_length=300)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('claimed_at', models.DateTimeField(blank=True, null=True)),
                        ('next_attempt_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('sent_at', models.DateTimeField(blank=True, null=True)),
                        ('was_absent', models.BooleanField(default=True)),
                        ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('resend_of', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='minutes.minutesdelivery')),
                        ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='minutes.minutesversion')),
                    ],
                    options={
                        'verbose_name': 'minutes email',
                        'verbose_name_plural': 'minutes emails',
                        'db_table': 'reports_minutesdelivery',
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='CatchUpReminder',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('state', models.CharField(choices=[('pending', 'waiting'), ('sending', 'being sent'), ('sent', 'sent'), ('failed', 'failed')], default='pending', max_length=8)),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('last_error', models.TextField(blank=True, max_length=1000)),
                        ('subject', models.CharField(blank=True, max_length=300)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('claimed_at', models.DateTimeField(blank=True, null=True)),
                        ('next_attempt_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('sent_at', models.DateTimeField(blank=True, null=True)),
                        ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('resend_of', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='minutes.catchupreminder')),
                        ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='catch_up_reminders', to='minutes.minutesversion')),
                    ],
                    options={
                        'verbose_name': 'minutes reminder',
                        'verbose_name_plural': 'minutes reminders',
                        'db_table': 'reports_catchupreminder',
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='ActionCheckIn',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('state', models.CharField(choices=[('pending', 'waiting'), ('sending', 'being sent'), ('sent', 'sent'), ('failed', 'failed')], default='pending', max_length=8)),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('last_error', models.TextField(blank=True, max_length=1000)),
                        ('subject', models.CharField(blank=True, max_length=300)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('claimed_at', models.DateTimeField(blank=True, null=True)),
                        ('next_attempt_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('sent_at', models.DateTimeField(blank=True, null=True)),
                        ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('resend_of', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='minutes.actioncheckin')),
                        ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='learning_sessions.learningsession')),
                    ],
                    options={
                        'verbose_name': 'try-out check-in',
                        'verbose_name_plural': 'try-out check-ins',
                        'db_table': 'reports_actioncheckin',
                        'abstract': False,
                        'indexes': [models.Index(fields=['state', 'next_attempt_at'], name='reports_checkin_due_idx')],
                        'constraints': [models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('last_error'), 1000), name='reports_actioncheckin_last_error_length'), models.UniqueConstraint(condition=models.Q(('resend_of__isnull', True)), fields=('session', 'owner'), name='reports_checkin_once')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='minutes',
                    constraint=models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('summary'), 10000), name='reports_minutes_summary_length'),
                ),
                migrations.AddConstraint(
                    model_name='minutes',
                    constraint=models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('insights'), 10000), name='reports_minutes_insights_length'),
                ),
                migrations.AddConstraint(
                    model_name='minutes',
                    constraint=models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('agreements'), 10000), name='reports_minutes_agreements_length'),
                ),
                migrations.AddConstraint(
                    model_name='minutes',
                    constraint=models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('questions_next'), 10000), name='reports_minutes_questions_next_length'),
                ),
                migrations.AddConstraint(
                    model_name='minutes',
                    constraint=models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('next_session'), 10000), name='reports_minutes_next_session_length'),
                ),
                migrations.AddConstraint(
                    model_name='actionitem',
                    constraint=models.CheckConstraint(condition=models.Q(('due__isnull', True), models.Q(('due__gte', datetime.date(2000, 1, 1)), ('due__lte', datetime.date(2100, 12, 31))), _connector='OR'), name='reports_action_due_sane'),
                ),
                migrations.AddConstraint(
                    model_name='actionitem',
                    constraint=models.UniqueConstraint(condition=models.Q(('carried_from__isnull', False)), fields=('minutes', 'carried_from'), name='reports_action_carried_once'),
                ),
                migrations.AddConstraint(
                    model_name='minutescomment',
                    constraint=models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('text'), 4000), name='reports_comment_text_length'),
                ),
                migrations.AddConstraint(
                    model_name='minutesitemnote',
                    constraint=models.UniqueConstraint(fields=('minutes', 'agenda_item'), name='reports_item_note_unique'),
                ),
                migrations.AddConstraint(
                    model_name='minutesitemnote',
                    constraint=models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('notes'), 5000), name='reports_itemnote_notes_length'),
                ),
                migrations.AddConstraint(
                    model_name='minutesread',
                    constraint=models.UniqueConstraint(fields=('minutes', 'user'), name='reports_minutes_read_once'),
                ),
                migrations.AddConstraint(
                    model_name='minutesversion',
                    constraint=models.UniqueConstraint(fields=('minutes', 'number'), name='reports_version_unique'),
                ),
                migrations.AddConstraint(
                    model_name='minutesversion',
                    constraint=models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('pdf_error'), 1000), name='reports_version_pdf_error_length'),
                ),
                migrations.AddIndex(
                    model_name='minutesdelivery',
                    index=models.Index(fields=['state', 'next_attempt_at'], name='reports_delivery_due_idx'),
                ),
                migrations.AddConstraint(
                    model_name='minutesdelivery',
                    constraint=models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('last_error'), 1000), name='reports_minutesdelivery_last_error_length'),
                ),
                migrations.AddConstraint(
                    model_name='minutesdelivery',
                    constraint=models.UniqueConstraint(condition=models.Q(('resend_of__isnull', True)), fields=('version', 'recipient'), name='reports_delivery_once'),
                ),
                migrations.AddIndex(
                    model_name='catchupreminder',
                    index=models.Index(fields=['state', 'next_attempt_at'], name='reports_reminder_due_idx'),
                ),
                migrations.AddConstraint(
                    model_name='catchupreminder',
                    constraint=models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('last_error'), 1000), name='reports_catchupreminder_last_error_length'),
                ),
                migrations.AddConstraint(
                    model_name='catchupreminder',
                    constraint=models.UniqueConstraint(condition=models.Q(('resend_of__isnull', True)), fields=('version', 'recipient'), name='reports_catch_up_reminder_once'),
                ),
            ],
        ),
    ]
