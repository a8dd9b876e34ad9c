"""The small-numbers rule: single cells, and no recovery by subtraction.

The attacker here is the onlooker the rule guards against: given what a table shows (exact
numbers, "<5" for 1-4, "verborgen" for 5 or more, and which cells add up to which total),
they try every assignment of the hidden cells that fits, and a small count counts as
recovered when only one value is left for it.
"""

import random

import pytest

from rapportage.afscherming import KLEIN, VERBORGEN, Tabel, aandeel, afschermen, enkel, paar

TOTAAL = "totaal"


def reeksen(lijnen, totaal):
    """Several lines over the same population (per kanaal, per kern…), each adding up to
    the same total, protected together as the dashboard's tables are: a dict of cells per
    line, each with the shared total under TOTAAL."""
    tabel = Tabel()
    tabel.cel(TOTAAL, totaal)
    for n, lijn in enumerate(lijnen):
        for sleutel, aantal in lijn.items():
            tabel.cel((n, sleutel), aantal)
        tabel.lijn([(n, sleutel) for sleutel in lijn], TOTAAL)
    cellen = tabel.afschermen()
    return [
        {**{sleutel: cellen[n, sleutel] for sleutel in lijn}, TOTAAL: cellen[TOTAAL]}
        for n, lijn in enumerate(lijnen)
    ]


def reeks(aantallen):
    """One line: counts per label and their sum as its total."""
    return reeksen([aantallen], sum(aantallen.values()))[0]


def mogelijke_waarden(cellen, lijnen, bovengrens):
    """Per hidden cell the set of values it can have, given what is shown (a "verborgen"
    cell up to `bovengrens`, well above anything in the table): a small search
    that fills in the hidden cells one by one and checks every line as soon as it can."""
    verborgen = [i for i, cel in enumerate(cellen) if not cel.zichtbaar]
    domein = {
        i: range(1, 5) if cellen[i].reden == KLEIN else range(5, bovengrens + 1) for i in verborgen
    }
    # Small domains first: the secondary cells then mostly follow from a line.
    volgorde = sorted(verborgen, key=lambda i: len(domein[i]))

    def past(waarden):
        for delen, totaal in lijnen:
            leden = [*delen, totaal]
            if any(waarden[i] is None for i in leden):
                open_ = [i for i in leden if waarden[i] is None]
                if len(open_) == 1:
                    (i,) = open_
                    rest = sum(waarden[d] for d in delen if d != i)
                    nodig = waarden[totaal] - rest if i != totaal else rest
                    if nodig not in domein[i]:
                        return False
                continue
            if sum(waarden[d] for d in delen) != waarden[totaal]:
                return False
        return True

    def zoek(waarden, n, gevonden):
        if not past(waarden):
            return
        if n == len(volgorde):
            for i in verborgen:
                gevonden[i].add(waarden[i])
            return
        i = volgorde[n]
        for waarde in domein[i]:
            waarden[i] = waarde
            zoek(waarden, n + 1, gevonden)
        waarden[i] = None

    gevonden = {i: set() for i in verborgen}
    zoek([cel.aantal for cel in cellen], 0, gevonden)
    return gevonden


def assert_niet_terug_te_rekenen(cellen, lijnen, bovengrens):
    """No small count can be pinned down, unless the rule had nothing left to hide: then
    only the zeros (always shown) and the signs themselves give anything away."""
    mogelijk = mogelijke_waarden(cellen, lijnen, bovengrens)
    terug = [i for i, waarden in mogelijk.items() if cellen[i].reden == KLEIN and len(waarden) < 2]
    if terug:
        assert all(not cel.zichtbaar for cel in cellen if cel.aantal != 0), (
            f"cellen {terug} zijn terug te rekenen, terwijl er nog iets te verbergen was"
        )


def test_counts_from_one_to_four_are_shown_as_less_than_five():
    assert [enkel(n).tekst for n in (0, 1, 4, 5, 1234)] == ["0", KLEIN, KLEIN, "5", "1.234"]


def test_a_hidden_count_carries_no_number():
    cel = enkel(3)
    assert cel.aantal is None
    assert cel.exportwaarde == KLEIN
    assert "3" not in repr(cel)


