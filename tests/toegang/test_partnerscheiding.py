"""Partner A swapping in partner B's ids gets nothing of B (issue 7, item 8): in the path
(every partner URL with an id, both ways round: 404, and B's data unchanged), in the query
string of the list pages (nothing of B shown) and in the body of every partner form
(B's ids in extra or hidden fields change nothing of B: the change lands on A, or the
form refuses with a field error).

The world is tests/toegang/wereld.py: A (Figulus) and B (Laborijn) each have an aanbod,
a vestiging with opening hours, a referral and a signal.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from intake.models import Doorverwijzing, Hulpvraag
from locaties.models import Afwezigheid, Dienstenfeed
from sociale_kaart.models import (
    Aanbod,
    Organisatie,
    Vestiging,
    VestigingOpeningsregel,
    Wijziging,
    Wijzigingsvoorstel,
)
from tests.toegang.test_beveiligingsmatrix import _patronen
from toegang.berichten.models import Bericht

pytestmark = pytest.mark.django_db


def _als(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _deel(wereld, wie):
    return wereld.a if wie == "a" else wereld.b


def _toestand(deel) -> dict:
    """Everything of one partner that a swapped id could touch."""
    verwijzing = Doorverwijzing.objects.get(pk=deel.verwijzing.pk)
    organisatie = Organisatie.objects.get(pk=deel.organisatie.pk)
    return {
        "organisatie": (
            organisatie.beschrijving,
            organisatie.telefoon,
            organisatie.laatst_gecontroleerd,
        ),
        "aanbod": list(Aanbod.objects.filter(organisatie=organisatie).values().order_by("pk")),
        "vestigingen": list(
            Vestiging.objects.filter(organisatie=organisatie).values().order_by("pk")
        ),
        "regels": list(
            VestigingOpeningsregel.objects.filter(
                aanbod_op_vestiging__vestiging__organisatie=organisatie
            )
            .values()
            .order_by("pk")
        ),
        "verwijzing": (verwijzing.status, verwijzing.bijgewerkt, verwijzing.verloop.count()),
        "voorstellen": Wijzigingsvoorstel.objects.filter(organisatie=organisatie).count(),
        "wijzigingen": Wijziging.objects.filter(organisatie=organisatie).count(),
        "signalen": Hulpvraag.objects.filter(signaal_van=organisatie).count(),
        "ongelezen": Bericht.objects.filter(ontvanger=deel.gebruiker).ongelezen().count(),
        "afwezig": Afwezigheid.objects.filter(medewerker=deel.gebruiker).count(),
        "agenda": list(Dienstenfeed.objects.filter(medewerker=deel.gebruiker).values_list("token")),
    }


def _aanbod_velden(obj, **extra) -> dict:
    data = {
        "naam": obj.naam, "korte_beschrijving": obj.korte_beschrijving,
        "beschrijving": obj.beschrijving, "status": obj.status, "kosten": obj.kosten,
        "aanmelden": obj.aanmelden, "telefoon": "0543-999999", "toelichting": "",
        "werkgebied": obj.werkgebied,
    }  # fmt: skip
    return data | extra


def _vestiging_velden(obj, **extra) -> dict:
    data = {
        "naam": "Nieuwe naam", "straat": obj.straat, "huisnummer": obj.huisnummer,
        "postcode": obj.postcode, "plaats": obj.plaats, "kern": obj.kern,
    }  # fmt: skip
    return data | extra


def _regels(koppeling, regel, **extra) -> dict:
    data = {
        "regels-TOTAL_FORMS": "1", "regels-INITIAL_FORMS": "1", "regels-MIN_NUM_FORMS": "0",
        "regels-MAX_NUM_FORMS": "1000", "regels-0-id": str(regel.pk),
        "regels-0-aanbod_op_vestiging": str(koppeling.pk), "regels-0-weekdag": "2",
        "regels-0-dagdeel": "middag", "regels-0-start": "13:00", "regels-0-einde": "16:00",
    }  # fmt: skip
    return data | extra


# --- the path: every partner URL with an id ----------------------------------------------------

# URL name → (path with the other partner's ids, body of a valid POST or None for GET only).
# `d` is the other partner's part of the world.
PADEN = {
    "intake:partner_doorverwijzing": ("/partner/doorverwijzingen/{d.verwijzing.pk}/", None),
    "sociale_kaart:partner_aanbod": (
        "/partner/sociale-kaart/aanbod/{d.aanbod.slug}/",
        lambda d: _aanbod_velden(d.aanbod, naam="Gekaapt"),
    ),
    "sociale_kaart:partner_capaciteit": (
        "/partner/sociale-kaart/aanbod/{d.aanbod.slug}/capaciteit/",
        lambda d: {"capaciteit": "wachtlijst", "wachtlijst_weken": "6"},
    ),
    "sociale_kaart:partner_vertalingen": (
        "/partner/sociale-kaart/aanbod/{d.aanbod.slug}/vertalingen/",
        lambda d: {
            "en_naam": "Hijacked",
            "en_korte_beschrijving": "Hijacked.",
            "en_beschrijving": "Hijacked.",
        },
    ),
    "sociale_kaart:partner_vestiging": (
        "/partner/sociale-kaart/vestigingen/{d.vestiging.pk}/",
        lambda d: _vestiging_velden(d.vestiging),
    ),
    "sociale_kaart:partner_openingstijden": (
        "/partner/sociale-kaart/openingstijden/{d.koppeling.pk}/",
        lambda d: _regels(d.koppeling, d.regel),
    ),
}
# Every action a partner can take on a referral is its own address.
for _actie, _tekst in {
    "accepteren": "",
    "afwijzen": "Geen plek.",
    "terugsturen": "Welke schulden?",
    "contact": "Gebeld.",
    "afronden": "Klaar.",
}.items():
    PADEN[f"intake:partner_actie {_actie}"] = (
        f"/partner/doorverwijzingen/{{d.verwijzing.pk}}/{_actie}/",
        lambda d, a=_actie, t=_tekst: (
            {f"{a}-tekst": t} | ({"afwijzen-reden_soort": "geen-plek"} if a == "afwijzen" else {})
            if t
            else {}
        ),
    )


def test_every_partner_url_with_an_id_is_swapped():
    """A new partner URL that takes an id fails here until it has a row in PADEN."""
    met_id = {naam for naam, route in _patronen() if route.startswith("partner/") and "<" in route}
    assert met_id == {sleutel.split()[0] for sleutel in PADEN}


@pytest.mark.parametrize(("wie", "ander"), [("a", "b"), ("b", "a")])
@pytest.mark.parametrize("sleutel", PADEN)
def test_a_partner_gets_404_for_the_other_partners_ids_in_the_path(wereld, sleutel, wie, ander):
    jij, die = _deel(wereld, wie), _deel(wereld, ander)
    sjabloon, body = PADEN[sleutel]
    pad = sjabloon.format(d=die)
    voor = _toestand(die)
    client = _als(jij.gebruiker)
    if "_actie" not in sleutel:
        assert client.get(pad).status_code == 404
    if body is not None:
        assert client.post(pad, body(die)).status_code == 404
    assert _toestand(die) == voor


# --- the query string of the list pages ----------------------------------------------------------

LIJSTEN = [
    "/partner/",
    "/partner/sociale-kaart/",
    "/partner/sociale-kaart/organisatie/",
    "/partner/signaal/",
    "/mijn-diensten/",
    "/account/berichten/",
    "/partner/doorverwijzingen/{a.verwijzing.pk}/",
    "/partner/sociale-kaart/aanbod/{a.aanbod.slug}/",
    "/partner/sociale-kaart/vestigingen/{a.vestiging.pk}/",
    "/partner/sociale-kaart/openingstijden/{a.koppeling.pk}/",
]


def _van_b(wereld) -> dict:
    """Query parameters naming B's things in every way a view might read them."""
    b = wereld.b
    return {
        "organisatie": b.organisatie.pk, "organisatie_id": b.organisatie.pk, "org": b.organisatie.slug,
        "organisation": b.organisatie.slug, "partner": b.organisatie.slug, "pk": b.verwijzing.pk,
        "id": b.verwijzing.pk, "doorverwijzing": b.verwijzing.pk, "aanbod": b.aanbod.slug,
        "aanbod_id": b.aanbod.pk, "vestiging": b.vestiging.pk, "koppeling": b.koppeling.pk,
        "gebruiker": b.gebruiker.pk, "user": b.gebruiker.pk, "ontvanger": b.gebruiker.pk,
        "hulpvraag": b.signaal.referentie, "referentie": b.signaal.referentie, "status": "alle",
    }  # fmt: skip


