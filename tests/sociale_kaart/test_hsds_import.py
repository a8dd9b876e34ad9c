"""Importing HSDS 3.0 service records: the contract other imports (CSV package, spreadsheet,
feeds) build on."""

import pytest

from sociale_kaart.hsds_import import (
    ImportFout,
    Melding,
    hsds_importeren,
    records_uit_json,
)
from sociale_kaart.models import Aanbod, Organisatie
from tests.sociale_kaart.factories import AanbodFactory

pytestmark = pytest.mark.django_db

ORGANISATIE = {"id": "0b5f9c1e-8a31-4d0c-9a52-6d0e1f2a3b4c", "name": "Stichting Buurtkracht"}


def _record(nummer: int = 1, **extra) -> dict:
    return {
        "id": f"5a1d2c3b-0000-4000-8000-{nummer:012d}",
        "name": f"Boodschappenhulp {nummer}",
        "description": "Vrijwilligers doen boodschappen voor wie dat zelf niet kan.",
        "status": "active",
        "organization": ORGANISATIE,
        **extra,
    }


def test_reimporting_the_same_record_changes_nothing_and_says_so():
    eerste = hsds_importeren([_record()])
    assert (eerste.nieuw, eerste.gewijzigd, eerste.ongewijzigd) == ([_record()["id"]], [], [])
    gewijzigd_op = Aanbod.objects.get().gewijzigd
    tweede = hsds_importeren([_record()])
    assert (tweede.nieuw, tweede.gewijzigd, tweede.ongewijzigd) == ([], [], [_record()["id"]])
    assert tweede.geimporteerd == [_record()["id"]]
    assert Aanbod.objects.get().gewijzigd == gewijzigd_op
    derde = hsds_importeren([_record(name="Boodschappendienst")])
    assert derde.gewijzigd == [_record()["id"]]
    assert Aanbod.objects.get().naam == "Boodschappendienst"


def test_a_dry_run_classifies_everything_and_saves_nothing():
    AanbodFactory(id=_record(2)["id"], naam="Oude naam")
    rapport = hsds_importeren([_record(1), _record(2), {"name": "zonder id"}], proef=True)
    assert rapport.proef
    assert rapport.nieuw == [_record(1)["id"]]
    assert rapport.gewijzigd == [_record(2)["id"]]
    assert [m.index for m in rapport.fouten] == [2]
    assert not Organisatie.objects.filter(pk=ORGANISATIE["id"]).exists()
    assert Aanbod.objects.get().naam == "Oude naam"


def test_findings_are_index_path_reason_and_still_unpack_as_triples():
    rapport = hsds_importeren([_record(), {"name": "zonder id"}])
    assert rapport.fouten == [Melding(1, "id", "ontbreekt")]
    for index, pad, reden in rapport.fouten:
        assert (index, pad, reden) == (1, "id", "ontbreekt")


def test_a_second_record_with_the_same_id_is_reported_and_not_imported():
    rapport = hsds_importeren([_record(), _record(name="Dubbel")])
    assert rapport.nieuw == [_record()["id"]]
    assert rapport.fouten == [Melding(1, "id", "komt al voor in record 0")]
    assert Aanbod.objects.get().naam == "Boodschappenhulp 1"


def test_records_come_out_of_every_shape_hsds_publishes_them_in():
    record = _record()
    assert records_uit_json([record]) == [record]
    assert records_uit_json(record) == [record]
    assert records_uit_json({"total_items": 1, "contents": [record]}) == [record]
    zonder_organisatie = {k: v for k, v in record.items() if k != "organization"}
    organisatie = {**ORGANISATIE, "description": "Buurtwerk.", "services": [zonder_organisatie]}
    [uit_organisatie] = records_uit_json(organisatie)
    assert uit_organisatie["organization"] == {**ORGANISATIE, "description": "Buurtwerk."}


@pytest.mark.parametrize("data", ["tekst", 12, None, {"foo": "bar"}])
def test_anything_else_is_refused_with_one_dutch_message(data):
    with pytest.raises(ImportFout, match="geen HSDS-gegevens"):
        records_uit_json(data)
