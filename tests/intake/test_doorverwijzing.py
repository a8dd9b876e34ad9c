"""The warm referral: every allowed and refused transition, the legal basis for personal
data, one open referral per receiver, and who may do what."""

import threading
import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from intake.models import (
    DOORVERWIJZING_OVERGANGEN,
    Doorverwijzing,
    DoorverwijzingGebeurtenis,
    DoorverwijzingStatus,
    Gebeurtenis,
    Gegevenscategorie,
    Grondslag,
    OngeldigeOvergang,
    Route,
    Status,
    WettelijkeTaak,
    berichtontvangers,
)
from intake.services.doorverwijzing import (
    doorverwijzing_accepteren,
    doorverwijzing_afronden,
    doorverwijzing_afwijzen,
    doorverwijzing_beantwoorden,
    doorverwijzing_contact_vastleggen,
    doorverwijzing_intrekken,
    doorverwijzing_maken,
    doorverwijzing_terugsturen,
    doorverwijzing_versturen,
)
from intake.services.hulpvraag import hulpvraag_sluiten
from sociale_kaart.models import AanbodStatus
from tests.accounts.factories import UserFactory
from tests.intake.factories import DoorverwijzingFactory, HulpvraagFactory, InwonerFactory
from tests.sociale_kaart.factories import AanbodFactory, OrganisatieFactory
from toegang.accounts.roles import Rol, Team
from toegang.berichten.models import Bericht

pytestmark = pytest.mark.django_db
S = DoorverwijzingStatus


@pytest.fixture
def figulus(partner_organisatie_a):
    return partner_organisatie_a


@pytest.fixture
def zaak(medewerker):
    hulpvraag = HulpvraagFactory(
        inwoner=InwonerFactory(
            naam="Gerda Wolters",
            telefoon="06-12345678",
            email="gerda@example.org",
            adres="Markt 1, Aalten",
        )
    )
    hulpvraag.wijs_toe(medewerker, door=medewerker)
    return hulpvraag


@pytest.fixture
def verwijzing(zaak, figulus, medewerker, partner_a):
    return DoorverwijzingFactory(
        hulpvraag=zaak, organisatie=figulus, contactpersoon=medewerker, aangemaakt_door=medewerker
    )


def in_status(verwijzing, status, medewerker):
    """Bring a referral to `status` directly, as the table's starting point."""
    if status != S.CONCEPT:
        doorverwijzing_versturen(doorverwijzing=verwijzing, door=medewerker)
    Doorverwijzing.objects.filter(pk=verwijzing.pk).update(
        status=status, reden="Geen plek", uitkomst="Hulp gestart"
    )
    verwijzing.refresh_from_db()
    return verwijzing


def uitvoeren(verwijzing, doel, medewerker, partner):
    """The one method that moves a referral to `doel`, called by the right person."""
    if doel == S.VERSTUURD:
        if verwijzing.status == S.TERUGGESTUURD:
            return doorverwijzing_beantwoorden(
                doorverwijzing=verwijzing, door=medewerker, antwoord="Ze woont alleen."
            )
        return doorverwijzing_versturen(doorverwijzing=verwijzing, door=medewerker)
    if doel == S.GEACCEPTEERD:
        return doorverwijzing_accepteren(doorverwijzing=verwijzing, door=partner)
    if doel == S.AFGEWEZEN:
        return doorverwijzing_afwijzen(
            doorverwijzing=verwijzing,
            door=partner,
            reden="Wachtlijst van drie maanden.",
            reden_soort="geen-plek",
        )
    if doel == S.TERUGGESTUURD:
        return doorverwijzing_terugsturen(
            doorverwijzing=verwijzing, door=partner, vraag="Woont zij alleen?"
        )
    if doel == S.CONTACT_GELEGD:
        return doorverwijzing_contact_vastleggen(doorverwijzing=verwijzing, door=partner)
    if doel == S.AFGEROND:
        return doorverwijzing_afronden(
            doorverwijzing=verwijzing, door=partner, uitkomst="Hulp bij de administratie gestart."
        )
    if doel == S.INGETROKKEN:
        return doorverwijzing_intrekken(
            doorverwijzing=verwijzing, door=medewerker, reden="Inwoner wil het zelf regelen."
        )
    raise AssertionError(doel)


