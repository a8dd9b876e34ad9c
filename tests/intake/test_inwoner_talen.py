"""The resident pages of intake and the mails to residents speak the resident's language
(issue 17, part 4): every fixed text of the question form, the confirmation and the status
page is translated in English, German, Arabic, Ukrainian and Polish, and so are the mails.

The check compares each page with its Dutch render: a text node of the page's main part
that is the same in Dutch and in the other language is a Dutch text nobody translated
(data such as the reference number, place names and life domains excepted)."""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone, translation
from django.utils.formats import date_format

from intake.models import Afspraak
from intake.views import publiek
from locaties.models import Kern
from sociale_kaart.models import Levensdomein
from tests.accounts.factories import UserFactory
from tests.intake.factories import HulpvraagFactory, InwonerFactory
from toegang.berichten.services import mail_uit_sjabloon

pytestmark = pytest.mark.django_db

TALEN = ["en", "de", "ar", "uk", "pl"]

# Words that are the same in Dutch and the other language by nature, not by oversight.
GELIJK_VAN_NATURE = {"Online", "Contact"}


@pytest.fixture(autouse=True)
def catalogi(settings):
    """The compiled catalogs (`.mo` files are built, not committed); assigning the setting
    makes Django forget the translations it loaded before they were compiled."""
    call_command(
        "compilemessages", locale=TALEN, ignore_patterns=[".venv", "node_modules"], verbosity=0
    )
    settings.LOCALE_PATHS = list(settings.LOCALE_PATHS)


class _Tekst(HTMLParser):
    """The visible text nodes inside <main>, whitespace collapsed."""

    def __init__(self):
        super().__init__()
        self.diepte = 0
        self.overslaan = 0
        self.knopen: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.diepte += 1
        if tag in ("script", "style", "svg"):
            self.overslaan += 1

    def handle_endtag(self, tag):
        if tag == "main":
            self.diepte -= 1
        if tag in ("script", "style", "svg"):
            self.overslaan -= 1

    def handle_data(self, data):
        tekst = " ".join(data.split())
        if self.diepte and not self.overslaan and re.search(r"[^\W\d_]{2,}", tekst):
            self.knopen.append(tekst)


def _knopen(html: str) -> list[str]:
    parser = _Tekst()
    parser.feed(html)
    return parser.knopen


def _gegevens() -> set[str]:
    """Texts that are data, shown as stored whatever the language."""
    return (
        set(Levensdomein.objects.values_list("naam", flat=True))
        | {str(label) for label in Kern.labels}
        | {settings.GEMEENTE_EMAIL, settings.GEMEENTE_TELEFOON}
        | GELIJK_VAN_NATURE
    )


def _verzoek(pad: str):
    request = RequestFactory().get(pad)
    request.user = AnonymousUser()
    return request


def _pagina(view, taal: str, *args) -> str:
    with translation.override(taal):
        response = view(_verzoek("/"), *args)
    assert response.status_code == 200
    return response.content.decode()


def _onvertaald(view, *args, extra: set[str] = frozenset()) -> dict[str, list[str]]:
    nederlands = set(_knopen(_pagina(view, "nl", *args)))
    assert len(nederlands) > 10  # the page's own texts were found at all
    toegestaan = _gegevens() | set(extra)
    return {
        taal: sorted((nederlands & set(_knopen(_pagina(view, taal, *args)))) - toegestaan)
        for taal in TALEN
    }


@pytest.fixture
def hulpvraag():
    hulpvraag = HulpvraagFactory(inwoner=InwonerFactory(naam="Olena Kovalenko"))
    medewerker = UserFactory(first_name="Sanne")
    hulpvraag.wijs_toe(medewerker, door=medewerker)
    hulpvraag.afspraak_maken(
        door=medewerker,
        wat="Loonstroken meenemen",
        deadline=timezone.localdate() + timedelta(days=3),
        eigenaar_soort=Afspraak.Eigenaar.INWONER,
    )
    hulpvraag.refresh_from_db()
    return hulpvraag


def test_question_form_has_no_dutch_left_in_any_language():
    assert _onvertaald(publiek.hulpvraag_stellen) == {taal: [] for taal in TALEN}


