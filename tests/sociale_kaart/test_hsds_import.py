"""Importing HSDS 3.0 service records: the contract other imports (CSV package, spreadsheet,
feeds) build on."""

import io
import json
import uuid
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from sociale_kaart import hsds_import
from sociale_kaart.hsds_import import (
    ImportFout,
    Melding,
    adresregel_splitsen,
    hsds_importeren,
    json_uit_bestand,
    records_uit_json,
)
from sociale_kaart.models import (
    Aanbod,
    AanbodOpVestiging,
    Levensdomein,
    Organisatie,
    Taxonomieterm,
    Vestiging,
    VestigingOpeningsregel,
    kern_bij_adres,
)
from sociale_kaart.zoeken import Filters, zoek
from tests.sociale_kaart.factories import AanbodFactory, OrganisatieFactory

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
    assert rapport.fouten == [
        Melding(1, "id", "komt al voor in record 0; niet nog eens geïmporteerd")
    ]
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


# --- Reading files: bad input ---------------------------------------------------------------


def _bestand(tmp_path, inhoud: bytes, naam="import.json"):
    pad = tmp_path / naam
    pad.write_bytes(inhoud)
    return pad


def test_a_file_that_is_not_json_says_where_it_breaks(tmp_path):
    with pytest.raises(ImportFout, match=r"geen geldige JSON: de fout zit in regel 2, teken 10"):
        json_uit_bestand(_bestand(tmp_path, b'[\n  {"id": ]'))
    with pytest.raises(ImportFout, match="HTML of XML, geen JSON"):
        json_uit_bestand(_bestand(tmp_path, b"<!doctype html><html>Niet gevonden</html>"))
    with pytest.raises(ImportFout, match="leeg"):
        json_uit_bestand(_bestand(tmp_path, b"  \n"))
    with pytest.raises(ImportFout, match="'NaN' is geen getal"):
        json_uit_bestand(_bestand(tmp_path, b'[{"minimum_age": NaN}]'))


def test_a_file_in_windows_1252_is_refused_with_what_to_do(tmp_path):
    inhoud = '[{"name": "Café De Ontmoeting"}]'.encode("cp1252")
    with pytest.raises(
        ImportFout, match=r"geen UTF-8 \(teken 15 is ongeldig\). Sla het op als UTF-8"
    ):
        json_uit_bestand(_bestand(tmp_path, inhoud))


@pytest.mark.parametrize(
    "codering, bom",
    [("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")],
)
def test_byte_order_marks_and_utf16_are_read(tmp_path, codering, bom):
    inhoud = bom + json.dumps([_record()], ensure_ascii=False).encode(codering)
    assert json_uit_bestand(_bestand(tmp_path, inhoud)) == [_record()]


def test_a_file_over_the_limit_is_refused_by_its_size_before_it_is_read(tmp_path):
    pad = tmp_path / "groot.json"
    with open(pad, "wb") as bestand:
        bestand.truncate(50 * 1024 * 1024)  # 50 MB on disk, nothing written
    with pytest.raises(ImportFout, match=r"te groot \(50,0 MB\); de grens is 20,0 MB"):
        json_uit_bestand(pad)

    class Upload(io.BytesIO):
        size = 50 * 1024 * 1024  # what Django's UploadedFile says

        def read(self, *args):
            raise AssertionError("read before the size was checked")

    with pytest.raises(ImportFout, match="te groot"):
        json_uit_bestand(Upload())


def test_a_stream_of_unknown_size_is_read_no_further_than_the_limit():
    class Eindeloos(io.RawIOBase):
        gelezen = 0

        def read(self, n=-1):
            self.gelezen += n
            return b" " * n

    stroom = Eindeloos()
    with pytest.raises(ImportFout, match="te groot"):
        json_uit_bestand(stroom, max_bytes=3 * 1024 * 1024)
    assert stroom.gelezen <= 3 * 1024 * 1024 + 1


def test_one_record_instead_of_a_list_imports(tmp_path):
    records = records_uit_json(json_uit_bestand(_bestand(tmp_path, json.dumps(_record()).encode())))
    assert hsds_importeren(records).nieuw == [_record()["id"]]


