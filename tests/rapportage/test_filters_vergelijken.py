"""Reports cannot be narrowed by comparing filters (issue 15, item 6, second half).

The onlooker of test_perioden_vergelijken.py, now with every filter the dashboard offers as
well: they open /rapportage/ for each month, a span of months and the year, with no filter,
each kern, each kanaal, each levensdomein and combinations, download tables as CSV and the
year overview, and write every count of questions that came in down.

They know what each number counts: the questions of some months, some kernen and some
kanalen (filtered on a levensdomein: the questions about it), or of one day; the
commitments due (and those overdue today) of some kernen and kanalen; the first contacts;
the reactions of some kanalen. (A share kept on time is shown only where both its counts
may be; the counts of commitments due are what is checked here.) So they can add
and subtract what they saw, and they know that no count is negative: a 0 shown says every
part of it is 0. What they learn exactly is every sum that is a combination of the numbers
shown (linear algebra: the span of the shown sums). A small count ("<5") is given away when
its own sum is such a combination: total minus the shown parts, a kern's page next to the
table per kern, the year next to its months, or anything longer.

The rule under test (rapportage.afscherming, `kruistabel`): per month, the questions per
kern × kanaal with every margin — and per levensdomein the same for the questions about it —
are protected as one table, and every count of questions in on any page, export or the
year overview is a cell of it (or the sum of such cells over months). The commitments
overdue now are one such table too, and the reactions one table of all kanalen. So are the
call-backs (asked, called, on time, reached) and the loop closed with the resident (its six
cells: the partner's outcome by the resident's answer), whose percentages give a part away
wherever its whole is shown: the onlooker writes those parts down too. So are the visits at
the counter (booked, cancelled, came, did not come) and the referrals: what was sent per
kern × kanaal, and at its margin per receiver and outcome, and the reasons of declining
(the onlooker knows every referral ended one way and was declined for one reason). The
openings per location and the reactions per kanaal are one table of a month each. The year
overview reads all of these, and the onlooker writes its columns down next to the pages.
Before these were one table each, the page of one kanaal next to the page without a filter
gave back a receiver's, a reason's and a visit's small count, and comparing the year with
its months the reactions and openings (run against the code before: see the tests below).
"""

import csv
import io
import random
from datetime import date, timedelta

import pytest
import time_machine
from openpyxl import load_workbook

from intake.models import (
    Bezoekafspraak,
    Doorverwijzing,
    DoorverwijzingStatus,
    Feedback,
    Kanaal,
    Route,
    Terugbelpoging,
    Terugbelverzoek,
)
from locaties.models import Dienst, Kern, Toegangslocatie
from locaties.openingstijden import MAANDEN
from rapportage import services
from rapportage.afscherming import KLEIN, VERBORGEN, Cel
from rapportage.cijfers import LOCATIE_VAN_KANAAL, Filters
from rapportage.figuren import dashboard_maken
from rapportage.figuren.figuur import GEEN
from rapportage.figuren.witte_vlekken import KOLOMMEN, witte_vlekken_maken
from rapportage.perioden import AANGEPAST, DAG, JAAR, MAAND, Periode, periode_voor, tot_vandaag
from rapportage.witte_vlekken import Vlekfilters
from sociale_kaart.models import Levensdomein, Zoeksignaal
from tests.accounts.factories import UserFactory
from tests.intake.factories import AfspraakFactory, DoorverwijzingFactory, voordeur_openen
from tests.sociale_kaart.factories import AanbodFactory, DoelgroepFactory, OrganisatieFactory
from toegang.accounts.roles import Rol, Team

from .gegevens import hulpvraag, moment

pytestmark = pytest.mark.usefixtures("kalender", "levensdomeinen")

VANDAAG = date(2025, 6, 16)
KERNEN = [*Kern.values, ""]  # "": not asked or not said
KANALEN = list(Kanaal.values)
ROUTES = list(Route.values)
DOMEINEN = ["zorg", "wonen", "werk-en-inkomen"]


@pytest.fixture(autouse=True)
def nu():
    with time_machine.travel(moment(2025, 6, 16, 12), tick=False):
        yield


def voorjaar_maken(zaad: int) -> None:
    """April and May 2025 as a small front door has them: many from Aalten, some from
    Dinxperlo, a few from Bredevoort and the buurtschappen, over every kanaal. Some ask to be
    called back, some of their referrals ask the resident "Is de hulp gestart?"."""
    kansen = random.Random(zaad)
    extra = random.Random(zaad + 1000)  # the call-backs and loops: the rest stays as it was
    meer = random.Random(zaad + 2000)  # referrals, visits and the rota: the rest stays too
    ontvangers_maken()
    bezetting_maken(meer)
    collega = UserFactory(rol=Rol.MEDEWERKER)
    per_kern = {"aalten": (10, 18), "dinxperlo": (5, 10), "bredevoort": (1, 6), "": (0, 3)}
    for maand in (4, 5):
        for kern in KERNEN:
            laag, hoog = per_kern.get(kern, (0, 2))
            for _ in range(kansen.randint(laag, hoog)):
                dag = kansen.randint(1, 28)
                gesloten = kansen.random() < 0.6
                h = hulpvraag(
                    moment(2025, maand, dag),
                    kern=kern,
                    kanaal=kansen.choices(KANALEN, [3, 1, 4, 4, 1, 1])[0],
                    domeinen=kansen.sample(DOMEINEN, kansen.choice([0, 1, 1, 2])),
                    afgesloten=moment(2025, maand + (dag > 20), 1 + (dag * 3) % 15)
                    if gesloten
                    else None,
                    route=kansen.choices(ROUTES, [4, 4, 2, 1])[0],
                    contact=moment(2025, maand, dag + 1) if kansen.random() < 0.7 else None,
                )
                if not gesloten and kansen.random() < 0.4:  # a commitment overdue today
                    AfspraakFactory(hulpvraag=h, deadline=date(2025, 6, kansen.randint(2, 13)))
                if gesloten and kansen.random() < 0.6:  # kept, on time or late
                    AfspraakFactory(hulpvraag=h, deadline=date(2025, maand, min(dag + 2, 28)),
                                    gedaan_op=moment(2025, maand, min(dag + kansen.choice([1, 4]), 28)))  # fmt: skip
                if extra.random() < 0.35:
                    terugbellen_maken(
                        h, moment(2025, maand, dag), collega, gebeld=extra.random() < 0.75,
                        op_tijd=extra.random() < 0.75, bereikt=extra.random() < 0.7,
                    )  # fmt: skip
                if meer.random() < 0.45:
                    verwijzing_maken(h, moment(2025, maand, dag, 11), meer)
                if meer.random() < 0.3:
                    bezoek_maken(h, moment(2025, maand, dag, 10), meer)
                if extra.random() < 0.35:
                    lus_maken(
                        h, moment(2025, maand, dag, 15), afgerond=extra.random() < 0.55,
                        antwoord=extra.choices(["ja", "nee", "", "nog-niet"], [5, 2, 2, 1])[0],
                    )  # fmt: skip
        for kanaal in KANALEN:  # anonymous reactions after closing
            for _ in range(kansen.choice([0, 1, 2, 3, 6, 8])):
                Feedback.objects.create(
                    kanaal=kanaal, bereikbaar=4, gehoord=3, geholpen=4,
                    ingevuld_op=date(2025, maand, kansen.randint(1, 28)),
                )  # fmt: skip


