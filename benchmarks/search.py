"""Search speed of the sociale kaart at both sizes (benchmarks/_maten.py): Aalten's 500
aanbod and the region's 5,000.

Runs 200 realistic mixed queries (plain words, phrases, synonyms, typos, filters) through
the real search page under gunicorn, one at a time, and in the same run the same queries
through a naive icontains search (as Django admin does) and a floor: a bare view rendering
a static page on the site's base template. All three go through the same gunicorn, the
same middleware, the same base template (with its footer query) and the same HTTP client,
interleaved request by request so background load hits them alike. Nothing is cached
between searches: every request asks PostgreSQL and renders its page.

- search_p95_ms: the 200 queries; ratio_vs_floor and ratio_vs_naive compare its p95.
- search_after_edit_ms: a search right after an edit of an aanbod (median and max of
  ten edits, each a different query of the mix), and search_before_edit_ms: the same
  query just before its edit; ratio_after_edit_vs_before compares the two medians: no
  process keeps anything that an edit makes stale.

Redis runs as in production (a throwaway redis-server) for the rate limits, which are off
for this run: every simulated resident shares 127.0.0.1. The data is the size's sociale
kaart from benchmarks/_gegevens.py.

    python benchmarks/search.py      (DATABASE_URL must point at PostgreSQL;
                                      BENCH_MAAT=aalten or regio for one size)
"""

import random
import statistics
import sys
import time
import urllib.parse
import urllib.request

from _gegevens import sociale_kaart_maken
from _maten import Maat, uitvoeren
from _scratch import django_opzetten, gunicorn, p95, redis_server, scratch_database, server_env

QUERIES = 200
VRAGEN = [
    "geldzorgen", "schulden", "mantelzorg", "eenzaam", "hulp bij formulieren", "formulieren",
    "schuldhulp verleening", "mantelzorg ondersteunig", "vrijwiligerswerk", "dagbestedingg",
    "taalcafe", "jongeren", "opvoeden", "huishoudelijke hulp", "thuis", "energie", "werk",
    "kleding", "eten", "computer", "rouw", "buren", "vallen", "bewegen", "budget",
    "wijkverpleging", "maatje", "ontmoeting dinxperlo", "sollicitatie", "ouderen",
]  # fmt: skip
FILTERS = [
    {},
    {},
    {},
    {"kern": "dinxperlo"},
    {"levensdomein": "werk-en-inkomen"},
    {"kosten": "gratis"},
]


def haal(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
        assert response.status == 200, (url, response.status)
    return time.perf_counter() - started


def verander_aanbod(n: int) -> None:
    """An edit of an aanbod as the beheerder makes it: a new name, its search vector and
    the vocabulary renewed."""
    from sociale_kaart.models import Aanbod
    from sociale_kaart.zoeken import zoekindex_bijwerken

    aanbod = Aanbod.objects.order_by("pk")[n]
    aanbod.naam = f"{aanbod.naam.split()[0]} {n} bewerkt"
    aanbod.save()
    zoekindex_bijwerken(aanbod_ids=[aanbod.pk])


def main() -> int:
    return uitvoeren(meten)


def meten(maat: Maat) -> int:
    rng = random.Random(7)
    with redis_server() as redis_url, scratch_database("search") as db_url:
        django_opzetten(db_url)
        from django.db import connection

        started = time.perf_counter()
        sociale_kaart_maken(rng, maat)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would on a live server
        print(f"setup_s={time.perf_counter() - started:.1f}", file=sys.stderr)
        # Every simulated resident shares 127.0.0.1: the search rate limit would answer
        # most of them with the friendly 429 page.
        env = server_env(db_url, REDIS_URL=redis_url, ZOEK_LIMIET="0")
        with gunicorn(env) as origin:
            vragen = [(rng.choice(VRAGEN), rng.choice(FILTERS)) for _ in range(QUERIES)]
            zoek_urls = [
                f"{origin}/sociale-kaart/?{urllib.parse.urlencode({'q': q, **f})}"
                for q, f in vragen
            ]
            naive_urls = [
                f"{origin}/bench/naive/?{urllib.parse.urlencode({'q': q})}" for q, _ in vragen
            ]
            floor_url = f"{origin}/bench/floor/"
            # Warm up both workers (imports, templates, connections) on queries outside the mix.
            for woord in ["hulp", "zorg", "geld", "wonen", "gezin"] * 4:
                haal(f"{origin}/sociale-kaart/?q={woord}")
                haal(f"{origin}/bench/naive/?q={woord}")
                haal(floor_url)
            zoeken, naive, floor = [], [], []
            for zoek_url, naive_url in zip(zoek_urls, naive_urls, strict=True):
                zoeken.append(haal(zoek_url))
                naive.append(haal(naive_url))
                floor.append(haal(floor_url))
            voor_wijziging, na_wijziging = [], []
            for n in range(10):
                voor_wijziging.append(haal(zoek_urls[n]))
                verander_aanbod(n)
                na_wijziging.append(haal(zoek_urls[n]))
        connection.close()
    for tijd, url in sorted(zip(zoeken, zoek_urls, strict=True), reverse=True)[:8]:
        print(f"slowest: {tijd * 1000:.1f} ms {url.split('/', 3)[-1]}", file=sys.stderr)
    print(f"organisaties={maat.organisaties}")
    print(f"queries={QUERIES}")
    print(f"distinct_queries={len(set(zoek_urls))}")
    print(f"search_p95_ms={p95(zoeken):.1f}")
    print(f"search_p50_ms={statistics.median(zoeken) * 1000:.1f}")
    print(f"search_after_edit_ms={statistics.median(na_wijziging) * 1000:.1f}")
    print(f"search_after_edit_max_ms={max(na_wijziging) * 1000:.1f}")
    print(f"search_before_edit_ms={statistics.median(voor_wijziging) * 1000:.1f}")
    print(f"naive_p95_ms={p95(naive):.1f}")
    print(f"floor_p95_ms={p95(floor):.1f}")
    print(f"floor_p50_ms={statistics.median(floor) * 1000:.1f}")
    print(f"ratio_vs_floor={p95(zoeken) / p95(floor):.2f}")
    print(f"ratio_vs_naive={p95(zoeken) / p95(naive):.2f}")
    print(
        "ratio_after_edit_vs_before="
        f"{statistics.median(na_wijziging) / statistics.median(voor_wijziging):.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
