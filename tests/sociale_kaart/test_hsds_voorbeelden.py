"""The Open Referral specification's own examples (branch 3.0, see tests/hsds/examples/
SOURCE.md) import: every field our model can hold is kept, every other field is a warning
with its path, and this file lists both."""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from sociale_kaart.hsds_import import (
    NIET_OVERGENOMEN,
    hsds_importeren,
    json_uit_bestand,
    records_uit_json,
)
from sociale_kaart.models import (
    Aanbod,
    AanbodOpVestiging,
    Contactpersoon,
    Organisatie,
    Taxonomieterm,
    Vestiging,
)

pytestmark = pytest.mark.django_db
VOORBEELDEN = Path(__file__).resolve().parents[1] / "hsds" / "examples"
SERVICE = "ac148810-d857-441c-9679-408f346de14b"
ORGANISATIE = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
LOCATIE = "3a19ff88-4620-4d17-9830-ac1d859eb5d5"
SAL = "e94c9f38-1e8f-4564-91d4-d53501ab1765"
CONTACT = "1e7efce3-639b-4880-940c-b95cd30cdb50"

# Every field the examples carry that the sociale kaart has no place for, with the reason
# the import gives. The same for both files: organization_full.json nests the same service.
NIET_GENOMEN = {
    # service
    "interpretation_services": NIET_OVERGENOMEN,
    "wait_time": NIET_OVERGENOMEN,
    "accreditations": NIET_OVERGENOMEN,
    "eligibility_description": NIET_OVERGENOMEN,
    "assurer_email": NIET_OVERGENOMEN,
    "licenses": NIET_OVERGENOMEN,
    "alert": NIET_OVERGENOMEN,
    "last_modified": NIET_OVERGENOMEN,
    "funding": NIET_OVERGENOMEN,
    "program": NIET_OVERGENOMEN,
    "required_documents": NIET_OVERGENOMEN,
    # An area our werkgebied cannot place (no kern of ours, not the municipality or region).
    "service_areas[0]": (
        "onbekend gebied 'The service is available to all residents of the MyCity area. "
        "We provide the service in our offices '; niet overgenomen"
    ),
    "metadata": NIET_OVERGENOMEN,
    # The service's own schedule: its service_at_location has one of its own.
    "schedules": NIET_OVERGENOMEN,
    "cost_options[0]": (
        "past niet meer in de toelichting op de kosten (300 tekens); niet overgenomen"
    ),
    "attributes[0].value": NIET_OVERGENOMEN,
    "phones[0].extension": NIET_OVERGENOMEN,
    "phones[0].description": NIET_OVERGENOMEN,
    "phones[0].languages": NIET_OVERGENOMEN,
    "languages[0].note": NIET_OVERGENOMEN,
    "contacts[0].department": NIET_OVERGENOMEN,
    "contacts[0].phones[0].extension": NIET_OVERGENOMEN,
    "contacts[0].phones[0].description": NIET_OVERGENOMEN,
    "contacts[0].phones[0].languages": NIET_OVERGENOMEN,
    # service_at_location and its location
    "service_at_locations[0].phones": NIET_OVERGENOMEN,
    "service_at_locations[0].schedules[0]": (
        "past niet in een weekschema (byweekno 41,42, bymonthday 2,3,4, byyearday 2,3,4, "
        "count 3); als tekst bewaard bij de vestiging"
    ),
    "service_at_locations[0].location.url": NIET_OVERGENOMEN,
    "service_at_locations[0].location.alternate_name": NIET_OVERGENOMEN,
    "service_at_locations[0].location.description": NIET_OVERGENOMEN,
    "service_at_locations[0].location.external_identifier": NIET_OVERGENOMEN,
    "service_at_locations[0].location.external_identifier_type": NIET_OVERGENOMEN,
    "service_at_locations[0].location.languages": NIET_OVERGENOMEN,
    "service_at_locations[0].location.contacts": NIET_OVERGENOMEN,
    "service_at_locations[0].location.phones": NIET_OVERGENOMEN,
    "service_at_locations[0].location.schedules": NIET_OVERGENOMEN,
    "service_at_locations[0].location.latitude": "'100' ligt niet tussen -90 en 90; niet overgenomen",
    "service_at_locations[0].location.longitude": "niet overgenomen: de andere helft van de plek ontbreekt",
    "service_at_locations[0].location.accessibility[0].url": NIET_OVERGENOMEN,
    "service_at_locations[0].location.addresses[0].attention": NIET_OVERGENOMEN,
    "service_at_locations[0].location.addresses[0].address_2": NIET_OVERGENOMEN,
    "service_at_locations[0].location.addresses[0].region": NIET_OVERGENOMEN,
    # organization
    "organization.alternate_name": NIET_OVERGENOMEN,
    "organization.tax_status": NIET_OVERGENOMEN,
    "organization.year_incorporated": NIET_OVERGENOMEN,
    "organization.legal_status": NIET_OVERGENOMEN,
    "organization.logo": NIET_OVERGENOMEN,
    "organization.uri": NIET_OVERGENOMEN,
    "organization.parent_organization_id": NIET_OVERGENOMEN,
    "organization.funding": NIET_OVERGENOMEN,
    "organization.programs": NIET_OVERGENOMEN,
    "organization.organization_identifiers[0]": (
        "niet overgenomen: alleen een KvK-nummer (NL-KVK, 8 cijfers) heeft een veld "
        "(bewaard in het originele record)"
    ),
    "organization.phones[0].extension": NIET_OVERGENOMEN,
    "organization.phones[0].description": NIET_OVERGENOMEN,
    "organization.phones[0].languages": NIET_OVERGENOMEN,
    "organization.locations[0].url": NIET_OVERGENOMEN,
    "organization.locations[0].alternate_name": NIET_OVERGENOMEN,
    "organization.locations[0].description": NIET_OVERGENOMEN,
    "organization.locations[0].external_identifier": NIET_OVERGENOMEN,
    "organization.locations[0].external_identifier_type": NIET_OVERGENOMEN,
    "organization.locations[0].languages": NIET_OVERGENOMEN,
    "organization.locations[0].contacts": NIET_OVERGENOMEN,
    "organization.locations[0].phones": NIET_OVERGENOMEN,
    "organization.locations[0].schedules": NIET_OVERGENOMEN,
    "organization.locations[0].latitude": "'100' ligt niet tussen -90 en 90; niet overgenomen",
    "organization.locations[0].longitude": "niet overgenomen: de andere helft van de plek ontbreekt",
    "organization.locations[0].accessibility[0].url": NIET_OVERGENOMEN,
    "organization.locations[0].addresses[0].attention": NIET_OVERGENOMEN,
    "organization.locations[0].addresses[0].address_2": NIET_OVERGENOMEN,
    "organization.locations[0].addresses[0].region": NIET_OVERGENOMEN,
}


