"""Capacity in Open Referral HSDS: `service.capacities` (HSDS 3.1 service_capacity) out, and
back in, from our own export and from another system's."""

import json

import pytest
import time_machine
from django.core.management import call_command

from sociale_kaart.capaciteit import capaciteit_doorgeven
from sociale_kaart.hsds_import import hsds_importeren
from sociale_kaart.models import Aanbod, Capaciteit, Organisatie
from tests.locaties.test_schema import om
from tests.sociale_kaart.factories import AanbodFactory
from tests.sociale_kaart.test_hsds import SCHEMA_MAP, valideer

pytestmark = pytest.mark.django_db


def _record(client, aanbod) -> dict:
    return client.get(f"/api/hsds/services/{aanbod.pk}").json()


def _export(client) -> list[dict]:
    return client.get("/api/hsds/services", {"per_page": 100}).json()["contents"]


def _eigen(record: dict) -> dict:
    return {
        a["link_type"]: a["value"]
        for a in record["attributes"]
        if a["link_type"] in ("capaciteit", "wachtlijst_weken")
    }


@pytest.fixture
def drie(partner_a):
    """Three aanbod, stated at 9:30 on 1 March 2027: ja, a wachtlijst of 6 weeks, vol; and
    one where nothing was stated."""
    organisatie = partner_a.organisatie
    ja, wachtlijst, vol, stil = (
        AanbodFactory(organisatie=organisatie, naam=naam)
        for naam in ("Ja", "Wachtlijst", "Vol", "Stil")
    )
    with time_machine.travel(om(2027, 3, 1, 9, 30), tick=False):
        capaciteit_doorgeven(aanbod=ja, capaciteit="ja", door=partner_a)
        capaciteit_doorgeven(
            aanbod=wachtlijst, capaciteit="wachtlijst", wachtlijst_weken=6, door=partner_a
        )
        capaciteit_doorgeven(aanbod=vol, capaciteit="vol", door=partner_a)
    return ja, wachtlijst, vol, stil


def test_the_export_carries_capacity_as_a_valid_hsds_service_capacity(client, drie):
    ja, wachtlijst, vol, stil = drie
    velden = set(json.loads((SCHEMA_MAP / "service_capacity.json").read_text())["properties"])
    eenheid = set(json.loads((SCHEMA_MAP / "unit.json").read_text())["properties"])
    verwacht = {
        ja: (1, "Neemt nieuwe cliënten aan.", {"capaciteit": "ja"}),
        wachtlijst: (
            0,
            "Wachtlijst: ongeveer 6 weken.",
            {"capaciteit": "wachtlijst", "wachtlijst_weken": "6"},
        ),
        vol: (0, "Vol — neemt nu geen nieuwe cliënten aan.", {"capaciteit": "vol"}),
    }
    for aanbod, (beschikbaar, beschrijving, attributen) in verwacht.items():
        record = _record(client, aanbod)
        valideer(record, "service.json")  # service_capacity.json and unit.json included
        [capaciteit] = record["capacities"]
        assert set(capaciteit) <= velden and set(capaciteit["unit"]) <= eenheid
        assert capaciteit["service_id"] == record["id"]
        assert capaciteit["unit_id"] == capaciteit["unit"]["id"]
        assert capaciteit["unit"]["name"] == "plaats voor een nieuwe cliënt"
        assert (capaciteit["available"], capaciteit["description"]) == (beschikbaar, beschrijving)
        assert capaciteit["updated"] == "2027-03-01T09:30:00.000+01:00"
        assert _eigen(record) == attributen
    # Not stated: nothing about it, not even an empty list.
    record = _record(client, stil)
    assert "capacities" not in record and _eigen(record) == {}
    # Who stated it stays in the portal.
    assert "partner-a" not in json.dumps(_export(client))


def test_export_import_export_keeps_every_statement_and_who_made_it(
    client, drie, tmp_path, partner_a
):
    voor = _export(client)
    pad = tmp_path / "export.json"
    pad.write_text(json.dumps(voor))
    call_command("importeer_hsds", str(pad))  # the same records again: nothing changes
    assert _export(client) == voor
    assert set(
        Aanbod.objects.filter(capaciteit_doorgegeven_door=partner_a).values_list("naam", flat=True)
    ) == {
        "Ja",
        "Wachtlijst",
        "Vol",
    }
    # Into an empty directory: the same records come out.
    Aanbod.objects.all().delete()
    partner_a.delete()
    Organisatie.objects.all().delete()
    call_command("importeer_hsds", str(pad))
    assert _export(client) == voor
    wachtlijst = Aanbod.objects.get(naam="Wachtlijst")
    assert (wachtlijst.capaciteit, wachtlijst.wachtlijst_weken) == ("wachtlijst", 6)
    assert wachtlijst.capaciteit_doorgegeven_op == om(2027, 3, 1, 9, 30)
    assert wachtlijst.capaciteit_doorgegeven_door is None
    assert Aanbod.objects.get(naam="Stil").capaciteit == Capaciteit.ONBEKEND


