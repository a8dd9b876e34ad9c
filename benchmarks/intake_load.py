"""Fifty residents at once sending the online question form at /hulpvraag/.

At both sizes (benchmarks/_maten.py): the database holds the size's sociale kaart and ten
years of its questions (benchmarks/_gegevens.py), so every new question is numbered and
its resident looked up among those; `stored` counts only the new ones.

Each simulated resident loops for the whole run: GET /hulpvraag/, then POST the form with
the CSRF token (cookie + hidden field) and the form's own `inzending` id, with a varied
Dutch question, name, kern and contact choice. Redirects are not followed; a 303 to
/hulpvraag/verstuurd/<token>/ counts as submitted, anything else as an error. Afterwards
the hulpvragen are counted in the database: every submitted question must be stored
exactly once.

In the same run and at the same concurrency, the same clients GET a floor: a bare view
rendering a static page on the site's base template (bench_urls.floor, shared with
benchmarks/search.py), so the ratio says what the form costs on top of serving a page.

The server is gunicorn (gthread) on 127.0.0.1 with HULPVRAAG_LIMIET=0: every simulated
resident comes from the same loopback address, so the per-address limit of 5 questions
per 10 minutes would otherwise turn all but the first five into the friendly 429 page.

    python benchmarks/intake_load.py [--seconds 60] [--users 50]
        (DATABASE_URL must point at PostgreSQL; exits 1 when stored != submitted or errors)
"""

import argparse
import http.client
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import psycopg
from _gegevens import maat_vullen
from _maten import Maat, uitvoeren
from _scratch import django_opzetten, gunicorn, p95, scratch_database, server_env, wacht_op

ROOT = Path(__file__).resolve().parent.parent
FORM = "/hulpvraag/"
VERSTUURD = re.compile(r"^(https?://[^/]+)?/hulpvraag/verstuurd/[A-Za-z0-9_-]+/$")

VOORNAMEN = [
    "Fatma", "Henk", "Gerrit", "Els", "Sanne", "Jan-Willem", "Mehmet", "Truus", "Ahmad",
    "Ria", "Bram", "Dilan", "Wim", "Joke", "Thijs", "Marieke", "Yusuf", "Anja", "Kees",
    "Zeynep", "Łucja", "Siobhán", "Ayşe", "Björn", "Nguyễn",
]  # fmt: skip
ACHTERNAMEN = [
    "", "", "Wolters", "Klein Gunnewiek", "te Winkel", "Bennink", "Heusinkveld", "Yilmaz",
    "ter Horst", "Navis", "Rouwmaat", "Kok", "van der Linde", "Lammers", "Elferink",
]  # fmt: skip
VRAGEN = [
    "Ik heb schulden en weet niet waar ik moet beginnen.",
    "Mijn moeder wordt vergeetachtig en ik zorg voor haar naast mijn werk. Ik red het niet meer.",
    "Kan iemand mij helpen met het invullen van formulieren van de Belastingdienst?",
    "Sinds mijn man is overleden zie ik bijna niemand meer. Is er ergens een koffieochtend?",
    "Mijn zoon van 15 gaat niet meer naar school. Waar kan ik terecht?",
    "Ik ben mijn baan kwijt en de huur is deze maand niet betaald.",
    "Ik zoek vrijwilligerswerk in Dinxperlo, liefst iets met dieren of buiten.",
    "Mijn huis is niet meer geschikt nu ik slecht ter been ben. Kan de trap aangepast worden?",
    "De energierekening is ineens heel hoog. Is daar hulp voor?",
    "Ik wil graag Nederlands leren en ook andere mensen ontmoeten.",
    "Wij hebben ruzie met de buren over de schutting en het loopt uit de hand.",
    "Mijn dochter heeft autisme en wij zoeken iemand die met ons meedenkt.",
    "Ik heb een WhatsApp-bericht gekregen over een boete, klopt dat wel? 🙁",
    "Hoe kom ik aan een voedselpakket? Het is krap deze maand.",
    "Ik ben 78 en wil graag blijven sporten, maar de sportschool is te duur.",
    "Ik kan niet meer goed koken en boodschappen doen. Is er hulp in de buurt van Bredevoort?",
]
AANVULLINGEN = [
    "", "", "", " Bel mij liever na 10 uur.", " Ik heb geen auto.",
    " Mijn buurvrouw helpt mij met dit formulier.", " Het is best dringend.",
    " Ik spreek ook Turks.", " <b>Alvast bedankt!</b>",
]  # fmt: skip


