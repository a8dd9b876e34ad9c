"""The rapportage dashboard on ten years of a front door, at both sizes (benchmarks/_maten.py).

Makes a throwaway database with the size's sociale kaart and its hulpvragen spread over ten
years (with their levensdomeinen, about one afspraak each, a timeline, referrals for a third
of them, anonymous feedback; benchmarks/_gegevens.py) and the staffing of both
toegangslocaties over those years, then times the full dashboard page under gunicorn
(production settings) for the last whole year: without filters and with the kern filter
Dinxperlo, one request at a time.

The page counts finished months from its fact table (rapportage.Maandcijfer), which beat
keeps filled. Here the table starts empty, as right after installing: the first request
of each variant counts the 24 months it needs (page_first_*_ms, for reference); after two
warm-up rounds every request is timed.

In the same run, interleaved request by request, it times hand-written SQL that computes
the same figures for the same year and filters (the chosen year and the year before; per
kanaal, kern, month, levensdomein and route; working-day lead times with their median and
90th percentile; referrals per receiver with the reasons; commitments; staffing; feedback)
straight from the tables over one psycopg connection: what the page would cost without
its fact table.

    page_p95_ms    p95 of all dashboard requests (both variants)
    sql_floor_ms   p95 of the hand-written SQL for the same figures
    ratio          page_p95_ms / sql_floor_ms (target: at most 1.5; page p95 under 1 s)

The witte-vlekken page (/rapportage/witte-vlekken/, issue 18 part 3) is timed the same way,
interleaved with the dashboard: the same year, without filter and with kern Dinxperlo, on top
of the size's data plus the anonymous search signals (ZOEKSIGNALEN_PER_HULPVRAAG per question:
two million for the region, written by one INSERT ... SELECT generate_series) and a tenth of
the aanbod with a waiting list or full. Its floor is hand-written SQL for the same figures:
declines per month, kern and kind of reason, referrals to a team, questions closed by
maatwerk (each in all and per levensdomein), searches without a result and "nee" answers
per levensdomein and kern, and the aanbod with a waiting list per levensdomein.

    vlekken_page_p95_ms    p95 of all witte-vlekken requests (both variants)
    vlekken_sql_floor_ms   p95 of its hand-written SQL
    vlekken_ratio          vlekken_page_p95_ms / vlekken_sql_floor_ms

The klantreis monitor (/rapportage/klantreis/, issue 18 part 4) is timed the same way in the
same loop: as it opens (the last 12 months against the 12 before) and with its start in
January of the same year (that year against the one before). Its floor is hand-written SQL
for the same months: closed cases with one vast aanspreekpunt (toewijzing lines and
front-door contacts on the timeline), referrals with a summary accepted within their
organisation's term in working days, the first "ja" to "Is de hulp gestart?" per case with
the median working days from the first contact (per month and per period), and the
feedback per touchpoint per month. The data for it come from benchmarks/_gegevens.py.

    klantreis_page_p95_ms    p95 of all klantreis requests (both variants)
    klantreis_sql_floor_ms   p95 of its hand-written SQL
    klantreis_ratio          klantreis_page_p95_ms / klantreis_sql_floor_ms
    klantreis_page_first_ms  the first (cold) request, as it opens

    python benchmarks/dashboard.py      (DATABASE_URL must point at PostgreSQL)

BENCH_HERHALINGEN makes a shorter or longer run; BENCH_MAAT as every benchmark;
BENCH_ZOEKSIGNALEN sets the number of search signals (a quicker trial run).
"""

import io
import os
import random
import statistics
import sys
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

from _gegevens import TZ, maat_vullen, rooster_maken, sessie_maken
from _maten import Maat, uitvoeren
from _scratch import SLEUTEL, django_opzetten, gunicorn, p95, scratch_database, server_env

ROOT = Path(__file__).resolve().parent.parent
HERHALINGEN = int(os.environ.get("BENCH_HERHALINGEN", "20"))
# Searches per question of ten years: 300,000 questions, two million searches.
ZOEKSIGNALEN_PER_HULPVRAAG = 20 / 3
# Seconds a request may take (a loaded machine needs more for the cold first ones).
WACHTEN = int(os.environ.get("BENCH_WACHTEN", "120"))


# The working-day calendar as one array, and the working days between two moments read
# from it (rapportage_werkdagkalender numbers the working days; its first day is 2000-01-01).
KAL = "WITH kal AS MATERIALIZED (SELECT nummers[:] AS nr FROM rapportage_werkdagkalender)"


