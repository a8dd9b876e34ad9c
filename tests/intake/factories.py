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
