"""The beheerder's spreadsheet: the template, reading XLSX and every kind of CSV, per row
and column what is wrong, and what a row does to an aanbod that exists."""

from __future__ import annotations

import csv
import io
from datetime import date, time

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from sociale_kaart.bestanden import BestandFout, soort_herkennen
from sociale_kaart.importeren import invoer_lezen, invoer_verwerken
from sociale_kaart.models import (
    Aanbod,
    AanbodOpVestiging,
    Contactpersoon,
    ImportTaak,
    Organisatie,
    Vestiging,
    VestigingOpeningsregel,
)
from sociale_kaart.spreadsheet import KOLOMMEN, sjabloon_xlsx
from tests.sociale_kaart.kaart import FORMULE, kleine_kaart

KOPPEN = [k.kop for k in KOLOMMEN]
SPREADSHEET = ImportTaak.Soort.SPREADSHEET


@pytest.fixture
def kaart(levensdomeinen):
    return kleine_kaart(levensdomeinen)


def rij(**waarden) -> dict:
    """A row of a new aanbod, complete, with the given columns (by header) changed."""
    basis = {
        "Naam aanbod": "Formulierenhulp",
        "Organisatie": "Figulus Welzijn",
        "Korte beschrijving": "Hulp bij formulieren van de gemeente en de Belastingdienst.",
        "Beschrijving": "Een vrijwilliger helpt u met formulieren. Neem uw post mee.",
        "Levensdomeinen": "Werk en inkomen",
        "Kosten": "gratis",
        "Aanmelden": "zelf",
        "Telefoon": "0543-000020",
        "E-mail": "formulieren@figulus.example.org",
        "Website": "www.figulus.example.org",
        "Vestiging": "Huis van de Kern",
        "Straat": "Hofstraat",
        "Huisnummer": "11",
        "Postcode": "7121 DL",
        "Plaats": "Aalten",
        "Kern": "Aalten",
        "Openingstijden": "di 09:00-12:00; do 13:30-16:00",
    }
    return basis | waarden


def xlsx(rijen: list[dict], koppen=KOPPEN) -> bytes:
    boek = Workbook()
    blad = boek.active
    blad.title = "Aanbod"
    blad.append(koppen)
    for waarden in rijen:
        blad.append([waarden.get(k, "") for k in koppen])
    buffer = io.BytesIO()
    boek.save(buffer)
    return buffer.getvalue()


