"""Data makers shared by the benchmarks: the sociale kaart and the ten years of questions of
a size (`_maten.Maat`), the staffing of the front door, a logged-in session. Call them
after Django is set up on a scratch database; the scripts import this module before that,
so the functions import Django's models themselves.

The questions are written in set-based SQL (a few seconds for the Aalten, under a minute
for the region): residents with a phone number, questions spread evenly over the years up
to `tot` (working hours, any day) with a yearly reference, their life domains, about one
commitment each, a timeline, referrals for a third, and anonymous feedback. Questions
older than sixty days and half the newer ones are closed; of the open online questions
and partners' signals, four in ten wait unassigned in the queue of new questions.

What the klantreis monitor reads (rapportage.klantreis) is there too: `toewijzing` lines on
the timeline (online, e-mail and partner questions are taken from the queue before the
first contact, one case in six changes holder a day after it), one referral in eight
without a summary for the receiver, acceptances after 0 to 5 days (against the default
term of 2 working days), and the residents' answers to "Is de hulp gestart?" two weeks
after sending (six in ten "ja"), feedback on every touchpoint.
"""

import random
import time
from datetime import date, datetime
from datetime import time as tijd

from _maten import Maat
from django.utils import timezone

TZ = "Europe/Amsterdam"
ONDERWERPEN = [
    "schuldhulpverlening", "mantelzorgondersteuning", "formulierenhulp", "thuisadministratie",
    "ontmoeting", "maatje", "dagbesteding", "jongerenwerk", "opvoedspreekuur", "wijkverpleging",
    "huishoudelijke hulp", "woningaanpassing", "taalcafé", "vrijwilligerswerk", "rouwverwerking",
    "budgetcursus", "voedselpakket", "buurtbemiddeling", "valpreventie", "eetpunt",
    "beweeggroep", "sollicitatietraining", "energiecoach", "kledingbank", "computerles",
]  # fmt: skip
REDENEN = [
    "Geen plek op dit moment",
    "Past niet bij ons aanbod",
    "Wachtlijst is vol",
    "Inwoner woont buiten ons werkgebied",
    "Al in beeld bij een collega-organisatie",
]
# One organisation in ten is a partner that receives referrals.
PARTNER_ELKE = 10