def terugbellen_maken(h, op, door, *, gebeld=True, op_tijd=True, bereikt=True) -> None:
    """A call-back asked for with `h` at `op` for that afternoon: called or not, in the
    window or that evening, reached or not."""
    start = op.replace(hour=13)
    verzoek = Terugbelverzoek.objects.create(
        hulpvraag=h, via=Terugbelverzoek.Via.WEBSITE, telefoon="06 12345678", datum=op.date(),
        dagdeel="middag", venster_start=start, venster_einde=start.replace(hour=17), aangemaakt=op,
    )  # fmt: skip
    if gebeld:
        Terugbelpoging.objects.create(
            terugbelverzoek=verzoek, nummer=1, venster_start=start,
            venster_einde=start.replace(hour=17), door=door, bereikt=bereikt,
            gedaan_op=start.replace(hour=14 if op_tijd else 20),
        )  # fmt: skip
        if bereikt:
            Terugbelverzoek.objects.filter(pk=verzoek.pk).update(
                status=Terugbelverzoek.Status.BEREIKT
            )


# Receivers of referrals: three organisations and a team (label on the page -> key).
ORGANISATIES = ["Stichting Welzijn Oost", "Humanitas Aalten", "Schuldhulp Achterhoek"]
ONTVANGERS: dict[str, tuple] = {}
UITKOMSTEN = ("open", "geaccepteerd", "afgewezen", "verlopen")
# Reasons of declining: two said often, one now and then, and one-offs.
REDENEN = ["Geen plek", "Geen plek", "Buiten ons werkgebied", "Wachtlijst te lang"]


def ontvangers_maken() -> None:
    ONTVANGERS.clear()
    for naam in ORGANISATIES:
        organisatie = OrganisatieFactory(naam=naam)
        ONTVANGERS[naam] = ("organisatie", str(organisatie.pk))
    ONTVANGERS[f"{Team.SCHULDDIENSTVERLENING.label} (intern)"] = (
        "team",
        Team.SCHULDDIENSTVERLENING.value,
    )


def verwijzing_maken(h, op, kansen) -> None:
    """A referral of `h` sent at `op` to one of the receivers, and what became of it."""
    soort, sleutel = kansen.choice(list(ONTVANGERS.values()))
    uitkomst = kansen.choices(UITKOMSTEN, [3, 5, 3, 1])[0]
    reden = ""
    if uitkomst == "afgewezen":
        reden = kansen.choice(REDENEN) if kansen.random() < 0.8 else f"Eenmalig {kansen.random()}"
    verwijzing = DoorverwijzingFactory(
        hulpvraag=h,
        organisatie_id=sleutel if soort == "organisatie" else None,
        team=sleutel if soort == "team" else "",
    )
    Doorverwijzing.objects.filter(pk=verwijzing.pk).update(
        status={"open": DoorverwijzingStatus.VERSTUURD}.get(uitkomst, uitkomst),
        verstuurd_op=op,
        geaccepteerd_op=op + timedelta(days=2) if uitkomst == "geaccepteerd" else None,
        afgewezen_op=op + timedelta(days=1) if uitkomst == "afgewezen" else None,
        verlopen_op=op + timedelta(days=5) if uitkomst == "verlopen" else None,
        reden=reden,
    )


BEZOEK = {
    "gepland": Bezoekafspraak.Status.GEPLAND,
    "afgezegd": Bezoekafspraak.Status.GEANNULEERD,
    "vervallen": Bezoekafspraak.Status.VERVALLEN,
    "geweest": Bezoekafspraak.Status.GEKOMEN,
    "niet_gekomen": Bezoekafspraak.Status.NIET_GEKOMEN,
}


def bezoek_maken(h, op, kansen) -> None:
    """A visit booked with `h` for `op`, at one of the counters, and how it went."""
    status = BEZOEK[kansen.choices(list(BEZOEK), [1, 2, 1, 6, 2])[0]]
    Bezoekafspraak.objects.create(
        hulpvraag=h, locatie=Toegangslocatie.objects.get(slug=kansen.choice(["hofstraat", "dinxperlo"])),
        telefoon="06 12345678", status=status, datum=op.date(), dagdeel="ochtend", start=op,
        einde=op + timedelta(minutes=30),
    )  # fmt: skip


def bezetting_maken(kansen) -> None:
    """The two counters open (voordeur_openen) and staffed in April and May: mostly two
    colleagues, now and then one (under strength)."""
    hofstraat, dinxperlo = voordeur_openen()
    mensen = [UserFactory(rol=Rol.MEDEWERKER) for _ in range(2)]
    diensten = []
    for locatie, dagdelen in [(hofstraat, ["ochtend", "middag"]), (dinxperlo, ["ochtend"])]:
        dag = date(2025, 4, 1)
        while dag < date(2025, 6, 1):
            for dagdeel in dagdelen:
                aantal = 1 if kansen.random() < (0.1 if locatie is hofstraat else 0.3) else 2
                diensten += [Dienst(locatie=locatie, datum=dag, dagdeel=dagdeel, medewerker=m)
                             for m in mensen[:aantal]]  # fmt: skip
            dag += timedelta(days=1)
    Dienst.objects.bulk_create(diensten)


def lus_maken(h, op, *, afgerond=True, antwoord="ja") -> None:
    """A referral of `h` whose resident was asked at `op` whether the help started."""
    verwijzing = DoorverwijzingFactory(hulpvraag=h)
    Doorverwijzing.objects.filter(pk=verwijzing.pk).update(
        status=DoorverwijzingStatus.AFGEROND if afgerond else DoorverwijzingStatus.GEACCEPTEERD,
        uitkomst="Geholpen." if afgerond else "",
        inwoner_gevraagd_op=op,
        inwoner_antwoord=antwoord,
    )


# --- the onlooker ---------------------------------------------------------------------------------


def te_laat(laag="", kernen=KERNEN, kanalen=KANALEN) -> frozenset:
    """The commitments overdue today of these kernen and kanalen."""
    return frozenset(("te laat", laag, k, c) for k in kernen for c in kanalen)


def gesloten(maanden, laag="", kernen=KERNEN, kanalen=KANALEN, routes=ROUTES) -> frozenset:
    """The questions closed in these months by these routes, kernen and kanalen."""
    return frozenset(
        ("gesloten", laag, m, r, k, c)
        for m in maanden
        for r in routes
        for k in kernen
        for c in kanalen
    )


def contacten(maanden, laag="", kernen=KERNEN, kanalen=KANALEN) -> frozenset:
    """The first contacts in these months with questions of these kernen and kanalen."""
    return frozenset(("contact", laag, m, k, c) for m in maanden for k in kernen for c in kanalen)


def afspraken(maanden, laag="", kernen=KERNEN, kanalen=KANALEN) -> frozenset:
    """The commitments due in these months (and judged) of these kernen and kanalen."""
    return frozenset(("afspraak", laag, m, k, c) for m in maanden for k in kernen for c in kanalen)


TERUGBELLEN = ("gevraagd", "gebeld", "op_tijd", "bereikt")


def terugbellen(naam, maanden, laag="", kernen=KERNEN, kanalen=KANALEN) -> frozenset:
    """The call-backs asked for in these months (`naam`: all asked, called, called on time,
    reached) with questions of these kernen and kanalen."""
    return frozenset(
        ("terugbellen", naam, laag, m, k, c) for m in maanden for k in kernen for c in kanalen
    )


LUS = ("goed_ja", "goed_nee", "goed_open", "open_ja", "open_nee", "open_open")
# What each count or percentage of the loop closed counts: some of its six cells.
LUS_DELEN = {
    "gevraagd": LUS,
    "goed": ("goed_ja", "goed_nee", "goed_open"),
    "ja": ("goed_ja", "open_ja"),
    "goed_ja": ("goed_ja",),
    "beantwoord": ("goed_ja", "goed_nee", "open_ja", "open_nee"),
    "verschil": ("goed_nee", "open_ja"),
}


def lus(naam, maanden, laag="", kernen=KERNEN, kanalen=KANALEN) -> frozenset:
    """The referrals whose resident was asked in these months (`naam`: a key of LUS_DELEN)."""
    return frozenset(
        ("lus", cel, laag, m, k, c)
        for cel in LUS_DELEN[naam]
        for m in maanden
        for k in kernen
        for c in kanalen
    )


