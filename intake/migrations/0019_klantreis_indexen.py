"""Indexes for the klantreis monitor: closed cases with their status, per case its changes
of holder and contacts, and the first "ja" to 'Is de hulp gestart?'."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0018_witte_vlekken_indexen'),
        ('sociale_kaart', '0019_zoeksignalen'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='hulpvraag',
            name='hulpvraag_rapportage_af',
        ),
        migrations.AddIndex(
            model_name='doorverwijzing',
            index=models.Index(condition=models.Q(('inwoner_antwoord', 'ja')), fields=['inwoner_antwoord_op'], include=('hulpvraag',), name='doorverwijzing_hulp_gestart'),
        ),
        migrations.AddIndex(
            model_name='gebeurtenis',
            index=models.Index(condition=models.Q(('soort__in', ['toewijzing', 'contactmoment'])), fields=['hulpvraag'], include=('soort', 'op', 'door'), name='gebeurtenis_klantreis'),
        ),
        migrations.AddIndex(
            model_name='hulpvraag',
            index=models.Index(condition=models.Q(('afgesloten_op__isnull', False)), fields=['afgesloten_op'], include=('aangemaakt', 'route', 'kanaal', 'kern', 'status', 'id'), name='hulpvraag_rapportage_af'),
        ),
    ]
