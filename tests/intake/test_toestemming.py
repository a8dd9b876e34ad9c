"""Consent the resident can see and withdraw (issue 16, part 5): the status page lists which
organisation received which kinds of data and when, never the data; withdrawing consent for
one organisation tells the partner, shows on the case, is in the logboek, and refuses every
later referral with personal data to that organisation."""

import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from intake.models import (
    Doorverwijzing,
    Gebeurtenis,
    Gegevenscategorie,
    Grondslag,
    Toestemmingsintrekking,
)
from intake.services.doorverwijzing import (
    doorverwijzing_accepteren,
    doorverwijzing_beantwoorden,
    doorverwijzing_intrekken,
    doorverwijzing_maken,
    doorverwijzing_terugsturen,
    doorverwijzing_versturen,
)
from intake.services.hulp_gestart import hulp_gestart_beantwoorden
from intake.services.inzage import inzage_samenstellen
from intake.services.toestemming import toestemming_intrekken
from tests.intake.factories import DoorverwijzingFactory, HulpvraagFactory, InwonerFactory
from toegang.berichten.models import Bericht
from toegang.privacy.models import Verwerking

pytestmark = pytest.mark.django_db

NAAM, TELEFOON = "Gerda Wolters-Uniek", "06-98765432"


@pytest.fixture
def zaak(medewerker):
    hulpvraag = HulpvraagFactory(
        inwoner=InwonerFactory(naam=NAAM, telefoon=TELEFOON, email="gerda@example.org")
    )
    hulpvraag.wijs_toe(medewerker, door=medewerker)
    return hulpvraag


@pytest.fixture
def verstuurd(zaak, medewerker, partner_organisatie_a, partner_a):
    verwijzing = DoorverwijzingFactory(
        hulpvraag=zaak,
        organisatie=partner_organisatie_a,
        contactpersoon=medewerker,
        aangemaakt_door=medewerker,
        gegevens=[Gegevenscategorie.NAAM, Gegevenscategorie.TELEFOON],
    )
    doorverwijzing_versturen(doorverwijzing=verwijzing, door=medewerker)
    return verwijzing


def status_pagina(client, zaak):
    return client.get(zaak.status_url).content.decode()


def intrekken_url(zaak, organisatie):
    return f"{zaak.status_url}toestemming/{organisatie.pk}/"


def nieuwe_verwijzing(zaak, organisatie, medewerker, **velden):
    """A new referral of `zaak` to `organisatie` through the referral flow, sent at once."""
    standaard = {
        "organisatie": organisatie,
        "samenvatting": "Hulp bij de administratie.",
        "grondslag": Grondslag.TOESTEMMING,
        "toestemming_op": timezone.localdate(),
        "toestemming_wijze": "mondeling",
        "gegevens": [Gegevenscategorie.NAAM],
        "contactpersoon": medewerker,
    }
    return doorverwijzing_maken(
        hulpvraag=zaak, door=medewerker, versturen=True, **(standaard | velden)
    )


# --- what the status page shows ---------------------------------------------------------------


def test_status_page_lists_who_received_which_kinds_of_data_and_when_never_the_data(
    resident, zaak, verstuurd, partner_organisatie_a
):
    html = status_pagina(resident, zaak)
    assert "Met wie wij uw gegevens deelden" in html
    assert "Figulus Welzijn" in html
    assert "naam, telefoonnummer" in html
    assert f"{timezone.localdate(verstuurd.verstuurd_op):%-d}" in html
    assert "met uw toestemming" in html
    # Never the data itself.
    assert NAAM not in html and TELEFOON not in html
    assert f'href="{intrekken_url(zaak, partner_organisatie_a)}"' in html


def test_an_anonymous_consultation_is_not_listed_as_sharing(resident, zaak, medewerker):
    anoniem = DoorverwijzingFactory(
        hulpvraag=zaak, grondslag=Grondslag.GEEN, gegevens=[], toestemming_op=None,
        toestemming_wijze="", contactpersoon=medewerker, aangemaakt_door=medewerker,
    )  # fmt: skip
    doorverwijzing_versturen(doorverwijzing=anoniem, door=medewerker)
    assert "Met wie wij uw gegevens deelden" not in status_pagina(resident, zaak)