def test_one_small_cell_next_to_a_total_hides_a_second_cell():
    cellen = reeks({"a": 12, "b": 3})
    assert cellen["b"].tekst == KLEIN
    assert cellen["a"].tekst == VERBORGEN
    assert cellen[TOTAAL].tekst == "15"


def test_subtracting_the_shown_cells_from_the_total_gives_no_small_count_back():
    cellen = reeks({"a": 40, "b": 2, "c": 9, "d": 0})
    zichtbaar = [c.aantal for k, c in cellen.items() if k != TOTAAL and c.zichtbaar]
    verborgen_som = cellen[TOTAAL].aantal - sum(zichtbaar)
    # What is left over is more than one small count could be.
    assert verborgen_som >= 5 + 1
    assert cellen["b"].tekst == KLEIN and cellen["c"].tekst == VERBORGEN


def test_when_nothing_more_can_be_hidden_the_total_is_hidden():
    cellen = reeks({"a": 5, "b": 1})
    assert (cellen["a"].tekst, cellen["b"].tekst, cellen[TOTAAL].tekst) == (
        VERBORGEN,
        KLEIN,
        VERBORGEN,
    )


def test_two_small_cells_can_protect_each_other():
    cellen = reeks({"a": 30, "b": 2, "c": 3})
    assert [cellen[k].tekst for k in ("a", "b", "c", TOTAAL)] == ["30", KLEIN, KLEIN, "35"]


def test_two_small_cells_that_give_each_other_away_are_protected_more():
    # 1 + 1 = 2 leaves only one way to split; 4 + 4 = 8 as well.
    for klein in (1, 4):
        cellen = reeks({"a": 30, "b": klein, "c": klein})
        assert cellen["a"].tekst == VERBORGEN


def test_zero_is_always_shown():
    cellen = reeks({"a": 0, "b": 0, "c": 20})
    assert [cellen[k].tekst for k in ("a", "b", "c", TOTAAL)] == ["0", "0", "20", "20"]


def test_tables_on_the_same_total_are_protected_together():
    per_kanaal, per_kern = reeksen(
        [{"balie": 10, "telefoon": 10}, {"aalten": 17, "lintelo": 3}], 20
    )
    assert per_kern["lintelo"].tekst == KLEIN
    assert per_kern["aalten"].tekst == VERBORGEN
    # The other table shows its numbers, and the shared total is one cell.
    assert per_kanaal["balie"].tekst == "10"
    assert per_kanaal[TOTAAL] is per_kern[TOTAAL]


def test_a_total_hidden_for_one_table_is_hidden_in_every_table_on_it():
    per_kanaal, per_kern = reeksen([{"balie": 3, "telefoon": 3}, {"aalten": 5, "lintelo": 1}], 6)
    assert per_kanaal[TOTAAL].tekst == VERBORGEN
    assert per_kern[TOTAAL].tekst == VERBORGEN


def test_lines_must_add_up():
    with pytest.raises(ValueError):
        afschermen([1, 2, 4], [([0, 1], 2)])


@pytest.mark.parametrize("zaad", range(100))
def test_no_small_count_can_be_recovered_in_random_lines(zaad):
    rng = random.Random(zaad)
    waarden = [rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 14]) for _ in range(rng.randint(2, 5))]
    waarden.append(sum(waarden))
    lijnen = [(list(range(len(waarden) - 1)), len(waarden) - 1)]
    cellen = afschermen(waarden, lijnen)
    assert_niet_terug_te_rekenen(cellen, lijnen, bovengrens=sum(waarden) + 6)


