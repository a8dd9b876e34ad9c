"""The dashboard and its table exports through the client: access, choices, bad input,
privacy, and every table as CSV and XLSX."""

import csv
import io
from datetime import date

import pytest
import time_machine
from openpyxl import load_workbook

from intake.models import Feedback, Hulpvraag, Route
from rapportage.afscherming import KLEIN, VERBORGEN
from rapportage.figuren import FIGUREN
from tests.accounts.factories import UserFactory
from tests.intake.factories import DoorverwijzingFactory
from tests.sociale_kaart.factories import OrganisatieFactory
from toegang.accounts.roles import Rol

from .gegevens import hulpvraag, moment

pytestmark = [pytest.mark.usefixtures("kalender", "levensdomeinen")]

VANDAAG = moment(2025, 6, 16, 12)


@pytest.fixture(autouse=True)
def vandaag():
    with time_machine.travel(VANDAAG, tick=False):
        yield


@pytest.fixture
def beleid_client(client, beleid):
    client.force_login(beleid)
    return client


@pytest.fixture
def mei(db):
    """Twelve questions in May 2025: seven in Aalten, five in Dinxperlo (one of them by a
    resident with a name nobody may see here), on three days."""
    for n in range(7):
        hulpvraag(moment(2025, 5, 2 if n < 5 else 3), kern="aalten", afgesloten=moment(2025, 5, 10),
                  route=Route.SOCIALE_BASIS, domeinen=["werk-en-inkomen"])  # fmt: skip
    for _ in range(4):
        hulpvraag(moment(2025, 5, 12), kern="dinxperlo", kanaal="inloop-dinxperlo")
    geheim = hulpvraag(
        moment(2025, 5, 12, 15),
        kern="dinxperlo",
        kanaal="telefoon",
        vraag="Mijn buurman Gerrit Zwartkop slaat zijn hond",
        afgesloten=moment(2025, 5, 21),
        route=Route.MAATWERK,
    )
    geheim.inwoner.naam = "Hendrika Zonnebloem"
    geheim.inwoner.save()
    DoorverwijzingFactory(
        hulpvraag=geheim, organisatie=OrganisatieFactory(), status="afgewezen",
        verstuurd_op=moment(2025, 5, 20), afgewezen_op=moment(2025, 5, 21),
        reden="Mevrouw Zonnebloem woont in Winterswijk",
    )  # fmt: skip
    Feedback.objects.create(
        kanaal="telefoon", bereikbaar=4, gehoord=4, geholpen=4,
        ingevuld_op=date(2025, 5, 22), opmerking="Dank aan Pieter-Jan Klokhuis",
    )  # fmt: skip


def test_beleid_and_coordinators_see_the_dashboard(client, beleid, coordinator):
    for persoon in (beleid, coordinator):
        client.force_login(persoon)
        assert client.get("/rapportage/").status_code == 200


@pytest.mark.parametrize("rol", [Rol.MEDEWERKER, Rol.PARTNER, Rol.BEHEERDER])
def test_other_roles_may_not_see_the_figures(client, rol):
    client.force_login(UserFactory(rol=rol))
    assert client.get("/rapportage/").status_code == 403
    assert client.get("/rapportage/tabel/kerncijfers.csv").status_code == 403


def test_without_login_the_dashboard_asks_to_log_in(client):
    antwoord = client.get("/rapportage/")
    assert antwoord.status_code == 302 and "/account/inloggen/" in antwoord["Location"]


def test_the_page_shows_the_chosen_month_and_how_recent_its_figures_are(beleid_client, mei):
    pagina = beleid_client.get("/rapportage/?periode=maand&datum=2025-05-01").content.decode()
    assert "Mei 2025" in pagina
    assert "Cijfers bijgewerkt tot maandag 16 juni 2025, 12:00 uur" in pagina
    assert "Vergeleken met april 2025 en mei 2024" in pagina
    # 12 in, seven of them in Aalten; five in Dinxperlo is exactly five: shown.
    assert ">12<" in pagina and ">7<" in pagina and ">5<" in pagina


def test_a_filter_narrows_every_question_figure(beleid_client, mei):
    pagina = beleid_client.get(
        "/rapportage/?periode=maand&datum=2025-05-01&kern=dinxperlo"
    ).content.decode()
    assert "Alleen kern Dinxperlo." in pagina
    antwoord = beleid_client.get(
        "/rapportage/tabel/instroom-kanaal.csv?periode=maand&datum=2025-05-01&kern=dinxperlo"
    )
    rijen = list(csv.reader(io.StringIO(antwoord.content.decode("utf-8-sig")), delimiter=";"))
    assert rijen[0] == ["Kanaal", "Hulpvragen", "Aandeel"]
    per_kanaal = {rij[0]: rij[1] for rij in rijen[1:]}
    # Four at the Dinxperlo walk-in, one by phone: too few to show, and the total with it.
    assert per_kanaal["Inloop Dinxperlo"] == KLEIN and per_kanaal["Telefoon"] == KLEIN
    assert per_kanaal["Website"] == "0"


