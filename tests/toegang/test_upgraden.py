"""Upgrades without surprises: every migration applies to an empty database, and to the
previous release's schema with data in it, which is still there and works afterwards.

There are no release tags. The previous release is the code of commit 0c13d04 (main at the
start of the session that brought the health checks, backups and this test, 2026-12-06):
VORIGE_RELEASE names the last migration of every app there. Whatever was added since (the
toegang app's own 0001, and every migration after these) is the upgrade. When a release is
made, move VORIGE_RELEASE to its migrations and write its data in `vorige_release_vullen`.

Each test works in a database of its own on the test server (tests/toegang/andere_database.py).
"""

from datetime import date, time, timedelta

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from intake.models import Afspraak, Doorverwijzing, Hulpvraag
from locaties.models import Toegangslocatie
from tests.intake.factories import HulpvraagFactory
from tests.toegang.andere_database import lege_database, op_database
from toegang.berichten.models import Mail, UitgaandeTaak
from toegang.gezondheid import ontbrekende_migraties
from toegang.privacy.models import Verwerking

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# The last migration of every app at commit 0c13d04 (the previous release).
VORIGE_RELEASE = [
    ("accounts", "0006_berichten_eigen_app"),
    ("admin", "0003_logentry_add_action_flag_choices"),
    ("auth", "0012_alter_user_first_name_max_length"),
    ("axes", "0010_accessattemptexpiration"),
    ("berichten", "0001_initial"),
    ("contenttypes", "0002_remove_content_type_name"),
    ("intake", "0008_wachtrijen_indexen"),
    ("locaties", "0003_dienst_met_namen"),
    ("otp_static", "0003_add_timestamps"),
    ("otp_totp", "0003_add_timestamps"),
    ("privacy", "0001_initial"),
    ("rapportage", "0003_maandcijfers"),
    ("sessions", "0001_initial"),
    ("sociale_kaart", "0011_aanbod_naam_id"),
]
TOKEN = "v0rige-Release-Token-" + "x" * 43
JAAR = timezone.localdate().year
REFERENTIE = f"TA-{JAAR}-00001"


def test_every_migration_applies_to_an_empty_database():
    with lege_database() as naam, op_database(naam):
        call_command("migrate", verbosity=0)
        call_command("migrate", check_unapplied=True, verbosity=0)  # exits 1 if one is missing
        assert ontbrekende_migraties() == set()


def vorige_release_vullen(apps) -> dict:
    """What the previous release stored, through its own models (the schema of then)."""
    m = apps.get_model
    nu = timezone.now()
    medewerker = m("accounts", "User").objects.create(
        username="marloes", first_name="Marloes", rol="medewerker", email="marloes@example.org"
    )
    organisatie = m("sociale_kaart", "Organisatie").objects.create(naam="Figulus", slug="figulus")
    m("sociale_kaart", "Aanbod").objects.create(
        naam="Budgetcoaching",
        slug="budgetcoaching",
        korte_beschrijving="Hulp bij geldzaken",
        beschrijving="Samen de post en de rekeningen op orde.",
        organisatie=organisatie,
    )
    locatie = m("locaties", "Toegangslocatie").objects.create(
        naam="Gemeentekantoor Hofstraat",
        slug="hofstraat",
        korte_naam="Hofstraat",
        straat="Hofstraat",
        huisnummer="1",
        postcode="7121 DM",
        plaats="Aalten",
        kern="aalten",
        telefoon="0543-000000",
    )
    m("locaties", "Openingsregel").objects.create(
        locatie=locatie, weekdag=0, dagdeel="ochtend", start=time(9), einde=time(12, 30)
    )
    inwoner = m("intake", "Inwoner").objects.create(naam="Gerda Wolters", telefoon="0612345678")
    # The reference as that release handed it out: the year's counter and the number.
    m("intake", "Referentieteller").objects.create(jaar=JAAR, laatste=1)
    zaak = m("intake", "Hulpvraag").objects.create(
        referentie=REFERENTIE,
        token=TOKEN,
        inwoner=inwoner,
        kanaal="website",
        vraag="De huur is niet betaald.",
        status="in-behandeling",
        vast_aanspreekpunt=medewerker,
    )
    m("intake", "Gebeurtenis").objects.create(hulpvraag=zaak, soort="notitie", tekst="Gebeld.")
    m("intake", "Afspraak").objects.create(
        hulpvraag=zaak,
        wat="Loonstroken meenemen",
        eigenaar_soort="inwoner",
        deadline=date.today() + timedelta(days=3),
    )
    m("intake", "Doorverwijzing").objects.create(
        hulpvraag=zaak,
        organisatie=organisatie,
        samenvatting="Budgetcoaching gevraagd.",
        aangemaakt_door=medewerker,
        contactpersoon=medewerker,
        status="verstuurd",
    )
    m("privacy", "Verwerking").objects.create(
        gebruiker_id=medewerker.pk,
        gebruikersnaam="marloes",
        rol="medewerker",
        actie="inzien",
        verwerkingsactiviteit="toegang",
        hulpvraag=zaak.referentie,
        inwoner_id=inwoner.pk,
    )
    m("berichten", "Mail").objects.create(
        sleutel="bevestiging:1", aan="gerda@example.org", onderwerp="Ontvangen", tekst="…"
    )
    m("berichten", "UitgaandeTaak").objects.create(
        taak="intake.tasks.bevestiging_sturen", argumenten=[zaak.pk], aangemaakt=nu
    )
    return {"zaak": zaak.pk, "medewerker": medewerker.pk}


