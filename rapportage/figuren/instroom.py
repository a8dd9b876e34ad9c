"""The questions that came in: per time, kanaal, toegangslocatie, kern and levensdomein.

Every count here, under any filter, is a cell of one table per month (`atoom`): the
questions per kern × kanaal with every margin and the days, and the same per levensdomein,
protected together, so no page, filter, export or the year overview can undo another. A
longer period shows the sums of its months (rapportage.afscherming).
"""

from __future__ import annotations

from intake.models import Kanaal
from locaties.models import Kern, Toegangslocatie
from sociale_kaart.models import Levensdomein

from ..afscherming import ALLE, Cel, Tabel, kruistabel, per_periode
from ..cijfers import LOCATIE_VAN_KANAAL, Filters, Instroom
from ..perioden import DAG, Periode
from .figuur import (
    GEEN,
    KERNEN,
    Grafiek,
    Reeks,
    Rij,
    Soort,
    bouwstenen,
    per_emmer,
    per_kern_kanaal,
    procent,
)

TIJD = Soort(
    "instroom-tijd",
    "Hulpvragen binnengekomen per {per}",
    "Alle nieuwe hulpvragen, via elk kanaal, op de dag dat ze binnenkwamen.",
    ("{Per}", "Hulpvragen"),
)
KANAAL = Soort(
    "instroom-kanaal",
    "Hulpvragen per kanaal",
    "Hoe de hulpvragen binnenkwamen.",
    ("Kanaal", "Hulpvragen", "Aandeel"),
)
LOCATIE = Soort(
    "instroom-locatie",
    "Hulpvragen per toegangslocatie",
    "Aan welke balie de hulpvraag binnenkwam. Vragen via telefoon, website, e-mail of "
    "een partner horen bij geen locatie.",
    ("Toegangslocatie", "Hulpvragen", "Aandeel"),
)
KERN = Soort(
    "instroom-kern",
    "Hulpvragen per kern",
    "Uit welke kern of buurtschap de inwoner komt. ‘Onbekend’: niet gevraagd of niet gezegd.",
    ("Kern", "Hulpvragen", "Aandeel"),
)
LEVENSDOMEIN = Soort(
    "instroom-levensdomein",
    "Hulpvragen per levensdomein",
    "Over welke levensdomeinen de hulpvragen gaan. Eén hulpvraag kan over meer "
    "levensdomeinen gaan; daarom staat hier geen totaal.",
    ("Levensdomein", "Hulpvragen"),
)
SOORTEN = (TIJD, KANAAL, LOCATIE, KERN, LEVENSDOMEIN)

PER = {"day": "dag", "month": "maand", "quarter": "kwartaal"}


def kanaal_naam(kanaal: str) -> str:
    return Kanaal(kanaal).label if kanaal in Kanaal.values else "Onbekend kanaal"


# The kanalen that come in at no counter: one row of the table per toegangslocatie.
GEEN_LOCATIE = "geen-locatie"


def atoom(instroom: Instroom, maand: Periode) -> dict:
    """One month's questions in, protected as one table, whatever filter a page has: per
    kern × kanaal with every margin (and the kanalen at no counter together, the rows of
    the table per toegangslocatie), and the days of the month adding up to the total; then
    for each levensdomein the same table of the questions about it (a question can be about
    several, so these add up to nothing and are protected each on its own). `instroom`:
    the month's counts of all questions (no filter). Cells (levensdomein or "", kern,
    kanaal) with ALLE for a margin, and ("dag", day); `gefilterd` reads a page's cells."""
    tellingen, kanalen = per_kern_kanaal(instroom.per_kern_kanaal)
    zonder = {GEEN_LOCATIE: [k for k in kanalen if k not in LOCATIE_VAN_KANAAL]}
    t = Tabel()
    kruistabel(t, "", tellingen, KERNEN, kanalen, zonder)
    balies = [("", ALLE, k) for k in LOCATIE_VAN_KANAAL]
    t.lijn([*balies, ("", ALLE, GEEN_LOCATIE)], ("", ALLE, ALLE))
    dagen = maand.emmers()
    for dag in dagen:
        t.cel(("dag", dag), instroom.per_emmer.get(dag, 0))
    t.lijn([("dag", d) for d in dagen], ("", ALLE, ALLE))
    cellen = t.afschermen()
    per_domein: dict = {}
    for (domein, kern, kanaal), n in instroom.per_levensdomein_kern_kanaal.items():
        per_domein.setdefault(domein, {})[kern, kanaal] = n
    for domein, aantallen in per_domein.items():
        t = Tabel()
        kruistabel(t, domein, per_kern_kanaal(aantallen)[0], KERNEN, kanalen, zonder)
        cellen |= t.afschermen()
    return cellen


def gefilterd(cellen: dict, filters: Filters) -> dict:
    """The cells of one month's table (`atoom`) that a page with these filters shows: the
    total, per kanaal, per toegangslocatie, per kern, per day (only without a filter: per
    kern or kanaal the days would be cells of no table), per levensdomein (filtered on
    one: only that one; two at once are no table either)."""
    laag = filters.levensdomein or ""
    kern, kanaal = filters.kern or ALLE, filters.kanaal or ALLE

    def cel(laag, r, k):
        return cellen.get((laag, r, k), Cel(0))

    uitkomst = {"totaal": cel(laag, kern, kanaal)}
    kanalen = [s[2] for s in cellen if s[:2] == ("", ALLE) and s[2] not in (ALLE, GEEN_LOCATIE)]
    for k in kanalen:
        uitkomst["kanaal", k] = cel(laag, kern, k) if kanaal in (ALLE, k) else Cel(0)
    if kanaal == ALLE:
        uitkomst[GEEN_LOCATIE] = cel(laag, kern, GEEN_LOCATIE)
    else:
        uitkomst[GEEN_LOCATIE] = Cel(0) if kanaal in LOCATIE_VAN_KANAAL else uitkomst["totaal"]
    for r in KERNEN:
        uitkomst["kern", r] = cel(laag, r, kanaal) if kern in (ALLE, r) else Cel(0)
    if not (filters.kern or filters.kanaal or filters.levensdomein):
        uitkomst |= {s: c for s, c in cellen.items() if s[0] == "dag"}
    domeinen = {s[0] for s in cellen if isinstance(s[0], int) and s[1:] == (ALLE, ALLE)}
    if filters.levensdomein:
        domeinen = {filters.levensdomein}
    for domein in domeinen:
        uitkomst["levensdomein", domein] = cel(domein, kern, kanaal)
    return uitkomst


