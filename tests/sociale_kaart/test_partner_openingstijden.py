"""A partner edits opening hours with their period; expired rules are history and stay."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from sociale_kaart.models import (
    AanbodOpVestiging,
    Soort,
    Vestiging,
    VestigingOpeningsregel,
    VrijVeld,
    Wijziging,
    Wijzigingsvoorstel,
)
from sociale_kaart.services import voorstel_goedkeuren
from tests.sociale_kaart.factories import AanbodFactory

pytestmark = pytest.mark.django_db

VANDAAG = timezone.localdate()


@pytest.fixture
def koppeling(partner_a):
    vestiging = Vestiging.objects.create(
        organisatie=partner_a.organisatie, naam="Kantoor", straat="Markt", huisnummer="1",
        postcode="7121 AA", plaats="Aalten", kern="aalten",
    )  # fmt: skip
    aanbod = AanbodFactory(organisatie=partner_a.organisatie)
    return AanbodOpVestiging.objects.create(aanbod=aanbod, vestiging=vestiging)


def regel(koppeling, weekdag, dagdeel, start, einde, van=None, tot=None):
    return VestigingOpeningsregel.objects.create(
        aanbod_op_vestiging=koppeling, weekdag=weekdag, dagdeel=dagdeel,
        start=time(start), einde=time(einde), geldig_van=van, geldig_tot=tot,
    )  # fmt: skip


def formulier(bestaand, nieuw) -> dict:
    """The POST of the page: `bestaand` as shown (rule objects), then `nieuw` rows
    (weekdag, dagdeel, start, einde, van, tot) as typed."""
    rijen = [
        (str(r.pk), r.weekdag, r.dagdeel, r.start.strftime("%H:%M"), r.einde.strftime("%H:%M"),
         r.geldig_van or "", r.geldig_tot or "")
        for r in bestaand
    ] + [("", *rij) for rij in nieuw]  # fmt: skip
    data = {
        "regels-TOTAL_FORMS": str(len(rijen)), "regels-INITIAL_FORMS": str(len(bestaand)),
        "regels-MIN_NUM_FORMS": "0", "regels-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    for i, (pk, w, d, s, e, van, tot) in enumerate(rijen):
        data |= {
            f"regels-{i}-id": pk, f"regels-{i}-weekdag": str(w), f"regels-{i}-dagdeel": d,
            f"regels-{i}-start": s, f"regels-{i}-einde": e,
            f"regels-{i}-geldig_van": str(van), f"regels-{i}-geldig_tot": str(tot),
        }  # fmt: skip
    return data


def pad(koppeling) -> str:
    return f"/partner/sociale-kaart/openingstijden/{koppeling.pk}/"


def opgeslagen(koppeling) -> set:
    return set(
        koppeling.openingsregels.values_list(
            "weekdag", "dagdeel", "start", "einde", "geldig_van", "geldig_tot"
        )
    )


def test_expired_rule_is_not_shown_and_survives_a_save(client, partner_a, koppeling):
    voorbij = VANDAAG - timedelta(days=1)
    verlopen = regel(koppeling, 0, "ochtend", 8, 12, tot=voorbij)
    huidig = regel(koppeling, 1, "ochtend", 9, 12)
    client.force_login(partner_a)
    getoond = client.get(pad(koppeling)).context["formset"]
    assert [f.instance for f in getoond.initial_forms] == [huidig]

    response = client.post(
        pad(koppeling), formulier([huidig], [(2, "middag", "13:00", "16:00", "", "")])
    )

    assert response.status_code == 302
    assert opgeslagen(koppeling) == {
        (0, "ochtend", time(8), time(12), None, voorbij),
        (1, "ochtend", time(9), time(12), None, None),
        (2, "middag", time(13), time(16), None, None),
    }
    assert VestigingOpeningsregel.objects.filter(pk=verlopen.pk).exists()
    oud, nieuw = Wijziging.objects.get().wijzigingen["regels"]
    assert oud == [[1, "ochtend", "09:00", "12:00", None, None]]


def test_period_typed_by_partner_is_stored(client, partner_a, koppeling):
    van, tot = VANDAAG + timedelta(days=10), VANDAAG + timedelta(days=70)
    client.force_login(partner_a)
    client.post(pad(koppeling), formulier([], [(3, "ochtend", "09:00", "12:00", van, tot)]))
    assert opgeslagen(koppeling) == {(3, "ochtend", time(9), time(12), van, tot)}
    assert Wijziging.objects.get().wijzigingen["regels"][1] == [
        [3, "ochtend", "09:00", "12:00", van.isoformat(), tot.isoformat()]
    ]


def test_future_rule_keeps_its_start_when_another_rule_is_added(client, partner_a, koppeling):
    straks = VANDAAG + timedelta(days=30)
    toekomstig = regel(koppeling, 4, "ochtend", 9, 12, van=straks)
    client.force_login(partner_a)
    assert client.get(pad(koppeling)).context["formset"].initial_forms[0].instance == toekomstig
    client.post(pad(koppeling), formulier([toekomstig], [(0, "middag", "13:00", "16:00", "", "")]))
    assert opgeslagen(koppeling) == {
        (4, "ochtend", time(9), time(12), straks, None),
        (0, "middag", time(13), time(16), None, None),
    }


def test_end_before_start_is_a_clear_error_and_keeps_the_input(client, partner_a, koppeling):
    client.force_login(partner_a)
    data = formulier([], [(3, "ochtend", "09:00", "12:00", "2027-08-31", "2027-06-01")])
    response = client.post(pad(koppeling), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Deze datum ligt vóór de begindatum" in html
    assert 'value="2027-08-31"' in html and 'value="2027-06-01"' in html
    assert not koppeling.openingsregels.exists() and not Wijziging.objects.exists()


def test_approved_proposal_keeps_periods_and_the_beheerder_sees_them(
    client, partner_a, beheerder, koppeling
):
    VrijVeld.objects.filter(soort=Soort.OPENINGSTIJDEN).delete()
    voorbij = VANDAAG - timedelta(days=5)
    regel(koppeling, 0, "ochtend", 8, 12, van=VANDAAG - timedelta(days=90), tot=voorbij)
    van, tot = VANDAAG + timedelta(days=10), VANDAAG + timedelta(days=70)
    client.force_login(partner_a)
    client.post(pad(koppeling), formulier([], [(3, "ochtend", "09:00", "12:00", van, tot)]))
    assert opgeslagen(koppeling) == {
        (0, "ochtend", time(8), time(12), VANDAAG - timedelta(days=90), voorbij)
    }  # waits for review
    voorstel = Wijzigingsvoorstel.objects.get()

    client.force_login(beheerder)
    pagina = client.get(f"/beheer/sociale_kaart/wijzigingsvoorstel/{voorstel.pk}/beoordelen/")
    assert f"donderdag ochtend 09:00–12:00 (van {van} t/m {tot})" in pagina.content.decode()
    voorstel_goedkeuren(voorstel=voorstel, door=beheerder)

    assert opgeslagen(koppeling) == {
        (0, "ochtend", time(8), time(12), VANDAAG - timedelta(days=90), voorbij),
        (3, "ochtend", time(9), time(12), van, tot),
    }


def test_proposal_stored_without_periods_still_applies(partner_a, beheerder, koppeling):
    voorbij = VANDAAG - timedelta(days=5)
    regel(koppeling, 0, "ochtend", 8, 12, tot=voorbij)
    regel(koppeling, 1, "ochtend", 9, 12)
    voorstel = Wijzigingsvoorstel.objects.create(
        organisatie=partner_a.organisatie, soort=Soort.OPENINGSTIJDEN, object_id=koppeling.pk,
        wijzigingen={"regels": [[[1, "ochtend", "09:00", "12:00"]], [[2, "middag", "13:00", "16:00"]]]},
        ingediend_door=partner_a,
    )  # fmt: skip
    voorstel_goedkeuren(voorstel=voorstel, door=beheerder)
    assert opgeslagen(koppeling) == {
        (0, "ochtend", time(8), time(12), None, voorbij),
        (2, "middag", time(13), time(16), None, None),
    }


def test_rule_of_a_late_approved_proposal_that_has_expired_since_is_not_made_again(
    partner_a, beheerder, koppeling
):
    voorbij = VANDAAG - timedelta(days=1)
    regel(koppeling, 0, "ochtend", 8, 12, tot=voorbij)
    voorstel = Wijzigingsvoorstel.objects.create(
        organisatie=partner_a.organisatie, soort=Soort.OPENINGSTIJDEN, object_id=koppeling.pk,
        wijzigingen={"regels": [[], [[0, "ochtend", "08:00", "12:00", None, voorbij.isoformat()]]]},
        ingediend_door=partner_a,
    )  # fmt: skip
    voorstel_goedkeuren(voorstel=voorstel, door=beheerder)
    assert koppeling.openingsregels.count() == 1