def test_unknown_filter_values_are_ignored_and_said_so(beleid_client, mei):
    pagina = beleid_client.get(
        "/rapportage/?periode=maand&datum=2025-05-01&kern=atlantis&kanaal=duif&levensdomein=x"
    ).content.decode()
    assert "Het filter kern ‘atlantis’ kennen we niet" in pagina
    assert "Het filter kanaal ‘duif’ kennen we niet" in pagina
    assert "Het filter levensdomein ‘x’ kennen we niet" in pagina
    assert ">12<" in pagina  # all questions, unfiltered


@pytest.mark.parametrize(
    ("query", "veld", "melding"),
    [
        ("periode=aangepast&van=2025-05&tot=2025-04", "tot", "De laatste maand ligt vóór de eerste maand"),
        ("periode=aangepast&van=2019-01&tot=2025-01", "tot", "Kies een periode van hoogstens 5 jaar (60 maanden)"),
        ("periode=aangepast&van=2025-06&tot=2025-07", "tot", "cijfers over de toekomst zijn er niet"),
        ("periode=maand&datum=2025-12-01", "datum", "cijfers over de toekomst zijn er niet"),
        ("periode=aangepast&van=31-02-2025&tot=2025-03", "van", "Vul een maand in als maand-jaar"),
        ("periode=aangepast&van=&tot=2025-03", "van", "Vul de eerste maand van de periode in"),
        ("periode=maand&datum=1950-01-01", "datum", "Cijfers zijn er vanaf 1 januari 2000"),
        ("periode=aangepast&van=1999-12&tot=2000-03", "van", "Cijfers zijn er vanaf 1 januari 2000"),
        ("periode=aangepast&van=9999-12-31&tot=9999-12-31", "van", "Kies een dag van 1-1-1900 tot en met 31-12-2999"),
        ("periode=maand&datum=0001-01-01", "datum", "Kies een dag van 1-1-1900 tot en met 31-12-2999"),
        ("periode=week&datum=2025-05-01", "periode", "Kies maand, kwartaal, jaar of zelf kiezen"),
    ],
)  # fmt: skip
def test_a_period_that_cannot_be_says_why_and_keeps_the_previous_choice(
    beleid_client, mei, query, veld, melding
):
    beleid_client.get("/rapportage/?periode=maand&datum=2025-05-01")
    antwoord = beleid_client.get(f"/rapportage/?{query}")
    assert antwoord.status_code == 200
    pagina = antwoord.content.decode()
    assert melding in pagina
    assert (
        f'id="id_{veld}_error"' in pagina
        or f'id="id_{veld}_0_error"' in pagina
        or melding in pagina
    )
    assert "U ziet nog de cijfers van mei 2025" in pagina
    form = antwoord.context["form"]
    assert veld in form.errors
    # What was typed stays in the form.
    for naam, waarde in (deel.split("=") for deel in query.split("&")):
        if naam in ("van", "tot", "datum"):
            assert form[naam].value() == waarde


def test_a_running_period_is_compared_with_the_whole_period_before_and_a_year_earlier(
    beleid_client,
):
    pagina = beleid_client.get("/rapportage/?periode=maand&datum=2025-06-03").content.decode()
    # June is still running on 16 June: compared with all of May and all of June 2024 (part
    # of a month would be a sliver, see rapportage.perioden).
    assert "Juni 2025 (t/m 16 juni 2025)" in pagina
    assert "Vergeleken met mei 2025 en juni 2024" in pagina


def test_a_chosen_span_is_whole_months(beleid_client, mei):
    antwoord = beleid_client.get("/rapportage/?periode=aangepast&van=2025-04-10&tot=2025-05-03")
    d = antwoord.context["d"]
    assert (d.periode.van, d.periode.tot) == (date(2025, 4, 1), date(2025, 5, 31))
    assert "April 2025 t/m mei 2025" in antwoord.content.decode()
    assert d.tegels[0].waarde.tekst == "12"
    assert d.figuur("instroom-tijd").titel == "Hulpvragen binnengekomen per maand"


def test_nothing_personal_reaches_the_page_or_any_export(beleid_client, mei):
    query = "periode=maand&datum=2025-05-01"
    inhoud = beleid_client.get(f"/rapportage/?{query}").content.decode()
    for sleutel in ("kerncijfers", "redenen", "doorverwijzingen", "tevredenheid"):
        inhoud += beleid_client.get(f"/rapportage/tabel/{sleutel}.csv?{query}").content.decode(
            "utf-8-sig"
        )
    boek = load_workbook(
        io.BytesIO(beleid_client.get(f"/rapportage/tabel/alles.xlsx?{query}").content)
    )
    inhoud += " ".join(
        str(cel)
        for blad in boek.worksheets
        for rij in blad.iter_rows(values_only=True)
        for cel in rij
    )
    for geheim in (
        "Zonnebloem",
        "Hendrika",
        "Gerrit",
        "Zwartkop",
        "Winterswijk",
        "Klokhuis",
        "TA-",
    ):
        assert geheim not in inhoud


