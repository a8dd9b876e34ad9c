"""The small-numbers rule: the one place that decides which counts may be shown.

A count from 1 to 4 could point at a person, so it is shown as "<5" — in charts, tables and
exports alike. That alone is not enough: where a table also shows its total, the hidden
count could be found again by subtracting the other cells from it. So every line of cells
that adds up to a shown total (a column, a row) is checked: when what is hidden in it could
still be worked out exactly, one more cell is hidden (the smallest, shown as "verborgen"),
until no hidden small count can be recovered. Only when a line has nothing left to hide is
its total itself hidden. The same total published in several tables is one cell here, so
it is protected in all of them at once.

What an onlooker knows and what this guards against: zero is always shown; "<5" means 1 to
4; "verborgen" means 5 or more (else it would say "<5"). For each line with a known total
the hidden cells add up to a known amount; a small count is safe when that amount still
leaves it at least two possible values.

Only the values that may be shown leave this module: a hidden cell carries no number.

Across periods the same holds by construction (issue 15, item 6). Comparing two periods
that differ by a little — 1 to 31 May next to 2 to 31 May, this year next to this year
without December, a quarter next to two of its months — must not give a small count back
by subtraction. So a period's count is never counted and protected for that period alone:
every month is protected once, the same way whatever period it is part of (`Tabel` over the
month's own table, its "bouwstenen"), and a period shows the sum of its months' cells
(`samenvoegen`), hidden as soon as one of them is. Whatever any number of periods show is
then a function of what the months show, and each month is protected on its own, so no
combination of periods tells more than the months do (tests/rapportage/test_perioden_vergelijken.py
tries, as an onlooker who subtracts). The price: a count that is small in one month is
hidden for every period that holds that month.
"""

from __future__ import annotations

import functools
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

# Counts from 1 to GRENS - 1 are never shown.
GRENS = 5
KLEIN = "<5"
VERBORGEN = "verborgen"


@dataclass(frozen=True, slots=True)
class Cel:
    """A count as it may be shown: `aantal` is None when it is hidden."""

    aantal: int | None
    reden: str = ""  # "" (shown), KLEIN or VERBORGEN

    @property
    def zichtbaar(self) -> bool:
        return self.aantal is not None

    @property
    def tekst(self) -> str:
        if self.aantal is None:
            return self.reden
        return getal(self.aantal)

    def __str__(self) -> str:
        return self.tekst

    @property
    def exportwaarde(self) -> int | str:
        """A number where one may be shown, else the same words as on the page."""
        return self.reden if self.aantal is None else self.aantal


def getal(n: int) -> str:
    """1234567 → '1.234.567' (Dutch thousands separator)."""
    return f"{n:,}".replace(",", ".")


def enkel(aantal: int) -> Cel:
    """One count on its own (no total it adds up to)."""
    return Cel(None, KLEIN) if 0 < aantal < GRENS else Cel(aantal)


def afschermen(waarden: Sequence[int], lijnen: Sequence[tuple[Sequence[int], int]]) -> list[Cel]:
    """See `_afschermen`. The same counts and lines always give the same cells, so the
    outcome is kept (a month's tables are asked for by every period that holds it)."""
    return list(
        _afschermen(tuple(waarden), tuple((tuple(cellen), totaal) for cellen, totaal in lijnen))
    )


@functools.lru_cache(maxsize=4096)
def _afschermen(waarden: tuple[int, ...], lijnen: tuple) -> tuple[Cel, ...]:
    """Protect the cells `waarden` (counts), given the lines that add up to a shown total.

    Each line is (indices of its cells, index of its total cell); a cell may be in several
    lines and a total may itself be a cell of another line (the row totals of a table are
    a column too). Returns one Cel per value.

    First every count from 1 to 4 is hidden. Then, as long as an onlooker could still work
    one of them out — from one line (total minus the rest), from the bounds of the others
    in all lines together, or by combining the lines' sums — one more cell of a line through
    it is hidden: the smallest shown count, else that line's total.
    """
    if any(w < 0 for w in waarden):
        raise ValueError("Aantallen zijn nooit negatief.")
    lijnen = [(list(cellen), totaal) for cellen, totaal in lijnen]
    for cellen, totaal in lijnen:
        if sum(waarden[i] for i in cellen) != waarden[totaal]:
            raise ValueError("De cellen van een lijn tellen niet op tot haar totaal.")
    klein = {i for i, w in enumerate(waarden) if 0 < w < GRENS}
    verborgen = set(klein)
    via: dict[int, list[int]] = {}
    for n, (cellen, totaal) in enumerate(lijnen):
        for i in (*cellen, totaal):
            via.setdefault(i, []).append(n)
    while True:
        # One more cell for each count that can still be worked out, then look again:
        # rounds per step outwards rather than one per hidden cell (a month's table per
        # kern x kanaal holds dozens of small counts).
        # A count whose line already got a cell this round waits for the next look: that
        # cell may be enough, and hiding more than needed costs readers numbers.
        extra: set[int] = set()
        geraakt: set[int] = set()
        for cel in sorted(_terug_te_rekenen(waarden, lijnen, klein, verborgen)):
            if geraakt.intersection(via.get(cel, ())):
                continue
            volgende = _nog_te_verbergen(waarden, lijnen, via, verborgen | extra, cel)
            if volgende is not None:
                extra.add(volgende)
                geraakt.update(via.get(volgende, ()))
        if not extra:
            break  # nothing to recover, or everything around it is hidden already
        verborgen |= extra
    return tuple(
        Cel(None, KLEIN if i in klein else VERBORGEN) if i in verborgen else Cel(w)
        for i, w in enumerate(waarden)
    )