# Expiring is the timer's work (test_doorverwijzing_timers.py), not a person's.
DOELEN = [s for s in S if s not in (S.CONCEPT, S.VERLOPEN)]
PAREN = [(van, naar) for van in S for naar in DOELEN]


@pytest.mark.parametrize(("van", "naar"), PAREN, ids=[f"{v}->{n}" for v, n in PAREN])
def test_every_transition_is_allowed_or_refused_by_the_one_table(
    verwijzing, medewerker, partner_a, van, naar
):
    verwijzing = in_status(verwijzing, van, medewerker)
    regels_voor = DoorverwijzingGebeurtenis.objects.count()
    if naar in DOORVERWIJZING_OVERGANGEN[van]:
        uitvoeren(verwijzing, naar, medewerker, partner_a)
        verwijzing.refresh_from_db()
        assert verwijzing.status == naar
        laatste = verwijzing.verloop.last()
        assert (laatste.status, laatste.door) == (
            naar,
            medewerker if naar in (S.VERSTUURD, S.INGETROKKEN) else partner_a,
        )
        assert laatste.op is not None
    else:
        with pytest.raises(OngeldigeOvergang):
            uitvoeren(verwijzing, naar, medewerker, partner_a)
        verwijzing.refresh_from_db()
        assert verwijzing.status == van
        assert DoorverwijzingGebeurtenis.objects.count() == regels_voor


def test_sending_hands_over_only_the_consented_categories(verwijzing, medewerker, zaak):
    doorverwijzing_versturen(doorverwijzing=verwijzing, door=medewerker)
    verwijzing.refresh_from_db()
    assert verwijzing.gedeelde_gegevens == {"naam": "Gerda Wolters", "telefoon": "06-12345678"}
    assert "gerda@example.org" not in str(verwijzing.gedeelde_gegevens)
    assert verwijzing.verstuurd_op is not None and verwijzing.verstuurd_door == medewerker
    zaak.refresh_from_db()
    assert zaak.status == Status.DOORVERWEZEN


def test_personal_data_without_a_legal_basis_is_refused_and_nothing_is_saved(
    zaak, figulus, medewerker
):
    with pytest.raises(ValidationError) as fout:
        doorverwijzing_maken(
            hulpvraag=zaak,
            door=medewerker,
            versturen=True,
            organisatie=figulus,
            samenvatting="Hulp bij de post.",
            grondslag=Grondslag.GEEN,
            gegevens=[Gegevenscategorie.NAAM],
        )
    assert "gegevens" in fout.value.message_dict
    assert not Doorverwijzing.objects.exists()
    assert not Bericht.objects.exists()


def test_an_anonymous_consultation_carries_no_personal_data(zaak, figulus, medewerker, partner_a):
    verwijzing, nieuw = doorverwijzing_maken(
        hulpvraag=zaak,
        door=medewerker,
        versturen=True,
        organisatie=figulus,
        samenvatting="Een moeder van drie kinderen met geldzorgen: wat kunnen jullie bieden?",
        grondslag=Grondslag.GEEN,
    )
    assert nieuw and verwijzing.status == S.VERSTUURD
    assert verwijzing.gedeelde_gegevens == {}
    assert verwijzing.voor_inwoner() is None