def wd(a: str, b: str) -> str:
    def nr(x):
        return f"(SELECT nr FROM kal)[(({x} AT TIME ZONE %(tz)s)::date - DATE '2000-01-01') + 1]"

    return f"greatest(0, {nr(b)} - {nr(a)})"


def floor_queries(van: date, tot: date, kern: str | None) -> list[tuple[str, dict]]:
    """Hand-written SQL for the figures of the page: the year and the year before (which is
    also 'the same period a year earlier')."""
    vorige_van, vorige_tot = date(van.year - 1, 1, 1), date(van.year - 1, 12, 31)
    p = {
        "van": f"{van} 00:00 {TZ}", "tot": f"{tot + timedelta(days=1)} 00:00 {TZ}",
        "vvan": f"{vorige_van} 00:00 {TZ}", "vtot": f"{vorige_tot + timedelta(days=1)} 00:00 {TZ}",
        "dvan": van, "dtot": tot, "dvvan": vorige_van, "dvtot": vorige_tot,
        "tz": TZ, "kern": kern, "vandaag": date.today(),
    }  # fmt: skip
    k = " AND h.kern = %(kern)s" if kern else ""
    kal = KAL
    return [
        (f"SELECT h.kanaal, h.kern, date_trunc('month', h.aangemaakt AT TIME ZONE %(tz)s), count(*)"
         f" FROM intake_hulpvraag h WHERE h.aangemaakt >= %(van)s AND h.aangemaakt < %(tot)s{k}"
         " GROUP BY GROUPING SETS ((1), (2), (3), ())", p),
        (f"SELECT count(*) FROM intake_hulpvraag h WHERE h.aangemaakt >= %(vvan)s AND h.aangemaakt < %(vtot)s{k}", p),
        ("SELECT l.levensdomein_id, count(*) FROM intake_hulpvraag h JOIN intake_hulpvraag_levensdomeinen l"
         f" ON l.hulpvraag_id = h.id WHERE h.aangemaakt >= %(van)s AND h.aangemaakt < %(tot)s{k} GROUP BY 1", p),
        (f"SELECT h.route, date_trunc('month', h.afgesloten_op AT TIME ZONE %(tz)s), count(*)"
         f" FROM intake_hulpvraag h WHERE h.afgesloten_op >= %(van)s AND h.afgesloten_op < %(tot)s{k}"
         " GROUP BY GROUPING SETS ((1, 2), (1), ())", p),
        (f"{kal} SELECT h.afgesloten_op >= %(van)s, count(*) FILTER (WHERE h.route IN ('sociale-basis', 'voorliggend-veld')),"
         f" count(*), percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY {wd('h.aangemaakt', 'h.afgesloten_op')})"
         " FROM intake_hulpvraag h WHERE h.afgesloten_op >= %(vvan)s AND h.afgesloten_op < %(tot)s"
         f"{k} GROUP BY 1", p),
        (f"{kal} SELECT h.eerste_contact_op >= %(van)s, count(*),"
         f" percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY {wd('h.aangemaakt', 'h.eerste_contact_op')})"
         " FROM intake_hulpvraag h WHERE h.eerste_contact_op >= %(vvan)s AND h.eerste_contact_op < %(tot)s"
         f"{k} GROUP BY 1", p),
        (f"{kal} SELECT d.organisatie_id, d.team, d.collega_id IS NOT NULL, count(*),"
         " count(d.geaccepteerd_op), count(d.afgewezen_op), count(d.verlopen_op),"
         f" percentile_cont(0.5) WITHIN GROUP (ORDER BY {wd('d.verstuurd_op', 'd.geaccepteerd_op')})"
         f" FROM intake_doorverwijzing d{' JOIN intake_hulpvraag h ON h.id = d.hulpvraag_id' if kern else ''}"
         f" WHERE d.verstuurd_op >= %(van)s AND d.verstuurd_op < %(tot)s{k} GROUP BY GROUPING SETS ((1, 2, 3), ())", p),
        (f"{kal} SELECT count(*), count(d.geaccepteerd_op),"
         f" percentile_cont(0.5) WITHIN GROUP (ORDER BY {wd('d.verstuurd_op', 'd.geaccepteerd_op')})"
         f" FROM intake_doorverwijzing d{' JOIN intake_hulpvraag h ON h.id = d.hulpvraag_id' if kern else ''}"
         f" WHERE d.verstuurd_op >= %(vvan)s AND d.verstuurd_op < %(vtot)s{k}", p),
        ("SELECT CASE WHEN count(DISTINCT d.hulpvraag_id) >= 5 THEN min(btrim(d.reden)) END, count(*) FROM intake_doorverwijzing d"
         f"{' JOIN intake_hulpvraag h ON h.id = d.hulpvraag_id' if kern else ''}"
         " WHERE d.verstuurd_op >= %(van)s AND d.verstuurd_op < %(tot)s AND d.afgewezen_op IS NOT NULL"
         f"{k} GROUP BY lower(btrim(d.reden))", p),
        ("SELECT a.deadline >= %(dvan)s, count(*) FILTER (WHERE a.gedaan_op IS NOT NULL"
         " AND (a.gedaan_op AT TIME ZONE %(tz)s)::date <= a.deadline),"
         " count(*) FILTER (WHERE a.gedaan_op IS NOT NULL OR a.deadline < %(vandaag)s)"
         f" FROM intake_afspraak a{' JOIN intake_hulpvraag h ON h.id = a.hulpvraag_id' if kern else ''}"
         f" WHERE a.deadline >= %(dvvan)s AND a.deadline <= %(dtot)s{k} GROUP BY 1", p),
        ("SELECT count(*) FROM intake_afspraak a JOIN intake_hulpvraag h ON h.id = a.hulpvraag_id"
         f" WHERE a.gedaan_op IS NULL AND a.deadline < %(vandaag)s AND h.status <> 'afgerond'{k}", p),
        # Openings: the weekly rules on working days (the calendar knows the holidays), with
        # the number of people on each.
        ("WITH kal AS (SELECT nummers[:] AS nr FROM rapportage_werkdagkalender),"
         " dag AS (SELECT d::date AS datum, kal.nr[d::date - DATE '2000-01-01' + 1]"
         " - kal.nr[d::date - DATE '2000-01-01'] AS werkdag FROM kal,"
         " generate_series(%(dvvan)s::date, %(dtot)s::date, interval '1 day') d),"
         " moment AS (SELECT l.id AS locatie, l.minimale_bezetting AS minimum, dag.datum, r.dagdeel"
         " FROM dag JOIN locaties_openingsregel r ON r.weekdag = extract(isodow FROM dag.datum) - 1"
         " JOIN locaties_toegangslocatie l ON l.id = r.locatie_id"
         f"{' AND l.kern = %(kern)s' if kern else ''}"
         " WHERE dag.werkdag = 1 AND dag.datum >= %(dvvan)s)"
         " SELECT m.datum >= %(dvan)s, m.locatie, count(*),"
         " count(*) FILTER (WHERE (SELECT count(*) FROM locaties_dienst d WHERE d.locatie_id = m.locatie"
         " AND d.datum = m.datum AND d.dagdeel = m.dagdeel) >= m.minimum)"
         " FROM moment m GROUP BY 1, 2", p),
        ("SELECT f.ingevuld_op >= %(dvan)s, f.kanaal, count(*), sum(f.bereikbaar), sum(f.gehoord), sum(f.geholpen)"
         " FROM intake_feedback f WHERE f.ingevuld_op >= %(dvvan)s AND f.ingevuld_op <= %(dtot)s GROUP BY 1, 2", p),
        ("SELECT id, naam FROM sociale_kaart_levensdomein ORDER BY volgorde, naam", p),
        ("SELECT id, naam FROM sociale_kaart_organisatie WHERE is_partner", p),
    ]  # fmt: skip


