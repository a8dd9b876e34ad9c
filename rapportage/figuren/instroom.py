"""The questions that came in: per time, kanaal, toegangslocatie, kern and levensdomein.

The first four tables are all on the same total, so they are protected together: one table
cannot undo another. Each month is protected on its own (`atoom`), and a longer period shows
the sums of its months (rapportage.afscherming).
"""

from __future__ import annotations

from intake.models import Kanaal
from locaties.models import Kern, Toegangslocatie
from sociale_kaart.models import Levensdomein

from ..afscherming import Cel, Tabel, enkel, per_periode
from ..cijfers import LOCATIE_VAN_KANAAL, Instroom
from ..perioden import Periode
from .figuur import Grafiek, Reeks, Rij, Soort, bekend, bouwstenen, per_emmer, procent

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


def atoom(instroom: Instroom, maand: Periode) -> dict:
    """One month's questions in, protected as one table: the total, per kanaal (and
    toegangslocatie, which follows from it), per kern and per day all add up to the same
    total, so one table cannot undo another; per levensdomein each on its own (a question
    can be about several, so they add up to nothing)."""
    per_kern = bekend(instroom.per_kern, Kern.values, "")
    per_kanaal = bekend(instroom.per_kanaal, Kanaal.values, "")
    kanalen = [*Kanaal.values, *([""] if per_kanaal.get("") else [])]
    t = Tabel()
    t.cel("totaal", instroom.totaal)
    for kanaal in kanalen:
        t.cel(("kanaal", kanaal), per_kanaal.get(kanaal, 0))
    t.lijn([("kanaal", k) for k in kanalen], "totaal")
    # Toegangslocatie follows from the kanaal: the counter kanalen are their cells.
    zonder = [k for k in kanalen if k not in LOCATIE_VAN_KANAAL]
    t.cel("geen-locatie", sum(per_kanaal.get(k, 0) for k in zonder))
    t.lijn([("kanaal", k) for k in zonder], "geen-locatie")
    t.lijn([*(("kanaal", k) for k in LOCATIE_VAN_KANAAL), "geen-locatie"], "totaal")
    kernen = [*Kern.values, ""]
    for kern in kernen:
        t.cel(("kern", kern), per_kern.get(kern, 0))
    t.lijn([("kern", k) for k in kernen], "totaal")
    dagen = maand.emmers()
    for dag in dagen:
        t.cel(("dag", dag), instroom.per_emmer.get(dag, 0))
    t.lijn([("dag", d) for d in dagen], "totaal")
    return t.afschermen() | {
        ("levensdomein", pk): enkel(aantal) for pk, aantal in instroom.per_levensdomein.items()
    }


def totaal(maanden: list[Instroom], periode: Periode) -> Cel:
    """The protected number of questions that came in during `periode` (from the counts of
    each of its months): what the key figures compare with."""
    return per_periode(bouwstenen(periode, maanden, atoom)).get("totaal", Cel(0))


def figuren(maanden: list[Instroom], periode: Periode) -> tuple[list, Cel]:
    """The five figures, and the protected total of the questions that came in. `maanden`:
    the counts of each month of `periode`."""
    stenen = bouwstenen(periode, maanden, atoom)
    c = per_periode(stenen)
    kanalen = [*Kanaal.values, *([""] if ("kanaal", "") in c else [])]
    kernen = [*Kern.values, ""]
    emmers = periode.emmers()
    per_tijd = per_emmer(periode, stenen, lambda d: ("dag", d), "totaal")
    totaal = c.get("totaal", Cel(0))

    def deel(cel):
        return [cel, procent(cel, totaal)]

    def totaalrij():
        return Rij("Totaal", [totaal, procent(totaal, totaal)], totaal=True)

    per = PER[periode.eenheid]
    tijd = TIJD.figuur(
        [Rij(periode.emmer_naam(e), [per_tijd[e]]) for e in emmers]
        + [Rij("Totaal", [totaal], totaal=True)],
        Grafiek(
            "kolommen",
            [periode.emmer_naam(e) for e in emmers],
            [Reeks("Hulpvragen", [per_tijd[e] for e in emmers])],
        ),
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
    domein_cellen = [(naam, c.get(("levensdomein", pk), Cel(0))) for pk, naam in domeinen]
    domein = LEVENSDOMEIN.figuur(
        [Rij(naam, [cel]) for naam, cel in domein_cellen],
        Grafiek(
            "staven",
            [naam for naam, _ in domein_cellen],
            [Reeks("Hulpvragen", [cel for _, cel in domein_cellen])],
        ),
    )
    return [tijd, kanaal, locatie, kern, domein], totaal