def sociale_kaart_maken(rng: random.Random, maat: Maat) -> list:
    """The size's aanbod over its organisaties (one vestiging each, opening hours on two
    mornings a week, a life domain and a target group per aanbod, the organisation in the
    domains of its aanbod, a werkgebied), the synonyms and target groups of the demo, and
    the search vectors. Returns the organisaties."""
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
            naam=f"Stichting {rng.choice(ONDERWERPEN).title()} {n}", slug=f"org-{n}",
            telefoon="0543-000000", is_partner=n % PARTNER_ELKE == 0,
        )
        for n in range(maat.organisaties)
    )  # fmt: skip
    vestigingen = Vestiging.objects.bulk_create(
        Vestiging(organisatie=o, naam=f"Vestiging {o.slug}", straat="Markt", huisnummer="1", postcode="7121 AA",
                  plaats="Aalten", kern=rng.choice(kernen))
        for o in organisaties
    )  # fmt: skip
    # Werkgebieden from a generator of their own, so the rest of the data stays as it was.
    gebieden = random.Random(maat.aanbod)
    teksten = demo_teksten()
    aanbod = []
    for n in range(maat.aanbod):
        naam, kort, lang, zoekwoorden = rng.choice(teksten)
        aanbod.append(
            Aanbod(
                organisatie=organisaties[n % maat.organisaties], naam=f"{naam} {n}", slug=f"aanbod-{n}",
                korte_beschrijving=kort, beschrijving=f"{lang} {rng.choice(teksten)[1]}", zoekwoorden=zoekwoorden,
                kosten=rng.choice(["gratis", "gratis", "eigen_bijdrage"]),
                **werkgebied(gebieden, kernen),
            )
        )  # fmt: skip
    aanbod = Aanbod.objects.bulk_create(aanbod, batch_size=2000)
    domein_van = {a.pk: rng.choice(domeinen) for a in aanbod}
    Aanbod.levensdomeinen.through.objects.bulk_create(
        Aanbod.levensdomeinen.through(aanbod=a, levensdomein=domein_van[a.pk]) for a in aanbod
    )
    Organisatie.levensdomeinen.through.objects.bulk_create(
        Organisatie.levensdomeinen.through(organisatie_id=o, levensdomein_id=d)
        for o, d in {(a.organisatie_id, domein_van[a.pk].pk) for a in aanbod}
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
    return organisaties


def demo_teksten() -> list[tuple[str, str, str, str]]:
    """The texts of the demo's sixty aanbod (sociale_kaart/demo_aanbod.py, written as Aalten's
    partners describe their offer): name, short and long description, keywords. The size's
    aanbod are made of them, so a word is as common as in a real sociale kaart: "thuis" is
    in a fifth of them, "schulden" in a few in a hundred. (Five sentence templates did this
    before: every common word was in two to nine in ten, and every search found thousands.)"""
    from sociale_kaart.demo_aanbod import AANBOD

    return [
        (naam, kort, lang, zoekwoorden)
        for _, _, naam, kort, lang, _, _, _, _, zoekwoorden, _ in AANBOD
    ]


def werkgebied(rng: random.Random, kernen: list[str]) -> dict:
    """Where an aanbod serves: two in three only at their vestiging, a fifth the whole
    gemeente, one in twenty the region, the rest one to three kernen; a quarter at home."""
    kans = rng.random()
    soort = (
        "vestigingen" if kans < 0.65 else "gemeente" if kans < 0.85 else "regio" if kans < 0.9 else "kernen"
    )  # fmt: skip
    gekozen = set(rng.sample(kernen, rng.randint(1, 3))) if soort == "kernen" else set()
    return {
        "werkgebied": soort,
        "werkgebied_kernen": [k for k in kernen if k in gekozen],
        "aan_huis": rng.random() < 0.25,
    }


def maat_vullen(
    rng: random.Random,
    maat: Maat,
    *,
    medewerkers: list[int] = (),
    partners: list = (),
    tot: datetime | None = None,
) -> tuple[list, list[int]]:
    """Everything of a size: its sociale kaart and ten years of its questions, held by its
    staff (`medewerkers` first, new accounts for the rest) and referred to its partners
    (and `partners`), analysed as autovacuum would. Returns (organisaties, staff ids)."""
    from django.db import connection

    organisaties = sociale_kaart_maken(rng, maat)
    staf = [*medewerkers, *medewerkers_maken(maat.medewerkers - len(medewerkers))]
    partners = [*partners, *(o.pk for o in organisaties if o.is_partner)]
    hulpvragen_maken(maat, medewerkers=staf, partners=partners, tot=tot)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return organisaties, staf


def medewerkers_maken(aantal: int, *, van: int = 0) -> list[int]:
    """`aantal` medewerkers of the front door's team (no password, no login); their ids."""
    from django.contrib.auth import get_user_model

    from toegang.accounts.roles import Rol, Team

    User = get_user_model()  # noqa: N806
    return [
        user.pk
        for user in User.objects.bulk_create(
            User(username=f"bench-medewerker-{i}", first_name=f"Medewerker {i}",
                 rol=Rol.MEDEWERKER, team=Team.TOEGANG, password="!")
            for i in range(van, van + aantal)
        )
    ]  # fmt: skip


def hulpvragen_maken(
    maat: Maat,
    *,
    medewerkers: list[int],
    partners: list,
    tot: datetime | None = None,
) -> None:
    """The size's questions over its years up to `tot` (default now), in every life domain.

    `medewerkers` (user ids) are the contact persons, round robin, and own the commitments;
    `partners` (organisation ids) receive the referrals (80%; 15% go to the maatwerkteam
    Wmo, 5% to a colleague)."""
    from django.db import connection

    from sociale_kaart.models import Levensdomein

    domeinen = list(Levensdomein.objects.values_list("pk", flat=True))
    with connection.cursor() as wrapper:
        _hulpvragen_schrijven(
            wrapper.cursor, maat, medewerkers=medewerkers, domeinen=domeinen, tot=tot,
            partners=[str(pk) for pk in partners],
        )  # fmt: skip


def _hulpvragen_schrijven(cursor, maat, *, medewerkers, domeinen, tot, partners) -> None:
    n, dagen = maat.hulpvragen, round(365.25 * maat.jaren)
    p = {
        "n": n, "dagen": dagen, "tot": tot or timezone.now(), "tz": TZ, "inwoners": n // 2,
        "m": medewerkers, "km": len(medewerkers),
    }  # fmt: skip
    cursor.execute("SELECT setseed(0.42)")
    cursor.execute(
        "INSERT INTO intake_inwoner (naam, telefoon, telefoon_sleutel, email, adres, aangemaakt)"
        " SELECT 'Inwoner ' || g, '06' || lpad(g::text, 8, '0'), '06' || lpad(g::text, 8, '0'),"
        " 'inwoner' || g || '@example.org', '', %(tot)s FROM generate_series(1, %(inwoners)s) g",
        p,
    )
    cursor.execute("SELECT min(id) FROM intake_inwoner WHERE naam = 'Inwoner 1'")
    p["eerste"] = cursor.fetchone()[0]
    # Rows in the order they arrive, as in a live system; working hours, any day; the last
    # day is the day before `tot`.
    cursor.execute(
        """
        CREATE TEMP TABLE basis AS
        SELECT g AS n,
          date_trunc('day', %(tot)s::timestamptz AT TIME ZONE %(tz)s) AT TIME ZONE %(tz)s
            - %(dagen)s * interval '1 day' + (((g - 1)::bigint * %(dagen)s) / %(n)s) * interval '1 day'
            + interval '7 hours' + random() * interval '9 hours' AS aangemaakt,
          random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6
        FROM generate_series(1, %(n)s) g
        """,
        p,
    )
    cursor.execute(
        """
        INSERT INTO intake_hulpvraag (referentie, token, kanaal, kern, vraag, contactvoorkeur,
          contacttijd, toestemming_delen, status, route, uitkomst, team, veiligheid,
          vast_aanspreekpunt_id, eerste_contact_op, afgesloten_op, aangemaakt, bijgewerkt,
          versie, inwoner_id, vastgehouden_reden, taal, digid_sleutel)
        SELECT 'TA-' || jaar || '-' || lpad((coalesce((SELECT t.laatste FROM intake_referentieteller t
            WHERE t.jaar = b.jaar), 0) + row_number() OVER (PARTITION BY jaar ORDER BY n))::text, 5, '0'),
          'bench-' || n, kanaal, kern,
          'Ik heb een vraag over mijn situatie thuis en weet niet waar ik moet beginnen.',
          'telefoon', '', r4 < 0.5,
          CASE WHEN dicht THEN 'afgerond' WHEN nieuw THEN 'ontvangen' ELSE 'in-behandeling' END,
          CASE WHEN dicht THEN (ARRAY['sociale-basis','voorliggend-veld','voorliggend-veld',
            'maatwerk','combinatie'])[1 + floor(r4 * 5)::int] ELSE '' END,
          CASE WHEN dicht THEN 'Samen een oplossing gevonden.' ELSE '' END,
          CASE WHEN r6 < 0.1 THEN 'maatwerk-wmo' ELSE 'toegang' END, r5 < 0.02,
          CASE WHEN NOT nieuw THEN (%(m)s::bigint[])[1 + n %% %(km)s] END,
          CASE WHEN kanaal IN ('balie-hofstraat', 'inloop-dinxperlo') THEN aangemaakt
               WHEN nieuw THEN NULL
               WHEN r5 < 0.98 OR dicht THEN aangemaakt + r3 * interval '5 days' END,
          CASE WHEN dicht THEN least(%(tot)s, aangemaakt + interval '1 hour' + r6 * r6 * interval '60 days') END,
          aangemaakt, aangemaakt, 1, %(eerste)s + (n %% %(inwoners)s), '', 'nl', ''
        FROM (
          SELECT *, NOT dicht AND kanaal IN ('website', 'partner') AND r6 < 0.4 AS nieuw,
            extract(year FROM aangemaakt AT TIME ZONE %(tz)s)::int AS jaar
          FROM (
            SELECT *, aangemaakt < %(tot)s - interval '60 days' OR r3 < 0.5 AS dicht,
              (ARRAY['balie-hofstraat','balie-hofstraat','balie-hofstraat','inloop-dinxperlo',
                'telefoon','telefoon','telefoon','website','website','email','partner'])[1 + floor(r1 * 11)::int] AS kanaal,
              (ARRAY['aalten','aalten','aalten','aalten','aalten','aalten','aalten','aalten','aalten',
                'dinxperlo','dinxperlo','dinxperlo','dinxperlo','dinxperlo','bredevoort','bredevoort',
                'barlo','dale','de-haart','de-heurne','ijzerlo','lintelo',''])[1 + floor(r2 * 23)::int] AS kern
            FROM basis
          ) b
        ) b ORDER BY n
        """,
        p,
    )
    cursor.execute("DROP TABLE basis")
    # Each year's numbers follow on from the ones taken already; the next follows on these.
    cursor.execute(
        "INSERT INTO intake_referentieteller (jaar, laatste)"
        " SELECT split_part(referentie, '-', 2)::int, max(split_part(referentie, '-', 3)::int)"
        " FROM intake_hulpvraag GROUP BY 1"
        " ON CONFLICT (jaar) DO UPDATE SET laatste = excluded.laatste"
    )
    cursor.execute(
        "INSERT INTO intake_hulpvraag_levensdomeinen (hulpvraag_id, levensdomein_id)"
        " SELECT id, (%(d)s::bigint[])[1 + id %% %(k)s] FROM intake_hulpvraag"
        " UNION SELECT id, (%(d)s::bigint[])[1 + (id / 7) %% %(k)s] FROM intake_hulpvraag WHERE id %% 2 = 0",
        {"d": domeinen, "k": len(domeinen)},
    )
    # The timeline: received, the first contact, closed.
    cursor.execute(
        """
        INSERT INTO intake_gebeurtenis (hulpvraag_id, soort, tekst, kanaal, status, op, door_id)
        SELECT id, 'status', 'Hulpvraag ontvangen.', kanaal, 'ontvangen', aangemaakt, NULL
          FROM intake_hulpvraag
        UNION ALL
        SELECT id, 'contactmoment', 'Gebeld met de inwoner; afspraken gemaakt.', 'telefoon', '',
          eerste_contact_op, vast_aanspreekpunt_id FROM intake_hulpvraag WHERE eerste_contact_op IS NOT NULL
        UNION ALL
        SELECT id, 'status', 'Samen een oplossing gevonden.', '', 'afgerond', afgesloten_op,
          vast_aanspreekpunt_id FROM intake_hulpvraag WHERE afgesloten_op IS NOT NULL
        """
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
          h.id, m, m
        FROM (SELECT h.*, coalesce(h.vast_aanspreekpunt_id, (%(m)s::bigint[])[1 + h.id %% %(km)s]) AS m
              FROM intake_hulpvraag h) h
        WHERE h.id %% 10 <> 0 AND (h.status <> 'afgerond' OR h.id %% 20 < 19)
        """,
        p,
    )
    _toewijzingen_maken(cursor)
    _doorverwijzingen_maken(cursor, medewerkers=medewerkers, partners=partners, tot=p["tot"])
    cursor.execute(
        "INSERT INTO intake_feedback (kanaal, bereikbaar, gehoord, geholpen, opmerking, ingevuld_op)"
        " SELECT (ARRAY['balie-hofstraat','inloop-dinxperlo','telefoon','website','email','partner'])[1 + g %% 6],"
        " 3 + g %% 3, 2 + (g / 3) %% 4, 1 + (g / 12) %% 5, '', %(tot)s::date - (g %% %(dagen)s)"
        " FROM generate_series(1, %(f)s) g",
        p | {"f": n // 10},
    )


def _toewijzingen_maken(cursor) -> None:
    """Changes of vast aanspreekpunt on the timeline (Hulpvraag.wijs_toe). A question that
    came in online, by e-mail or through a partner is taken from the queue before its first
    contact; at the counter and on the phone the colleague who speaks to the resident holds
    it without such a line. One case in six changes holder a day after the first contact."""
    cursor.execute(
        """
        INSERT INTO intake_gebeurtenis (hulpvraag_id, soort, tekst, kanaal, status, op, door_id)
        SELECT id, 'toewijzing', 'Vast aanspreekpunt: Medewerker', '', '',
          least(aangemaakt + interval '10 minutes', eerste_contact_op), vast_aanspreekpunt_id
          FROM intake_hulpvraag
          WHERE vast_aanspreekpunt_id IS NOT NULL AND kanaal IN ('website', 'email', 'partner')
        UNION ALL
        SELECT id, 'toewijzing', 'Vast aanspreekpunt: Medewerker', '', '',
          eerste_contact_op + interval '1 day', vast_aanspreekpunt_id
          FROM intake_hulpvraag WHERE id % 6 = 1 AND eerste_contact_op IS NOT NULL
          AND vast_aanspreekpunt_id IS NOT NULL
          AND (afgesloten_op IS NULL OR afgesloten_op > eerste_contact_op + interval '1 day')
        """
    )


def _doorverwijzingen_maken(
    cursor, *, medewerkers: list[int], partners: list[str], tot: datetime
) -> None:
    """Referrals for a third of the questions: partners, internal teams, now and then a
    colleague. Of an open question most are accepted, some declined (with a reason), a few
    expired or still waiting; of a closed one the accepted are finished, the waiting expired.
    One in eight has no summary for the receiver. Two weeks after sending (if that is before
    `tot`) the resident of an accepted one was asked "Is de hulp gestart?": six in ten said
    "ja", three in twenty "nee", one in ten "nog niet", the rest did not answer (yet)."""
    cursor.execute(
        """
        INSERT INTO intake_doorverwijzing (id, hulpvraag_id, organisatie_id, team, collega_id,
          samenvatting, al_gedaan, contactvoorkeur, urgentie, contactpersoon_id, grondslag,
          toestemming_wijze, wettelijke_taak, gegevens, gedeelde_gegevens, status, ronde,
          aangemaakt, aangemaakt_door_id, verstuurd_op, verstuurd_door_id, geaccepteerd_op,
          afgewezen_op, reden, reden_soort, verlopen_op, afgerond_op, uitkomst, bijgewerkt,
          termijn_vanaf, inwoner_gevraagd_op, inwoner_antwoord, inwoner_antwoord_op)
        SELECT gen_random_uuid(), h.id,
          CASE WHEN ontvanger < 80 THEN (%(o)s::uuid[])[1 + h.id %% %(k)s] END,
          CASE WHEN ontvanger >= 80 AND ontvanger < 95 THEN 'maatwerk-wmo' ELSE '' END,
          CASE WHEN ontvanger >= 95 THEN (%(m)s::bigint[])[1 + (h.id / 3 + 1) %% %(km)s] END,
          CASE WHEN h.id %% 8 = 3 THEN ''
               ELSE 'Overdracht: wat de inwoner vraagt en wat al is gedaan.' END,
          '', '', 'normaal', m, 'geen',
          '', '', '{}', '{}',
          CASE WHEN afloop < 70 AND dicht THEN 'afgerond' WHEN afloop < 70 THEN 'geaccepteerd'
               WHEN afloop < 85 THEN 'afgewezen' WHEN afloop < 90 OR dicht THEN 'verlopen'
               ELSE 'verstuurd' END,
          1, h.aangemaakt, m, verstuurd, m,
          CASE WHEN afloop < 70 THEN verstuurd + (h.id %% 6) * interval '1 day' END,
          CASE WHEN afloop >= 70 AND afloop < 85 THEN verstuurd + interval '2 days' END,
          CASE WHEN afloop >= 70 AND afloop < 85 THEN
            CASE WHEN h.id %% 50 = 0 THEN 'Mevrouw wil liever hulp van haar buurvrouw ' || h.id
                 ELSE (%(r)s::text[])[1 + h.id %% %(kr)s] END ELSE '' END,
          CASE WHEN afloop >= 70 AND afloop < 85 THEN
            (ARRAY['geen-plek', 'geen-plek', 'buiten-doelgroep', 'anders'])[1 + h.id %% 4]
            ELSE '' END,
          CASE WHEN afloop >= 85 AND (afloop < 90 OR dicht) THEN verstuurd + interval '7 days' END,
          CASE WHEN afloop < 70 AND dicht THEN h.afgesloten_op END,
          CASE WHEN afloop < 70 AND dicht THEN 'Hulp gestart.' ELSE '' END,
          verstuurd, verstuurd, CASE WHEN gevraagd THEN verstuurd + interval '14 days' END,
          CASE WHEN NOT gevraagd OR antwoord >= 17 THEN '' WHEN antwoord < 12 THEN 'ja'
               WHEN antwoord < 15 THEN 'nee' ELSE 'nog-niet' END,
          CASE WHEN gevraagd AND antwoord < 17
               THEN verstuurd + interval '14 days' + (h.id %% 4) * interval '1 day' END
        FROM (SELECT h.*, h.aangemaakt + (h.id %% 3) * interval '1 day' AS verstuurd,
                (h.id / 3) %% 100 AS ontvanger, (h.id / 7) %% 100 AS afloop,
                (h.id / 7) %% 100 < 70 AND h.aangemaakt + interval '21 days' < %(tot)s AS gevraagd,
                (h.id / 11) %% 20 AS antwoord,
                h.status = 'afgerond' AS dicht,
                coalesce(h.vast_aanspreekpunt_id, (%(m)s::bigint[])[1 + h.id %% %(km)s]) AS m
              FROM intake_hulpvraag h WHERE h.id %% 3 = 0) h
        """,
        {
            "o": partners,
            "k": len(partners),
            "m": medewerkers,
            "km": len(medewerkers),
            "r": REDENEN,
            "kr": len(REDENEN),
            "tot": tot,
        },  # fmt: skip
    )


def rooster_maken(medewerkers: list[int], van: date, tot: date) -> int:
    """Two people on nine in ten openings of every toegangslocatie from `van` to `tot`, one
    on the rest. Returns the number of shifts."""
    from django.db import connection

    from locaties.models import Toegangslocatie

    rijen = []
    for locatie in Toegangslocatie.objects.all():
        for i, moment in enumerate(locatie.openingsmomenten(van, tot)):
            for k in range(1 if i % 10 == 3 else 2):
                rijen.append(
                    (
                        locatie.pk,
                        moment.datum,
                        moment.dagdeel,
                        medewerkers[(i + k) % len(medewerkers)],
                    )
                )
    with (
        connection.cursor() as wrapper,
        wrapper.cursor.copy(
            "COPY locaties_dienst (locatie_id, datum, dagdeel, medewerker_id, aangemaakt) FROM STDIN"
        ) as copy,
    ):
        for rij in rijen:
            copy.write_row((*rij, "2021-01-01 00:00+00"))
    return len(rijen)


def sessie_maken(user) -> str:
    """The key of a session as after logging in with password and code (two factors): a
    confirmed authenticator for `user`, its id in the session, the session clocks started.
    Valid in a server with the same SECRET_KEY (`_scratch.SLEUTEL`)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from toegang.accounts.middleware import INGELOGD_OP, LAATST_ACTIEF

    apparaat = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if apparaat is None:
        apparaat = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    sessie = SessionStore()
    sessie[SESSION_KEY] = str(user.pk)
    sessie[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    sessie[HASH_SESSION_KEY] = user.get_session_auth_hash()
    sessie[DEVICE_ID_SESSION_KEY] = apparaat.persistent_id
    sessie[INGELOGD_OP] = sessie[LAATST_ACTIEF] = int(time.time())
    sessie.create()
    return sessie.session_key
