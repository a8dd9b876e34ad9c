"""Speed of the schedule engine for many locations.

At both sizes (benchmarks/_maten.py) it creates as many locations as the size has aanbod
(every aanbod's vestiging has opening hours of its own, computed by the same engine, and a
search shows "Nu open" for its hits): 500 for the Aalten, 5,000 for the region, with
realistic rules (working-day mornings and afternoons, some with evenings, some part-time,
some rules with a validity period) and a few exceptions each, then prints:

    floor_ms          a bare query loading all locations' rules (the baseline)
    nu_open_all_ms    open now + next opening for all of them (queries included)
    moments_year_ms   one year of openingsmomenten for one location (queries included)
    nu_open_ratio     nu_open_all_ms / floor_ms (should stay within 3)

    python benchmarks/openingstijden.py      (DATABASE_URL must point at PostgreSQL)
"""

import random
import statistics
import sys
import time
from datetime import date, timedelta
from datetime import time as tijd
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _maten import Maat, uitvoeren  # noqa: E402
from _scratch import django_opzetten, scratch_database  # noqa: E402

HERHALINGEN = 15


def best_of(func, repeat=HERHALINGEN) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(sorted(runs)[: max(3, repeat // 2)])


def vul(random_gen, locaties: int):
    from locaties.models import Openingsregel, Toegangslocatie, Uitzondering

    locaties = Toegangslocatie.objects.bulk_create(
        Toegangslocatie(
            naam=f"Vestiging {n}", slug=f"vestiging-{n}", korte_naam=f"Vestiging {n}", straat="Markt",
            huisnummer=str(n), postcode="7121 AA", plaats="Aalten", kern="aalten", telefoon="0543-000000",
        )
        for n in range(locaties)
    )  # fmt: skip
    regels, uitzonderingen = [], []
    vandaag = date.today()
    for locatie in locaties:
        dagen = range(5) if random_gen.random() < 0.7 else random_gen.sample(range(5), 2)
        for dag in dagen:
            regels.append(
                Openingsregel(
                    locatie=locatie,
                    weekdag=dag,
                    dagdeel="ochtend",
                    start=tijd(9),
                    einde=tijd(12, 30),
                )
            )
            if random_gen.random() < 0.8:
                regels.append(
                    Openingsregel(
                        locatie=locatie, weekdag=dag, dagdeel="middag", start=tijd(13, 30), einde=tijd(17),
                        geldig_tot=vandaag + timedelta(days=180) if random_gen.random() < 0.2 else None,
                    )
                )  # fmt: skip
            if random_gen.random() < 0.1:
                regels.append(
                    Openingsregel(
                        locatie=locatie,
                        weekdag=dag,
                        dagdeel="avond",
                        start=tijd(19),
                        einde=tijd(21),
                    )
                )
        for _ in range(3):
            uitzonderingen.append(
                Uitzondering(
                    locatie=locatie,
                    datum=vandaag + timedelta(days=random_gen.randint(0, 300)),
                    soort="gesloten",
                    reden="Teamdag",
                )
            )
    Openingsregel.objects.bulk_create(regels)
    Uitzondering.objects.bulk_create(uitzonderingen)
    return locaties, len(regels)


def meten(maat: Maat) -> int:
    with scratch_database("openingstijden") as url:
        django_opzetten(url)
        from django.db import connection
        from django.utils import timezone

        from locaties.models import Openingsregel, Toegangslocatie, statussen

        locaties, aantal_regels = vul(random.Random(42), maat.aanbod)

        def floor():
            list(
                Openingsregel.objects.values_list(
                    "locatie_id", "weekdag", "dagdeel", "start", "einde", "geldig_van", "geldig_tot"
                )
            )

        def nu_open_all():
            statussen(Toegangslocatie.objects.all())

        een = locaties[0]
        vandaag = timezone.localdate()

        def moments_year():
            een.openingsmomenten(vandaag, vandaag + timedelta(days=364))

        floor_ms = best_of(floor)
        nu_open_ms = best_of(nu_open_all)
        year_ms = best_of(moments_year)
        aantal_momenten = len(een.openingsmomenten(vandaag, vandaag + timedelta(days=364)))
        connection.close()
    print(f"locations={maat.aanbod}")
    print(f"rules={aantal_regels}")
    print(f"floor_ms={floor_ms:.1f}")
    print(f"nu_open_all_ms={nu_open_ms:.1f}")
    print(f"moments_year_ms={year_ms:.1f}")
    print(f"moments_year_count={aantal_momenten}")
    print(f"nu_open_ratio={nu_open_ms / floor_ms:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(uitvoeren(meten))