def test_a_record_naming_an_unknown_organisation_is_refused_and_a_known_one_taken():
    onbekend = {k: v for k, v in _record().items() if k != "organization"}
    onbekend["organization_id"] = "9e3a1c1e-0000-4000-8000-000000000009"
    rapport = hsds_importeren([onbekend])
    assert rapport.fouten == [
        Melding(
            0,
            "organization_id",
            "onbekende organisatie '9e3a1c1e-0000-4000-8000-000000000009': neem het "
            "organization-record mee in het bestand, of importeer eerst die organisatie",
        )
    ]
    assert not Aanbod.objects.exists()
    bekend = OrganisatieFactory(id=onbekend["organization_id"])
    assert hsds_importeren([onbekend]).nieuw == [onbekend["id"]]
    assert Aanbod.objects.get().organisatie_id == uuid.UUID(str(bekend.pk))


def test_a_record_that_fails_halfway_leaves_nothing_behind(monkeypatch):
    def mislukt(*args, **kwargs):
        raise hsds_import.RecordFout("contacts", "kan niet")

    monkeypatch.setattr(hsds_import, "_contactpersonen", mislukt)
    rapport = hsds_importeren([_record()])
    assert rapport.fouten == [Melding(0, "contacts", "kan niet")]
    assert not Organisatie.objects.exists() and not Aanbod.objects.exists()


def test_nul_characters_are_dropped_with_a_warning_instead_of_failing():
    rapport = hsds_importeren([_record(name="Boodschappen\x00hulp")])
    assert Aanbod.objects.get().naam == "Boodschappenhulp"
    assert Melding(0, "(record)", "tekens met code 0 (NUL) weggelaten") in rapport.waarschuwingen


# --- The command -----------------------------------------------------------------------------


def test_the_command_reports_index_and_path_and_a_dry_run_saves_nothing(tmp_path, capsys):
    pad = _bestand(
        tmp_path,
        json.dumps([_record(minimum_age="twaalf"), {"name": "zonder id"}]).encode(),
    )
    call_command("importeer_hsds", str(pad), "--proef")
    uitvoer = capsys.readouterr()
    assert "record 1: id: ontbreekt" in uitvoer.err
    assert "record 0, waarschuwing: minimum_age: niet overgenomen:" in uitvoer.err
    assert "Proef, niets opgeslagen: 1 geïmporteerd (1 nieuw" in uitvoer.out
    assert not Aanbod.objects.exists()
    call_command("importeer_hsds", str(pad))
    assert Aanbod.objects.count() == 1
    call_command("importeer_hsds", str(pad))
    assert "1 geïmporteerd (0 nieuw, 0 gewijzigd, 1 ongewijzigd)" in capsys.readouterr().out


def test_the_command_refuses_bad_files_in_dutch(tmp_path):
    with pytest.raises(CommandError, match="geen UTF-8"):
        call_command("importeer_hsds", str(_bestand(tmp_path, '["é"]'.encode("cp1252"))))
    with pytest.raises(CommandError, match="geen HSDS-gegevens"):
        call_command("importeer_hsds", str(_bestand(tmp_path, b'"alleen tekst"')))
    with pytest.raises(CommandError, match="Kan het bestand niet lezen"):
        call_command("importeer_hsds", str(tmp_path / "bestaat-niet.json"))


# --- Addresses, phones, languages ------------------------------------------------------------


@pytest.mark.parametrize(
    "regel, delen",
    [
        ("Markt 12a", ("Markt", "12", "a")),
        ("Markt 12 A", ("Markt", "12", "A")),
        ("Hofstraat 21-23", ("Hofstraat", "21", "23")),
        ("Laan van Ravesteyn 1 bis", ("Laan van Ravesteyn", "1", "bis")),
        ("Dorpsstraat 1", ("Dorpsstraat", "1", "")),
        ("Laan 1940-1945 3", ("Laan 1940-1945", "3", "")),
        ("Kerkstraat 5-II", ("Kerkstraat", "5", "II")),
        ("Markt", None),
    ],
)
def test_dutch_address_lines_split_into_street_number_and_addition(regel, delen):
    assert adresregel_splitsen(regel) == delen


