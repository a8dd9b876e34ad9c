"""The work queues on /balie/: what waits, in which order, and what is late — in words."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intake.models import Afspraak, Hulpvraag, Kanaal, Route
from intake.services.hulpvraag import hulpvraag_sluiten
from intake.services.wachtrijen import (
    OP_BALIE,
    PER_PAGINA,
    TITELS,
    wachtrij_pagina,
    wachtrijen,
    werkvoorraad,
)
from tests.accounts.factories import UserFactory
from tests.intake.factories import AfspraakFactory, DoorverwijzingFactory, HulpvraagFactory
from tests.sociale_kaart.factories import OrganisatieFactory
from toegang.accounts.roles import Rol, Team

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
# Thursday 3 December 2026; the Monday before is 30 November.
NU = datetime(2026, 12, 3, 10, 0, tzinfo=AMS)


def om(dag: date, uur: int = 9) -> datetime:
    return datetime(dag.year, dag.month, dag.day, uur, tzinfo=AMS)


@pytest.fixture
def nu():
    with time_machine.travel(NU, tick=False):
        yield NU


@pytest.fixture
def balie(client, medewerker):
    client.force_login(medewerker)
    return client


def sectie(html: str, titel: str) -> str:
    """The part of the page from one queue's heading to the next heading."""
    begin = html.index(f">{titel}</h2>")
    rest = html[begin + 1 :]
    einde = re.search(r"<h[23][ >]", rest)
    return rest[: einde.start()] if einde else rest


def test_queues_page_has_every_queue_with_caption_and_empty_state(balie):
    html = balie.get("/balie/").content.decode()
    assert 'href="/balie/nieuw/"' in html
    assert "Nieuwe vraag registreren" in html
    for titel, leeg in [
        ("Nieuwe vragen", "Er liggen geen nieuwe vragen."),
        ("Mijn hulpvragen", "U bent nog geen vast aanspreekpunt"),
        ("Mijn afspraken", "staan er geen afspraken voor u"),
        ("Te laat", "Geen afspraken te laat."),
        ("Nog geen contact na 2 werkdagen", "op tijd contact gehad"),
    ]:
        deel = sectie(html, titel)
        assert "<caption" in deel
        assert leeg in deel
    # Today's openings stay; the partners' lines are one link away.
    assert '<a href="/balie/partners/">Partners: directe lijnen</a>' in html
    assert "Vandaag (" in html


def test_the_partners_lines_are_escaped_and_no_longer_on_balie(balie):
    OrganisatieFactory(naam="Stichting <Welzijn>", telefoon="0543-111111")
    html = balie.get("/balie/partners/").content.decode()
    assert "<h1>Partners: directe lijnen</h1>" in html
    assert '<th scope="row">Stichting &lt;Welzijn&gt;</th><td>0543 111 111</td>' in html
    assert "Stichting &lt;Welzijn&gt;" not in balie.get("/balie/").content.decode()


def test_new_online_questions_oldest_first_with_age_in_working_days(balie, nu):
    nieuwste = HulpvraagFactory(aangemaakt=om(date(2026, 12, 2)))
    oudste = HulpvraagFactory(aangemaakt=om(date(2026, 11, 27)))  # Friday: 4 working days
    html = sectie(balie.get("/balie/").content.decode(), "Nieuwe vragen")
    assert html.index(oudste.referentie) < html.index(nieuwste.referentie)
    assert "(4 werkdagen)" in html
    assert "(1 werkdag)" in html
    assert html.count("Oppakken<span") == 2