def _importeren(naam: str):
    rapport = hsds_importeren(records_uit_json(json_uit_bestand(VOORBEELDEN / naam)))
    assert rapport.fouten == []
    assert rapport.nieuw == [SERVICE]
    return rapport


@pytest.mark.parametrize("naam", ["service_full.json", "organization_full.json"])
def test_every_field_we_cannot_hold_is_a_warning_with_its_path(naam):
    rapport = _importeren(naam)
    assert {m.pad: m.reden for m in rapport.waarschuwingen} == NIET_GENOMEN
    assert len(rapport.waarschuwingen) == len(NIET_GENOMEN)  # each once
    assert {m.index for m in rapport.waarschuwingen} == {0}


@pytest.mark.parametrize("naam", ["service_full.json", "organization_full.json"])
def test_every_field_we_can_hold_is_kept(naam):
    rapport = _importeren(naam)
    origineel = json.loads((VOORBEELDEN / naam).read_text())
    aanbod = Aanbod.objects.get(pk=SERVICE)
    organisatie = Organisatie.objects.get(pk=ORGANISATIE)
    vestiging = Vestiging.objects.get(pk=LOCATIE)
    koppeling = AanbodOpVestiging.objects.get(pk=SAL)
    persoon = Contactpersoon.objects.get(pk=CONTACT)
    genomen = {
        # service
        "id": str(aanbod.pk) == SERVICE,
        "name": aanbod.naam == "Community Counselling",
        "alternate_name": "MyCity Counselling Services" in aanbod.zoekwoorden,
        "description": aanbod.beschrijving.startswith("Counselling Services provided by")
        and aanbod.korte_beschrijving
        == "Counselling Services provided by trained professionals.",
        "url": aanbod.website == "http://example.com/counselling",
        "email": aanbod.email == "email@example.com",
        "status": aanbod.status == "actief",
        "application_process": aanbod.aanmelden_toelichting.startswith("If you are an NHS"),
        "fees_description": aanbod.kosten_toelichting.startswith("Non-NHS patients"),
        "fees": aanbod.kosten_toelichting.endswith("up to date prices. fees_description"),
        "cost_options[0].amount": aanbod.kosten == "betaald",
        "minimum_age": aanbod.leeftijd_van == 12,
        "maximum_age": aanbod.leeftijd_tot == 100,
        "assured_date": organisatie.laatst_gecontroleerd == date(2005, 1, 1),
        "phones[0].number": aanbod.telefoon == "+441234234567",  # written "\"+44 1234 234567\""
        "phones[0].type": aanbod.telefoon != "",  # voice, not fax
        "languages[0].code": aanbod.talen == ["urd"],  # ISO 639-1 "ur"
        "languages[0].name": aanbod.talen == ["urd"],
        "attributes[0].taxonomy_term": list(aanbod.externe_termen.values_list("taxonomie", "naam"))
        == [("taxonomy", "name")]
        and "name" in aanbod.zoekwoorden,
        "attributes[0].link_type": aanbod.externe_termen.exists(),  # not one of ours: a term
        "attributes[0].link_entity": aanbod.externe_termen.exists(),
        "contacts[0]": (persoon.naam, persoon.functie, persoon.email, persoon.telefoon, persoon.aanbod_id)
        == ("Ann Persona", "Reception Manager", "email@example.com", "+441234234567", aanbod.pk),
        # service_at_location and its location
        "service_at_locations[0].description": koppeling.toelichting
        == "Counselling Services provided by trained professionals in the MyCity area.",
        "service_at_locations[0].contacts": aanbod.contactpersonen.get() == persoon,
        "service_at_locations[0].schedules[0]": koppeling.openingstijden_tekst.startswith(
            "Donderdag en vrijdag 10:00–18:00, elke week, in week 41 en 42"
        )
        and "not available on public holidays" in koppeling.openingstijden_tekst
        and not koppeling.openingsregels.exists(),
        "service_at_locations[0].location.name": vestiging.naam == "MyCity Civic Center",
        "service_at_locations[0].location.location_type": vestiging.straat != "",  # physical
        "service_at_locations[0].location.transportation": vestiging.route.startswith(
            "MyCity Civic Center is serviced by the number 1 Bus"
        ),
        "service_at_locations[0].location.accessibility[0]": vestiging.toegankelijkheid
        == "The building is equipped with induction loops for hearing aids. Wheelchair access "
        "is possible on all levels.\nSwitch hearing aid to T-coil to access the induction loop "
        "facility.",
        # An address abroad, kept as given.
        "service_at_locations[0].location.addresses[0]": (
            vestiging.straat, vestiging.huisnummer, vestiging.postcode, vestiging.plaats,
            vestiging.provincie, vestiging.land, vestiging.kern,
        ) == ("1-30 Main Street", "", "ABC 1234", "MyCity", "MyState", "US", "buiten"),
        # organization
        "organization.id": str(organisatie.pk) == ORGANISATIE,
        "organization.name": organisatie.naam == "Example Organization Inc.",
        "organization.description": organisatie.beschrijving.startswith("Example Org is a"),
        "organization.email": organisatie.email == "email@example.com",
        "organization.website": organisatie.website == "http://example.com",
        "organization.phones[0].number": organisatie.telefoon == "+441234234567",
        "organization.phones[0].type": organisatie.telefoon != "",
        "organization.contacts": persoon.organisatie == organisatie,  # the same person
        "organization.locations[0]": vestiging.organisatie == organisatie,
    }  # fmt: skip
    assert [pad for pad, klopt in genomen.items() if not klopt] == []
    assert aanbod.hsds_origineel == records_uit_json(origineel)[0]  # nothing received is lost
    assert Taxonomieterm.objects.niet_gekoppeld().get().naam == "name"
    assert rapport.onbekende_termen == {("taxonomy", "name"): 1}
    # Kept or warned: between them every field of the example with a value (the ids that
    # only link its objects aside), so no field is dropped without a word.
    bladeren = _bladeren(records_uit_json(origineel)[0])
    gedekt = [*genomen, *NIET_GENOMEN]
    niet_gedekt = [b for b in bladeren if not any(_onder(b, g) for g in gedekt)]
    assert niet_gedekt == [], "\n".join(niet_gedekt)


def _bladeren(waarde, pad: str = "") -> list[str]:
    if isinstance(waarde, dict):
        return [
            blad
            for sleutel, sub in waarde.items()
            if sleutel != "id" and not sleutel.endswith("_id")
            for blad in _bladeren(sub, f"{pad}.{sleutel}" if pad else sleutel)
        ]
    if isinstance(waarde, list):
        return [blad for i, sub in enumerate(waarde) for blad in _bladeren(sub, f"{pad}[{i}]")]
    return [pad]


def _onder(blad: str, pad: str) -> bool:
    """`blad` is `pad` or inside it (`pad.` or `pad[`)."""
    return blad == pad or blad.startswith((f"{pad}.", f"{pad}["))


def test_importing_an_example_again_changes_nothing():
    _importeren("service_full.json")
    rapport = hsds_importeren(
        records_uit_json(json_uit_bestand(VOORBEELDEN / "organization_full.json"))
    )
    assert (rapport.nieuw, rapport.gewijzigd, rapport.ongewijzigd) == ([], [], [SERVICE])
    assert Vestiging.objects.get().latitude is None
    assert Decimal(0) not in Vestiging.objects.values_list("longitude", flat=True)