# --- withdrawing --------------------------------------------------------------------------


def test_withdrawal_asks_for_confirmation_first_and_a_get_changes_nothing(
    resident, zaak, verstuurd, partner_organisatie_a
):
    pagina = resident.get(intrekken_url(zaak, partner_organisatie_a))
    assert pagina.status_code == 200
    html = pagina.content.decode()
    assert "Ja, trek mijn toestemming in" in html and 'method="post"' in html
    assert pagina["Cache-Control"] == "no-store"
    assert not Toestemmingsintrekking.objects.exists()


def test_withdrawal_is_recorded_told_to_the_partner_shown_on_the_case_and_logged(
    resident, client, zaak, verstuurd, partner_organisatie_a, partner_a, partner_b, medewerker
):
    antwoord = resident.post(intrekken_url(zaak, partner_organisatie_a))
    assert antwoord.status_code == 303
    assert antwoord["Location"] == f"{zaak.status_url}#toestemmingen"

    intrekking = Toestemmingsintrekking.objects.get()
    assert (intrekking.inwoner, intrekking.organisatie, intrekking.hulpvraag) == (
        zaak.inwoner,
        partner_organisatie_a,
        zaak,
    )
    assert intrekking.door is None
    # The case's timeline.
    regel = zaak.tijdlijn.filter(soort=Gebeurtenis.Soort.NOTITIE).last()
    assert "De inwoner heeft de toestemming ingetrokken" in regel.tekst
    assert "Figulus Welzijn" in regel.tekst
    # The partner is told; the other partner is not.
    bericht = Bericht.objects.get(ontvanger=partner_a, onderwerp__startswith="Toestemming")
    assert bericht.link == verstuurd.get_absolute_url()
    assert NAAM not in bericht.tekst
    assert not Bericht.objects.filter(onderwerp__startswith="Toestemming").exclude(
        ontvanger=partner_a
    )
    # The logboek dataverwerkingen.
    log = Verwerking.objects.filter(hulpvraag=zaak.referentie, gebruikersnaam="inwoner").get()
    assert log.inwoner_id == zaak.inwoner_id
    assert "toestemming ingetrokken" in log.toelichting
    # The status page says so and offers it no more.
    html = status_pagina(resident, zaak)
    assert "uw toestemming ingetrokken" in html
    assert f'href="{intrekken_url(zaak, partner_organisatie_a)}"' not in html


def test_withdrawal_twice_records_and_tells_once(resident, zaak, verstuurd, partner_organisatie_a):
    resident.post(intrekken_url(zaak, partner_organisatie_a))
    tweede = resident.post(intrekken_url(zaak, partner_organisatie_a))
    assert tweede.status_code == 303
    assert Toestemmingsintrekking.objects.count() == 1
    assert Bericht.objects.filter(onderwerp__startswith="Toestemming").count() == 1
    assert Verwerking.objects.filter(toelichting__startswith="toestemming").count() == 1


@pytest.mark.parametrize("organisatie_id", ["b", "0b5c3f9e-6a2d-4e1f-9c7b-2d8e4a1f6b30", "9" * 30])
def test_withdrawal_only_for_an_organisation_this_case_shared_with(
    resident, zaak, verstuurd, partner_organisatie_b, organisatie_id
):
    ander = partner_organisatie_b.pk if organisatie_id == "b" else organisatie_id
    antwoord = resident.post(f"{zaak.status_url}toestemming/{ander}/")
    assert antwoord.status_code == 404
    assert not Toestemmingsintrekking.objects.exists()


def test_withdrawal_with_an_unknown_token_is_not_found(resident, verstuurd, partner_organisatie_a):
    antwoord = resident.post(
        f"/hulpvraag/status/{'x' * 43}/toestemming/{partner_organisatie_a.pk}/"
    )
    assert antwoord.status_code == 404
    assert not Toestemmingsintrekking.objects.exists()


# --- the referral refuses ---------------------------------------------------------------------