@pytest.mark.parametrize(
    ("velden", "veld"),
    [
        ({"grondslag": Grondslag.TOESTEMMING, "toestemming_op": None}, "toestemming_op"),
        ({"grondslag": Grondslag.TOESTEMMING, "toestemming_wijze": ""}, "toestemming_wijze"),
        (
            {"toestemming_op": timezone.localdate() + timedelta(days=3)},
            "toestemming_op",
        ),
        ({"grondslag": Grondslag.WETTELIJKE_TAAK, "wettelijke_taak": ""}, "wettelijke_taak"),
        ({"gegevens": []}, "gegevens"),
        ({"samenvatting": "   "}, "samenvatting"),
    ],
)
def test_the_legal_basis_must_be_complete(zaak, figulus, medewerker, velden, veld):
    basis = {
        "organisatie": figulus,
        "samenvatting": "Hulp bij de post.",
        "grondslag": Grondslag.TOESTEMMING,
        "toestemming_op": timezone.localdate(),
        "toestemming_wijze": "mondeling",
        "gegevens": [Gegevenscategorie.NAAM],
    }
    with pytest.raises(ValidationError) as fout:
        doorverwijzing_maken(hulpvraag=zaak, door=medewerker, versturen=True, **(basis | velden))
    assert veld in fout.value.message_dict
    assert not Doorverwijzing.objects.exists()


def test_a_statutory_task_is_a_legal_basis(zaak, figulus, medewerker):
    verwijzing, _ = doorverwijzing_maken(
        hulpvraag=zaak,
        door=medewerker,
        versturen=True,
        organisatie=figulus,
        samenvatting="Onderzoek Wmo.",
        grondslag=Grondslag.WETTELIJKE_TAAK,
        wettelijke_taak=WettelijkeTaak.WMO,
        gegevens=[Gegevenscategorie.NAAM, Gegevenscategorie.ADRES],
    )
    assert verwijzing.gedeelde_gegevens == {"naam": "Gerda Wolters", "adres": "Markt 1, Aalten"}


def test_an_inactive_aanbod_is_refused(zaak, figulus, medewerker):
    aanbod = AanbodFactory(organisatie=figulus, status=AanbodStatus.INACTIEF)
    with pytest.raises(ValidationError) as fout:
        doorverwijzing_maken(
            hulpvraag=zaak,
            door=medewerker,
            versturen=True,
            organisatie=figulus,
            aanbod=aanbod,
            samenvatting="x",
        )
    assert "aanbod" in fout.value.message_dict


def test_an_aanbod_of_another_organisation_is_refused(zaak, figulus, medewerker):
    with pytest.raises(ValidationError) as fout:
        doorverwijzing_maken(
            hulpvraag=zaak,
            door=medewerker,
            versturen=True,
            organisatie=figulus,
            aanbod=AanbodFactory(),
            samenvatting="x",
        )
    assert "aanbod" in fout.value.message_dict


def test_an_organisation_outside_the_portal_is_refused(zaak, medewerker):
    with pytest.raises(ValidationError) as fout:
        doorverwijzing_maken(
            hulpvraag=zaak,
            door=medewerker,
            versturen=True,
            organisatie=OrganisatieFactory(is_partner=False),
            samenvatting="x",
        )
    assert "organisatie" in fout.value.message_dict


def test_twice_to_the_same_organisation_while_one_is_open_is_refused(
    verwijzing, zaak, figulus, medewerker, partner_a
):
    doorverwijzing_versturen(doorverwijzing=verwijzing, door=medewerker)
    with pytest.raises(ValidationError, match="loopt al een doorverwijzing"):
        doorverwijzing_maken(
            hulpvraag=zaak,
            door=medewerker,
            versturen=True,
            organisatie=figulus,
            samenvatting="Nog een keer.",
        )
    assert Doorverwijzing.objects.count() == 1
    # Once declined, the same organisation may be asked again.
    doorverwijzing_afwijzen(
        doorverwijzing=verwijzing,
        door=partner_a,
        reden="Geen plek deze maand.",
        reden_soort="geen-plek",
    )
    doorverwijzing_maken(
        hulpvraag=zaak, door=medewerker, versturen=True, organisatie=figulus, samenvatting="Nu wel?"
    )
    assert Doorverwijzing.objects.count() == 2


def test_a_double_submit_makes_one_referral(zaak, figulus, medewerker):
    inzending = uuid.uuid4()
    eerste, nieuw = doorverwijzing_maken(
        hulpvraag=zaak,
        door=medewerker,
        versturen=True,
        inzending=inzending,
        organisatie=figulus,
        samenvatting="x",
    )
    tweede, opnieuw = doorverwijzing_maken(
        hulpvraag=zaak,
        door=medewerker,
        versturen=True,
        inzending=inzending,
        organisatie=figulus,
        samenvatting="x",
    )
    assert nieuw and not opnieuw and eerste == tweede
    assert Doorverwijzing.objects.count() == 1


