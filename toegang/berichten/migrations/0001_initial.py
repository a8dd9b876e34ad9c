import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

# The models come from toegang.accounts, whose migration 0006 renamed their tables: here
# they only enter this app's state. Their content types move along (so permissions and the
# admin's history stay with them), and outbox rows still waiting for the broker get the
# new task names (a task is found by its dotted path, toegang.berichten.services._taak).
MODELLEN = ["bericht", "verzending", "uitgaandetaak", "mail"]
TAKEN = ("toegang.accounts.tasks.", "toegang.berichten.tasks.")


def inhoudstypen(van, naar):
    def verhuizen(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        alle = ContentType.objects.using(schema_editor.connection.alias)
        for model in MODELLEN:
            if not alle.filter(app_label=naar, model=model).exists():
                alle.filter(app_label=van, model=model).update(app_label=naar)

    return verhuizen


def taaknamen(van, naar):
    return (
        "UPDATE berichten_uitgaandetaak SET taak = %s || substr(taak, length(%s) + 1)"
        " WHERE gepubliceerd_op IS NULL AND left(taak, length(%s)) = %s",
        [naar, van, van, van],
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("accounts", "0006_berichten_eigen_app"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Verzending",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("sleutel", models.CharField(max_length=200, unique=True)),
                        ("aangemaakt", models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        "verbose_name": "verzending",
                        "verbose_name_plural": "verzendingen",
                    },
                ),
                migrations.CreateModel(
                    name="Mail",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("sleutel", models.CharField(max_length=200, unique=True)),
                        ("aan", models.EmailField(max_length=254)),
                        ("onderwerp", models.CharField(max_length=200)),
                        ("tekst", models.TextField()),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("wacht", "Wacht"),
                                    ("bezig", "Wordt verstuurd"),
                                    ("verzonden", "Verzonden"),
                                    ("mislukt", "Mislukt"),
                                ],
                                default="wacht",
                                max_length=10,
                            ),
                        ),
                        ("pogingen", models.PositiveSmallIntegerField(default=0)),
                        ("aangemaakt", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "laatste_poging",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="laatste poging"
                            ),
                        ),
                        ("verzonden_op", models.DateTimeField(blank=True, null=True)),
                    ],
                    options={
                        "verbose_name": "e-mail",
                        "verbose_name_plural": "e-mails",
                        "indexes": [
                            models.Index(fields=["status", "aangemaakt"], name="mail_status")
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="UitgaandeTaak",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("taak", models.CharField(max_length=200)),
                        ("argumenten", models.JSONField(default=list)),
                        ("aangemaakt", models.DateTimeField(default=django.utils.timezone.now)),
                        ("gepubliceerd_op", models.DateTimeField(blank=True, null=True)),
                    ],
                    options={
                        "verbose_name": "uitgaande taak",
                        "verbose_name_plural": "uitgaande taken",
                        "indexes": [
                            models.Index(
                                condition=models.Q(("gepubliceerd_op__isnull", True)),
                                fields=["id"],
                                name="uitgaandetaak_wacht",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Bericht",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("onderwerp", models.CharField(max_length=200)),
                        ("tekst", models.TextField()),
                        ("link", models.CharField(blank=True, max_length=300)),
                        ("aangemaakt", models.DateTimeField(auto_now_add=True)),
                        ("gelezen_op", models.DateTimeField(blank=True, null=True)),
                        (
                            "ontvanger",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="berichten",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "bericht",
                        "verbose_name_plural": "berichten",
                        "ordering": ["-aangemaakt"],
                        "indexes": [
                            models.Index(
                                fields=["ontvanger", "gelezen_op"], name="bericht_ongelezen"
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(
            inhoudstypen("accounts", "berichten"), inhoudstypen("berichten", "accounts")
        ),
        migrations.RunSQL([taaknamen(*TAKEN)], [taaknamen(*TAKEN[::-1])]),
    ]