def test_after_withdrawal_a_referral_with_personal_data_to_that_partner_is_refused(
    zaak, verstuurd, medewerker, partner_organisatie_a, partner_organisatie_b
):
    toestemming_intrekken(hulpvraag=zaak, organisatie=partner_organisatie_a)
    # Another case of the same resident: the withdrawal is the resident's, not the case's.
    tweede = HulpvraagFactory(inwoner=zaak.inwoner)
    tweede.wijs_toe(medewerker, door=medewerker)
    voor = Doorverwijzing.objects.count()
    with pytest.raises(ValidationError) as fout:
        nieuwe_verwijzing(tweede, partner_organisatie_a, medewerker)
    assert "toestemming ingetrokken" in fout.value.message_dict["gegevens"][0]
    assert "Figulus Welzijn" in fout.value.message_dict["gegevens"][0]
    # Nothing half-saved, nothing sent.
    assert Doorverwijzing.objects.count() == voor
    # Under a legal task too: whatever the basis, no personal data go there.
    with pytest.raises(ValidationError):
        nieuwe_verwijzing(
            tweede, partner_organisatie_a, medewerker,
            grondslag=Grondslag.WETTELIJKE_TAAK, wettelijke_taak="wmo",
            toestemming_op=None, toestemming_wijze="",
        )  # fmt: skip
    # An anonymous consultation with that partner, and personal data to another, may.
    anoniem, _ = nieuwe_verwijzing(
        tweede, partner_organisatie_a, medewerker,
        grondslag=Grondslag.GEEN, gegevens=[], toestemming_op=None, toestemming_wijze="",
    )  # fmt: skip
    assert anoniem.status == "verstuurd" and anoniem.gedeelde_gegevens == {}
    ander, _ = nieuwe_verwijzing(tweede, partner_organisatie_b, medewerker)
    assert ander.gedeelde_gegevens == {"naam": NAAM}


def test_a_referral_sent_again_after_a_question_back_is_refused_after_withdrawal(
    zaak, verstuurd, medewerker, partner_a, partner_organisatie_a
):
    doorverwijzing_terugsturen(doorverwijzing=verstuurd, door=partner_a, vraag="Welk adres?")
    toestemming_intrekken(hulpvraag=zaak, organisatie=partner_organisatie_a)
    with pytest.raises(ValidationError):
        doorverwijzing_beantwoorden(doorverwijzing=verstuurd, door=medewerker, antwoord="Hof 1")
    verstuurd.refresh_from_db()
    assert verstuurd.status == "teruggestuurd"


def test_the_referral_form_says_why_and_keeps_what_was_typed(
    client, zaak, verstuurd, medewerker, partner_organisatie_a
):
    doorverwijzing_intrekken(doorverwijzing=verstuurd, door=medewerker, reden="Dubbel")
    toestemming_intrekken(hulpvraag=zaak, organisatie=partner_organisatie_a)
    client.force_login(medewerker)
    antwoord = client.post(
        f"/balie/hulpvragen/{zaak.referentie}/doorverwijzen/",
        {
            "ontvanger_soort": "organisatie",
            "organisatie": partner_organisatie_a.naam,
            "samenvatting": "Samenvatting die blijft staan.",
            "urgentie": "normaal",
            "grondslag": Grondslag.TOESTEMMING,
            "toestemming_op": timezone.localdate().isoformat(),
            "toestemming_wijze": "mondeling",
            "gegevens": [Gegevenscategorie.NAAM],
            "inzending": str(uuid.uuid4()),
        },
    )
    assert antwoord.status_code == 400
    html = antwoord.content.decode()
    assert "de toestemming ingetrokken om gegevens te delen met Figulus Welzijn" in html
    assert "Samenvatting die blijft staan." in html
    assert Doorverwijzing.objects.filter(hulpvraag=zaak).count() == 1


# --- who sees it, per role ------------------------------------------------------------------


def test_the_case_page_shows_the_withdrawal_to_the_front_door(
    client, zaak, verstuurd, medewerker, coordinator, partner_organisatie_a
):
    toestemming_intrekken(hulpvraag=zaak, organisatie=partner_organisatie_a)
    for wie in (medewerker, coordinator):
        client.force_login(wie)
        html = client.get(zaak.get_absolute_url()).content.decode()
        assert "Toestemming ingetrokken" in html
        assert "Geen gegevens meer delen met <strong>Figulus Welzijn</strong>" in html