def test_another_partner_cannot_answer_the_referral(verwijzing, medewerker, partner_b):
    doorverwijzing_versturen(doorverwijzing=verwijzing, door=medewerker)
    with pytest.raises(OngeldigeOvergang):
        doorverwijzing_accepteren(doorverwijzing=verwijzing, door=partner_b)
    # Nor can the front door accept in the partner's place.
    with pytest.raises(OngeldigeOvergang):
        doorverwijzing_accepteren(doorverwijzing=verwijzing, door=medewerker)
    verwijzing.refresh_from_db()
    assert verwijzing.status == S.VERSTUURD


def test_a_partner_cannot_withdraw_or_resend(verwijzing, medewerker, partner_a):
    doorverwijzing_versturen(doorverwijzing=verwijzing, door=medewerker)
    with pytest.raises(OngeldigeOvergang):
        doorverwijzing_intrekken(doorverwijzing=verwijzing, door=partner_a, reden="x")


def test_a_decline_needs_a_reason_and_closing_an_outcome(verwijzing, medewerker, partner_a):
    doorverwijzing_versturen(doorverwijzing=verwijzing, door=medewerker)
    with pytest.raises(OngeldigeOvergang):
        doorverwijzing_afwijzen(
            doorverwijzing=verwijzing, door=partner_a, reden="  ", reden_soort="anders"
        )
    with pytest.raises(OngeldigeOvergang, match="Kies waarom"):
        doorverwijzing_afwijzen(
            doorverwijzing=verwijzing, door=partner_a, reden="Vol.", reden_soort="geen-idee"
        )
    doorverwijzing_accepteren(doorverwijzing=verwijzing, door=partner_a)
    doorverwijzing_contact_vastleggen(doorverwijzing=verwijzing, door=partner_a)
    with pytest.raises(OngeldigeOvergang):
        doorverwijzing_afronden(doorverwijzing=verwijzing, door=partner_a, uitkomst="")
    verwijzing.refresh_from_db()
    assert verwijzing.status == S.CONTACT_GELEGD


def test_the_sender_hears_each_step_and_the_outcome_lands_on_the_timeline(
    verwijzing, medewerker, partner_a, zaak
):
    doorverwijzing_versturen(doorverwijzing=verwijzing, door=medewerker)
    assert Bericht.objects.filter(ontvanger=partner_a).count() == 1
    doorverwijzing_accepteren(doorverwijzing=verwijzing, door=partner_a)
    doorverwijzing_contact_vastleggen(doorverwijzing=verwijzing, door=partner_a)
    doorverwijzing_afronden(
        doorverwijzing=verwijzing, door=partner_a, uitkomst="Budgetcursus gestart."
    )
    onderwerpen = list(
        Bericht.objects.filter(ontvanger=medewerker).values_list("onderwerp", flat=True)
    )
    assert len(onderwerpen) == 3
    assert any("afgerond" in o for o in onderwerpen)
    tijdlijn = " ".join(zaak.tijdlijn.values_list("tekst", flat=True))
    assert "Budgetcursus gestart." in tijdlijn
    assert (
        Gebeurtenis.objects.filter(hulpvraag=zaak, soort=Gebeurtenis.Soort.DOORVERWIJZING).count()
        == 4
    )


def test_a_question_back_is_answered_and_the_referral_goes_out_again(
    verwijzing, medewerker, partner_a
):
    doorverwijzing_versturen(doorverwijzing=verwijzing, door=medewerker)
    doorverwijzing_terugsturen(
        doorverwijzing=verwijzing, door=partner_a, vraag="Heeft zij kinderen?"
    )
    doorverwijzing_beantwoorden(
        doorverwijzing=verwijzing, door=medewerker, antwoord="Twee, van 4 en 7."
    )
    verwijzing.refresh_from_db()
    assert verwijzing.status == S.VERSTUURD
    assert verwijzing.ronde == 2
    teksten = list(verwijzing.verloop.values_list("tekst", flat=True))
    assert "Heeft zij kinderen?" in teksten
    assert "Antwoord: Twee, van 4 en 7." in teksten
    # The receiver is told twice: first sending and the resend.
    assert Bericht.objects.filter(ontvanger=partner_a).count() == 2


