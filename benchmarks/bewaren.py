"""Speed of the nightly retention run on ten years of questions, as if it had been off for
a year.

At both sizes (benchmarks/_maten.py): the size's hulpvragen up to NU with their
timelines, commitments and referrals (benchmarks/_gegevens.py), each with a stored e-mail
and an in-app message and each referral with a log line; one in twenty online questions
older than six months was never answered. Cases closed more than three years ago are
anonymised already (by the floor's SQL below, before measuring); the year after that is
due: closed cases past two years without a running referral (about 3,000 for the Aalten,
30,000 for the region), and the unanswered questions are deleted. Prints:

    retention_ms  intake.services.bewaren.bewaartermijnen_toepassen over them, rolled back
                  after each run so every run finds the same work
    floor_ms      the same anonymising done by hand-written SQL: one UPDATE or DELETE per
                  table over all due cases at once, no batches, no deleting (the baseline)
    ratio         retention_ms / floor_ms
    per_second    cases anonymised or deleted per second by the retention run
    queries       SQL statements of one run; queries_per_batch those per batch of 500 cases
                  (constant: no statement per case)

    python benchmarks/bewaren.py      (DATABASE_URL must point at PostgreSQL)

BENCH_HERHALINGEN (default 3) timed runs; BENCH_MAAT as every benchmark.
"""

import os
import random
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _gegevens import maat_vullen  # noqa: E402
from _maten import Maat, uitvoeren  # noqa: E402
from _scratch import django_opzetten, scratch_database  # noqa: E402

HERHALINGEN = int(os.environ.get("BENCH_HERHALINGEN", "3"))
NU = datetime(2027, 3, 11, 4, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


def vul(maat: Maat) -> None:
    from django.db import connection

    maat_vullen(random.Random(11), maat, tot=NU)
    with connection.cursor() as cursor:
        # One in twenty online questions older than six months: nobody ever answered it.
        cursor.execute(
            "DELETE FROM intake_afspraak WHERE hulpvraag_id IN (SELECT id FROM intake_hulpvraag"
            " WHERE kanaal = 'website' AND id %% 20 = 0 AND id %% 3 <> 0 AND NOT veiligheid"
            " AND aangemaakt < %(grens)s)",
            {"grens": NU.replace(year=NU.year - 1)},
        )
        cursor.execute(
            "UPDATE intake_hulpvraag SET status = 'ontvangen', route = '', uitkomst = '',"
            " vast_aanspreekpunt_id = NULL, eerste_contact_op = NULL, afgesloten_op = NULL"
            " WHERE kanaal = 'website' AND id %% 20 = 0 AND id %% 3 <> 0 AND NOT veiligheid"
            " AND aangemaakt < %(grens)s",
            {"grens": NU.replace(year=NU.year - 1)},
        )
        cursor.execute(
            "INSERT INTO intake_doorverwijzinggebeurtenis (doorverwijzing_id, status, tekst, op) "
            "SELECT id, status, 'Hulp gestart.', aangemaakt FROM intake_doorverwijzing"
        )
        cursor.execute(
            "INSERT INTO berichten_mail (sleutel, aan, onderwerp, tekst, status, pogingen, "
            "aangemaakt, bijlage_naam, bijlage_type, bijlage) "
            "SELECT 'hulpvraag:' || id || ':bevestiging', 'i@example.org', "
            "'Ontvangen', 'Tekst', 'verzonden', 1, aangemaakt, '', '', '' FROM intake_hulpvraag"
        )
        cursor.execute(
            "INSERT INTO berichten_bericht (ontvanger_id, onderwerp, tekst, link, aangemaakt) "
            "SELECT vast_aanspreekpunt_id, 'Afspraak', 'Tekst', '/balie/hulpvragen/' || "
            "referentie || '/', aangemaakt FROM intake_hulpvraag "
            "WHERE vast_aanspreekpunt_id IS NOT NULL"
        )


FLOOR = """
WITH due AS (
  SELECT id FROM intake_hulpvraag
  WHERE status = 'afgerond' AND afgesloten_op <= %(grens)s AND geanonimiseerd_op IS NULL
    AND vastgehouden_op IS NULL AND NOT EXISTS (
      SELECT FROM intake_doorverwijzing o WHERE o.hulpvraag_id = intake_hulpvraag.id
        AND o.status IN ('concept', 'verstuurd', 'teruggestuurd', 'geaccepteerd', 'contact-gelegd'))
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


def meten(maat: Maat) -> int:
    with scratch_database("bewaren") as url:
        django_opzetten(url)
        from django.db import connection, transaction
        from django.test.utils import CaptureQueriesContext

        from intake.models import Hulpvraag
        from intake.services import bewaren

        vul(maat)
        gesloten = Hulpvraag.objects.filter(status="afgerond").count()
        with connection.cursor() as cursor:
            # What was due before the last year is done already.
            cursor.execute(FLOOR, {"grens": bewaren.maanden_eerder(NU, 36), "nu": NU})
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
    print(f"closed_cases={gesloten}")
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
    sys.exit(uitvoeren(meten))