def vlekken_queries(van: date, tot: date, kern: str | None) -> list[tuple[str, dict]]:
    """Hand-written SQL for the figures of the witte-vlekken page for one year: in all and
    per levensdomein (a question in two counts in both), per month and kern."""
    p = {
        "van": f"{van} 00:00 {TZ}", "tot": f"{tot + timedelta(days=1)} 00:00 {TZ}",
        "dvan": van, "dtot": tot, "tz": TZ, "kern": kern,
    }  # fmt: skip
    k = " AND h.kern = %(kern)s" if kern else ""
    maand = "date_trunc('month', {} AT TIME ZONE %(tz)s)"
    ld = " JOIN intake_hulpvraag_levensdomeinen l ON l.hulpvraag_id = h.id"
    queries = []
    for domein, kolom in (("", "NULL::bigint"), (ld, "l.levensdomein_id")):
        queries += [
            (
                f"SELECT {kolom}, h.kern, d.reden_soort, {maand.format('d.afgewezen_op')}, count(*)"
                f" FROM intake_doorverwijzing d JOIN intake_hulpvraag h ON h.id = d.hulpvraag_id{domein}"
                f" WHERE d.afgewezen_op >= %(van)s AND d.afgewezen_op < %(tot)s{k} GROUP BY 1, 2, 3, 4",
                p,
            ),
            (
                f"SELECT {kolom}, h.kern, {maand.format('d.verstuurd_op')}, count(*)"
                f" FROM intake_doorverwijzing d JOIN intake_hulpvraag h ON h.id = d.hulpvraag_id{domein}"
                " WHERE d.verstuurd_op >= %(van)s AND d.verstuurd_op < %(tot)s AND d.organisatie_id IS NULL"
                f" AND d.collega_id IS NULL AND d.team <> ''{k} GROUP BY 1, 2, 3",
                p,
            ),
            (
                f"SELECT {kolom}, h.kern, {maand.format('h.afgesloten_op')}, count(*)"
                f" FROM intake_hulpvraag h{domein} WHERE h.afgesloten_op >= %(van)s AND h.afgesloten_op < %(tot)s"
                f" AND h.route = 'maatwerk'{k} GROUP BY 1, 2, 3",
                p,
            ),
        ]
    z = " AND z.kern = %(kern)s" if kern else ""
    queries += [
        ("SELECT z.levensdomein_id, z.kern, date_trunc('month', z.dag), count(*) FILTER (WHERE z.aantal_resultaten = 0),"
         " count(*) FILTER (WHERE z.gevonden = false) FROM sociale_kaart_zoeksignaal z"
         f" WHERE z.dag >= %(dvan)s AND z.dag <= %(dtot)s{z} GROUP BY GROUPING SETS ((1, 2, 3), (2, 3))", p),
        ("SELECT l.levensdomein_id, a.capaciteit, count(*) FROM sociale_kaart_aanbod a"
         " JOIN sociale_kaart_aanbod_levensdomeinen l ON l.aanbod_id = a.id"
         " WHERE a.capaciteit IN ('wachtlijst', 'vol') AND a.status <> 'inactief' GROUP BY 1, 2", p),
        ("SELECT a.capaciteit, count(*) FROM sociale_kaart_aanbod a"
         " WHERE a.capaciteit IN ('wachtlijst', 'vol') AND a.status <> 'inactief' GROUP BY 1", p),
        ("SELECT id, naam FROM sociale_kaart_levensdomein ORDER BY volgorde, naam", p),
        ("SELECT slug, naam FROM sociale_kaart_doelgroep ORDER BY volgorde, naam", p),
    ]  # fmt: skip
    return queries


