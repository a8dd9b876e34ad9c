"""Speed of the search signals (issue 18) at both sizes: Aalten with 200,000 searches in
thirteen months, the region with two million.

The signals are made by SQL (generate_series): a query out of 5,000 (a few frequent, a long
tail), one in eight found nothing, one in twenty answered "nee", a filter on one in four,
spread over thirteen months and stored day by day, as they come in. Prints:

    record_ms         one search recorded (sociale_kaart.zoeksignalen.zoeksignaal_vastleggen:
                      masking, normalising, one INSERT), median of 500; record_floor_ms a
                      bare INSERT of the same row; record_ratio the two
    queue_ms          the synonym queue of the last 8 weeks (wachtrij(), the page's
                      statements: the queue, the remarks, "Bedoelde u" per row), median of
                      5; queue_floor_ms one hand-written GROUP BY over the same signals
                      without the decisions or remarks; queue_ratio the two
    queue_52_ms       the same over 52 weeks
    queue_without_suggestions_ms   the queue without "Bedoelde u" per row
    retention_ms      the nightly removal of one day's signals (zoeksignalen_opschonen),
                      rolled back after each of 3 runs

    python benchmarks/zoeksignalen.py      (DATABASE_URL must point at PostgreSQL;
                                            BENCH_MAAT=aalten or regio for one size)
"""

import random
import statistics
import sys
import time
from datetime import timedelta
from types import SimpleNamespace

from _gegevens import sociale_kaart_maken
from _maten import Maat, uitvoeren
from _scratch import django_opzetten, p95, scratch_database

PER_HULPVRAAG = 20 / 3  # 2,000,000 searches for the region's 300,000 questions
VRAGEN = 5_000
OPNAMES = 500


def signalen_maken(aantal: int) -> None:
    """`aantal` signals over the thirteen months up to today, in one statement."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO sociale_kaart_zoeksignaal
                (dag, zoektekst, kern, kosten, aantal_resultaten, verbeterd, geopend, gevonden,
                 toelichting, levensdomein_id, doelgroep_id)
            SELECT dag,
                   'vraag ' || floor(%s * power(random(), 3))::int,
                   CASE WHEN random() < 0.25 THEN 'dinxperlo' ELSE '' END,
                   '',
                   CASE WHEN random() < 0.125 THEN 0 ELSE 1 + (random() * 30)::int END,
                   false,
                   random() < 0.4,
                   CASE WHEN random() < 0.05 THEN false WHEN random() < 0.1 THEN true END,
                   CASE WHEN random() < 0.01 THEN 'niets over huur' ELSE '' END,
                   NULL, NULL
              FROM (SELECT current_date - (random() * 395)::int AS dag
                      FROM generate_series(1, %s)) AS dagen
             ORDER BY dag  -- stored in the order they come in, as on a live server
            """,
            [VRAGEN, aantal],
        )
        cursor.execute("VACUUM ANALYZE sociale_kaart_zoeksignaal")


QUEUE_FLOOR = """
SELECT zoektekst, count(*), count(*) FILTER (WHERE aantal_resultaten = 0),
       count(*) FILTER (WHERE gevonden = false), max(dag)
  FROM sociale_kaart_zoeksignaal
 WHERE dag >= %s AND (aantal_resultaten <= 2 OR gevonden = false) AND zoektekst <> ''
 GROUP BY zoektekst ORDER BY 2 DESC, 5 DESC, 1 LIMIT 25
"""


def meten(maat: Maat) -> int:
    rng = random.Random(18)
    with scratch_database("zoeksignalen") as db_url:
        django_opzetten(db_url)
        from django.db import connection, transaction
        from django.utils import timezone

        from sociale_kaart.zoeken import Filters
        from sociale_kaart.zoeksignalen import (
            wachtrij,
            zoeksignaal_vastleggen,
            zoeksignalen_opschonen,
        )

        started = time.perf_counter()
        sociale_kaart_maken(rng, maat)
        aantal = int(maat.hulpvragen * PER_HULPVRAAG)
        signalen_maken(aantal)
        print(f"setup_s={time.perf_counter() - started:.1f}", file=sys.stderr)

        opnemen, vloer = [], []
        for n in range(OPNAMES):
            resultaat = SimpleNamespace(
                zoektekst=f"Hulp bij {rng.choice(['geldzorgen', 'huur', 'mantelzorg'])} {n} 0612345678",
                filters=Filters(),
                aantal=rng.randint(0, 20),
                verbeterd=False,
            )
            begin = time.perf_counter()
            zoeksignaal_vastleggen(resultaat=resultaat)
            opnemen.append(time.perf_counter() - begin)
            begin = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO sociale_kaart_zoeksignaal (dag, zoektekst, kern, kosten,"
                    " aantal_resultaten, verbeterd, geopend, toelichting) VALUES"
                    " (current_date, %s, '', '', %s, false, false, '')",
                    [f"hulp bij huur {n} [telefoon]", resultaat.aantal],
                )
            vloer.append(time.perf_counter() - begin)

        def mediaan(functie, keer: int = 5) -> float:
            tijden = []
            for _ in range(keer):
                begin = time.perf_counter()
                functie()
                tijden.append(time.perf_counter() - begin)
            return statistics.median(tijden) * 1000

        van = timezone.localdate() - timedelta(weeks=8)

        def vloer_wachtrij():
            with connection.cursor() as cursor:
                cursor.execute(QUEUE_FLOOR, [van])
                cursor.fetchall()

        queue_ms = mediaan(lambda: wachtrij(weken=8))
        queue_floor_ms = mediaan(vloer_wachtrij)
        queue_52_ms = mediaan(lambda: wachtrij(weken=52))
        from sociale_kaart import zoeksignalen

        met_suggesties = zoeksignalen.suggesties_voor
        zoeksignalen.suggesties_voor = lambda teksten: dict.fromkeys(teksten)
        queue_zonder_ms = mediaan(lambda: wachtrij(weken=8))
        zoeksignalen.suggesties_voor = met_suggesties
        opruimen = []
        for _ in range(3):
            with transaction.atomic():
                begin = time.perf_counter()
                verwijderd = zoeksignalen_opschonen(nu=timezone.now() + timedelta(days=1))
                opruimen.append(time.perf_counter() - begin)
                transaction.set_rollback(True)
        connection.close()
    print(f"signalen={aantal}")
    print(f"record_ms={statistics.median(opnemen) * 1000:.2f}")
    print(f"record_p95_ms={p95(opnemen):.2f}")
    print(f"record_floor_ms={statistics.median(vloer) * 1000:.2f}")
    print(f"record_ratio={statistics.median(opnemen) / statistics.median(vloer):.2f}")
    print(f"queue_ms={queue_ms:.1f}")
    print(f"queue_floor_ms={queue_floor_ms:.1f}")
    print(f"queue_ratio={queue_ms / queue_floor_ms:.2f}")
    print(f"queue_52_ms={queue_52_ms:.1f}")
    print(f"queue_without_suggestions_ms={queue_zonder_ms:.1f}")
    print(f"retention_removed={verwijderd}")
    print(f"retention_ms={statistics.median(opruimen) * 1000:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(uitvoeren(meten))
