from datetime import time

import factory

from locaties.models import Dagdeel, Kern, Openingsregel, Toegangslocatie, Weekdag


class ToegangslocatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Toegangslocatie
        django_get_or_create = ("slug",)

    naam = factory.Sequence(lambda n: f"Toegang {n}")
    slug = factory.Sequence(lambda n: f"toegang-{n}")
    korte_naam = factory.LazyAttribute(lambda o: o.naam)
    straat = "Hofstraat"
    huisnummer = "21"
    postcode = "7121 DL"
    plaats = "Aalten"
    kern = Kern.AALTEN
    telefoon = "0543-000000"


class OpeningsregelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Openingsregel

    locatie = factory.SubFactory(ToegangslocatieFactory)
    weekdag = Weekdag.MAANDAG
    dagdeel = Dagdeel.OCHTEND
    start = time(9, 0)
    einde = time(12, 30)
