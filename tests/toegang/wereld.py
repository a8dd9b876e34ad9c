"""One small, complete world for the security matrix and the partner-separation tests: a
real object behind every URL pattern, so each one can be formed with real ids.

Partner A (Figulus) and partner B (Laborijn) each have an aanbod, a vestiging with opening
hours, a referral sent to them and a signal they passed on; the front door has a case of
its own team and a case of another team (need-to-know); the secret links (status,
confirmation, feedback, "klopt het nog?", shift calendar) have real tokens.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.utils import timezone

from intake.models import (
    Afspraak,
    Bewaartermijn,
    Bezoekafspraak,
    Doorverwijzing,
    Feedbackuitnodiging,
    Hulpvraag,
    Inloglink,
    Inwoner,
    Reactietermijnen,
    Route,
    Terugbelverzoek,
    Toestemmingswijze,
    terugbelvensters,
    tijdvakken,
)
from intake.services.doorverwijzing import doorverwijzing_versturen
from intake.services.hulpvraag import signaal_doorgeven
from locaties import openingstijden
from locaties.models import (
    Afwezigheid,
    Dagdeel,
    Dienst,
    Dienstenfeed,
    TerugkerendeDienst,
    Toegangslocatie,
    Weekdag,
)
from rapportage.models import Export
from sociale_kaart import hsds
from sociale_kaart.capaciteit import capaciteit_token
from sociale_kaart.levensdomeinen import seed
from sociale_kaart.models import (
    Aanbod,
    AanbodOpVestiging,
    AanbodStatus,
    Feed,
    Feedwijziging,
    ImportTaak,
    Kaartexport,
    Levensdomein,
    Organisatie,
    Soort,
    Synoniem,
    Taxonomieterm,
    Vestiging,
    VestigingOpeningsregel,
    VrijVeld,
    Wijzigingsvoorstel,
    Zoekbesluit,
    Zoeksignaal,
)
from sociale_kaart.services import bevestig_token, wijziging_indienen
from sociale_kaart.zoeksignalen import token as zoeksignaal_token
from tests.accounts.factories import UserFactory
from tests.intake.factories import DoorverwijzingFactory, HulpvraagFactory, InwonerFactory
from tests.locaties.factories import OpeningsregelFactory, ToegangslocatieFactory
from tests.sociale_kaart.factories import AanbodFactory, DoelgroepFactory, OrganisatieFactory
from toegang.accounts.models import Inlogbeleid, User
from toegang.accounts.roles import Rol, Team
from toegang.accounts.tweestaps import herstelcodes_maken
from toegang.berichten.models import Bericht, Mail
from toegang.privacy.models import Inlogmoment, Opschoning
from toegang.privacy.services import (
    Actie,
    inlogmoment_vastleggen,
    opschoning_vastleggen,
    verwerking_vastleggen,
)


@dataclass
class Partnerdeel:
    """What belongs to one partner organisation."""

    organisatie: Organisatie
    gebruiker: User
    aanbod: Aanbod
    vestiging: Vestiging
    koppeling: AanbodOpVestiging
    regel: VestigingOpeningsregel
    verwijzing: Doorverwijzing
    signaal: Hulpvraag
    bericht: Bericht


@dataclass
class Wereld:
    medewerker: User
    coordinator: User
    beleid: User
    beheerder: User
    a: Partnerdeel
    b: Partnerdeel
    locatie: Toegangslocatie
    dienst: Dienst
    reeks: TerugkerendeDienst
    dienstenfeed: Dienstenfeed
    eigen_zaak: Hulpvraag  # of the medewerker's own team, with the medewerker as contact
    ander_zaak: Hulpvraag  # of the maatwerkteam Wmo: the medewerker took no part in it
    afspraak: Afspraak
    inwoner: Inwoner
    feedback: Feedbackuitnodiging
    terugbelverzoek: Terugbelverzoek  # on eigen_zaak
    ander_terugbelverzoek: Terugbelverzoek  # on ander_zaak
    bezoekafspraak: Bezoekafspraak  # on eigen_zaak, at the Hofstraat in two working days
    ander_bezoekafspraak: Bezoekafspraak  # on ander_zaak
    bevestig_token: str
    capaciteit_token: str  # partner A's one-click link for its aanbod
    inloglink_token: str  # a one-time link to Mijn vragen, for the resident of eigen_zaak
    inactief_aanbod: Aanbod
    voorstel: Wijzigingsvoorstel
    domein: Levensdomein
    export: Export
    importtaak: ImportTaak
    kaartexport: Kaartexport
    feed: Feed
    feedwijziging: Feedwijziging  # waiting for review
    zoeksignaal_token: str  # the token of today's search for "geldzorgen", found nothing
    vandaag: date


def _partnerdeel(organisatie, gebruiker, zaak, medewerker, levensdomein) -> Partnerdeel:
    naam = organisatie.naam
    aanbod = AanbodFactory(
        organisatie=organisatie,
        naam=f"Aanbod van {naam}",
        korte_beschrijving=f"Alleen bij {naam}.",
    )
    aanbod.levensdomeinen.add(levensdomein)
    organisatie.levensdomeinen.add(levensdomein)
    vestiging = Vestiging.objects.create(
        organisatie=organisatie, naam=f"Vestiging {naam}", straat="Markt", huisnummer="1",
        postcode="7121 AA", plaats="Aalten", kern="aalten",
    )  # fmt: skip
    koppeling = AanbodOpVestiging.objects.create(aanbod=aanbod, vestiging=vestiging)
    regel = VestigingOpeningsregel.objects.create(
        aanbod_op_vestiging=koppeling,
        weekdag=Weekdag.DINSDAG,
        dagdeel=Dagdeel.OCHTEND,
        start=time(9, 0),
        einde=time(12, 0),
    )
    verwijzing = DoorverwijzingFactory(
        hulpvraag=zaak,
        organisatie=organisatie,
        contactpersoon=medewerker,
        aangemaakt_door=medewerker,
        samenvatting=f"Overdracht alleen voor {naam}.",
    )
    doorverwijzing_versturen(doorverwijzing=verwijzing, door=medewerker)
    signaal, _ = signaal_doorgeven(
        door=gebruiker,
        inwoner={"naam": f"Signaal van {naam}", "telefoon": "06-22223333", "email": ""},
        vraag=f"Zorgen gemeld door {naam}.",
        toestemming_wijze=Toestemmingswijze.MONDELING,
    )
    bericht = Bericht.objects.create(
        ontvanger=gebruiker, onderwerp=f"Bericht voor {naam}", tekst="Ongelezen."
    )
    return Partnerdeel(
        organisatie, gebruiker, aanbod, vestiging, koppeling, regel, verwijzing, signaal, bericht
    )


def bouw_wereld() -> Wereld:
    """The world, with the personas of tests/conftest.py made the same way (this also runs
    outside a test function: the matrix builds it once per module)."""
    seed(Levensdomein)
    domein = Levensdomein.objects.order_by("volgorde").first()
    medewerker = UserFactory(username="medewerker", rol=Rol.MEDEWERKER)
    coordinator = UserFactory(username="coordinator", rol=Rol.COORDINATOR)
    partner_a = UserFactory(
        username="partner-a",
        rol=Rol.PARTNER,
        organisatie=OrganisatieFactory(naam="Figulus Welzijn", slug="figulus"),
    )
    partner_b = UserFactory(
        username="partner-b",
        rol=Rol.PARTNER,
        organisatie=OrganisatieFactory(naam="Laborijn", slug="laborijn"),
    )
    beleid = UserFactory(username="beleid", rol=Rol.BELEID)
    beheerder = UserFactory(username="beheerder", rol=Rol.BEHEERDER)
    locatie = ToegangslocatieFactory(slug="hofstraat", naam="Gemeentekantoor Hofstraat")
    for weekdag in Weekdag:
        OpeningsregelFactory(locatie=locatie, weekdag=weekdag)
    vandaag = timezone.localdate()
    dienst = Dienst.objects.create(
        locatie=locatie, datum=vandaag, dagdeel=Dagdeel.OCHTEND, medewerker=medewerker,
        ingeroosterd_door=coordinator,
    )  # fmt: skip
    Afwezigheid.objects.create(
        medewerker=medewerker, van=vandaag + timedelta(days=30), tot=vandaag + timedelta(days=31)
    )
    dienstenfeed = Dienstenfeed.objects.create(medewerker=medewerker)
    reeks = TerugkerendeDienst.objects.create(
        medewerker=medewerker, locatie=locatie, weekdag=vandaag.weekday(), dagdeel=Dagdeel.OCHTEND,
        van=vandaag, tot=vandaag + timedelta(days=28), ingesteld_door=coordinator,
    )  # fmt: skip

    inwoner = InwonerFactory(naam="Gerda Wolters", telefoon="06-12345678")
    eigen_zaak = HulpvraagFactory(inwoner=inwoner, vraag="Ik kom niet rond.")
    eigen_zaak.wijs_toe(medewerker, door=medewerker)
    afspraak = eigen_zaak.afspraak_maken(
        door=medewerker,
        wat="Formulier meenemen",
        deadline=vandaag + timedelta(days=3),
        eigenaar_soort=Afspraak.Eigenaar.INWONER,
    )
    ander_zaak = HulpvraagFactory(
        team=Team.MAATWERK_WMO,
        inwoner=InwonerFactory(naam="Bertha Anderteam"),
        vraag="Een vraag voor de Wmo.",
    )

    venster = terugbelvensters()[0]
    terugbelverzoek = Terugbelverzoek.aanmaken(
        hulpvraag=eigen_zaak, venster=venster, via="website", telefoon="06 12345678"
    )
    ander_terugbelverzoek = Terugbelverzoek.aanmaken(
        hulpvraag=ander_zaak, venster=venster, via="website", telefoon="06 55555555"
    )

    # Two on the rota in two working days: one place per time for appointments.
    afspraakdag = openingstijden.werkdagen_later(vandaag, 2)
    for persoon in (medewerker, coordinator):
        Dienst.objects.create(
            locatie=locatie, datum=afspraakdag, dagdeel=Dagdeel.OCHTEND, medewerker=persoon
        )
    eerste, tweede = tijdvakken(locatie, afspraakdag, afspraakdag)[:2]
    bezoekafspraak = Bezoekafspraak.boeken(
        hulpvraag=eigen_zaak, locatie=locatie, start=eerste.start, telefoon="06 12345678"
    )
    ander_bezoekafspraak = Bezoekafspraak.boeken(
        hulpvraag=ander_zaak, locatie=locatie, start=tweede.start, telefoon="06 55555555"
    )

    a = _partnerdeel(partner_a.organisatie, partner_a, eigen_zaak, medewerker, domein)
    b = _partnerdeel(partner_b.organisatie, partner_b, eigen_zaak, medewerker, domein)
    Reactietermijnen.objects.create(organisatie=a.organisatie)
    Bewaartermijn.objects.create(route=Route.SOCIALE_BASIS, maanden=12)
    inactief_aanbod = AanbodFactory(organisatie=a.organisatie, status=AanbodStatus.INACTIEF)

    # The sociale kaart's review: a free field and a proposal waiting for the beheerder.
    VrijVeld.objects.get_or_create(soort=Soort.AANBOD, veld="telefoon")
    _, voorstel = wijziging_indienen(
        organisatie=a.organisatie,
        soort=Soort.AANBOD,
        obj=a.aanbod,
        nieuw={"telefoon": "0543-123456", "naam": "Nieuwe naam"},
        door=partner_a,
    )
    a.aanbod.refresh_from_db()
    DoelgroepFactory(naam="Ouderen", slug="ouderen")
    Synoniem.objects.create(term="geldzorgen", betekent="schulden")
    Taxonomieterm.objects.create(taxonomie="Open Eligibility", code="1102", naam="Food Pantry")

    # A feed with a change waiting for review: partner B's aanbod as the source has it.
    feed = Feed.objects.create(
        naam="Regionale hulpwijzer", basis_url="https://regio.example.org/api"
    )
    record = hsds.service(
        hsds.service_prefetch(Aanbod.objects.filter(pk=b.aanbod.pk)).get(), vandaag
    )
    record["description"] = "Zoals de bron het nu beschrijft."
    feedwijziging = Feedwijziging.objects.create(
        feed=feed, bron_id=record["id"], naam=record["name"], aanbod=b.aanbod, record=record,
        inhoud_hash="0" * 64, verschil=[["beschrijving", b.aanbod.beschrijving, record["description"]]],
    )  # fmt: skip

    # Rows behind the beheerder's other admin pages.
    herstelcodes_maken(user=beheerder)
    AccessAttempt.objects.create(
        username="iemand", ip_address="127.0.0.1", user_agent="test", failures_since_start=1
    )
    AccessLog.objects.create(username="iemand", ip_address="127.0.0.1", user_agent="test")
    AccessFailureLog.objects.create(username="iemand", ip_address="127.0.0.1", user_agent="test")
    Mail.objects.create(sleutel="matrix", aan="gerda@example.org", onderwerp="Test", tekst="…")
    verwerking_vastleggen(
        gebruiker=medewerker,
        actie=Actie.INZIEN,
        hulpvraag=eigen_zaak.referentie,
        inwoner_id=inwoner.pk,
    )
    opschoning_vastleggen(
        soort=Opschoning.Soort.INLOGPOGINGEN, aantal=3, van=None, tot=timezone.now(), maanden=6,
        op=timezone.now(),
    )  # fmt: skip
    Inlogbeleid.objects.create()
    inlogmoment_vastleggen(gebruiker=medewerker, methode=Inlogmoment.Methode.GEMEENTE_ACCOUNT)
    # A search that found nothing (the synonym queue), and a query the beheerder dismissed.
    zoeksignaal = Zoeksignaal.objects.create(zoektekst="geldzorgen", aantal_resultaten=0)
    Zoekbesluit.objects.create(
        zoektekst="testje", soort=Zoekbesluit.Soort.GENEGEERD, door=beheerder
    )
    return Wereld(
        medewerker=medewerker,
        coordinator=coordinator,
        beleid=beleid,
        beheerder=beheerder,
        a=a,
        b=b,
        locatie=locatie,
        dienst=dienst,
        reeks=reeks,
        dienstenfeed=dienstenfeed,
        eigen_zaak=eigen_zaak,
        ander_zaak=ander_zaak,
        afspraak=afspraak,
        inwoner=inwoner,
        feedback=Feedbackuitnodiging.objects.create(kanaal="website"),
        terugbelverzoek=terugbelverzoek,
        ander_terugbelverzoek=ander_terugbelverzoek,
        bezoekafspraak=bezoekafspraak,
        ander_bezoekafspraak=ander_bezoekafspraak,
        bevestig_token=bevestig_token(a.organisatie),
        capaciteit_token=capaciteit_token(aanbod=a.aanbod, gebruiker=partner_a),
        inloglink_token=Inloglink.maken(email=eigen_zaak.inwoner.email or "wie@example.org")[1],
        inactief_aanbod=inactief_aanbod,
        voorstel=voorstel,
        domein=domein,
        export=Export.objects.create(
            sleutel="jaaroverzicht:2026",
            soort="jaaroverzicht",
            parameters={"jaar": 2026},
            status=Export.Status.KLAAR,
            bestand=b"PK",
            bestandsnaam="jaaroverzicht-2026.xlsx",
            klaar_op=timezone.now(),
        ),  # fmt: skip
        kaartexport=Kaartexport.objects.create(
            sleutel="sociale_kaart:hsds_csv",
            soort=Kaartexport.Soort.HSDS_CSV,
            status=Kaartexport.Status.KLAAR,
            bestand=b"PK",
            bestandsnaam="sociale-kaart-hsds-csv.zip",
            klaar_op=timezone.now(),
        ),
        importtaak=ImportTaak.objects.create(
            soort=ImportTaak.Soort.SPREADSHEET,
            bestandsnaam="aanbod.xlsx",
            status=ImportTaak.Status.KLAAR,
            door=beheerder,
        ),
        feed=feed,
        feedwijziging=feedwijziging,
        zoeksignaal_token=zoeksignaal_token(zoeksignaal.pk),
        vandaag=vandaag,
    )
