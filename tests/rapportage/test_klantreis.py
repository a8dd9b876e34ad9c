"""/rapportage/klantreis/ (issue 18, part 4): the klantreis before and after the start of the
new front door, counted by hand, under the small-number rule; and the quarter summary as a
one-page PDF made on our own server."""

from __future__ import annotations

import io
import socket
from datetime import date

import pytest
import time_machine
from pypdf import PdfReader

from intake.models import (
    Doorverwijzing,
    DoorverwijzingStatus,
    Feedback,
    Gebeurtenis,
    HulpGestart,
    Reactietermijnen,
)
from rapportage import klantreis
from rapportage.figuren.klantreis import klantreis_maken
from rapportage.pdf import _ophaler, html_naar_pdf
from rapportage.perioden import AANGEPAST, KWARTAAL, Periode, periode_voor
from rapportage.views_klantreis import kwartaaloverzicht_pdf, perioden
from tests.accounts.factories import UserFactory
from tests.intake.factories import DoorverwijzingFactory, HulpvraagFactory
from tests.rapportage.gegevens import hulpvraag, moment
from toegang.accounts.roles import Rol

pytestmark = pytest.mark.django_db

NU = moment(2026, 7, 15, 12)
MAART = Periode(AANGEPAST, date(2026, 3, 1), date(2026, 3, 31))
APRIL = Periode(AANGEPAST, date(2026, 4, 1), date(2026, 4, 30))
URL = "/rapportage/klantreis/"
PDF = "/rapportage/klantreis/kwartaal.pdf"


@pytest.fixture(autouse=True)
def bevroren(kalender):
    with time_machine.travel(NU, tick=False):
        yield


def gesloten(afgesloten, *, contact_door=None, toegewezen=()):
    """A case closed at `afgesloten`: a contact logged by `contact_door` (who becomes its
    holder when they work at the front door), then a toewijzing to each of `toegewezen`."""
    h = hulpvraag(moment(2026, 2, 2), afgesloten=afgesloten)
    if contact_door is not None:
        Gebeurtenis.objects.create(
            hulpvraag=h,
            soort=Gebeurtenis.Soort.CONTACTMOMENT,
            door=contact_door,
            op=moment(2026, 2, 2, 11),
        )
    for n, medewerker in enumerate(toegewezen):
        Gebeurtenis.objects.create(
            hulpvraag=h,
            soort=Gebeurtenis.Soort.TOEWIJZING,
            tekst=f"Vast aanspreekpunt: {medewerker.weergavenaam}",
            door=medewerker,
            op=moment(2026, 2, 3 + n),
        )
    return h


def verwezen(
    verstuurd, geaccepteerd=None, *, samenvatting="Mevrouw wil hulp met post.", organisatie=None
):
    velden = {"organisatie": organisatie} if organisatie else {}
    v = DoorverwijzingFactory(**velden)
    Doorverwijzing.objects.filter(pk=v.pk).update(
        status=DoorverwijzingStatus.GEACCEPTEERD
        if geaccepteerd
        else DoorverwijzingStatus.VERSTUURD,
        verstuurd_op=verstuurd,
        geaccepteerd_op=geaccepteerd,
        samenvatting=samenvatting,
    )
    return v


def gestart(contact, ja_op):
    h = HulpvraagFactory(aangemaakt=moment(2026, 3, 30), eerste_contact_op=contact)
    v = DoorverwijzingFactory(hulpvraag=h)
    Doorverwijzing.objects.filter(pk=v.pk).update(
        status=DoorverwijzingStatus.GEACCEPTEERD,
        inwoner_gevraagd_op=ja_op,
        inwoner_antwoord=HulpGestart.JA,
        inwoner_antwoord_op=ja_op,
    )


def reacties(aantal, dag, kanaal="website", cijfers=(4, 4, 4)):
    Feedback.objects.bulk_create(
        Feedback(
            kanaal=kanaal,
            bereikbaar=cijfers[0],
            gehoord=cijfers[1],
            geholpen=cijfers[2],
            ingevuld_op=dag,
        )
        for _ in range(aantal)
    )


def rij(figuur, label):
    return next(r for r in figuur.rijen if r.label == label)


def teksten(r):
    return [c if isinstance(c, str) else c.tekst for c in r.cellen]


# --- the counts ------------------------------------------------------------------------------