def reacties(maanden, kanalen=KANALEN) -> frozenset:
    """The reactions in these months by these kanalen."""
    return frozenset(("reactie", m, c) for m in maanden for c in kanalen)


def alle_redenen() -> set[str]:
    """Every reason of declining given (as the database compares them: trimmed, lower case);
    "" for a referral not declined."""
    return {r.strip().lower() for r in Doorverwijzing.objects.values_list("reden", flat=True)}


def verwijzingen(
    ms, laag="", kernen=KERNEN, kanalen=KANALEN, ontvangers=None, uitkomsten=UITKOMSTEN,
    redenen=None,
) -> frozenset:  # fmt: skip
    """The referrals sent in these months with questions of these kernen and kanalen, to
    these receivers (None: all), that ended so (`uitkomsten`), declined with these reasons
    (None: any)."""
    ontvangers = list(ONTVANGERS.values()) if ontvangers is None else ontvangers
    return frozenset(
        ("verwijzing", o, u, r, laag, m, k, c)
        for o in ontvangers
        for u in uitkomsten
        for r in ((alle_redenen() if redenen is None else redenen) if u == "afgewezen" else [""])
        for m in ms
        for k in kernen
        for c in kanalen
    )


def bezoeken(ms, laag="", kernen=KERNEN, kanalen=KANALEN, statussen=tuple(BEZOEK)) -> frozenset:
    """The visits booked for a day in these months with questions of these kernen and
    kanalen, that went so (`statussen`)."""
    return frozenset(
        ("bezoek", s, laag, m, k, c) for s in statussen for m in ms for k in kernen for c in kanalen
    )


def openingen(ms, locaties, sterk=(True, False)) -> frozenset:
    """The openings of these locations in these months, at strength or not (`sterk`)."""
    return frozenset(("opening", slug, z, m) for slug in locaties for z in sterk for m in ms)


def locaties_van(filters: Filters) -> list[str]:
    """The counters a filter is about (cijfers.locaties_in_scope)."""
    kernen = {"hofstraat": "aalten", "dinxperlo": "dinxperlo"}
    return [
        slug
        for slug in ("hofstraat", "dinxperlo")
        if (not filters.kern or kernen[slug] == filters.kern)
        and (not filters.kanaal or LOCATIE_VAN_KANAAL.get(filters.kanaal) == slug)
    ]


def deel(maanden, laag="", kernen=KERNEN, kanalen=KANALEN) -> frozenset:
    """The questions of these months, kernen and kanalen: as the onlooker's unknowns (one per
    month, kern and kanaal; `laag` a levensdomein, "" for all questions)."""
    return frozenset((laag, m, k, c) for m in maanden for k in kernen for c in kanalen)


PRIEM = (1 << 61) - 1


class Toeschouwer:
    """Writes down every count shown with what it counts, and adds and subtracts."""

    def __init__(self):
        self.gezien: dict[frozenset, int] = {}
        self.klein: dict[frozenset, str] = {}  # what a "<5" counts -> where it was seen
        self.dagen: dict[date, set] = {}  # month -> its days seen (each day: one unknown)
        self.sluitdagen: dict[tuple, set] = {}  # the same for the days of closing, per route

    def noteer(self, wat: frozenset, waarde, waar: str) -> None:
        if isinstance(waarde, Cel):
            waarde = waarde.exportwaarde
        if isinstance(waarde, str) and waarde.isdigit():
            waarde = int(waarde)
        if waarde == GEEN:
            return  # not shown here at all
        if waarde == KLEIN:
            self.klein.setdefault(wat, waar)
        elif waarde != VERBORGEN:
            assert isinstance(waarde, int), (waar, waarde)
            assert self.gezien.setdefault(wat, waarde) == waarde, f"{waar}: two numbers"

    def deel(self, wat: frozenset, procent, geheel, waar: str) -> None:
        """A percentage of a shown whole gives its part away (to the rounding the export
        keeps, one decimal: exact for wholes under 500)."""
        if isinstance(geheel, Cel):
            geheel = geheel.aantal
        getal = getattr(procent, "getal", procent)
        if isinstance(geheel, int) and isinstance(getal, int | float):
            self.noteer(wat, round(getal * geheel / 100), waar)

    def dag(self, dag: date, waarde, waar: str) -> None:
        self.dagen.setdefault(dag.replace(day=1), set()).add(dag)
        self.noteer(frozenset([("dag", dag)]), waarde, waar)

    def sluitdag(self, laag: str, dag: date, routes, waarde, waar: str) -> None:
        self.sluitdagen.setdefault((laag, dag.replace(day=1)), set()).add(dag)
        self.noteer(frozenset(("sluitdag", laag, dag, r) for r in routes), waarde, waar)

    def terug_te_rekenen(self) -> list[str]:
        """Where a "<5" was seen whose count follows from what was shown."""
        nul = set().union(*(wat for wat, waarde in self.gezien.items() if waarde == 0))
        spil: dict = {}  # reduced row echelon form, modulo a large prime

        def verminder(rij: dict) -> dict:
            for kolom in [k for k in rij if k in spil]:
                factor = rij.get(kolom)
                if factor:
                    for k, v in spil[kolom].items():
                        nieuw = (rij.get(k, 0) - factor * v) % PRIEM
                        if nieuw:
                            rij[k] = nieuw
                        else:
                            rij.pop(k, None)
            return rij

        rijen = [dict.fromkeys(wat - nul, 1) for wat in self.gezien]
        # A month's days add up to its questions.
        for maand, dagen in self.dagen.items():
            rij = {("dag", d): 1 for d in dagen}
            rij |= dict.fromkeys(deel([maand]) - nul, PRIEM - 1)
            rijen.append(rij)
        # A month's days of closing add up to its closed questions, per route.
        for (laag, maand), dagen in self.sluitdagen.items():
            for r in ROUTES:
                rij = {("sluitdag", laag, d, r): 1 for d in dagen}
                rij |= dict.fromkeys(gesloten([maand], laag, routes=[r]) - nul, PRIEM - 1)
                rijen.append(rij)
        for rij in rijen:
            rij = verminder(rij)
            if not rij:
                continue
            kolom = min(rij, key=repr)
            inverse = pow(rij[kolom], -1, PRIEM)
            rij = {k: v * inverse % PRIEM for k, v in rij.items()}
            for andere in spil.values():
                if kolom in andere:
                    factor = andere[kolom]
                    for k, v in rij.items():
                        nieuw = (andere.get(k, 0) - factor * v) % PRIEM
                        if nieuw:
                            andere[k] = nieuw
                        else:
                            andere.pop(k, None)
            spil[kolom] = rij
        return sorted(
            waar for wat, waar in self.klein.items() if not verminder(dict.fromkeys(wat - nul, 1))
        )


# --- what each page, table and export counts -------------------------------------------------------


def kern_van(label):
    return "" if label == "Onbekend" else next(k for k, n in Kern.choices if n == label)


def kanaal_van(label):
    return next(k for k, n in Kanaal.choices if n == label)


