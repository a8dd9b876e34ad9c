"""Give every levensdomein its own UUID (HSDS taxonomy_term id), also the seeded ones."""

import uuid

from django.db import migrations, models


def vul_uuid(apps, schema_editor):
    Levensdomein = apps.get_model("sociale_kaart", "Levensdomein")
    for domein in Levensdomein.objects.filter(uuid__isnull=True):
        domein.uuid = uuid.uuid4()
        domein.save(update_fields=["uuid"])


class Migration(migrations.Migration):
    dependencies = [("sociale_kaart", "0003_aanbod_vestigingen_zoeken")]
    operations = [
        migrations.AddField("levensdomein", "uuid", models.UUIDField(null=True, editable=False)),
        migrations.RunPython(vul_uuid, migrations.RunPython.noop),
        migrations.AlterField(
            "levensdomein",
            "uuid",
            models.UUIDField(default=uuid.uuid4, unique=True, editable=False),
        ),
    ]
