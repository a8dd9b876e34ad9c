"""The werkgebied as HSDS 3.0 service_areas: exported for people and machines, read back
from our own export unchanged, and from another system's areas by their names."""

import json

import pytest
from django.core.management import call_command

from sociale_kaart import hsds_import
from sociale_kaart.hsds import GEMEENTE_URI
from sociale_kaart.hsds_import import hsds_importeren, werkgebied_lezen
from sociale_kaart.models import Aanbod, AanbodOpVestiging, Organisatie, Vestiging, Werkgebied
from sociale_kaart.zoeken import Filters, zoek
from tests.sociale_kaart.factories import AanbodFactory, OrganisatieFactory, VestigingFactory
from tests.sociale_kaart.test_hsds import SCHEMA_MAP, valideer

pytestmark = pytest.mark.django_db

WERKGEBIEDEN = {
    "gemeente": {"werkgebied": Werkgebied.GEMEENTE, "aan_huis": True},
    "regio": {"werkgebied": Werkgebied.REGIO},
    "kernen": {"werkgebied": Werkgebied.KERNEN, "werkgebied_kernen": ["bredevoort", "dinxperlo"]},
    "vestigingen": {},
    "vestigingen aan huis": {"aan_huis": True},
}


def record(client, aanbod) -> dict:
    return client.get(f"/api/hsds/services/{aanbod.pk}").json()


@pytest.fixture
def compleet():
    return AanbodFactory(naam="Formulierenhulp")


@pytest.fixture
def soorten():
    """An aanbod of each werkgebied, each with a vestiging in Aalten and one in De Heurne."""
    organisatie = OrganisatieFactory()
    gemaakt = {}
    for naam, velden in WERKGEBIEDEN.items():
        aanbod = AanbodFactory(organisatie=organisatie, naam=naam.capitalize(), **velden)
        for kern in ("de-heurne", "aalten"):
            vestiging = VestigingFactory(organisatie=organisatie, kern=kern)
            AanbodOpVestiging.objects.create(aanbod=aanbod, vestiging=vestiging)
        gemaakt[naam] = aanbod
    return gemaakt


def test_each_werkgebied_is_valid_hsds_3_with_only_declared_fields(client, soorten):
    velden = json.loads((SCHEMA_MAP / "service_area.json").read_text())["properties"].keys()
    for aanbod in soorten.values():
        data = record(client, aanbod)
        valideer(data, "service.json")
        for gebied in data["service_areas"]:
            valideer(gebied, "service_area.json")
            assert gebied.keys() <= velden
            assert gebied["service_id"] == str(aanbod.pk)


def test_the_whole_municipality_is_one_named_area_with_its_identifier(client, soorten):
    [gebied] = record(client, soorten["gemeente"])["service_areas"]
    assert gebied["name"] == "gemeente Aalten"
    assert gebied["uri"] == GEMEENTE_URI
    assert gebied["description"] == "Voor heel Aalten. Ook bij u thuis."
    assert gebied["extent_type"] == "text"
    assert gebied["extent"].startswith("gemeente Aalten (Gelderland): Aalten, Bredevoort")
    assert {(a["link_type"], a["value"]) for a in gebied["attributes"]} == {
        ("werkgebied", "gemeente"),
        ("aan_huis", "ja"),
    }


def test_the_region_and_kernen_are_areas_by_name(client, soorten):
    [regio] = record(client, soorten["regio"])["service_areas"]
    assert (regio["name"], regio["description"]) == (
        "regio Achterhoek",
        "In de hele regio Achterhoek.",
    )
    assert "Winterswijk" in regio["extent"] and "uri" not in regio
    kernen = record(client, soorten["kernen"])["service_areas"]
    assert [(k["name"], k["description"]) for k in kernen] == [
        ("Bredevoort", "In Bredevoort."),
        ("Dinxperlo", "In Dinxperlo."),
    ]
    assert len({k["id"] for k in kernen}) == 2


def test_only_at_the_vestigingen_has_no_areas_unless_it_comes_home_there(client, soorten):
    assert record(client, soorten["vestigingen"])["service_areas"] == []
    thuis = record(client, soorten["vestigingen aan huis"])["service_areas"]
    assert [(g["name"], g["description"]) for g in thuis] == [
        ("Aalten", "In Aalten. Ook bij u thuis."),
        ("De Heurne", "In De Heurne. Ook bij u thuis."),
    ]


def _export(client):
    return client.get("/api/hsds/services", {"per_page": 100}).json()["contents"]


def test_export_import_export_gives_the_same_json_for_every_werkgebied(client, soorten, tmp_path):
    voor = _export(client)
    assert {json.dumps(r["service_areas"]) != "[]" for r in voor} == {True, False}
    pad = tmp_path / "export.json"
    pad.write_text(json.dumps(voor))
    Organisatie.objects.all().delete()  # and with them their aanbod and vestigingen
    assert not Aanbod.objects.exists() and not Vestiging.objects.exists()
    call_command("importeer_hsds", str(pad))
    assert _export(client) == voor
    kernen = Aanbod.objects.get(naam="Kernen")
    assert (kernen.werkgebied, kernen.werkgebied_kernen) == ("kernen", ["bredevoort", "dinxperlo"])
    thuis = Aanbod.objects.get(naam="Vestigingen aan huis")
    assert (thuis.werkgebied, thuis.werkgebied_kernen, thuis.aan_huis) == ("vestigingen", [], True)
    # And search finds them again where they serve.
    gevonden = {a.naam for a in zoek("", Filters(kern="dinxperlo"), per_pagina=100).pagina}
    assert {"Gemeente", "Regio", "Kernen"} <= gevonden
    assert not {"Vestigingen", "Vestigingen aan huis"} & gevonden


