from django.db import migrations

from sessions.catalogue import CATALOGUE


def load(apps, schema_editor):
    WorkForm = apps.get_model("learning_sessions", "WorkForm")
    for entry in CATALOGUE:
        WorkForm.objects.update_or_create(
            network=None, slug=entry["slug"], defaults={k: v for k, v in entry.items() if k != "slug"}
        )


def unload(apps, schema_editor):
    WorkForm = apps.get_model("learning_sessions", "WorkForm")
    WorkForm.objects.filter(network=None, slug__in=[e["slug"] for e in CATALOGUE]).delete()


class Migration(migrations.Migration):
    dependencies = [("learning_sessions", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
