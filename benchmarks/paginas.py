"""Every GET page of the security matrix, for a role that uses it, under gunicorn.

The pages are the rows of tests/toegang/test_beveiligingsmatrix.py (`GET`, and every admin
page under /beheer/ by `BEHEER_ROUTES`): a new URL is measured here without editing this
file. Each is opened by the first persona in ROLLEN for whom the matrix expects a 200 (the
resident where anyone may, else the medewerker, the partner, beleid, the beheerder, the
coordinator); a row nobody opens with a 200 (a 404, a POST-only URL, a redirect) is left
out and named on stderr. Ids in the paths are the matrix's world (tests/toegang/wereld.py),
made here on top of the size's data: its sociale kaart, ten years of questions with their
timelines, commitments and referrals, the staffing of the locations (benchmarks/_gegevens.py).

Every list on the world's pages then gets LIJST more rows (locations, exceptions, the
domain's organisations, partner A's aanbod, vestigingen and contact persons, the case's
timeline, commitments and referrals, every work queue of the medewerker, messages,
shifts, absences, partner A's referrals and signals, the resident's cases, the log), and
the pages are measured; then nine times LIJST more, and measured again: `_10x`.

Production-like: DEBUG off, bench_settings, gunicorn (two sync workers: one request at a
time), Redis (a throwaway redis-server) as cache and broker, a Celery worker (so the health
checks measure the ping a live worker answers; /health/ answers 200 without one too, and
/health/status/ answers 503 here, as no beat runs: the one row expected in `not_200`), the
rate limits off (every
request comes from 127.0.0.1). Logged-in personas carry a session made as after a login
with password and code. The server counts the SQL statements of each request itself
(bench_settings with BENCH_SQL_TELLEN=1: benchmarks/bench_sql.py).

Per page, one line: `page=` (the matrix row, spaces as _), `persona=`, `status=`,
`p95_ms=`, `p50_ms=`, `statements=` (the median count of its requests), `sql_ms=` (median time in
SQL), the same with ten times the rows (`p95_10x_ms=`, `statements_10x=`), `grows=1` where
the statement count grew with the lists, and `ratio_vs_floor=` (p95 over the floor's p95
of the same pass). The floor is a bare page on the base template (bench_urls.floor),
requested after every page request, so both see the same machine. Then `pages=`,
`floor_p95_ms=`, `pages_over_5x=`, `pages_growing=`, `not_200=` and the five slowest that
answered 200.

    python benchmarks/paginas.py      (DATABASE_URL must point at PostgreSQL)

BENCH_HERHALINGEN (default 40) requests per page and pass (with 15, the p95 of
`statistics.quantiles` is the slowest request: one stall of the machine flagged a page);
BENCH_MAAT as every benchmark; BENCH_PAGINAS a regular expression: only the pages whose row it finds (while working on a few).
"""

import http.client
import os
import random
import re
import statistics
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from datetime import time as tijd
from pathlib import Path
from time import perf_counter
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _gegevens import maat_vullen, rooster_maken, sessie_maken  # noqa: E402
from _maten import Maat, uitvoeren  # noqa: E402
from _scratch import (  # noqa: E402
    SLEUTEL,
    celery_worker,
    django_opzetten,
    gunicorn,
    p95,
    redis_server,
    scratch_database,
    server_env,
)  # fmt: skip

HERHALINGEN = int(os.environ.get("BENCH_HERHALINGEN", "40"))
LIJST = 5
# Who opens a page: the first of these the matrix lets in with a 200.
ROLLEN = ("anoniem", "medewerker", "partner_a", "beleid", "beheerder", "coordinator", "partner_b")
WORKERS = 2  # gunicorn's sync workers (as _scratch.gunicorn starts it)
OVER_FLOOR = 5  # the issue's bound: every page p95 at most five times the floor


@dataclass
class Adres:
    sleutel: str
    persona: str
    pad: str


