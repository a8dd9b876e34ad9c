"""Open Referral HSDS 3.0 output, validated against the specification's own JSON schemas."""

import json
import uuid
from datetime import date, time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012

from sociale_kaart.hsds import NAAMRUIMTE, afgeleid_id, dst_perioden
from sociale_kaart.hsds_import import hsds_importeren
from sociale_kaart.models import (
    Aanbod,
    AanbodOpVestiging,
    Contactpersoon,
    Organisatie,
    Vestiging,
    VestigingOpeningsregel,
)
from sociale_kaart.zoeken import zoekindex_bijwerken
from tests.sociale_kaart.factories import AanbodFactory, DoelgroepFactory, OrganisatieFactory

pytestmark = pytest.mark.django_db
SCHEMA_MAP = Path(__file__).resolve().parents[1] / "hsds" / "schema"
BASIS = "https://hsds.test/schema/"


def _lokaal(uri: str) -> Resource:
    """Resolve every `$ref` offline, by file name, from tests/hsds/schema.

    The copies come from two revisions (see SOURCE.md): some carry an `$id` on the 3.2 branch
    of raw.githubusercontent.com, some have none, so one schema's relative `$ref` may point to
    either base. Anything that is not one of our local files is refused, never fetched."""
    naam = uri.rsplit("/", 1)[-1]
    pad = SCHEMA_MAP / naam
    if naam == "openapi.json" or not naam.endswith(".json") or not pad.is_file():
        raise NoSuchResource(ref=uri)
    return Resource.from_contents(json.loads(pad.read_text()), default_specification=DRAFT202012)


def _registry():
    resources = [
        (BASIS + pad.name, _lokaal(pad.name))
        for pad in SCHEMA_MAP.glob("*.json")
        if pad.name != "openapi.json"
    ]
    return Registry(retrieve=_lokaal).with_resources(resources)


REGISTRY = _registry()
OPENAPI = json.loads((SCHEMA_MAP / "openapi.json").read_text())


def valideer(record, naam):
    validator = Draft202012Validator(
        {"$ref": BASIS + naam},
        registry=REGISTRY,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    fouten = sorted(validator.iter_errors(record), key=lambda e: list(e.absolute_path))
    assert not fouten, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in fouten[:10])