def test_vast_aanspreekpunt_share_reads_the_timeline():
    a = UserFactory(rol=Rol.MEDEWERKER)
    b = UserFactory(rol=Rol.MEDEWERKER)
    beleid = UserFactory(rol=Rol.BELEID)
    # One holder: the first contact made them so, or one toewijzing and no contact before.
    for _ in range(5):
        gesloten(moment(2026, 3, 10), contact_door=a)
    for _ in range(3):
        gesloten(moment(2026, 3, 11), toegewezen=[b])
    # A contact by someone who is not front-door staff makes no holder.
    for _ in range(2):
        gesloten(moment(2026, 3, 12), contact_door=beleid, toegewezen=[a])
    # Two holders: contact by a, then handed to b; or handed twice.
    for _ in range(3):
        gesloten(moment(2026, 3, 12), contact_door=a, toegewezen=[b])
    for _ in range(2):
        gesloten(moment(2026, 3, 13), toegewezen=[a, b])
    # Closed in April: not March's.
    gesloten(moment(2026, 4, 1), contact_door=a)

    [maart] = klantreis.tellen([MAART])
    assert (maart.afgesloten, maart.een_aanspreekpunt) == (15, 10)
    stand = klantreis_maken(voor=MAART, na=APRIL, per_maand=False).voor
    assert stand.een_aanspreekpunt.tekst == "67%"


def test_warme_overdracht_needs_a_summary_and_acceptance_within_the_organisations_term():
    traag = DoorverwijzingFactory().organisatie
    Reactietermijnen.objects.create(
        organisatie=traag, herinneren_na=4, escaleren_na=5, verlopen_na=6
    )
    maandag = moment(2026, 3, 2, 9)
    # Warm: accepted on the second working day (the default term) …
    for _ in range(4):
        verwezen(maandag, moment(2026, 3, 4, 16))
    # … or on the fourth, by an organisation whose own term is four.
    verwezen(maandag, moment(2026, 3, 6, 9), organisatie=traag)
    # Not warm: too late for the default term, no summary, not accepted.
    for _ in range(2):
        verwezen(maandag, moment(2026, 3, 5, 9))
    verwezen(maandag, moment(2026, 3, 2, 15), samenvatting="")
    for _ in range(2):
        verwezen(maandag)

    [maart] = klantreis.tellen([MAART])
    assert (maart.verstuurd, maart.warm) == (10, 5)
    stand = klantreis_maken(voor=MAART, na=APRIL, per_maand=False).voor
    assert stand.warme_overdracht.tekst == "50%"


def test_median_working_days_to_help_started_skips_easter():
    # Thursday 2 April 2026; Good Friday (3) and Easter Monday (6) are holidays.
    donderdag = moment(2026, 4, 2, 10)
    for _ in range(3):
        gestart(donderdag, moment(2026, 4, 7, 10))  # 1 working day
    for _ in range(2):
        gestart(donderdag, moment(2026, 4, 8, 10))  # 2 working days
    [april] = klantreis.tellen([APRIL])
    assert april.gestart.aantallen == {1: 3, 2: 2}
    stand = klantreis_maken(voor=MAART, na=APRIL, per_maand=False).na
    assert stand.werkdagen_tot_hulp.tekst == "1"


def test_only_the_first_ja_of_a_case_counts():
    h = HulpvraagFactory(eerste_contact_op=moment(2026, 4, 1))
    for dag in (8, 9):
        v = DoorverwijzingFactory(hulpvraag=h)
        Doorverwijzing.objects.filter(pk=v.pk).update(
            inwoner_gevraagd_op=moment(2026, 4, dag),
            inwoner_antwoord=HulpGestart.JA,
            inwoner_antwoord_op=moment(2026, 4, dag),
        )
    [april] = klantreis.tellen([APRIL])
    assert april.gestart.n == 1


def test_before_and_after_around_the_chosen_start(client, beleid):
    reacties(5, date(2026, 2, 10), cijfers=(2, 2, 2))
    reacties(6, date(2026, 5, 20), cijfers=(4, 4, 5))
    reacties(5, date(2026, 7, 1), cijfers=(5, 5, 5))  # after the compared months
    client.force_login(beleid)

    response = client.get(URL, {"start": "04-2026", "maanden": "3"})

    assert response.status_code == 200
    monitor = response.context["monitor"]
    assert (monitor.voor.periode.van, monitor.voor.periode.tot) == (
        date(2026, 1, 1),
        date(2026, 3, 31),
    )
    assert (monitor.na.periode.van, monitor.na.periode.tot) == (date(2026, 4, 1), date(2026, 6, 30))
    website = rij(monitor.figuren[1], "Website")
    assert teksten(website) == ["5", "6", "2", "4,3"]
    assert teksten(rij(monitor.figuren[1], "Alle contactpunten")) == ["5", "6", "2", "4,3"]
    maanden = monitor.figuren[2]
    assert [r.label for r in maanden.rijen] == [
        "januari 2026",
        "februari 2026",
        "maart 2026",
        "april 2026",
        "mei 2026",
        "juni 2026",
    ]
    assert teksten(rij(maanden, "mei 2026"))[:2] == ["6", "4,3"]
    html = response.content.decode()
    assert "Tevredenheid per contactpunt, vóór en na 1 april 2026" in html
    assert "<svg" in html