def _sporen_van(deel) -> list[str]:
    """Text that only shows on a page about this partner's things."""
    return [
        deel.organisatie.naam,
        deel.aanbod.naam,
        deel.vestiging.naam,
        deel.verwijzing.samenvatting,
        deel.signaal.referentie,
        deel.bericht.onderwerp,
        str(deel.verwijzing.pk),
    ]


@pytest.mark.parametrize("sjabloon", LIJSTEN)
def test_b_in_the_query_string_shows_partner_a_nothing_of_b(wereld, sjabloon):
    client = _als(wereld.a.gebruiker)
    pad = sjabloon.format(a=wereld.a)
    zonder = client.get(pad)
    met = client.get(pad, _van_b(wereld))
    assert met.status_code == zonder.status_code == 200
    html = met.content.decode()
    assert [spoor for spoor in _sporen_van(wereld.b) if spoor in html] == []


def test_the_partner_inbox_shows_a_its_own_referral_signal_and_message(wereld):
    """The counterpart of the test above: the page is A's, so its absence of B means something."""
    html = _als(wereld.a.gebruiker).get("/partner/", _van_b(wereld)).content.decode()
    a = wereld.a
    assert str(a.verwijzing.pk) in html
    assert a.signaal.referentie in html
    assert a.bericht.onderwerp in html


