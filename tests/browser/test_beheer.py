"""The beheerder links an aanbod to a vestiging in /beheer/ by typing, under the strict CSP."""

import pytest

from sociale_kaart.models import AanbodOpVestiging
from tests.accounts.factories import UserFactory
from tests.browser.inloggen import inloggen
from tests.sociale_kaart.factories import AanbodFactory, OrganisatieFactory, VestigingFactory
from toegang.accounts.roles import Rol

pytestmark = pytest.mark.django_db(transaction=True)


def kies(page, veld: str, typen: str, keuze: str):
    """Open the autocomplete of `veld`, type, and pick the result called `keuze`."""
    page.locator(f"[aria-labelledby='select2-id_{veld}-container']").click()
    page.locator(".select2-search__field").fill(typen)
    page.locator(".select2-results__option", has_text=keuze).click()
    assert keuze in page.locator(f"#select2-id_{veld}-container").inner_text()


def test_beheerder_picks_aanbod_and_vestiging_while_typing(live_server, desktop_page):
    figulus = OrganisatieFactory(naam="Figulus Welzijn")
    AanbodFactory(naam="Schuldhulpmaatje", organisatie=figulus)
    AanbodFactory(naam="Formulierenhulp", organisatie=figulus)
    VestigingFactory(naam="Buurthuis De Kei", plaats="Dinxperlo", organisatie=figulus)
    VestigingFactory(naam="Gemeentehuis", organisatie=figulus)
    beheerder = UserFactory(rol=Rol.BEHEERDER)

    page = desktop_page
    inloggen(page, live_server, beheerder)
    page.goto(f"{live_server.url}/beheer/sociale_kaart/aanbodopvestiging/add/")
    kies(page, "aanbod", "schuld", "Schuldhulpmaatje")
    kies(page, "vestiging", "dinx", "Buurthuis De Kei (Dinxperlo)")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.locator(".messagelist .success").wait_for()

    koppeling = AanbodOpVestiging.objects.get()
    assert (koppeling.aanbod.naam, koppeling.vestiging.naam) == (
        "Schuldhulpmaatje",
        "Buurthuis De Kei",
    )