class Formulier(HTMLParser):
    """The form's hidden values and the choices it offers, read as a browser would."""

    def __init__(self):
        super().__init__()
        self.waarden: dict[str, str] = {}
        self.keuzes: dict[str, list[str]] = {}
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        naam = a.get("name")
        if tag == "input" and naam:
            soort = a.get("type", "text")
            if soort == "hidden":
                self.waarden[naam] = a.get("value") or ""
            elif soort in ("checkbox", "radio") and a.get("value"):
                self.keuzes.setdefault(naam, []).append(a["value"])
        elif tag == "select" and naam:
            self._select = naam
        elif tag == "option" and self._select and a.get("value"):
            self.keuzes.setdefault(self._select, []).append(a["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def telefoonnummer(rng: random.Random) -> str:
    if rng.random() < 0.6:
        nummer = f"06{rng.randrange(10**8):08d}"
        return rng.choice([nummer, f"{nummer[:2]} {nummer[2:]}", f"{nummer[:2]}-{nummer[2:]}"])
    nummer = f"0543{rng.randrange(10**6):06d}"
    return rng.choice([nummer, f"0543 {nummer[4:7]} {nummer[7:]}", f"0543-{nummer[4:]}"])


def invullen(rng: random.Random, formulier: Formulier) -> list[tuple[str, str]]:
    """What one resident types: always valid, so every POST must be stored."""
    keuzes = formulier.keuzes
    voornaam = rng.choice(VOORNAMEN)
    naam = f"{voornaam} {rng.choice(ACHTERNAMEN)}".strip()
    voorkeur = rng.choice(keuzes.get("contactvoorkeur") or ["telefoon"])
    telefoon = telefoonnummer(rng) if voorkeur == "telefoon" or rng.random() < 0.3 else ""
    email = ""
    if voorkeur == "email" or rng.random() < 0.3:
        email = f"{voornaam.lower()}.{rng.randrange(10**6)}@example.org"
        email = (
            email.encode("ascii", "ignore").decode() or f"inwoner{rng.randrange(10**6)}@example.org"
        )
    velden = [
        ("vraag", rng.choice(VRAGEN) + rng.choice(AANVULLINGEN)),
        ("naam", naam),
        ("kern", rng.choice(["", *keuzes.get("kern", [])])),
        ("contactvoorkeur", voorkeur),
        ("telefoon", telefoon),
        ("email", email),
        ("toestemming_inzien", "on"),
        ("website", ""),  # the honeypot stays empty
    ]
    if keuzes.get("contacttijd"):
        velden.append(("contacttijd", rng.choice(keuzes["contacttijd"])))
    for domein in rng.sample(keuzes.get("levensdomeinen", []), k=rng.choice([0, 0, 1, 1, 2])):
        velden.append(("levensdomeinen", domein))
    if rng.random() < 0.3:
        velden.append(("toestemming_delen", "on"))
    for verborgen in ("csrfmiddlewaretoken", "inzending", "aanbod"):
        velden.append((verborgen, formulier.waarden.get(verborgen, "")))
    return velden


class Uitslag:
    def __init__(self):
        self.lock = threading.Lock()
        self.verstuurd = 0
        self.fouten: list[str] = []
        self.post_tijden: list[float] = []
        self.get_tijden: list[float] = []
        self.floor_tijden: list[float] = []

    def fout(self, tekst: str) -> None:
        with self.lock:
            self.fouten.append(tekst)


def verzoek(poort, methode, pad, body=None, headers=None):
    """One request on a fresh connection; returns (status, headers, body, seconds)."""
    verbinding = http.client.HTTPConnection("127.0.0.1", poort, timeout=60)
    try:
        start = time.perf_counter()
        verbinding.request(methode, pad, body=body, headers=headers or {})
        antwoord = verbinding.getresponse()
        inhoud = antwoord.read()
        return antwoord.status, antwoord, inhoud, time.perf_counter() - start
    finally:
        verbinding.close()


def csrf_cookie(antwoord, huidig: str) -> str:
    for kop, waarde in antwoord.getheaders():
        if kop.lower() == "set-cookie" and waarde.startswith("csrftoken="):
            return waarde.split(";", 1)[0].split("=", 1)[1]
    return huidig


def inwoner(poort: int, eind: list[float], nummer: int, uitslag: Uitslag, start):
    """One simulated resident: form after form until the time is up."""
    rng = random.Random(1000 + nummer)
    cookie = ""
    start.wait()
    while time.perf_counter() < eind[0]:
        try:
            headers = {"Cookie": f"csrftoken={cookie}"} if cookie else {}
            status, antwoord, inhoud, duur = verzoek(poort, "GET", FORM, headers=headers)
            if status != 200:
                uitslag.fout(f"GET {FORM}: {status}")
                continue
            cookie = csrf_cookie(antwoord, cookie)
            formulier = Formulier()
            formulier.feed(inhoud.decode())
            if not cookie or "inzending" not in formulier.waarden:
                uitslag.fout("GET: no CSRF cookie or no inzending on the form")
                continue
            body = urllib.parse.urlencode(invullen(rng, formulier))
            status, antwoord, inhoud, post_duur = verzoek(
                poort,
                "POST",
                FORM,
                body=body,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": f"csrftoken={cookie}",
                },
            )
            locatie = antwoord.getheader("Location", "")
            with uitslag.lock:
                uitslag.get_tijden.append(duur)
                uitslag.post_tijden.append(post_duur)
            if status == 303 and VERSTUURD.match(locatie):
                with uitslag.lock:
                    uitslag.verstuurd += 1
            else:
                uitslag.fout(f"POST: {status} {locatie or inhoud[:200]!r}")
        except (OSError, http.client.HTTPException) as fout:
            uitslag.fout(f"{type(fout).__name__}: {fout}")


def floor_bezoeker(poort: int, eind: list[float], nummer: int, uitslag: Uitslag, start):
    """The floor at the same concurrency: a static page on the base template."""
    start.wait()
    while time.perf_counter() < eind[0]:
        try:
            status, _, _, duur = verzoek(poort, "GET", "/bench/floor/")
            if status == 200:
                with uitslag.lock:
                    uitslag.floor_tijden.append(duur)
            else:
                uitslag.fout(f"GET /bench/floor/: {status}")
        except (OSError, http.client.HTTPException) as fout:
            uitslag.fout(f"floor {type(fout).__name__}: {fout}")


def gelijktijdig(doel, gebruikers: int, seconden: float, poort: int, uitslag: Uitslag) -> None:
    """`gebruikers` threads running `doel` from one starting signal for `seconden`."""
    start = threading.Barrier(gebruikers + 1)
    eind: list[float] = []
    threads = [
        threading.Thread(target=doel, args=(poort, eind, i, uitslag, start))
        for i in range(gebruikers)
    ]
    for thread in threads:
        thread.start()
    eind.append(time.perf_counter() + seconden)  # set before the signal, read after it
    start.wait()
    for thread in threads:
        thread.join()


def gegevens_maken(maat: Maat) -> None:
    """The size's sociale kaart and ten years of its questions (benchmarks/_gegevens.py):
    new questions are numbered, and residents matched, among those."""
    from django.db import connection

    maat_vullen(random.Random(3), maat)
    connection.close()


def meten(maat: Maat) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="length of the form run")
    parser.add_argument("--users", type=int, default=50, help="concurrent residents")
    parser.add_argument(
        "--floor-seconds",
        type=float,
        default=None,
        help="length of the floor run (default: a quarter, at least 5)",
    )
    parser.add_argument("--workers", type=int, default=max(2, os.cpu_count() or 2))
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    floor_seconden = args.floor_seconds or max(5.0, args.seconds / 4)

    with scratch_database("intake") as db_url, tempfile.TemporaryDirectory() as data_dir:
        sys.path.insert(0, str(ROOT))
        django_opzetten(db_url)
        gegevens_maken(maat)
        (voor,) = (
            psycopg.connect(db_url).execute("SELECT count(*) FROM intake_hulpvraag").fetchone()
        )
        for map in ("queue", "control"):
            Path(data_dir, "broker", map).mkdir(parents=True)
        env = server_env(
            db_url,
            # All simulated residents share 127.0.0.1: the per-address limit must be off.
            HULPVRAAG_LIMIET="0",
            # Confirmation tasks queue here (no REDIS_URL), not in the developer's .data.
            TOEGANG_DATA_DIR=data_dir,
        )
        env.pop("REDIS_URL", None)
        env.pop("CACHE_URL", None)
        with gunicorn(env, workers=args.workers, threads=args.threads) as origin:
            poort = int(origin.rsplit(":", 1)[1])
            wacht_op(f"{origin}{FORM}")
            opwarmen = Uitslag()
            gelijktijdig(floor_bezoeker, args.users, 2, poort, opwarmen)
            floor = Uitslag()
            gelijktijdig(floor_bezoeker, args.users, floor_seconden, poort, floor)
            uitslag = Uitslag()
            begonnen = time.perf_counter()
            gelijktijdig(inwoner, args.users, args.seconds, poort, uitslag)
            duur = time.perf_counter() - begonnen
        with psycopg.connect(db_url) as conn:
            (na,) = conn.execute("SELECT count(*) FROM intake_hulpvraag").fetchone()
    opgeslagen = na - voor

    fouten = len(uitslag.fouten) + len(floor.fouten)
    for tekst in sorted(set(uitslag.fouten + floor.fouten))[:10]:
        print(f"error: {tekst}", file=sys.stderr)
    post_p95, floor_p95 = p95(uitslag.post_tijden), p95(floor.floor_tijden)
    print("rate_limit=off (HULPVRAAG_LIMIET=0: all simulated residents share 127.0.0.1)")
    print(f"server=gunicorn gthread workers={args.workers} threads={args.threads}")
    print(f"users={args.users}")
    print(f"seconds={args.seconds:g}")
    print(f"submitted={uitslag.verstuurd}")
    print(f"stored={opgeslagen}")
    print(f"errors={fouten}")
    print(f"submitted_per_s={uitslag.verstuurd / duur:.1f}")
    print(f"get_p95_ms={p95(uitslag.get_tijden):.1f}")
    print(f"p95_ms={post_p95:.1f}")
    print(
        f"p50_ms={statistics.median(uitslag.post_tijden) * 1000:.1f}"
        if uitslag.post_tijden
        else "p50_ms=nan"
    )
    print(f"floor_requests={len(floor.floor_tijden)}")
    print(f"floor_p95_ms={floor_p95:.1f}")
    print(f"ratio_vs_floor={post_p95 / floor_p95:.2f}")
    return 0 if opgeslagen == uitslag.verstuurd and fouten == 0 else 1


if __name__ == "__main__":
    sys.exit(uitvoeren(meten))