def _nog_te_verbergen(waarden, lijnen, via, verborgen, cel) -> int | None:
    """The cell to hide next for `cel`: the smallest shown count in a line through it, else
    such a line's total; when all of those are hidden, the same one line further out (the
    hidden cells there are what gives `cel` away)."""
    gezien_lijnen: set[int] = set()
    gezien_cellen = {cel}
    rand = [cel]
    while rand:
        kandidaten, totalen, volgende = [], [], []
        for c in rand:
            for n in via.get(c, ()):
                if n in gezien_lijnen:
                    continue
                gezien_lijnen.add(n)
                cellen, totaal = lijnen[n]
                kandidaten += [i for i in cellen if i not in verborgen and waarden[i] > 0]
                if totaal not in verborgen and waarden[totaal] > 0:
                    totalen.append(totaal)
                for i in (*cellen, totaal):
                    if i in verborgen and i not in gezien_cellen:
                        gezien_cellen.add(i)
                        volgende.append(i)
        if kandidaten:
            return min(kandidaten, key=lambda i: (waarden[i], i))
        if totalen:
            return min(totalen, key=lambda i: (waarden[i], i))
        rand = volgende
    return None


ONEINDIG = float("inf")


def _terug_te_rekenen(waarden, lijnen, klein, verborgen) -> set[int]:
    """The hidden small counts an onlooker can pin down to one value."""
    return {i for i in klein if i in verborgen} & (
        _vast_door_grenzen(waarden, lijnen, klein, verborgen) | _vast_door_sommen(lijnen, verborgen)
    )


def _vast_door_grenzen(waarden, lijnen, klein, verborgen) -> set[int]:
    """Narrow the range of every hidden cell with every line, until nothing changes; the
    cells left with a single value are pinned. ("<5" is 1 to 4, "verborgen" 5 or more.)"""
    # A shown cell's bounds are its value.
    laag, hoog = list(waarden), list(waarden)
    for i in verborgen:
        laag[i], hoog[i] = (1, GRENS - 1) if i in klein else (GRENS, ONEINDIG)
    # Only lines through a hidden cell narrow anything; what their shown cells add up to
    # stays the same, so it is added up once.
    te_doen = []
    for cellen, totaal in lijnen:
        verborgen_cellen = [c for c in cellen if c in verborgen]
        betrokken = verborgen_cellen + ([totaal] if totaal in verborgen else [])
        if betrokken:
            vast = sum(waarden[c] for c in cellen if c not in verborgen)
            te_doen.append((verborgen_cellen, totaal, vast, betrokken))

    for _ in range(100):
        veranderd = False
        for verborgen_cellen, totaal, vast, betrokken in te_doen:
            t_laag, t_hoog = laag[totaal], hoog[totaal]
            # The sums of the cells' bounds, kept up to date as bounds narrow (the upper
            # bounds as their finite part and how many are unbounded), so each cell's
            # "the others" is the sum minus itself: linear in the line, not quadratic.
            som_laag = som_hoog = vast
            onbegrensd = 0
            for c in verborgen_cellen:
                som_laag += laag[c]
                if hoog[c] == ONEINDIG:
                    onbegrensd += 1
                else:
                    som_hoog += hoog[c]
            for i in betrokken:
                if i == totaal:
                    nieuw_laag = som_laag
                    nieuw_hoog = ONEINDIG if onbegrensd else som_hoog
                else:
                    # The total minus the others, with the others as large / as small as can be.
                    onder, boven = laag[i], hoog[i]
                    if boven == ONEINDIG:
                        anderen_hoog = ONEINDIG if onbegrensd > 1 else som_hoog
                    else:
                        anderen_hoog = ONEINDIG if onbegrensd else som_hoog - boven
                    nieuw_laag = t_laag - anderen_hoog
                    nieuw_hoog = t_hoog - (som_laag - onder)
                if nieuw_laag > laag[i]:
                    if i != totaal:
                        som_laag += nieuw_laag - laag[i]
                    laag[i], veranderd = nieuw_laag, True
                if nieuw_hoog < hoog[i]:
                    if i != totaal:
                        if hoog[i] == ONEINDIG:
                            onbegrensd -= 1
                            som_hoog += nieuw_hoog
                        else:
                            som_hoog += nieuw_hoog - hoog[i]
                    hoog[i], veranderd = nieuw_hoog, True
        if not veranderd:
            break
    return {i for i in verborgen if laag[i] >= hoog[i]}


