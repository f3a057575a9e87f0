"""An unguessable share link per network (issue 22.4): added empty, filled with a token of its
own for every existing network, then made unique."""

from django.db import migrations, models

import networks.models


def fill_tokens(apps, schema_editor):
    Network = apps.get_model("networks", "Network")
    for network in Network.objects.filter(share_token__isnull=True).only("pk"):
        network.share_token = networks.models.new_share_token()
        network.save(update_fields=["share_token"])


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0014_public_directory"),
    ]

    operations = [
        migrations.AddField(
            model_name="network",
            name="share_token",
            field=models.CharField(max_length=64, null=True, editable=False),
        ),
        migrations.RunPython(fill_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="network",
            name="share_token",
            field=models.CharField(
                default=networks.models.new_share_token,
                editable=False,
                max_length=64,
                unique=True,
            ),
        ),
    ]
