"""The portfolio's models (the learning portfolio, statements, the insight library), moved from the
reports app with their tables (issue 23): state only.

Each model keeps its table (``db_table``), its constraints their names, and the insight cards
their GIN full-text indexes (made by reports/migrations/0009 on PostgreSQL); nothing runs on the
database. reports/migrations/0012 removes them from the reports app's state."""

import django.contrib.postgres.search
import django.db.models.deletion
import django.db.models.functions.text
import django.db.models.lookups
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('reports', '0011_stored_participation_statement_portfolio_pdfs'),
        ('evaluations', '0010_planned_questionnaires'),
        ('learning_sessions', '0012_catch_up_pack'),
        ('minutes', '0001_initial'),
        ('networks', '0014_public_directory'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay: only Django's idea of which app the models belong to changes.
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='ParticipationStatement',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('token', models.CharField(editable=False, max_length=64, unique=True)),
                        ('member_name', models.CharField(max_length=150)),
                        ('network_name', models.CharField(max_length=120)),
                        ('organisation_name', models.CharField(blank=True, max_length=200)),
                        ('facilitator_names', models.CharField(blank=True, max_length=500)),
                        ('start_date', models.DateField()),
                        ('end_date', models.DateField()),
                        ('sessions_attended', models.PositiveSmallIntegerField()),
                        ('sessions_held', models.PositiveSmallIntegerField()),
                        ('minutes_attended', models.PositiveIntegerField()),
                        ('issued_at', models.DateTimeField()),
                        ('revoked_at', models.DateTimeField(blank=True, null=True)),
                        ('network', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='statements', to='networks.network')),
                        ('revoked_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'reports_participationstatement',
                        'ordering': ['-issued_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='InsightCard',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('insight', 'insight'), ('agreement', 'agreement')], max_length=10)),
                        ('position', models.PositiveSmallIntegerField(default=0)),
                        ('text', models.TextField(max_length=10000)),
                        ('shared', models.BooleanField(default=False)),
                        ('shared_text', models.TextField(blank=True, max_length=10000)),
                        ('search_vector', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                        ('shared_search_vector', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                        ('goals', models.ManyToManyField(blank=True, related_name='+', to='evaluations.learninggoal')),
                        ('network', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='insight_cards', to='networks.network')),
                        ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='insight_cards', to='learning_sessions.learningsession')),
                        ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='cards', to='minutes.minutesversion')),
                        ('work_forms', models.ManyToManyField(blank=True, related_name='+', to='learning_sessions.workform')),
                    ],
                    options={
                        'db_table': 'reports_insightcard',
                        'ordering': ['session__starts_at', 'session_id', 'kind', 'position'],
                        'constraints': [models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('text'), 10000), name='reports_insightcard_text_length'), models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('shared_text'), 10000), name='reports_insightcard_shared_text_length')],
                    },
                ),
                migrations.CreateModel(
                    name='PortfolioPdf',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('pdf', models.BinaryField(null=True)),
                        ('pdf_state', models.CharField(choices=[('pending', 'Waiting to be rendered'), ('rendering', 'Rendering'), ('ready', 'Ready'), ('failed', 'Failed'), ('deleted', 'Deleted after the retention period')], default='pending', max_length=10)),
                        ('pdf_renders', models.PositiveSmallIntegerField(default=0)),
                        ('pdf_error', models.TextField(blank=True, max_length=1000)),
                        ('pdf_claimed_at', models.DateTimeField(blank=True, null=True)),
                        ('language', models.CharField(max_length=8)),
                        ('fingerprint', models.CharField(max_length=64)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('network', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='networks.network')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'reports_portfoliopdf',
                        'constraints': [models.UniqueConstraint(fields=('user', 'network', 'language', 'fingerprint'), name='reports_portfoliopdf_unique'), models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('pdf_error'), 1000), name='reports_portfoliopdf_pdf_error_length')],
                    },
                ),
                migrations.CreateModel(
                    name='SessionReflection',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.TextField(blank=True, max_length=4000, verbose_name='my reflection')),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='learning_sessions.learningsession')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'reports_sessionreflection',
                        'constraints': [models.UniqueConstraint(fields=('user', 'session'), name='reports_reflection_once'), models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('text'), 4000), name='reports_reflection_text_length')],
                    },
                ),
                migrations.CreateModel(
                    name='StatementPdf',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('pdf', models.BinaryField(null=True)),
                        ('pdf_state', models.CharField(choices=[('pending', 'Waiting to be rendered'), ('rendering', 'Rendering'), ('ready', 'Ready'), ('failed', 'Failed'), ('deleted', 'Deleted after the retention period')], default='pending', max_length=10)),
                        ('pdf_renders', models.PositiveSmallIntegerField(default=0)),
                        ('pdf_error', models.TextField(blank=True, max_length=1000)),
                        ('pdf_claimed_at', models.DateTimeField(blank=True, null=True)),
                        ('language', models.CharField(max_length=8)),
                        ('fingerprint', models.CharField(max_length=64)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('statement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pdfs', to='portfolio.participationstatement')),
                    ],
                    options={
                        'db_table': 'reports_statementpdf',
                        'constraints': [models.UniqueConstraint(fields=('statement', 'language', 'fingerprint'), name='reports_statementpdf_unique'), models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('pdf_error'), 1000), name='reports_statementpdf_pdf_error_length')],
                    },
                ),
            ],
        ),
    ]
