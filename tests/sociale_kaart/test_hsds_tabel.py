"""The Open Referral HSDS 3.0 CSV data package: our export is a valid package in the
layout of the specification's examples/csv, it holds what the JSON API holds, export →
import → export is exact, and what is wrong in an uploaded package is said in Dutch."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from frictionless import validate

from sociale_kaart import bestanden, hsds_tabel
from sociale_kaart.bestanden import BestandFout
from sociale_kaart.importeren import invoer_verwerken, pakket_invoer
from sociale_kaart.models import Aanbod, Kaartexport, Organisatie, Vestiging
from tests.sociale_kaart.factories import OrganisatieFactory
from tests.sociale_kaart.kaart import FORMULE, alles_wissen, kleine_kaart

SPEC = Path("/work/.mirror/openreferral+specification/repo")
VOORBEELD = Path(__file__).resolve().parents[1] / "hsds" / "examples" / "csv"


@pytest.fixture
def kaart(levensdomeinen):
    return kleine_kaart(levensdomeinen)


def _api(client) -> list[dict]:
    return client.get("/api/hsds/services", {"per_page": 100}).json()["contents"]


def _pakket() -> dict[str, bytes]:
    return hsds_tabel.sociale_kaart_pakket(timezone.localdate())


def _schrijven(bestanden: dict[str, bytes], map_: Path) -> Path:
    map_.mkdir(parents=True, exist_ok=True)
    for naam, inhoud in bestanden.items():
        (map_ / naam).write_bytes(inhoud)
    return map_


def _rijen(bestanden: dict[str, bytes], naam: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(bestanden[naam].decode("utf-8"))))


def _csv(kop: list[str], *rijen: list[str], scheiding=",") -> bytes:
    buffer = io.StringIO()
    schrijver = csv.writer(buffer, delimiter=scheiding, lineterminator="\r\n")
    schrijver.writerow(kop)
    schrijver.writerows(rijen)
    return buffer.getvalue().encode("utf-8")


def _importeren(bestanden: dict[str, bytes], proef=False):
    return invoer_verwerken(pakket_invoer(bestanden), proef=proef)


# --- the export ----------------------------------------------------------------------------------


def test_the_export_is_a_valid_package_in_the_layout_of_the_specifications_example(kaart, tmp_path):
    map_ = _schrijven(_pakket(), tmp_path / "pakket")
    rapport = validate(str(map_ / "datapackage.json"))
    fouten = [f"{t.name}: {e.message}" for t in rapport.tasks for e in t.errors]
    assert rapport.valid, "\n".join(fouten[:20])
    voorbeeld = {p.name for p in VOORBEELD.iterdir() if p.name != "SOURCE.md"}
    assert {p.name for p in map_.iterdir()} == voorbeeld | {"service_capacities.csv", "units.csv"}
    # The specification's tables with their schemas as they are; the capacity added.
    spec = json.loads((VOORBEELD / "datapackage.json").read_bytes())
    ons = json.loads((map_ / "datapackage.json").read_bytes())
    assert ons["resources"][: len(spec["resources"])] == spec["resources"]
    assert [r["name"] for r in ons["resources"][len(spec["resources"]) :]] == [
        "service_capacity",
        "unit",
    ]
    assert {k: v for k, v in ons.items() if k != "resources"} == {
        k: v for k, v in spec.items() if k != "resources"
    }


def test_the_export_holds_the_records_the_json_api_gives(kaart, client):
    """Flattened to tables and nested back, every record is what /api/hsds/services says,
    but for what tables cannot tell: an empty list, and a time without its seconds."""
    pakket = hsds_tabel.pakket_lezen(_pakket())
    assert pakket.fouten == []
    assert [w for w in pakket.waarschuwingen if "Hoort bij geen aanbod" not in w.reden] == []

    def gewoon(waarde):
        if isinstance(waarde, dict):
            return {k: gewoon(v) for k, v in waarde.items() if v != []}
        if isinstance(waarde, list):
            return [gewoon(v) for v in waarde]
        if isinstance(waarde, str) and re.fullmatch(r"\d\d:\d\d[+-]\d\d:\d\d", waarde):
            return f"{waarde[:5]}:00{waarde[5:]}"
        return waarde

    assert gewoon(pakket.records) == gewoon(_api(client))


def test_the_organisation_of_a_vestiging_without_aanbod_is_in_the_package(kaart, tmp_path):
    """An aanbod may be given at another organisation's place (a church's community
    centre): that organisation is in the package too, so every reference resolves."""
    kerk = OrganisatieFactory(naam="Protestantse Gemeente Dinxperlo", slug="pg-dinxperlo")
    Vestiging.objects.filter(pk=kaart.buurthuis.pk).update(organisatie=kerk)
    bestanden = _pakket()
    namen = {r["name"] for r in _rijen(bestanden, "organizations.csv")}
    assert namen == {"Figulus Welzijn", "Gemeente Aalten", "Protestantse Gemeente Dinxperlo"}
    assert validate(str(_schrijven(bestanden, tmp_path) / "datapackage.json")).valid


def test_our_own_attributes_get_a_term_of_their_own_taxonomy(kaart):
    bestanden = _pakket()
    termen = {r["id"]: r for r in _rijen(bestanden, "taxonomy_terms.csv")}
    eigen = [r for r in _rijen(bestanden, "attributes.csv") if r["link_type"] == "slug"]
    assert eigen and all(termen[r["taxonomy_term_id"]]["code"] == "slug" for r in eigen)
    taxonomie = {r["id"]: r["name"] for r in _rijen(bestanden, "taxonomies.csv")}
    assert taxonomie[termen[eigen[0]["taxonomy_term_id"]]["taxonomy_id"]] == "Eigen velden"


def test_a_formula_is_text_in_the_csv_and_comes_back_as_typed(kaart, client):
    bestanden = _pakket()
    rij = next(r for r in _rijen(bestanden, "services.csv") if r["name"] == "Schuldhulpverlening")
    assert rij["description"] == "'" + FORMULE
    # A phone number in E.164 or with spaces is no formula and stays as it is.
    assert all(not r["number"].startswith("'") for r in _rijen(bestanden, "phones.csv"))
    alles_wissen()
    verslag = _importeren(bestanden)
    assert verslag.geweigerd == 0, verslag.fouten
    assert Aanbod.objects.get(naam="Schuldhulpverlening").beschrijving == FORMULE


def test_the_same_sociale_kaart_gives_the_same_zip_byte_for_byte(kaart):
    assert hsds_tabel.pakket_zip(_pakket()) == hsds_tabel.pakket_zip(_pakket())


def test_export_import_export_gives_the_same_package_and_the_same_json(kaart, client, tmp_path):
    voor_json = _api(client)
    call_command("exporteer_hsds_csv", str(tmp_path / "voor"))
    call_command("exporteer_hsds_csv", str(tmp_path / "voor.zip"))
    alles_wissen()
    assert not Aanbod.objects.exists()

    call_command("importeer_hsds_csv", str(tmp_path / "voor.zip"))
    call_command("exporteer_hsds_csv", str(tmp_path / "na"))
    for pad in sorted((tmp_path / "voor").iterdir()):
        assert pad.read_bytes() == (tmp_path / "na" / pad.name).read_bytes(), pad.name
    assert _api(client) == voor_json

    # Again: nothing changes, nothing is doubled.
    call_command("importeer_hsds_csv", str(tmp_path / "voor"))
    assert Aanbod.objects.count() == 2
    assert _api(client) == voor_json


def test_the_command_says_what_it_would_do_in_a_dry_run(kaart, tmp_path, capsys):
    call_command("exporteer_hsds_csv", str(tmp_path / "pakket.zip"))
    alles_wissen()
    call_command("importeer_hsds_csv", str(tmp_path / "pakket.zip"), "--proef")
    assert (
        "Proef: 2 nieuw, 0 gewijzigd, 0 ongewijzigd, 0 met fouten overgeslagen."
        in capsys.readouterr().out
    )
    assert not Aanbod.objects.exists()


def test_the_download_in_beheer_is_the_package(
    kaart, client, beheerder, celery_in_proces, django_capture_on_commit_callbacks
):
    client.force_login(beheerder)
    with django_capture_on_commit_callbacks(execute=True):
        gevraagd = client.post("/beheer/sociale_kaart/kaartexport/add/", {"soort": "hsds_csv"})
    export = Kaartexport.objects.get()
    assert gevraagd["Location"] == f"/beheer/sociale_kaart/kaartexport/{export.pk}/change/"
    response = client.get(f"/beheer/sociale_kaart/kaartexport/{export.pk}/bestand/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    assert response.content == hsds_tabel.pakket_zip(_pakket())


# --- bad input ------------------------------------------------------------------------------------


@pytest.fixture
def pakket(kaart) -> dict[str, bytes]:
    """Our own export, to spoil in one place per test."""
    return dict(_pakket())


def _vervang(bestanden, naam, oud: str, nieuw: str, aantal=1):
    tekst = bestanden[naam].decode("utf-8")
    assert oud in tekst
    bestanden[naam] = tekst.replace(oud, nieuw, aantal).encode("utf-8")


def _id_van(bestanden, naam_aanbod) -> str:
    return next(r["id"] for r in _rijen(bestanden, "services.csv") if r["name"] == naam_aanbod)


def _rij(bestanden, naam: str, id_: str) -> int:
    """The row number of an id, as a spreadsheet program counts (the header is row 1)."""
    return next(n for n, r in enumerate(_rijen(bestanden, naam), start=2) if r["id"] == id_)


def test_a_package_without_services_is_refused():
    with pytest.raises(BestandFout, match="geen services.csv"):
        hsds_tabel.pakket_lezen({"organizations.csv": b"id,name\r\n"})


def test_a_zip_that_would_unpack_too_large_is_refused_unread(monkeypatch, pakket):
    monkeypatch.setattr(bestanden, "ZIP_MAX_BYTES", 1000)
    with pytest.raises(BestandFout, match="uitgepakt groter dan"):
        bestanden.zip_bestanden(hsds_tabel.pakket_zip(pakket), "pakket.zip")


def test_a_damaged_zip_is_refused():
    with pytest.raises(BestandFout, match="beschadigd"):
        bestanden.zip_bestanden(b"PK\x03\x04" + b"\x00" * 50, "pakket.zip")


def test_folders_in_a_zip_do_not_matter_and_paths_outside_it_lead_nowhere(pakket):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archief:
        for naam, inhoud in pakket.items():
            archief.writestr(f"export/csv/{naam}", inhoud)
        archief.writestr("../../../tmp/boos.csv", b"id\r\n")
    gelezen = bestanden.zip_bestanden(buffer.getvalue(), "pakket.zip")
    assert set(gelezen) == set(pakket) | {"boos.csv"}
    _importeren(pakket)
    verslag = _importeren(gelezen, proef=True)
    assert verslag.aantallen["nieuw"] == 0 and verslag.aantallen["ongewijzigd"] == 2
    assert {
        "plaats": "boos.csv",
        "kolom": "",
        "reden": "Geen tabel van HSDS 3.0; dit bestand is overgeslagen.",
    } in verslag.waarschuwingen


def test_windows_1252_is_read_and_said(pakket):
    id_ = _id_van(pakket, "Mantelzorgondersteuning")
    tekst = (
        pakket["services.csv"].decode("utf-8").replace("Mantelzorgondersteuning", "Mantelzorg café")
    )
    _importeren(dict(pakket))
    pakket["services.csv"] = tekst.encode("cp1252")
    verslag = _importeren(pakket)
    assert (verslag.aantallen["gewijzigd"], verslag.aantallen["ongewijzigd"]) == (1, 1)
    assert Aanbod.objects.get(pk=id_).naam == "Mantelzorg café"
    assert any("Windows-1252" in w["reden"] for w in verslag.waarschuwingen)


def test_a_byte_order_mark_and_semicolons_are_fine(pakket):
    _importeren(dict(pakket))
    rijen = list(csv.reader(io.StringIO(pakket["services.csv"].decode("utf-8"))))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rijen)
    pakket["services.csv"] = b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")
    verslag = _importeren(pakket, proef=True)
    assert (verslag.geweigerd, verslag.aantallen["ongewijzigd"]) == (0, 2)
    assert verslag.waarschuwingen == [] or all(
        "Hoort bij geen aanbod" in w["reden"] for w in verslag.waarschuwingen
    )


def test_duplicate_ids_refuse_both_rows_and_the_rest_imports(pakket):
    alles_wissen()
    id_ = _id_van(pakket, "Mantelzorgondersteuning")
    rijen = pakket["services.csv"].decode("utf-8").split("\r\n")
    dubbel = next(r for r in rijen if r.startswith(id_)).replace(
        "Mantelzorgondersteuning", "Ander aanbod"
    )
    pakket["services.csv"] = "\r\n".join([*rijen[:-1], dubbel, ""]).encode("utf-8")
    n = _rij(pakket, "services.csv", id_)
    verslag = _importeren(pakket)
    assert verslag.geweigerd == 2
    assert list(Aanbod.objects.values_list("naam", flat=True)) == ["Schuldhulpverlening"]
    redenen = {(f["plaats"], f["kolom"], f["reden"]) for f in verslag.fouten}
    assert {
        (f"services.csv, rij {n}", "id", f"Het id {id_} staat ook op rij 4; welke bedoeld is, is niet te zeggen."),
        ("services.csv, rij 4", "id", f"Het id {id_} staat ook op rij {n}; welke bedoeld is, is niet te zeggen."),
    } <= redenen  # fmt: skip


def test_a_fault_in_a_nested_row_refuses_its_whole_aanbod(pakket):
    alles_wissen()
    adres = _rijen(pakket, "addresses.csv")[0]
    _vervang(pakket, "addresses.csv", adres["id"], "geen-uuid")
    verslag = _importeren(pakket)
    assert verslag.geweigerd == 1
    assert Aanbod.objects.count() == 1
    assert any(
        f["plaats"].startswith("addresses.csv, rij") and f["kolom"] == "id" for f in verslag.fouten
    )
    assert any(
        "Niet geïmporteerd: fout in een rij die erbij hoort (addresses.csv" in f["reden"]
        for f in verslag.fouten
    )


def test_a_value_of_the_wrong_type_is_left_out_with_a_warning(pakket):
    id_ = _id_van(pakket, "Mantelzorgondersteuning")
    tekst = pakket["services.csv"].decode("utf-8")
    kop = tekst.split("\r\n")[0].split(",")
    rijen = list(csv.reader(io.StringIO(tekst)))
    for rij in rijen[1:]:
        if rij[0] == id_:
            rij[kop.index("minimum_age")] = "achttien"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rijen)
    pakket["services.csv"] = buffer.getvalue().encode("utf-8")
    verslag = _importeren(pakket)
    assert verslag.geweigerd == 0
    assert {"plaats": f"services.csv, rij {_rij(pakket, 'services.csv', id_)}", "kolom": "minimum_age",
            "reden": "'achttien' is geen getal (gebruik een punt als decimaalteken). Deze waarde is niet overgenomen."} in verslag.waarschuwingen  # fmt: skip
    assert Aanbod.objects.get(pk=id_).leeftijd_van is None


def test_a_row_with_more_cells_than_columns_is_refused(pakket):
    id_ = _id_van(pakket, "Schuldhulpverlening")
    rijen = pakket["services.csv"].decode("utf-8").split("\r\n")
    pakket["services.csv"] = "\r\n".join(
        r + ",over" if r.startswith(id_) else r for r in rijen
    ).encode()
    verslag = _importeren(pakket, proef=True)
    assert verslag.geweigerd == 1
    assert any("meer cellen" in f["reden"] for f in verslag.fouten)


def test_a_column_twice_refuses_the_file():
    with pytest.raises(BestandFout, match="de kolom 'name' meer dan eens"):
        hsds_tabel.pakket_lezen({"services.csv": _csv(["id", "name", "name"])})


def test_an_unknown_column_is_skipped_with_a_warning(pakket):
    kop, *rijen = csv.reader(io.StringIO(pakket["organizations.csv"].decode("utf-8")))
    pakket["organizations.csv"] = _csv([*kop, "kleur"], *([*r, "rood"] for r in rijen))
    verslag = _importeren(pakket, proef=True)
    assert verslag.geweigerd == 0
    assert {
        "plaats": "organizations.csv",
        "kolom": "kleur",
        "reden": "Geen veld van HSDS 3.0; deze kolom is overgeslagen.",
    } in verslag.waarschuwingen


def test_a_reference_to_an_organisation_not_in_the_package_is_said(pakket):
    alles_wissen()
    organisatie = next(
        r for r in _rijen(pakket, "organizations.csv") if r["name"] == "Gemeente Aalten"
    )
    rijen = pakket["organizations.csv"].decode("utf-8").split("\r\n")
    pakket["organizations.csv"] = "\r\n".join(
        r for r in rijen if not r.startswith(organisatie["id"])
    ).encode()
    verslag = _importeren(pakket)
    n = _rij(pakket, "services.csv", _id_van(pakket, "Schuldhulpverlening"))
    assert {"plaats": f"services.csv, rij {n}", "kolom": "organization_id",
            "reden": f"Verwijst naar '{organisatie['id']}', maar die staat niet in organizations.csv."} in verslag.waarschuwingen  # fmt: skip
    assert verslag.geweigerd == 1
    assert not Organisatie.objects.filter(pk=organisatie["id"]).exists()
    assert list(Aanbod.objects.values_list("naam", flat=True)) == ["Mantelzorgondersteuning"]


def test_not_a_text_file_is_refused(pakket):
    pakket["services.csv"] = b"\x00\x01\x02" * 100
    with pytest.raises(BestandFout, match="geen tekstbestand"):
        hsds_tabel.pakket_lezen(pakket)


def test_the_command_refuses_what_it_cannot_read(tmp_path):
    (tmp_path / "kapot.zip").write_bytes(b"geen zip")
    with pytest.raises(CommandError, match="geen geldig zip-bestand"):
        call_command("importeer_hsds_csv", str(tmp_path / "kapot.zip"))
    with pytest.raises(CommandError, match="Kan"):
        call_command("importeer_hsds_csv", str(tmp_path / "bestaat-niet.zip"))


# --- the specification's example -----------------------------------------------------------------


def test_our_copy_of_the_example_is_the_specifications():
    if not SPEC.exists():
        pytest.skip("the mirror of openreferral/specification is not on this machine")
    for pad in VOORBEELD.iterdir():
        if pad.name == "SOURCE.md":
            continue
        bron = "datapackage.json" if pad.name == "datapackage.json" else f"examples/csv/{pad.name}"
        blob = subprocess.run(
            ["git", "-C", str(SPEC), "show", f"279fd2eb3552c349bf698c07c00cc25f5fc8249b:{bron}"],
            capture_output=True, check=True,
        ).stdout  # fmt: skip
        assert pad.read_bytes() == blob, pad.name


def test_the_example_package_is_read_with_the_findings_of_frictionless():
    pakket = hsds_tabel.pakket_lezen(hsds_tabel.map_bestanden(VOORBEELD))
    assert pakket.fouten == []
    assert [r["name"] for r in pakket.records] == ["Community Counselling"]
    assert [(w.plaats, w.kolom) for w in pakket.waarschuwingen] == [
        ("contacts.csv, rij 2", "organization_id"),
        ("contacts.csv, rij 2", "service_at_location_id"),
        ("locations.csv, rij 2", "organization_id"),
        ("taxonomy_terms.csv, rij 2", "taxonomy_id"),
        ("attributes.csv, rij 2", ""),
        ("meta_table_descriptions.csv, rij 2", ""),
        ("metadata.csv, rij 2", ""),
    ]
    record = pakket.records[0]
    # The phone names a contact, a location, a service_at_location, the service and the
    # organisation: it is nested under each but the organisation, like the specification's
    # own service_full.json has it; so is the contact (its service_at_location_id names
    # none in the package) and the language (of the phone, the location and the service).
    telefoon = '"+44 1234 234567"'
    sal = record["service_at_locations"][0]
    locatie = sal["location"]
    assert [p["number"] for p in record["phones"]] == [telefoon]
    assert [p["number"] for p in sal["phones"]] == [telefoon]
    assert [p["number"] for p in locatie["phones"]] == [telefoon]
    assert [p["number"] for p in locatie["contacts"][0]["phones"]] == [telefoon]
    assert [c["name"] for c in record["contacts"]] == ["Ann Persona"]
    assert "contacts" not in sal and "phones" not in record["organization"]
    assert [t["name"] for t in record["languages"]] == ["Urdu"]
    assert [t["name"] for t in record["phones"][0]["languages"]] == ["Urdu"]
    assert json.dumps(record)  # plain JSON, as /api/hsds/services would give it


def test_the_example_package_imports_every_field_kept_or_warned(levensdomeinen):
    from sociale_kaart.hsds_import import hsds_importeren

    pakket = hsds_tabel.pakket_lezen(hsds_tabel.map_bestanden(VOORBEELD))
    rapport = hsds_importeren(pakket.records)
    assert rapport.fouten == []

    # Kept: every field our model has a place for.
    aanbod = Aanbod.objects.get(pk="ac148810-d857-441c-9679-408f346de14b")
    assert (aanbod.naam, aanbod.status, aanbod.email, aanbod.website) == (
        "Community Counselling", "actief", "email@example.com", "http://example.com/counselling",
    )  # fmt: skip
    assert aanbod.beschrijving.startswith("Counselling Services provided by trained professionals.")
    assert aanbod.aanmelden_toelichting.startswith("If you are an NHS patient")
    assert aanbod.kosten == "betaald" and "£50 per hour" in aanbod.kosten_toelichting
    assert (aanbod.leeftijd_van, aanbod.leeftijd_tot) == (12, 100)
    assert (aanbod.telefoon, aanbod.talen) == ("+441234234567", ["urd"])
    assert aanbod.zoekwoorden == "MyCity Counselling Services"  # alternate_name
    organisatie = aanbod.organisatie
    assert (organisatie.naam, organisatie.website, organisatie.laatst_gecontroleerd) == (
        "Example Organization Inc.", "http://example.com", date(2005, 1, 1),
    )  # fmt: skip
    koppeling = aanbod.op_vestigingen.get()
    vestiging = koppeling.vestiging
    assert (vestiging.naam, vestiging.straat, vestiging.postcode, vestiging.plaats) == (
        "MyCity Civic Center", "1-30 Main Street", "ABC 1234", "MyCity",
    )  # fmt: skip
    assert (vestiging.land, vestiging.kern) == ("US", "buiten")
    assert vestiging.toegankelijkheid.startswith("The building is equipped with induction loops")
    assert vestiging.route.startswith("MyCity Civic Center is serviced by the number 1 Bus")
    assert koppeling.toelichting.startswith("Counselling Services provided by trained")
    # A schedule our week engine cannot hold (weeks 41 and 42…) is kept as text.
    assert koppeling.openingstijden_tekst.startswith("Donderdag en vrijdag 10:00–18:00")
    contact = aanbod.contactpersonen.get()
    assert (contact.naam, contact.functie, contact.telefoon) == (
        "Ann Persona", "Reception Manager", "+441234234567",
    )  # fmt: skip

    # Warned: every other field, by its path in the record.
    assert sorted({m.pad for m in rapport.waarschuwingen}) == sorted([
        "accreditations", "alert", "assurer_email", "contacts[0].department",
        "contacts[0].phones[0].description", "contacts[0].phones[0].extension",
        "contacts[0].phones[0].languages", "cost_options[0]", "eligibility_description",
        "funding", "interpretation_services", "languages[0].note", "last_modified", "licenses",
        "organization.alternate_name", "organization.legal_status", "organization.logo",
        "organization.organization_identifiers[0]", "organization.parent_organization_id",
        "organization.tax_id", "organization.tax_status", "organization.uri",
        "organization.year_incorporated", "phones[0].description", "phones[0].extension",
        "phones[0].languages", "program", "required_documents", "schedules", "service_areas[0]",
        "service_at_locations[0].location.accessibility[0].url",
        "service_at_locations[0].location.addresses[0].address_2",
        "service_at_locations[0].location.addresses[0].attention",
        "service_at_locations[0].location.addresses[0].region",
        "service_at_locations[0].location.alternate_name",
        "service_at_locations[0].location.contacts",
        "service_at_locations[0].location.description",
        "service_at_locations[0].location.external_identifier",
        "service_at_locations[0].location.external_identifier_type",
        "service_at_locations[0].location.languages",
        "service_at_locations[0].location.latitude",
        "service_at_locations[0].location.longitude",
        "service_at_locations[0].location.phones",
        "service_at_locations[0].location.schedules",
        "service_at_locations[0].location.url", "service_at_locations[0].phones",
        "service_at_locations[0].schedules[0]", "wait_time",
    ])  # fmt: skip
