"""The one rule for a typed name (toegang.keuzelijst), on a list of users directly; the
counter forms (tests/intake/test_naamvelden.py) and the rota
(tests/locaties/test_rooster_views.py) test it through their pages."""

import pytest
from django.core.exceptions import ValidationError

from tests.accounts.factories import UserFactory
from toegang.accounts.models import WEERGAVENAAM, User
from toegang.keuzelijst import Keuzelijst, NaamVeld

pytestmark = pytest.mark.django_db

MENSEN = Keuzelijst(
    "mensen",
    "medewerker",
    "medewerkers",
    lambda: User.objects.annotate(keuzenaam=WEERGAVENAAM),
    onderscheid="username",
)


def test_only_a_repeated_name_carries_its_username():
    UserFactory(username="jan1", first_name="Jan", last_name="Jansen")
    UserFactory(username="jan2", first_name="Jan", last_name="Jansen")
    UserFactory(username="piet", first_name="Piet", last_name="Jansen")
    assert MENSEN.namen(MENSEN.rijen().order_by("username")) == [
        "Jan Jansen (jan1)",
        "Jan Jansen (jan2)",
        "Piet Jansen",
    ]


def test_every_name_the_list_shows_finds_its_own_row():
    UserFactory(username="jan1", first_name="Jan", last_name="Jansen")
    UserFactory(username="jan2", first_name="Jan", last_name="Jansen")
    UserFactory(username="piet", first_name="Piet", last_name="Jansen")
    rijen = list(MENSEN.rijen().order_by("username"))
    for naam, rij in zip(MENSEN.namen(rijen), rijen, strict=True):
        assert MENSEN.vind(naam) == rij


def test_a_name_in_brackets_that_is_no_username_finds_nobody():
    UserFactory(username="jan1", first_name="Jan", last_name="Jansen")
    with pytest.raises(ValidationError, match="Er is geen medewerker met ‘Jan Jansen \\(jan9\\)’"):
        MENSEN.vind("Jan Jansen (jan9)")


def test_a_field_without_suggestions_has_no_htmx_and_no_list():
    html = NaamVeld(MENSEN).widget.render("mens", "", {"id": "id_mens"})
    assert "hx-get" not in html
    assert "list=" not in html