def test_safety_flagged_case_is_on_top_of_every_queue_with_text(balie, medewerker, nu):
    gewoon = HulpvraagFactory(aangemaakt=om(date(2026, 11, 20)))
    onveilig = HulpvraagFactory(aangemaakt=om(date(2026, 11, 27)))
    Hulpvraag.objects.filter(pk=onveilig.pk).update(veiligheid=True)
    html = balie.get("/balie/").content.decode()
    for titel in ("Veiligheid / meldcode", "Nieuwe vragen", "Nog geen contact na 2 werkdagen"):
        deel = sectie(html, titel)
        assert onveilig.referentie in deel
        assert "Veiligheid / meldcode</span>" in deel
    for titel in ("Nieuwe vragen", "Nog geen contact na 2 werkdagen"):
        deel = sectie(html, titel)
        assert deel.index(onveilig.referentie) < deel.index(gewoon.referentie)

    gewoon.wijs_toe(medewerker, door=medewerker)
    onveilig.wijs_toe(medewerker, door=medewerker)
    deel = sectie(balie.get("/balie/").content.decode(), "Mijn hulpvragen")
    assert deel.index(onveilig.referentie) < deel.index(gewoon.referentie)


def test_my_cases_are_only_mine_and_open(balie, medewerker, coordinator):
    mijn = HulpvraagFactory()
    mijn.wijs_toe(medewerker, door=medewerker)
    van_collega = HulpvraagFactory()
    van_collega.wijs_toe(coordinator, door=coordinator)
    gesloten = HulpvraagFactory()
    gesloten.wijs_toe(medewerker, door=medewerker)
    hulpvraag_sluiten(
        hulpvraag=gesloten, door=medewerker, route=Route.SOCIALE_BASIS, uitkomst="Klaar."
    )
    deel = sectie(balie.get("/balie/").content.decode(), "Mijn hulpvragen")
    assert mijn.referentie in deel
    assert van_collega.referentie not in deel
    assert gesloten.referentie not in deel


def test_my_commitments_due_today_and_next_working_day(balie, medewerker, nu):
    # Friday 4 December is the next working day after Thursday 3 December.
    hulpvraag = HulpvraagFactory()
    hulpvraag.wijs_toe(medewerker, door=medewerker)
    vandaag = AfspraakFactory(hulpvraag=hulpvraag, wat="Vandaag bellen", deadline=date(2026, 12, 3))
    morgen = AfspraakFactory(
        hulpvraag=hulpvraag, wat="Morgen formulier", deadline=date(2026, 12, 4)
    )
    later = AfspraakFactory(hulpvraag=hulpvraag, wat="Volgende week", deadline=date(2026, 12, 9))
    eigen = AfspraakFactory(
        wat="Op mijn naam bij een ander",
        eigenaar_soort=Afspraak.Eigenaar.MEDEWERKER,
        eigenaar=medewerker,
        deadline=date(2026, 12, 4),
    )
    deel = sectie(balie.get("/balie/").content.decode(), "Mijn afspraken")
    assert vandaag.wat in deel
    assert ">Vandaag<" in deel
    assert morgen.wat in deel
    assert eigen.wat in deel
    assert later.wat not in deel


def test_overdue_commitments_show_te_laat_in_words_in_the_queue(balie, nu):
    afspraak = AfspraakFactory(wat="Loonstrook opsturen", deadline=date(2026, 12, 1))
    AfspraakFactory(wat="Nog op tijd", deadline=date(2026, 12, 8))
    klaar = AfspraakFactory(wat="Al gedaan", deadline=date(2026, 11, 30))
    klaar.markeer_gedaan(door=None)
    deel = sectie(balie.get("/balie/").content.decode(), "Te laat")
    assert afspraak.wat in deel
    assert "Te laat: was uiterlijk 1 december" in deel
    assert "Nog op tijd" not in deel
    assert "Al gedaan" not in deel


def test_online_question_without_contact_after_two_working_days(balie, medewerker, nu):
    # Monday 30 November + 2 working days = Wednesday 2 December: Thursday is too late.
    te_laat = HulpvraagFactory(aangemaakt=om(date(2026, 11, 30)))
    op_tijd = HulpvraagFactory(aangemaakt=om(date(2026, 12, 1)))
    gebeld = HulpvraagFactory(aangemaakt=om(date(2026, 11, 30)))
    gebeld.contact_vastleggen(door=medewerker, kanaal=Kanaal.TELEFOON, tekst="Gebeld.")
    balie_vraag = HulpvraagFactory(aangemaakt=om(date(2026, 11, 30)), kanaal=Kanaal.TELEFOON)
    deel = sectie(balie.get("/balie/").content.decode(), "Nog geen contact na 2 werkdagen")
    assert te_laat.referentie in deel
    assert op_tijd.referentie not in deel
    assert gebeld.referentie not in deel
    assert balie_vraag.referentie not in deel


