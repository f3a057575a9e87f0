"""Data for the new outbox columns, in a migration of its own: PostgreSQL cannot alter a table
with pending trigger events in the same transaction."""

import django.utils.timezone
from django.db import migrations


def to_outbox(apps, schema_editor):
    """Rows an old worker was sending get a claim time, so the outbox sweep returns them to the
    queue once they are stale; a speaker already emailed gets a sent row for the session's
    current version (the old column did not say which version was sent)."""
    now = django.utils.timezone.now()
    SessionNotification = apps.get_model("learning_sessions", "SessionNotification")
    SessionNotification.objects.filter(state="sending").update(claimed_at=now)
    Speaker = apps.get_model("learning_sessions", "Speaker")
    SpeakerEmail = apps.get_model("learning_sessions", "SpeakerEmail")
    SpeakerEmail.objects.bulk_create(
        [
            SpeakerEmail(
                speaker=speaker,
                sequence=speaker.session.sequence,
                state="sent",
                attempts=1,
                created_at=speaker.emailed_at,
                next_attempt_at=speaker.emailed_at,
                sent_at=speaker.emailed_at,
            )
            for speaker in Speaker.objects.filter(emailed_at__isnull=False).select_related(
                "session"
            )
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("learning_sessions", "0004_outbox_session_notification_and_speaker_email"),
    ]

    operations = [migrations.RunPython(to_outbox, migrations.RunPython.noop)]