@pytest.mark.parametrize(
    "land, postcode, plaats, kern",
    [
        ("NL", "7121 AB", "Aalten", "aalten"),
        ("NL", "7123 AA", "Barlo", "barlo"),  # a buurtschap: by its name
        ("NL", "7126 BN", "", "bredevoort"),
        ("NL", "7095 AA", "De Heurne", "de-heurne"),
        ("NL", "", "Dinxperlo", "dinxperlo"),
        ("NL", "7101 AB", "Winterswijk", "buiten"),
        ("NL", "7101 AB", "Aalten", "buiten"),  # the postcode is not the gemeente's
        ("NL", "", "Lichtenvoorde", "buiten"),
        ("DE", "46399", "Bocholt", "buiten"),
    ],
)
def test_the_kern_comes_from_place_or_postcode(land, postcode, plaats, kern):
    assert kern_bij_adres(land=land, postcode=postcode, plaats=plaats) == kern


def _met_locatie(adres: dict, **locatie) -> dict:
    schedules = locatie.pop("_schedules", [])
    return _record(
        service_at_locations=[
            {
                "id": "5a1d2c3b-1111-4000-8000-000000000001",
                "location": {
                    "id": "5a1d2c3b-2222-4000-8000-000000000001",
                    "location_type": "physical",
                    "name": "Buurthuis",
                    "addresses": [{"id": "x", "address_type": "physical", **adres}],
                    **locatie,
                },
                "schedules": schedules,
            }
        ]
    )


def test_a_dutch_address_is_split_and_its_postcode_written_one_way():
    rapport = hsds_importeren(
        [_met_locatie({"address_1": "Markt 12a", "postal_code": "7121ab", "city": "Aalten",
                       "state_province": "Gelderland", "country": "NL", "region": "Aalten"})]
    )  # fmt: skip
    assert rapport.waarschuwingen == []
    vestiging = Vestiging.objects.get()
    assert (vestiging.straat, vestiging.huisnummer, vestiging.huisnummer_toevoeging) == (
        "Markt",
        "12",
        "a",
    )
    assert (vestiging.postcode, vestiging.kern, vestiging.adres) == (
        "7121 AB",
        "aalten",
        "Markt 12a, 7121 AB Aalten",
    )


def test_an_address_abroad_is_kept_as_given():
    hsds_importeren(
        [_met_locatie({"address_1": "Europaplatz 1", "postal_code": "46399", "city": "Bocholt",
                       "state_province": "Nordrhein-Westfalen", "country": "DE"})]
    )  # fmt: skip
    vestiging = Vestiging.objects.get()
    assert (vestiging.straat, vestiging.huisnummer, vestiging.postcode, vestiging.land) == (
        "Europaplatz 1",
        "",
        "46399",
        "DE",
    )
    assert (vestiging.kern, vestiging.get_kern_display()) == ("buiten", "Buiten de gemeente")
    assert vestiging.adres == "Europaplatz 1, 46399 Bocholt (DE)"


def test_an_address_it_cannot_use_is_a_warning_and_the_rest_imports():
    rapport = hsds_importeren(
        [_met_locatie({"address_1": "Hofstraat", "postal_code": "ABCDE", "city": "Aalten"})]
    )
    assert {(m.pad, m.reden) for m in rapport.waarschuwingen} == {
        ("service_at_locations[0].location.addresses[0].postal_code",
         "'ABCDE' is geen Nederlandse postcode; niet overgenomen"),
        ("service_at_locations[0].location.addresses[0].address_1",
         "geen huisnummer gevonden in 'Hofstraat'; de regel staat als straat"),
    }  # fmt: skip
    assert Vestiging.objects.get().postcode == ""
    rapport = hsds_importeren(
        [_met_locatie({"address_1": "", "city": "Aalten"}, location_type="physical")]
    )
    assert rapport.nieuw == [] and rapport.gewijzigd == [_record()["id"]]
    assert not AanbodOpVestiging.objects.exists()  # the record says so now
    assert Melding(
        0, "service_at_locations[0].location.addresses[0].address_1",
        "ontbreekt; deze locatie is niet overgenomen",
    ) in rapport.waarschuwingen  # fmt: skip