def pagina_noteren(t: Toeschouwer, d, filters: Filters, domein: str) -> None:
    """Every count of questions in on one dashboard (as the page and its exports show it)."""
    p = d.periode
    waar = f"{p.naam}, kern={filters.kern} kanaal={filters.kanaal} domein={domein}"
    maanden = [m.van for m in p.maanden()]
    kernen = [filters.kern] if filters.kern else KERNEN
    kanalen = [filters.kanaal] if filters.kanaal else KANALEN

    def stuk(ms=maanden, ks=kernen, cs=kanalen, laag=domein):
        return deel(ms, laag, [k for k in ks if k in kernen], [c for c in cs if c in kanalen])

    for rij in d.figuur("instroom-kern").rijen:
        wat = stuk() if rij.totaal else stuk(ks=[kern_van(rij.label)])
        t.noteer(wat, rij.cellen[0], f"{waar}: per kern, {rij.label}")
    for rij in d.figuur("instroom-kanaal").rijen:
        wat = stuk() if rij.totaal else stuk(cs=[kanaal_van(rij.label)])
        t.noteer(wat, rij.cellen[0], f"{waar}: per kanaal, {rij.label}")
    balies = list(LOCATIE_VAN_KANAAL)
    locaties = [[b] for b in balies] + [[k for k in KANALEN if k not in balies], KANALEN]
    for rij, cs in zip(d.figuur("instroom-locatie").rijen, locaties, strict=True):
        t.noteer(stuk(cs=cs), rij.cellen[0], f"{waar}: per locatie, {rij.label}")
    tijd = d.figuur("instroom-tijd").rijen
    emmers = (
        p.emmers() if p.eenheid != DAG or not (filters.kern or filters.kanaal or domein) else []
    )
    if p.eenheid == DAG and emmers:
        for dag, rij in zip(emmers, tijd, strict=False):
            t.dag(dag, rij.cellen[0], f"{waar}: per dag, {rij.label}")
    elif p.eenheid != DAG:
        for maand, rij in zip(emmers, tijd, strict=False):
            t.noteer(stuk(ms=[maand]), rij.cellen[0], f"{waar}: per maand, {rij.label}")
    t.noteer(stuk(), tijd[-1].cellen[0], f"{waar}: per {p.eenheid}, totaal")
    namen = dict(Levensdomein.objects.values_list("naam", "slug"))
    for rij in d.figuur("instroom-levensdomein").rijen:
        slug = namen[rij.label]
        if not domein or slug == domein:
            t.noteer(stuk(laag=slug), rij.cellen[0], f"{waar}: per levensdomein, {rij.label}")
    for periode, rij in zip([p, d.vorige, d.vorig_jaar], d.figuur("afspraken").rijen, strict=False):
        ms = [m.van for m in periode.maanden()]
        wat = afspraken(ms, domein, kernen, kanalen)
        t.noteer(wat, rij.cellen[0], f"{waar}: afspraken, {periode.naam}")
    nu = d.figuur("afspraken").rijen[-1]
    assert nu.label.startswith("Nu te laat")
    t.noteer(te_laat(domein, kernen, kanalen), nu.cellen[0], f"{waar}: nu te laat")
    for rij in d.figuur("tevredenheid").rijen:
        cs = kanalen if rij.totaal else [kanaal_van(rij.label)]
        t.noteer(reacties(maanden, cs), rij.cellen[0], f"{waar}: reacties, {rij.label}")
    for periode, rij in zip(
        [p, d.vorige, d.vorig_jaar], d.figuur("terugbellen").rijen, strict=True
    ):
        ms = [m.van for m in periode.maanden()]
        for naam, cel in zip(TERUGBELLEN, [rij.cellen[i] for i in (0, 1, 2, 4)], strict=True):
            t.noteer(terugbellen(naam, ms, domein, kernen, kanalen), cel, f"{waar}: terugbellen, {naam}, {periode.naam}")  # fmt: skip
    for periode, rij in zip([p, d.vorige, d.vorig_jaar], d.figuur("kringloop").rijen, strict=True):
        ms = [m.van for m in periode.maanden()]

        def van_lus(naam, ms=ms):
            return lus(naam, ms, domein, kernen, kanalen)

        gevraagd, goed, ja, beide, beantwoord, verschil = rij.cellen
        plek = f"{waar}: kringloop, {periode.naam}"
        t.noteer(van_lus("gevraagd"), gevraagd, plek)
        t.noteer(van_lus("beantwoord"), beantwoord, plek)
        for naam, procent in [("goed", goed), ("ja", ja), ("goed_ja", beide)]:
            t.deel(van_lus(naam), procent, gevraagd, f"{plek}, {naam}")
        t.deel(van_lus("verschil"), verschil, beantwoord, f"{plek}, verschil")
    routes_noteren(t, d, filters, domein, waar)
    verwijzingen_noteren(t, d, filters, domein, waar)
    binnengekomen = next(r for r in d.figuur("kerncijfers").rijen if "binnengekomen" in r.label)
    for periode, cel in zip([p, d.vorige, d.vorig_jaar], binnengekomen.cellen, strict=True):
        ms = [m.van for m in periode.maanden()]
        t.noteer(stuk(ms=ms), cel, f"{waar}: kerncijfers, {periode.naam}")


def verwijzingen_noteren(t: Toeschouwer, d, filters: Filters, domein: str, waar: str) -> None:
    """Every count of referrals (per receiver, per reason, the key figures), of visits and
    of openings on one dashboard; a percentage gives its part away where its whole shows."""
    p = d.periode
    maanden = [m.van for m in p.maanden()]
    kernen = [filters.kern] if filters.kern else KERNEN
    kanalen = [filters.kanaal] if filters.kanaal else KANALEN

    def stuk(ms=maanden, **velden):
        return verwijzingen(ms, domein, kernen, kanalen, **velden)

    for rij in d.figuur("doorverwijzingen").rijen:
        o = None if rij.totaal else [ONTVANGERS[rij.label]]
        verstuurd, geaccepteerd, afgewezen, _, verlopen = rij.cellen
        plek = f"{waar}: doorverwijzingen, {rij.label}"
        t.noteer(stuk(ontvangers=o), verstuurd, plek)
        t.noteer(stuk(ontvangers=o, uitkomsten=["verlopen"]), verlopen, f"{plek}, verlopen")
        for u, procent in [("geaccepteerd", geaccepteerd), ("afgewezen", afgewezen)]:
            t.deel(stuk(ontvangers=o, uitkomsten=[u]), procent, verstuurd, f"{plek}, {u}")
    rijen = d.figuur("redenen").rijen
    getoond = {rij.label.strip().lower() for rij in rijen if not rij.totaal}
    for rij in rijen:
        if rij.totaal:
            redenen = None
        elif rij.label == "Andere redenen":
            redenen = alle_redenen() - getoond
        else:
            redenen = [rij.label.strip().lower()]
        t.noteer(stuk(uitkomsten=["afgewezen"], redenen=redenen), rij.cellen[0], f"{waar}: reden, {rij.label}")  # fmt: skip
    kern = {r.label: r.cellen for r in d.figuur("kerncijfers").rijen}
    for periode, verstuurd, geaccepteerd in zip(
        [p, d.vorige, d.vorig_jaar],
        kern["Doorverwijzingen verstuurd"],
        kern["Doorverwijzingen geaccepteerd"],
        strict=True,
    ):
        ms = [m.van for m in periode.maanden()]
        plek = f"{waar}: kerncijfers verwijzingen, {periode.naam}"
        t.noteer(stuk(ms=ms), verstuurd, plek)
        t.deel(stuk(ms=ms, uitkomsten=["geaccepteerd"]), geaccepteerd, verstuurd, plek)
    for periode, rij in zip(
        [p, d.vorige, d.vorig_jaar], d.figuur("bezoekafspraken").rijen, strict=True
    ):
        ms = [m.van for m in periode.maanden()]

        def bezocht(statussen, ms=ms):
            return bezoeken(ms, domein, kernen, kanalen, statussen)

        geboekt, afgezegd, geweest, niet_gekomen, procent = rij.cellen
        plek = f"{waar}: bezoekafspraken, {periode.naam}"
        t.noteer(bezocht(tuple(BEZOEK)), geboekt, plek)
        t.noteer(bezocht(("afgezegd", "vervallen")), afgezegd, f"{plek}, afgezegd")
        t.noteer(bezocht(("geweest",)), geweest, f"{plek}, geweest")
        t.noteer(bezocht(("niet_gekomen",)), niet_gekomen, f"{plek}, niet gekomen")
        if geweest.zichtbaar and niet_gekomen.zichtbaar:
            t.noteer(bezocht(("geweest", "niet_gekomen")), geweest.aantal + niet_gekomen.aantal, plek)  # fmt: skip
    locaties = locaties_van(filters)
    namen = {"Gemeentekantoor Hofstraat": "hofstraat", "Inloop Dinxperlo": "dinxperlo"}
    for rij in d.figuur("bezetting").rijen:
        slugs = locaties if rij.totaal else [namen[rij.label]]
        plek = f"{waar}: bezetting, {rij.label}"
        t.noteer(openingen(maanden, slugs), rij.cellen[0], plek)
        t.noteer(openingen(maanden, slugs, [True]), rij.cellen[1], f"{plek}, op sterkte")


