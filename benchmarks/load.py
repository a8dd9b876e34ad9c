"""A hundred people at once on the whole portal for two minutes, under gunicorn.

At both sizes (benchmarks/_maten.py): the size's sociale kaart and ten years of its
questions (benchmarks/_gegevens.py), the demo's two toegangslocaties, and the size's
staff, who hold the open cases; 30 of them log in.

Residents (70 by default) search the sociale kaart, open aanbod, read the front-door
locations and the home page, and send the online question form (GET, then POST with the
CSRF token and the form's own `inzending`). Staff (30 medewerkers, each their own account)
first log in through the real pages, all at once as at nine in the morning — password,
then the six-digit code of their authenticator app, computed here from a known benchmark
secret (RFC 6238); no shortcut — and then open their work queues (/balie/), cases from
them, and the counter's sociale kaart. Each simulated person loops without think time for
the whole run, one fresh connection per request: the most load 100 people can make.

Printed: `requests=` (the mix, after the logins), `errors_5xx=` (must be 0; logins and
floor included), `errors=` (any other unexpected answer), `p95_ms=` over the mix and per
kind, `submitted=`, and `lost=`: questions answered with the redirect to the confirmation
but not in the database afterwards, matched by their `inzending` id (must be 0). The
logins are measured on their own (`login_p95_ms=`): each hashes a password (PBKDF2, as in
production), which is the point of a password hash. In the same run and at the same
concurrency a floor: a bare view rendering a static page on the site's base template
(bench_urls.floor), so `ratio_vs_floor` says what the mix costs on top of serving a page.
`loadavg=` is the machine's load at the start and end of the mix: on a shared machine it
says how much of it the run had.

Production-like: DEBUG off, bench_settings (the real site plus the floor view), gunicorn
gthread, Redis (a throwaway redis-server) as broker and cache, PostgreSQL from
DATABASE_URL (a scratch database). No Celery worker runs: the confirmation tasks queue up
in Redis, as they would with a worker that is behind. The rate limits are off
(HULPVRAAG_LIMIET=0, ZOEK_LIMIET=0, TOKEN_LIMIET=0): every simulated person comes from
127.0.0.1, and the limits per address would answer nearly all of them with the
friendly 429 page.

    python benchmarks/load.py [--seconds 120] [--users 100] [--staff 30]
        (DATABASE_URL must point at PostgreSQL; exits 1 on a 5xx, an error or a lost
        question; BENCH_MAAT as every benchmark)
"""

import argparse
import hashlib
import hmac
import http.client
import os
import random
import re
import statistics
import struct
import sys
import threading
import time
import urllib.parse
from base64 import b32decode
from collections import defaultdict
from pathlib import Path

import psycopg
from _gegevens import maat_vullen
from _maten import Maat, uitvoeren
from _scratch import gunicorn, p95, redis_server, scratch_database, server_env
from intake_load import Formulier, invullen
from search import FILTERS
from search import VRAGEN as ZOEKVRAGEN

ROOT = Path(__file__).resolve().parent.parent
BENCH_GEHEIM = "BENCHMARKTOEGANGAALTENBENCHMARK2"  # base32; benchmark accounts only
WACHTWOORD = "benchmark-wachtwoord-lang-genoeg"
VERSTUURD = re.compile(r"^(https?://[^/]+)?/hulpvraag/verstuurd/[A-Za-z0-9_-]+/$")
CSRF_VELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ZAAK = re.compile(r'href="(/balie/hulpvragen/TA-\d{4}-\d+/)"')


# --- data -------------------------------------------------------------------------------------


def gegevens_maken(rng: random.Random, maat: Maat, personeel: int) -> dict:
    """The demo's two toegangslocaties, the size's sociale kaart and ten years of its
    questions (benchmarks/_gegevens.py) held by its staff, of whom the first `personeel`
    can log in: a password and an authenticator."""
    from django.contrib.auth import get_user_model

    from locaties import demo
    from sociale_kaart.models import Aanbod
    from toegang.accounts.roles import Rol, Team
    from toegang.accounts.tweestaps import demo_authenticator

    locaties = demo.load()
    inloggers = []
    for n in range(personeel):
        user = get_user_model().objects.create_user(
            username=f"bench-inlogger-{n}", password=WACHTWOORD, rol=Rol.MEDEWERKER,
            team=Team.TOEGANG, first_name=f"Medewerker {n}", email=f"mw{n}@example.org",
        )  # fmt: skip
        demo_authenticator(user=user, geheim=BENCH_GEHEIM)
        inloggers.append(user)
    maat_vullen(rng, maat, medewerkers=[user.pk for user in inloggers])
    return {
        "medewerkers": [user.username for user in inloggers],
        "locaties": [locatie.slug for locatie in locaties],
        "aanbod": list(Aanbod.objects.order_by("?").values_list("slug", flat=True)[:300]),
    }