def klantreis_queries(van: date, start: date, tot: date, herinneren: int) -> list[tuple[str, dict]]:
    """Hand-written SQL for the figures of the klantreis monitor, its months from `van` up to
    and including `tot`, "na" from `start`: per month (and per period for the median) the
    closed cases with one vast aanspreekpunt from the timeline, the referrals with a warm
    overdracht, the first "ja" to "Is de hulp gestart?" per case with the working days from
    the first contact, and the feedback per touchpoint."""
    p = {
        "van": f"{van} 00:00 {TZ}", "tot": f"{tot + timedelta(days=1)} 00:00 {TZ}",
        "start": f"{start} 00:00 {TZ}", "dvan": van, "dtot": tot, "tz": TZ, "herinneren": herinneren,
    }  # fmt: skip
    maand = "date_trunc('month', {} AT TIME ZONE %(tz)s)"
    return [
        # Holders: the toewijzing lines, plus one when a front-door colleague logged a
        # contact before the first of them (or without any).
        (f"SELECT {maand.format('h.afgesloten_op')}, count(*), count(*) FILTER (WHERE t.n"
         " + coalesce(t.contact < coalesce(t.eerste, 'infinity'), false)::int = 1)"
         " FROM intake_hulpvraag h CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE g.soort = 'toewijzing') AS n,"
         " min(g.op) FILTER (WHERE g.soort = 'toewijzing') AS eerste,"
         " min(g.op) FILTER (WHERE g.soort = 'contactmoment' AND u.rol IN ('medewerker', 'coordinator')) AS contact"
         " FROM intake_gebeurtenis g LEFT JOIN accounts_user u ON u.id = g.door_id"
         " WHERE g.hulpvraag_id = h.id AND g.soort IN ('toewijzing', 'contactmoment')) t"
         " WHERE h.status = 'afgerond' AND h.afgesloten_op >= %(van)s AND h.afgesloten_op < %(tot)s GROUP BY 1", p),
        (f"{KAL} SELECT {maand.format('d.verstuurd_op')}, count(*), count(*) FILTER (WHERE d.samenvatting <> ''"
         f" AND d.geaccepteerd_op IS NOT NULL AND {wd('d.verstuurd_op', 'd.geaccepteerd_op')}"
         " <= coalesce(r.herinneren_na, %(herinneren)s))"
         " FROM intake_doorverwijzing d LEFT JOIN intake_reactietermijnen r ON r.organisatie_id = d.organisatie_id"
         " WHERE d.verstuurd_op >= %(van)s AND d.verstuurd_op < %(tot)s GROUP BY 1", p),
        (f"{KAL} SELECT {maand.format('z.gestart')}, z.gestart >= %(start)s, count(*),"
         f" percentile_cont(0.5) WITHIN GROUP (ORDER BY {wd('z.contact', 'z.gestart')})"
         " FROM (SELECT min(d.inwoner_antwoord_op) AS gestart, coalesce(h.eerste_contact_op, h.aangemaakt) AS contact"
         " FROM intake_doorverwijzing d JOIN intake_hulpvraag h ON h.id = d.hulpvraag_id"
         " WHERE d.inwoner_antwoord = 'ja' AND d.inwoner_antwoord_op >= %(van)s AND d.inwoner_antwoord_op < %(tot)s"
         " GROUP BY d.hulpvraag_id, h.eerste_contact_op, h.aangemaakt) z GROUP BY GROUPING SETS ((1), (2))", p),
        ("SELECT date_trunc('month', f.ingevuld_op), f.kanaal, count(*), sum(f.bereikbaar), sum(f.gehoord),"
         " sum(f.geholpen) FROM intake_feedback f WHERE f.ingevuld_op >= %(dvan)s AND f.ingevuld_op <= %(dtot)s"
         " GROUP BY GROUPING SETS ((1, 2), (1))", p),
    ]  # fmt: skip