def test_every_table_downloads_as_csv_and_xlsx(beleid_client, mei):
    query = "periode=maand&datum=2025-05-01"
    pagina = beleid_client.get(f"/rapportage/?{query}")
    assert len(FIGUREN) >= 12
    for sleutel in FIGUREN:
        als_csv = beleid_client.get(f"/rapportage/tabel/{sleutel}.csv?{query}")
        assert als_csv.status_code == 200
        assert als_csv["Content-Type"].startswith("text/csv")
        assert f"rapportage-{sleutel}-20250501-20250531.csv" in als_csv["Content-Disposition"]
        als_xlsx = beleid_client.get(f"/rapportage/tabel/{sleutel}.xlsx?{query}")
        blad = load_workbook(io.BytesIO(als_xlsx.content)).worksheets[0]
        rijen = list(blad.iter_rows(values_only=True))
        assert rijen[0][0] == pagina.context["d"].figuur(sleutel).titel
        assert "Periode: mei 2025" in [r[0] for r in rijen]


def test_the_page_shows_every_figure_of_the_register_in_its_order(beleid_client, mei):
    d = beleid_client.get("/rapportage/?periode=maand&datum=2025-05-01").context["d"]
    assert [f.sleutel for f in d.figuren] == list(FIGUREN)
    assert d.figuur("instroom-tijd").titel == "Hulpvragen binnengekomen per dag"
    assert d.figuur("route-tijd").kolommen == [
        "Periode", "Sociale basis", "Voorliggend veld", "Maatwerk", "Combinatie", "Totaal"
    ]  # fmt: skip


def test_the_tiles_are_key_figures_with_their_comparisons(beleid_client, mei):
    d = beleid_client.get("/rapportage/?periode=maand&datum=2025-05-01").context["d"]
    assert [t.titel for t in d.tegels] == [
        "Hulpvragen binnengekomen",
        "Beantwoord in de sociale basis of het voorliggend veld",
        "Werkdagen tot het eerste contact (mediaan)",
        "Doorverwijzingen geaccepteerd",
        "Afspraken op tijd nagekomen",
        "Openingen met genoeg bezetting",
    ]
    kerncijfers = {rij.label: rij.cellen for rij in d.figuur("kerncijfers").rijen}
    for tegel in d.tegels:
        assert [tegel.waarde, tegel.vorige, tegel.vorig_jaar] == kerncijfers[tegel.titel]
    assert d.tegels[0].waarde.tekst == "12"


def test_the_xlsx_holds_numbers_and_says_what_is_hidden(beleid_client, mei):
    antwoord = beleid_client.get(
        "/rapportage/tabel/instroom-kern.xlsx?periode=maand&datum=2025-05-01"
    )
    rijen = list(
        load_workbook(io.BytesIO(antwoord.content)).worksheets[0].iter_rows(values_only=True)
    )
    per_kern = {
        rij[0]: rij[1] for rij in rijen if rij and rij[0] in ("Aalten", "Dinxperlo", "Totaal")
    }
    # Per kern × kanaal, telefoon (1) and inloop (4) are small, and the kanalen at no
    # counter add up to 8: Aalten's seven by the website would give the one by phone away.
    assert per_kern == {"Aalten": VERBORGEN, "Dinxperlo": VERBORGEN, "Totaal": 12}
    alles = load_workbook(
        io.BytesIO(
            beleid_client.get("/rapportage/tabel/alles.xlsx?periode=maand&datum=2025-05-01").content
        )
    )
    assert "Uitleg" in alles.sheetnames


def test_unknown_tables_and_formats_are_not_found(beleid_client):
    assert beleid_client.get("/rapportage/tabel/bestaat-niet.csv").status_code == 404
    assert beleid_client.get("/rapportage/tabel/alles.csv").status_code == 404
    assert beleid_client.get("/rapportage/tabel/kerncijfers.pdf").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "periode=%00&datum=%00",
        "datum=2025-13-45&van=abc&tot=" + "9" * 500,
        "kern=" + "a" * 5000 + "&kanaal[]=x",
        "periode=aangepast&van=0001-01-01&tot=9999-12-31",
        "periode=week&datum=2000-01-01",
        "levensdomein=%F0%9F%92%A9&periode=jaar",
    ],
)
def test_junk_in_the_address_never_gives_an_error_page(beleid_client, query):
    assert beleid_client.get(f"/rapportage/?{query}").status_code == 200
    assert beleid_client.get(f"/rapportage/tabel/kerncijfers.csv?{query}").status_code == 200


def test_a_kanaal_or_route_the_application_does_not_know_still_adds_up(beleid_client, mei):
    # Written straight into the database, past the choices of the forms.
    Hulpvraag.objects.filter(kern="aalten").update(kanaal="fax", route="elders")
    pagina = beleid_client.get("/rapportage/?periode=maand&datum=2025-05-01").content.decode()
    assert "Onbekend kanaal" in pagina and "Onbekende route" in pagina