def test_phone_numbers_in_any_format_become_e164_and_bad_ones_are_warnings():
    rapport = hsds_importeren(
        [
            _record(
                phones=[
                    {"id": "a", "number": "fax 123", "type": "fax"},
                    {"id": "b", "number": "bel ons"},
                    {"id": "c", "number": "+31 (0)543 47 12 00", "type": "voice"},
                    {"id": "d", "number": "+49 2871 2190"},
                ]
            )
        ]
    )
    assert Aanbod.objects.get().telefoon == "+31543471200"
    assert [(m.pad, m.reden) for m in rapport.waarschuwingen] == [
        ("phones[0]", "een fax- of piepernummer wordt niet overgenomen"),
        ("phones[1].number", "'bel ons' is geen geldig telefoonnummer; niet overgenomen"),
        ("phones[3]", "alleen het eerste telefoonnummer wordt overgenomen"),
    ]


def test_languages_by_any_iso_code_or_name():
    rapport = hsds_importeren(
        [_record(languages=[{"id": "1", "code": "nl"}, {"id": "2", "code": "ara"},
                            {"id": "3", "name": "Tigrinya"}, {"id": "4", "code": "xx"}])]
    )  # fmt: skip
    assert Aanbod.objects.get().talen == ["nld", "ara", "tir"]
    assert [m.pad for m in rapport.waarschuwingen] == ["languages[3]"]


def test_an_id_that_is_no_uuid_gets_a_stable_one_with_a_warning():
    rapport = hsds_importeren([_record(id="wegwijzer-17")])
    [pk] = rapport.nieuw
    assert rapport.waarschuwingen[0].pad == "id"
    assert f"'wegwijzer-17' is geen UUID; opgeslagen als {pk}" == rapport.waarschuwingen[0].reden
    assert hsds_importeren([_record(id="wegwijzer-17")]).ongewijzigd == [pk]


# --- Schedules ----------------------------------------------------------------------------------


def _regels():
    return [
        (r.weekdag, r.dagdeel, f"{r.start:%H:%M}", f"{r.einde:%H:%M}", r.geldig_van, r.geldig_tot)
        for r in VestigingOpeningsregel.objects.order_by("weekdag", "start")
    ]


def _met_schema(*schedules) -> dict:
    return _met_locatie(
        {"address_1": "Hofstraat 11", "postal_code": "7121 DL", "city": "Aalten"},
        _schedules=[{"id": f"s{i}", **s} for i, s in enumerate(schedules)],
    )


def test_weekly_schedules_with_several_days_and_times_in_any_form():
    rapport = hsds_importeren(
        [
            _met_schema(
                {"freq": "WEEKLY", "byday": "TU,TH", "opens_at": "09:00:00+01:00", "closes_at": "12:00:00+01:00"},
                {"byday": "MO", "opens_at": "13:30", "closes_at": "16:00Z", "wkst": "MO", "timezone": 1},
                {"freq": "WEEKLY", "interval": 1, "byday": "FR", "opens_at": "19:00:00", "closes_at": "21:30:00",
                 "valid_from": "2027-01-05", "valid_to": "2027-06-30"},
                {"freq": "WEEKLY", "dtstart": "2027-03-06", "until": "2027-12-31", "opens_at": "10:00", "closes_at": "12:00"},
            )
        ]
    )  # fmt: skip
    assert rapport.waarschuwingen == []
    assert _regels() == [
        (0, "middag", "13:30", "16:00", None, None),
        (1, "ochtend", "09:00", "12:00", None, None),
        (3, "ochtend", "09:00", "12:00", None, None),
        (4, "avond", "19:00", "21:30", date(2027, 1, 5), date(2027, 6, 30)),
        (5, "ochtend", "10:00", "12:00", date(2027, 3, 6), date(2027, 12, 31)),  # dtstart's day
    ]


