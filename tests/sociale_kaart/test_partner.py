"""Partners keep their own entries current; the beheerder reviews what is not free."""

from datetime import date, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sociale_kaart.models import (
    AanbodOpVestiging,
    Vestiging,
    VestigingOpeningsregel,
    VoorstelStatus,
    Wijziging,
    Wijzigingsvoorstel,
)
from sociale_kaart.services import VoorstelFout, voorstel_afwijzen, voorstel_goedkeuren
from sociale_kaart.zoeken import Filters, zoek
from tests.sociale_kaart.factories import AanbodFactory
from toegang.berichten.models import Bericht

pytestmark = pytest.mark.django_db


@pytest.fixture
def eigen_aanbod(partner_a, levensdomeinen):
    return AanbodFactory(
        organisatie=partner_a.organisatie, naam="Maatjesproject", telefoon="0543-000001"
    )


@pytest.fixture
def ander_aanbod(partner_b):
    return AanbodFactory(organisatie=partner_b.organisatie, naam="Werkplein")


def aanbod_data(aanbod, **wijzig):
    data = {
        "naam": aanbod.naam, "korte_beschrijving": aanbod.korte_beschrijving, "beschrijving": aanbod.beschrijving,
        "status": aanbod.status, "kosten": aanbod.kosten, "kosten_toelichting": "", "aanmelden": aanbod.aanmelden,
        "aanmelden_toelichting": "", "leeftijd_van": "", "leeftijd_tot": "", "email": "", "telefoon": aanbod.telefoon,
        "website": "", "zoekwoorden": "", "toelichting": "", "werkgebied": aanbod.werkgebied,
        "werkgebied_kernen": aanbod.werkgebied_kernen,
    }  # fmt: skip
    data.update(wijzig)
    return data


def test_partner_cannot_edit_another_organisations_entry(
    client, partner_a, eigen_aanbod, ander_aanbod
):
    client.force_login(partner_a)
    assert client.get(f"/partner/sociale-kaart/aanbod/{ander_aanbod.slug}/").status_code == 404
    assert (
        client.post(
            f"/partner/sociale-kaart/aanbod/{ander_aanbod.slug}/",
            aanbod_data(ander_aanbod, naam="Gekaapt"),
        ).status_code
        == 404
    )
    vestiging = Vestiging.objects.create(
        organisatie=ander_aanbod.organisatie, naam="X", straat="a", huisnummer="1", postcode="7121 AA", plaats="Aalten", kern="aalten"
    )  # fmt: skip
    koppeling = AanbodOpVestiging.objects.create(aanbod=ander_aanbod, vestiging=vestiging)
    assert client.get(f"/partner/sociale-kaart/vestigingen/{vestiging.pk}/").status_code == 404
    assert client.get(f"/partner/sociale-kaart/openingstijden/{koppeling.pk}/").status_code == 404
    ander_aanbod.refresh_from_db()
    assert ander_aanbod.naam == "Werkplein"