def test_the_previous_release_with_data_upgrades_and_the_data_works(client):
    with lege_database() as naam, op_database(naam):
        executor = MigrationExecutor(connection)
        executor.migrate(VORIGE_RELEASE)
        toegepast = set(MigrationRecorder(connection).applied_migrations())
        assert set(VORIGE_RELEASE) <= toegepast
        assert ("toegang", "0001_initial") not in toegepast  # newer than the release
        ids = vorige_release_vullen(executor.loader.project_state(VORIGE_RELEASE).apps)

        # The upgrade, as the README says: `manage.py migrate`, then `migrate --check`.
        call_command("migrate", verbosity=0)
        call_command("migrate", check_unapplied=True, verbosity=0)

        zaak = Hulpvraag.objects.get(pk=ids["zaak"])
        assert (zaak.referentie, zaak.inwoner.naam, zaak.status) == (
            REFERENTIE,
            "Gerda Wolters",
            "in-behandeling",
        )
        assert zaak.vast_aanspreekpunt_id == ids["medewerker"]
        assert Afspraak.objects.get().hulpvraag_id == zaak.pk
        assert Doorverwijzing.objects.get().organisatie.naam == "Figulus"
        assert Mail.objects.get().status == Mail.Status.WACHT
        assert UitgaandeTaak.objects.get().gepubliceerd_op is None

        # The resident's link still opens, the location's page shows its opening hours.
        status = client.get(f"/hulpvraag/status/{TOKEN}/")
        assert status.status_code == 200
        assert REFERENTIE in status.content.decode()
        locatie = client.get(Toegangslocatie.objects.get().get_absolute_url())
        assert locatie.status_code == 200
        assert "12:30" in locatie.content.decode()

        # The log is still append-only (the old release's row, then the status page's);
        # new ids follow the old ones.
        assert list(
            Verwerking.objects.order_by("pk").values_list("gebruikersnaam", "hulpvraag")
        ) == [("marloes", REFERENTIE), ("inwoner", REFERENTIE)]
        with (
            pytest.raises(DatabaseError, match="alleen aangevuld"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("UPDATE privacy_verwerking SET toelichting = 'weg'")
        nieuw = HulpvraagFactory()
        assert nieuw.pk > zaak.pk
        assert nieuw.referentie == f"TA-{JAAR}-00002"

        # And the load balancer may send residents here.
        assert client.get("/health/").status_code == 200