def test_a_schedule_the_engine_cannot_hold_is_a_warning_kept_as_text_and_the_rest_imports(resident):
    rapport = hsds_importeren(
        [
            _met_schema(
                {"freq": "WEEKLY", "byday": "TU", "opens_at": "09:00", "closes_at": "12:00"},
                {"freq": "MONTHLY", "byday": "1MO", "opens_at": "10:00", "closes_at": "12:00"},
                {"freq": "WEEKLY", "byday": "WE", "byweekno": "41,42", "opens_at": "10:00", "closes_at": "11:00"},
                {"freq": "WEEKLY", "byday": "FR", "opens_at": "22:00", "closes_at": "02:00"},
                {"description": "Op feestdagen gesloten."},
            )
        ]
    )  # fmt: skip
    assert [(m.pad, m.reden) for m in rapport.waarschuwingen] == [
        ("service_at_locations[0].schedules[1]", "past niet in een weekschema (freq MONTHLY, byday 1MO); als tekst bewaard bij de vestiging"),
        ("service_at_locations[0].schedules[2]", "past niet in een weekschema (byweekno 41,42); als tekst bewaard bij de vestiging"),
        ("service_at_locations[0].schedules[3]", "past niet in een weekschema (sluit niet na het openen op dezelfde dag); als tekst bewaard bij de vestiging"),
    ]  # fmt: skip
    assert _regels() == [(1, "ochtend", "09:00", "12:00", None, None)]
    koppeling = AanbodOpVestiging.objects.get()
    assert koppeling.openingstijden_tekst == (
        "Eerste maandag 10:00–12:00, elke maand.\n"
        "Woensdag 10:00–11:00, elke week, in week 41 en 42.\n"
        "Vrijdag 22:00–2:00, elke week.\n"
        "Op feestdagen gesloten."
    )
    pagina = resident.get(koppeling.aanbod.get_absolute_url()).content.decode()
    assert "Eerste maandag 10:00–12:00, elke maand.<br>Woensdag 10:00–11:00" in pagina


def test_an_invalid_time_or_day_is_named_at_its_path():
    rapport = hsds_importeren(
        [_met_schema({"byday": "TU,XX", "opens_at": "negen uur", "closes_at": "12:00"})]
    )
    assert ("service_at_locations[0].schedules[0].byday", "'XX' is geen dag (MO, TU, …); niet overgenomen") in [
        (m.pad, m.reden) for m in rapport.waarschuwingen
    ]  # fmt: skip
    assert ("service_at_locations[0].schedules[0].opens_at") in [
        m.pad for m in rapport.waarschuwingen
    ]
    assert _regels() == []


def test_the_services_own_schedules_apply_where_a_location_has_none():
    record = _met_schema()
    record["schedules"] = [{"id": "s", "byday": "MO,TU", "opens_at": "09:00", "closes_at": "11:00"}]
    rapport = hsds_importeren([record])
    assert rapport.waarschuwingen == []
    assert [r[0] for r in _regels()] == [0, 1]


# --- Taxonomies -----------------------------------------------------------------------------------


def _term(code, naam, taxonomie="Open Eligibility"):
    return {"id": f"t-{code}", "link_type": "service_type",
            "taxonomy_term": {"id": f"tt-{code}", "code": code, "name": naam, "description": naam,
                              "taxonomy": taxonomie}}  # fmt: skip


def test_an_unmapped_term_becomes_a_keyword_and_is_listed_and_a_mapped_one_a_domain(levensdomeinen):
    werk = Levensdomein.objects.get(slug="werk-en-inkomen")
    gekoppeld = Taxonomieterm.objects.create(
        taxonomie="Open Eligibility", code="1102", naam="Food Pantry"
    )
    gekoppeld.levensdomeinen.add(werk)
    rapport = hsds_importeren(
        [_record(alternate_name="Buurtboodschappen", attributes=[
            _term("1102", "Food Pantry"), _term("1301", "Respite Care"),
            {"id": "k", "link_type": "trefwoord", "value": "rollator"}])]
    )  # fmt: skip
    aanbod = Aanbod.objects.get()
    assert list(aanbod.levensdomeinen.all()) == [werk]
    assert aanbod.zoekwoorden == "Buurtboodschappen, Respite Care, rollator"
    assert rapport.onbekende_termen == {
        ("Open Eligibility", "Respite Care"): 1,
        ("", "rollator"): 1,
    }
    assert [a.naam for a in zoek("respite", Filters()).pagina] == [aanbod.naam]
    assert set(Taxonomieterm.objects.niet_gekoppeld().values_list("naam", flat=True)) == {
        "Respite Care",
        "rollator",
    }