def test_confirmation_has_no_dutch_left_in_any_language(hulpvraag):
    extra = {hulpvraag.referentie}
    assert _onvertaald(publiek.verstuurd, hulpvraag.token, extra=extra) == {
        taal: [] for taal in TALEN
    }


def test_status_page_has_no_dutch_left_in_any_language(hulpvraag):
    extra = {hulpvraag.referentie, "Sanne", "Loonstroken meenemen"}
    assert _onvertaald(publiek.status, hulpvraag.token, extra=extra) == {taal: [] for taal in TALEN}


def test_status_page_in_german_shows_steps_and_dates_in_german(hulpvraag):
    html = _pagina(publiek.status, "de", hulpvraag.token)
    assert "Wie steht es um Ihre Frage?" in html
    assert "In Bearbeitung" in html  # the step name, from the Status choices
    deadline = hulpvraag.afspraken.get().deadline
    with translation.override("de"):
        assert date_format(deadline, "DATE_FORMAT") in html  # e.g. "9. Dezember 2026"


def test_arabic_question_form_keeps_errors_next_to_their_field():
    request = RequestFactory().post("/", {"naam": ""})
    request.user = AnonymousUser()
    with translation.override("ar"):
        html = publiek.hulpvraag_stellen(request).content.decode()
    assert 'id="id_naam_error"' in html
    fout = html.split('id="id_naam_error"', 1)[1].split("</p>", 1)[0]
    assert "اكتب اسمك" in fout


# --- mails to residents -----------------------------------------------------------------

MAILS = {
    "emails/hulpvraag_ontvangen.txt": "Wir haben Ihre Frage erhalten (TA-2026-0042)",
    "emails/afspraak_herinnering_inwoner.txt": "Erinnerung: Ihre Absprache mit der Anlaufstelle",
    "emails/feedback_uitnodiging.txt": "Wie haben wir Ihnen geholfen?",
    "emails/hulp_gestart_vraag.txt": "Hat die Hilfe begonnen? (TA-2026-0042)",
    "emails/terugbellen_niet_bereikt.txt": "Wir konnten Sie nicht erreichen",
}


def _mailcontext():
    hulpvraag = SimpleNamespace(
        referentie="TA-2026-0042",
        kanaal="website",
        inwoner=SimpleNamespace(voornaam="Jana"),
    )
    return {
        "hulpvraag": hulpvraag,
        "afspraak": SimpleNamespace(wat="Loonstroken meenemen", deadline=timezone.localdate()),
        "wanneer": "op 09-12-2026",
        "uiterlijk": timezone.localdate(),
        "status_url": "https://toegang.example/hulpvraag/status/abc/",
        "terugbellen_url": "https://toegang.example/terugbellen/",
        "url": "https://toegang.example/hulpvraag/feedback/abc/",
        "telefoon": settings.GEMEENTE_TELEFOON,
        "organisatie": "Stichting Present",
        "pogingen": 3,
    }


@pytest.mark.parametrize("sjabloon", sorted(MAILS))
def test_resident_mail_renders_in_german(sjabloon):
    context = _mailcontext()
    with translation.override("de"):
        mail = mail_uit_sjabloon(sjabloon, **context)
    assert mail["onderwerp"].startswith(MAILS[sjabloon])
    assert "Mit freundlichen Grüßen" in mail["tekst"]
    # No Dutch line of the mail is left (data lines such as the link excepted).
    with translation.override("nl"):
        nederlands = render_to_string(sjabloon, context)
    with translation.override("de"):
        duits = render_to_string(sjabloon, context)
    gegevens = {"Loonstroken meenemen", *(str(v) for v in context.values())}
    for regel in nederlands.splitlines():
        regel = regel.strip()
        if re.search(r"[^\W\d_]{3,}", regel) and regel not in gegevens:
            assert regel not in duits.splitlines(), regel


def test_resident_mail_in_dutch_is_unchanged_by_the_translation_tags():
    with translation.override("nl"):
        mail = mail_uit_sjabloon("emails/hulpvraag_ontvangen.txt", **_mailcontext())
    assert mail["onderwerp"] == "Wij hebben uw vraag ontvangen (TA-2026-0042)"
    assert mail["tekst"].startswith("Beste Jana,\n\nWij hebben uw vraag ontvangen. Dank u wel.")