def route_van(label):
    return next(r for r, n in Route.choices if n == label)


def routes_noteren(t: Toeschouwer, d, filters: Filters, domein: str, waar: str) -> None:
    """Every count of questions closed on one dashboard (per route, over time, the key
    figures, the lead times) and of first contacts (the lead times)."""
    p = d.periode
    maanden = [m.van for m in p.maanden()]
    kernen = [filters.kern] if filters.kern else KERNEN
    kanalen = [filters.kanaal] if filters.kanaal else KANALEN

    def stuk(ms=maanden, routes=ROUTES):
        return gesloten(ms, domein, kernen, kanalen, routes)

    laagdrempelig = [Route.SOCIALE_BASIS, Route.VOORLIGGEND_VELD]
    for rij in d.figuur("route").rijen:
        if rij.totaal:
            wat = stuk()
        elif rij.label.startswith("Waarvan"):
            wat = stuk(routes=laagdrempelig)
        else:
            wat = stuk(routes=[route_van(rij.label)])
        t.noteer(wat, rij.cellen[0], f"{waar}: per route, {rij.label}")
    kolommen = [*ROUTES, None]  # None: the total of the row
    dagen = p.eenheid == DAG and not (filters.kern or filters.kanaal)
    rijen = d.figuur("route-tijd").rijen
    for e, rij in zip([*(p.emmers() if len(rijen) > 2 else [p.van]), None], rijen, strict=True):
        for r, cel in zip(kolommen, rij.cellen, strict=True):
            routes = ROUTES if r is None else [r]
            if e is None or not (dagen or p.eenheid == DAG):
                ms = maanden if e is None else [e]
                t.noteer(stuk(ms=ms, routes=routes), cel, f"{waar}: route-tijd, {rij.label}")
            elif dagen:
                t.sluitdag(domein, e, routes, cel, f"{waar}: route-tijd, {rij.label}")
            else:
                t.noteer(stuk(routes=routes), cel, f"{waar}: route-tijd, {rij.label}")
    afgesloten = next(r for r in d.figuur("kerncijfers").rijen if r.label.endswith("afgesloten"))
    for periode, cel in zip([p, d.vorige, d.vorig_jaar], afgesloten.cellen, strict=True):
        ms = [m.van for m in periode.maanden()]
        t.noteer(stuk(ms=ms), cel, f"{waar}: kerncijfers afgesloten, {periode.naam}")
    doorloop = {r.label: r.cellen[0] for r in d.figuur("doorlooptijden").rijen}
    t.noteer(stuk(), doorloop["Van vraag tot afsluiten"], f"{waar}: doorlooptijden, afgesloten")
    t.noteer(
        contacten(maanden, domein, kernen, kanalen),
        doorloop["Van vraag tot eerste contact"],
        f"{waar}: doorlooptijden, eerste contact",
    )


def gepubliceerd_onder_filter(d, filters: Filters, domein: str) -> list[str]:
    """What a filtered page shows that is no cell of a month's table of kern × kanaal: the
    questions of one kern per day, or about two levensdomeinen at once."""
    if not (filters.kern or filters.kanaal or domein):
        return []
    fout = []
    if d.periode.eenheid == DAG and len(d.figuur("instroom-tijd").rijen) > 2:
        fout.append(f"{d.periode.naam}, {filters}: per dag")
    namen = dict(Levensdomein.objects.values_list("naam", "slug"))
    for rij in d.figuur("instroom-levensdomein").rijen:
        if domein and namen[rij.label] != domein and rij.cellen[0] != "–":
            fout.append(f"{d.periode.naam}, {filters}: {domein} en {rij.label}")
    return fout


PERIODEN = [
    periode_voor(MAAND, date(2025, 4, 1)),
    periode_voor(MAAND, date(2025, 5, 1)),
    Periode(AANGEPAST, date(2025, 4, 1), date(2025, 5, 31)),
    tot_vandaag(periode_voor(JAAR, VANDAAG), VANDAAG),
]


def filterkeuzes(domeinen: dict[str, int], combinaties: bool) -> list[tuple[Filters, str]]:
    """No filter, every single filter, and (`combinaties`) combinations of the kernen with
    most questions."""
    keuzes = [(Filters(), "")]
    keuzes += [(Filters(kern=k), "") for k in Kern.values]
    keuzes += [(Filters(kanaal=k), "") for k in KANALEN]
    keuzes += [(Filters(levensdomein=pk), slug) for slug, pk in domeinen.items()]
    if not combinaties:
        return keuzes
    for kern in ("aalten", "dinxperlo", "bredevoort"):
        keuzes += [(Filters(kern=kern, kanaal=k), "") for k in KANALEN]
        keuzes += [(Filters(kern=kern, levensdomein=pk), s) for s, pk in domeinen.items()]
    keuzes += [(Filters(kanaal="website", levensdomein=pk), s) for s, pk in domeinen.items()]
    return keuzes


def alles_bekijken(t: Toeschouwer) -> list[str]:
    """Every period under every filter choice, straight from the dashboard's own maker
    (what /rapportage/ renders). Returns what a filtered page showed beyond the table."""
    domeinen = dict(Levensdomein.objects.filter(slug__in=DOMEINEN).values_list("slug", "pk"))
    buiten = []
    for periode in PERIODEN:
        # Combinations of filters for a month and the span (the year adds no new cells).
        for filters, domein in filterkeuzes(domeinen, periode.soort != JAAR):
            d = dashboard_maken(periode=periode, filters=filters, vandaag=VANDAAG)
            pagina_noteren(t, d, filters, domein)
            buiten += gepubliceerd_onder_filter(d, filters, domein)
    return buiten


