from datetime import date

from django.db import migrations

from locaties import openingstijden


def vullen(apps, schema_editor):
    """The working-day calendar from 2000 through the end of the year after next; a beat task
    keeps it current (rapportage.tasks.werkdagen_bijwerken)."""
    Werkdag = apps.get_model("rapportage", "Werkdag")
    tot = date(date.today().year + 2, 12, 31)
    rijen, nummer = [], 0
    for dag in openingstijden.dagen(date(2000, 1, 1), tot):
        nummer += openingstijden.is_werkdag(dag)
        rijen.append(Werkdag(datum=dag, nummer=nummer))
    Werkdag.objects.bulk_create(rijen, batch_size=5000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("rapportage", "0001_werkdagen_exports")]

    operations = [migrations.RunPython(vullen, migrations.RunPython.noop)]
