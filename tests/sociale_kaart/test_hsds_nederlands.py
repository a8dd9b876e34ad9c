"""Another Dutch system's HSDS 3.0 export (tests/hsds/nederlands/README.md): all 30
services import, and the sociale kaart's own search finds what a resident would expect."""

import json
from pathlib import Path

import pytest

from sociale_kaart.hsds_import import hsds_importeren, json_uit_bestand, records_uit_json
from sociale_kaart.models import (
    Aanbod,
    AanbodOpVestiging,
    Doelgroep,
    Levensdomein,
    Taxonomieterm,
    Vestiging,
)
from sociale_kaart.services import taxonomieterm_koppelen
from sociale_kaart.zoeken import Filters, zoek
from tests.sociale_kaart.test_hsds import valideer

pytestmark = pytest.mark.django_db
BESTAND = Path(__file__).resolve().parents[1] / "hsds" / "nederlands" / "wegwijzer_achterhoek.json"


def _records():
    return records_uit_json(json_uit_bestand(BESTAND))


@pytest.fixture
def geimporteerd(levensdomeinen):
    """What the beheerder does: import, then map the terms that matter to our taxonomy."""
    rapport = hsds_importeren(_records())
    werk_en_inkomen = Levensdomein.objects.get(slug="werk-en-inkomen")
    mantelzorgers = Doelgroep.objects.create(naam="Mantelzorgers", slug="mantelzorgers")
    for code, domeinen, groepen in (
        ("1102", [werk_en_inkomen], []),  # Food Pantry
        ("1211", [werk_en_inkomen], []),  # Financial Education
        ("1212", [werk_en_inkomen], []),  # Debt Counseling
        ("1302", [Levensdomein.objects.get(slug="zorg")], [mantelzorgers]),  # Caregiver Support
    ):
        term = Taxonomieterm.objects.get(taxonomie="Open Eligibility", code=code)
        term.levensdomeinen.set(domeinen)
        term.doelgroepen.set(groepen)
        taxonomieterm_koppelen(term=term)
    return rapport


def namen(q="", **filters) -> set[str]:
    return {a.naam for a in zoek(q, Filters.uit(filters), per_pagina=50).pagina}


def test_the_file_is_conformant_hsds_3():
    for record in json.loads(BESTAND.read_text())["contents"]:
        valideer(record, "service.json")


def test_all_thirty_services_import(levensdomeinen):
    rapport = hsds_importeren(_records())
    assert rapport.fouten == []
    assert len(rapport.nieuw) == 30 and Aanbod.objects.count() == 30
    # The only things it could not take: the monthly group's schedule (kept as text).
    assert [(m.pad, m.reden.split(";")[0]) for m in rapport.waarschuwingen] == [
        (
            "service_at_locations[0].schedules[0]",
            "past niet in een weekschema (freq MONTHLY, byday 1TU)",
        )
    ]


def test_addresses_phones_and_schedules_come_in_our_form(geimporteerd):
    hofstraat = Vestiging.objects.filter(straat="Hofstraat").first()
    assert (hofstraat.huisnummer, hofstraat.huisnummer_toevoeging, hofstraat.nummer) == (
        "21",
        "23",
        "21-23",
    )
    markt = Vestiging.objects.filter(straat="Markt").first()
    assert (markt.nummer, markt.postcode, markt.kern) == ("12a", "7121 AB", "aalten")
    laan = Vestiging.objects.filter(straat="Laan van Ravesteyn").first()
    assert (laan.huisnummer, laan.huisnummer_toevoeging, laan.adresregel) == (
        "1",
        "bis",
        "Laan van Ravesteyn 1 bis",
    )
    dinxperlo = Vestiging.objects.filter(straat="Dorpsstraat").first()
    assert (dinxperlo.nummer, dinxperlo.postcode, dinxperlo.kern) == ("1", "7091 CX", "dinxperlo")
    assert Vestiging.objects.filter(plaats="Barlo").first().kern == "barlo"
    bocholt = Vestiging.objects.filter(plaats="Bocholt").first()
    assert (bocholt.straat, bocholt.postcode, bocholt.land, bocholt.provincie, bocholt.kern) == (
        "Europaplatz 1",
        "46399",
        "DE",
        "Nordrhein-Westfalen",
        "buiten",
    )
    assert Vestiging.objects.filter(plaats="Winterswijk").first().kern == "buiten"

    budget = Aanbod.objects.get(naam="Budgetcoaching")
    assert budget.telefoon == "+31543471302"
    assert budget.organisatie.telefoon == "+31543471300"  # written "+31 (0)543 471 300"
    assert budget.talen == ["nld", "deu"]
    regels = AanbodOpVestiging.objects.get(aanbod=budget).openingsregels.order_by("weekdag")
    assert [(r.weekdag, r.dagdeel, f"{r.start:%H:%M}", f"{r.einde:%H:%M}") for r in regels] == [
        (1, "middag", "13:30", "16:00"),
        (3, "middag", "13:30", "16:00"),
    ]
    rouw = AanbodOpVestiging.objects.get(aanbod__naam="Gespreksgroep rouw")
    assert {
        (r.weekdag, str(r.geldig_van), str(r.geldig_tot)) for r in rouw.openingsregels.all()
    } == {(1, "2027-01-05", "2027-06-30"), (3, "2027-01-05", "2027-06-30")}
    lotgenoten = AanbodOpVestiging.objects.get(aanbod__naam="Lotgenotengroep mantelzorgers")
    assert lotgenoten.openingstijden_tekst == (
        "Eerste dinsdag 19:30–21:30, elke maand.\nElke eerste dinsdag van de maand, 's avonds."
    )