@dataclass
class Meting:
    tijden: list[float] = field(default_factory=list)
    statements: list[int] = field(default_factory=list)
    sql_ms: list[float] = field(default_factory=list)
    statussen: set[int] = field(default_factory=set)

    @property
    def aantal(self) -> int:
        return round(statistics.median(self.statements)) if self.statements else -1


# --- the pages ------------------------------------------------------------------------------


def adressen(wereld) -> list[Adres]:
    """Every GET row of the matrix a persona opens with a 200, with a real path."""
    from tests.toegang import test_beveiligingsmatrix as matrix

    def opent(uitkomst) -> bool:
        return uitkomst == 200 or (isinstance(uitkomst, matrix.Pagina) and uitkomst.status == 200)

    uit, overgeslagen = [], []
    for sleutel, (sjabloon, *uitkomsten) in matrix.GET.items():
        per_persona = dict(zip(matrix.PERSONAS, uitkomsten, strict=True))
        persona = next((p for p in ROLLEN if opent(per_persona[p])), None)
        if persona is None:
            overgeslagen.append(sleutel)
        else:
            uit.append(Adres(sleutel, persona, sjabloon.format(w=wereld)))
    for sleutel, route in matrix.BEHEER_ROUTES:
        beheerder = matrix.BEHEER_BEHEERDER.get(sleutel, matrix.BEHEER[-1])
        if route.endswith("<path:object_id>/") and sleutel == route:
            beheerder = None  # redirects to its change page (test_beheer_matrix)
        if opent(beheerder):
            uit.append(Adres(sleutel, "beheerder", matrix.beheer_pad(route, wereld)))
        else:
            overgeslagen.append(sleutel)
    print(f"left out (no persona gets a 200): {', '.join(overgeslagen)}", file=sys.stderr)
    return uit


def sessies(wereld) -> dict[str, str]:
    gebruikers = {
        "medewerker": wereld.medewerker, "coordinator": wereld.coordinator,
        "partner_a": wereld.a.gebruiker, "partner_b": wereld.b.gebruiker,
        "beleid": wereld.beleid, "beheerder": wereld.beheerder,
    }  # fmt: skip
    return {persona: sessie_maken(user) for persona, user in gebruikers.items()}


# --- the data -------------------------------------------------------------------------------


def wereld_maken(maat: Maat, rng: random.Random):
    """The matrix's world on top of the size's sociale kaart, questions and staffing."""
    from django.utils import timezone

    from tests.toegang.wereld import bouw_wereld

    wereld = bouw_wereld()
    _, staf = maat_vullen(
        rng, maat, medewerkers=[wereld.medewerker.pk],
        partners=[wereld.a.organisatie.pk, wereld.b.organisatie.pk],
    )  # fmt: skip
    vandaag = timezone.localdate()
    rooster_maken(staf, vandaag - timedelta(days=365), vandaag + timedelta(days=28))
    return wereld


