"""A resident on a phone asks a question online, sees the confirmation and follows it."""

import re

import pytest

from intake.models import Feedback, Feedbackuitnodiging, Hulpvraag, Kanaal
from tests.browser.conftest import VIEWPORTS

pytestmark = pytest.mark.django_db(transaction=True)


def geen_horizontale_scroll(page):
    breedte = page.evaluate("document.documentElement.scrollWidth")
    assert breedte <= VIEWPORTS["telefoon"]["width"], f"page is {breedte}px wide"


def test_resident_on_a_phone_sends_a_question_and_opens_the_status_page(
    levensdomeinen, live_server, telefoon, assert_accessible, screenshot
):
    page = telefoon
    page.goto(live_server.url + "/vraag-stellen/")
    page.get_by_role("link", name="Stel uw vraag online").click()
    page.wait_for_url(live_server.url + "/hulpvraag/")
    assert page.get_by_role("heading", level=1).inner_text() == "Stel uw vraag online"
    geen_horizontale_scroll(page)
    assert_accessible(page)

    # Sending it empty: a summary on top, messages at the fields, all accessible.
    page.get_by_label("Uw naam").fill("Zoë 👋")
    page.get_by_role("button", name="Verstuur uw vraag").click()
    samenvatting = page.get_by_role("alert")
    assert "Er is iets niet goed ingevuld" in samenvatting.inner_text()
    assert page.title().startswith("Fout: ")
    assert page.get_by_label("Uw naam").input_value() == "Zoë 👋"
    screenshot(page, "hulpvraag-fouten-telefoon")
    geen_horizontale_scroll(page)
    assert_accessible(page)
    samenvatting.get_by_role("link", name="Schrijf uw vraag op").click()
    assert page.evaluate("document.activeElement.id") == "id_vraag"

    vraag = page.get_by_label("Wat is uw vraag?")
    vraag.fill("Ik heb een brief van de belasting en ik snap hem niet.")
    assert "tekens over" in page.locator(".tekenteller").inner_text()
    page.get_by_role("checkbox", name="Werk en inkomen").check()
    page.get_by_label("Waar woont u?").select_option(label="Dinxperlo")
    page.get_by_role("radio", name="Bel mij").check()
    page.get_by_label("Telefoonnummer").fill("06 12345678")
    page.get_by_role("checkbox", name=re.compile("mijn vraag lezen")).check()
    page.get_by_role("button", name="Verstuur uw vraag").click()

    page.wait_for_url(re.compile(r"/hulpvraag/verstuurd/[\w-]+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Uw vraag is verstuurd"
    hulpvraag = Hulpvraag.objects.get()
    assert re.fullmatch(r"TA-\d{4}-\d{5}", hulpvraag.referentie)
    assert hulpvraag.referentie in page.locator(".bevestiging").inner_text()
    assert hulpvraag.inwoner.naam == "Zoë 👋"
    assert page.get_by_label("Uw link").input_value().endswith(hulpvraag.status_url)
    screenshot(page, "hulpvraag-verstuurd-telefoon")
    geen_horizontale_scroll(page)
    assert_accessible(page)

    page.get_by_role("link", name="Bekijk hoe het met uw vraag staat").click()
    page.wait_for_url(live_server.url + hulpvraag.status_url)
    assert page.get_by_role("heading", level=1).inner_text() == "Hoe staat het met uw vraag?"
    assert page.locator('[aria-current="step"]').inner_text().startswith("Ontvangen")
    assert "belasting" not in page.content()
    screenshot(page, "hulpvraag-status-telefoon")
    geen_horizontale_scroll(page)
    assert_accessible(page)


def test_the_form_works_without_javascript(levensdomeinen, live_server, browser):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    page.goto(live_server.url + "/hulpvraag/")
    assert page.locator(".tekenteller").count() == 0
    assert "maximaal 4000 tekens" in page.locator("#id_vraag_helptext").inner_text()
    page.get_by_label("Wat is uw vraag?").fill("Wie helpt mij met de mantelzorg?")
    page.get_by_label("Uw naam").fill("محمد")
    page.get_by_role("radio", name="Ik kom zelf langs").check()
    page.get_by_role("checkbox", name=re.compile("mijn vraag lezen")).check()
    page.get_by_role("button", name="Verstuur uw vraag").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Uw vraag is verstuurd"
    assert Hulpvraag.objects.get().inwoner.naam == "محمد"
    context.close()


def test_counter_warns_when_a_pasted_question_is_too_long(levensdomeinen, live_server, telefoon):
    page = telefoon
    page.goto(live_server.url + "/hulpvraag/")
    # Script-set values skip maxlength, as a long paste in some browsers does.
    page.eval_on_selector(
        "#id_vraag",
        "el => { el.value = 'a'.repeat(4010); el.dispatchEvent(new Event('input')); }",
    )
    teller = page.locator(".tekenteller")
    assert teller.inner_text() == "U heeft 10 tekens te veel."
    page.get_by_label("Uw naam").fill("Łukasz")
    page.get_by_role("button", name="Verstuur uw vraag").click()
    page.get_by_text("Uw vraag is te lang. Gebruik maximaal 4000 tekens.").first.wait_for()
    assert len(page.get_by_label("Wat is uw vraag?").input_value()) == 4010
    assert not Hulpvraag.objects.exists()


def test_feedback_with_the_keyboard_on_a_phone(
    live_server, telefoon, assert_accessible, screenshot
):
    uitnodiging = Feedbackuitnodiging.objects.create(kanaal=Kanaal.BALIE_HOFSTRAAT)
    page = telefoon
    page.goto(f"{live_server.url}/hulpvraag/feedback/{uitnodiging.token}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Hoe hebben wij u geholpen?"
    geen_horizontale_scroll(page)
    assert_accessible(page)

    eerste = page.get_by_role("group", name="1. Hoe makkelijk kon u ons bereiken?")
    eerste.get_by_role("radio", name="Goed", exact=True).focus()
    page.keyboard.press("ArrowRight")  # to "Heel goed"
    assert eerste.get_by_role("radio", name="Heel goed").is_checked()
    page.get_by_role("button", name="Verstuur").click()
    assert "U bent nog iets vergeten" in page.get_by_role("alert").inner_text()
    assert (
        page.get_by_role("group", name="1. Hoe makkelijk kon u ons bereiken?")
        .get_by_role("radio", name="Heel goed")
        .is_checked()
    )
    assert_accessible(page)

    page.get_by_role("group", name="2. Voelde u zich gehoord?").get_by_text("Gaat wel").click()
    page.get_by_role("group", name="3. Weet u nu waar u aan toe bent?").get_by_text(
        "Heel slecht"
    ).click()
    page.get_by_label("Wilt u nog iets zeggen?").fill("Snel geholpen 👍")
    screenshot(page, "feedback-telefoon")
    page.get_by_role("button", name="Verstuur").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Dank u wel"
    assert_accessible(page)
    feedback = Feedback.objects.get()
    assert (feedback.bereikbaar, feedback.gehoord, feedback.geholpen) == (5, 3, 1)
    assert feedback.opmerking == "Snel geholpen 👍"


def test_unknown_status_link_is_friendly_and_accessible(live_server, page, assert_accessible):
    response = page.goto(live_server.url + "/hulpvraag/status/" + "Q" * 43 + "/")
    assert response.status == 404
    assert "niet (meer) beschikbaar" in page.get_by_role("heading", level=1).inner_text()
    assert_accessible(page)
