import factory

from tests.sociale_kaart.factories import OrganisatieFactory
from toegang.accounts.models import User
from toegang.accounts.roles import BALIE, Rol, Team

WACHTWOORD = "correct-paard-batterij-niet-raden"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    rol = Rol.MEDEWERKER
    organisatie = factory.Maybe(
        factory.LazyAttribute(lambda o: o.rol == Rol.PARTNER),
        yes_declaration=factory.SubFactory(OrganisatieFactory),
        no_declaration=None,
    )
    # Municipal colleagues work in a team: by default the front door's own.
    team = factory.LazyAttribute(lambda o: Team.TOEGANG if o.rol in BALIE else "")
    password = factory.django.Password(WACHTWOORD)
