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
  ten edits, each a different query), to compare with search_p50_ms: no process keeps
  anything that an edit makes stale.

Redis runs as in production (production requires REDIS_URL): a throwaway redis-server
started here when one is installed, for the rate limits, which are off for this run
(every simulated resident shares 127.0.0.1); the `cache=` line says which it was.

    python benchmarks/search.py      (DATABASE_URL must point at PostgreSQL;
                                      BENCH_MAAT=aalten or regio for one size)
"""

import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from _maten import Maat, uitvoeren
from _scratch import free_port, scratch_database, wacht_op

ROOT = Path(__file__).resolve().parent.parent
QUERIES = 200

ONDERWERPEN = [
    "schuldhulpverlening", "mantelzorgondersteuning", "formulierenhulp", "thuisadministratie",
    "ontmoeting", "maatje", "dagbesteding", "jongerenwerk", "opvoedspreekuur", "wijkverpleging",
    "huishoudelijke hulp", "woningaanpassing", "taalcafé", "vrijwilligerswerk", "rouwverwerking",
    "budgetcursus", "voedselpakket", "buurtbemiddeling", "valpreventie", "eetpunt",
    "beweeggroep", "sollicitatietraining", "energiecoach", "kledingbank", "computerles",
]  # fmt: skip
ZINNEN = [
    "Wij helpen u bij {o} in uw eigen buurt.",
    "Een vrijwilliger komt bij u thuis voor {o}.",
    "Samen met anderen werken aan {o}, gratis en zonder wachttijd.",
    "Voor inwoners van Aalten, Bredevoort en Dinxperlo die hulp zoeken bij {o}.",
    "Heeft u vragen over geld, zorg of werk? Kom langs voor {o}.",
]
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


def vul(rng: random.Random, maat: Maat) -> None:
    from datetime import time as tijd

    from locaties.models import Kern
    from sociale_kaart.demo_aanbod import DOELGROEPEN, SYNONIEMEN
    from sociale_kaart.models import (
        Aanbod,
        AanbodOpVestiging,
        Doelgroep,
        Levensdomein,
        Organisatie,
        Synoniem,
        Vestiging,
        VestigingOpeningsregel,
    )  # fmt: skip
    from sociale_kaart.zoeken import zoekindex_bijwerken

    for term, betekent in SYNONIEMEN:
        Synoniem.objects.get_or_create(term=term, defaults={"betekent": betekent})
    doelgroepen = [
        Doelgroep.objects.get_or_create(slug=s, defaults={"naam": n})[0] for s, n in DOELGROEPEN
    ]
    domeinen = list(Levensdomein.objects.all())
    kernen = list(Kern.values)
    organisaties = Organisatie.objects.bulk_create(
        Organisatie(
            naam=f"Stichting {rng.choice(ONDERWERPEN).title()} {n}",
            slug=f"org-{n}",
            telefoon="0543-000000",
        )
        for n in range(maat.organisaties)
    )
    vestigingen = Vestiging.objects.bulk_create(
        Vestiging(organisatie=o, naam=f"Vestiging {o.slug}", straat="Markt", huisnummer="1", postcode="7121 AA",
                  plaats="Aalten", kern=rng.choice(kernen))
        for o in organisaties
    )  # fmt: skip
    aanbod = []
    for n in range(maat.aanbod):
        onderwerp = rng.choice(ONDERWERPEN)
        zin = rng.choice(ZINNEN).format(o=onderwerp)
        aanbod.append(
            Aanbod(
                organisatie=organisaties[n % maat.organisaties], naam=f"{onderwerp.capitalize()} {n}", slug=f"aanbod-{n}",
                korte_beschrijving=zin, beschrijving=" ".join(rng.choice(ZINNEN).format(o=rng.choice(ONDERWERPEN)) for _ in range(4)),
                kosten=rng.choice(["gratis", "gratis", "eigen_bijdrage"]),
            )
        )  # fmt: skip
    aanbod = Aanbod.objects.bulk_create(aanbod, batch_size=2000)
    Aanbod.levensdomeinen.through.objects.bulk_create(
        Aanbod.levensdomeinen.through(aanbod=a, levensdomein=rng.choice(domeinen)) for a in aanbod
    )
    Aanbod.doelgroepen.through.objects.bulk_create(
        Aanbod.doelgroepen.through(aanbod=a, doelgroep=rng.choice(doelgroepen)) for a in aanbod
    )
    koppelingen = AanbodOpVestiging.objects.bulk_create(
        AanbodOpVestiging(aanbod=a, vestiging=vestigingen[i % maat.organisaties])
        for i, a in enumerate(aanbod)
    )
    VestigingOpeningsregel.objects.bulk_create(
        VestigingOpeningsregel(
            aanbod_op_vestiging=k, weekdag=d, dagdeel="ochtend", start=tijd(9), einde=tijd(12)
        )
        for k in koppelingen
        for d in rng.sample(range(5), 2)
    )
    zoekindex_bijwerken()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would on a live server


def p95(latencies: list[float]) -> float:
    return statistics.quantiles(latencies, n=20)[-1] * 1000


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


def start_redis():
    """A throwaway redis-server without persistence, or None when none is installed."""
    if shutil.which("redis-server") is None:
        return None, None
    port = free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc, f"redis://127.0.0.1:{port}/0"
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def main() -> int:
    return uitvoeren(meten)


def meten(maat: Maat) -> int:
    rng = random.Random(7)
    with scratch_database("search") as url:
        os.environ["DATABASE_URL"] = url
        os.environ.setdefault("DEBUG", "1")
        os.environ["DJANGO_SETTINGS_MODULE"] = "toegang.settings.base"
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.db import connection

        started = time.perf_counter()
        vul(rng, maat)
        print(f"setup_s={time.perf_counter() - started:.1f}", file=sys.stderr)
        connection.close()

        redis, redis_url = start_redis()
        port = free_port()
        env = dict(
            os.environ, DJANGO_SETTINGS_MODULE="bench_settings", DEBUG="0", ALLOWED_HOSTS="127.0.0.1",
            SECRET_KEY="benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0",
            # Every simulated resident shares 127.0.0.1: the search rate limit would
            # answer most of them with the friendly 429 page.
            ZOEK_LIMIET="0",
            PYTHONPATH=os.pathsep.join([str(ROOT / "benchmarks"), str(ROOT)]),
        )  # fmt: skip
        if redis_url:
            env["REDIS_URL"] = redis_url
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "toegang.wsgi:application",
             "--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        try:
            origin = f"http://127.0.0.1:{port}"
            wacht_op(origin + "/bench/floor/")
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
            na_wijziging = []
            for n in range(10):
                verander_aanbod(n)
                na_wijziging.append(haal(zoek_urls[n]))
        finally:
            server.terminate()
            server.wait(timeout=30)
            if redis:
                redis.terminate()
                redis.wait(timeout=30)
    for tijd, url in sorted(zip(zoeken, zoek_urls, strict=True), reverse=True)[:8]:
        print(f"slowest: {tijd * 1000:.1f} ms {url.split('/', 3)[-1]}", file=sys.stderr)
    print(f"organisaties={maat.organisaties}")
    print(f"queries={QUERIES}")
    print(f"distinct_queries={len(set(zoek_urls))}")
    print(f"cache={'redis (shared by the workers)' if redis_url else 'locmem (per worker)'}")
    print(f"search_p95_ms={p95(zoeken):.1f}")
    print(f"search_p50_ms={statistics.median(zoeken) * 1000:.1f}")
    print(f"search_after_edit_ms={statistics.median(na_wijziging) * 1000:.1f}")
    print(f"search_after_edit_max_ms={max(na_wijziging) * 1000:.1f}")
    print(f"naive_p95_ms={p95(naive):.1f}")
    print(f"floor_p95_ms={p95(floor):.1f}")
    print(f"floor_p50_ms={statistics.median(floor) * 1000:.1f}")
    print(f"ratio_vs_floor={p95(zoeken) / p95(floor):.2f}")
    print(f"ratio_vs_naive={p95(zoeken) / p95(naive):.2f}")
    print(
        f"ratio_after_edit_vs_search_p50={statistics.median(na_wijziging) / statistics.median(zoeken):.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