PRIEM = (1 << 61) - 1


def _vast_door_sommen(lijnen, verborgen) -> set[int]:
    """Hidden cells fixed by the lines' sums alone, whatever the bounds: a cell is fixed
    when some combination of the lines' equations holds it and no other hidden cell.
    Gaussian elimination to reduced row echelon form, exact in the integers modulo a large
    prime; a cell is fixed when its pivot row holds nothing else."""
    spil: dict[int, dict[int, int]] = {}  # pivot column -> its row, pivot coefficient 1

    def aftrekken(rij, factor, andere):
        for k, v in andere.items():
            nieuw = (rij.get(k, 0) - factor * v) % PRIEM
            if nieuw:
                rij[k] = nieuw
            else:
                rij.pop(k, None)

    for cellen, totaal in lijnen:
        rij = {i: 1 for i in cellen if i in verborgen}
        if totaal in verborgen:
            rij[totaal] = PRIEM - 1
        # Pivot rows have zeros in each other's pivot columns, so one pass reduces fully.
        for kolom in [k for k in rij if k in spil]:
            if kolom in rij:
                aftrekken(rij, rij[kolom], spil[kolom])
        if not rij:
            continue
        kolom = min(rij)
        if rij[kolom] != 1:  # most lines keep a pivot of 1: nothing to scale
            inverse = pow(rij[kolom], -1, PRIEM)
            rij = {k: v * inverse % PRIEM for k, v in rij.items()}
        for andere in spil.values():
            if kolom in andere:
                aftrekken(andere, andere[kolom], rij)
        spil[kolom] = rij
    return {kolom for kolom, rij in spil.items() if len(rij) == 1}


class Tabel:
    """Named cells and the lines between them, protected in one go.

    A line says that some cells add up to a total cell. A cell that is never shown but
    follows from shown ones (the referrals a partner did not accept: sent minus accepted)
    is added as a cell too, so a small one of those is protected like any other.

        t = Tabel()
        t.cel("hofstraat", 12); t.cel("dinxperlo", 3); t.cel("totaal", 15)
        t.lijn(["hofstraat", "dinxperlo"], "totaal")
        cellen = t.afschermen()   # {"hofstraat": Cel(None, "verborgen"), ...}
    """

    def __init__(self):
        self._index: dict[Hashable, int] = {}
        self._waarden: list[int] = []
        self._lijnen: list[tuple[list[int], int]] = []
        # A zero is always shown and adds nothing to a line: such cells are left out of the
        # work (a month's table per kern x kanaal is mostly zeros), which changes nothing in
        # what is hidden. In the order the cells came: key -> index, None for a zero.
        self._volgorde: dict[Hashable, int | None] = {}

    def cel(self, sleutel: Hashable, waarde: int) -> None:
        if sleutel in self._volgorde:
            raise ValueError(f"Cel {sleutel!r} bestaat al.")
        waarde = int(waarde)
        if waarde == 0:
            self._volgorde[sleutel] = None
            return
        self._volgorde[sleutel] = self._index[sleutel] = len(self._waarden)
        self._waarden.append(waarde)

    def lijn(self, delen: Sequence[Hashable], totaal: Hashable) -> None:
        volgorde = self._volgorde
        cellen = [i for d in delen if (i := volgorde[d]) is not None]
        if volgorde[totaal] is None:
            if cellen:
                raise ValueError("De cellen van een lijn tellen niet op tot haar totaal.")
            return  # all zeros: nothing to protect
        self._lijnen.append((cellen, volgorde[totaal]))

    def afschermen(self) -> dict[Hashable, Cel]:
        cellen = afschermen(self._waarden, self._lijnen)
        nul = Cel(0)
        return {sleutel: nul if i is None else cellen[i] for sleutel, i in self._volgorde.items()}


# The margin of a dimension in a `kruistabel`: every value together.
ALLE = "*"


