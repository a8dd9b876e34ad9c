"""The mails of Mijn vragen login links written before Mail.geheim existed become secret too:
the ones already sent or given up lose their text now, as new ones do when they are sent."""

from django.db import migrations
from django.db.models import Case, F, TextField, Value, When

# As toegang.berichten.services.GEWIST (a migration keeps its own copy).
GEWIST = "(De tekst is gewist: er stond een eenmalige inloglink in.)"


def verbergen(apps, schema_editor):
    Mail = apps.get_model("berichten", "Mail")  # noqa: N806
    Mail.objects.filter(sleutel__startswith="inloglink:").update(
        geheim=True,
        tekst=Case(
            When(status__in=["verzonden", "mislukt"], then=Value(GEWIST)),
            default=F("tekst"),
            output_field=TextField(),
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0016_afwijsreden"),
        ("berichten", "0003_mail_met_sleutel"),
    ]

    operations = [migrations.RunPython(verbergen, migrations.RunPython.noop)]