def zoeksignalen_maken(cursor, aantal: int, van: date, tot: date) -> None:
    """`aantal` anonymous searches spread over the days from `van` to `tot`: half filtered on
    a levensdomein, a third on a kern, a fifth on a doelgroep; a fifth without a result, a
    tenth answered "nee". One statement."""
    levensdomeinen = _ids(cursor, "sociale_kaart_levensdomein")
    doelgroepen = _ids(cursor, "sociale_kaart_doelgroep")
    cursor.execute(
        """
        INSERT INTO sociale_kaart_zoeksignaal (dag, zoektekst, levensdomein_id, kern, doelgroep_id,
          kosten, aantal_resultaten, verbeterd, geopend, gevonden, toelichting)
        SELECT %(van)s::date + ((g::bigint * 7919) %% (%(tot)s::date - %(van)s::date + 1))::int,
          (ARRAY['rolstoelbus', 'schulden', 'eenzaam', 'mantelzorg', 'huiswerkhulp'])[1 + g %% 5],
          CASE WHEN g %% 2 = 0 THEN (%(ld)s::bigint[])[1 + (g / 2) %% %(kld)s] END,
          CASE WHEN g %% 3 = 0 THEN (ARRAY['aalten', 'dinxperlo', 'bredevoort', 'barlo'])[1 + (g / 3) %% 4]
               ELSE '' END,
          CASE WHEN g %% 5 = 0 THEN (%(dg)s::bigint[])[1 + (g / 5) %% %(kdg)s] END,
          '', CASE WHEN g %% 5 = 1 THEN 0 ELSE 1 + g %% 30 END, false, g %% 4 = 0,
          CASE WHEN g %% 10 = 3 THEN false WHEN g %% 10 = 4 THEN true END, ''
        FROM generate_series(1, %(n)s) g
        """,
        {
            "van": van,
            "tot": tot,
            "n": aantal,
            "ld": levensdomeinen,
            "kld": len(levensdomeinen),
            "dg": doelgroepen,
            "kdg": len(doelgroepen),
        },  # fmt: skip
    )
    # A tenth of the aanbod has a waiting list or is full, as its partner stated.
    cursor.execute(
        "UPDATE sociale_kaart_aanbod SET capaciteit = CASE WHEN h % 2 = 0 THEN 'wachtlijst'"
        " ELSE 'vol' END, wachtlijst_weken = CASE WHEN h % 2 = 0 THEN 6 END,"
        " capaciteit_doorgegeven_op = now()"
        " FROM (SELECT id, abs(hashtext(id::text)) AS h FROM sociale_kaart_aanbod) x"
        " WHERE x.id = sociale_kaart_aanbod.id AND x.h % 10 = 0"
    )


