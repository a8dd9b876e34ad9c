"""Seed the life domains (sociale_kaart/levensdomeinen.py)."""

from django.db import migrations

from sociale_kaart.levensdomeinen import seed


def seed_levensdomeinen(apps, schema_editor):
    seed(apps.get_model("sociale_kaart", "Levensdomein"))


class Migration(migrations.Migration):
    dependencies = [("sociale_kaart", "0001_initial")]
    operations = [migrations.RunPython(seed_levensdomeinen, migrations.RunPython.noop)]
