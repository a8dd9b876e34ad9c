"""The rapportage dashboard on five years of a busy front door: 1,000,000 hulpvragen.

Makes a throwaway database with 1,000,000 hulpvragen spread over five years (with their
levensdomeinen, about one afspraak each, referrals for a third of them, anonymous feedback,
and the staffing of both toegangslocaties), then times the full dashboard page under
gunicorn (production settings) for the last whole year: without filters and with the kern
filter Dinxperlo, one request at a time.

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

    python benchmarks/dashboard.py      (DATABASE_URL must point at PostgreSQL)

BENCH_HULPVRAGEN and BENCH_HERHALINGEN make a smaller or longer run.
"""

import os
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

from _scratch import free_port, scratch_database, wacht_op

ROOT = Path(__file__).resolve().parent.parent
HULPVRAGEN = int(os.environ.get("BENCH_HULPVRAGEN", "1000000"))
HERHALINGEN = int(os.environ.get("BENCH_HERHALINGEN", "20"))
TZ = "Europe/Amsterdam"
SLEUTEL = "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"

REDENEN = [
    "Geen plek op dit moment",
    "Past niet bij ons aanbod",
    "Wachtlijst is vol",
    "Inwoner woont buiten ons werkgebied",
    "Al in beeld bij een collega-organisatie",
]


