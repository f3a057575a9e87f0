"""A speaker's sent email is a SpeakerEmail row now (0005 kept what emailed_at said)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("learning_sessions", "0005_outbox_rows_from_old_states"),
    ]

    operations = [migrations.RemoveField(model_name="speaker", name="emailed_at")]
