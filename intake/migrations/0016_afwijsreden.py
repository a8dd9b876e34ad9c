from django.db import migrations, models


def bestaande_afwijzingen(apps, schema_editor):
    """Declines from before the category have only free text: they count as 'anders'."""
    Doorverwijzing = apps.get_model("intake", "Doorverwijzing")
    Doorverwijzing.objects.filter(afgewezen_op__isnull=False, reden_soort="").update(
        reden_soort="anders"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0015_mijn_vragen"),
    ]

    operations = [
        migrations.AddField(
            model_name="doorverwijzing",
            name="reden_soort",
            field=models.CharField(
                blank=True,
                choices=[
                    ("geen-plek", "Geen plek of capaciteit"),
                    ("buiten-doelgroep", "Buiten onze doelgroep"),
                    ("anders", "Een andere reden"),
                ],
                editable=False,
                max_length=20,
                verbose_name="soort reden van afwijzen",
            ),
        ),
        migrations.RunPython(bestaande_afwijzingen, migrations.RunPython.noop, elidable=True),
    ]