@pytest.mark.parametrize(
    ("gebieden", "werkgebied", "kernen"),
    [
        ([{"id": "1", "name": "Gemeente Aalten"}], "gemeente", []),
        ([{"id": "1", "name": "Aalten (gemeente)"}], "gemeente", []),
        ([{"id": "1", "name": "Onze gemeente", "uri": GEMEENTE_URI}], "gemeente", []),
        ([{"id": "1", "name": "Achterhoek"}], "regio", []),
        ([{"id": "1", "name": "Regio Achterhoek"}, {"id": "2", "name": "Dinxperlo"}], "regio", []),
        ([{"id": "1", "name": "Aalten"}], "kernen", ["aalten"]),
        (
            [{"id": "1", "name": "DINXPERLO"}, {"id": "2", "name": "Kern Bredevoort"}],
            "kernen",
            ["bredevoort", "dinxperlo"],
        ),
        (
            [{"id": "1", "name": "Barlo, Dale en De Heurne"}],
            "kernen",
            ["barlo", "dale", "de-heurne"],
        ),
        ([{"id": "1", "name": "IJzerlo"}, {"id": "2", "name": "ijzerlo"}], "kernen", ["ijzerlo"]),
        ([], "vestigingen", []),
        (None, "vestigingen", []),
    ],
)
def test_another_systems_areas_are_read_by_their_names(gebieden, werkgebied, kernen):
    gelezen, waarschuwingen = werkgebied_lezen(gebieden)
    assert gelezen == {"werkgebied": werkgebied, "werkgebied_kernen": kernen, "aan_huis": False}
    assert waarschuwingen == []


@pytest.mark.parametrize(
    ("gebieden", "werkgebied", "waarschuwingen"),
    [
        (
            [{"id": "1", "name": "Winterswijk"}, {"id": "2", "name": "Dinxperlo"}],
            ("kernen", ["dinxperlo"]),
            [("service_areas[0]", "onbekend gebied 'Winterswijk'; niet overgenomen")],
        ),
        (
            [{"id": "1", "name": "Aalten en Winterswijk"}],
            ("vestigingen", []),
            [("service_areas[0]", "onbekend gebied 'Aalten en Winterswijk'; niet overgenomen")],
        ),
        (
            [{"id": "1", "description": "Heel MyCity"}, "Dinxperlo", 3],
            ("vestigingen", []),
            [
                ("service_areas[0]", "onbekend gebied 'Heel MyCity'; niet overgenomen"),
                ("service_areas[1]", "geen object; niet overgenomen"),
                ("service_areas[2]", "geen object; niet overgenomen"),
            ],
        ),
        ("Dinxperlo", ("vestigingen", []), [("service_areas", "geen lijst; niet overgenomen")]),
    ],
)
def test_areas_that_are_not_ours_are_warned_about_and_left_out(
    gebieden, werkgebied, waarschuwingen
):
    gelezen, gewaarschuwd = werkgebied_lezen(gebieden)
    assert (gelezen["werkgebied"], gelezen["werkgebied_kernen"]) == werkgebied
    assert gewaarschuwd == waarschuwingen


def test_a_record_with_an_unknown_area_imports_with_a_warning(client, compleet, tmp_path, capsys):
    data = record(client, compleet)
    data["service_areas"] = [
        {"id": "381c64f1-a724-4884-9c21-ac96c21cca3e", "name": "Winterswijk"},
        {"id": "381c64f1-a724-4884-9c21-ac96c21cca3f", "name": "Gemeente Aalten"},
    ]
    rapport = hsds_importeren([data])
    assert rapport.geimporteerd == [str(compleet.pk)] and rapport.fouten == []
    assert rapport.waarschuwingen == [
        (0, "service_areas[0]", "onbekend gebied 'Winterswijk'; niet overgenomen")
    ]
    compleet.refresh_from_db()
    assert compleet.werkgebied == "gemeente"

    pad = tmp_path / "import.json"
    pad.write_text(json.dumps([data]))
    call_command("importeer_hsds", str(pad))
    uitvoer = capsys.readouterr()
    assert "record 0, waarschuwing: service_areas[0]: onbekend gebied 'Winterswijk'" in uitvoer.err
    assert "1 geïmporteerd (0 nieuw, 0 gewijzigd, 1 ongewijzigd)" in uitvoer.out


def test_a_record_that_fails_reports_no_warnings_of_its_own(client, compleet, monkeypatch):
    data = record(client, compleet)
    data["service_areas"] = [{"id": "1", "name": "Winterswijk"}]

    def mislukt(*args):  # fails after the areas were read (and warned about)
        raise hsds_import.RecordFout("attributes", "kapot")

    monkeypatch.setattr(hsds_import, "_termen", mislukt)
    rapport = hsds_importeren([data])
    assert rapport.fouten and rapport.waarschuwingen == []