def csv_bytes(rijen: list[dict], *, scheiding=";", codering="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    schrijver = csv.writer(buffer, delimiter=scheiding, lineterminator="\r\n")
    schrijver.writerow(KOPPEN)
    for waarden in rijen:
        schrijver.writerow([waarden.get(k, "") for k in KOPPEN])
    return buffer.getvalue().encode(codering)


def importeren(inhoud: bytes, *, naam="aanbod.xlsx", proef=False):
    return invoer_verwerken(invoer_lezen(SPREADSHEET, naam, inhoud), proef=proef)


def fouten(verslag) -> set[tuple[str, str]]:
    return {(f["plaats"], f["kolom"]) for f in verslag.fouten}


# --- the template --------------------------------------------------------------------------------


def test_the_template_has_dutch_headers_an_explanation_and_choice_lists(kaart):
    boek = load_workbook(io.BytesIO(sjabloon_xlsx(met_aanbod=False, vandaag=date(2026, 12, 6))))
    assert boek.sheetnames == ["Aanbod", "Keuzes", "Uitleg"]
    blad = boek["Aanbod"]
    koppen = [c.value for c in blad[1]]
    assert koppen[:3] == ["Id", "Naam aanbod *", "Organisatie *"]
    assert [k.removesuffix(" *") for k in koppen] == KOPPEN
    assert blad.max_row == 1 or all(c.value is None for c in blad[2])
    lijsten = {str(v.sqref).split(":")[0]: v for v in blad.data_validations.dataValidation}
    kolom = {
        k: chr(ord("A") + i) if i < 26 else "A" + chr(ord("A") + i - 26)
        for i, k in enumerate(KOPPEN)
    }
    for kop in ("Kern", "Kosten", "Status", "Aanmelden"):
        validatie = lijsten[f"{kolom[kop]}2"]
        assert (validatie.type, validatie.showErrorMessage) == ("list", True), kop
    for kop in ("Levensdomeinen", "Doelgroepen"):
        validatie = lijsten[f"{kolom[kop]}2"]
        # Offered as a list, but "zorg, meedoen" in one cell is not refused.
        assert (validatie.type, validatie.showErrorMessage) == ("list", False), kop
    assert lijsten[f"{kolom['Leeftijd vanaf']}2"].type == "whole"
    keuzes = boek["Keuzes"]
    assert "Werk en inkomen" in [c.value for c in keuzes["A"]]
    assert "Dinxperlo" in [c.value for c in keuzes["C"]]
    uitleg = [c.value for c in boek["Uitleg"]["A"]]
    assert "Openingstijden" in uitleg
    # Text, so Excel keeps the leading 0 of a phone number: the column's format, which
    # whatever is typed in it takes.
    assert blad.column_dimensions[kolom["Telefoon"]].number_format == "@"


def test_the_template_with_the_aanbod_of_now_imports_as_unchanged(kaart):
    inhoud = sjabloon_xlsx(met_aanbod=True, vandaag=timezone.localdate())
    blad = load_workbook(io.BytesIO(inhoud))["Aanbod"]
    cellen = {c.value: c for regel in blad.iter_rows(min_row=2) for c in regel}
    assert cellen[FORMULE].data_type == "s" and cellen[FORMULE].quotePrefix  # never a formula
    assert "di 09:00-12:00; do 13:30-16:00" in cellen
    verslag = importeren(inhoud, proef=True)
    assert verslag.fouten == [] and verslag.aantallen["nieuw"] == 0
    importeren(inhoud)
    # Once imported, the same sheet changes nothing (the importer keeps each record as
    # received, so the first import of an aanbod that never came from a file stores it).
    verslag = importeren(inhoud, proef=True)
    assert verslag.aantallen == {"nieuw": 0, "gewijzigd": 0, "ongewijzigd": 2}


# --- reading ------------------------------------------------------------------------------------------


def test_a_new_aanbod_is_made_with_its_vestiging_hours_and_terms(kaart):
    verslag = importeren(xlsx([rij(), rij(**{"Naam aanbod": "Taalcafé", "Organisatie": "Bibliotheek Aalten",
                                           "Levensdomeinen": "meedoen, Werk en inkomen", "Vestiging": "Bibliotheek",
                                           "Straat": "Markt", "Huisnummer": "3a", "Postcode": "7121 CS",
                                           "Openingstijden": "ma-wo 13:00-15:00"})]))  # fmt: skip
    assert verslag.fouten == []
    assert verslag.aantallen["nieuw"] == 2
    assert verslag.nieuwe_organisaties == ["Bibliotheek Aalten"]
    hulp = Aanbod.objects.get(naam="Formulierenhulp")
    assert hulp.organisatie == kaart.figulus
    assert hulp.website == "https://www.figulus.example.org"
    assert [d.slug for d in hulp.levensdomeinen.all()] == ["werk-en-inkomen"]
    koppeling = hulp.op_vestigingen.get()
    # The organisation's own vestiging of that name, not a second one.
    assert koppeling.vestiging == Vestiging.objects.get(naam="Huis van de Kern")
    assert sorted((r.weekdag, r.start, r.einde) for r in koppeling.openingsregels.all()) == [
        (1, time(9), time(12)),
        (3, time(13, 30), time(16)),
    ]
    taal = Aanbod.objects.get(naam="Taalcafé")
    assert taal.organisatie.naam == "Bibliotheek Aalten"
    assert taal.op_vestigingen.get().vestiging.nummer == "3a"
    assert taal.op_vestigingen.get().openingsregels.count() == 3
    assert Organisatie.objects.filter(naam="Bibliotheek Aalten").count() == 1


@pytest.mark.parametrize(
    ("naam", "scheiding", "codering"),
    [("aanbod.csv", ";", "utf-8-sig"), ("aanbod.csv", ",", "utf-8"), ("export.txt", ";", "cp1252")],
)
def test_csv_in_utf8_with_or_without_bom_and_in_windows_1252(kaart, naam, scheiding, codering):
    inhoud = csv_bytes(
        [rij(**{"Naam aanbod": "Taalcafé voor iedereen"})], scheiding=scheiding, codering=codering
    )
    assert soort_herkennen(naam, inhoud) == SPREADSHEET
    verslag = importeren(inhoud, naam=naam)
    assert verslag.fouten == [], verslag.fouten
    assert Aanbod.objects.filter(naam="Taalcafé voor iedereen").exists()
    assert any("Windows-1252" in w["reden"] for w in verslag.waarschuwingen) == (
        codering == "cp1252"
    )


def test_each_fault_is_named_by_row_and_column(kaart):
    inhoud = xlsx([
        rij(**{"Naam aanbod": "Goed"}),
        rij(**{"Naam aanbod": "Verkeerde kern", "Kern": "Winterswijk"}),
        rij(**{"Naam aanbod": "Verkeerde leeftijd", "Leeftijd vanaf": "achttien"}),
        rij(**{"Naam aanbod": "", "Organisatie": "Figulus Welzijn"}),
        rij(**{"Naam aanbod": "Verkeerde tijden", "Openingstijden": "maandag ochtend"}),
        rij(**{"Naam aanbod": "Verkeerd domein", "Levensdomeinen": "ruimtevaart"}),
        rij(**{"Naam aanbod": "Verkeerde mail", "E-mail": "geen-adres"}),
        rij(**{"Naam aanbod": "Verkeerde postcode", "Vestiging": "Elders", "Postcode": "ABCDEF"}),
        rij(**{"Naam aanbod": "Zonder adres", "Vestiging": "Ergens", "Straat": ""}),
    ])  # fmt: skip
    verslag = importeren(inhoud)
    # The sheet's own rules: these rows are refused.
    eigen = {
        ("Rij 3", "Kern"), ("Rij 4", "Leeftijd vanaf"), ("Rij 5", "Naam aanbod"),
        ("Rij 6", "Openingstijden"), ("Rij 7", "Levensdomeinen"), ("Rij 10", "Straat"),
    }  # fmt: skip
    assert eigen <= fouten(verslag)
    redenen = {(f["plaats"], f["kolom"]): f["reden"] for f in verslag.fouten}
    assert redenen[("Rij 3", "Kern")].startswith(
        "'Winterswijk' kennen we niet. Kies uit: Aalten, Bredevoort"
    )
    assert redenen[("Rij 5", "Naam aanbod")] == "Verplicht; deze cel is leeg."
    assert "ma 09:00-12:00" in redenen[("Rij 6", "Openingstijden")]
    # The importer's findings come back on the column they were typed in.
    gevonden = fouten(verslag) | {(w["plaats"], w["kolom"]) for w in verslag.waarschuwingen}
    assert {("Rij 8", "E-mail"), ("Rij 9", "Postcode")} <= gevonden
    assert not Aanbod.objects.filter(email="geen-adres").exists()
    # All or nothing per row: of a refused row nothing is there.
    assert Aanbod.objects.filter(naam="Goed").exists()
    geweigerd = ["Verkeerde kern", "Verkeerde leeftijd", "Verkeerde tijden", "Zonder adres"]
    assert not Aanbod.objects.filter(naam__in=geweigerd).exists()
    assert not Vestiging.objects.filter(naam="Ergens").exists()


def test_one_aanbod_on_two_rows_refuses_both(kaart):
    verslag = importeren(xlsx([rij(), rij(**{"Naam aanbod": "FORMULIERENHULP"})]))
    assert fouten(verslag) == {("Rij 2", "Naam aanbod"), ("Rij 3", "Naam aanbod")}
    assert "staat ook op rij 3" in verslag.fouten[0]["reden"]
    assert not Aanbod.objects.filter(naam__iexact="formulierenhulp").exists()


def test_a_formula_typed_in_a_cell_is_stored_as_its_text(kaart):
    boek = Workbook()
    blad = boek.active
    blad.append(KOPPEN)
    blad.append([rij().get(k, "") for k in KOPPEN])
    blad.cell(row=2, column=KOPPEN.index("Beschrijving") + 1).value = FORMULE  # a real formula
    buffer = io.BytesIO()
    boek.save(buffer)
    verslag = importeren(buffer.getvalue())
    assert verslag.fouten == []
    assert Aanbod.objects.get(naam="Formulierenhulp").beschrijving == FORMULE
    assert {"plaats": "Rij 2", "kolom": "Beschrijving",
            "reden": "Deze cel is een formule. De tekst van de formule is overgenomen, niet de uitkomst."} in verslag.waarschuwingen  # fmt: skip


def test_a_row_changes_only_what_it_shows(kaart):
    """An existing aanbod found by name: the row's columns change, its other vestiging, its
    contact person and its expired hours stay."""
    mantelzorg = kaart.mantelzorg
    ander = AanbodOpVestiging.objects.create(aanbod=mantelzorg, vestiging=kaart.buurthuis)
    koppeling = mantelzorg.op_vestigingen.get(vestiging__naam="Huis van de Kern")
    verlopen = VestigingOpeningsregel.objects.create(
        aanbod_op_vestiging=koppeling, weekdag=4, dagdeel="ochtend", start=time(9), einde=time(10),
        geldig_tot=date(2020, 1, 1),
    )  # fmt: skip
    koppen = ["Naam aanbod", "Organisatie", "Korte beschrijving", "Vestiging", "Straat", "Huisnummer",
              "Postcode", "Plaats", "Kern", "Openingstijden"]  # fmt: skip
    inhoud = xlsx([{
        "Naam aanbod": "mantelzorgondersteuning", "Organisatie": "figulus welzijn",
        "Korte beschrijving": "Steun voor wie zorgt.", "Vestiging": "Huis van de Kern",
        "Straat": "Hofstraat", "Huisnummer": "13", "Postcode": "7121 DL", "Plaats": "Aalten",
        "Kern": "Aalten", "Openingstijden": "di 09:00-12:00; vr 10:00-11:00",
    }], koppen=koppen)  # fmt: skip
    verslag = importeren(inhoud)
    assert verslag.fouten == [] and verslag.aantallen["gewijzigd"] == 1
    mantelzorg.refresh_from_db()
    assert mantelzorg.korte_beschrijving == "Steun voor wie zorgt."
    assert mantelzorg.naam == "mantelzorgondersteuning"  # found by name; the row's spelling
    assert mantelzorg.email == "mantelzorg@figulus.example.org"  # no column: unchanged
    assert set(mantelzorg.op_vestigingen.values_list("pk", flat=True)) == {koppeling.pk, ander.pk}
    assert Vestiging.objects.get(naam="Huis van de Kern").huisnummer == "13"
    assert Contactpersoon.objects.filter(aanbod=mantelzorg).count() == 1
    regels = {(r.weekdag, r.start) for r in koppeling.openingsregels.all()}
    assert regels == {(1, time(9)), (4, time(10)), (4, time(9))}  # the expired one too
    assert koppeling.openingsregels.filter(pk=verlopen.pk).exists()


def test_importing_the_same_sheet_twice_changes_nothing_the_second_time(kaart):
    inhoud = xlsx([rij(), rij(**{"Naam aanbod": "Taalcafé", "Organisatie": "Bibliotheek Aalten"})])
    assert importeren(inhoud).aantallen["nieuw"] == 2
    tweede = importeren(inhoud)
    assert tweede.aantallen == {"nieuw": 0, "gewijzigd": 0, "ongewijzigd": 2}
    assert (
        Aanbod.objects.count() == 4
        and Organisatie.objects.filter(naam="Bibliotheek Aalten").count() == 1
    )


# --- files that are no spreadsheet ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("inhoud", "melding"),
    [
        (b"%PDF-1.7\n" + b"\x00" * 20, "geen spreadsheet"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "oud Excel-bestand"),
        (b"", "leeg"),
        (b"PK\x03\x04" + b"\x00" * 40, "beschadigd"),
    ],
)
def test_a_file_that_is_no_spreadsheet_is_refused_in_dutch(inhoud, melding):
    with pytest.raises(BestandFout, match=melding):
        soort_herkennen("aanbod.xlsx", inhoud)