def test_the_case_cannot_close_while_a_referral_waits_for_an_answer(
    verwijzing, medewerker, partner_a, zaak
):
    doorverwijzing_versturen(doorverwijzing=verwijzing, door=medewerker)
    zaak.refresh_from_db()
    with pytest.raises(OngeldigeOvergang, match="wacht nog een doorverwijzing"):
        hulpvraag_sluiten(
            hulpvraag=zaak, door=medewerker, route=Route.VOORLIGGEND_VELD, uitkomst="Doorverwezen."
        )
    doorverwijzing_accepteren(doorverwijzing=verwijzing, door=partner_a)
    zaak.refresh_from_db()
    hulpvraag_sluiten(
        hulpvraag=zaak, door=medewerker, route=Route.VOORLIGGEND_VELD, uitkomst="Doorverwezen."
    )


def test_the_resident_sees_where_it_went_and_later_that_contact_was_made(
    verwijzing, medewerker, partner_a, figulus
):
    doorverwijzing_versturen(doorverwijzing=verwijzing, door=medewerker)
    assert verwijzing.voor_inwoner() == (
        "Doorverwezen naar Figulus Welzijn — zij nemen binnen 2 werkdagen contact met u op."
    )
    doorverwijzing_accepteren(doorverwijzing=verwijzing, door=partner_a)
    doorverwijzing_contact_vastleggen(doorverwijzing=verwijzing, door=partner_a)
    assert verwijzing.voor_inwoner() == "Figulus Welzijn heeft contact met u gehad."


def test_an_internal_referral_goes_to_the_team_without_a_separate_basis(zaak, medewerker):
    wmo = UserFactory(rol=Rol.MEDEWERKER, team=Team.MAATWERK_WMO)
    verwijzing, _ = doorverwijzing_maken(
        hulpvraag=zaak,
        door=medewerker,
        versturen=True,
        team=Team.MAATWERK_WMO,
        samenvatting="Aanvraag huishoudelijke hulp.",
    )
    assert verwijzing.gedeelde_gegevens == {}
    assert verwijzing.is_ontvanger(wmo) and not verwijzing.is_ontvanger(medewerker)
    assert Bericht.objects.filter(ontvanger=wmo).count() == 1
    doorverwijzing_accepteren(doorverwijzing=verwijzing, door=wmo)
    assert Doorverwijzing.objects.voor_ontvanger(wmo).get() == verwijzing


def test_a_referral_has_exactly_one_receiver(zaak, figulus, medewerker):
    dubbel = DoorverwijzingFactory.build(
        hulpvraag=zaak,
        organisatie=figulus,
        team=Team.MAATWERK_WMO,
        contactpersoon=medewerker,
        aangemaakt_door=medewerker,
    )
    with pytest.raises(ValidationError, match="één ontvanger"):
        dubbel.full_clean()


def test_partners_see_only_their_own_organisations_referrals(
    verwijzing, medewerker, partner_a, partner_b, beleid
):
    assert not Doorverwijzing.objects.zichtbaar_voor(partner_a).exists()  # a concept
    doorverwijzing_versturen(doorverwijzing=verwijzing, door=medewerker)
    assert list(Doorverwijzing.objects.zichtbaar_voor(partner_a)) == [verwijzing]
    assert not Doorverwijzing.objects.zichtbaar_voor(partner_b).exists()
    assert not Doorverwijzing.objects.zichtbaar_voor(beleid).exists()
    assert list(Doorverwijzing.objects.zichtbaar_voor(medewerker)) == [verwijzing]