# --- HTTP -------------------------------------------------------------------------------------


class Meting:
    """Every request's kind, status and time, from all threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.tijden: dict[str, list[float]] = defaultdict(list)
        self.fouten_5xx: list[str] = []
        self.fouten: list[str] = []
        self.ingezonden: list[str] = []  # inzending ids answered with the confirmation

    def noteer(self, soort: str, status: int, duur: float, pad: str) -> None:
        with self.lock:
            self.tijden[soort].append(duur)
            if status >= 500:
                self.fouten_5xx.append(f"{status} {pad}")

    def fout(self, tekst: str) -> None:
        with self.lock:
            self.fouten.append(tekst)

    def alle_tijden(self) -> list[float]:
        return [t for tijden in self.tijden.values() for t in tijden]


class Bezoeker:
    """One person's browser: cookies, and one fresh connection per request."""

    def __init__(self, poort: int, meting: Meting):
        self.poort = poort
        self.meting = meting
        self.cookies: dict[str, str] = {}

    def vraag(self, soort, methode, pad, velden=None, verwacht=(200,)):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if velden is not None:
            body = urllib.parse.urlencode(velden)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        verbinding = http.client.HTTPConnection("127.0.0.1", self.poort, timeout=120)
        try:
            start = time.perf_counter()
            verbinding.request(methode, pad, body=body, headers=headers)
            antwoord = verbinding.getresponse()
            inhoud = antwoord.read()
            duur = time.perf_counter() - start
        finally:
            verbinding.close()
        for kop, waarde in antwoord.getheaders():
            if kop.lower() == "set-cookie":
                naam, _, rest = waarde.partition("=")
                self.cookies[naam] = rest.split(";", 1)[0]
        self.meting.noteer(soort, antwoord.status, duur, pad)
        if antwoord.status not in verwacht:
            self.meting.fout(f"{methode} {pad}: {antwoord.status}")
        return antwoord, inhoud.decode(errors="replace")


def totp(geheim: str, moment: float) -> str:
    """What an authenticator app shows at `moment` (RFC 6238: SHA-1, 30 s, 6 digits)."""
    teller = struct.pack(">Q", int(moment) // 30)
    digest = hmac.new(b32decode(geheim), teller, hashlib.sha1).digest()
    begin = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[begin : begin + 4])[0] & 0x7FFFFFFF) % 10**6:06d}"


# --- the people ---------------------------------------------------------------------------


def inwoner(bezoeker: Bezoeker, rng: random.Random, data: dict, eind: float) -> None:
    while time.perf_counter() < eind:
        keuze = rng.random()
        if keuze < 0.35:
            q = {"q": rng.choice(ZOEKVRAGEN), **rng.choice(FILTERS)}
            bezoeker.vraag("zoeken", "GET", f"/sociale-kaart/?{urllib.parse.urlencode(q)}")
        elif keuze < 0.50:
            bezoeker.vraag("aanbod", "GET", f"/sociale-kaart/aanbod/{rng.choice(data['aanbod'])}/")
        elif keuze < 0.70:
            pad = rng.choice(["/", "/locaties/", f"/locaties/{rng.choice(data['locaties'])}/"])
            bezoeker.vraag("locaties", "GET", pad)
        else:
            vraag_stellen(bezoeker, rng)


def vraag_stellen(bezoeker: Bezoeker, rng: random.Random) -> None:
    _, html = bezoeker.vraag("hulpvraag_formulier", "GET", "/hulpvraag/")
    formulier = Formulier()
    formulier.feed(html)
    if "inzending" not in formulier.waarden:
        bezoeker.meting.fout("GET /hulpvraag/: no inzending on the form")
        return
    antwoord, inhoud = bezoeker.vraag(
        "hulpvraag_versturen", "POST", "/hulpvraag/", invullen(rng, formulier), verwacht=(303,)
    )
    if antwoord.status == 303 and VERSTUURD.match(antwoord.getheader("Location", "")):
        with bezoeker.meting.lock:
            bezoeker.meting.ingezonden.append(formulier.waarden["inzending"])
    elif antwoord.status == 303:
        bezoeker.meting.fout(f"POST /hulpvraag/: 303 to {antwoord.getheader('Location')}")