def test_a_sheet_without_the_columns_of_the_template_is_refused(kaart):
    with pytest.raises(BestandFout, match="ontbreekt de kolom 'Organisatie'"):
        invoer_lezen(
            SPREADSHEET, "lijst.xlsx", xlsx([{"Naam aanbod": "x"}], koppen=["Naam aanbod", "Kleur"])
        )
    with pytest.raises(BestandFout, match="meer dan eens"):
        invoer_lezen(SPREADSHEET, "lijst.csv", b"Naam aanbod;Organisatie;naam aanbod\r\nx;y;z\r\n")


def test_rows_keep_the_numbers_the_spreadsheet_shows(kaart, monkeypatch):
    """A title above the headers, empty rows, unknown columns and a sheet formatted far
    below its last row: the dry run still names the row the beheerder sees."""
    boek = Workbook()
    blad = boek.active
    blad.append(["Aanbod van Figulus, bijgewerkt in december"])
    blad.append([])
    blad.append([*KOPPEN, "Opmerking", "Kleur"])
    blad.append([rij().get(k, "") for k in KOPPEN])
    blad.append([])
    blad.append([rij(**{"Naam aanbod": "Fout", "Kern": "Winterswijk"}).get(k, "") for k in KOPPEN])
    blad.cell(row=5000, column=3).number_format = "@"  # formatted, empty
    buffer = io.BytesIO()
    boek.save(buffer)
    verslag = importeren(buffer.getvalue(), proef=True)
    assert fouten(verslag) == {("Rij 6", "Kern")}
    assert verslag.nieuw == [
        {"plaats": "Rij 4", "naam": "Formulierenhulp", "id": verslag.nieuw[0]["id"]}
    ]
    assert {w["kolom"] for w in verslag.waarschuwingen} == {"Opmerking", "Kleur"}

    monkeypatch.setattr("sociale_kaart.spreadsheet.MAX_RIJEN", 1)
    with pytest.raises(BestandFout, match="meer dan 1 rijen"):
        invoer_lezen(SPREADSHEET, "aanbod.xlsx", buffer.getvalue())