def test_oppakken_from_the_queue_assigns_and_opens_the_case(balie, medewerker):
    hulpvraag = HulpvraagFactory()
    html = balie.get("/balie/").content.decode()
    assert f'action="/balie/hulpvragen/{hulpvraag.referentie}/oppakken/"' in html
    response = balie.post(f"/balie/hulpvragen/{hulpvraag.referentie}/oppakken/")
    assert response.status_code == 303
    assert response["Location"] == hulpvraag.get_absolute_url()
    hulpvraag.refresh_from_db()
    assert hulpvraag.vast_aanspreekpunt == medewerker
    html = balie.get("/balie/").content.decode()
    assert hulpvraag.referentie not in sectie(html, "Nieuwe vragen")
    assert hulpvraag.referentie in sectie(html, "Mijn hulpvragen")


def test_queue_escapes_question_and_name(balie):
    HulpvraagFactory(vraag="<script>alert(1)</script>", inwoner__naam="<b>Piet</b>")
    html = balie.get("/balie/").content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;b&gt;Piet&lt;/b&gt;" in html


def test_wachtrijen_is_empty_for_roles_without_cases(partner_a, beleid):
    HulpvraagFactory(aangemaakt=NU - timedelta(days=10))
    AfspraakFactory(deadline=date(2020, 1, 1))
    for user in (partner_a, beleid):
        rijen = wachtrijen(user)
        assert all(len(list(rij)) == 0 for rij in rijen.values())


def referenties(html: str) -> list[str]:
    """The cases linked in the rows of a queue's table, in order."""
    return re.findall(r'<th scope="row"[^>]*><a href="/balie/hulpvragen/([^/]+)/"', html)


def test_balie_shows_the_first_rows_of_a_long_queue_and_links_to_all(client, medewerker):
    # An hour old: the oldest new question, but not yet late for its first contact.
    oudste = HulpvraagFactory(aangemaakt=timezone.now() - timedelta(hours=1))
    HulpvraagFactory.create_batch(OP_BALIE + 5)
    client.force_login(medewerker)
    deel = sectie(client.get("/balie/").content.decode(), "Nieuwe vragen")
    assert len(referenties(deel)) == OP_BALIE
    assert referenties(deel)[0] == oudste.referentie
    assert f"U ziet de eerste {OP_BALIE} van {OP_BALIE + 6}; de oudste" in deel
    assert f'<a href="/balie/wachtrij/nieuw/">Alle {OP_BALIE + 6} bekijken' in deel


def test_a_queue_page_shows_every_row_over_pages_in_the_order_of_balie(client, medewerker):
    oudste = HulpvraagFactory(aangemaakt=timezone.now() - timedelta(hours=2))
    HulpvraagFactory.create_batch(PER_PAGINA + 5)
    alle = list(wachtrijen(medewerker)["nieuw"].values_list("referentie", flat=True))
    client.force_login(medewerker)
    eerste = client.get("/balie/wachtrij/nieuw/").content.decode()
    assert "<h1>Nieuwe vragen</h1>" in eerste
    assert f"U ziet 1 tot en met {PER_PAGINA} van de {PER_PAGINA + 6}" in eerste
    assert '<nav aria-label="Bladeren door nieuwe vragen"' in eerste
    assert 'aria-current="page">Pagina 1 van 2<' in eerste
    assert 'href="?pagina=2">Volgende</a>' in eerste
    assert ">Vorige<" not in eerste
    tweede = client.get("/balie/wachtrij/nieuw/?pagina=2").content.decode()
    assert 'href="?pagina=1">Vorige</a>' in tweede
    assert ">Volgende<" not in tweede
    assert referenties(eerste)[0] == oudste.referentie
    assert referenties(eerste) + referenties(tweede) == alle
    # The same row as on /balie/, with its button.
    assert f'action="/balie/hulpvragen/{oudste.referentie}/oppakken/"' in eerste