@pytest.mark.django_db(transaction=True)
def test_two_partner_users_accepting_at_once_give_one_acceptance(medewerker):
    figulus = OrganisatieFactory(naam="Figulus")
    anna = UserFactory(rol=Rol.PARTNER, organisatie=figulus)
    bert = UserFactory(rol=Rol.PARTNER, organisatie=figulus)
    verwijzing = DoorverwijzingFactory(
        organisatie=figulus, contactpersoon=medewerker, aangemaakt_door=medewerker
    )
    doorverwijzing_versturen(doorverwijzing=verwijzing, door=medewerker)
    start = threading.Barrier(2)
    uitkomsten = {}

    def accepteren(user):
        try:
            eigen = Doorverwijzing.objects.get(pk=verwijzing.pk)
            start.wait()
            doorverwijzing_accepteren(doorverwijzing=eigen, door=user)
            uitkomsten[user.username] = "ja"
        except OngeldigeOvergang as fout:
            uitkomsten[user.username] = str(fout)
        finally:
            connection.close()

    draden = [threading.Thread(target=accepteren, args=(u,)) for u in (anna, bert)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join()
    assert sorted(uitkomsten.values())[1] == "ja"
    geweigerd = sorted(uitkomsten.values())[0]
    assert "al geaccepteerd" in geweigerd
    assert (
        DoorverwijzingGebeurtenis.objects.filter(
            doorverwijzing=verwijzing, status=S.GEACCEPTEERD
        ).count()
        == 1
    )


def test_who_hears_of_many_referrals_takes_one_query(
    zaak, figulus, medewerker, partner_a, django_assert_num_queries
):
    """One rule for the single path and the sweep: the receiving side (active users of the
    organisation, the colleague, or the team), the front door (sender, contact person, the
    case's vast aanspreekpunt), and the coordinators only when asked for."""
    wmo = UserFactory(rol=Rol.MEDEWERKER, team=Team.MAATWERK_WMO)
    UserFactory(rol=Rol.MEDEWERKER, team=Team.MAATWERK_WMO, is_active=False)
    UserFactory(rol=Rol.PARTNER, organisatie=figulus, is_active=False)
    collega = UserFactory(rol=Rol.MEDEWERKER, team=Team.TOEGANG)
    coordinator = UserFactory(rol=Rol.COORDINATOR)
    naar_partner = DoorverwijzingFactory(
        hulpvraag=zaak, organisatie=figulus, contactpersoon=medewerker, aangemaakt_door=medewerker
    )
    naar_team = DoorverwijzingFactory(
        hulpvraag=zaak,
        organisatie=None,
        team=Team.MAATWERK_WMO,
        grondslag=Grondslag.GEEN,
        gegevens=[],
    )
    naar_collega = DoorverwijzingFactory(
        organisatie=None, collega=collega, grondslag=Grondslag.GEEN, gegevens=[]
    )
    verwijzingen = list(Doorverwijzing.objects.select_related("hulpvraag").order_by("aangemaakt"))
    with django_assert_num_queries(1):
        wie = berichtontvangers(verwijzingen, coordinatoren=True)
    assert wie[naar_partner.pk].ontvanger == [partner_a]
    assert wie[naar_partner.pk].verzenders == [medewerker]
    assert wie[naar_partner.pk].verzenders_en_coordinatoren == [medewerker, coordinator]
    assert wie[naar_team.pk].ontvanger == [wmo]
    assert wie[naar_collega.pk].ontvanger == [collega]
    assert wie[naar_collega.pk].verzenders == [naar_collega.contactpersoon]
    for verwijzing in verwijzingen:
        for user in (partner_a, wmo, collega, medewerker, coordinator):
            assert verwijzing.is_ontvanger(user) == (user in wie[verwijzing.pk].ontvanger)
    assert berichtontvangers([naar_partner])[naar_partner.pk].coordinatoren == []
    # The same rule in SQL: the referrals a user receives (never a concept).
    Doorverwijzing.objects.update(status=S.VERSTUURD)
    for user in (partner_a, wmo, collega, medewerker, coordinator):
        ontvangen = set(Doorverwijzing.objects.voor_ontvanger(user))
        assert ontvangen == {v for v in verwijzingen if user in wie[v.pk].ontvanger}