def test_a_changed_statement_in_an_import_replaces_it_and_forgets_who_made_the_old_one(
    client, drie
):
    ja, *_ = drie
    record = _record(client, ja)
    record["attributes"] = [a for a in record["attributes"] if a["link_type"] != "capaciteit"]
    record["capacities"][0].update(available=0, updated="2027-04-02T10:00:00.000+02:00")
    assert hsds_importeren([record]).fouten == []
    ja.refresh_from_db()
    assert (ja.capaciteit, ja.capaciteit_doorgegeven_door) == ("vol", None)
    assert ja.capaciteit_doorgegeven_op == om(2027, 4, 2, 10)


def test_another_systems_capacity_is_read_from_the_places_available(client, drie):
    """A record as another HSDS 3.1 system publishes it: no attributes of ours, its own unit
    (beds), several capacities, times without milliseconds."""
    _, _, vol, _ = drie
    record = _record(client, vol)
    record["attributes"] = [a for a in record["attributes"] if a["link_type"] == "slug"]
    record["capacities"] = [
        {"id": "8896b788-7b3e-11ef-8db9-7f3d040352b3", "unit": {"id": "187a37a2-7b40-11ef-9790-dbf7623d4407", "name": "Bed"},
         "available": 0, "maximum": 10, "updated": "2024-09-25T14:23:06+01:00"},
        {"id": "8896b788-7b3e-11ef-8db9-7f3d040352b4", "unit": {"id": "187a37a2-7b40-11ef-9790-dbf7623d4407", "name": "Bed"},
         "available": "2", "updated": "2024-09-26T08:00:00Z"},
    ]  # fmt: skip
    assert hsds_importeren([record]).fouten == []
    vol.refresh_from_db()
    assert (vol.capaciteit, vol.wachtlijst_weken) == ("ja", None)
    assert vol.capaciteit_doorgegeven_op == om(2024, 9, 26, 10)
    record["capacities"][1]["available"] = 0
    hsds_importeren([record])
    vol.refresh_from_db()
    assert vol.capaciteit == "vol"
    del record["capacities"]
    hsds_importeren([record])
    vol.refresh_from_db()
    assert (vol.capaciteit, vol.capaciteit_doorgegeven_op) == (Capaciteit.ONBEKEND, None)


@pytest.mark.parametrize(
    ("wijzig", "veld", "melding"),
    [
        (lambda r: _zet(r, "capaciteit", "misschien"), "attributes.capaciteit", "onbekende waarde 'misschien'"),
        (lambda r: _zet(r, "wachtlijst_weken", "zes"), "attributes.wachtlijst_weken", "geen heel aantal weken"),
        (lambda r: _zet(r, "wachtlijst_weken", "300"), "attributes.wachtlijst_weken", "1 tot en met 104"),
        (lambda r: r["capacities"][0].update(updated="gisteren"), "capacities.updated", "geen datum-tijd"),
        (lambda r: r.update(attributes=[a for a in r["attributes"] if a["link_type"] == "slug"])
         or r["capacities"][0].update(available="veel"), "capacities.available", "geen getal"),
    ],
)  # fmt: skip
def test_a_bad_capacity_is_a_warning_and_the_rest_of_the_record_imports(
    client, drie, wijzig, veld, melding
):
    # Like every field the importer cannot take (hsds_import): the record is not refused
    # for it, the capacity stays as it was stated.
    _, wachtlijst, _, _ = drie
    record = _record(client, wachtlijst)
    record["name"] = "Andere naam"
    wijzig(record)
    rapport = hsds_importeren([record])
    assert rapport.fouten == []
    [(index, gevonden_veld, gevonden_melding)] = [
        m for m in rapport.waarschuwingen if "capacit" in m.pad or "wachtlijst" in m.pad
    ]
    assert (index, gevonden_veld) == (0, veld)
    assert melding in gevonden_melding
    wachtlijst.refresh_from_db()
    assert (wachtlijst.naam, wachtlijst.capaciteit, wachtlijst.wachtlijst_weken) == (
        "Andere naam",
        "wachtlijst",
        6,
    )


def _zet(record: dict, soort: str, waarde: str) -> None:
    for attribuut in record["attributes"]:
        if attribuut["link_type"] == soort:
            attribuut["value"] = waarde
