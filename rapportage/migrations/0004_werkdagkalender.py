"""The working-day calendar becomes one row holding the numbered list (Werkdagkalender)
instead of a row per day (Werkdag): the days already stored move over as they are."""

from datetime import date

import django.contrib.postgres.fields
from django.db import migrations, models


def overzetten(apps, schema_editor):
    """The stored days, when they run without a gap from 1 January 2000; otherwise the
    reports fill the calendar when they first need it (rapportage.services.werkdagen_zeker)."""
    Werkdag = apps.get_model("rapportage", "Werkdag")  # noqa: N806
    Werkdagkalender = apps.get_model("rapportage", "Werkdagkalender")  # noqa: N806
    dagen = list(Werkdag.objects.order_by("datum").values_list("datum", "nummer"))
    if not dagen or dagen[0][0] != date(2000, 1, 1):
        return
    if len(dagen) != (dagen[-1][0] - dagen[0][0]).days + 1:
        return
    Werkdagkalender.objects.create(id=1, tot=dagen[-1][0], nummers=[n for _, n in dagen])


class Migration(migrations.Migration):

    dependencies = [
        ('rapportage', '0003_maandcijfers'),
    ]

    operations = [
        migrations.CreateModel(
            name='Werkdagkalender',
            fields=[
                ('id', models.PositiveSmallIntegerField(default=1, editable=False, primary_key=True, serialize=False)),
                ('tot', models.DateField()),
                ('nummers', django.contrib.postgres.fields.ArrayField(base_field=models.PositiveIntegerField(), size=None)),
            ],
            options={
                'verbose_name': 'werkdagkalender',
                'verbose_name_plural': 'werkdagkalender',
            },
        ),
        migrations.RunPython(overzetten, migrations.RunPython.noop),
        migrations.DeleteModel(
            name='Werkdag',
        ),
        migrations.AddConstraint(
            model_name='werkdagkalender',
            constraint=models.CheckConstraint(condition=models.Q(('id', 1)), name='werkdagkalender_een_rij'),
        ),
    ]
