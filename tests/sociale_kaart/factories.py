import factory

from sociale_kaart.models import Levensdomein, Organisatie


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
