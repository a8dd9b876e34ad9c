"""The one place where opening times are computed.

Pure functions over plain rows, so every owner of a schedule — a toegangslocatie here, a
vestiging in the sociale kaart — feeds the same engine: recurring rules (weekday + dagdeel
+ times, valid from/to), exceptions (closed, extra opening, changed times, with a public
reason) and Dutch public holidays, which close everything unless an exception opens it.
All times are Europe/Amsterdam; `datetime.combine` with the zone gives the right offset on
both sides of the DST switches.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.utils import translation
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext, pgettext_lazy

from toegang.tekst import opsomming

TZ = ZoneInfo("Europe/Amsterdam")
# How far "volgende opening" looks ahead before it gives up.
HORIZON_DAGEN = 400

GESLOTEN = "gesloten"
EXTRA = "extra"
GEWIJZIGD = "gewijzigd"

DAGDEEL_VOLGORDE = {"ochtend": 0, "middag": 1, "avond": 2}
# The dagdelen as a resident's page names them, in the active language (the stored values
# are the Dutch words, which staff pages show as they are).
DAGDELEN = {
    "ochtend": pgettext_lazy("dagdeel", "ochtend"),
    "middag": pgettext_lazy("dagdeel", "middag"),
    "avond": pgettext_lazy("dagdeel", "avond"),
}
# The reason of a closure on a public holiday is its name as holidays.NL gives it in Dutch;
# a closure for which the location gave no reason says ZONDER_REDEN. A resident's page
# names both in its own language (sluitingsreden); a reason the location typed stays as it
# was typed, and staff pages show the Dutch. tests/taal/test_tijden_en_namen.py checks that
# every name holidays.NL gives for the years ahead is here.
ZONDER_REDEN = "Gesloten"
SLUITINGSREDENEN = {
    ZONDER_REDEN: pgettext_lazy("sluiting", "Gesloten"),
    "Nieuwjaarsdag": pgettext_lazy("feestdag", "Nieuwjaarsdag"),
    "Goede vrijdag": pgettext_lazy("feestdag", "Goede vrijdag"),
    "Eerste paasdag": pgettext_lazy("feestdag", "Eerste paasdag"),
    "Tweede paasdag": pgettext_lazy("feestdag", "Tweede paasdag"),
    "Koningsdag": pgettext_lazy("feestdag", "Koningsdag"),
    "Bevrijdingsdag": pgettext_lazy("feestdag", "Bevrijdingsdag"),
    "Hemelvaartsdag": pgettext_lazy("feestdag", "Hemelvaartsdag"),
    "Eerste pinksterdag": pgettext_lazy("feestdag", "Eerste pinksterdag"),
    "Tweede pinksterdag": pgettext_lazy("feestdag", "Tweede pinksterdag"),
    "Eerste kerstdag": pgettext_lazy("feestdag", "Eerste kerstdag"),
    "Tweede kerstdag": pgettext_lazy("feestdag", "Tweede kerstdag"),
}
# Month names of the staff's reports (always Dutch); weekdays are named by weekdag().
MAANDEN = [
    "januari", "februari", "maart", "april", "mei", "juni", "juli",
    "augustus", "september", "oktober", "november", "december",
]  # fmt: skip


class Regel(NamedTuple):
    """A recurring opening. The engine reads rules by position, so any tuple that starts
    with these six fields (a database row, say) serves as a rule too."""

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


class Uitzondering(NamedTuple):
    datum: date
    soort: str
    dagdeel: str | None = None  # None: the whole day (only for GESLOTEN)
    start: time | None = None
    einde: time | None = None
    reden: str = ""


class Openingsmoment(NamedTuple):
    datum: date
    dagdeel: str
    start: datetime
    einde: datetime
    opmerking: str = ""  # public reason of an extra opening or changed times

    @property
    def sleutel(self) -> tuple[date, str]:
        return (self.datum, self.dagdeel)

    def overlapt(self, ander: Openingsmoment) -> bool:
        return self.start < ander.einde and ander.start < self.einde

    def is_voorbij(self, nu: datetime) -> bool:
        """Over: its end has passed. One that is going on now is not over yet."""
        return self.einde <= nu


class Sluiting(NamedTuple):
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


def werkdagen_later(dag: date, aantal: int) -> date:
    """The working day `aantal` working days after `dag` (weekends and holidays skipped)."""
    while aantal > 0:
        dag += timedelta(days=1)
        if is_werkdag(dag):
            aantal -= 1
    return dag


def werkdagen_eerder(dag: date, aantal: int) -> date:
    """The working day `aantal` working days before `dag`: the mirror of werkdagen_later."""
    while aantal > 0:
        dag -= timedelta(days=1)
        if is_werkdag(dag):
            aantal -= 1
    return dag


def werkdagen_tussen(van: date, tot: date) -> int:
    """Working days after `van` up to and including `tot`: 0 on the same day, and on a
    Monday 1 for a question sent on the Friday before."""
    if tot <= van:
        return 0
    # Counted, not walked: the queues ask this for every row, some of them years old. Every
    # whole week holds five weekdays; then the days left over, minus the holidays on a weekday.
    weken, rest = divmod((tot - van).days, 7)
    weekdagen = weken * 5 + sum((tot - timedelta(days=i)).weekday() < 5 for i in range(rest))
    vrij = sum(
        van < dag <= tot and dag.weekday() < 5
        for jaar in range(van.year, tot.year + 1)
        for dag in feestdagen(jaar)
    )
    return weekdagen - vrij


def dagen(van: date, tot: date) -> Iterable[date]:
    dag = van
    while dag <= tot:
        yield dag
        dag += timedelta(days=1)


def _tijdstip(dag: date, tijd: time) -> datetime:
    return datetime.combine(dag, tijd, tzinfo=TZ)


class Schema:
    """The schedule of one location: ask it for moments, closures, open now, next opening."""

    __slots__ = ("van", "tot", "_regels", "_uitzonderingen")

    def __init__(
        self,
        regels: Iterable[Regel],
        uitzonderingen: Iterable[Uitzondering] = (),
        van: date | None = None,
        tot: date | None = None,
    ):
        # The window the exceptions were loaded for; asking outside it would silently
        # miss closures, so it is refused.
        per_weekdag: tuple[list[Regel], ...] = ([], [], [], [], [], [], [])
        for regel in regels:
            per_weekdag[regel[0]].append(regel)
        for lijst in per_weekdag:
            lijst.sort(key=_op_start)
        per_datum: dict[date, list[Uitzondering]] = {}
        for uitzondering in uitzonderingen:
            per_datum.setdefault(uitzondering.datum, []).append(uitzondering)
        self._vul(per_weekdag, per_datum, van, tot)

    @classmethod
    def geindexeerd(cls, per_weekdag, per_datum, van=None, tot=None) -> Schema:
        """For loaders that group rows themselves: rules per weekday, sorted by start time,
        and exceptions per date. Skips the grouping of __init__."""
        schema = cls.__new__(cls)
        schema._vul(per_weekdag, per_datum, van, tot)
        return schema

    def _vul(self, per_weekdag, per_datum, van, tot):
        self.van, self.tot = van, tot
        self._regels = per_weekdag
        self._uitzonderingen = per_datum

    @property
    def regels(self) -> list[Regel]:
        return [Regel._make(regel[:6]) for lijst in self._regels for regel in lijst]

    def dag(self, dag: date) -> tuple[list[Openingsmoment], list[Sluiting]]:
        """The openings of one day and the regular openings that are cancelled."""
        if (self.van and dag < self.van) or (self.tot and dag > self.tot):
            raise ValueError(f"{dag} is outside the loaded window {self.van}–{self.tot}")
        regels = self._regels[dag.weekday()]
        uitzonderingen = self._uitzonderingen.get(dag)
        if not uitzonderingen:
            if not regels:
                return [], []
            if feestdag(dag) is None:
                # The common case: an ordinary day, the rules as they are.
                # Rules by position: weekdag, dagdeel, start, einde, geldig_van, geldig_tot.
                return [
                    Openingsmoment(
                        dag,
                        regel[1],
                        datetime.combine(dag, regel[2], TZ),
                        datetime.combine(dag, regel[3], TZ),
                        "",
                    )
                    for regel in regels
                    if (regel[4] is None or regel[4] <= dag)
                    and (regel[5] is None or dag <= regel[5])
                ], []
        return self._bijzondere_dag(dag, regels, uitzonderingen or ())

    def _bijzondere_dag(self, dag, regels, uitzonderingen):
        geldig = (Regel._make(regel[:6]) for regel in regels)
        regulier = {regel.dagdeel: regel for regel in geldig if regel.geldt_op(dag)}
        sluitingen: dict[str, str] = {}
        naam = feestdag(dag)
        if naam:
            sluitingen = dict.fromkeys(regulier, naam)
        for u in uitzonderingen:
            if u.soort == GESLOTEN:
                for dagdeel in regulier if u.dagdeel is None else [u.dagdeel]:
                    if dagdeel in regulier:
                        sluitingen[dagdeel] = u.reden or sluitingen.get(dagdeel, ZONDER_REDEN)

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
        momenten.sort(key=lambda moment: moment.start)
        gesloten = [Sluiting(dag, dagdeel, reden) for dagdeel, reden in sluitingen.items()]
        gesloten.sort(key=lambda s: DAGDEEL_VOLGORDE.get(s.dagdeel, 9))
        return momenten, gesloten

    def momenten(self, van: date, tot: date) -> list[Openingsmoment]:
        return [moment for dag in dagen(van, tot) for moment in self.dag(dag)[0]]

    def sluitingen(self, van: date, tot: date) -> list[Sluiting]:
        return [sluiting for dag in dagen(van, tot) for sluiting in self.dag(dag)[1]]

    def volgende(self, moment: datetime, horizon: int = HORIZON_DAGEN) -> Openingsmoment | None:
        """The first opening that starts after `moment`, within the loaded window."""
        eerste = moment.astimezone(TZ).date()
        for opening in self.dag(eerste)[0]:
            if opening.start > moment:
                return opening
        return self._eerste_vanaf(eerste + timedelta(days=1), eerste + timedelta(days=horizon))

    def _eerste_vanaf(self, dag: date, laatste: date) -> Openingsmoment | None:
        if self.tot:
            laatste = min(laatste, self.tot)
        while dag <= laatste:
            regels = self._regels[dag.weekday()]
            if regels and dag not in self._uitzonderingen and feestdag(dag) is None:
                # An ordinary day: the first valid rule is the answer; build only that one.
                for regel in regels:
                    if (regel[4] is None or regel[4] <= dag) and (
                        regel[5] is None or dag <= regel[5]
                    ):
                        return Openingsmoment(
                            dag,
                            regel[1],
                            datetime.combine(dag, regel[2], TZ),
                            datetime.combine(dag, regel[3], TZ),
                            "",
                        )
            elif regels or dag in self._uitzonderingen:
                momenten = self.dag(dag)[0]
                if momenten:
                    return momenten[0]
            dag += timedelta(days=1)
        return None

    def status(self, moment: datetime) -> Status:
        """Open now (and until when) and the next opening, looking at today only once."""
        vandaag = moment.astimezone(TZ).date()
        nu = volgende = None
        for opening in self.dag(vandaag)[0]:
            if opening.start <= moment < opening.einde:
                nu = opening
            elif opening.start > moment and volgende is None:
                volgende = opening
        if volgende is None:
            volgende = self._eerste_vanaf(
                vandaag + timedelta(days=1), vandaag + timedelta(days=HORIZON_DAGEN)
            )
        return Status(moment, nu, volgende)


def _op_start(regel) -> time:
    return regel[2]


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
            return gettext("Nu open tot %(tijd)s") % {"tijd": tijd(self.nu.einde)}
        if self.volgende is None:
            return gettext("Nu gesloten")
        return gettext("Nu gesloten. Weer open %(wanneer)s") % {
            "wanneer": wanneer(self.volgende, self.moment)
        }


def tijd(moment: datetime | time) -> str:
    return f"{moment.hour}:{moment.minute:02d}"


def weekdag(nummer: int, taal: str | None = None) -> str:
    """The name of a weekday (0 = Monday) in the active language, or in `taal`: Django's own
    translated names ("maandag", "Monday", "Montag", ...), the one place weekdays are named."""
    if taal:
        with translation.override(taal):
            return str(WEEKDAYS[nummer])
    return str(WEEKDAYS[nummer])


def dagdeel(waarde: str) -> str:
    """A dagdeel ("ochtend") in the active language."""
    return str(DAGDELEN.get(waarde, waarde))


def sluitingsreden(reden: str) -> str:
    """A closure's reason in the active language: a public holiday's name (two holidays on
    one day come as "Bevrijdingsdag; Hemelvaartsdag") or ZONDER_REDEN; any other reason, as
    the location typed it."""
    return "; ".join(str(SLUITINGSREDENEN.get(deel, deel)) for deel in reden.split("; "))


def datum_inwoner(dag: date) -> str:
    """'woensdag 9 december' in the active language, through Django's date formats: the
    format itself is translated (a Django date format, e.g. "l j E" for the genitive month
    of Ukrainian and Polish)."""
    # Translators: a Django date format (l = weekday, j = day, F = month, E = month in the
    # genitive); the result reads like "woensdag 9 december".
    return date_format(dag, pgettext("datumnotatie", "l j F"))


def datum_tekst(dag: date) -> str:
    """'woensdag 9 december' in Dutch whatever the active language: for staff pages and the
    case's timeline, which stay Dutch even when a resident's request writes them."""
    with translation.override(settings.LANGUAGE_CODE):
        return datum_inwoner(dag)


def wanneer(opening: Openingsmoment, vanaf: datetime) -> str:
    """'vandaag om 13:30', 'morgen om 9:00' or 'dinsdag 30 maart om 9:00'."""
    vandaag = vanaf.astimezone(TZ).date()
    if opening.datum == vandaag:
        return gettext("vandaag om %(tijd)s") % {"tijd": tijd(opening.start)}
    if opening.datum == vandaag + timedelta(days=1):
        return gettext("morgen om %(tijd)s") % {"tijd": tijd(opening.start)}
    return gettext("%(dag)s om %(tijd)s") % {
        "dag": datum_inwoner(opening.datum),
        "tijd": tijd(opening.start),
    }


def samenvatting(regels: Iterable[Regel], dag: date) -> list[str]:
    """The weekly rules valid on `dag` in plain words, in the active language:
    ["maandag t/m vrijdag 9:00–12:30 en 13:30–17:00"]. Weekdays with the same hours are
    grouped; a run of three or more becomes "t/m"."""
    per_dag: dict[int, list[str]] = {}
    for regel in sorted((r for r in regels if r.geldt_op(dag)), key=lambda r: (r.weekdag, r.start)):
        per_dag.setdefault(regel.weekdag, []).append(f"{tijd(regel.start)}–{tijd(regel.einde)}")
    groepen: list[tuple[list[int], tuple[str, ...]]] = []
    for nummer in sorted(per_dag):
        uren = tuple(per_dag[nummer])
        if groepen and groepen[-1][1] == uren and groepen[-1][0][-1] == nummer - 1:
            groepen[-1][0].append(nummer)
        else:
            groepen.append(([nummer], uren))
    zinnen = []
    for weekdagen, uren in groepen:
        namen = [weekdag(d) for d in weekdagen]
        if len(namen) >= 3:
            dagen_tekst = pgettext("weekdagen", "%(eerste)s t/m %(laatste)s") % {
                "eerste": namen[0],
                "laatste": namen[-1],
            }
        else:
            dagen_tekst = opsomming(namen)
        zinnen.append(f"{dagen_tekst} {opsomming(list(uren))}")
    return zinnen