@pytest.mark.parametrize("zaad", range(100))
def test_no_small_count_can_be_recovered_in_random_two_way_tables(zaad):
    rng = random.Random(100 + zaad)
    rijen, kolommen = ["r1", "r2"], ["k1", "k2", "k3"]
    aantallen = {(r, k): rng.choice([0, 1, 2, 3, 6, 8]) for r in rijen for k in kolommen}
    # Every row and column is a line, and so are the row totals and the column totals.
    waarde = {("cel", r, k): aantallen[r, k] for r in rijen for k in kolommen}
    waarde |= {("rij", r): sum(aantallen[r, k] for k in kolommen) for r in rijen}
    waarde |= {("kolom", k): sum(aantallen[r, k] for r in rijen) for k in kolommen}
    waarde[TOTAAL] = sum(aantallen.values())
    index = {s: i for i, s in enumerate(waarde)}
    lijnen = [([index["cel", r, k] for k in kolommen], index["rij", r]) for r in rijen]
    lijnen += [([index["cel", r, k] for r in rijen], index["kolom", k]) for k in kolommen]
    lijnen += [([index["rij", r] for r in rijen], index[TOTAAL])]
    lijnen += [([index["kolom", k] for k in kolommen], index[TOTAAL])]
    cellen = afschermen(list(waarde.values()), lijnen)
    assert_niet_terug_te_rekenen(cellen, lijnen, bovengrens=sum(aantallen.values()) + 6)


def test_a_percentage_never_gives_a_small_rest_away():
    # 37 of 40 kept on time: the 3 not kept would follow from the two.
    deel, geheel = paar(37, 40)
    assert not deel.zichtbaar
    assert aandeel(deel, geheel) is None
    deel, geheel = paar(30, 40)
    assert aandeel(deel, geheel) == 75


def test_a_rest_cell_is_protected_like_any_other():
    tabel = Tabel()
    tabel.cel("verstuurd", 20)
    tabel.cel("geaccepteerd", 18)
    tabel.cel("niet geaccepteerd", 2)
    tabel.lijn(["geaccepteerd", "niet geaccepteerd"], "verstuurd")
    cellen = tabel.afschermen()
    assert cellen["geaccepteerd"].tekst == VERBORGEN
    assert cellen["verstuurd"].tekst == "20"


def test_a_table_of_many_receivers_hides_the_same_cells_as_always():
    """The referrals per receiver at region size (a hundred receivers, most counts small)
    made the bounds quadratic in a line's length; they are linear now. The outcome of this
    seeded table was recorded before that change, and again when hiding went one round per
    step outwards instead of one cell per round (five more cells hidden, none shown that was
    hidden before): per receiver sent, accepted, declined, expired and the three rests, "." shown,
    "k" <5, "v" verborgen."""
    rng = random.Random(7)
    kolommen = ("verstuurd", "geaccepteerd", "afgewezen", "verlopen")
    rijen = {}
    for o in range(40):
        v = rng.choice([0, 1, 2, 3, 4, 6, 8, 12, 20])
        g = rng.randint(0, v)
        a = rng.randint(0, v - g)
        rijen[o] = dict(zip(kolommen, (v, g, a, rng.randint(0, v - g - a)), strict=True))
    rijen[TOTAAL] = {k: sum(r[k] for r in rijen.values()) for k in kolommen}
    tabel = Tabel()
    for o, rij in rijen.items():
        for k in kolommen:
            tabel.cel((o, k), rij[k])
        for k in kolommen[1:]:
            tabel.cel((o, f"niet {k}"), rij["verstuurd"] - rij[k])
            tabel.lijn([(o, k), (o, f"niet {k}")], (o, "verstuurd"))
    for k in kolommen:
        tabel.lijn([(o, k) for o in range(40)], (TOTAAL, k))
    cellen = tabel.afschermen()
    sleutels = [*kolommen, *(f"niet {k}" for k in kolommen[1:])]
    patroon = " ".join(
        "".join(
            "." if cellen[o, k].zichtbaar else ("k" if cellen[o, k].reden == KLEIN else "v")
            for k in sleutels
        )
        for o in rijen
    )
    assert patroon == (
        "vkkkvkk ....... ....... vv..k.. kk...kk k.k.k.k k.kkkkk vkk.vkv kk...kk kk..kkk "
        "....... vkk.kk. kkkkkkk k.kkkkk vvk.kvv k.k.k.k vkkk.kv ....... vkkkkvv k.k.k.k "
        "k.k.k.k kkk.kkk vvkk.vv kk...kk kkkkkkk vv..k.. .vkk.vv kkk.kkk vvk.kvv k...kkk "
        "kk.kkkk kkk.kkk kkk.kkk kk...kk .vvk..v vkv.vk. ....... .kkvvv. ....... .kvkv.v ..v...."
    )
