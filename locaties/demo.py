"""Demo front-door locations for `manage.py demo_data`. Phone numbers are fictional."""

from contextlib import suppress
from datetime import time, timedelta

from django.utils import timezone

from .models import (
    Dagdeel,
    Dienst,
    Kern,
    Openingsregel,
    TerugkerendeDienst,
    Toegangslocatie,
    Weekdag,
)
from .services import (
    RoosterFout,
    afwezigheid_melden,
    bezetting,
    dienst_verwijderen,
    standaard_week,
    terugkerende_dienst_instellen,
    terugkerende_dienst_wijzigen,
)

LOCATIES = [
    {
        "slug": "hofstraat",
        "naam": "Toegang Hofstraat",
        "korte_naam": "Gemeentekantoor Hofstraat",
        "straat": "Hofstraat",
        "huisnummer": "21",
        "postcode": "7121 DL",
        "plaats": "Aalten",
        "kern": Kern.AALTEN,
        "telefoon": "0543-000000",
        "toegankelijkheid": "Drempelvrije ingang en invalidenparkeerplaats voor de deur.",
        "route": "Bus 80 stopt op 300 meter, halte Aalten Centrum. Fietsenstalling naast de ingang.",
        "volgorde": 1,
        "regels": [
            (dag, dagdeel, start, einde)
            for dag in (
                Weekdag.MAANDAG,
                Weekdag.DINSDAG,
                Weekdag.WOENSDAG,
                Weekdag.DONDERDAG,
                Weekdag.VRIJDAG,
            )
            for dagdeel, start, einde in (
                (Dagdeel.OCHTEND, time(9, 0), time(12, 30)),
                (Dagdeel.MIDDAG, time(13, 30), time(17, 0)),
            )
        ],
    },
    {
        "slug": "dinxperlo",
        "naam": "Inlooppunt Dinxperlo",
        "korte_naam": "Inlooppunt Dinxperlo",
        "straat": "Markt",
        "huisnummer": "1",
        "postcode": "7091 CX",
        "plaats": "Dinxperlo",
        "kern": Kern.DINXPERLO,
        "telefoon": "0543-000001",
        "toegankelijkheid": "Ingang op straatniveau.",
        "route": "Midden in het centrum van Dinxperlo, bij de bushalte Markt.",
        "volgorde": 2,
        "regels": [
            (Weekdag.DINSDAG, Dagdeel.OCHTEND, time(9, 0), time(12, 0)),
            (Weekdag.DONDERDAG, Dagdeel.MIDDAG, time(13, 30), time(16, 30)),
        ],
    },
]


def load() -> list[Toegangslocatie]:
    locaties = []
    for data in LOCATIES:
        data = dict(data)
        regels = data.pop("regels")
        locatie, created = Toegangslocatie.objects.get_or_create(
            slug=data.pop("slug"), defaults=data
        )
        if created:
            Openingsregel.objects.bulk_create(
                Openingsregel(
                    locatie=locatie, weekdag=dag, dagdeel=dagdeel, start=start, einde=einde
                )
                for dag, dagdeel, start, einde in regels
            )
        locaties.append(locatie)
    return locaties


# Who staffs which opening every week in the demo: two people on each, as recurring shifts.
DEMO_ROOSTER = {
    ("hofstraat", Dagdeel.OCHTEND): ["medewerker", "partner-figulus"],
    ("hofstraat", Dagdeel.MIDDAG): ["medewerker-2", "coordinator"],
    ("dinxperlo", Dagdeel.OCHTEND): ["medewerker-3", "partner-laborijn"],
    ("dinxperlo", Dagdeel.MIDDAG): ["medewerker-3", "partner-laborijn"],
}
# The week the rota opens on and the seven after it, as far as the minimum check looks.
DEMO_WEKEN = 8


def rooster(gebruikers: dict) -> int:
    """A realistic rota around today; returns the number of new shifts.

    The week before the one the rota opens on and what is over since, as it happened;
    from today every opening staffed by recurring shifts (through the rota's rules) for
    DEMO_WEKEN weeks; and exactly one opening still to come short, because someone is on
    leave, so the understaffing warning means something. Running it again tops up what
    is missing and keeps the one gap.
    """
    vandaag = timezone.localdate()
    coordinator = gebruikers.get("coordinator")
    locaties = list(Toegangslocatie.objects.filter(slug__in=["hofstraat", "dinxperlo"]))
    eerste = standaard_week(vandaag)
    tot = eerste + timedelta(weeks=DEMO_WEKEN, days=-1)
    voor = Dienst.objects.count()

    # What is over: written as it happened (the rota itself no longer changes the past).
    Dienst.objects.bulk_create(
        Dienst(
            locatie=rij.locatie,
            datum=rij.moment.datum,
            dagdeel=rij.moment.dagdeel,
            medewerker=gebruikers[naam],
            ingeroosterd_door=coordinator,
        )
        for rij in bezetting(locaties=locaties, van=eerste - timedelta(weeks=1), tot=vandaag)
        if rij.voorbij and not rij.diensten
        for naam in DEMO_ROOSTER.get((rij.locatie.slug, rij.moment.dagdeel), [])
        if naam in gebruikers
    )

    # What is to come: the same people every week.
    for regel in Openingsregel.objects.filter(locatie__in=locaties).select_related("locatie"):
        for naam in DEMO_ROOSTER.get((regel.locatie.slug, regel.dagdeel), []):
            if naam in gebruikers:
                _elke_week(gebruikers[naam], regel, vandaag, tot, coordinator)

    _een_gat(locaties, eerste, vandaag, tot)
    return Dienst.objects.count() - voor


def _elke_week(medewerker, regel, vandaag, tot, coordinator) -> None:
    velden = {
        "medewerker": medewerker,
        "locatie": regel.locatie,
        "weekdag": regel.weekdag,
        "dagdeel": regel.dagdeel,
    }
    reeks = TerugkerendeDienst.objects.filter(**velden, tot__gte=vandaag).first()
    # Refused as a whole only when not one week could be had (nothing but holidays, say).
    with suppress(RoosterFout):
        if reeks is None:
            terugkerende_dienst_instellen(**velden, van=vandaag, tot=tot, door=coordinator)
        elif reeks.tot < tot:
            terugkerende_dienst_wijzigen(reeks=reeks, **velden, tot=tot, door=coordinator)


def _een_gat(locaties, eerste, vandaag, tot) -> None:
    """Exactly one opening to come with too few people: the last one still to come in the
    week the rota opens on (or else the first after it), whose second person is on leave."""
    te_komen = [
        rij for rij in bezetting(locaties=locaties, van=vandaag, tot=tot) if not rij.voorbij
    ]
    if not te_komen or any(rij.tekort for rij in te_komen):
        return
    deze_week = [rij for rij in te_komen if rij.moment.datum < eerste + timedelta(weeks=1)]
    gat = max(deze_week, key=lambda rij: rij.moment.start) if deze_week else te_komen[0]
    namen = DEMO_ROOSTER.get((gat.locatie.slug, gat.moment.dagdeel), [])
    weg = next((d for d in gat.diensten if namen and d.medewerker.username == namen[-1]), None)
    if weg is None:
        return
    dienst_verwijderen(dienst=weg)
    # Refused only while still on another opening that day: the gap stays all the same.
    with suppress(RoosterFout):
        afwezigheid_melden(
            medewerker=weg.medewerker,
            van=gat.moment.datum,
            tot=gat.moment.datum,
            omschrijving="Verlof",
        )
