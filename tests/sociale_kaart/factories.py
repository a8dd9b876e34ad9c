import factory
from django.utils.text import slugify

from sociale_kaart.models import Aanbod, Doelgroep, Levensdomein, Organisatie, Vestiging


class LevensdomeinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Levensdomein
        django_get_or_create = ("slug",)

    naam = factory.Sequence(lambda n: f"Domein {n}")
    slug = factory.Sequence(lambda n: f"domein-{n}")
    samenvatting = "Een korte zin in eenvoudige taal."
    uitleg = "Uitleg in eenvoudige taal."


class OrganisatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisatie

    naam = factory.Sequence(lambda n: f"Organisatie {n}")
    slug = factory.Sequence(lambda n: f"organisatie-{n}")
    beschrijving = "Helpt inwoners van Aalten."
    telefoon = "0543-000099"
    email = factory.LazyAttribute(lambda o: f"info@{o.slug}.example.org")
    is_partner = True


class DoelgroepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Doelgroep
        django_get_or_create = ("slug",)

    naam = factory.Sequence(lambda n: f"Doelgroep {n}")
    slug = factory.Sequence(lambda n: f"doelgroep-{n}")


class AanbodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Aanbod

    organisatie = factory.SubFactory(OrganisatieFactory)
    naam = factory.Sequence(lambda n: f"Aanbod {n}")
    slug = factory.LazyAttributeSequence(lambda o, n: f"{slugify(o.naam)}-{n}")
    korte_beschrijving = "Een regel uitleg."
    beschrijving = "Uitleg in eenvoudige taal."


class VestigingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vestiging

    organisatie = factory.SubFactory(OrganisatieFactory)
    naam = factory.Sequence(lambda n: f"Vestiging {n}")
    straat = "Markt"
    huisnummer = "1"
    postcode = "7121 AA"
    plaats = "Aalten"
    kern = "aalten"