def jaaroverzicht_noteren(t: Toeschouwer, inhoud: bytes) -> None:
    """The year overview: per month, per filter value, the questions that came in."""
    blad = load_workbook(io.BytesIO(inhoud)).worksheets[0]
    regels = list(blad.iter_rows(values_only=True))
    kop = next(i for i, r in enumerate(regels) if r and r[0] == "Filter")
    kolom = regels[kop].index("Hulpvragen binnengekomen")
    domeinen = dict(Levensdomein.objects.values_list("naam", "slug"))
    for regel in regels[kop + 1 :]:
        soort, waarde, maand = regel[:3]
        ms = [date(2025, MAANDEN.index(maand) + 1, 1)]
        if soort == "Kern":
            wat = deel(ms, kernen=[kern_van(waarde)])
        elif soort == "Kanaal":
            wat = deel(ms, kanalen=[kanaal_van(waarde)])
        elif soort == "Levensdomein":
            wat = deel(ms, laag=domeinen[waarde])
        else:
            wat = deel(ms)
        t.noteer(wat, regel[kolom], f"jaaroverzicht, {soort} {waarde}, {maand}")
        laag = domeinen[waarde] if soort == "Levensdomein" else ""
        ks = [kern_van(waarde)] if soort == "Kern" else KERNEN
        cs = [kanaal_van(waarde)] if soort == "Kanaal" else KANALEN
        t.noteer(
            frozenset(("afspraak", laag, m, k, c) for m in ms for k in ks for c in cs),
            regel[regels[kop].index("Afspraken met uiterste datum voorbij")],
            f"jaaroverzicht, afspraken, {soort} {waarde}, {maand}",
        )

        def kolom_van(naam, regel=regel):
            return regel[regels[kop].index(naam)]

        plek = f"jaaroverzicht, {soort} {waarde}, {maand}"
        verstuurd = kolom_van("Doorverwijzingen verstuurd")
        t.noteer(verwijzingen(ms, laag, ks, cs), verstuurd, f"{plek}, verstuurd")
        t.noteer(verwijzingen(ms, laag, ks, cs, uitkomsten=["verlopen"]), kolom_van("Verlopen"), f"{plek}, verlopen")  # fmt: skip
        for u, naam in [("geaccepteerd", "Geaccepteerd (%)"), ("afgewezen", "Afgewezen (%)")]:
            t.deel(verwijzingen(ms, laag, ks, cs, uitkomsten=[u]), kolom_van(naam), verstuurd, f"{plek}, {u}")  # fmt: skip
        if soort != "Levensdomein":
            f = Filters(kern=ks[0] if soort == "Kern" else "", kanaal=cs[0] if soort == "Kanaal" else "")  # fmt: skip
            geheel = kolom_van("Openingen")
            t.noteer(openingen(ms, locaties_van(f)), geheel, f"{plek}, openingen")
            t.deel(openingen(ms, locaties_van(f), [True]), kolom_van("Met genoeg bezetting (%)"), geheel, f"{plek}, op sterkte")  # fmt: skip
        if soort in ("Alle", "Kanaal"):
            t.noteer(reacties(ms, cs), kolom_van("Reacties"), f"{plek}, reacties")
        for naam, routes in [("Hulpvragen afgesloten", ROUTES)] + [
            (f"Afgesloten: {label}", [r]) for r, label in Route.choices
        ]:
            t.noteer(
                gesloten(ms, laag, ks, cs, routes),
                regel[regels[kop].index(naam)],
                f"jaaroverzicht, {naam}, {soort} {waarde}, {maand}",
            )


def csv_noteren(t: Toeschouwer, inhoud: bytes, wat_per_label: dict, waar: str) -> None:
    lezer = csv.reader(io.StringIO(inhoud.decode("utf-8-sig")), delimiter=";")
    next(lezer)
    for label, waarde, *_ in lezer:
        t.noteer(wat_per_label[label], waarde, f"{waar}: {label}")


def exports_bekijken(t: Toeschouwer, client, django_capture_on_commit_callbacks) -> None:
    """Through the real pages, as a beleid user: two tables as CSV, and the year overview."""
    april = [date(2025, 4, 1)]
    for vraag, wat_per_label in [
        (
            "periode=maand&datum=2025-04-01&kanaal=telefoon",
            {(Kern(k).label if k else "Onbekend"): deel(april, kernen=[k], kanalen=["telefoon"])
             for k in KERNEN} | {"Totaal": deel(april, kanalen=["telefoon"])},
        ),
        (
            "periode=maand&datum=2025-04-01",
            {(Kern(k).label if k else "Onbekend"): deel(april, kernen=[k]) for k in KERNEN}
            | {"Totaal": deel(april)},
        ),
    ]:  # fmt: skip
        antwoord = client.get(f"/rapportage/tabel/instroom-kern.csv?{vraag}")
        assert antwoord.status_code == 200
        csv_noteren(t, antwoord.content, wat_per_label, f"CSV {vraag}")
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post("/rapportage/exports/", {"jaar": 2025})
    export = services.export_aanvragen(jaar=2025)[0]
    export.refresh_from_db()
    assert antwoord.status_code == 303 and export.bestand
    jaaroverzicht_noteren(t, client.get(f"/rapportage/exports/{export.pk}/bestand/").content)


# --- the tests ---------------------------------------------------------------------------------------


@pytest.fixture
def beleid_client(client, beleid):
    client.force_login(beleid)
    return client


def test_a_kerns_page_next_to_the_table_per_kern_gives_no_small_count_back(beleid_client):
    """April: twenty questions from Aalten, eight from Dinxperlo, one from Lintelo. The table
    per kern shows Lintelo "<5", so it hides Dinxperlo too. Dinxperlo's own page must not
    then show its eight: 29 − 20 − 8 = 1."""
    for n in range(20):
        hulpvraag(moment(2025, 4, 1 + n), kern="aalten")
    for _ in range(8):
        hulpvraag(moment(2025, 4, 2), kern="dinxperlo", kanaal="telefoon")
    hulpvraag(moment(2025, 4, 9), kern="lintelo", kanaal="telefoon")

    def per_kern(vraag):
        d = beleid_client.get(f"/rapportage/?periode=maand&datum=2025-04-01{vraag}").context["d"]
        return {rij.label: rij.cellen[0].tekst for rij in d.figuur("instroom-kern").rijen}

    alle = per_kern("")
    assert (alle["Totaal"], alle["Aalten"], alle["Lintelo"]) == ("29", "20", KLEIN)
    assert alle["Dinxperlo"] == VERBORGEN
    assert per_kern("&kern=dinxperlo")["Totaal"] == VERBORGEN
    t = Toeschouwer()
    for vraag, filters in [("", Filters()), ("&kern=dinxperlo", Filters(kern="dinxperlo"))]:
        d = beleid_client.get(f"/rapportage/?periode=maand&datum=2025-04-01{vraag}").context["d"]
        pagina_noteren(t, d, filters, "")
    assert t.terug_te_rekenen() == []


def test_the_overdue_commitments_of_one_kern_give_no_small_count_back(beleid_client):
    """Overdue today: twenty commitments in Aalten, eight in Dinxperlo, one in Lintelo. Each
    kern's page shows its own; all pages together must not give Lintelo's one back."""
    for kern, aantal in [("aalten", 20), ("dinxperlo", 8), ("lintelo", 1)]:
        for _ in range(aantal):
            AfspraakFactory(hulpvraag=hulpvraag(moment(2025, 5, 5), kern=kern),
                            deadline=date(2025, 6, 2))  # fmt: skip

    def nu_te_laat(vraag):
        d = beleid_client.get(f"/rapportage/?periode=maand&datum=2025-06-01{vraag}").context["d"]
        return d.figuur("afspraken").rijen[-1].cellen[0].tekst

    gezien = {kern: nu_te_laat(f"&kern={kern}") for kern in Kern.values}
    assert (nu_te_laat(""), gezien["aalten"], gezien["lintelo"]) == ("29", "20", KLEIN)
    assert gezien["dinxperlo"] == VERBORGEN


def test_the_commitments_due_of_one_kern_give_no_small_count_back(beleid_client):
    """Due and kept in April: twenty in Aalten, eight in Dinxperlo, one in Lintelo."""
    for kern, aantal in [("aalten", 20), ("dinxperlo", 8), ("lintelo", 1)]:
        for _ in range(aantal):
            AfspraakFactory(hulpvraag=hulpvraag(moment(2025, 4, 1), kern=kern),
                            deadline=date(2025, 4, 7), gedaan_op=moment(2025, 4, 3))  # fmt: skip

    def afspraken_in_april(vraag):
        d = beleid_client.get(f"/rapportage/?periode=maand&datum=2025-04-01{vraag}").context["d"]
        return d.figuur("afspraken").rijen[0].cellen[0].tekst

    gezien = {kern: afspraken_in_april(f"&kern={kern}") for kern in Kern.values}
    assert (afspraken_in_april(""), gezien["aalten"], gezien["lintelo"]) == ("29", "20", KLEIN)
    assert gezien["dinxperlo"] == VERBORGEN


