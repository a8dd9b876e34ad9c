"""A vestiging's address: Dutch ones in one spelling, foreign ones as given, and its kern
one of the gemeente's or outside it."""

import pytest
from django.core.exceptions import ValidationError

from locaties.models import Kern
from sociale_kaart.models import Vestiging, VestigingKern
from tests.sociale_kaart.factories import OrganisatieFactory

pytestmark = pytest.mark.django_db


def _vestiging(**velden) -> Vestiging:
    standaard = {"naam": "Buurthuis", "straat": "Markt", "huisnummer": "12", "postcode": "7121 AA",
                 "plaats": "Aalten", "kern": "aalten"}  # fmt: skip
    return Vestiging(organisatie=OrganisatieFactory(), **(standaard | velden))


def test_a_dutch_postcode_is_written_one_way_and_a_wrong_one_refused():
    vestiging = _vestiging(postcode="7121ab")
    vestiging.full_clean()
    assert vestiging.postcode == "7121 AB"
    with pytest.raises(ValidationError, match="Vul een Nederlandse postcode in"):
        _vestiging(postcode="ABCDE").full_clean()


def test_an_address_abroad_keeps_its_own_postcode():
    vestiging = _vestiging(straat="Europaplatz 1", huisnummer="", postcode="46399",
                           plaats="Bocholt", land="DE", kern="buiten")  # fmt: skip
    vestiging.full_clean()
    assert vestiging.adres == "Europaplatz 1, 46399 Bocholt (DE)"


@pytest.mark.parametrize(
    "nummer, toevoeging, regel",
    [("12", "a", "Markt 12a"), ("21", "23", "Markt 21-23"), ("1", "bis", "Markt 1 bis"),
     ("5", "II", "Markt 5 II"), ("1", "", "Markt 1")],
)  # fmt: skip
def test_house_number_and_addition_as_dutch_addresses_write_them(nummer, toevoeging, regel):
    assert _vestiging(huisnummer=nummer, huisnummer_toevoeging=toevoeging).adresregel == regel


def test_vestigingen_have_the_kernen_of_the_gemeente_and_outside_it():
    assert VestigingKern.choices == [*Kern.choices, ("buiten", "Buiten de gemeente")]
    assert "buiten" not in Kern.values  # hulpvragen, toegangslocaties and reports keep to these
