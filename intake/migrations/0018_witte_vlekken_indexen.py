"""Indexes for the witte-vlekken report: referrals declined in a period, and the questions
of one levensdomein."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0017_inloglinkmails_verbergen'),
        ('sociale_kaart', '0019_zoeksignalen'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The reports filter questions on a levensdomein (rapportage.cijfers._filter_sql):
        # this reads the questions of one levensdomein from the index alone. The table is
        # the many-to-many of Hulpvraag.levensdomeinen, which Django makes without it.
        migrations.RunSQL(
            "CREATE INDEX hulpvraag_levensdomein_rapportage"
            " ON intake_hulpvraag_levensdomeinen (levensdomein_id, hulpvraag_id)",
            "DROP INDEX hulpvraag_levensdomein_rapportage",
        ),
        migrations.AddIndex(
            model_name='doorverwijzing',
            index=models.Index(condition=models.Q(('afgewezen_op__isnull', False)), fields=['afgewezen_op'], name='doorverwijzing_afgewezen'),
        ),
    ]