def lijsten_vullen(w, k: int, ronde: int) -> None:
    """`k` more rows in every list on the world's pages (`ronde` keeps names apart)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from intake.models import (
        Afspraak,
        Doorverwijzing,
        DoorverwijzingGebeurtenis,
        Gebeurtenis,
        Hulpvraag,
        Inwoner,
    )  # fmt: skip
    from locaties.models import Afwezigheid, Dienst, Openingsregel, Toegangslocatie, Uitzondering
    from sociale_kaart.models import (
        Aanbod,
        AanbodOpVestiging,
        Contactpersoon,
        Organisatie,
        Vestiging,
        VestigingOpeningsregel,
    )  # fmt: skip
    from sociale_kaart.zoeken import zoekindex_bijwerken
    from toegang.accounts.roles import Rol, Team
    from toegang.privacy.services import Actie, verwerking_vastleggen

    Bericht = type(w.a.bericht)  # noqa: N806 - the model, wherever messaging lives
    nu, vandaag = timezone.now(), timezone.localdate()
    reeks = [f"{ronde}-{i}" for i in range(k)]
    begin = 0 if ronde == 1 else LIJST  # days and periods of the next round follow on
    mw, a = w.medewerker, w.a

    # Locations: home, /locaties/, the APIs, the rota, the footer of every page.
    for r in reeks:
        locatie = Toegangslocatie.objects.create(
            naam=f"Locatie {r}", slug=f"locatie-{r}", korte_naam=f"Locatie {r}", straat="Markt",
            huisnummer="1", postcode="7121 AA", plaats="Aalten", kern="aalten", telefoon="0543-000000",
        )  # fmt: skip
        Openingsregel.objects.bulk_create(
            Openingsregel(locatie=locatie, weekdag=d, dagdeel="ochtend", start=tijd(9), einde=tijd(12))
            for d in range(5)
        )  # fmt: skip
    # The world's location: closed days (its page, its feed, the API's moments).
    Uitzondering.objects.bulk_create(
        Uitzondering(locatie=w.locatie, datum=vandaag + timedelta(days=2 + 3 * (begin + i)),
                     soort="gesloten", reden="Teamdag")
        for i in range(k)
    )  # fmt: skip
    # Partners in the world's domain (its page; the counter's list of partners).
    partners = Organisatie.objects.bulk_create(
        Organisatie(naam=f"Partner {r}", slug=f"partner-{r}", is_partner=True) for r in reeks
    )
    for organisatie in partners:
        organisatie.levensdomeinen.add(w.domein)
    # Partner A: aanbod (its organisation page, "klopt het nog?", the partner's own sociale
    # kaart, the search), vestigingen of the world's aanbod with hours, contact persons.
    aanbod = Aanbod.objects.bulk_create(
        Aanbod(organisatie=a.organisatie, naam=f"Schuldhulp {r}", slug=f"schuldhulp-{r}",
               korte_beschrijving="Hulp bij schulden.", beschrijving="Wij helpen bij schulden.")
        for r in reeks
    )  # fmt: skip
    for item in aanbod:
        item.levensdomeinen.add(w.domein)
    zoekindex_bijwerken(aanbod_ids=[item.pk for item in aanbod])
    vestigingen = Vestiging.objects.bulk_create(
        Vestiging(organisatie=a.organisatie, naam=f"Vestiging {r}", straat="Markt", huisnummer="2",
                  postcode="7121 AA", plaats="Aalten", kern="aalten")
        for r in reeks
    )  # fmt: skip
    koppelingen = AanbodOpVestiging.objects.bulk_create(
        AanbodOpVestiging(aanbod=a.aanbod, vestiging=v) for v in vestigingen
    )
    VestigingOpeningsregel.objects.bulk_create(
        VestigingOpeningsregel(aanbod_op_vestiging=koppeling, weekdag=2, dagdeel="middag",
                               start=tijd(13), einde=tijd(16))
        for koppeling in koppelingen
    )  # fmt: skip
    # The world's koppeling: rules of past weeks (its opening-hours form lists them all).
    VestigingOpeningsregel.objects.bulk_create(
        VestigingOpeningsregel(
            aanbod_op_vestiging=a.koppeling, weekdag=3, dagdeel="middag", start=tijd(13), einde=tijd(16),
            geldig_van=date(2020, 1, 6) + timedelta(weeks=begin + i),
            geldig_tot=date(2020, 1, 6) + timedelta(weeks=begin + i, days=6),
        )
        for i in range(k)
    )  # fmt: skip
    Contactpersoon.objects.bulk_create(
        Contactpersoon(organisatie=a.organisatie, naam=f"Contact {r}") for r in reeks
    )

    # The world's case: timeline, commitments, referrals (case page, print, status page).
    zaak = w.eigen_zaak
    Gebeurtenis.objects.bulk_create(
        Gebeurtenis(hulpvraag=zaak, soort="notitie", tekst=f"Notitie {r}", door=mw) for r in reeks
    )
    Afspraak.objects.bulk_create(
        Afspraak(hulpvraag=zaak, wat=f"Afspraak {r}", eigenaar_soort="medewerker", eigenaar=mw,
                 deadline=vandaag + timedelta(days=5), aangemaakt_door=mw)
        for r in reeks
    )  # fmt: skip

    def verwijzing(hulpvraag, **velden):
        return Doorverwijzing(
            hulpvraag=hulpvraag, samenvatting="Overdracht.", contactpersoon=mw, aangemaakt_door=mw,
            verstuurd_door=mw, ronde=1, status=velden.pop("status", "verstuurd"),
            verstuurd_op=velden.get("termijn_vanaf", nu), **{"termijn_vanaf": nu} | velden,
        )  # fmt: skip

    Doorverwijzing.objects.bulk_create(verwijzing(zaak, organisatie=p) for p in partners)
    DoorverwijzingGebeurtenis.objects.bulk_create(
        DoorverwijzingGebeurtenis(doorverwijzing=a.verwijzing, tekst=f"Gebeld {r}", door=a.gebruiker)
        for r in reeks
    )  # fmt: skip

    # The medewerker's work queues on /balie/.
    def zaken(aantal: int, **velden) -> list:
        inwoners = Inwoner.objects.bulk_create(
            Inwoner(naam=f"Inwoner {ronde}-{i}", telefoon=f"0655{ronde}{i:05d}")
            for i in range(aantal)
        )
        velden = {
            "kanaal": "telefoon",
            "status": "in-behandeling",
            "vast_aanspreekpunt": mw,
        } | velden
        return [
            Hulpvraag.objects.create(inwoner=i, vraag="Een vraag.", kern="aalten", **velden)
            for i in inwoners
        ]

    mijn = zaken(k)
    zaken(k, kanaal="website", status="ontvangen", vast_aanspreekpunt=None)
    zaken(k, veiligheid=True)
    zaken(k, kanaal="website", aangemaakt=nu - timedelta(days=10))  # no first contact in time
    Afspraak.objects.bulk_create(
        Afspraak(hulpvraag=h, wat="Terugbellen", eigenaar_soort="medewerker", eigenaar=mw,
                 deadline=vandaag - timedelta(days=d), aangemaakt_door=mw)
        for h in mijn
        for d in (0, 3)  # due today, late
    )  # fmt: skip
    ander = zaken(k, vast_aanspreekpunt=w.coordinator, team=Team.MAATWERK_WMO)
    Doorverwijzing.objects.bulk_create(
        [verwijzing(h, collega=mw) for h in ander]  # to me
        + [verwijzing(h, organisatie=a.organisatie, status="teruggestuurd") for h in mijn]  # a question back
        + [verwijzing(h, organisatie=w.b.organisatie, termijn_vanaf=nu - timedelta(days=20)) for h in mijn]  # late
    )  # fmt: skip
    # Partner A's portal: referrals to them, signals they passed on.
    Doorverwijzing.objects.bulk_create(verwijzing(h, organisatie=a.organisatie) for h in zaken(k))
    zaken(k, kanaal="partner", status="ontvangen", vast_aanspreekpunt=None,
          signaal_van=a.organisatie, gemeld_door=a.gebruiker)  # fmt: skip

    # Messages for everyone; shifts, absences and colleagues for the rota and "my shifts".
    for ontvanger in (mw, w.coordinator, a.gebruiker, w.b.gebruiker, w.beleid, w.beheerder):
        Bericht.objects.bulk_create(
            Bericht(ontvanger=ontvanger, onderwerp=f"Bericht {r}", tekst="Lees dit.") for r in reeks
        )
    Dienst.objects.bulk_create(
        Dienst(locatie=w.locatie, datum=vandaag + timedelta(days=40 + begin + i), dagdeel="middag",
               medewerker=mw, ingeroosterd_door=w.coordinator)
        for i in range(k)
    )  # fmt: skip
    Afwezigheid.objects.bulk_create(
        Afwezigheid(medewerker=mw, van=vandaag + timedelta(days=100 + 2 * (begin + i)),
                    tot=vandaag + timedelta(days=100 + 2 * (begin + i)))
        for i in range(k)
    )  # fmt: skip
    collega_s = get_user_model().objects.bulk_create(
        [get_user_model()(username=f"collega-{r}", rol=Rol.MEDEWERKER, team=Team.TOEGANG, password="!")
         for r in reeks]
        + [get_user_model()(username=f"partnermedewerker-{r}", rol=Rol.PARTNER, organisatie=p, password="!")
           for r, p in zip(reeks, partners, strict=True)]
    )  # fmt: skip
    maandag = vandaag - timedelta(days=vandaag.weekday())
    Dienst.objects.bulk_create(
        Dienst(locatie=w.locatie, datum=maandag + timedelta(days=d), dagdeel="ochtend", medewerker=c)
        for c in collega_s
        for d in range(5)
    )  # fmt: skip

    # The resident of the inzageverzoek: more cases, more residents with that phone number,
    # more lines in the log about them.
    for h in zaken(k, vast_aanspreekpunt=None, status="ontvangen"):
        h.inwoner = w.inwoner
        h.save(update_fields=["inwoner"])
        verwerking_vastleggen(
            gebruiker=mw, actie=Actie.INZIEN, hulpvraag=h.referentie, inwoner_id=w.inwoner.pk
        )
    Inwoner.objects.bulk_create(
        Inwoner(naam=f"Naamgenoot {r}", telefoon="06 12345678", telefoon_sleutel="0612345678") for r in reeks
    )  # fmt: skip


# --- measuring ------------------------------------------------------------------------------


def haal(poort: int, pad: str, sessie: str | None) -> tuple[int, float, int, float]:
    """(status, seconds, SQL statements, SQL ms) of one GET on a fresh connection."""
    headers = {"Cookie": f"sessionid={sessie}"} if sessie else {}
    verbinding = http.client.HTTPConnection("127.0.0.1", poort, timeout=300)
    try:
        begin = perf_counter()
        verbinding.request("GET", pad, headers=headers)
        antwoord = verbinding.getresponse()
        antwoord.read()
        duur = perf_counter() - begin
    finally:
        verbinding.close()
    return (
        antwoord.status,
        duur,
        int(antwoord.getheader("X-SQL-Statements", "-1")),
        float(antwoord.getheader("X-SQL-Ms", "nan")),
    )


def meet(poort: int, lijst: list[Adres], sessie: dict[str, str]) -> tuple[dict, list[float]]:
    """Every page HERHALINGEN times, round by round, each followed by the floor."""
    metingen = {adres.sleutel: Meting() for adres in lijst}
    vloer = []
    # Warm up: imports, templates, plans, the reports' fact table, the first ping of a
    # worker (the health checks). Each page twice at once, so both gunicorn workers get it.
    with ThreadPoolExecutor(WORKERS) as pool:
        for _ in range(2):
            for adres in lijst:
                tegelijk = [(poort, adres.pad, sessie.get(adres.persona))] * WORKERS
                list(pool.map(lambda args: haal(*args), tegelijk))
    for _ in range(HERHALINGEN):
        for adres in lijst:
            status, duur, aantal, sql_ms = haal(poort, adres.pad, sessie.get(adres.persona))
            meting = metingen[adres.sleutel]
            meting.tijden.append(duur)
            meting.statements.append(aantal)
            meting.sql_ms.append(sql_ms)
            meting.statussen.add(status)
            vloer.append(haal(poort, "/bench/floor/", None)[1])
    return metingen, vloer


def meten(maat: Maat) -> int:
    rng = random.Random(13)
    os.environ["SECRET_KEY"] = SLEUTEL  # the sessions made here must be valid in the server
    with redis_server() as redis_url, scratch_database("paginas") as db_url:
        os.environ["REDIS_URL"] = redis_url
        django_opzetten(db_url)
        from django.db import connection

        begin = perf_counter()
        wereld = wereld_maken(maat, rng)
        lijsten_vullen(wereld, LIJST, ronde=1)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        sessie = sessies(wereld)  # before the pages: /beheer/ shows the authenticators too
        lijst = [
            a for a in adressen(wereld) if re.search(os.environ.get("BENCH_PAGINAS", ""), a.sleutel)
        ]
        print(f"setup_s={perf_counter() - begin:.1f}", file=sys.stderr)
        env = server_env(
            db_url, REDIS_URL=redis_url, BENCH_SQL_TELLEN="1",
            HULPVRAAG_LIMIET="0", ZOEK_LIMIET="0", TOKEN_LIMIET="0",
        )  # fmt: skip
        env.pop("CACHE_URL", None)  # the cache is that Redis too, as by default
        with (
            celery_worker(env) as worker_klaar,
            gunicorn(env, workers=WORKERS, timeout=300) as origin,
        ):
            poort = urlsplit(origin).port
            een, vloer = meet(poort, lijst, sessie)
            lijsten_vullen(wereld, 9 * LIJST, ronde=2)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            worker_klaar()
            tien, vloer_10x = meet(poort, lijst, sessie)
        connection.close()
    return verslag(lijst, een, tien, vloer, vloer_10x)


def verslag(lijst, een, tien, vloer, vloer_10x) -> int:
    floor_p95 = p95(vloer)
    groeit, te_traag, niet_200 = [], [], []
    for adres in lijst:
        m1, m10 = een[adres.sleutel], tien[adres.sleutel]
        ratio = p95(m1.tijden) / floor_p95
        groei = int(m10.aantal > m1.aantal)
        if groei:
            groeit.append(adres.sleutel)
        statussen = sorted(m1.statussen | m10.statussen)
        if statussen != [200]:
            niet_200.append(f"{adres.sleutel} ({','.join(map(str, statussen))})")
        elif ratio > OVER_FLOOR:
            te_traag.append(adres.sleutel)
        print(
            f"page={adres.sleutel.replace(' ', '_')} persona={adres.persona} "
            f"status={','.join(map(str, statussen))} p95_ms={p95(m1.tijden):.1f} "
            f"p50_ms={statistics.median(m1.tijden) * 1000:.1f} "
            f"statements={m1.aantal} sql_ms={statistics.median(m1.sql_ms):.1f} "
            f"p95_10x_ms={p95(m10.tijden):.1f} statements_10x={m10.aantal} grows={groei} "
            f"ratio_vs_floor={ratio:.2f}"
        )
    print(f"pages={len(lijst)}")
    print(f"requests_per_page={HERHALINGEN}")
    print(f"floor_p95_ms={floor_p95:.1f}")
    print(f"floor_10x_p95_ms={p95(vloer_10x):.1f}")
    print(f"pages_over_{OVER_FLOOR}x={len(te_traag)} {' '.join(te_traag)}".rstrip())
    print(f"pages_growing={len(groeit)} {' '.join(groeit)}".rstrip())
    print(f"not_200={len(niet_200)} {' '.join(niet_200)}".rstrip())
    gewoon = [adres for adres in lijst if een[adres.sleutel].statussen == {200}]
    traagst = sorted(gewoon, key=lambda adres: p95(een[adres.sleutel].tijden), reverse=True)[:5]
    for plaats, adres in enumerate(traagst, 1):
        m = een[adres.sleutel]
        print(
            f"slowest_{plaats}={adres.sleutel.replace(' ', '_')} p95_ms={p95(m.tijden):.1f} "
            f"statements={m.aantal} ratio_vs_floor={p95(m.tijden) / floor_p95:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(uitvoeren(meten))