def test_the_beheerder_lists_unmapped_terms_and_mapping_one_applies_it(
    client, beheerder, levensdomeinen
):
    hsds_importeren([_record(attributes=[_term("1301", "Respite Care")])])
    client.force_login(beheerder)
    lijst = client.get("/beheer/sociale_kaart/taxonomieterm/", {"gekoppeld": "nee"})
    assert "Respite Care" in lijst.content.decode()
    term = Taxonomieterm.objects.get()
    zorg = Levensdomein.objects.get(slug="zorg")
    antwoord = client.post(
        f"/beheer/sociale_kaart/taxonomieterm/{term.pk}/change/",
        {"levensdomeinen": [zorg.pk], "doelgroepen": []},
    )
    assert antwoord.status_code == 302
    aanbod = Aanbod.objects.get()
    assert list(aanbod.levensdomeinen.all()) == [zorg] and aanbod.zoekwoorden == ""
    lijst = client.get("/beheer/sociale_kaart/taxonomieterm/", {"gekoppeld": "nee"})
    assert lijst.context["cl"].result_count == 0
    # The next import of the same record finds nothing to change.
    assert hsds_importeren([_record(attributes=[_term("1301", "Respite Care")])]).ongewijzigd


def test_our_own_taxonomy_from_another_installation_is_found_by_slug(levensdomeinen):
    hsds_importeren(
        [_record(attributes=[{"id": "a", "link_type": "levensdomein", "value": "wonen",
                              "taxonomy_term": {"id": str(uuid.uuid4()), "code": "wonen", "name": "Wonen",
                                                "description": "Wonen", "taxonomy": "Levensdomeinen"}}])]
    )  # fmt: skip
    assert list(Aanbod.objects.get().levensdomeinen.values_list("slug", flat=True)) == ["wonen"]
    assert not Taxonomieterm.objects.exists()


def test_the_command_lists_unmapped_terms_with_where_to_map_them(tmp_path, capsys):
    pad = _bestand(
        tmp_path, json.dumps([_record(attributes=[_term("1301", "Respite Care")])]).encode()
    )
    call_command("importeer_hsds", str(pad))
    uitvoer = capsys.readouterr().out
    assert "/beheer/sociale_kaart/taxonomieterm/?gekoppeld=nee" in uitvoer
    assert "  Open Eligibility: Respite Care (1×)" in uitvoer


def test_the_beheerder_sees_the_original_record_with_the_aanbod(client, beheerder):
    hsds_importeren([_record(wait_time="Twee weken")])
    client.force_login(beheerder)
    html = client.get(f"/beheer/sociale_kaart/aanbod/{_record()['id']}/change/").content.decode()
    assert "&quot;wait_time&quot;: &quot;Twee weken&quot;" in html


def test_a_location_id_that_is_no_uuid_is_one_vestiging_wherever_it_appears():
    eerste = _met_locatie({"address_1": "Markt 1", "postal_code": "7121 AA", "city": "Aalten"})
    eerste["service_at_locations"][0]["location"]["id"] = "buurthuis-markt"
    tweede = json.loads(json.dumps(eerste))
    tweede["id"] = "5a1d2c3b-0000-4000-8000-000000000002"
    tweede["service_at_locations"].insert(0, {"id": "ander", "location": {"id": "x"}})
    del tweede["service_at_locations"][1]["id"]
    rapport = hsds_importeren([eerste, tweede])
    assert rapport.fouten == [] and len(rapport.nieuw) == 2
    assert Vestiging.objects.count() == 1
    assert AanbodOpVestiging.objects.count() == 2