# --- the body of every partner form --------------------------------------------------------------


def _velden_van_b(wereld) -> dict:
    """Extra and hidden fields naming B, added to every form below."""
    b = wereld.b
    return {
        "organisatie": b.organisatie.pk, "organisatie_id": b.organisatie.pk, "signaal_van": b.organisatie.pk,
        "slug": b.organisatie.slug, "id": b.aanbod.pk, "pk": b.aanbod.pk, "aanbod": b.aanbod.pk,
        "vestiging": b.vestiging.pk, "doorverwijzing": b.verwijzing.pk, "medewerker": b.gebruiker.pk,
        "ontvanger": b.gebruiker.pk, "gebruiker": b.gebruiker.pk,
    }  # fmt: skip


def test_b_in_the_body_of_the_organisation_form_changes_a_only(wereld):
    voor = _toestand(wereld.b)
    data = {
        "beschrijving": "Nieuwe beschrijving.",
        "telefoon": "0543-111111",
        **_velden_van_b(wereld),
    }
    response = _als(wereld.a.gebruiker).post("/partner/sociale-kaart/organisatie/", data)
    assert response.status_code == 302
    assert _toestand(wereld.b) == voor
    assert Wijzigingsvoorstel.objects.filter(organisatie=wereld.a.organisatie).count() == 2


def test_b_in_the_body_of_the_aanbod_form_changes_a_only(wereld):
    voor = _toestand(wereld.b)
    data = _aanbod_velden(wereld.a.aanbod, **_velden_van_b(wereld))
    pad = f"/partner/sociale-kaart/aanbod/{wereld.a.aanbod.slug}/"
    assert _als(wereld.a.gebruiker).post(pad, data).status_code == 302
    assert _toestand(wereld.b) == voor
    a_aanbod = Aanbod.objects.get(pk=wereld.a.aanbod.pk)
    assert (a_aanbod.organisatie_id, a_aanbod.telefoon) == (wereld.a.organisatie.pk, "+31543999999")


