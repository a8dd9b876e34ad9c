"""Mijn vragen on a phone: a resident asks for a link, opens it and sees their questions;
and logs in with DigiD at the local OpenID provider (tests/oidc/harness.py), asks a
question, and finds it again at a later login. Every page passes axe and fits the screen."""

import re

import pytest

from intake.models import Hulpvraag, Kanaal
from intake.services.hulpvraag import hulpvraag_indienen
from tests.browser.test_hulpvraag import geen_horizontale_scroll
from tests.intake.factories import HulpvraagFactory, InwonerFactory
from tests.oidc.harness import oidc_client, oidc_gebruiker
from toegang.berichten.models import Mail

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def snel(settings):
    settings.MIJN_VRAGEN_ANTWOORD_MS = 0


def test_resident_asks_for_a_link_and_sees_their_questions_on_a_phone(
    live_server, telefoon, assert_accessible, screenshot, medewerker
):
    online = HulpvraagFactory(inwoner=InwonerFactory(naam="Anna Jansen", email="anna@example.org"))
    online.wijs_toe(medewerker, door=medewerker)
    balie, _ = hulpvraag_indienen(
        inwoner={"naam": "Anna Jansen", "email": "anna@example.org"},
        vraag="Aan de balie.",
        kanaal=Kanaal.BALIE_HOFSTRAAT,
        door=medewerker,
    )
    ander = HulpvraagFactory(inwoner=InwonerFactory(naam="Bert Bakker", email="bert@example.org"))
    page = telefoon
    page.goto(live_server.url + "/mijn-vragen/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn vragen"
    geen_horizontale_scroll(page)
    assert_accessible(page)

    # A mistake first: a Dutch message tied to the field, then the right address.
    page.get_by_label("Uw e-mailadres").fill("anna@")
    page.get_by_role("button", name="Stuur mij een link").click()
    assert "geldig e-mailadres" in page.get_by_role("alert").inner_text()
    assert_accessible(page)
    page.get_by_label("Uw e-mailadres").fill("anna@example.org")
    page.get_by_role("button", name="Stuur mij een link").click()
    page.wait_for_url(live_server.url + "/mijn-vragen/")
    assert "Kennen wij vragen van dit e-mailadres?" in page.content()
    assert_accessible(page)

    tekst = Mail.objects.get(sleutel__startswith="inloglink:").tekst
    link = re.search(r"/mijn-vragen/link/[\w-]+/", tekst).group(0)
    page.goto(live_server.url + link)
    assert_accessible(page)
    page.get_by_role("button", name="Mijn vragen bekijken").click()
    page.wait_for_url(live_server.url + "/mijn-vragen/overzicht/")
    inhoud = page.content()
    assert online.referentie in inhoud and balie.referentie in inhoud
    assert ander.referentie not in inhoud
    assert page.get_by_text(medewerker.first_name).first.is_visible()
    screenshot(page, "mijn-vragen-telefoon")
    geen_horizontale_scroll(page)
    assert_accessible(page)

    # The same link again: it says so, and shows nothing.
    page.goto(live_server.url + link)
    page.get_by_role("button", name="Mijn vragen bekijken").click()
    assert "al een keer gebruikt" in page.content()
    assert_accessible(page)


def met_digid(page, live_server, begin: str, eind: str, assert_accessible):
    """From `begin`, "Inloggen met DigiD", log in at the broker's page as anna, and land on
    `eind`."""
    page.goto(live_server.url + begin)
    assert_accessible(page)
    page.get_by_role("link", name="Inloggen met DigiD").click()
    page.get_by_label("Gebruikersnaam").fill("anna")
    page.get_by_label("Wachtwoord").fill("anna")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(live_server.url + eind)
    assert "U bent ingelogd met DigiD" in page.content()
    assert_accessible(page)


def test_resident_logs_in_with_digid_asks_a_question_and_sees_it_at_the_next_login(
    live_server, oidc_provider, settings, browser, levensdomeinen, assert_accessible
):
    from tests.browser.conftest import _pagina

    oidc_provider.configure(
        clients=[
            oidc_client(
                f"{live_server.url}/mijn-vragen/digid/terug/",
                client_id="digid-broker",
                client_secret="digid-geheim",  # noqa: S106 - a test client
            )
        ],
        users=[oidc_gebruiker("anna", bsn="999993653")],
        scopes={"bsn": ["bsn"]},
    )
    settings.DIGID_DISCOVERY_URL = oidc_provider.discovery_url
    settings.DIGID_CLIENT_ID = "digid-broker"
    settings.DIGID_CLIENT_SECRET = "digid-geheim"  # noqa: S105 - a test client
    settings.DIGID_SCOPES = "openid bsn"
    settings.DIGID_BSN_SLEUTEL = "toets-sleutel-voor-bsn"

    for page in _pagina(browser, "telefoon"):
        met_digid(page, live_server, "/hulpvraag/", "/hulpvraag/", assert_accessible)
        page.get_by_label("Wat is uw vraag?").fill("Ik zoek hulp bij mijn post.")
        page.get_by_label("Uw naam").fill("Anna")
        page.get_by_role("radio", name="Bel mij").check()
        page.get_by_label("Telefoonnummer").fill("06 12345678")
        page.get_by_role("checkbox", name=re.compile("mijn vraag lezen")).check()
        page.get_by_role("button", name="Verstuur uw vraag").click()
        page.wait_for_url(re.compile(r"/hulpvraag/verstuurd/[\w-]+/$"))
    hulpvraag = Hulpvraag.objects.get()
    assert hulpvraag.digid_sleutel

    # Later, another browser: log in again on Mijn vragen and see the question.
    for page in _pagina(browser, "telefoon"):
        met_digid(page, live_server, "/mijn-vragen/", "/mijn-vragen/overzicht/", assert_accessible)
        assert hulpvraag.referentie in page.content()
        geen_horizontale_scroll(page)
        page.get_by_role("button", name="Uitloggen").click()
        page.wait_for_url(live_server.url + "/mijn-vragen/")