def test_a_kerns_routes_next_to_the_others_give_no_small_count_back(beleid_client):
    """Closed in April: twenty in Aalten in the sociale basis, eight in Dinxperlo and one in
    Lintelo by maatwerk. All kernen show nine by maatwerk: Dinxperlo's page must not then
    show its eight."""
    for kern, aantal, route in [
        ("aalten", 20, Route.SOCIALE_BASIS),
        ("dinxperlo", 8, Route.MAATWERK),
        ("lintelo", 1, Route.MAATWERK),
    ]:
        for _ in range(aantal):
            hulpvraag(moment(2025, 4, 2), kern=kern, afgesloten=moment(2025, 4, 10), route=route)
    t = Toeschouwer()
    for filters in [Filters(), *(Filters(kern=k) for k in Kern.values)]:
        vraag = f"&kern={filters.kern}" if filters.kern else ""
        d = beleid_client.get(f"/rapportage/?periode=maand&datum=2025-04-01{vraag}").context["d"]
        routes_noteren(t, d, filters, "", str(filters))
    assert t.klein
    assert t.terug_te_rekenen() == []


def test_a_kanaals_call_backs_and_loops_next_to_the_others_give_no_small_count_back(
    beleid_client,
):
    """April: twenty questions by website, eight by phone, one by e-mail, each asking to be
    called back and with a referral whose resident was asked whether the help started. Each
    kanaal's page shows its own call-backs and loops; next to the page without a filter they
    must not give the e-mail's one back (29 − 20 − 8 = 1)."""
    collega = UserFactory(rol=Rol.MEDEWERKER)
    for kanaal, aantal in [("website", 20), ("telefoon", 8), ("email", 1)]:
        for _ in range(aantal):
            h = hulpvraag(moment(2025, 4, 2), kanaal=kanaal)
            terugbellen_maken(h, moment(2025, 4, 2), collega)
            lus_maken(h, moment(2025, 4, 2, 15))
    t = Toeschouwer()
    for filters in [Filters(), *(Filters(kanaal=k) for k in KANALEN)]:
        vraag = f"&kanaal={filters.kanaal}" if filters.kanaal else ""
        d = beleid_client.get(f"/rapportage/?periode=maand&datum=2025-04-01{vraag}").context["d"]
        pagina_noteren(t, d, filters, "")
    assert any("terugbellen" in waar for waar in t.klein.values())
    assert any("kringloop" in waar for waar in t.klein.values())
    assert t.terug_te_rekenen() == []


def test_a_kanaals_referrals_and_visits_next_to_the_others_give_no_small_count_back(
    beleid_client,
):
    """April: twenty questions by website, eight by phone, one by e-mail, each referred to
    the same organisation (declined, for a reason given often) and each with a visit at the
    counter. Each kanaal's page shows its own referrals, reasons and visits; next to the page
    without a filter they must not give the e-mail's one back (29 − 20 − 8 = 1)."""
    ONTVANGERS.clear()
    organisatie = OrganisatieFactory(naam=ORGANISATIES[0])
    ONTVANGERS[organisatie.naam] = ("organisatie", str(organisatie.pk))
    voordeur_openen()
    for kanaal, aantal in [("website", 20), ("telefoon", 8), ("email", 1)]:
        for _ in range(aantal):
            h = hulpvraag(moment(2025, 4, 2), kanaal=kanaal)
            verwijzing = DoorverwijzingFactory(hulpvraag=h, organisatie=organisatie)
            Doorverwijzing.objects.filter(pk=verwijzing.pk).update(
                status=DoorverwijzingStatus.AFGEWEZEN, verstuurd_op=moment(2025, 4, 2, 11),
                afgewezen_op=moment(2025, 4, 3), reden="Geen plek",
            )  # fmt: skip
            Bezoekafspraak.objects.create(
                hulpvraag=h, locatie=Toegangslocatie.objects.get(slug="hofstraat"),
                telefoon="06 12345678", status=Bezoekafspraak.Status.GEKOMEN,
                datum=date(2025, 4, 3), dagdeel="ochtend", start=moment(2025, 4, 3, 10),
                einde=moment(2025, 4, 3, 10, 30),
            )  # fmt: skip
    t = Toeschouwer()
    for filters in [Filters(), *(Filters(kanaal=k) for k in KANALEN)]:
        vraag = f"&kanaal={filters.kanaal}" if filters.kanaal else ""
        d = beleid_client.get(f"/rapportage/?periode=maand&datum=2025-04-01{vraag}").context["d"]
        waar = f"april, kanaal={filters.kanaal}"
        verwijzingen_noteren(t, d, filters, "", waar)
    for soort in ("doorverwijzingen", "bezoekafspraken"):
        assert any(soort in waar for waar in t.klein.values()), soort
    terug = t.terug_te_rekenen()
    assert not terug, "\n".join(terug)


@pytest.mark.parametrize("zaad", [3, 15, 42])
def test_no_filter_period_or_export_gives_a_small_count_back(
    zaad, beleid_client, django_capture_on_commit_callbacks
):
    voorjaar_maken(zaad)
    t = Toeschouwer()
    buiten = alles_bekijken(t)
    exports_bekijken(t, beleid_client, django_capture_on_commit_callbacks)
    assert t.klein, "the data should have small counts, or this tests nothing"
    terug = t.terug_te_rekenen()
    assert not terug, "\n".join(terug)
    assert buiten == []


def test_the_pages_show_the_same_cells_as_the_dashboard_maker(beleid_client):
    """The sweep above reads `dashboard_maken`; the page of a beleid user is that."""
    voorjaar_maken(7)
    for vraag, filters in [
        ("", Filters()),
        ("&kern=bredevoort", Filters(kern="bredevoort")),
        ("&kern=aalten&kanaal=website", Filters(kern="aalten", kanaal="website")),
    ]:
        pagina = beleid_client.get(f"/rapportage/?periode=maand&datum=2025-05-01{vraag}")
        zelf = dashboard_maken(periode=PERIODEN[1], filters=filters, vandaag=VANDAAG)
        for sleutel in ("instroom-kern", "instroom-kanaal", "instroom-tijd", "kerncijfers"):
            assert pagina.context["d"].figuur(sleutel).rijen == zelf.figuur(sleutel).rijen


# --- witte vlekken (issue 18, part 3) ---------------------------------------------------------------
#
# The onlooker opens /rapportage/witte-vlekken/ too, under every kern, levensdomein and
# doelgroep, and writes down every count of people's signals: the declines per kind of
# reason, the referrals to a team, the questions closed by maatwerk (the very cells of the
# dashboard's route table: the same unknowns as `gesloten`), the searches without a result
# and the "nee" answers. A levensdomein or doelgroep is its own set (`laag`), as above.
# The aanbod with a waiting list is public and no count of people: not written down.

VLEK_REDENEN = ["geen-plek", "buiten-doelgroep", "anders"]


def vlek(signaal, maanden, laag, kernen=KERNEN, delen=("",)) -> frozenset:
    return frozenset(
        ("vlek", signaal, d, laag, m, k) for d in delen for m in maanden for k in kernen
    )


