"""Search speed of the sociale kaart on 10,000 aanbod over 2,000 organisaties.

Runs 200 realistic mixed queries (plain words, phrases, synonyms, typos, filters) through
the real search page under gunicorn, one at a time, and in the same run the same queries
through a naive icontains search (as Django admin does) and a floor: a bare view rendering
a static page on the site's base template. All three go through the same gunicorn, the
same middleware, the same base template (with its footer query) and the same HTTP client,
interleaved request by request so background load hits them alike.

Each gunicorn worker keeps the search index in memory (sociale_kaart.zoekindex), made on
its first search after a change to what it holds; nothing else is cached between
searches, so every request computes and renders its search. It is measured four ways:

- search_p95_ms: the data version renewed once, then the 200 queries in order, as on a
  day after an edit. ratio_vs_floor is this over floor_p95_ms. search_uncached_p95_ms is
  the same pass, counting only each distinct query's first time (93 of the 200).
- search_repeat_p95_ms: the same 200 queries a second time.
- search_cold_p95_ms: before every request the benchmark renews the data version (a no-op
  UPDATE of a synonym), so each process reads the taxonomy and synonyms again (the index
  stays): the first search after every edit of a synonym.
- search_after_edit_ms: the first search after an edit of an aanbod, which makes the
  worker's index again (median and max of five edits).

Redis runs as in production (production requires REDIS_URL): a throwaway redis-server
started here when one is installed, for the rate limits, which are off for this run
(every simulated resident shares 127.0.0.1); the `cache=` line says which it was.

floor_p95_ms collects every floor request, interleaved with all three passes;
naive_p95_ms is interleaved with the cold pass. For reference only, floor_bare_p95_ms is a
page without the base template (what the floor used to be).

    python benchmarks/search.py      (DATABASE_URL must point at PostgreSQL)
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

from _scratch import free_port, scratch_database, wacht_op

ROOT = Path(__file__).resolve().parent.parent
ORGANISATIES = int(os.environ.get("BENCH_ORGANISATIES", "2000"))
AANBOD = int(os.environ.get("BENCH_AANBOD", "10000"))
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


def vul(rng: random.Random) -> None:
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
        for n in range(ORGANISATIES)
    )
    vestigingen = Vestiging.objects.bulk_create(
        Vestiging(organisatie=o, naam=f"Vestiging {o.slug}", straat="Markt", huisnummer="1", postcode="7121 AA",
                  plaats="Aalten", kern=rng.choice(kernen))
        for o in organisaties
    )  # fmt: skip
    aanbod = []
    for n in range(AANBOD):
        onderwerp = rng.choice(ONDERWERPEN)
        zin = rng.choice(ZINNEN).format(o=onderwerp)
        aanbod.append(
            Aanbod(
                organisatie=organisaties[n % ORGANISATIES], naam=f"{onderwerp.capitalize()} {n}", slug=f"aanbod-{n}",
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
        AanbodOpVestiging(aanbod=a, vestiging=vestigingen[i % ORGANISATIES])
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


def verander_gegevens() -> None:
    """A real (if empty) change to the directory: every cached search page is stale."""
    from django.db.models import F

    from sociale_kaart.models import Synoniem

    Synoniem.objects.filter(pk=Synoniem.objects.order_by("pk").values("pk")[:1]).update(
        betekent=F("betekent")
    )


def verander_aanbod() -> None:
    """A real (if empty) change to an aanbod: every worker's index is stale."""
    from django.db.models import F

    from sociale_kaart.models import Aanbod

    Aanbod.objects.filter(pk=Aanbod.objects.order_by("pk").values("pk")[:1]).update(naam=F("naam"))


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
        vul(rng)
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
            kaal_url = f"{origin}/bench/floor-kaal/"
            # Warm up both workers (imports, templates, connections) on queries outside the mix.
            for woord in ["hulp", "zorg", "geld", "wonen", "gezin"] * 4:
                haal(f"{origin}/sociale-kaart/?q={woord}")
                haal(f"{origin}/bench/naive/?q={woord}")
                haal(floor_url)
                haal(kaal_url)
            floor, kaal, naive, koud, eerste, warm = [], [], [], [], [], []
            for zoek_url, naive_url in zip(zoek_urls, naive_urls, strict=True):
                verander_gegevens()
                koud.append(haal(zoek_url))
                naive.append(haal(naive_url))
                floor.append(haal(floor_url))
                kaal.append(haal(kaal_url))
            verander_gegevens()
            for tijden in (eerste, warm):
                for zoek_url in zoek_urls:
                    tijden.append(haal(zoek_url))
                    floor.append(haal(floor_url))
            gezien: set = set()
            nieuw = []
            for zoek_url, tijd in zip(zoek_urls, eerste, strict=True):
                if zoek_url not in gezien:
                    gezien.add(zoek_url)
                    nieuw.append(tijd)
            na_wijziging = []
            for _ in range(5):
                verander_aanbod()
                na_wijziging.append(haal(zoek_urls[0]))
                haal(zoek_urls[1])  # and the other worker's
        finally:
            server.terminate()
            server.wait(timeout=30)
            if redis:
                redis.terminate()
                redis.wait(timeout=30)
    for tijd, url in sorted(zip(eerste, zoek_urls, strict=True), reverse=True)[:8]:
        print(f"slowest first pass: {tijd * 1000:.1f} ms {url.split('/', 3)[-1]}", file=sys.stderr)
    print(f"aanbod={AANBOD}")
    print(f"organisaties={ORGANISATIES}")
    print(f"queries={QUERIES}")
    print(f"distinct_queries={len(set(zoek_urls))}")
    print(f"cache={'redis (shared by the workers)' if redis_url else 'locmem (per worker)'}")
    print(f"search_p95_ms={p95(eerste):.1f}")
    print(f"search_p50_ms={statistics.median(eerste) * 1000:.1f}")
    print(f"search_uncached_p95_ms={p95(nieuw):.1f}")
    print(f"search_repeat_p95_ms={p95(warm):.1f}")
    print(f"search_cold_p95_ms={p95(koud):.1f}")
    print(f"search_after_edit_ms={statistics.median(na_wijziging) * 1000:.0f}")
    print(f"search_after_edit_max_ms={max(na_wijziging) * 1000:.0f}")
    print(f"naive_p95_ms={p95(naive):.1f}")
    print(f"floor_p95_ms={p95(floor):.1f}")
    print(f"floor_p50_ms={statistics.median(floor) * 1000:.1f}")
    print(f"floor_bare_p95_ms={p95(kaal):.1f}")
    print(f"ratio_vs_floor={p95(eerste) / p95(floor):.2f}")
    print(f"ratio_uncached_vs_floor={p95(nieuw) / p95(floor):.2f}")
    print(f"ratio_repeat_vs_floor={p95(warm) / p95(floor):.2f}")
    print(f"ratio_cold_vs_floor={p95(koud) / p95(floor):.2f}")
    print(f"ratio_vs_naive={p95(eerste) / p95(naive):.2f}")
    print(f"ratio_cold_vs_naive={p95(koud) / p95(naive):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
