import factory
from django.utils import timezone

from intake.models import Afspraak, Hulpvraag, Inwoner, Kanaal


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