def kruistabel(
    tabel: Tabel,
    naam: Hashable,
    aantallen: Mapping[tuple[Hashable, Hashable], int],
    rijen: Sequence[Hashable],
    kolommen: Sequence[Hashable],
    groepen: Mapping[Hashable, Sequence[Hashable]] | None = None,
) -> None:
    """Add a table of rows × columns with all its margins to `tabel`, to be protected with
    the rest: a cell (naam, row, column) for every pair, (naam, row, ALLE) for a row's total,
    (naam, ALLE, column) for a column's, (naam, ALLE, ALLE) for all; and (naam, row, group)
    for each group of columns (their sum, e.g. the kanalen that come in at no counter).
    Every row, column and group is a line. `aantallen` holds the counts per (row, column);
    a pair it lacks is 0.

    This is what makes filters safe (issue 15, item 6): a page filtered on a row (a kern)
    shows that row's cells, one filtered on a column (a kanaal) that column's, one filtered
    on both the one cell, and the page without a filter the margins. All of them are cells
    of one table, protected together, so no page can undo another."""
    groepen = groepen or {}
    # The columns a count adds to: its own, ALLE and each group that holds it (found once
    # per column: a page builds a thousand of these tables).
    doelen: dict[Hashable, tuple] = {}
    waarde: dict[tuple, int] = {}
    for (r, k), n in aantallen.items():
        if (kolommen_van_k := doelen.get(k)) is None:
            kolommen_van_k = doelen[k] = (
                k,
                ALLE,
                *(g for g, leden in groepen.items() if k in leden),
            )
        for rij in (r, ALLE):
            for kolom in kolommen_van_k:
                sleutel = (rij, kolom)
                waarde[sleutel] = waarde.get(sleutel, 0) + n
    alle_kolommen = [*kolommen, ALLE, *groepen]
    for r in [*rijen, ALLE]:
        for k in alle_kolommen:
            tabel.cel((naam, r, k), waarde.get((r, k), 0))
        tabel.lijn([(naam, r, k) for k in kolommen], (naam, r, ALLE))
        for g, leden in groepen.items():
            tabel.lijn([(naam, r, k) for k in leden], (naam, r, g))
    for k in alle_kolommen:
        tabel.lijn([(naam, r, k) for r in rijen], (naam, ALLE, k))


def samenvoegen(delen: Sequence[Cel]) -> Cel:
    """The cell of a period from the cells of its months: the sum when every month shows
    its count; else hidden. Only what the months' cells tell decides how: "<5" when one
    month is "<5" and every other month shows 0 (then the sum is 1 to 4), else "verborgen"."""
    if all(cel.zichtbaar for cel in delen):
        return Cel(sum(cel.aantal for cel in delen))
    verborgen = [cel for cel in delen if not cel.zichtbaar]
    anders_niets = not any(cel.aantal for cel in delen if cel.zichtbaar)
    if len(verborgen) == 1 and verborgen[0].reden == KLEIN and anders_niets:
        return Cel(None, KLEIN)
    return Cel(None, VERBORGEN)


def per_periode(maanden: Sequence[Mapping[Hashable, Cel]]) -> dict[Hashable, Cel]:
    """The protected cells of each month of a period (each month's `Tabel.afschermen()`),
    added up per cell as `samenvoegen` does. A cell a month does not have is 0 in that month
    (a receiver nobody referred to in that month, another month's days). One pass over
    what the months hold: a month's days are in no other month."""
    som: dict[Hashable, int] = {}
    verborgen: dict[Hashable, list[str]] = {}
    for maand in maanden:
        for sleutel, cel in maand.items():
            som.setdefault(sleutel, 0)
            if cel.zichtbaar:
                som[sleutel] += cel.aantal
            else:
                verborgen.setdefault(sleutel, []).append(cel.reden)
    uitkomst = {}
    for sleutel, totaal in som.items():
        redenen = verborgen.get(sleutel)
        if not redenen:
            uitkomst[sleutel] = Cel(totaal)
        elif redenen == [KLEIN] and totaal == 0:
            uitkomst[sleutel] = Cel(None, KLEIN)
        else:
            uitkomst[sleutel] = Cel(None, VERBORGEN)
    return uitkomst


def paar(deel: int, geheel: int) -> tuple[Cel, Cel]:
    """A part and its whole (commitments kept on time, of all due): the rest follows from
    the two, so it is protected as well. Returns the cells for the part and the whole."""
    tabel = Tabel()
    tabel.cel("deel", deel)
    tabel.cel("rest", geheel - deel)
    tabel.cel("geheel", geheel)
    tabel.lijn(["deel", "rest"], "geheel")
    cellen = tabel.afschermen()
    return cellen["deel"], cellen["geheel"]


def aandeel(deel: Cel, geheel: Cel) -> float | None:
    """The percentage of two shown cells; None when either is hidden or the whole is 0.
    (Protect the part and the whole together first: `paar`, or a Tabel with the rest as
    a cell.)"""
    if not (deel.zichtbaar and geheel.zichtbaar) or not geheel.aantal:
        return None
    return 100 * deel.aantal / geheel.aantal


def genoeg(aantal: int) -> bool:
    """Enough cases for a median or an average to describe a group, not a person."""
    return aantal >= GRENS
