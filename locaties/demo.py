"""Demo front-door locations for `manage.py demo_data`. Phone numbers are fictional."""

from datetime import time

from .models import Dagdeel, Kern, Openingsregel, Toegangslocatie, Weekdag

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
