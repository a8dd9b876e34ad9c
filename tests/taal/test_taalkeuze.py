"""Which language a page speaks (issue 17): the resident's choice by cookie, Dutch on staff
pages and when nothing or something unknown was chosen."""

import pytest
from django.conf import settings
from django.test import Client

from toegang.middleware import MEDEWERKER_PADEN

pytestmark = pytest.mark.django_db


def _taal(response) -> str:
    return response["Content-Language"]


def _kies(client: Client, taal: str, terug: str = "/sociale-kaart/?q=schulden&p=2"):
    return client.post("/taal/", {"language": taal, "next": terug})


def test_dutch_without_a_choice_and_the_browser_language_is_not_followed(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9,en;q=0.8")
    assert response.status_code == 200
    assert _taal(response) == "nl"
    assert "Cookie" in response["Vary"]


def test_the_switcher_sets_the_cookie_and_returns_to_the_same_page_and_query(client):
    response = _kies(client, "ar")
    assert response.status_code == 302
    assert response["Location"] == "/sociale-kaart/?q=schulden&p=2"
    koek = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert koek.value == "ar"
    assert koek["httponly"] and koek["samesite"] == "Lax"
    pagina = client.get("/sociale-kaart/?q=schulden")
    assert _taal(pagina) == "ar"
    assert 'lang="ar" dir="rtl"' in pagina.content.decode()


@pytest.mark.parametrize("code", ["xx", "klingon", "<script>", "ar-XX-" + "a" * 300, ""])
def test_an_unknown_language_code_falls_back_to_dutch(client, code):
    # A forged cookie: the page is Dutch, never an error.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    response = client.get("/")
    assert response.status_code == 200
    assert _taal(response) == ("ar" if code.startswith("ar-") else "nl")


def test_an_unknown_language_posted_to_the_switcher_changes_nothing(client):
    response = _kies(client, "xx")
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert _taal(client.get("/")) == "nl"


def test_the_switcher_never_sends_the_resident_to_another_site(client):
    response = _kies(client, "de", terug="https://kwaadwillend.example/")
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize(
    "pad", ["/balie/", "/partner/", "/rapportage/", "/beheer/", "/account/inloggen/"]
)
def test_staff_pages_stay_dutch_whatever_the_cookie(client, medewerker, pad):
    client.force_login(medewerker)
    _kies(client, "de")
    response = client.get(pad)
    assert _taal(response) == "nl", pad


def test_resident_pages_follow_the_cookie(client):
    _kies(client, "uk")
    for pad in ["/", "/sociale-kaart/", "/hulpvraag/", "/terugbellen/", "/locaties/"]:
        assert _taal(client.get(pad)) == "uk", pad


def test_every_staff_url_is_under_a_dutch_prefix():
    """A staff page added under a new prefix would speak the resident's language."""
    from django.urls import reverse

    for naam in [
        "intake:balie",
        "intake:partner",
        "rapportage:dashboard",
        "accounts:login",
        "locaties:rooster",
        "locaties:mijn_diensten",
        "sociale_kaart:partner",
        "intake:inzage_zoeken",
        "berichten:lijst",
        "admin:index",
    ]:
        assert reverse(naam).startswith(MEDEWERKER_PADEN), naam


def test_the_switcher_names_each_language_in_itself_and_marks_the_current_one(client):
    _kies(client, "pl")
    html = client.get("/sociale-kaart/?q=schulden").content.decode()
    assert 'action="/taal/"' in html
    assert 'name="next" value="/sociale-kaart/?q=schulden"' in html
    for code, naam in settings.LANGUAGES:
        assert f'value="{code}" lang="{code}" dir="auto"' in html
        assert f">{naam}</button>" in html
    assert html.count('aria-current="true"') == 1
    assert 'value="pl" lang="pl" dir="auto" class="taalkeuze__knop" aria-current="true"' in html
    assert '<html lang="pl" dir="ltr"' in html


def test_no_switcher_on_staff_pages(client, medewerker):
    client.force_login(medewerker)
    html = client.get("/balie/").content.decode()
    assert '<html lang="nl" dir="ltr"' in html
    assert 'action="/taal/"' not in html
