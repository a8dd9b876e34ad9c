"""Speed of the nightly retention run.

Creates 50,000 closed cases (each with its resident, three timeline lines, an afspraak, a
referral with a log line, a stored e-mail and an in-app message) of which 10,000 are past
their retention period, and 2,000 online questions nobody answered of which 1,000 are
older than six months. Then prints:

    retention_ms  intake.services.bewaren.bewaartermijnen_toepassen over them (anonymise 10,000,
                  delete 1,000), rolled back after each run so every run finds the same work
    floor_ms      the same anonymising done by hand-written SQL: one UPDATE or DELETE per
                  table over all due cases at once, no batches, no deleting (the baseline)
    ratio         retention_ms / floor_ms
    per_second    cases anonymised or deleted per second by the retention run
    queries       SQL statements of one run; queries_per_batch those per batch of 500 cases
                  (constant: no statement per case)

    python benchmarks/bewaren.py      (DATABASE_URL must point at PostgreSQL)
"""

import statistics
import sys
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _scratch import django_opzetten, scratch_database  # noqa: E402

GESLOTEN = 50_000
DUE = 10_000
ONBEANTWOORD = 2_000
HERHALINGEN = 5
NU = datetime(2027, 3, 11, 4, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


def vul():
    from django.db import connection

    from intake.models import Doorverwijzing, Hulpvraag, Inwoner, Kanaal
    from sociale_kaart.models import Organisatie
    from toegang.accounts.models import User
    from toegang.accounts.roles import Rol

    medewerker = User.objects.create(username="bench-medewerker", rol=Rol.MEDEWERKER)
    organisatie = Organisatie.objects.create(naam="Partner", slug="partner", is_partner=True)
    totaal = GESLOTEN + ONBEANTWOORD
    inwoners = Inwoner.objects.bulk_create(
        (
            Inwoner(naam=f"Inwoner {n}", telefoon=f"06{n:08d}", email=f"i{n}@example.org")
            for n in range(totaal)
        ),
        batch_size=5000,
    )
    oud, recent = NU - timedelta(days=800), NU - timedelta(days=400)
    zaken = []
    for n, inwoner in enumerate(inwoners):
        gesloten = n < GESLOTEN
        aangemaakt = (oud if n % (GESLOTEN // DUE) == 0 else recent) if gesloten else None
        if not gesloten:
            aangemaakt = NU - timedelta(days=300 if n % 2 else 30)
        zaken.append(
            Hulpvraag(
                referentie=f"TA-2027-{n:06d}",
                token=uuid.uuid4().hex,
                inwoner=inwoner,
                kanaal=Kanaal.TELEFOON if gesloten else Kanaal.WEBSITE,
                kern="aalten",
                vraag="Een vraag met persoonlijke details.",
                status="afgerond" if gesloten else "ontvangen",
                route="voorliggend-veld" if gesloten else "",
                uitkomst="Geholpen." if gesloten else "",
                vast_aanspreekpunt=medewerker if gesloten else None,
                eerste_contact_op=aangemaakt if gesloten else None,
                aangemaakt=aangemaakt,
                afgesloten_op=aangemaakt if gesloten else None,
            )
        )
    zaken = Hulpvraag.objects.bulk_create(zaken, batch_size=5000)
    Doorverwijzing.objects.bulk_create(
        (
            Doorverwijzing(
                hulpvraag=zaak,
                organisatie=organisatie,
                samenvatting="Overdracht met details.",
                al_gedaan="Wat al gedaan is.",
                contactpersoon=medewerker,
                aangemaakt_door=medewerker,
                status="afgerond",
                uitkomst="Hulp gestart.",
                gedeelde_gegevens={"naam": zaak.inwoner.naam},
            )
            for zaak in zaken[:GESLOTEN]
        ),
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO intake_gebeurtenis (hulpvraag_id, soort, tekst, kanaal, status, op) "
            "SELECT id, 'notitie', 'Een notitie met details.', '', '', aangemaakt "
            "FROM intake_hulpvraag CROSS JOIN generate_series(1, 3)"
        )
        cursor.execute(
            "INSERT INTO intake_afspraak (hulpvraag_id, wat, eigenaar_soort, deadline, "
            "aangemaakt) SELECT id, 'Papieren meenemen', 'inwoner', aangemaakt::date, "
            "aangemaakt FROM intake_hulpvraag WHERE status = 'afgerond'"
        )
        cursor.execute(
            "INSERT INTO intake_doorverwijzinggebeurtenis (doorverwijzing_id, status, tekst, op) "
            "SELECT id, 'afgerond', 'Hulp gestart.', aangemaakt FROM intake_doorverwijzing"
        )
        cursor.execute(
            "INSERT INTO berichten_mail (sleutel, aan, onderwerp, tekst, status, pogingen, "
            "aangemaakt) SELECT 'hulpvraag:' || id || ':bevestiging', 'i@example.org', "
            "'Ontvangen', 'Tekst', 'verzonden', 1, aangemaakt FROM intake_hulpvraag"
        )
        cursor.execute(
            "INSERT INTO berichten_bericht (ontvanger_id, onderwerp, tekst, link, aangemaakt) "
            "SELECT %s, 'Afspraak', 'Tekst', '/balie/hulpvragen/' || referentie || '/', "
            "aangemaakt FROM intake_hulpvraag",
            [medewerker.pk],
        )


FLOOR = """
WITH due AS (
  SELECT id FROM intake_hulpvraag
  WHERE status = 'afgerond' AND afgesloten_op <= %(grens)s AND geanonimiseerd_op IS NULL
    AND vastgehouden_op IS NULL
), h AS (
  UPDATE intake_hulpvraag SET vraag = '', uitkomst = 'Verwijderd', contactvoorkeur = '',
    contacttijd = '', geanonimiseerd_op = %(nu)s WHERE id IN (SELECT id FROM due) RETURNING id
), g AS (
  UPDATE intake_gebeurtenis SET tekst = '' WHERE hulpvraag_id IN (SELECT id FROM due)
), a AS (
  UPDATE intake_afspraak SET wat = '' WHERE hulpvraag_id IN (SELECT id FROM due)
), d AS (
  UPDATE intake_doorverwijzing SET samenvatting = '', al_gedaan = '', uitkomst = 'Verwijderd',
    gedeelde_gegevens = '{}' WHERE hulpvraag_id IN (SELECT id FROM due) RETURNING id
), v AS (
  UPDATE intake_doorverwijzinggebeurtenis SET tekst = ''
  WHERE doorverwijzing_id IN (SELECT id FROM d)
), m AS (
  DELETE FROM berichten_mail WHERE sleutel IN (
    SELECT 'hulpvraag:' || id || ':bevestiging' FROM due)
), b AS (
  DELETE FROM berichten_bericht WHERE link IN (
    SELECT '/balie/hulpvragen/' || referentie || '/' FROM intake_hulpvraag
    WHERE id IN (SELECT id FROM due))
)
UPDATE intake_inwoner SET naam = '', telefoon = '', email = '', geanonimiseerd_op = %(nu)s
WHERE id IN (SELECT inwoner_id FROM intake_hulpvraag WHERE id IN (SELECT id FROM h))
"""


def main() -> int:
    with scratch_database("bewaren") as url:
        django_opzetten(url)
        from django.db import connection, transaction
        from django.test.utils import CaptureQueriesContext

        from intake.services import bewaren

        vul()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

        telling = {}

        def run():
            with transaction.atomic():
                telling.update(bewaren.bewaartermijnen_toepassen(nu=NU))
                transaction.set_rollback(True)

        def floor():
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(FLOOR, {"grens": bewaren.maanden_eerder(NU, 24), "nu": NU})
                transaction.set_rollback(True)

        run()
        floor()
        run_ms, floor_ms = [], []
        for _ in range(HERHALINGEN):  # interleaved, so both see the same machine
            start = time.perf_counter()
            run()
            run_ms.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            floor()
            floor_ms.append((time.perf_counter() - start) * 1000)
        run_ms, floor_ms = statistics.median(run_ms), statistics.median(floor_ms)
        with CaptureQueriesContext(connection) as vastgelegd:
            run()
        queries = len(vastgelegd.captured_queries)
        batches = -(-telling["geanonimiseerd"] // bewaren.PER_KEER) + -(
            -telling["verwijderd"] // bewaren.PER_KEER
        )
        connection.close()
    werk = telling["geanonimiseerd"] + telling["verwijderd"]
    print(f"closed_cases={GESLOTEN}")
    print(f"anonymised={telling['geanonimiseerd']}")
    print(f"deleted={telling['verwijderd']}")
    print(f"residents_anonymised={telling['inwoners_geanonimiseerd']}")
    print(f"retention_ms={run_ms:.0f}")
    print(f"floor_ms={floor_ms:.0f}")
    print(f"ratio={run_ms / floor_ms:.2f}")
    print(f"per_second={werk / run_ms * 1000:.0f}")
    print(f"queries={queries}")
    print(f"queries_per_batch={queries / batches:.1f} (batches={batches})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