def valideer_pagina(data, item_schema):
    pagina = OPENAPI["components"]["schemas"]["Page"]
    Draft202012Validator(pagina, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(data)
    for item in data["contents"]:
        valideer(item, item_schema)


@pytest.fixture
def compleet(levensdomeinen):
    organisatie = OrganisatieFactory(
        naam="Figulus Welzijn", kvk_nummer="12345678", website="https://figulus.example.org/"
    )
    aanbod = AanbodFactory(
        organisatie=organisatie, naam="Mantelzorgondersteuning", email="mantelzorg@figulus.example.org",
        telefoon="0543-000010", talen=["nld", "eng"], leeftijd_van=18, kosten="gratis", aanmelden="zelf",
        kosten_toelichting="Gratis.", aanmelden_toelichting="Bel ons.", zoekwoorden="mantelzorger, respijt",
    )  # fmt: skip
    aanbod.levensdomeinen.add(next(d for d in levensdomeinen if d.slug == "zorg"))
    aanbod.doelgroepen.add(DoelgroepFactory(slug="mantelzorgers", naam="Mantelzorgers"))
    vestiging = Vestiging.objects.create(
        organisatie=organisatie, naam="Huis van de Kern", straat="Hofstraat", huisnummer="11", postcode="7121 DL",
        plaats="Aalten", kern="aalten", toegankelijkheid="Drempelvrij.", route="Bus 80.",
    )  # fmt: skip
    koppeling = AanbodOpVestiging.objects.create(
        aanbod=aanbod, vestiging=vestiging, toelichting="Op afspraak"
    )
    VestigingOpeningsregel.objects.create(
        aanbod_op_vestiging=koppeling, weekdag=1, dagdeel="ochtend", start=time(9), einde=time(12)
    )
    Contactpersoon.objects.create(
        organisatie=organisatie,
        aanbod=aanbod,
        naam="Anja",
        functie="consulent",
        telefoon="0543-000011",
    )
    return aanbod


def test_full_service_record_validates_against_hsds_3(client, compleet):
    record = client.get(f"/api/hsds/services/{compleet.pk}").json()
    valideer(record, "service.json")
    assert record["status"] == "active"
    assert record["organization"]["organization_identifiers"][0]["identifier"] == "12345678"
    sal = record["service_at_locations"][0]
    assert sal["location"]["addresses"][0]["postal_code"] == "7121 DL"
    assert sal["location"]["accessibility"][0]["description"] == "Drempelvrij."
    assert {s["byday"] for s in sal["schedules"]} == {"TU"}
    assert "interne_notitie" not in json.dumps(record)


def _onbekende_velden(waarde, schema: dict, pad: str = "") -> list[str]:
    """Keys in our output that the HSDS schema does not declare (it allows extra keys, so a
    misspelt array name such as `addresss` would otherwise pass unnoticed and unvalidated)."""
    if "$ref" in schema:
        schema = json.loads((SCHEMA_MAP / schema["$ref"].rsplit("/", 1)[-1]).read_text())
    if isinstance(waarde, list):
        return [
            f
            for i, item in enumerate(waarde)
            for f in _onbekende_velden(item, schema.get("items", {}), f"{pad}[{i}]")
        ]
    if not isinstance(waarde, dict) or "properties" not in schema:
        return []
    uitkomst = []
    for sleutel, sub in waarde.items():
        if sleutel not in schema["properties"]:
            uitkomst.append(f"{pad}.{sleutel}")
        else:
            uitkomst += _onbekende_velden(sub, schema["properties"][sleutel], f"{pad}.{sleutel}")
    return uitkomst


def test_output_uses_only_field_names_hsds_3_declares(client, compleet):
    record = client.get(f"/api/hsds/services/{compleet.pk}").json()
    assert _onbekende_velden(record, {"$ref": "service.json"}) == []
    term = client.get("/api/hsds/taxonomy_terms").json()["contents"][0]
    assert _onbekende_velden(term, {"$ref": "taxonomy_term.json"}) == []
    assert (
        isinstance(term["taxonomy"], str) and term["taxonomy_detail"]["id"] == term["taxonomy_id"]
    )


def test_organization_record_validates_against_hsds_3(client, compleet):
    record = client.get(f"/api/hsds/organizations/{compleet.organisatie_id}").json()
    # The 3.0 OpenAPI gives /organizations/{id} a `services` array (the compiled schema);
    # the organisation itself and each service are checked against their own schemas.
    services = record.pop("services")
    valideer(record, "organization.json")
    assert _onbekende_velden(record, {"$ref": "organization.json"}) == []
    assert record["id"] == str(compleet.organisatie_id)
    assert record["organization_identifiers"][0]["identifier_scheme"] == "NL-KVK"
    assert [s["id"] for s in services] == [str(compleet.pk)]
    for service in services:
        valideer(service, "service.json")
        assert _onbekende_velden(service, {"$ref": "service.json"}) == []
        assert {"id", "name", "status"} <= service.keys()


def test_organization_with_full_services_nests_each_service_as_its_own_record(client, compleet):
    adres = f"/api/hsds/organizations/{compleet.organisatie_id}"
    [volledig] = client.get(adres, {"full_service": "true"}).json()["services"]
    los = client.get(f"/api/hsds/services/{compleet.pk}").json()
    del los["organization"]
    assert volledig == los
    valideer(volledig, "service.json")
    assert client.get(adres, {"full_service": "ja"}).status_code == 400


# Fields that HSDS 3.1 added (docs/hsds/changelog.md). Some schema copies here are of the
# 3.2 branch (SOURCE.md), which declares them too; 3.0 output must not contain them. One on
# purpose: `service.capacities` carries whether an aanbod takes new clients (issue 14;
# tests/sociale_kaart/test_capaciteit_hsds.py), an optional field a 3.0 reader skips.
NA_3_0 = {
    "service": {"additional_urls"},
    "organization": {"additional_websites"},
    "attribute": {"label"},
    "service_at_location": {"service_areas"},
}


def _sleutels(waarde, naam: str, gevonden: set) -> set:
    """Every (object, key) pair in a record, with the object named by its parent's key."""
    if isinstance(waarde, list):
        for item in waarde:
            _sleutels(item, naam, gevonden)
    elif isinstance(waarde, dict):
        for sleutel, sub in waarde.items():
            gevonden.add((naam, sleutel))
            kind = {
                "organization": "organization",
                "service_at_locations": "service_at_location",
                "attributes": "attribute",
                "services": "service",
            }.get(sleutel, sleutel)
            _sleutels(sub, kind, gevonden)
    return gevonden


def test_output_has_no_fields_added_after_hsds_3_0(client, compleet):
    gevonden = _sleutels(client.get(f"/api/hsds/services/{compleet.pk}").json(), "service", set())
    _sleutels(
        client.get(f"/api/hsds/organizations/{compleet.organisatie_id}").json(),
        "organization",
        gevonden,
    )
    assert ("attribute", "value") in gevonden and ("service", "organization") in gevonden
    assert not {(naam, veld) for naam, velden in NA_3_0.items() for veld in velden} & gevonden


def test_the_address_inside_the_location_is_validated_too(client, compleet):
    record = client.get(f"/api/hsds/services/{compleet.pk}").json()
    del record["service_at_locations"][0]["location"]["addresses"][0]["country"]
    with pytest.raises(AssertionError, match="addresses', 0"):
        valideer(record, "service.json")


def test_import_still_accepts_the_pre_release_names(client, compleet):
    record = client.get(f"/api/hsds/services/{compleet.pk}").json()
    locatie = record["service_at_locations"][0]["location"]
    locatie["addresss"] = locatie.pop("addresses")
    locatie["addresss"][0]["postal_code"] = "7122 AA"
    locatie["accessibilitys"] = locatie.pop("accessibility")
    rapport = hsds_importeren([record])
    assert rapport.fouten == []
    vestiging = Vestiging.objects.get(pk=locatie["id"])
    assert (vestiging.postcode, vestiging.toegankelijkheid) == ("7122 AA", "Drempelvrij.")


def test_schedules_carry_the_right_fixed_offset_per_daylight_saving_period(client, compleet):
    schedules = client.get(f"/api/hsds/services/{compleet.pk}").json()["service_at_locations"][0][
        "schedules"
    ]
    offsets = {s["opens_at"][-6:] for s in schedules}
    assert offsets == {"+01:00", "+02:00"}
    for s in schedules:
        assert s["opens_at"].startswith("09:00") and s["closes_at"].startswith("12:00")
        assert s["timezone"] == int(s["opens_at"][-6:-3])


def test_dst_periods_split_at_the_last_sundays_of_march_and_october():
    perioden = dst_perioden(None, None, date(2026, 11, 22))
    assert perioden[0] == (None, date(2027, 3, 27), "+01:00")
    assert perioden[1] == (date(2027, 3, 28), date(2027, 10, 30), "+02:00")
    assert perioden[-1][1] is None
    assert dst_perioden(date(2027, 4, 1), date(2027, 5, 1), date(2026, 11, 22)) == (
        (date(2027, 4, 1), date(2027, 5, 1), "+02:00"),
    )


@pytest.mark.parametrize(
    ("pad", "item_schema"),
    [
        ("/api/hsds/services", "service.json"),
        ("/api/hsds/organizations", "organization.json"),
        ("/api/hsds/taxonomies", "taxonomy.json"),
        ("/api/hsds/taxonomy_terms", "taxonomy_term.json"),
        ("/api/hsds/service_at_locations", "service_at_location.json"),
    ],
)
def test_list_endpoints_page_and_validate(client, compleet, pad, item_schema):
    data = client.get(pad).json()
    valideer_pagina(data, item_schema)
    assert data["page_number"] == 1 and data["first_page"] is True
    assert data["total_items"] >= 1 and not data["empty"]


def test_root_describes_the_api(client):
    data = client.get("/api/hsds/").json()
    assert data["version"] == "3.0"
    assert data["openapi_url"].startswith("https://")


def test_filters_search_and_paging(client, compleet):
    ander = AanbodFactory(naam="Zwemles")
    term = compleet.levensdomeinen.first()
    assert [
        s["name"]
        for s in client.get("/api/hsds/services", {"taxonomy_term_id": str(term.uuid)}).json()[
            "contents"
        ]
    ] == ["Mantelzorgondersteuning"]
    assert [
        s["name"]
        for s in client.get(
            "/api/hsds/services", {"organization_id": str(ander.organisatie_id)}
        ).json()["contents"]
    ] == ["Zwemles"]

    zoekindex_bijwerken()
    assert [
        s["name"]
        for s in client.get("/api/hsds/services", {"search": "mantelzorg"}).json()["contents"]
    ] == ["Mantelzorgondersteuning"]
    pagina = client.get("/api/hsds/services", {"per_page": 1, "page": 2}).json()
    assert pagina["page_number"] == 2 and pagina["size"] == 1 and pagina["last_page"] is True
    assert (
        client.get("/api/hsds/services", {"modified_after": "2999-01-01T00:00:00Z"}).json()["empty"]
        is True
    )


def test_a_service_in_a_term_is_listed_once_whatever_else_it_is_in(
    client, compleet, levensdomeinen
):
    compleet.levensdomeinen.add(*levensdomeinen)
    compleet.doelgroepen.add(DoelgroepFactory(), DoelgroepFactory())
    AanbodFactory(naam="Zwemles").levensdomeinen.add(compleet.levensdomeinen.first())
    term = compleet.levensdomeinen.first()
    pagina = client.get("/api/hsds/services", {"taxonomy_term_id": str(term.uuid)}).json()
    assert [s["name"] for s in pagina["contents"]] == ["Mantelzorgondersteuning", "Zwemles"]
    assert pagina["total_items"] == 2
    doelgroep = compleet.doelgroepen.first()
    pagina = client.get("/api/hsds/services", {"taxonomy_term_id": str(doelgroep.uuid)}).json()
    assert [s["name"] for s in pagina["contents"]] == ["Mantelzorgondersteuning"]


def _volledig_aanbod(aantal: int, levensdomein) -> None:
    for _ in range(aantal):
        aanbod = AanbodFactory()
        aanbod.levensdomeinen.add(levensdomein)
        aanbod.doelgroepen.add(DoelgroepFactory())
        vestiging = Vestiging.objects.create(
            organisatie=aanbod.organisatie, naam="Kantoor", straat="Markt", huisnummer="1",
            postcode="7121 AA", plaats="Aalten", kern="aalten",
        )  # fmt: skip
        koppeling = AanbodOpVestiging.objects.create(aanbod=aanbod, vestiging=vestiging)
        VestigingOpeningsregel.objects.create(
            aanbod_op_vestiging=koppeling,
            weekdag=1,
            dagdeel="ochtend",
            start=time(9),
            einde=time(12),
        )
        Contactpersoon.objects.create(organisatie=aanbod.organisatie, aanbod=aanbod, naam="Anja")


def test_services_page_takes_as_many_queries_for_many_services_as_for_few(client, compleet):
    term = compleet.levensdomeinen.first()
    _volledig_aanbod(2, term)
    with CaptureQueriesContext(connection) as weinig:
        client.get("/api/hsds/services", {"taxonomy_term_id": str(term.uuid)})
    _volledig_aanbod(15, term)
    with CaptureQueriesContext(connection) as veel:
        pagina = client.get("/api/hsds/services", {"taxonomy_term_id": str(term.uuid)}).json()
    assert pagina["size"] == 18
    assert len(veel) == len(weinig)


@pytest.mark.parametrize(
    ("pad", "status"),
    [
        ("/api/hsds/services?page=x", 400),
        ("/api/hsds/services?per_page=1000", 400),
        ("/api/hsds/services?organization_id=niet-een-uuid", 400),
        ("/api/hsds/services?modified_after=gisteren", 400),
        ("/api/hsds/services/00000000-0000-0000-0000-000000000000", 404),
        ("/api/hsds/services/<script>", 400),
        ("/api/hsds/organizations/123", 400),
    ],
)
def test_bad_parameters_give_dutch_json_errors(client, pad, status):
    response = client.get(pad)
    assert response.status_code == status
    assert response.json()["fout"]


def _export(client):
    return client.get("/api/hsds/services", {"per_page": 100}).json()["contents"]


def _opnieuw_importeren(records, tmp_path):
    """Empty the sociale kaart and import `records` from a file, as the command does."""
    pad = tmp_path / "export.json"
    pad.write_text(json.dumps(records))
    Aanbod.objects.all().delete()
    Vestiging.objects.all().delete()
    Organisatie.objects.all().delete()
    call_command("importeer_hsds", str(pad))
    return pad


def test_export_then_import_gives_the_same_data(client, compleet, tmp_path):
    AanbodFactory(naam="Zwemles", status="tijdelijk_gesloten", leeftijd_van=4, leeftijd_tot=12)
    voor = _export(client)
    pad = _opnieuw_importeren(voor, tmp_path)
    assert _export(client) == voor
    call_command("importeer_hsds", str(pad))  # importing again updates, never duplicates
    assert _export(client) == voor
    assert Aanbod.objects.count() == 2


def test_export_import_export_is_identical_with_additions_abroad_and_text_hours(
    client, compleet, tmp_path
):
    vestiging = compleet.op_vestigingen.get().vestiging
    vestiging.huisnummer_toevoeging = "bis"
    vestiging.save()
    bocholt = Vestiging.objects.create(
        organisatie=compleet.organisatie, naam="Zorgzentrum", straat="Europaplatz 1",
        postcode="46399", plaats="Bocholt", land="DE", provincie="Nordrhein-Westfalen",
        kern="buiten",
    )  # fmt: skip
    AanbodOpVestiging.objects.create(
        aanbod=compleet,
        vestiging=bocholt,
        openingstijden_tekst="Elke eerste maandag.\nNa afspraak.",
    )
    voor = _export(client)
    adressen = [s["location"]["addresses"][0] for s in voor[0]["service_at_locations"]]
    assert {a["address_1"] for a in adressen} == {"Hofstraat 11 bis", "Europaplatz 1"}
    assert {a["country"] for a in adressen} == {"NL", "DE"}
    for record in voor:
        valideer(record, "service.json")
    _opnieuw_importeren(voor, tmp_path)
    assert _export(client) == voor


def test_import_refuses_only_records_without_id_name_or_organisation_and_warns_for_the_rest(
    compleet, client, tmp_path, capsys
):
    goed = _export(client)[0]
    slecht_status = {**goed, "id": "7d1f5b0e-0000-4000-8000-000000000001", "status": "misschien"}
    slecht_postcode = json.loads(json.dumps(goed))
    slecht_postcode["id"] = "7d1f5b0e-0000-4000-8000-000000000002"
    for attribuut in slecht_postcode["attributes"]:
        if attribuut["link_type"] == "slug":
            attribuut["value"] = "een-ander-aanbod"
    slecht_postcode["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] = "ABCDE"
    slecht_postcode["service_at_locations"][0]["location"]["id"] = (
        "7d1f5b0e-0000-4000-8000-000000000003"
    )
    slecht_postcode["service_at_locations"][0]["id"] = "7d1f5b0e-0000-4000-8000-000000000004"
    zonder_organisatienaam = {**goed, "id": "7d1f5b0e-0000-4000-8000-000000000005"}
    zonder_organisatienaam["organization"] = {"id": str(uuid.uuid4()), "name": " "}
    pad = tmp_path / "import.json"
    pad.write_text(
        json.dumps(
            [goed, slecht_status, slecht_postcode, {"name": "zonder id"}, zonder_organisatienaam]
        )
    )
    call_command("importeer_hsds", str(pad))
    uitvoer = capsys.readouterr()
    assert (
        "record 1, waarschuwing: status: onbekende status 'misschien'; 'actief' aangenomen"
        in uitvoer.err
    )
    assert (
        "record 2, waarschuwing: service_at_locations[0].location.addresses[0].postal_code: "
        "'ABCDE' is geen Nederlandse postcode; niet overgenomen" in uitvoer.err
    )
    assert "record 3: id: ontbreekt" in uitvoer.err
    assert "record 4: organization.name: ontbreekt: een organisatie heeft een naam" in uitvoer.err
    assert (
        "3 geïmporteerd (2 nieuw, 1 gewijzigd, 0 ongewijzigd), 2 met fouten overgeslagen"
        in uitvoer.out
    )
    vestiging = Vestiging.objects.get(pk="7d1f5b0e-0000-4000-8000-000000000003")
    assert (vestiging.postcode, vestiging.plaats, vestiging.kern) == ("", "Aalten", "aalten")
    assert Aanbod.objects.get(pk=slecht_status["id"]).status == "actief"
    assert not Aanbod.objects.filter(pk=zonder_organisatienaam["id"]).exists()


def test_import_of_a_broken_file_says_so(tmp_path):
    pad = tmp_path / "kapot.json"
    pad.write_text("[{")
    with pytest.raises(CommandError, match="geen geldige JSON"):
        call_command("importeer_hsds", str(pad))
    with pytest.raises(CommandError, match="Kan"):
        call_command("importeer_hsds", str(tmp_path / "bestaat-niet.json"))


def test_services_page_holds_the_same_records_as_the_record_endpoint(client, compleet):
    _volledig_aanbod(3, compleet.levensdomeinen.first())
    pagina = client.get("/api/hsds/services").json()
    assert pagina["size"] == 4
    for item in pagina["contents"]:
        assert item == client.get(f"/api/hsds/services/{item['id']}").json()


def test_service_at_locations_page_holds_the_services_own_locations(client, compleet):
    _volledig_aanbod(3, compleet.levensdomeinen.first())
    pagina = client.get("/api/hsds/service_at_locations").json()
    assert pagina["size"] == 4
    for item in pagina["contents"]:
        record = client.get(f"/api/hsds/services/{item['service_id']}").json()
        assert record["service_at_locations"] == [item]


def test_service_at_locations_page_takes_as_many_queries_for_many_as_for_few(client, compleet):
    _volledig_aanbod(2, compleet.levensdomeinen.first())
    with CaptureQueriesContext(connection) as weinig:
        client.get("/api/hsds/service_at_locations")
    _volledig_aanbod(15, compleet.levensdomeinen.first())
    with CaptureQueriesContext(connection) as veel:
        pagina = client.get("/api/hsds/service_at_locations").json()
    assert pagina["size"] == 18
    assert len(veel) == len(weinig)


@pytest.mark.parametrize("delen", [("a",), (uuid.uuid4(), "periode", 3), ("ë", "telefoon")])
def test_derived_ids_are_uuid5_in_our_namespace(delen):
    naam = ":".join(str(d) for d in delen)
    assert afgeleid_id(*delen) == str(uuid.uuid5(NAAMRUIMTE, naam))


def test_a_service_lists_its_locations_in_a_fixed_order_whatever_the_table_holds(client):
    """The service_at_locations come out by id, not in the order PostgreSQL happens to keep
    the rows: an export read back (and exported again) must give the same file."""
    from tests.sociale_kaart.factories import VestigingFactory

    aanbod = AanbodFactory()
    koppelingen = sorted(
        (
            AanbodOpVestiging.objects.create(
                aanbod=aanbod, vestiging=VestigingFactory(organisatie=aanbod.organisatie)
            )
            for _ in range(4)
        ),
        key=lambda k: str(k.pk),
    )
    # An update of an indexed column writes a new version of the row after the others.
    koppelingen[0].vestiging = VestigingFactory(organisatie=aanbod.organisatie)
    koppelingen[0].save()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM sociale_kaart_aanbodopvestiging WHERE aanbod_id = %s", [aanbod.pk]
        )
        assert str(cursor.fetchall()[-1][0]) == str(koppelingen[0].pk)  # not in id order
    for pad in (f"/api/hsds/services/{aanbod.pk}", "/api/hsds/services"):
        data = client.get(pad).json()
        record = data if "id" in data else data["contents"][0]
        assert [k["id"] for k in record["service_at_locations"]] == [str(k.pk) for k in koppelingen]
