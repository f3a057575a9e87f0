"""The default Site (django.contrib.sites, SITE_ID) says "Leernet" and the configured address
instead of "example.com". Emails do not depend on it: accounts.adapter takes the site from
settings.SITE_URL at send time, so `make run PORT=8101` needs no migration."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations


def name_the_site(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    domain = urlsplit(settings.SITE_URL).netloc or "127.0.0.1:8000"
    Site.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain[:100], "name": "Leernet"}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_weekly_digest"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(name_the_site, migrations.RunPython.noop)]