def _stenen(maanden: list[Instroom], periode: Periode, filters: Filters) -> list[dict]:
    return [gefilterd(c, filters) for c in bouwstenen(periode, maanden, atoom)]


def totaal(maanden: list[Instroom], periode: Periode, filters: Filters) -> Cel:
    """The protected number of questions that came in during `periode` under `filters`
    (`maanden`: the counts of all questions of each of its months): what the key figures
    compare with."""
    return per_periode(_stenen(maanden, periode, filters)).get("totaal", Cel(0))


def figuren(maanden: list[Instroom], periode: Periode, filters: Filters) -> tuple[list, Cel]:
    """The five figures under `filters`, and the protected total of the questions that came
    in. `maanden`: the counts of all questions (no filter) of each month of `periode`."""
    stenen = _stenen(maanden, periode, filters)
    c = per_periode(stenen)
    kanalen = [*Kanaal.values, *([""] if ("kanaal", "") in c else [])]
    kernen = KERNEN
    totaal = c.get("totaal", Cel(0))
    opmerking = ""
    if periode.eenheid == DAG and (filters.kern or filters.kanaal or filters.levensdomein):
        # Per kern or kanaal the days are no cells of the month's table: the month itself.
        per_tijd = {periode.van: totaal}
        emmers = [periode.van]
        per = "maand"
        opmerking = (
            "Met een filter staat hier de maand, niet elke dag: per kern, kanaal of "
            "levensdomein zijn de aantallen per dag zo klein dat ze naar een persoon kunnen wijzen."
        )
    else:
        emmers = periode.emmers()
        per_tijd = per_emmer(periode, stenen, lambda d: ("dag", d), "totaal")
        per = PER[periode.eenheid]

    def deel(cel):
        return [cel, procent(cel, totaal)]

    def totaalrij():
        return Rij("Totaal", [totaal, procent(totaal, totaal)], totaal=True)

    naam = periode.naam if per == "maand" and len(emmers) == 1 else None
    tijd = TIJD.figuur(
        [Rij(naam or periode.emmer_naam(e), [per_tijd[e]]) for e in emmers]
        + [Rij("Totaal", [totaal], totaal=True)],
        Grafiek(
            "kolommen",
            [naam or periode.emmer_naam(e) for e in emmers],
            [Reeks("Hulpvragen", [per_tijd[e] for e in emmers])],
        ),
        opmerking,
        per=per,
        Per=per.capitalize(),
    )
    kanaal = KANAAL.figuur(
        [Rij(kanaal_naam(k), deel(c["kanaal", k])) for k in kanalen] + [totaalrij()],
        Grafiek(
            "staven",
            [kanaal_naam(k) for k in kanalen],
            [Reeks("Hulpvragen", [c["kanaal", k] for k in kanalen])],
        ),
    )
    namen = dict(Toegangslocatie.objects.values_list("slug", "naam"))
    locatie_rijen = [
        (namen.get(slug, slug), c["kanaal", k]) for k, slug in LOCATIE_VAN_KANAAL.items()
    ] + [("Niet aan een balie (telefoon, website, e-mail, via een partner)", c["geen-locatie"])]
    locatie = LOCATIE.figuur(
        [Rij(naam, deel(cel)) for naam, cel in locatie_rijen] + [totaalrij()],
        Grafiek(
            "staven",
            [naam for naam, _ in locatie_rijen],
            [Reeks("Hulpvragen", [cel for _, cel in locatie_rijen])],
        ),
    )
    kern_namen = [(Kern(k).label if k else "Onbekend", k) for k in kernen]
    kern = KERN.figuur(
        [Rij(naam, deel(c["kern", k])) for naam, k in kern_namen] + [totaalrij()],
        Grafiek(
            "staven",
            [naam for naam, _ in kern_namen],
            [Reeks("Hulpvragen", [c["kern", k] for _, k in kern_namen])],
        ),
    )
    domeinen = list(Levensdomein.objects.order_by("volgorde", "naam").values_list("pk", "naam"))
    # Filtered on a levensdomein: the questions about another one as well are no table.
    domein_cellen = [
        (naam, c.get(("levensdomein", pk), Cel(0)))
        if filters.levensdomein in (None, pk)
        else (naam, GEEN)
        for pk, naam in domeinen
    ]
    domein = LEVENSDOMEIN.figuur(
        [Rij(naam, [cel]) for naam, cel in domein_cellen],
        Grafiek(
            "staven",
            [naam for naam, _ in domein_cellen],
            [Reeks("Hulpvragen", [cel for _, cel in domein_cellen])],
        ),
        "Met een filter op een levensdomein staat hier alleen dat levensdomein."
        if filters.levensdomein
        else "",
    )
    return [tijd, kanaal, locatie, kern, domein], totaal