def vlekken_maken(zaad: int) -> None:
    """Declines (to an aanbod for jongeren or not), referrals to a team and searches in
    April and May, spread over the kernen and three levensdomeinen."""

    kansen = random.Random(zaad)
    jongeren = DoelgroepFactory(naam="Jongeren", slug="jongeren")
    voor_jongeren = AanbodFactory()
    voor_jongeren.doelgroepen.add(jongeren)
    domeinen = dict(Levensdomein.objects.filter(slug__in=DOMEINEN).values_list("slug", "pk"))
    per_kern = {"aalten": (6, 14), "dinxperlo": (3, 8), "bredevoort": (0, 4), "": (0, 2)}
    for maand in (4, 5):
        for kern in KERNEN:
            laag, hoog = per_kern.get(kern, (0, 2))
            for _ in range(kansen.randint(laag, hoog)):
                dag = kansen.randint(1, 26)
                h = hulpvraag(moment(2025, maand, dag), kern=kern,
                              domeinen=kansen.sample(DOMEINEN, kansen.choice([0, 1, 1, 2])))  # fmt: skip
                if kansen.random() < 0.6:
                    ontvanger = (
                        {"organisatie": voor_jongeren.organisatie, "aanbod": voor_jongeren}
                        if kansen.random() < 0.4
                        else {}
                    )
                    DoorverwijzingFactory(
                        hulpvraag=h, status="afgewezen", verstuurd_op=moment(2025, maand, dag),
                        afgewezen_op=moment(2025, maand, dag + 1), reden="x",
                        reden_soort=kansen.choice(VLEK_REDENEN), **ontvanger,
                    )  # fmt: skip
                else:
                    DoorverwijzingFactory(
                        hulpvraag=h, organisatie=None, team="maatwerk-wmo", grondslag="geen",
                        gegevens=[], toestemming_op=None, toestemming_wijze="",
                        status="verstuurd", verstuurd_op=moment(2025, maand, dag),
                    )  # fmt: skip
            for _ in range(kansen.randint(laag, hoog)):
                Zoeksignaal.objects.create(
                    dag=date(2025, maand, kansen.randint(1, 28)), zoektekst="bus", kern=kern,
                    levensdomein_id=domeinen[kansen.choice(DOMEINEN)] if kansen.random() < 0.5 else None,
                    doelgroep=jongeren if kansen.random() < 0.3 else None,
                    aantal_resultaten=kansen.choice([0, 0, 2]),
                    gevonden=kansen.choice([None, False, True]),
                )  # fmt: skip


def vlekken_noteren(t: Toeschouwer, pagina, kern: str, domein: str, doelgroep: str) -> None:
    """Every count of people's signals on one witte-vlekken page (as its exports show it)."""
    p = pagina.periode
    waar = f"witte vlekken {p.naam}, kern={kern} domein={domein} doelgroep={doelgroep}"
    maanden = [m.van for m in p.maanden()]
    namen = dict(Levensdomein.objects.values_list("naam", "slug"))

    def wat(kolom, kernen, ld):
        """What a column counts of these kernen and levensdomein ("" for all)."""
        (signaal, deel), _ = kolom
        if signaal == "maatwerk":
            return None if doelgroep else gesloten(maanden, ld, kernen, routes=[Route.MAATWERK])
        if signaal != "afgewezen":
            return vlek(signaal, maanden, (ld, doelgroep), kernen)
        delen = VLEK_REDENEN if deel == "*" else [deel]
        return vlek(signaal, maanden, (ld, doelgroep), kernen, delen)

    def rij_noteren(rij, kernen, ld, plek):
        for kolom, cel in zip(KOLOMMEN, rij.cellen, strict=True):
            onbekend = wat(kolom, kernen, ld)
            if onbekend is None or cel == "–":
                continue
            t.noteer(onbekend, cel, f"{waar}: {plek}, {kolom[1]}")

    alle_kernen = [kern] if kern else KERNEN
    for rij, kolom in zip(pagina.figuur("witte-vlekken").rijen, KOLOMMEN, strict=True):
        onbekend = wat(kolom, alle_kernen, domein)
        if onbekend is not None and rij.cellen[0] != "–":
            t.noteer(onbekend, rij.cellen[0], f"{waar}: overzicht, {rij.label}")
    for rij in pagina.figuur("witte-vlekken-kern").rijen:
        kernen = alle_kernen if rij.totaal else [kern_van(rij.label)]
        rij_noteren(rij, kernen, domein, f"per kern {rij.label}")
    for rij in pagina.figuur("witte-vlekken-levensdomein").rijen:
        rij_noteren(rij, alle_kernen, namen[rij.label], f"per levensdomein {rij.label}")


def test_no_witte_vlekken_filter_or_period_gives_a_small_count_back(db):
    """The witte-vlekken pages under every filter and period, next to the dashboard's route
    tables (the questions closed by maatwerk are their cells)."""
    voorjaar_maken(5)
    vlekken_maken(5)
    domeinen = dict(Levensdomein.objects.filter(slug__in=DOMEINEN).values_list("slug", "pk"))
    jongeren = (
        __import__("sociale_kaart.models", fromlist=["Doelgroep"])
        .Doelgroep.objects.get(slug="jongeren")
        .pk
    )
    keuzes = [("", "", "")] + [(k, "", "") for k in Kern.values]
    keuzes += [("", s, "") for s in domeinen] + [("", "", "jongeren")]
    keuzes += [(k, s, "") for k in ("aalten", "dinxperlo") for s in domeinen]
    keuzes += [(k, "", "jongeren") for k in ("aalten", "dinxperlo")]
    t = Toeschouwer()
    for periode in PERIODEN:
        for kern, domein, doelgroep in keuzes:
            filters = Vlekfilters(
                kern=kern,
                levensdomein=domeinen.get(domein),
                doelgroep=jongeren if doelgroep else None,
            )
            pagina = witte_vlekken_maken(periode=periode, filters=filters, vandaag=VANDAAG)
            vlekken_noteren(t, pagina, kern, domein, doelgroep)
        for filters, domein in [
            (Filters(), ""),
            *((Filters(kern=k), "") for k in Kern.values),
            *((Filters(levensdomein=pk), s) for s, pk in domeinen.items()),
            *(
                (Filters(kern=k, levensdomein=pk), s)
                for k in ("aalten", "dinxperlo")
                for s, pk in domeinen.items()
            ),
        ]:
            d = dashboard_maken(periode=periode, filters=filters, vandaag=VANDAAG)
            routes_noteren(t, d, filters, domein, f"dashboard {periode.naam} {filters}")
    assert any("witte vlekken" in waar for waar in t.klein.values()), "nothing small: no test"
    assert t.terug_te_rekenen() == []


def test_a_kerns_witte_vlekken_next_to_the_table_per_kern_give_no_small_count_back(beleid_client):
    """May: for every signal twenty in Aalten, eight in Dinxperlo, one in Lintelo. The table
    per kern shows Lintelo "<5", so it hides Dinxperlo too; Dinxperlo's own page and the
    total must not then give Lintelo's one back (29 − 20 − 8 = 1)."""
    for kern, aantal in [("aalten", 20), ("dinxperlo", 8), ("lintelo", 1)]:
        for _ in range(aantal):
            h = hulpvraag(moment(2025, 5, 5), kern=kern, afgesloten=moment(2025, 5, 9),
                          route=Route.MAATWERK)  # fmt: skip
            DoorverwijzingFactory(
                hulpvraag=h, status="afgewezen", verstuurd_op=moment(2025, 5, 5),
                afgewezen_op=moment(2025, 5, 6), reden="Vol.", reden_soort="geen-plek",
            )  # fmt: skip
            DoorverwijzingFactory(
                hulpvraag=hulpvraag(moment(2025, 5, 6), kern=kern), organisatie=None,
                team="maatwerk-wmo", grondslag="geen", gegevens=[], toestemming_op=None,
                toestemming_wijze="", status="verstuurd", verstuurd_op=moment(2025, 5, 6),
            )  # fmt: skip
            Zoeksignaal.objects.create(dag=date(2025, 5, 7), zoektekst="bus", kern=kern,
                                       aantal_resultaten=0, gevonden=False)  # fmt: skip
    t = Toeschouwer()
    for kern in ["", *Kern.values]:
        vraag = f"&kern={kern}" if kern else ""
        pagina = beleid_client.get(
            f"/rapportage/witte-vlekken/?periode=maand&datum=2025-05-01{vraag}"
        )
        vlekken_noteren(t, pagina.context["pagina"], kern, "", "")
        d = beleid_client.get(f"/rapportage/?periode=maand&datum=2025-05-01{vraag}").context["d"]
        routes_noteren(t, d, Filters(kern=kern), "", f"dashboard {kern}")
    soorten = {waar.split(", ")[-1] for waar in t.klein.values() if "witte vlekken" in waar}
    assert len(soorten) >= 5, soorten  # every signal had its "<5"
    assert t.terug_te_rekenen() == []