def test_werkgebied_house_number_addition_and_kern_from_the_postcode(kaart):
    inhoud = xlsx([
        rij(**{"Naam aanbod": "Thuisadministratie", "Werkgebied": "kernen",
               "Kernen van het werkgebied": "Dinxperlo, Bredevoort", "Ook aan huis": "ja",
               "Vestiging": "Huis van de Kern", "Huisnummer": "11", "Kern": ""}),
        rij(**{"Naam aanbod": "Taalcafé", "Werkgebied": "gemeente", "Vestiging": "Bibliotheek",
               "Straat": "Markt", "Huisnummer": "21-23", "Postcode": "7091ca", "Plaats": "Dinxperlo",
               "Kern": ""}),
        rij(**{"Naam aanbod": "Zonder kernen", "Werkgebied": "kernen"}),
        rij(**{"Naam aanbod": "Geen nummer", "Vestiging": "Elders", "Huisnummer": "achter"}),
    ])  # fmt: skip
    verslag = importeren(inhoud)
    assert fouten(verslag) == {("Rij 4", "Kernen van het werkgebied"), ("Rij 5", "Huisnummer")}
    thuis = Aanbod.objects.get(naam="Thuisadministratie")
    assert (thuis.werkgebied, thuis.werkgebied_kernen, thuis.aan_huis) == (
        "kernen", ["bredevoort", "dinxperlo"], True,
    )  # fmt: skip
    bieb = Aanbod.objects.get(naam="Taalcafé").op_vestigingen.get().vestiging
    assert (bieb.huisnummer, bieb.huisnummer_toevoeging, bieb.postcode, bieb.kern) == (
        "21", "23", "7091 CA", "dinxperlo",
    )  # fmt: skip
    # The template shows them the same way again.
    blad = load_workbook(io.BytesIO(sjabloon_xlsx(met_aanbod=True, vandaag=timezone.localdate())))[
        "Aanbod"
    ]
    kop = [str(c.value).removesuffix(" *") for c in blad[1]]
    regels = [dict(zip(kop, (c.value for c in r), strict=True)) for r in blad.iter_rows(min_row=2)]
    taal = next(r for r in regels if r["Naam aanbod"] == "Taalcafé")
    assert (taal["Huisnummer"], taal["Werkgebied"], taal["Kern"]) == (
        "21-23",
        "gemeente",
        "Dinxperlo",
    )
    thuis_rij = next(r for r in regels if r["Naam aanbod"] == "Thuisadministratie")
    assert (thuis_rij["Kernen van het werkgebied"], thuis_rij["Ook aan huis"]) == (
        "Bredevoort, Dinxperlo",
        "ja",
    )