def test_a_day_as_start_means_its_month():
    voor, na = perioden(date(2026, 4, 17), 3, date(2026, 7, 15))
    assert (voor.van, voor.tot, na.van, na.tot) == (
        date(2026, 1, 1),
        date(2026, 3, 31),
        date(2026, 4, 1),
        date(2026, 6, 30),
    )


def test_after_runs_up_to_today():
    voor, na = perioden(date(2026, 6, 1), 12, date(2026, 7, 15))
    assert (na.van, na.tot, na.lopend) == (date(2026, 6, 1), date(2026, 7, 15), True)
    assert (voor.van, voor.tot) == (date(2025, 6, 1), date(2026, 5, 31))


def test_small_numbers_are_suppressed():
    reacties(3, date(2026, 3, 10), kanaal="telefoon", cijfers=(1, 1, 1))
    reacties(7, date(2026, 3, 10), kanaal="website")
    a = UserFactory(rol=Rol.MEDEWERKER)
    for _ in range(3):
        gesloten(moment(2026, 3, 10), contact_door=a)
    for _ in range(2):
        gestart(moment(2026, 3, 2), moment(2026, 3, 5))

    monitor = klantreis_maken(voor=MAART, na=APRIL)
    telefoon = rij(monitor.figuren[1], "Telefoon")
    assert teksten(telefoon)[0] == "<5"
    assert teksten(telefoon)[2] == "–"
    # The total would give the small count back: website is hidden too.
    assert teksten(rij(monitor.figuren[1], "Website"))[0] == "verborgen"
    maatstaven = monitor.figuren[0]
    assert teksten(rij(maatstaven, "Afgesloten hulpvragen"))[0] == "<5"
    assert teksten(rij(maatstaven, "Eén vast aanspreekpunt van begin tot eind"))[0] == "–"
    assert teksten(rij(maatstaven, "Hulpvragen waarvan de hulp startte"))[0] == "<5"
    assert (
        teksten(rij(maatstaven, "Werkdagen van eerste contact tot hulp gestart (mediaan)"))[0]
        == "–"
    )


def test_empty_period_shows_a_dutch_empty_state(client, beleid):
    client.force_login(beleid)
    response = client.get(URL, {"start": "2005-01", "maanden": "12"})
    assert response.status_code == 200
    assert "Er zijn nog geen gegevens over deze maanden" in response.content.decode()


@pytest.mark.parametrize(
    "parameters",
    [
        {"start": "abc"},
        {"start": "2026-13"},
        {"start": "0000-01"},
        {"start": "1900-01"},
        {"start": "2999-12"},
        {"start": "2027-01"},
        {"start": "１２-2026"},
        {"start": "2026-04", "maanden": "7"},
        {"start": "2026-04", "maanden": "-12"},
        {"start": "2026-04", "maanden": "12abc"},
        {"start": "x" * 5000},
        {"start": "2026-04\x00"},
        {"start": "'; DROP TABLE intake_hulpvraag; --"},
        {"maanden": ""},
    ],
)
def test_hostile_parameters_never_500(client, beleid, parameters):
    client.force_login(beleid)
    response = client.get(URL, parameters)
    assert response.status_code == 200
    # The page still shows figures: the last twelve months against the twelve before.
    assert response.context["monitor"].na.periode.tot == date(2026, 7, 15)


def test_refused_start_is_explained_in_dutch(client, beleid):
    client.force_login(beleid)
    html = client.get(URL, {"start": "2027-01"}).content.decode()
    assert "Deze keuze kan niet" in html
    assert "cijfers over de toekomst zijn er niet" in html
    assert 'aria-invalid="true"' in html