@pytest.mark.parametrize(
    ("pagina", "getoond"),
    [("99", "Pagina 2 van 2"), ("0", "Pagina 1 van 2"), ("-1", "Pagina 1 van 2"),
     ("%C2%B2", "Pagina 1 van 2"), ("twee", "Pagina 1 van 2"), ("", "Pagina 1 van 2")],
)  # fmt: skip
def test_a_page_beyond_the_end_is_the_last_and_nonsense_the_first(
    client, medewerker, pagina, getoond
):
    HulpvraagFactory.create_batch(PER_PAGINA + 1)
    client.force_login(medewerker)
    response = client.get(f"/balie/wachtrij/nieuw/?pagina={pagina}")
    assert response.status_code == 200
    assert f'aria-current="page">{getoond}<' in response.content.decode()


def test_an_unknown_queue_is_not_found(client, medewerker):
    client.force_login(medewerker)
    assert client.get("/balie/wachtrij/onzin/").status_code == 404
    assert client.get("/balie/wachtrij/__class__/").status_code == 404


def test_every_queue_has_a_page_with_its_title_and_empty_state(client, coordinator):
    client.force_login(coordinator)
    for naam, titel in TITELS.items():
        html = client.get(f"/balie/wachtrij/{naam}/").content.decode()
        assert f"<h1>{titel}</h1>" in html, naam
        assert "<caption" in html, naam
        assert '<nav aria-label="Bladeren' not in html, naam  # nothing to page through


def test_a_queue_page_shows_only_what_the_user_may_see_on_balie(
    client, medewerker, coordinator, partner_a
):
    eigen = HulpvraagFactory()
    ander_team = HulpvraagFactory(team=Team.MAATWERK_WMO)
    wmo = UserFactory(rol=Rol.MEDEWERKER, team=Team.MAATWERK_WMO)
    for user, ziet, ziet_niet in [
        (medewerker, [eigen], [ander_team]),
        (wmo, [ander_team], [eigen]),
        (coordinator, [eigen, ander_team], []),
    ]:
        client.force_login(user)
        balie = sectie(client.get("/balie/").content.decode(), "Nieuwe vragen")
        pagina = client.get("/balie/wachtrij/nieuw/").content.decode()
        assert referenties(pagina) == referenties(balie)
        for zaak in ziet:
            assert zaak.referentie in pagina
        for zaak in ziet_niet:
            assert zaak.referentie not in pagina
    # Roles without cases get no queue at all, and none through the service either.
    client.force_login(partner_a)
    assert client.get("/balie/wachtrij/nieuw/").status_code == 403
    assert list(wachtrij_pagina(partner_a, naam="nieuw", pagina=1)) == []


def test_every_queue_shows_a_few_and_says_how_many_there_are(client, medewerker, coordinator, nu):
    mijn = []
    for _ in range(OP_BALIE + 3):
        hulpvraag = HulpvraagFactory(kanaal=Kanaal.TELEFOON, aangemaakt=om(date(2026, 12, 3)))
        hulpvraag.wijs_toe(medewerker, door=medewerker)
        mijn.append(hulpvraag)
    AfspraakFactory.create_batch(
        OP_BALIE + 2, hulpvraag=mijn[0], wat="Loonstrook", deadline=date(2026, 12, 1)
    )
    client.force_login(medewerker)
    html = client.get("/balie/").content.decode()
    deel = sectie(html, "Mijn hulpvragen")
    assert deel.count("<tr") == 1 + OP_BALIE  # the header and the first rows
    assert f"U ziet de eerste {OP_BALIE} van {OP_BALIE + 3}; de oudste" in deel
    assert f'href="/balie/wachtrij/mijn/">Alle {OP_BALIE + 3} bekijken' in deel
    deel = sectie(html, "Te laat")
    assert deel.count("Loonstrook") == OP_BALIE
    assert f"U ziet de eerste {OP_BALIE} van {OP_BALIE + 2}; de eerste datum" in deel
    assert f'href="/balie/wachtrij/te_laat/">Alle {OP_BALIE + 2} bekijken' in deel
    # Every row is on the queue's page, with who does it.
    html = client.get("/balie/wachtrij/te_laat/").content.decode()
    assert html.count("Loonstrook") == OP_BALIE + 2
    html = client.get("/balie/wachtrij/mijn/").content.decode()
    assert {h.referentie for h in mijn} == set(referenties(html))