@pytest.mark.parametrize("persona", ["medewerker", "beleid"])
def test_only_partners_use_the_partner_pages(request, client, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/partner/sociale-kaart/").status_code == 403


def test_free_field_goes_through_at_once_and_the_rest_waits_for_review(
    client, partner_a, eigen_aanbod
):
    client.force_login(partner_a)
    response = client.post(
        f"/partner/sociale-kaart/aanbod/{eigen_aanbod.slug}/",
        aanbod_data(
            eigen_aanbod,
            telefoon="0543-123456",
            naam="Maatjes voor iedereen",
            levensdomeinen=["welzijn"],
        ),
        follow=True,
    )
    html = response.content.decode()
    assert "Meteen aangepast: telefoon." in html
    assert "wacht op controle" in html
    eigen_aanbod.refresh_from_db()
    assert eigen_aanbod.telefoon == "+31543123456"  # stored as E.164
    assert eigen_aanbod.naam == "Maatjesproject"  # not yet
    voorstel = Wijzigingsvoorstel.objects.get()
    assert voorstel.wijzigingen == {
        "naam": ["Maatjesproject", "Maatjes voor iedereen"],
        "levensdomeinen": [[], ["welzijn"]],
    }
    assert Wijziging.objects.get().wijzigingen == {"telefoon": ["+31543000001", "+31543123456"]}


def test_beheerder_approves_with_a_diff_and_the_change_is_searchable(
    client, partner_a, beheerder, eigen_aanbod
):
    client.force_login(partner_a)
    client.post(
        f"/partner/sociale-kaart/aanbod/{eigen_aanbod.slug}/",
        aanbod_data(eigen_aanbod, naam="Vriendschapsmaatje"),
    )
    voorstel = Wijzigingsvoorstel.objects.get()
    client.force_login(beheerder)
    pagina = client.get(
        f"/beheer/sociale_kaart/wijzigingsvoorstel/{voorstel.pk}/beoordelen/"
    ).content.decode()
    assert "<del>Maatjesproject</del>" in pagina and "<ins>Vriendschapsmaatje</ins>" in pagina
    client.post(
        f"/beheer/sociale_kaart/wijzigingsvoorstel/{voorstel.pk}/beoordelen/",
        {"besluit": "goedkeuren", "notitie": "Prima"},
    )
    eigen_aanbod.refresh_from_db()
    voorstel.refresh_from_db()
    assert eigen_aanbod.naam == "Vriendschapsmaatje"
    assert voorstel.status == VoorstelStatus.GOEDGEKEURD and voorstel.beoordeeld_door == beheerder
    assert [a.naam for a in zoek("vriendschap", Filters()).pagina] == ["Vriendschapsmaatje"]
    assert Wijziging.objects.filter(voorstel=voorstel).exists()
    assert Bericht.objects.filter(ontvanger=partner_a, onderwerp__contains="goedgekeurd").exists()


def test_rejection_needs_a_note_and_changes_nothing(partner_a, beheerder, eigen_aanbod):
    voorstel = Wijzigingsvoorstel.objects.create(
        organisatie=partner_a.organisatie, soort="aanbod", object_id=eigen_aanbod.pk,
        wijzigingen={"naam": ["Maatjesproject", "Iets anders"]}, ingediend_door=partner_a,
    )  # fmt: skip
    with pytest.raises(VoorstelFout, match="waarom"):
        voorstel_afwijzen(voorstel=voorstel, door=beheerder, notitie="  ")
    voorstel_afwijzen(voorstel=voorstel, door=beheerder, notitie="Naam is te vaag.")
    eigen_aanbod.refresh_from_db()
    assert eigen_aanbod.naam == "Maatjesproject"
    with pytest.raises(VoorstelFout, match="al afgewezen"):
        voorstel_goedkeuren(voorstel=voorstel, door=beheerder)
    assert Bericht.objects.filter(ontvanger=partner_a, tekst__contains="Naam is te vaag.").exists()


@pytest.mark.parametrize(
    ("veld", "waarde", "melding"),
    [
        ("website", "geen-url", "Vul een volledig webadres in"),
        ("email", "info@", "Vul een geldig e-mailadres in"),
        ("telefoon", "12345", "Vul een geldig telefoonnummer in"),
        ("naam", "", "Dit veld is vereist."),
        ("leeftijd_tot", "-3", "minstens 0"),
    ],
)
def test_invalid_partner_input_gets_a_field_error_and_keeps_the_input(
    client, partner_a, eigen_aanbod, veld, waarde, melding
):
    client.force_login(partner_a)
    response = client.post(
        f"/partner/sociale-kaart/aanbod/{eigen_aanbod.slug}/",
        aanbod_data(eigen_aanbod, **{veld: waarde, "korte_beschrijving": "Nieuwe regel tekst"}),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert melding in html
    assert "Nieuwe regel tekst" in html
    assert not Wijzigingsvoorstel.objects.exists() and not Wijziging.objects.exists()


def test_postcode_must_be_dutch(client, partner_a):
    vestiging = Vestiging.objects.create(
        organisatie=partner_a.organisatie, naam="Kantoor", straat="Markt", huisnummer="1", postcode="7121 AA",
        plaats="Aalten", kern="aalten",
    )  # fmt: skip
    client.force_login(partner_a)
    data = {
        "naam": "Kantoor",
        "straat": "Markt",
        "huisnummer": "1",
        "postcode": "12345",
        "plaats": "Aalten",
        "kern": "aalten",
    }
    html = client.post(f"/partner/sociale-kaart/vestigingen/{vestiging.pk}/", data).content.decode()
    assert "Vul een Nederlandse postcode in" in html and 'value="12345"' in html


def test_opening_hours_are_free_and_kept_in_history(client, partner_a, eigen_aanbod):
    vestiging = Vestiging.objects.create(
        organisatie=partner_a.organisatie, naam="Kantoor", straat="Markt", huisnummer="1", postcode="7121 AA",
        plaats="Aalten", kern="aalten",
    )  # fmt: skip
    koppeling = AanbodOpVestiging.objects.create(aanbod=eigen_aanbod, vestiging=vestiging)
    client.force_login(partner_a)
    data = {
        "regels-TOTAL_FORMS": "2", "regels-INITIAL_FORMS": "0", "regels-MIN_NUM_FORMS": "0", "regels-MAX_NUM_FORMS": "1000",
        "regels-0-weekdag": "1", "regels-0-dagdeel": "ochtend", "regels-0-start": "09:00", "regels-0-einde": "12:00",
        "regels-1-weekdag": "", "regels-1-dagdeel": "", "regels-1-start": "", "regels-1-einde": "",
    }  # fmt: skip
    response = client.post(
        f"/partner/sociale-kaart/openingstijden/{koppeling.pk}/", data, follow=True
    )
    assert "Meteen aangepast: regels." in response.content.decode()
    assert list(VestigingOpeningsregel.objects.values_list("weekdag", "start")) == [(1, time(9))]
    assert Wijziging.objects.get().wijzigingen == {
        "regels": [[], [[1, "ochtend", "09:00", "12:00", None, None]]]
    }


def test_partner_confirms_everything_is_still_right(client, partner_a):
    organisatie = partner_a.organisatie
    organisatie.laatst_gecontroleerd = date.today() - timedelta(days=300)
    organisatie.save()
    client.force_login(partner_a)
    client.post("/partner/sociale-kaart/", {"actie": "klopt"})
    organisatie.refresh_from_db()
    assert organisatie.laatst_gecontroleerd == date.today()


def _aanbod_op_vestigingen(organisatie, aantal: int) -> None:
    """`aantal` aanbod, each offered at a vestiging of its own and at a shared one."""
    gedeeld = Vestiging.objects.create(
        organisatie=organisatie, naam="Hoofdkantoor", straat="Markt", huisnummer="1",
        postcode="7121 AA", plaats="Aalten", kern="aalten",
    )  # fmt: skip
    for _ in range(aantal):
        aanbod = AanbodFactory(organisatie=organisatie)
        eigen = Vestiging.objects.create(
            organisatie=organisatie, naam=f"Bij {aanbod.naam}", straat="Markt", huisnummer="2",
            postcode="7131 AA", plaats="Lichtenvoorde", kern="aalten",
        )  # fmt: skip
        AanbodOpVestiging.objects.create(aanbod=aanbod, vestiging=gedeeld)
        AanbodOpVestiging.objects.create(aanbod=aanbod, vestiging=eigen)


def test_partner_overview_takes_as_many_queries_for_many_aanbod_as_for_few(client, partner_a):
    client.force_login(partner_a)
    _aanbod_op_vestigingen(partner_a.organisatie, 2)
    with CaptureQueriesContext(connection) as weinig:
        assert client.get("/partner/sociale-kaart/").status_code == 200
    _aanbod_op_vestigingen(partner_a.organisatie, 10)
    with CaptureQueriesContext(connection) as veel:
        antwoord = client.get("/partner/sociale-kaart/")
    assert antwoord.content.decode().count("Openingstijden in Lichtenvoorde") == 12
    assert antwoord.content.decode().count("Openingstijden in Aalten") == 12
    assert len(veel) == len(weinig)