def test_b_in_the_body_of_the_vestiging_form_changes_a_only(wereld):
    voor = _toestand(wereld.b)
    data = _vestiging_velden(wereld.a.vestiging, **_velden_van_b(wereld))
    pad = f"/partner/sociale-kaart/vestigingen/{wereld.a.vestiging.pk}/"
    assert _als(wereld.a.gebruiker).post(pad, data).status_code == 302
    assert _toestand(wereld.b) == voor
    assert Vestiging.objects.get(pk=wereld.a.vestiging.pk).organisatie_id == wereld.a.organisatie.pk


@pytest.mark.parametrize("veld", ["regels-0-id", "regels-0-aanbod_op_vestiging"])
def test_bs_opening_hours_in_as_form_get_a_field_error_and_change_nothing(wereld, veld):
    a, b = wereld.a, wereld.b
    voor_a, voor_b = _toestand(a), _toestand(b)
    b_waarde = str(b.regel.pk if veld == "regels-0-id" else b.koppeling.pk)
    data = _regels(a.koppeling, a.regel, **{veld: b_waarde})
    response = _als(a.gebruiker).post(
        f"/partner/sociale-kaart/openingstijden/{a.koppeling.pk}/", data
    )
    assert response.status_code == 200
    assert response.context["formset"].errors[0]  # the form says what is wrong
    assert (_toestand(a), _toestand(b)) == (voor_a, voor_b)


def test_b_in_the_body_of_a_signal_makes_it_as_signal(wereld):
    voor = _toestand(wereld.b)
    data = {
        "naam": "Jan", "telefoon": "0611112222", "vraag": "Zorgen.", "toestemming_wijze": "mondeling",
        "inzending": uuid.uuid4(), **_velden_van_b(wereld),
    }  # fmt: skip
    assert _als(wereld.a.gebruiker).post("/partner/signaal/", data).status_code == 303
    assert _toestand(wereld.b) == voor
    nieuw = Hulpvraag.objects.get(inwoner__naam="Jan")
    assert nieuw.signaal_van_id == wereld.a.organisatie.pk


def test_b_in_the_body_of_a_referral_action_changes_as_referral_only(wereld):
    voor = _toestand(wereld.b)
    pad = f"/partner/doorverwijzingen/{wereld.a.verwijzing.pk}/accepteren/"
    assert _als(wereld.a.gebruiker).post(pad, _velden_van_b(wereld)).status_code == 303
    assert _toestand(wereld.b) == voor
    assert Doorverwijzing.objects.get(pk=wereld.a.verwijzing.pk).status == "geaccepteerd"


def test_b_in_the_body_of_everything_is_still_right_confirms_a_only(wereld):
    Organisatie.objects.filter(pk__in=[wereld.a.organisatie.pk, wereld.b.organisatie.pk]).update(
        laatst_gecontroleerd=timezone.localdate() - timedelta(days=400)
    )
    voor = _toestand(wereld.b)
    data = {"actie": "klopt", **_velden_van_b(wereld)}
    assert _als(wereld.a.gebruiker).post("/partner/sociale-kaart/", data).status_code == 302
    assert _toestand(wereld.b) == voor
    a = Organisatie.objects.get(pk=wereld.a.organisatie.pk)
    assert a.laatst_gecontroleerd == timezone.localdate()


def test_b_in_the_body_of_ones_own_shifts_messages_and_calendar_changes_a_only(wereld):
    Dienstenfeed.objects.create(medewerker=wereld.b.gebruiker)
    voor = _toestand(wereld.b)
    client = _als(wereld.a.gebruiker)
    vandaag = timezone.localdate()
    velden = _velden_van_b(wereld)
    afwezig = {"van": vandaag + timedelta(days=40), "tot": vandaag + timedelta(days=41), **velden}
    assert client.post("/mijn-diensten/", afwezig).status_code == 302
    assert client.post("/mijn-diensten/nieuwe-link/", velden).status_code == 302
    assert client.post("/account/berichten/gelezen/", velden).status_code == 302
    assert _toestand(wereld.b) == voor
    assert Afwezigheid.objects.filter(medewerker=wereld.a.gebruiker).count() == 1
    assert not Bericht.objects.filter(ontvanger=wereld.a.gebruiker).ongelezen().exists()
