"""Veilig contact on a phone: a resident says how they may be contacted with the online
question and changes it on the status page, and a medewerker sees it at the top of the
case; every page passes axe."""

import re

import pytest

from intake.models import EmailWens, Hulpvraag
from tests.accounts.factories import UserFactory
from tests.browser.inloggen import inloggen
from tests.browser.test_hulpvraag import geen_horizontale_scroll
from toegang.accounts.roles import Rol

pytestmark = pytest.mark.django_db(transaction=True)


def test_resident_gives_safe_contact_wishes_and_the_medewerker_sees_them_on_a_phone(
    levensdomeinen, live_server, telefoon, assert_accessible, screenshot
):
    page = telefoon
    page.goto(live_server.url + "/hulpvraag/")
    deel = page.locator("details.veilig-contact-velden")
    deel.locator("summary").click()
    geen_horizontale_scroll(page)
    assert_accessible(page)

    page.get_by_label("Wat is uw vraag?").fill("Ik wil praten over de situatie thuis.")
    page.get_by_label("Uw naam").fill("Anna")
    page.get_by_role("radio", name="Bel mij").check()
    page.get_by_label("Telefoonnummer").fill("06 12345678")
    page.get_by_role("checkbox", name="Stuur geen brieven naar mijn huisadres").check()
    page.get_by_role("checkbox", name="Spreek geen bericht in op mijn voicemail").check()
    page.get_by_role("radio", name="Stuur mij geen e-mail").check()
    # A number that cannot be called: the message, and everything typed is still there.
    page.get_by_label("Bel mij alleen op dit nummer").fill("bel me niet")
    page.get_by_label("Codewoord").fill("Zonnebloem")
    page.get_by_role("checkbox", name=re.compile("mijn vraag lezen")).check()
    page.get_by_role("button", name="Verstuur uw vraag").click()
    samenvatting = page.get_by_role("alert")
    assert "Vul een telefoonnummer in" in samenvatting.inner_text()
    assert page.get_by_label("Codewoord").input_value() == "Zonnebloem"
    assert page.get_by_role("checkbox", name="Stuur geen brieven naar mijn huisadres").is_checked()
    screenshot(page, "veilig-contact-fout-telefoon")
    geen_horizontale_scroll(page)
    assert_accessible(page)

    page.get_by_label("Bel mij alleen op dit nummer").fill("06 23456789")
    page.get_by_role("button", name="Verstuur uw vraag").click()
    page.wait_for_url(re.compile(r"/hulpvraag/verstuurd/[\w-]+/$"))
    hulpvraag = Hulpvraag.objects.get()
    wensen = hulpvraag.veilig_contact
    assert (wensen.geen_post, wensen.geen_voicemail, wensen.email) == (True, True, EmailWens.GEEN)
    assert wensen.alleen_nummer == "+31623456789"

    # Later, on the status page: change the wishes; the number and code word are not shown.
    page.goto(live_server.url + hulpvraag.status_url)
    page.get_by_role("link", name="Veilig contact wijzigen").click()
    page.wait_for_url(live_server.url + hulpvraag.status_url + "veilig-contact/")
    assert "Zonnebloem" not in page.content()
    assert "23456789" not in page.content()
    geen_horizontale_scroll(page)
    assert_accessible(page)
    page.get_by_role("checkbox", name="Dinsdag").check()
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(live_server.url + hulpvraag.status_url)
    assert "Wij houden ons aan wat u heeft doorgegeven" in page.content()
    wensen.refresh_from_db()
    assert wensen.weekdagen == [1]
    assert wensen.codewoord == "Zonnebloem"

    medewerker = UserFactory(username="medewerker", rol=Rol.MEDEWERKER)
    context = page.context
    context.clear_cookies()
    inloggen(page, live_server, medewerker)
    page.goto(live_server.url + hulpvraag.get_absolute_url())
    melding = page.get_by_role("region", name=re.compile("Veilig contact"))
    tekst = melding.inner_text()
    assert "Bel alleen 06 23456789." in tekst
    assert "Spreek geen bericht in op de voicemail." in tekst
    assert "Zonnebloem" in tekst
    screenshot(page, "veilig-contact-hulpvraag-telefoon")
    geen_horizontale_scroll(page)
    assert_accessible(page)