def vul(cursor, *, medewerker_id: int, organisaties: list[str], domeinen: list[int]) -> None:
    """Five years of data in set-based SQL (a few minutes on a small machine)."""
    n = HULPVRAGEN
    cursor.execute("SELECT setseed(0.42)")
    cursor.execute(
        "INSERT INTO intake_inwoner (naam, telefoon, telefoon_sleutel, email, adres, aangemaakt)"
        " SELECT 'Inwoner ' || g, '', '', '', '', now() FROM generate_series(1, %s) g",
        [n // 2],
    )
    cursor.execute("SELECT min(id) FROM intake_inwoner")
    eerste_inwoner = cursor.fetchone()[0]
    # Rows in the order they arrive, as in a live system; working hours, any day.
    cursor.execute(
        """
        CREATE TEMP TABLE basis AS
        SELECT g AS n,
          date_trunc('day', now() - interval '1826 days') + ((g::bigint * 1826) / %(n)s) * interval '1 day'
            + interval '7 hours' + random() * interval '9 hours' AS aangemaakt,
          random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6
        FROM generate_series(1, %(n)s) g
        """,
        {"n": n},
    )
    cursor.execute(
        """
        INSERT INTO intake_hulpvraag (referentie, token, kanaal, kern, vraag, contactvoorkeur,
          contacttijd, toestemming_delen, status, route, uitkomst, team, veiligheid,
          eerste_contact_op, afgesloten_op, aangemaakt, bijgewerkt, versie, inwoner_id,
          vastgehouden_reden)
        SELECT 'B-' || n, 'bench-' || n, kanaal, kern,
          'Ik heb een vraag over mijn situatie thuis en weet niet waar ik moet beginnen.', '', '',
          false, CASE WHEN dicht THEN 'afgerond' ELSE 'in-behandeling' END,
          CASE WHEN dicht THEN (ARRAY['sociale-basis','voorliggend-veld','voorliggend-veld',
            'maatwerk','combinatie'])[1 + floor(r4 * 5)::int] ELSE '' END,
          CASE WHEN dicht THEN 'Samen een oplossing gevonden.' ELSE '' END,
          'toegang', r5 < 0.02,
          CASE WHEN kanaal IN ('balie-hofstraat', 'inloop-dinxperlo') THEN aangemaakt
               WHEN r5 < 0.98 OR dicht THEN aangemaakt + r3 * interval '5 days' END,
          CASE WHEN dicht THEN least(now(), aangemaakt + interval '1 hour' + r6 * r6 * interval '60 days') END,
          aangemaakt, aangemaakt, 1, %(eerste)s + (n %% %(inwoners)s), ''
        FROM (
          SELECT *, aangemaakt < now() - interval '60 days' OR r3 < 0.5 AS dicht,
            (ARRAY['balie-hofstraat','balie-hofstraat','balie-hofstraat','inloop-dinxperlo',
              'telefoon','telefoon','telefoon','website','website','email','partner'])[1 + floor(r1 * 11)::int] AS kanaal,
            (ARRAY['aalten','aalten','aalten','aalten','aalten','aalten','aalten','aalten','aalten',
              'dinxperlo','dinxperlo','dinxperlo','dinxperlo','dinxperlo','bredevoort','bredevoort',
              'barlo','dale','de-haart','de-heurne','ijzerlo','lintelo',''])[1 + floor(r2 * 23)::int] AS kern
          FROM basis
        ) b ORDER BY n
        """,
        {"eerste": eerste_inwoner, "inwoners": n // 2},
    )
    cursor.execute(
        "INSERT INTO intake_hulpvraag_levensdomeinen (hulpvraag_id, levensdomein_id)"
        " SELECT id, (%(d)s::bigint[])[1 + id %% %(k)s] FROM intake_hulpvraag"
        " UNION SELECT id, (%(d)s::bigint[])[1 + (id / 7) %% %(k)s] FROM intake_hulpvraag WHERE id %% 2 = 0",
        {"d": domeinen, "k": len(domeinen)},
    )
    # About one commitment per question: most kept on time, some late, a few never.
    cursor.execute(
        """
        INSERT INTO intake_afspraak (wat, eigenaar_soort, deadline, aangemaakt, gedaan_op,
          hulpvraag_id, eigenaar_id, aangemaakt_door_id)
        SELECT 'Formulier meenemen', 'medewerker', (h.aangemaakt + (3 + h.id %% 12) * interval '1 day')::date,
          h.aangemaakt,
          CASE WHEN h.id %% 20 < 17 THEN h.aangemaakt + (h.id %% 9) * interval '1 day'
               WHEN h.id %% 20 < 19 THEN h.aangemaakt + (16 + h.id %% 5) * interval '1 day' END,
          h.id, %(m)s, %(m)s
        FROM intake_hulpvraag h WHERE h.id %% 10 <> 0 AND (h.status <> 'afgerond' OR h.id %% 20 < 19)
        """,
        {"m": medewerker_id},
    )
    # Referrals for a third of the questions: partners, internal teams, now and then a colleague.
    cursor.execute(
        """
        INSERT INTO intake_doorverwijzing (id, hulpvraag_id, organisatie_id, team, collega_id,
          samenvatting, al_gedaan, contactvoorkeur, urgentie, contactpersoon_id, grondslag,
          toestemming_wijze, wettelijke_taak, gegevens, gedeelde_gegevens, status, ronde,
          aangemaakt, aangemaakt_door_id, verstuurd_op, verstuurd_door_id, geaccepteerd_op,
          afgewezen_op, reden, verlopen_op, uitkomst, bijgewerkt, termijn_vanaf)
        SELECT gen_random_uuid(), h.id,
          CASE WHEN ontvanger < 80 THEN (%(o)s::uuid[])[1 + h.id %% %(k)s] END,
          CASE WHEN ontvanger >= 80 AND ontvanger < 95 THEN 'maatwerk-wmo' ELSE '' END,
          CASE WHEN ontvanger >= 95 THEN %(m)s::bigint END,
          'Overdracht: wat de inwoner vraagt en wat al is gedaan.', '', '', 'normaal', %(m)s,
          'geen', '', '', '{}', '{}',
          CASE WHEN afloop < 70 THEN 'geaccepteerd' WHEN afloop < 85 THEN 'afgewezen'
               WHEN afloop < 90 THEN 'verlopen' ELSE 'verstuurd' END,
          1, h.aangemaakt, %(m)s, verstuurd, %(m)s,
          CASE WHEN afloop < 70 THEN verstuurd + (h.id %% 6) * interval '1 day' END,
          CASE WHEN afloop >= 70 AND afloop < 85 THEN verstuurd + interval '2 days' END,
          CASE WHEN afloop >= 70 AND afloop < 85 THEN
            CASE WHEN h.id %% 50 = 0 THEN 'Mevrouw wil liever hulp van haar buurvrouw ' || h.id
                 ELSE (%(r)s::text[])[1 + h.id %% %(kr)s] END ELSE '' END,
          CASE WHEN afloop >= 85 AND afloop < 90 THEN verstuurd + interval '7 days' END,
          '', verstuurd, verstuurd
        FROM (SELECT h.*, h.aangemaakt + (h.id %% 3) * interval '1 day' AS verstuurd,
                (h.id / 3) %% 100 AS ontvanger, (h.id / 7) %% 100 AS afloop
              FROM intake_hulpvraag h WHERE h.id %% 3 = 0) h
        """,
        {
            "o": organisaties,
            "k": len(organisaties),
            "m": medewerker_id,
            "r": REDENEN,
            "kr": len(REDENEN),
        },
    )
    cursor.execute(
        "INSERT INTO intake_feedback (kanaal, bereikbaar, gehoord, geholpen, opmerking, ingevuld_op)"
        " SELECT (ARRAY['balie-hofstraat','inloop-dinxperlo','telefoon','website','email','partner'])[1 + g %% 6],"
        " 3 + g %% 3, 2 + (g / 3) %% 4, 1 + (g / 12) %% 5, '', current_date - (g %% 1826)"
        " FROM generate_series(1, %s) g",
        [n // 10],
    )


def rooster(cursor, medewerkers: list[int], van: date, tot: date) -> None:
    """Two people on nine in ten openings of both locations, one on the rest."""
    from locaties.models import Toegangslocatie

    rijen = []
    for locatie in Toegangslocatie.objects.all():
        for i, moment in enumerate(locatie.openingsmomenten(van, tot)):
            mensen = 1 if i % 10 == 3 else 2
            for k in range(mensen):
                rijen.append(
                    (
                        locatie.pk,
                        moment.datum,
                        moment.dagdeel,
                        medewerkers[(i + k) % len(medewerkers)],
                    )
                )
    with cursor.copy(
        "COPY locaties_dienst (locatie_id, datum, dagdeel, medewerker_id, aangemaakt) FROM STDIN"
    ) as copy:
        for rij in rijen:
            copy.write_row((*rij, "2021-01-01 00:00+00"))


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
    kal = "WITH kal AS MATERIALIZED (SELECT array_agg(nummer ORDER BY datum) AS nr FROM rapportage_werkdag)"

    def wd(a, b):
        def nr(x):
            return (
                f"(SELECT nr FROM kal)[(({x} AT TIME ZONE %(tz)s)::date - DATE '2000-01-01') + 1]"
            )

        return f"greatest(0, {nr(b)} - {nr(a)})"

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
        ("WITH dag AS (SELECT w.datum, w.nummer - lag(w.nummer) OVER (ORDER BY w.datum) AS werkdag"
         " FROM rapportage_werkdag w WHERE w.datum BETWEEN %(dvvan)s::date - 1 AND %(dtot)s),"
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


def p95(tijden: list[float]) -> float:
    return statistics.quantiles(tijden, n=20)[-1] * 1000


def haal(url: str, cookie: str) -> float:
    verzoek = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})
    begin = time.perf_counter()
    with urllib.request.urlopen(verzoek, timeout=120) as antwoord:
        inhoud = antwoord.read()
        assert antwoord.status == 200, (url, antwoord.status)
    duur = time.perf_counter() - begin
    assert b"Routeverdeling" in inhoud, "not the dashboard"
    return duur


def vloer(conn, queries) -> float:
    begin = time.perf_counter()
    with conn.cursor() as cursor:
        for sql, params in queries:
            cursor.execute(sql, params)
            cursor.fetchall()
    return time.perf_counter() - begin


def main() -> int:
    import psycopg

    with scratch_database("dashboard") as url:
        os.environ["DATABASE_URL"] = url
        os.environ.setdefault("DEBUG", "1")
        # The session made here must be valid in the server: the same key signs it.
        os.environ["SECRET_KEY"] = SLEUTEL
        os.environ["DJANGO_SETTINGS_MODULE"] = "toegang.settings.base"
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
        from django.contrib.sessions.backends.db import SessionStore
        from django.db import connection
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from locaties import demo
        from rapportage.services import werkdagen_bijwerken
        from sociale_kaart.levensdomeinen import seed
        from sociale_kaart.models import Levensdomein, Organisatie
        from toegang.accounts.middleware import INGELOGD_OP, LAATST_ACTIEF
        from toegang.accounts.models import User
        from toegang.accounts.roles import Rol

        begin = time.perf_counter()
        seed(Levensdomein)
        demo.load()
        werkdagen_bijwerken()
        medewerkers = [
            User.objects.create(username=f"medewerker-{i}", rol=Rol.MEDEWERKER) for i in range(12)
        ]
        beleid = User.objects.create(username="beleid", rol=Rol.BELEID)
        organisaties = Organisatie.objects.bulk_create(
            Organisatie(naam=f"Partner {i}", slug=f"partner-{i}", is_partner=True)
            for i in range(12)
        )
        vandaag = date.today()
        with connection.cursor() as cursor:
            vul(
                cursor.cursor,
                medewerker_id=medewerkers[0].pk,
                organisaties=[str(o.pk) for o in organisaties],
                domeinen=list(Levensdomein.objects.values_list("pk", flat=True)),
            )
            rooster(
                cursor.cursor, [m.pk for m in medewerkers], vandaag - timedelta(days=1826), vandaag
            )
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would on a live server
        print(f"setup_s={time.perf_counter() - begin:.1f}", file=sys.stderr)
        # A session as after logging in with password and code (two-factor).
        apparaat = TOTPDevice.objects.create(user=beleid, name="app", confirmed=True)
        sessie = SessionStore()
        sessie[SESSION_KEY] = str(beleid.pk)
        sessie[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        sessie[HASH_SESSION_KEY] = beleid.get_session_auth_hash()
        sessie[DEVICE_ID_SESSION_KEY] = apparaat.persistent_id
        sessie[INGELOGD_OP] = sessie[LAATST_ACTIEF] = int(time.time())
        sessie.create()
        connection.close()

        port = free_port()
        env = dict(
            os.environ, DJANGO_SETTINGS_MODULE="bench_settings", DEBUG="0", ALLOWED_HOSTS="127.0.0.1",
            SECRET_KEY=SLEUTEL,
            SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0", SESSION_COOKIE_SECURE="0",
            PYTHONPATH=os.pathsep.join([str(ROOT / "benchmarks"), str(ROOT)]),
        )  # fmt: skip
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "toegang.wsgi:application",
             "--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "120",
             "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        jaar = vandaag.year - 1
        van, tot = date(jaar, 1, 1), date(jaar, 12, 31)
        origin = f"http://127.0.0.1:{port}"
        pagina = f"{origin}/rapportage/?periode=jaar&datum={van}"
        varianten = [(pagina, None), (pagina + "&kern=dinxperlo", "dinxperlo")]
        try:
            wacht_op(origin + "/bench/floor/")
            with psycopg.connect(url, autocommit=True) as conn:
                # The first request of each finds the fact table empty for its filter (as
                # after installing) and counts the 24 months it needs; beat would have.
                koud = {kern: haal(adres, sessie.session_key) for adres, kern in varianten}
                # Warm up both workers and the database's caches.
                for adres, kern in varianten * 2:
                    haal(adres, sessie.session_key)
                    vloer(conn, floor_queries(van, tot, kern))
                paginas, vloeren, per_variant = [], [], {kern: [] for _, kern in varianten}
                for _ in range(HERHALINGEN):
                    for adres, kern in varianten:
                        duur = haal(adres, sessie.session_key)
                        paginas.append(duur)
                        per_variant[kern].append(duur)
                        vloeren.append(vloer(conn, floor_queries(van, tot, kern)))
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"hulpvragen={HULPVRAGEN}")
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
