import factory
from django.utils import timezone

from intake.models import (
    Afspraak,
    Doorverwijzing,
    Gegevenscategorie,
    Grondslag,
    Hulpvraag,
    Inwoner,
    Kanaal,
    Toestemmingswijze,
)
from tests.accounts.factories import UserFactory
from tests.sociale_kaart.factories import OrganisatieFactory
from toegang.accounts.roles import Rol


class InwonerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inwoner

    naam = factory.Faker("name", locale="nl_NL")
    telefoon = factory.Sequence(lambda n: f"06{n:08d}")
    email = factory.Sequence(lambda n: f"inwoner{n}@example.org")


class HulpvraagFactory(factory.django.DjangoModelFactory):
    """An online question as it arrives: ontvangen, nobody assigned yet."""

    class Meta:
        model = Hulpvraag

    inwoner = factory.SubFactory(InwonerFactory)
    kanaal = Kanaal.WEBSITE
    kern = "aalten"
    vraag = "Ik heb schulden en weet niet waar ik moet beginnen."
    aangemaakt = factory.LazyFunction(timezone.now)


class AfspraakFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Afspraak

    hulpvraag = factory.SubFactory(HulpvraagFactory)
    wat = "Formulier voor de bijzondere bijstand meenemen"
    eigenaar_soort = Afspraak.Eigenaar.INWONER
    deadline = factory.LazyFunction(lambda: timezone.localdate())


class DoorverwijzingFactory(factory.django.DjangoModelFactory):
    """A concept referral of a case to a partner, with the resident's consent for name and
    phone; `.verstuur(door=…)` sends it."""

    class Meta:
        model = Doorverwijzing

    hulpvraag = factory.SubFactory(HulpvraagFactory)
    organisatie = factory.SubFactory(OrganisatieFactory)
    samenvatting = "Mevrouw wil hulp bij het ordenen van haar post en rekeningen."
    al_gedaan = "Samen de brieven van deze maand doorgenomen."
    contactvoorkeur = "Bellen, liefst 's ochtends"
    grondslag = Grondslag.TOESTEMMING
    toestemming_op = factory.LazyFunction(timezone.localdate)
    toestemming_wijze = Toestemmingswijze.MONDELING
    gegevens = factory.LazyFunction(lambda: [Gegevenscategorie.NAAM, Gegevenscategorie.TELEFOON])
    contactpersoon = factory.SubFactory(UserFactory, rol=Rol.MEDEWERKER)
    aangemaakt_door = factory.SelfAttribute("contactpersoon")


def voordeur_openen():
    """The front door as the council decided it: the Hofstraat every working day, ochtend
    9:00–12:30 and middag 13:30–17:00, and Dinxperlo on Wednesday morning from 8:30 (so a
    call-back window there spans both). Returns (hofstraat, dinxperlo)."""
    from datetime import time

    from locaties.models import Dagdeel
    from tests.locaties.factories import OpeningsregelFactory, ToegangslocatieFactory

    hofstraat = ToegangslocatieFactory(naam="Gemeentekantoor Hofstraat", slug="hofstraat")
    dinxperlo = ToegangslocatieFactory(
        naam="Inloop Dinxperlo", slug="dinxperlo", plaats="Dinxperlo", kern="dinxperlo"
    )
    for weekdag in range(5):
        OpeningsregelFactory(locatie=hofstraat, weekdag=weekdag, dagdeel=Dagdeel.OCHTEND)
        OpeningsregelFactory(
            locatie=hofstraat,
            weekdag=weekdag,
            dagdeel=Dagdeel.MIDDAG,
            start=time(13, 30),
            einde=time(17, 0),
        )
    OpeningsregelFactory(
        locatie=dinxperlo, weekdag=2, dagdeel=Dagdeel.OCHTEND, start=time(8, 30), einde=time(12)
    )
    return hofstraat, dinxperlo


def terugbelverzoek_maken(hulpvraag=None, *, venster: str, door=None, **velden):
    """A call-back for `venster` ("2026-12-24-middag"), checked as a form would."""
    from intake.models import Terugbelverzoek, venster_controleren

    velden.setdefault("telefoon", "06 12345678")
    velden.setdefault("via", Terugbelverzoek.Via.WEBSITE)
    return Terugbelverzoek.aanmaken(
        hulpvraag=hulpvraag or HulpvraagFactory(),
        venster=venster_controleren(venster),
        door=door,
        **velden,
    )


def rooster_vullen(locatie, datum, dagdeel, aantal: int) -> list:
    """`aantal` medewerkers on the rota of one opening (shifts made directly: the rota's own
    rules are tested in tests/locaties)."""
    from locaties.models import Dienst

    return [
        Dienst.objects.create(
            locatie=locatie,
            datum=datum,
            dagdeel=dagdeel,
            medewerker=UserFactory(rol=Rol.MEDEWERKER),
        )
        for _ in range(aantal)
    ]


def bezoekafspraak_maken(locatie, start: str, **velden):
    """A booked visit at `start` ("2026-12-09T08:30"), checked as the form would."""
    from intake.models import tijdvak_controleren
    from intake.services.bezoekafspraken import bezoekafspraak_boeken

    velden.setdefault("telefoon", "06 12345678")
    velden.setdefault("naam", "Gerda")
    tijdvak = tijdvak_controleren(locatie, start)
    return bezoekafspraak_boeken(locatie=locatie, start=tijdvak.start, **velden)[0]
