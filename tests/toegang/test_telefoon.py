"""Phone numbers: any format in, E.164 stored, the Dutch way shown."""

import pytest
from django.template import Context, Template

from sociale_kaart.models import Contactpersoon, Organisatie
from tests.sociale_kaart.factories import OrganisatieFactory
from toegang.telefoon import TelefoonVeld, telefoon_e164, telefoon_tonen, telefoon_uri


@pytest.mark.parametrize(
    "invoer, e164",
    [
        ("0543-123456", "+31543123456"),
        ("(0543) 12 34 56", "+31543123456"),
        ("+31 543 123 456", "+31543123456"),
        ("0031 543 123456", "+31543123456"),
        ("06-12345678", "+31612345678"),
        ("14 0543", "+31140543"),
        ('"+44 1234 234567"', "+441234234567"),  # as the Open Referral example writes it
        ("+49 2871 2190", "+4928712190"),
    ],
)
def test_any_way_of_writing_a_number_gives_one_e164(invoer, e164):
    assert telefoon_e164(invoer) == e164


@pytest.mark.parametrize("invoer", ["12345", "bel ons", "+31 6 123", ""])
def test_what_is_no_phone_number_is_refused_in_dutch(invoer):
    with pytest.raises(ValueError, match="Vul een geldig telefoonnummer in"):
        telefoon_e164(invoer)


@pytest.mark.parametrize(
    "opgeslagen, getoond",
    [
        ("+31543123456", "0543 123 456"),
        ("+31612345678", "06 12345678"),
        ("+4928712190", "+49 2871 2190"),
        ("0543-123456", "0543 123 456"),  # not yet converted: shown the same way
        ("onbekend", "onbekend"),
        ("", ""),
    ],
)
def test_numbers_show_the_way_a_dutch_resident_dials_them(opgeslagen, getoond):
    assert telefoon_tonen(opgeslagen) == getoond


def test_template_filters_show_and_link():
    html = Template('{% load telefoon %}<a href="tel:{{ n|tel_uri }}">{{ n|telefoon }}</a>').render(
        Context({"n": "+31543123456"})
    )
    assert html == '<a href="tel:+31543123456">0543 123 456</a>'


@pytest.mark.django_db
def test_every_way_of_saving_stores_e164():
    organisatie = OrganisatieFactory(telefoon="0543-000099")
    assert Organisatie.objects.get(pk=organisatie.pk).telefoon == "+31543000099"
    persoon = Contactpersoon(organisatie=organisatie, naam="Anja", telefoon="06 1234 5678")
    persoon.full_clean()
    assert persoon.telefoon == "+31612345678"


def test_form_field_cleans_to_e164_and_shows_the_dutch_way():
    veld = TelefoonVeld(required=False)
    assert veld.clean("(0543) 12 34 56") == "+31543123456"
    assert veld.clean("") == ""
    assert veld.prepare_value("+31543123456") == "0543 123 456"
    with pytest.raises(Exception, match="Vul een geldig telefoonnummer in"):
        veld.clean("12345")
    assert telefoon_uri("0543-12 34 56") == "+31543123456"
