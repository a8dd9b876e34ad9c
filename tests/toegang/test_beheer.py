"""/beheer/ at the size of a region: every admin shares BeheerAdmin, delete pages count
instead of listing, lists and forms cost the same number of statements at any size."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intake.models import Hulpvraag
from sociale_kaart.models import Levensdomein, Organisatie, Wijziging
from tests.accounts.factories import UserFactory
from tests.intake.factories import HulpvraagFactory
from tests.sociale_kaart.factories import AanbodFactory, LevensdomeinFactory, OrganisatieFactory
from toegang.accounts.roles import Rol
from toegang.admin import BESCHERMD_GENOEMD, BeheerAdmin

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheer(client, beheerder):
    client.force_login(beheerder)
    return client


def statements(client, pad: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(pad).status_code == 200
    return len(queries)


def test_every_admin_on_beheer_is_a_beheeradmin_also_those_of_other_packages():
    gewoon = [
        type(model_admin).__name__
        for model_admin in admin.site._registry.values()
        if not isinstance(model_admin, BeheerAdmin)
    ]
    assert gewoon == []
    # django-otp's own admin keeps what it had (its raw id for the user, its actions).
    from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
    from django_otp.plugins.otp_totp.models import TOTPDevice

    assert isinstance(admin.site.get_model_admin(TOTPDevice), TOTPDeviceAdmin)


# --- delete pages ---------------------------------------------------------------------------


def domein_met_hulpvragen(aantal: int, naam: str = "Geldzaken") -> Levensdomein:
    domein = LevensdomeinFactory(naam=naam)
    for _ in range(aantal):
        HulpvraagFactory().levensdomeinen.add(domein)
        AanbodFactory().levensdomeinen.add(domein)
    return domein


def test_delete_page_counts_what_goes_along_instead_of_listing_it(beheer):
    domein = domein_met_hulpvragen(3)
    referentie = Hulpvraag.objects.first().referentie

    response = beheer.get(f"/beheer/sociale_kaart/levensdomein/{domein.pk}/delete/")

    assert response.status_code == 200
    aantallen = dict(response.context["model_count"])
    assert aantallen["levensdomeinen"] == "1"
    # The links to the questions and services go, the questions and services stay.
    assert sorted(aantallen.values()) == ["1", "3", "3"]
    assert referentie not in response.content.decode()
    assert "Geldzaken" in response.content.decode()
    assert not response.context["protected"] and not response.context["perms_lacking"]

    beheer.post(f"/beheer/sociale_kaart/levensdomein/{domein.pk}/delete/", {"post": "yes"})
    assert not Levensdomein.objects.filter(pk=domein.pk).exists()
    assert Hulpvraag.objects.count() == 3


def test_delete_page_costs_the_same_statements_with_more_related_rows(beheer):
    weinig = domein_met_hulpvragen(2)
    veel = domein_met_hulpvragen(12, naam="Werk")
    assert statements(beheer, f"/beheer/sociale_kaart/levensdomein/{veel.pk}/delete/") == (
        statements(beheer, f"/beheer/sociale_kaart/levensdomein/{weinig.pk}/delete/")
    )


def test_protected_delete_names_a_few_blockers_counts_the_rest_and_is_refused(beheer):
    medewerker = UserFactory(rol=Rol.MEDEWERKER)
    zaken = [HulpvraagFactory(geregistreerd_door=medewerker) for _ in range(BESCHERMD_GENOEMD + 3)]
    pad = f"/beheer/accounts/user/{medewerker.pk}/delete/"

    response = beheer.get(pad)

    assert response.status_code == 200
    tekst = response.content.decode()
    assert "gebruiker kan niet worden verwijderd" in tekst
    genoemd = sorted(zaken, key=lambda zaak: zaak.pk)[:BESCHERMD_GENOEMD]
    assert all(zaak.referentie in tekst for zaak in genoemd)
    assert "… en nog 3 hulpvragen" in tekst

    beheer.post(pad, {"post": "yes"})
    assert type(medewerker).objects.filter(pk=medewerker.pk).exists()


def test_protected_delete_costs_the_same_statements_with_more_blockers(beheer):
    weinig, veel = UserFactory(rol=Rol.MEDEWERKER), UserFactory(rol=Rol.MEDEWERKER)
    for _ in range(2):
        HulpvraagFactory(geregistreerd_door=weinig)
    for _ in range(12):
        HulpvraagFactory(geregistreerd_door=veel)
    assert statements(beheer, f"/beheer/accounts/user/{veel.pk}/delete/") == (
        statements(beheer, f"/beheer/accounts/user/{weinig.pk}/delete/")
    )


def test_delete_that_takes_along_what_the_beheerder_may_not_delete_is_refused(beheer):
    organisatie = OrganisatieFactory()
    Wijziging.objects.create(
        organisatie=organisatie, soort="organisatie", object_id=organisatie.pk, wijzigingen={}
    )
    pad = f"/beheer/sociale_kaart/organisatie/{organisatie.pk}/delete/"

    response = beheer.get(pad)

    assert list(response.context["perms_lacking"]) == ["wijziging"]
    assert beheer.post(pad, {"post": "yes"}).status_code == 403
    assert Organisatie.objects.filter(pk=organisatie.pk).exists()


def test_delete_selected_action_counts_too(beheer):
    domeinen = [domein_met_hulpvragen(2, naam=naam) for naam in ("Geldzaken", "Werk")]
    response = beheer.post(
        "/beheer/sociale_kaart/levensdomein/",
        {"action": "delete_selected", "_selected_action": [d.pk for d in domeinen]},
    )
    assert response.status_code == 200
    assert dict(response.context["model_count"])["levensdomeinen"] == "2"