# What a resident types, and what they would expect to find among the results.
VERWACHT = {
    # Words in the services' own texts, with Dutch stemming and compounds.
    "voedselpakket": {"Voedselbank uitgiftepunt Aalten"},
    "eenzaam": {"Maatjesproject Samen Op Pad"},
    "mantelzorg": {"Mantelzorgondersteuning", "Lotgenotengroep mantelzorgers", "Jonge mantelzorgers"},
    "huiswerk": {"Huiswerkbegeleiding"},
    "digid": {"Formulierenspreekuur", "Digicafé"},
    # A term mapped to werk en inkomen brings that domain's words ("geldzorgen").
    "geldzorgen": {"Voedselbank uitgiftepunt Aalten", "Thuisadministratie", "Budgetcoaching"},
    # An unmapped term of the other taxonomy is a keyword: search still finds it.
    "respite care": {"Mantelzorgondersteuning"},
    "tutoring": {"Huiswerkbegeleiding"},
    # The other system's free keywords, and a typo.
    "traplift": {"Woonadvies bij ouder worden"},
    "sollicitatie": {"Werkfit traject"},
    "energierekning": {"Energiecoach"},
}  # fmt: skip


def test_search_finds_what_a_resident_expects(geimporteerd):
    gevonden = {vraag: namen(vraag) for vraag in VERWACHT}
    # Each expected service is found, and a query does not simply return everything.
    mis = {
        v: g for v, g in gevonden.items() if not VERWACHT[v] <= g or len(g) > len(VERWACHT[v]) + 2
    }
    assert mis == {}


def test_filters_by_place_life_domain_and_target_group(geimporteerd):
    assert namen(kern="dinxperlo") == {"Budgetcoaching", "Kledingbank", "Jongerenwerk Dinxperlo"}
    assert namen(kern="buiten") == {
        "Grensoverschrijdend ouderenadvies",
        "Dagbesteding over de grens",
        "Hulp bij verhuizen",
        "Vrijwilligerswerk vinden",
    }
    assert namen(levensdomein="werk-en-inkomen") == {
        "Voedselbank uitgiftepunt Aalten",
        "Thuisadministratie",
        "Budgetcoaching",
    }
    assert namen(doelgroep="mantelzorgers") == {
        "Mantelzorgondersteuning",
        "Lotgenotengroep mantelzorgers",
        "Jonge mantelzorgers",
    }


def test_the_search_page_shows_them_to_a_resident(geimporteerd, resident):
    html = resident.get("/sociale-kaart/", {"q": "voedselpakket"}).content.decode()
    assert "Voedselbank uitgiftepunt Aalten" in html
    aanbod = Aanbod.objects.get(naam="Lotgenotengroep mantelzorgers")
    pagina = resident.get(aanbod.get_absolute_url()).content.decode()
    assert "Eerste dinsdag 19:30–21:30, elke maand.<br>Elke eerste dinsdag" in pagina
    assert "Markt 12a, 7121 AB Aalten" in pagina
    duits = resident.get(Aanbod.objects.get(naam="Dagbesteding over de grens").get_absolute_url())
    assert "Europaplatz 1, 46399 Bocholt (DE)" in duits.content.decode()
    assert (
        'href="tel:+492871217650"'
        in resident.get(
            Aanbod.objects.get(naam="Dagbesteding over de grens").organisatie.get_absolute_url()
        ).content.decode()
    )


def test_unmapped_terms_are_listed_for_the_beheerder(geimporteerd):
    assert geimporteerd.onbekende_termen[("Open Eligibility", "Caregiver Support")] == 3
    assert ("", "traplift") in geimporteerd.onbekende_termen  # a free keyword
    niet_gekoppeld = set(Taxonomieterm.objects.niet_gekoppeld().values_list("naam", flat=True))
    assert {"Respite Care", "Tutoring", "traplift"} <= niet_gekoppeld
    assert not {"Food Pantry", "Caregiver Support"} & niet_gekoppeld


def test_importing_it_again_changes_nothing(geimporteerd):
    rapport = hsds_importeren(_records())
    assert (len(rapport.nieuw), len(rapport.gewijzigd), len(rapport.ongewijzigd)) == (0, 0, 30)
