"""A resident on a 320 px phone asks a question in Arabic (right to left) and in German:
form, errors, confirmation and status page in that language, accessible, no sideways
scrolling, no CSP error (the page fixture checks that)."""

import pytest
from django.conf import settings
from django.core.management import call_command

from intake.models import Hulpvraag

pytestmark = pytest.mark.django_db(transaction=True)

SMAL = {"width": 320, "height": 640}


@pytest.fixture(autouse=True)
def catalogi(settings):
    call_command(
        "compilemessages",
        locale=["ar", "de"],
        ignore_patterns=[".venv", "node_modules"],
        verbosity=0,
    )
    settings.LOCALE_PATHS = list(settings.LOCALE_PATHS)  # forget what was loaded before


def _in_taal(page, live_server, taal):
    page.set_viewport_size(SMAL)
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": taal, "url": live_server.url}]
    )


def _smal_genoeg(page):
    breedte = page.evaluate("document.documentElement.scrollWidth")
    assert breedte <= SMAL["width"], f"page is {breedte}px wide"


@pytest.mark.parametrize(
    ("taal", "teksten"),
    [
        (
            "ar",
            {
                "formulier": "اطرح سؤالك عبر الإنترنت",
                "fout": "هناك شيء لم يُملأ بشكل صحيح",
                "vraag": "ما هو سؤالك؟",
                "naam": "اسمك",
                "bel": "اتصلوا بي",
                "telefoon": "رقم الهاتف",
                "lezen": "أوافق على أن يقرأ",
                "verstuur": "أرسل سؤالك",
                "verstuurd": "تم إرسال سؤالك",
                "bekijk": "اعرف وضع سؤالك",
                "status": "ما هو وضع سؤالك؟",
                "ontvangen": "تم الاستلام",
                "teller": "الأحرف المتبقية:",
            },
        ),
        (
            "de",
            {
                "formulier": "Stellen Sie Ihre Frage online",
                "fout": "Etwas ist nicht richtig ausgefüllt",
                "vraag": "Was ist Ihre Frage?",
                "naam": "Ihr Name",
                "bel": "Rufen Sie mich an",
                "telefoon": "Telefonnummer",
                "lezen": "Ich bin damit einverstanden, dass Mitarbeitende",
                "verstuur": "Frage senden",
                "verstuurd": "Ihre Frage wurde gesendet",
                "bekijk": "Sehen Sie, wie es um Ihre Frage steht",
                "status": "Wie steht es um Ihre Frage?",
                "ontvangen": "Eingegangen",
                "teller": "Sie haben noch",
            },
        ),
    ],
)
def test_resident_asks_a_question_in_another_language_on_a_small_phone(
    taal, teksten, levensdomeinen, live_server, telefoon, assert_accessible, screenshot
):
    page = telefoon
    _in_taal(page, live_server, taal)
    page.goto(live_server.url + "/hulpvraag/")
    assert page.get_by_role("heading", level=1).inner_text() == teksten["formulier"]
    _smal_genoeg(page)
    assert_accessible(page)
    screenshot(page, f"inwoner-formulier-{taal}-320")
    # The live counter (JavaScript) speaks the page's language too.
    assert page.locator(".tekenteller").inner_text().startswith(teksten["teller"])

    # Sent empty: the summary and the field's own message, in the language.
    page.get_by_role("button", name=teksten["verstuur"]).click()
    assert teksten["fout"] in page.get_by_role("alert").inner_text()
    assert_accessible(page)

    page.get_by_label(teksten["vraag"]).fill("Ich brauche Hilfe mit Briefen / أحتاج مساعدة")
    page.get_by_label(teksten["naam"]).fill("Mariam")
    page.get_by_role("radio", name=teksten["bel"]).check()
    page.get_by_label(teksten["telefoon"]).fill("06 12345678")
    page.get_by_role("checkbox", name=teksten["lezen"]).check()
    page.get_by_role("button", name=teksten["verstuur"]).click()

    assert page.get_by_role("heading", level=1).inner_text() == teksten["verstuurd"]
    hulpvraag = Hulpvraag.objects.get()
    assert hulpvraag.referentie in page.locator(".bevestiging").inner_text()
    _smal_genoeg(page)
    assert_accessible(page)
    screenshot(page, f"inwoner-bevestiging-{taal}-320")

    page.get_by_role("link", name=teksten["bekijk"]).click()
    assert page.get_by_role("heading", level=1).inner_text() == teksten["status"]
    assert page.locator('[aria-current="step"]').inner_text().startswith(teksten["ontvangen"])
    _smal_genoeg(page)
    assert_accessible(page)
    screenshot(page, f"inwoner-status-{taal}-320")
