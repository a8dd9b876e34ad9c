"""Dates, times, weekday and month names in the resident's language wherever a resident
sees them (opening hours of the front door and of the sociale kaart, "weer open ..."), the
staff's texts Dutch whatever the active language; and names from the database isolated on a
right-to-left page (issue 17: bidirectional text)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.utils import translation

from locaties import openingstijden
from locaties.openingstijden import Regel
from sociale_kaart.models import AanbodOpVestiging, VestigingOpeningsregel
from tests.intake.factories import voordeur_openen
from tests.sociale_kaart.factories import AanbodFactory, OrganisatieFactory, VestigingFactory

AMS = ZoneInfo("Europe/Amsterdam")
WERKWEEK = [Regel(dag, "ochtend", datetime.time(9), datetime.time(12, 30)) for dag in range(5)] + [
    Regel(dag, "middag", datetime.time(13, 30), datetime.time(17)) for dag in range(5)
]
MAANDAG = datetime.date(2026, 12, 7)


@pytest.mark.parametrize(
    ("taal", "verwacht"),
    [
        ("nl", "maandag t/m vrijdag 9:00–12:30 en 13:30–17:00"),
        ("en", "Monday to Friday 9:00–12:30 and 13:30–17:00"),
        ("de", "Montag bis Freitag 9:00–12:30 und 13:30–17:00"),
        ("ar", "من الاثنين إلى الجمعة 9:00–12:30 و13:30–17:00"),
        ("uk", "Понеділок – П'ятниця 9:00–12:30 і 13:30–17:00"),
        ("pl", "Poniedziałek – Piątek 9:00–12:30 i 13:30–17:00"),
    ],
)
def test_weekly_hours_are_written_in_the_language(taal, verwacht):
    with translation.override(taal):
        assert openingstijden.samenvatting(WERKWEEK, MAANDAG) == [verwacht]


def test_two_days_are_joined_in_the_language():
    regels = [
        Regel(0, "ochtend", datetime.time(9), datetime.time(12)),
        Regel(1, "ochtend", datetime.time(9), datetime.time(12)),
    ]
    with translation.override("de"):
        assert openingstijden.samenvatting(regels, MAANDAG) == ["Montag und Dienstag 9:00–12:00"]


def test_next_opening_names_the_day_in_the_language():
    schema = openingstijden.Schema(WERKWEEK)
    # Friday evening: open again on Monday.
    vrijdag = datetime.datetime(2026, 12, 4, 18, tzinfo=AMS)
    with translation.override("de"):
        tekst = schema.status(vrijdag).tekst
    assert "Montag" in tekst and "Dezember" in tekst, tekst
    assert "maandag" not in tekst and "december" not in tekst


def test_staff_dates_stay_dutch_in_a_residents_language():
    with translation.override("ar"):
        assert openingstijden.datum_tekst(MAANDAG) == "maandag 7 december"
        assert openingstijden.weekdag(0, settings.LANGUAGE_CODE) == "maandag"
        assert openingstijden.weekdag(0) == "الاثنين"
        assert openingstijden.dagdeel("ochtend") != "ochtend"


@pytest.fixture
def kantoor(db):
    hofstraat, _ = voordeur_openen()
    return hofstraat


def _in(client, taal):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = taal


@time_machine.travel(datetime.datetime(2026, 12, 4, 18, tzinfo=AMS), tick=False)
def test_the_front_door_page_gives_its_hours_and_days_in_german(client, kantoor):
    _in(client, "de")
    html = client.get(kantoor.get_absolute_url()).content.decode()
    assert "Montag bis Freitag 9:00–12:30 und 13:30–17:00" in html
    assert "Montag, 7. Dezember" in html or "Montag 7. Dezember" in html, "the four weeks' days"
    for nederlands in ("maandag", "vrijdag", "december", " t/m "):
        assert nederlands not in html, nederlands
    # The list of locations (the home page shows it too).
    lijst = client.get("/locaties/").content.decode()
    assert "Montag bis Freitag" in lijst and "maandag" not in lijst


@pytest.fixture
def aanbod_met_tijden(levensdomeinen):
    organisatie = OrganisatieFactory(naam="Stichting Figulus (Aalten)")
    aanbod = AanbodFactory(organisatie=organisatie, naam="Schuldhulp")
    vestiging = VestigingFactory(organisatie=organisatie, naam="Figulus Welzijn 2.0")
    koppeling = AanbodOpVestiging.objects.create(aanbod=aanbod, vestiging=vestiging)
    for regel in WERKWEEK[:5]:
        VestigingOpeningsregel.objects.create(
            aanbod_op_vestiging=koppeling,
            weekdag=regel.weekdag,
            dagdeel=regel.dagdeel,
            start=regel.start,
            einde=regel.einde,
        )
    return aanbod


@time_machine.travel(datetime.datetime(2026, 12, 4, 18, tzinfo=AMS), tick=False)
def test_an_aanbod_page_gives_its_hours_in_arabic_with_the_names_isolated(
    client, aanbod_met_tijden
):
    _in(client, "ar")
    html = client.get(aanbod_met_tijden.get_absolute_url()).content.decode()
    assert "من الاثنين إلى الجمعة 9:00–12:30" in html
    assert "maandag" not in html and "vrijdag" not in html
    # Dutch names inside Arabic sentences and headings keep their own direction.
    assert "<bdi>Stichting Figulus (Aalten)</bdi>" in html
    assert 'dir="auto">Figulus Welzijn 2.0</h2>' in html
    assert '<address dir="auto">' in html


def test_the_bdi_filter_escapes_what_it_isolates():
    from toegang.templatetags.bidi import bdi

    assert bdi("<b>Jansen & Zn</b>") == "<bdi>&lt;b&gt;Jansen &amp; Zn&lt;/b&gt;</bdi>"
    assert bdi("") == ""


def test_the_footers_addresses_keep_their_order_on_an_arabic_page(client, kantoor, levensdomeinen):
    """'7121 DL Aalten' starts with a number: in a right-to-left block it would read
    'DL Aalten 7121'."""
    _in(client, "ar")
    html = client.get("/").content.decode()
    assert (
        html.count('<address class="utrecht-page-footer__address--reset-address" dir="auto">') == 2
    )
    assert '<h2 class="utrecht-heading-3" dir="auto">' in html


def test_the_check_date_takes_the_languages_own_date_format(client, aanbod_met_tijden):
    """Ukrainian and Polish say the month in the genitive after a day ("6 грудня")."""
    organisatie = aanbod_met_tijden.organisatie
    organisatie.laatst_gecontroleerd = datetime.date(2026, 12, 6)
    organisatie.save(update_fields=["laatst_gecontroleerd"])
    _in(client, "uk")
    html = client.get(aanbod_met_tijden.get_absolute_url()).content.decode()
    assert "грудня 2026" in html and "грудень" not in html
    _in(client, "pl")
    html = client.get(aanbod_met_tijden.get_absolute_url()).content.decode()
    assert "6 grudnia 2026" in html


# --- Public holidays and closures --------------------------------------------------------

TALEN = [taal for taal, _ in settings.LANGUAGES if taal != settings.LANGUAGE_CODE]


def test_every_holiday_of_the_coming_years_is_named_in_every_language():
    """A holiday closes the front door with its Dutch name (holidays.NL) as the reason; an
    upgrade of that package that names a holiday differently fails here, not on a page."""
    import holidays

    jaar = datetime.date.today().year
    namen = {
        deel
        for naam in holidays.NL(years=range(jaar - 1, jaar + 11), language="nl").values()
        for deel in naam.split("; ")
    }
    assert namen <= set(openingstijden.SLUITINGSREDENEN), namen - set(
        openingstijden.SLUITINGSREDENEN
    )
    for taal in TALEN:
        with translation.override(taal):
            for naam in namen | {openingstijden.ZONDER_REDEN}:
                assert openingstijden.sluitingsreden(naam) != naam, (taal, naam)


def test_a_reason_the_location_typed_stays_as_typed():
    with translation.override("en"):
        assert openingstijden.sluitingsreden("Studiedag team") == "Studiedag team"
        assert openingstijden.sluitingsreden("Gesloten") == "Closed"
        assert (
            openingstijden.sluitingsreden("Bevrijdingsdag; Hemelvaartsdag")
            == "Liberation Day; Ascension Day"
        )
    # Staff pages and Dutch pages keep the Dutch name.
    with translation.override(settings.LANGUAGE_CODE):
        assert openingstijden.sluitingsreden("Eerste kerstdag") == "Eerste kerstdag"


KERST = {
    "nl": "Eerste kerstdag",
    "en": "Christmas Day",
    "de": "Erster Weihnachtstag",
    "ar": "عيد الميلاد",
    "uk": "Різдво",
    "pl": "Pierwszy dzień Bożego Narodzenia",
}


@pytest.mark.parametrize("taal", sorted(KERST))
@time_machine.travel(datetime.datetime(2026, 12, 21, 10, tzinfo=AMS), tick=False)
def test_christmas_closes_the_front_door_and_an_aanbod_in_the_pages_language(
    client, kantoor, aanbod_met_tijden, taal
):
    _in(client, taal)
    for pagina in (kantoor.get_absolute_url(), aanbod_met_tijden.get_absolute_url()):
        html = client.get(pagina).content.decode()
        assert f"<bdi>{KERST[taal]}</bdi>" in html, pagina
        if taal != "nl":
            assert "kerstdag" not in html, pagina
