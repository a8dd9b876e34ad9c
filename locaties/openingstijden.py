"""The one place where opening times are computed.

Pure functions over plain rows, so every owner of a schedule — a toegangslocatie here, a
vestiging in the sociale kaart — feeds the same engine: recurring rules (weekday + dagdeel
+ times, valid from/to), exceptions (closed, extra opening, changed times, with a public
reason) and Dutch public holidays, which close everything unless an exception opens it.
All times are Europe/Amsterdam; `datetime.combine` with the zone gives the right offset on
both sides of the DST switches.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

TZ = ZoneInfo("Europe/Amsterdam")
# How far "volgende opening" looks ahead before it gives up.
HORIZON_DAGEN = 400

GESLOTEN = "gesloten"
EXTRA = "extra"
GEWIJZIGD = "gewijzigd"

DAGDEEL_VOLGORDE = {"ochtend": 0, "middag": 1, "avond": 2}
WEEKDAGEN = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
MAANDEN = [
    "januari", "februari", "maart", "april", "mei", "juni", "juli",
    "augustus", "september", "oktober", "november", "december",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Regel:
    weekdag: int
    dagdeel: str
    start: time
    einde: time
    geldig_van: date | None = None
    geldig_tot: date | None = None

    def geldt_op(self, dag: date) -> bool:
        return (self.geldig_van is None or self.geldig_van <= dag) and (
            self.geldig_tot is None or dag <= self.geldig_tot
        )


@dataclass(frozen=True, slots=True)
class Uitzondering:
    datum: date
    soort: str
    dagdeel: str | None = None  # None: the whole day (only for GESLOTEN)
    start: time | None = None
    einde: time | None = None
    reden: str = ""


@dataclass(frozen=True, slots=True)
class Openingsmoment:
    datum: date
    dagdeel: str
    start: datetime
    einde: datetime
    opmerking: str = ""  # public reason of an extra opening or changed times

    @property
    def sleutel(self) -> tuple[date, str]:
        return (self.datum, self.dagdeel)

    def omvat(self, moment: datetime) -> bool:
        return self.start <= moment < self.einde

    def overlapt(self, ander: Openingsmoment) -> bool:
        return self.start < ander.einde and ander.start < self.einde


@dataclass(frozen=True, slots=True)
class Sluiting:
    """A regular opening that does not happen, with the public reason."""

    datum: date
    dagdeel: str
    reden: str


@lru_cache(maxsize=64)
def feestdagen(jaar: int) -> dict[date, str]:
    return dict(holidays.NL(years=jaar, language="nl"))


def feestdag(dag: date) -> str | None:
    return feestdagen(dag.year).get(dag)


def is_werkdag(dag: date) -> bool:
    return dag.weekday() < 5 and feestdag(dag) is None


def dagen(van: date, tot: date) -> Iterable[date]:
    dag = van
    while dag <= tot:
        yield dag
        dag += timedelta(days=1)


def _tijdstip(dag: date, tijd: time) -> datetime:
    return datetime.combine(dag, tijd, tzinfo=TZ)


class Schema:
    """The schedule of one location: ask it for moments, closures, open now, next opening."""

    def __init__(
        self,
        regels: Iterable[Regel],
        uitzonderingen: Iterable[Uitzondering] = (),
        van: date | None = None,
        tot: date | None = None,
    ):
        # The window the exceptions were loaded for; asking outside it would silently
        # miss closures, so it is refused.
        self.van, self.tot = van, tot
        self.regels = list(regels)
        self._regels: list[list[Regel]] = [[] for _ in range(7)]
        for regel in self.regels:
            self._regels[regel.weekdag].append(regel)
        self._uitzonderingen: dict[date, list[Uitzondering]] = defaultdict(list)
        for uitzondering in uitzonderingen:
            self._uitzonderingen[uitzondering.datum].append(uitzondering)

    def dag(self, dag: date) -> tuple[list[Openingsmoment], list[Sluiting]]:
        """The openings of one day and the regular openings that are cancelled."""
        if (self.van and dag < self.van) or (self.tot and dag > self.tot):
            raise ValueError(f"{dag} is outside the loaded window {self.van}–{self.tot}")
        regulier: dict[str, Regel] = {
            regel.dagdeel: regel for regel in self._regels[dag.weekday()] if regel.geldt_op(dag)
        }
        uitzonderingen = self._uitzonderingen.get(dag, ())
        if not regulier and not uitzonderingen:
            return [], []

        sluitingen: dict[str, str] = {}
        naam = feestdag(dag)
        if naam:
            sluitingen = dict.fromkeys(regulier, naam)
        for u in uitzonderingen:
            if u.soort == GESLOTEN:
                for dagdeel in regulier if u.dagdeel is None else [u.dagdeel]:
                    if dagdeel in regulier:
                        sluitingen[dagdeel] = u.reden or sluitingen.get(dagdeel, "Gesloten")

        slots: dict[str, tuple[time, time, str]] = {
            dagdeel: (regel.start, regel.einde, "")
            for dagdeel, regel in regulier.items()
            if dagdeel not in sluitingen
        }
        for u in uitzonderingen:
            if u.soort in (EXTRA, GEWIJZIGD) and u.dagdeel and u.start and u.einde:
                slots[u.dagdeel] = (u.start, u.einde, u.reden)
                sluitingen.pop(u.dagdeel, None)

        momenten = [
            Openingsmoment(dag, dagdeel, _tijdstip(dag, start), _tijdstip(dag, einde), opmerking)
            for dagdeel, (start, einde, opmerking) in slots.items()
        ]
        momenten.sort(key=lambda m: m.start)
        gesloten = [Sluiting(dag, dagdeel, reden) for dagdeel, reden in sluitingen.items()]
        gesloten.sort(key=lambda s: DAGDEEL_VOLGORDE.get(s.dagdeel, 9))
        return momenten, gesloten

    def momenten(self, van: date, tot: date) -> list[Openingsmoment]:
        return [moment for dag in dagen(van, tot) for moment in self.dag(dag)[0]]

    def sluitingen(self, van: date, tot: date) -> list[Sluiting]:
        return [sluiting for dag in dagen(van, tot) for sluiting in self.dag(dag)[1]]

    def open_op(self, moment: datetime) -> Openingsmoment | None:
        lokaal = moment.astimezone(TZ)
        for opening in self.dag(lokaal.date())[0]:
            if opening.omvat(lokaal):
                return opening
        return None

    def volgende(self, moment: datetime, horizon: int = HORIZON_DAGEN) -> Openingsmoment | None:
        """The first opening that starts after `moment`."""
        eerste = moment.astimezone(TZ).date()
        laatste = eerste + timedelta(days=horizon)
        if self.tot:
            laatste = min(laatste, self.tot)
        for dag in dagen(eerste, laatste):
            for opening in self.dag(dag)[0]:
                if opening.start > moment:
                    return opening
        return None

    def status(self, moment: datetime) -> Status:
        return Status(moment, self.open_op(moment), self.volgende(moment))


@dataclass(frozen=True, slots=True)
class Status:
    """Open now or not, and the next opening, in plain Dutch."""

    moment: datetime
    nu: Openingsmoment | None
    volgende: Openingsmoment | None

    @property
    def nu_open(self) -> bool:
        return self.nu is not None

    @property
    def tekst(self) -> str:
        if self.nu:
            return f"Nu open tot {tijd(self.nu.einde)}"
        if self.volgende is None:
            return "Nu gesloten"
        return f"Nu gesloten. Weer open {wanneer(self.volgende, self.moment)}"


def tijd(moment: datetime | time) -> str:
    return f"{moment.hour}:{moment.minute:02d}"


def datum_tekst(dag: date) -> str:
    return f"{WEEKDAGEN[dag.weekday()]} {dag.day} {MAANDEN[dag.month - 1]}"


def wanneer(opening: Openingsmoment, vanaf: datetime) -> str:
    """'vandaag om 13:30', 'morgen om 9:00' or 'dinsdag 30 maart om 9:00'."""
    vandaag = vanaf.astimezone(TZ).date()
    if opening.datum == vandaag:
        dag = "vandaag"
    elif opening.datum == vandaag + timedelta(days=1):
        dag = "morgen"
    else:
        dag = datum_tekst(opening.datum)
    return f"{dag} om {tijd(opening.start)}"