def test_the_counts_are_the_lengths_of_the_queues(medewerker, coordinator, nu):
    eigen = HulpvraagFactory(kanaal=Kanaal.TELEFOON)
    eigen.wijs_toe(medewerker, door=medewerker)
    Hulpvraag.objects.filter(pk=eigen.pk).update(veiligheid=True)
    HulpvraagFactory(aangemaakt=om(date(2026, 11, 20)))  # new and late for first contact
    HulpvraagFactory()
    gesloten = HulpvraagFactory(aangemaakt=om(date(2026, 11, 20)))
    gesloten.wijs_toe(medewerker, door=medewerker)
    hulpvraag_sluiten(
        hulpvraag=gesloten, door=medewerker, route=Route.SOCIALE_BASIS, uitkomst="Klaar."
    )
    AfspraakFactory(hulpvraag=eigen, deadline=date(2026, 12, 1))
    for user in (medewerker, coordinator):
        voorraad = werkvoorraad(user)
        for naam, rij in wachtrijen(user).items():
            assert voorraad.totalen[naam] == rij.count(), naam
            assert len(voorraad.rijen[naam]) == rij.count(), naam
    assert werkvoorraad(medewerker).totalen | {} == {
        "veiligheid": 1, "nieuw": 2, "mijn": 1, "geen_contact": 1, "mijn_afspraken": 1,
        "te_laat": 1, "aan_mij": 0, "vraag_terug": 0, "verwijzing_te_laat": 0, "terugbellen": 0,
    }  # fmt: skip


def test_the_queues_page_reads_as_many_statements_with_ten_times_the_rows(
    client, medewerker, coordinator, nu
):
    def vullen(aantal: int) -> None:
        for _ in range(aantal):
            mijn = HulpvraagFactory(kanaal=Kanaal.TELEFOON)
            mijn.wijs_toe(medewerker, door=medewerker)
            Hulpvraag.objects.filter(pk=mijn.pk).update(veiligheid=True)
            HulpvraagFactory(aangemaakt=om(date(2026, 11, 20)))
            AfspraakFactory(hulpvraag=mijn, deadline=date(2026, 12, 1))
            AfspraakFactory(hulpvraag=mijn, deadline=date(2026, 12, 4))
            ander = HulpvraagFactory(team=Team.MAATWERK_WMO)
            ander.wijs_toe(coordinator, door=coordinator)
            DoorverwijzingFactory(
                hulpvraag=ander, collega=medewerker, organisatie=None, status="verstuurd",
                termijn_vanaf=timezone.now(), verstuurd_op=timezone.now(),
            )  # fmt: skip

    def tellen(url) -> int:
        with CaptureQueriesContext(connection) as vastgelegd:
            assert client.get(url).status_code == 200
        return len(vastgelegd)

    urls = ["/balie/", *(f"/balie/wachtrij/{naam}/" for naam in TITELS), "/balie/partners/"]
    client.force_login(medewerker)
    vullen(2)
    weinig = {url: tellen(url) for url in urls}
    vullen(18)
    assert {url: tellen(url) for url in urls} == weinig
    with CaptureQueriesContext(connection) as vastgelegd:
        werkvoorraad(medewerker)
    # One statement counts the four queues of cases; each queue is one more.
    assert len(vastgelegd) == 1 + len(wachtrijen(medewerker))