@pytest.mark.parametrize(
    "parameters",
    [
        {},
        {"jaar": "abc", "kwartaal": "1"},
        {"jaar": "2026", "kwartaal": "5"},
        {"jaar": "2026", "kwartaal": "0"},
        {"jaar": "99999999999", "kwartaal": "1"},
        {"jaar": "2026", "kwartaal": "4"},  # not begun yet
        {"jaar": "2027", "kwartaal": "1"},
        {"jaar": "2000", "kwartaal": "1"},  # no year before it to compare with
        {"jaar": "２０２６", "kwartaal": "1"},
        {"jaar": " 2026", "kwartaal": "+1"},
    ],
)
def test_hostile_quarter_parameters_are_a_dutch_400(client, beleid, parameters):
    client.force_login(beleid)
    response = client.get(PDF, parameters)
    assert response.status_code == 400


# --- the quarter summary ---------------------------------------------------------------------


def _tekst(pdf: bytes) -> tuple[int, str]:
    lezer = PdfReader(io.BytesIO(pdf))
    return len(lezer.pages), " ".join(p.extract_text() for p in lezer.pages)


def test_quarter_summary_is_a_one_page_pdf_with_the_quarters_figures(client, beleid):
    reacties(8, date(2026, 5, 20), cijfers=(4, 4, 5))
    reacties(6, date(2025, 5, 20), cijfers=(2, 3, 1))
    a = UserFactory(rol=Rol.MEDEWERKER)
    for _ in range(6):
        gesloten(moment(2026, 4, 10), contact_door=a)
    client.force_login(beleid)

    response = client.get(PDF, {"jaar": "2026", "kwartaal": "2"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="klantreis-2026-k2.pdf"' in response["Content-Disposition"]
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    pagina_s, tekst = _tekst(pdf)
    assert pagina_s == 1
    assert "Klantreis 2e kwartaal 2026" in tekst
    assert "2e kwartaal 2025" in tekst
    assert "4,3" in tekst  # the website's mark this quarter
    assert "100%" in tekst  # six cases, each with one vast aanspreekpunt


def test_quarter_summary_stays_one_page_with_every_row_filled():
    for kanaal in (
        "balie-hofstraat",
        "inloop-dinxperlo",
        "telefoon",
        "website",
        "email",
        "partner",
    ):
        reacties(9, date(2026, 5, 20), kanaal=kanaal)
        reacties(9, date(2025, 5, 20), kanaal=kanaal)
    pdf = kwartaaloverzicht_pdf(kwartaal=periode_voor(KWARTAAL, date(2026, 4, 1)), gemaakt_op=NU)
    assert _tekst(pdf)[0] == 1


def test_rendering_fetches_nothing_from_the_network(monkeypatch):
    gevraagd = []

    def geen_netwerk(*args, **kwargs):
        gevraagd.append(args)
        raise AssertionError("network access while rendering a PDF")

    monkeypatch.setattr(socket.socket, "connect", geen_netwerk)
    monkeypatch.setattr(socket, "create_connection", geen_netwerk)
    monkeypatch.setattr(socket, "getaddrinfo", geen_netwerk)
    html = (
        '<!doctype html><html lang="nl"><head><link rel="stylesheet" href="/static/css/klantreis-pdf.css">'
        '<link rel="stylesheet" href="https://cdn.example.org/x.css"></head><body>'
        '<img src="http://example.org/logo.png" alt=""><img src="file:///etc/passwd" alt="">'
        '<img src="/static/../../etc/passwd" alt=""><p>Hallo</p></body></html>'
    )
    pdf = html_naar_pdf(html)
    assert pdf.startswith(b"%PDF-")
    assert gevraagd == []
    kwartaal = periode_voor(KWARTAAL, date(2026, 4, 1))
    assert kwartaaloverzicht_pdf(kwartaal=kwartaal, gemaakt_op=NU).startswith(b"%PDF-")
    assert gevraagd == []


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/x.css",
        "https://example.org/x.css",
        "data:text/css,body{}",
        "file:///etc/passwd",
        "file:///static/../etc/passwd",
        "file:///static/%2e%2e/%2e%2e/etc/passwd",
        "file://example.org/static/css/klantreis-pdf.css",
        "ftp://example.org/static/css/klantreis-pdf.css",
    ],
)
def test_the_url_fetcher_refuses_anything_but_our_static_files(url):
    with pytest.raises(ValueError):
        _ophaler().fetch(url)


def test_the_url_fetcher_reads_our_stylesheet():
    antwoord = _ophaler().fetch("file:///static/css/klantreis-pdf.css")
    assert b"@page" in antwoord.read()
