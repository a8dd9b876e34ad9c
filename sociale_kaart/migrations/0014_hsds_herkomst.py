import phonenumbers
from django.db import migrations, models

import toegang.telefoon

TELEFOONS = ("organisatie", "aanbod", "contactpersoon")


def telefoons_naar_e164(apps, schema_editor):
    """Stored numbers ("0543-123456", "+31 6 12345678") to E.164 ("+31543123456"), the one
    spelling TelefoonField keeps. A number that is not valid stays as it was: the display
    shows it unchanged, and the next edit asks for a valid one. Inlined, not imported from
    toegang.telefoon, so this migration does what it did whatever that module becomes."""
    for model_naam in TELEFOONS:
        model = apps.get_model("sociale_kaart", model_naam)
        for pk, telefoon in model.objects.exclude(telefoon="").values_list("pk", "telefoon"):
            try:
                nummer = phonenumbers.parse(telefoon.strip(), "NL")
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(nummer):
                e164 = phonenumbers.format_number(nummer, phonenumbers.PhoneNumberFormat.E164)
                if e164 != telefoon:
                    model.objects.filter(pk=pk).update(telefoon=e164)


class Migration(migrations.Migration):

    dependencies = [
        ('sociale_kaart', '0013_werkgebied'),
    ]

    operations = [
        migrations.AddField(
            model_name='aanbod',
            name='hsds_origineel',
            field=models.JSONField(blank=True, editable=False, help_text='Het record zoals het bij de laatste import binnenkwam, met alles wat de sociale kaart er niet uit kon overnemen.', null=True, verbose_name='origineel HSDS-record'),
        ),
        migrations.AddField(
            model_name='aanbodopvestiging',
            name='openingstijden_tekst',
            field=models.TextField(blank=True, help_text='Tijden die niet in een weekschema passen (elke eerste maandag van de maand, in week 41 en 42), zoals een ander systeem ze aanleverde.', verbose_name='openingstijden in woorden'),
        ),
        migrations.AddField(
            model_name='vestiging',
            name='huisnummer_toevoeging',
            field=models.CharField(blank=True, help_text="Huisletter of toevoeging: 'a' bij Markt 12a, 'bis' bij Laan 1 bis.", max_length=10, verbose_name='toevoeging'),
        ),
        migrations.AddField(
            model_name='vestiging',
            name='land',
            field=models.CharField(default='NL', help_text='Landcode (ISO 3166), bijvoorbeeld NL of DE.', max_length=2),
        ),
        migrations.AddField(
            model_name='vestiging',
            name='provincie',
            field=models.CharField(blank=True, help_text='Alleen buiten Gelderland nodig, bijvoorbeeld Nordrhein-Westfalen.', max_length=60, verbose_name='provincie of deelstaat'),
        ),
        migrations.AlterField(
            model_name='aanbod',
            name='telefoon',
            field=toegang.telefoon.TelefoonField(blank=True),
        ),
        migrations.AlterField(
            model_name='contactpersoon',
            name='telefoon',
            field=toegang.telefoon.TelefoonField(blank=True),
        ),
        migrations.AlterField(
            model_name='organisatie',
            name='telefoon',
            field=toegang.telefoon.TelefoonField(blank=True),
        ),
        migrations.AlterField(
            model_name='vestiging',
            name='huisnummer',
            field=models.CharField(blank=True, max_length=10),
        ),
        migrations.AlterField(
            model_name='vestiging',
            name='kern',
            field=models.CharField(choices=[('aalten', 'Aalten'), ('bredevoort', 'Bredevoort'), ('dinxperlo', 'Dinxperlo'), ('barlo', 'Barlo'), ('dale', 'Dale'), ('de-haart', 'De Haart'), ('de-heurne', 'De Heurne'), ('ijzerlo', 'IJzerlo'), ('lintelo', 'Lintelo'), ('buiten', 'Buiten de gemeente')], max_length=20),
        ),
        migrations.AlterField(
            model_name='vestiging',
            name='postcode',
            field=models.CharField(blank=True, max_length=10),
        ),
        migrations.AlterField(
            model_name='vestiging',
            name='straat',
            field=models.CharField(help_text='Buiten Nederland: de hele adresregel, zoals ontvangen.', max_length=100),
        ),
        migrations.CreateModel(
            name='Taxonomieterm',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('taxonomie', models.CharField(blank=True, help_text='Naam van de taxonomie; leeg bij een los trefwoord.', max_length=120)),
                ('code', models.CharField(blank=True, max_length=120)),
                ('naam', models.CharField(max_length=200)),
                ('sleutel', models.CharField(editable=False, help_text='De code, of zonder code de naam in kleine letters.', max_length=200)),
                ('aangemaakt', models.DateTimeField(auto_now_add=True)),
                ('doelgroepen', models.ManyToManyField(blank=True, related_name='+', to='sociale_kaart.doelgroep')),
                ('levensdomeinen', models.ManyToManyField(blank=True, related_name='+', to='sociale_kaart.levensdomein')),
            ],
            options={
                'verbose_name': 'term uit een andere taxonomie',
                'verbose_name_plural': 'termen uit andere taxonomieën',
                'ordering': ['taxonomie', 'naam'],
            },
        ),
        migrations.AddField(
            model_name='aanbod',
            name='externe_termen',
            field=models.ManyToManyField(blank=True, help_text='Termen waarmee een ander systeem dit aanbod indeelde (bij een import).', related_name='aanbod', to='sociale_kaart.taxonomieterm', verbose_name='termen uit andere taxonomieën'),
        ),
        migrations.AddConstraint(
            model_name='taxonomieterm',
            constraint=models.UniqueConstraint(fields=('taxonomie', 'sleutel'), name='taxonomieterm_uniek'),
        ),
        # Backwards the numbers stay E.164: valid for the old fields too, only spelt otherwise.
        migrations.RunPython(telefoons_naar_e164, migrations.RunPython.noop, elidable=True),
    ]