def _ids(cursor, tabel: str) -> list[int]:
    cursor.execute(f"SELECT id FROM {tabel} ORDER BY id")
    return [rij[0] for rij in cursor.fetchall()]


def haal(url: str, cookie: str, kenmerk: bytes = b"Routeverdeling") -> float:
    verzoek = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})
    begin = time.perf_counter()
    with urllib.request.urlopen(verzoek, timeout=WACHTEN) as antwoord:
        inhoud = antwoord.read()
        assert antwoord.status == 200, (url, antwoord.status)
    duur = time.perf_counter() - begin
    assert kenmerk in inhoud, f"not the page: {url}"
    return duur


def vloer(conn, queries) -> float:
    begin = time.perf_counter()
    with conn.cursor() as cursor:
        for sql, params in queries:
            cursor.execute(sql, params)
            cursor.fetchall()
    return time.perf_counter() - begin


def meten(maat: Maat) -> int:
    import psycopg

    os.environ["SECRET_KEY"] = SLEUTEL  # the session made here must be valid in the server
    with scratch_database("dashboard") as url:
        sys.path.insert(0, str(ROOT))
        django_opzetten(url)
        from django.contrib.auth import get_user_model
        from django.db import connection

        from intake.models import Reactietermijnen
        from locaties import demo
        from rapportage.perioden import maanden_later
        from rapportage.services import werkdagen_bijwerken
        from toegang.accounts.roles import Rol

        begin = time.perf_counter()
        demo.load()
        werkdagen_bijwerken()
        vandaag = date.today()
        rooster_maken(
            maat_vullen(random.Random(7), maat)[1],
            vandaag - timedelta(days=round(365.25 * maat.jaren)),
            vandaag,
        )
        zoeken = int(
            os.environ.get("BENCH_ZOEKSIGNALEN")
            or round(maat.hulpvragen * ZOEKSIGNALEN_PER_HULPVRAAG)
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE locaties_dienst")
            tijd = time.perf_counter()
            zoeksignalen_maken(
                cursor, zoeken, vandaag - timedelta(days=round(365.25 * maat.jaren)), vandaag
            )
            cursor.execute("ANALYZE sociale_kaart_zoeksignaal")
            cursor.execute("ANALYZE sociale_kaart_aanbod")
        print(f"zoeksignalen={zoeken}")
        print(f"zoeksignalen_insert_s={time.perf_counter() - tijd:.1f}")
        beleid = get_user_model().objects.create(username="beleid", rol=Rol.BELEID)
        sessie = sessie_maken(beleid)
        herinneren = Reactietermijnen.standaard().herinneren_na
        print(f"setup_s={time.perf_counter() - begin:.1f}", file=sys.stderr)
        connection.close()

        jaar = vandaag.year - 1
        van, tot = date(jaar, 1, 1), date(jaar, 12, 31)
        with gunicorn(server_env(url), timeout=WACHTEN) as origin:
            pagina = f"{origin}/rapportage/?periode=jaar&datum={van}"
            varianten = [(pagina, None), (pagina + "&kern=dinxperlo", "dinxperlo")]
            vlekken = f"{origin}/rapportage/witte-vlekken/?periode=jaar&datum={van}"
            vlek_varianten = [(vlekken, None), (vlekken + "&kern=dinxperlo", "dinxperlo")]
            kenmerk = b"Witte vlekken per kern"
            # The klantreis monitor as it opens (the last 12 months against the 12 before)
            # and with the start in January of the year (that year against the one before).
            klantreis = f"{origin}/rapportage/klantreis/"
            reis_varianten = [
                (klantreis, maanden_later(vandaag, -11).replace(day=1), vandaag),
                (f"{klantreis}?start={jaar}-01&maanden=12", van, tot),
            ]
            reis_kenmerk = b"Tevredenheid per maand en contactpunt"

            def reis_vloer(start, einde):
                return vloer(
                    conn, klantreis_queries(maanden_later(start, -12), start, einde, herinneren)
                )

            with psycopg.connect(url, autocommit=True) as conn:
                # The first request of each finds the fact table empty for its filter (as
                # after installing) and counts the 24 months it needs; beat would have.
                koud = {kern: haal(adres, sessie) for adres, kern in varianten}
                # Witte vlekken reads the route table of every levensdomein: 12 months each.
                vlek_koud = {kern: haal(adres, sessie, kenmerk) for adres, kern in vlek_varianten}
                reis_koud = [haal(adres, sessie, reis_kenmerk) for adres, _, _ in reis_varianten]
                # Warm up both workers and the database's caches.
                for (adres, kern), (vlek, _), (reis, start, einde) in zip(
                    varianten * 2, vlek_varianten * 2, reis_varianten * 2, strict=True
                ):
                    haal(adres, sessie)
                    vloer(conn, floor_queries(van, tot, kern))
                    haal(vlek, sessie, kenmerk)
                    vloer(conn, vlekken_queries(van, tot, kern))
                    haal(reis, sessie, reis_kenmerk)
                    reis_vloer(start, einde)
                paginas, vloeren, per_variant = [], [], {kern: [] for _, kern in varianten}
                vlek_paginas, vlek_vloeren = [], []
                vlek_per_variant = {kern: [] for _, kern in vlek_varianten}
                reis_paginas, reis_vloeren, reis_per_variant = [], [], [[], []]
                for _ in range(HERHALINGEN):
                    for i, ((adres, kern), (vlek, _), (reis, start, einde)) in enumerate(
                        zip(varianten, vlek_varianten, reis_varianten, strict=True)
                    ):
                        duur = haal(adres, sessie)
                        paginas.append(duur)
                        per_variant[kern].append(duur)
                        vloeren.append(vloer(conn, floor_queries(van, tot, kern)))
                        duur = haal(vlek, sessie, kenmerk)
                        vlek_paginas.append(duur)
                        vlek_per_variant[kern].append(duur)
                        vlek_vloeren.append(vloer(conn, vlekken_queries(van, tot, kern)))
                        duur = haal(reis, sessie, reis_kenmerk)
                        reis_paginas.append(duur)
                        reis_per_variant[i].append(duur)
                        reis_vloeren.append(reis_vloer(start, einde))
        if os.environ.get("BENCH_IN_PROCES", "1") == "1":
            in_proces(jaar)
    print(f"jaar={jaar}")
    print(f"requests={len(paginas)}")
    print(f"page_first_nofilter_ms={koud[None] * 1000:.1f}")
    print(f"page_first_kern_ms={koud['dinxperlo'] * 1000:.1f}")
    print(f"page_median_ms={statistics.median(paginas) * 1000:.1f}")
    print(f"page_p95_nofilter_ms={p95(per_variant[None]):.1f}")
    print(f"page_p95_kern_ms={p95(per_variant['dinxperlo']):.1f}")
    print(f"page_p95_ms={p95(paginas):.1f}")
    print(f"sql_floor_median_ms={statistics.median(vloeren) * 1000:.1f}")
    print(f"sql_floor_ms={p95(vloeren):.1f}")
    print(f"ratio={p95(paginas) / p95(vloeren):.2f}")
    print(f"vlekken_page_first_nofilter_ms={vlek_koud[None] * 1000:.1f}")
    print(f"vlekken_page_first_kern_ms={vlek_koud['dinxperlo'] * 1000:.1f}")
    print(f"vlekken_page_median_ms={statistics.median(vlek_paginas) * 1000:.1f}")
    print(f"vlekken_page_p95_nofilter_ms={p95(vlek_per_variant[None]):.1f}")
    print(f"vlekken_page_p95_kern_ms={p95(vlek_per_variant['dinxperlo']):.1f}")
    print(f"vlekken_page_p95_ms={p95(vlek_paginas):.1f}")
    print(f"vlekken_sql_floor_median_ms={statistics.median(vlek_vloeren) * 1000:.1f}")
    print(f"vlekken_sql_floor_ms={p95(vlek_vloeren):.1f}")
    print(f"vlekken_ratio={p95(vlek_paginas) / p95(vlek_vloeren):.2f}")
    print(f"klantreis_page_first_ms={reis_koud[0] * 1000:.1f}")
    print(f"klantreis_page_first_year_ms={reis_koud[1] * 1000:.1f}")
    print(f"klantreis_page_median_ms={statistics.median(reis_paginas) * 1000:.1f}")
    print(f"klantreis_page_p95_default_ms={p95(reis_per_variant[0]):.1f}")
    print(f"klantreis_page_p95_year_ms={p95(reis_per_variant[1]):.1f}")
    print(f"klantreis_page_p95_ms={p95(reis_paginas):.1f}")
    print(f"klantreis_sql_floor_median_ms={statistics.median(reis_vloeren) * 1000:.1f}")
    print(f"klantreis_sql_floor_ms={p95(reis_vloeren):.1f}")
    print(f"klantreis_ratio={p95(reis_paginas) / p95(reis_vloeren):.2f}")
    return 0


def in_proces(jaar: int) -> None:
    """In this process, on the same data (less noisy on a loaded machine than the wall
    clock): CPU time (time.process_time) of the dashboard for the year under every kern and
    kanaal of a sample and none, of the year overview, and of the small-numbers rule alone, per month it
    protected; and how many of the counts shown on all of it are hidden."""
    from openpyxl import load_workbook

    from intake.models import Kanaal
    from rapportage import afscherming, jaaroverzicht
    from rapportage.afscherming import Cel
    from rapportage.cijfers import Filters
    from rapportage.figuren import dashboard_maken
    from rapportage.perioden import JAAR, periode_voor

    klok = {"afschermen": 0.0}
    echt = afscherming.afschermen

    def afschermen(*args, **kwargs):
        begin = time.process_time()
        try:
            return echt(*args, **kwargs)
        finally:
            klok["afschermen"] += time.process_time() - begin

    afscherming.afschermen = afschermen
    vandaag = date(jaar + 1, 1, 15)
    periode = periode_voor(JAAR, date(jaar, 1, 1))
    keuzes = [Filters(), *(Filters(kern=k) for k in ("aalten", "dinxperlo", "bredevoort"))]
    keuzes += [Filters(kanaal=k) for k in ("telefoon", "website", Kanaal.BALIE_HOFSTRAAT)]
    # The fact table filled first (the page above filled two of these), then timed.
    for filters in keuzes:
        dashboard_maken(periode=periode, filters=filters, vandaag=vandaag)
    cpu, beschermd, cellen, verborgen = {}, 0.0, 0, 0
    maanden = 24  # the year and the year before
    for filters in keuzes:
        afscherming._afschermen.cache_clear()
        klok["afschermen"] = 0.0
        begin = time.process_time()
        d = dashboard_maken(periode=periode, filters=filters, vandaag=vandaag)
        cpu[filters] = time.process_time() - begin
        beschermd += klok["afschermen"]
        for figuur in d.figuren:
            for rij in figuur.rijen:
                for cel in rij.cellen:
                    if isinstance(cel, Cel):
                        cellen += 1
                        verborgen += not cel.zichtbaar
    print(f"inproc_dashboard_nofilter_cpu_ms={cpu[Filters()] * 1000:.1f}")
    print(f"inproc_dashboard_kern_cpu_ms={cpu[Filters(kern='dinxperlo')] * 1000:.1f}")
    print(f"inproc_dashboard_all_filters_cpu_ms={sum(cpu.values()) * 1000:.1f}")
    print(f"inproc_protection_cpu_ms_per_month={beschermd * 1000 / (maanden * len(keuzes)):.2f}")
    print(f"dashboard_cells={cellen}")
    print(f"dashboard_hidden={verborgen}")
    print(f"dashboard_hidden_pct={100 * verborgen / max(cellen, 1):.2f}")

    def overzicht():
        return jaaroverzicht.maken(jaar=jaar, vandaag=vandaag, voortgang=lambda *_: None)

    overzicht()  # fills the fact table for every filter value
    afscherming._afschermen.cache_clear()
    klok["afschermen"] = 0.0
    begin = time.process_time()
    inhoud = overzicht()
    print(f"inproc_year_overview_cpu_ms={(time.process_time() - begin) * 1000:.1f}")
    print(f"inproc_year_overview_protection_cpu_ms_per_month={klok['afschermen'] * 1000 / 12:.2f}")

    blad = load_workbook(io.BytesIO(inhoud)).worksheets[0]
    getallen = verborgen = 0
    for regel in blad.iter_rows(values_only=True):
        for waarde in regel:
            if waarde in (afscherming.KLEIN, afscherming.VERBORGEN):
                verborgen += 1
            elif isinstance(waarde, int):
                getallen += 1
    print(f"year_overview_counts={getallen + verborgen}")
    print(f"year_overview_hidden={verborgen}")
    print(f"year_overview_hidden_pct={100 * verborgen / max(getallen + verborgen, 1):.2f}")


if __name__ == "__main__":
    sys.exit(uitvoeren(meten))
