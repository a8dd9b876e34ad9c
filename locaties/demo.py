"""Demo front-door locations for `manage.py demo_data`. Phone numbers are fictional."""

from datetime import time, timedelta

from django.utils import timezone

from .models import Dagdeel, Kern, Openingsregel, Toegangslocatie, Weekdag
from .services import RoosterFout, bezetting, dienst_inroosteren

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


# Who staffs which opening in the demo rota (the coming two weeks): some openings are full,
# a few are short, so the rota and the morning warning have something to show.
DEMO_ROOSTER = {
    ("hofstraat", Dagdeel.OCHTEND): ["medewerker", "partner-figulus"],
    ("hofstraat", Dagdeel.MIDDAG): ["medewerker-2", "coordinator"],
    ("dinxperlo", Dagdeel.OCHTEND): ["medewerker-3", "partner-laborijn"],
    ("dinxperlo", Dagdeel.MIDDAG): ["medewerker-3"],
}


def rooster(gebruikers: dict) -> int:
    """Fill the coming two weeks through the rota rules; returns the number of new shifts."""
    vandaag = timezone.localdate()
    coordinator = gebruikers.get("coordinator")
    locaties = list(Toegangslocatie.objects.filter(slug__in=["hofstraat", "dinxperlo"]))
    nieuw = 0
    for rij in bezetting(locaties=locaties, van=vandaag, tot=vandaag + timedelta(days=13)):
        namen = DEMO_ROOSTER.get((rij.locatie.slug, rij.moment.dagdeel), [])
        # Wednesday afternoon at the Hofstraat stays short on purpose.
        if (
            rij.locatie.slug == "hofstraat"
            and rij.moment.datum.weekday() == 2
            and rij.moment.dagdeel == Dagdeel.MIDDAG
        ):
            namen = namen[:1]
        bezet = {d.medewerker.username for d in rij.diensten}
        for naam in namen:
            if naam in bezet or naam not in gebruikers:
                continue
            try:
                dienst_inroosteren(
                    locatie=rij.locatie,
                    datum=rij.moment.datum,
                    dagdeel=rij.moment.dagdeel,
                    medewerker=gebruikers[naam],
                    door=coordinator,
                )
                nieuw += 1
            except RoosterFout:
                continue
    return nieuw