def inloggen(bezoeker: Bezoeker, gebruikersnaam: str) -> bool:
    """The real two pages: password, then the code from the app."""
    _, html = bezoeker.vraag("inloggen", "GET", "/account/inloggen/")
    velden = {"csrfmiddlewaretoken": CSRF_VELD.search(html)[1]}
    velden |= {"username": gebruikersnaam, "password": WACHTWOORD}
    antwoord, _ = bezoeker.vraag("inloggen", "POST", "/account/inloggen/", velden, verwacht=(303,))
    if antwoord.getheader("Location") != "/account/inloggen/code/":
        return False
    _, html = bezoeker.vraag("inloggen", "GET", "/account/inloggen/code/")
    velden = {
        "csrfmiddlewaretoken": CSRF_VELD.search(html)[1],
        "code": totp(BENCH_GEHEIM, time.time()),
    }
    antwoord, _ = bezoeker.vraag(
        "inloggen", "POST", "/account/inloggen/code/", velden, verwacht=(303,)
    )
    return antwoord.status == 303


def medewerker(bezoeker: Bezoeker, rng: random.Random, eind: float) -> None:
    """Logged in already (see main): queues, cases, the counter's sociale kaart."""
    zaken: list[str] = []
    while time.perf_counter() < eind:
        keuze = rng.random()
        if keuze < 0.35 or not zaken:
            _, html = bezoeker.vraag("balie_wachtrijen", "GET", "/balie/")
            zaken = ZAAK.findall(html) or zaken
        elif keuze < 0.85:
            bezoeker.vraag("balie_zaak", "GET", rng.choice(zaken))
        else:
            q = urllib.parse.urlencode({"q": rng.choice(ZOEKVRAGEN)})
            bezoeker.vraag("balie_sociale_kaart", "GET", f"/balie/sociale-kaart/?{q}")


def floor(bezoeker: Bezoeker, rng: random.Random, eind: float) -> None:
    while time.perf_counter() < eind:
        bezoeker.vraag("floor", "GET", "/bench/floor/")


def tegelijk(doelen, seconden: float) -> float:
    """Run every `doel(eind)` in its own thread from one starting signal; returns seconds."""
    start = threading.Barrier(len(doelen) + 1)
    eind: list[float] = []

    def draad(doel):
        start.wait()
        try:
            doel(eind[0])
        except Exception as fout:  # a client-side failure is an error, not a crash
            meting = getattr(doel, "meting", None)
            if meting is not None:
                meting.fout(f"{type(fout).__name__}: {fout}")
            else:
                raise

    threads = [threading.Thread(target=draad, args=(doel,)) for doel in doelen]
    for thread in threads:
        thread.start()
    eind.append(time.perf_counter() + seconden)
    begonnen = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join()
    return time.perf_counter() - begonnen


class Doel:
    def __init__(self, functie, meting, *args):
        self.functie, self.meting, self.args = functie, meting, args

    def __call__(self, eind):
        self.functie(*self.args, eind)


