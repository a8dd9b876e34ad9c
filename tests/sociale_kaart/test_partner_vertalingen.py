"""A partner adds translations of its aanbod's name and descriptions (issue 17): optional per
language, all three texts or none, through the same review as its other edits (the beheerder
may mark a language free), and shown to residents who chose that language."""

import pytest
from django.conf import settings

from sociale_kaart.models import AanbodVertaling, VrijVeld, Wijziging, Wijzigingsvoorstel
from sociale_kaart.services import voorstel_goedkeuren, wijziging_tekst
from tests.sociale_kaart.factories import AanbodFactory

pytestmark = pytest.mark.django_db

DUITS = {
    "de_naam": "Freundschaftsprojekt",
    "de_korte_beschrijving": "Ein Freiwilliger besucht Sie jede Woche.",
    "de_beschrijving": "Sie fühlen sich allein? Ein Freiwilliger kommt zu Besuch.",
}


@pytest.fixture
def eigen_aanbod(partner_a, levensdomeinen):
    return AanbodFactory(organisatie=partner_a.organisatie, naam="Maatjesproject")


def _pad(aanbod) -> str:
    return f"/partner/sociale-kaart/aanbod/{aanbod.slug}/vertalingen/"


def _leeg() -> dict:
    return {
        f"{taal}_{tekst}": ""
        for taal in ("en", "de", "ar", "uk", "pl")
        for tekst in ("naam", "korte_beschrijving", "beschrijving")
    } | {"toelichting": ""}


def test_a_translation_waits_for_review_then_residents_see_it(
    client, partner_a, beheerder, eigen_aanbod
):
    client.force_login(partner_a)
    formulier = client.get(_pad(eigen_aanbod)).content.decode()
    assert "Naam (Duits)" in formulier and "Beschrijving (Arabisch)" in formulier
    assert 'lang="ar" dir="auto"' in formulier  # typed right to left
    antwoord = client.post(_pad(eigen_aanbod), _leeg() | DUITS, follow=True)
    assert "wacht op controle" in antwoord.content.decode()
    assert not AanbodVertaling.objects.exists()
    voorstel = Wijzigingsvoorstel.objects.get()
    assert voorstel.wijzigingen == {
        "vertaling_de": [
            None,
            {
                "naam": DUITS["de_naam"],
                "korte_beschrijving": DUITS["de_korte_beschrijving"],
                "beschrijving": DUITS["de_beschrijving"],
            },
        ]
    }
    # The beheerder reads it in words.
    client.force_login(beheerder)
    pagina = client.get(
        f"/beheer/sociale_kaart/wijzigingsvoorstel/{voorstel.pk}/beoordelen/"
    ).content.decode()
    assert "<del>(geen vertaling)</del>" in pagina
    assert "naam: Freundschaftsprojekt — korte beschrijving:" in pagina
    voorstel_goedkeuren(voorstel=voorstel, door=beheerder)

    # A resident who reads German sees it; one who reads Arabic still sees the Dutch note.
    client.logout()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    html = client.get(eigen_aanbod.get_absolute_url()).content.decode()
    assert '<h1 lang="de" dir="auto" class="utrecht-heading-1">Freundschaftsprojekt</h1>' in html
    assert "Dieser Text ist nur auf Niederländisch verfügbar." not in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    html = client.get(eigen_aanbod.get_absolute_url()).content.decode()
    assert '<h1 lang="nl" dir="auto" class="utrecht-heading-1">Maatjesproject</h1>' in html
    assert "هذا النص متوفر باللغة الهولندية فقط." in html


def test_a_language_the_beheerder_made_free_goes_through_at_once(client, partner_a, eigen_aanbod):
    VrijVeld.objects.create(soort="aanbod", veld="vertaling_de")
    client.force_login(partner_a)
    antwoord = client.post(_pad(eigen_aanbod), _leeg() | DUITS, follow=True)
    assert "Meteen aangepast: vertaling_de." in antwoord.content.decode()
    vertaling = AanbodVertaling.objects.get()
    assert (vertaling.taal, vertaling.naam) == ("de", "Freundschaftsprojekt")
    assert Wijziging.objects.get().wijzigingen["vertaling_de"][0] is None
    assert not Wijzigingsvoorstel.objects.exists()

    # Emptying the three fields removes it (again at once), and the history says so.
    formulier = client.get(_pad(eigen_aanbod)).content.decode()
    assert "Freundschaftsprojekt" in formulier  # the stored text to edit
    client.post(_pad(eigen_aanbod), _leeg())
    assert not AanbodVertaling.objects.exists()
    assert Wijziging.objects.count() == 2


def test_half_a_translation_is_refused_at_the_missing_field_and_keeps_the_input(
    client, partner_a, eigen_aanbod
):
    client.force_login(partner_a)
    data = _leeg() | {"pl_naam": "Projekt przyjaźni", "ar_beschrijving": "وصف"}
    antwoord = client.post(_pad(eigen_aanbod), data)
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert (
        "Korte beschrijving (Pools): Vul ook dit in, of maak de andere velden voor het Pools leeg."
        in html
    )
    assert "Naam (Arabisch): Vul ook dit in" in html
    assert 'value="Projekt przyjaźni"' in html
    assert not Wijzigingsvoorstel.objects.exists() and not Wijziging.objects.exists()


def test_nothing_changed_is_said_and_stores_nothing(client, partner_a, eigen_aanbod):
    client.force_login(partner_a)
    antwoord = client.post(_pad(eigen_aanbod), _leeg(), follow=True)
    assert "Er was niets veranderd." in antwoord.content.decode()
    assert not Wijzigingsvoorstel.objects.exists()


def test_another_partners_aanbod_cannot_be_translated(client, partner_a, partner_b):
    ander = AanbodFactory(organisatie=partner_b.organisatie)
    client.force_login(partner_a)
    assert client.get(_pad(ander)).status_code == 404
    assert client.post(_pad(ander), _leeg() | DUITS).status_code == 404
    assert not Wijzigingsvoorstel.objects.exists()


def test_the_overview_links_to_the_translations_and_counts_them(client, partner_a, eigen_aanbod):
    AanbodVertaling.objects.create(
        aanbod=eigen_aanbod, taal="en", naam="Buddy", korte_beschrijving="A", beschrijving="B"
    )
    client.force_login(partner_a)
    html = client.get("/partner/sociale-kaart/").content.decode()
    assert f'href="{_pad(eigen_aanbod)}"' in html
    assert "(1 van 5 talen)" in html


def test_a_change_value_reads_as_words():
    assert wijziging_tekst("aanbod", "vertaling_en", None) == "(geen vertaling)"
    tekst = wijziging_tekst(
        "aanbod", "vertaling_en", {"naam": "N", "korte_beschrijving": "K", "beschrijving": "B"}
    )
    assert tekst == "naam: N — korte beschrijving: K — beschrijving: B"