def test_the_partner_sees_the_withdrawal_on_its_referral_and_no_other_partner_sees_it(
    client, zaak, verstuurd, partner_a, partner_b, beleid, partner_organisatie_a
):
    toestemming_intrekken(hulpvraag=zaak, organisatie=partner_organisatie_a)
    client.force_login(partner_a)
    html = client.get(verstuurd.get_absolute_url()).content.decode()
    assert "de toestemming ingetrokken om gegevens te delen met Figulus Welzijn" in html
    client.force_login(partner_b)
    assert client.get(verstuurd.get_absolute_url()).status_code == 404
    client.force_login(beleid)
    assert client.get(zaak.get_absolute_url()).status_code in (403, 404)


def test_an_inzageverzoek_names_the_withdrawn_consent_and_the_answer(
    zaak, verstuurd, partner_organisatie_a, partner_a
):
    doorverwijzing_accepteren(doorverwijzing=verstuurd, door=partner_a)
    Doorverwijzing.objects.filter(pk=verstuurd.pk).update(inwoner_gevraagd_op=timezone.now())
    verstuurd.refresh_from_db()
    hulp_gestart_beantwoorden(doorverwijzing=verstuurd, antwoord="ja")
    toestemming_intrekken(hulpvraag=zaak, organisatie=partner_organisatie_a)
    inzage = inzage_samenstellen(zaak.inwoner)
    assert inzage["ingetrokken_toestemmingen"][0]["organisatie"] == "Figulus Welzijn"
    assert inzage["ingetrokken_toestemmingen"][0]["door"] == "de inwoner zelf"
    verwijzing = inzage["hulpvragen"][0]["doorverwijzingen"][0]
    assert verwijzing["hulp_gestart_antwoord"] == "Ja"


@pytest.mark.django_db(transaction=True)
def test_a_referral_sent_while_consent_is_being_withdrawn_waits_and_is_refused(
    medewerker, partner_organisatie_a, partner_a
):
    zaak = HulpvraagFactory(inwoner=InwonerFactory(naam=NAAM))
    zaak.wijs_toe(medewerker, door=medewerker)
    eerste = DoorverwijzingFactory(
        hulpvraag=zaak, organisatie=partner_organisatie_a, contactpersoon=medewerker,
        aangemaakt_door=medewerker,
    )  # fmt: skip
    doorverwijzing_versturen(doorverwijzing=eerste, door=medewerker)
    tweede_zaak = HulpvraagFactory(inwoner=zaak.inwoner)
    concept = DoorverwijzingFactory(
        hulpvraag=tweede_zaak, organisatie=partner_organisatie_a, contactpersoon=medewerker,
        aangemaakt_door=medewerker,
    )  # fmt: skip
    binnen, verder = threading.Event(), threading.Event()
    fouten: list = []

    def intrekken():
        try:
            with transaction.atomic():
                toestemming_intrekken(hulpvraag=zaak, organisatie=partner_organisatie_a)
                binnen.set()
                verder.wait(10)
        finally:
            connection.close()

    def versturen():
        try:
            doorverwijzing_versturen(doorverwijzing=concept, door=medewerker)
        except ValidationError as fout:
            fouten.append(fout)
        finally:
            connection.close()

    draad_a = threading.Thread(target=intrekken)
    draad_a.start()
    assert binnen.wait(10)
    draad_b = threading.Thread(target=versturen)
    draad_b.start()
    # The sender waits on the resident's row while the withdrawal is not committed yet.
    for _ in range(200):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                " AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                break
        threading.Event().wait(0.05)
    else:
        pytest.fail("the sender did not wait for the withdrawal")
    verder.set()
    draad_a.join(10)
    draad_b.join(10)
    assert len(fouten) == 1 and "toestemming ingetrokken" in fouten[0].messages[0]
    concept.refresh_from_db()
    assert concept.status == "concept" and concept.gedeelde_gegevens == {}