def meten(maat: Maat) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--staff", type=int, default=30, help="of the users, how many are staff")
    parser.add_argument("--floor-seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=max(2, os.cpu_count() or 2))
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    rng = random.Random(9)

    with redis_server() as redis_url, scratch_database("load") as db_url:
        env = server_env(
            db_url, REDIS_URL=redis_url,
            # Everyone here is 127.0.0.1: the limits per address must be off.
            HULPVRAAG_LIMIET="0", ZOEK_LIMIET="0", TOKEN_LIMIET="0",
        )  # fmt: skip
        env.pop("CACHE_URL", None)  # the cache is that Redis too, as by default
        os.environ.update(env)
        os.environ.pop("CACHE_URL", None)
        os.environ["DJANGO_SETTINGS_MODULE"] = "toegang.settings.base"
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.db import connection

        begonnen = time.perf_counter()
        data = gegevens_maken(rng, maat, args.staff)
        connection.close()
        print(f"setup_s={time.perf_counter() - begonnen:.1f}", file=sys.stderr)

        with gunicorn(env, workers=args.workers, threads=args.threads, timeout=120) as origin:
            poort = int(origin.rsplit(":", 1)[1])
            # Warm up: every worker process imports, renders and connects once.
            opwarmen = Meting()
            tegelijk(
                [Doel(inwoner, opwarmen, Bezoeker(poort, opwarmen), random.Random(i), data)
                 for i in range(16)], 5,
            )  # fmt: skip
            vloer = Meting()
            tegelijk(
                [Doel(floor, vloer, Bezoeker(poort, vloer), random.Random(i))
                 for i in range(args.users)], args.floor_seconds,
            )  # fmt: skip
            # The staff log in first, all at once, as at nine in the morning: each login
            # hashes a password (PBKDF2, as in production), so it is measured on its own.
            aanmelding = Meting()
            ingelogd = [Bezoeker(poort, aanmelding) for _ in range(args.staff)]

            def aanmelden(bezoeker, naam, eind):
                if not inloggen(bezoeker, naam):
                    bezoeker.meting.fout(f"login of {naam} failed")

            duur_inloggen = tegelijk(
                [Doel(aanmelden, aanmelding, b, naam)
                 for b, naam in zip(ingelogd, data["medewerkers"], strict=True)], 0,
            )  # fmt: skip
            meting = Meting()
            for bezoeker in ingelogd:
                bezoeker.meting = meting
            doelen = [
                Doel(medewerker, meting, bezoeker, random.Random(100 + i))
                for i, bezoeker in enumerate(ingelogd)
            ]
            doelen += [
                Doel(inwoner, meting, Bezoeker(poort, meting), random.Random(1000 + i), data)
                for i in range(args.users - len(doelen))
            ]
            load_voor = os.getloadavg()
            duur = tegelijk(doelen, args.seconds)
            load_na = os.getloadavg()
        with psycopg.connect(db_url) as conn:
            opgeslagen = {
                str(rij[0])
                for rij in conn.execute(
                    "SELECT inzending FROM intake_hulpvraag WHERE inzending = ANY(%s::uuid[])",
                    [meting.ingezonden],
                )
            }

    metingen = (meting, vloer, aanmelding)
    for tekst in sorted({t for m in metingen for t in m.fouten_5xx + m.fouten})[:10]:
        print(f"error: {tekst}", file=sys.stderr)
    alle = meting.alle_tijden()
    verloren = len(set(meting.ingezonden) - opgeslagen)
    fouten = sum(len(m.fouten) for m in metingen)
    fouten_5xx = sum(len(m.fouten_5xx) for m in metingen)
    print("rate_limits=off (HULPVRAAG_LIMIET=ZOEK_LIMIET=TOKEN_LIMIET=0: everyone is 127.0.0.1)")
    print(f"server=gunicorn gthread workers={args.workers} threads={args.threads}")
    print(f"users={args.users} (residents={args.users - args.staff}, staff={args.staff})")
    print(f"seconds={duur:.0f}")
    print(f"requests={len(alle)}")
    print(f"requests_per_s={len(alle) / duur:.1f}")
    print(f"errors_5xx={fouten_5xx}")
    print(f"errors={fouten}")
    print(f"submitted={len(meting.ingezonden)}")
    print(f"lost={verloren}")
    print(f"p95_ms={p95(alle):.1f}")
    print(f"p50_ms={statistics.median(alle) * 1000:.1f}")
    for soort in sorted(meting.tijden):
        print(f"{soort}_p95_ms={p95(meting.tijden[soort]):.1f} (n={len(meting.tijden[soort])})")
    inlogtijden = aanmelding.alle_tijden()
    print(f"logins={args.staff} in {duur_inloggen:.1f} s ({len(inlogtijden)} requests)")
    print(f"login_p95_ms={p95(inlogtijden):.1f}")
    floor_p95 = p95(vloer.tijden["floor"])
    print(f"floor_requests={len(vloer.tijden['floor'])}")
    print(f"floor_p95_ms={floor_p95:.1f}")
    print(f"ratio_vs_floor={p95(alle) / floor_p95:.2f}")
    print(
        f"loadavg={load_voor[0]:.2f} at start, {load_na[0]:.2f} at end (1 min, {os.cpu_count()} cores)"
    )
    ok = fouten_5xx == 0 and fouten == 0 and verloren == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(uitvoeren(meten))
