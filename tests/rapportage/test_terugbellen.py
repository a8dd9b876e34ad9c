"""/rapportage/: call-backs asked for, made, made on time and reached, with the small-number
rule: a count of 1-4, or one that follows from the others, is never shown."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from intake.models import Terugbelverzoek
from rapportage import cijfers
from rapportage.cijfers import Filters, Terugbellen
from rapportage.figuren import FIGUREN
from rapportage.figuren.figuur import Drie
from rapportage.figuren.terugbellen import figuur
from rapportage.perioden import MAAND, periode_voor
from tests.intake.factories import HulpvraagFactory, terugbelverzoek_maken, voordeur_openen

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
DECEMBER = periode_voor(MAAND, date(2026, 12, 1))


def om(dag, uur, minuut=0):
    return datetime(2026, 12, dag, uur, minuut, tzinfo=AMS)


@pytest.fixture
def december(db, medewerker):
    """Seven call-backs asked for on Monday 21 December for that afternoon: five called
    within the window (four reached), one called the next morning (reached), one never
    called; and one asked for in November."""
    voordeur_openen()
    with time_machine.travel(om(21, 10), tick=False):
        verzoeken = [
            terugbelverzoek_maken(
                HulpvraagFactory(kern="dinxperlo" if n == 6 else "aalten"),
                venster="2026-12-21-middag",
            )
            for n in range(7)
        ]
    with time_machine.travel(om(21, 14), tick=False):
        for n, verzoek in enumerate(verzoeken[:5]):
            verzoek.gebeld(door=medewerker, poging=1, bereikt=n < 4)
    with time_machine.travel(om(22, 10), tick=False):
        verzoeken[5].gebeld(door=medewerker, poging=1, bereikt=True)
    with time_machine.travel(datetime(2026, 11, 30, 10, tzinfo=AMS), tick=False):
        terugbelverzoek_maken(venster="2026-11-30-middag")
    return verzoeken


def test_counts_call_backs_asked_called_on_time_and_reached(december):
    (nu,) = cijfers.terugbellen([DECEMBER], Filters())
    assert nu == Terugbellen(gevraagd=7, gebeld=6, op_tijd=5, bereikt=5)
    (aalten,) = cijfers.terugbellen([DECEMBER], Filters(kern="aalten"))
    assert aalten.gevraagd == 6
    (dinxperlo,) = cijfers.terugbellen([DECEMBER], Filters(kern="dinxperlo"))
    assert dinxperlo == Terugbellen(gevraagd=1, gebeld=0, op_tijd=0, bereikt=0)
    assert Terugbelverzoek.objects.count() == 8


def test_a_call_back_counts_in_the_month_of_its_local_day(december):
    """The month's bounds are local midnights: an hour before UTC in winter."""
    for verzoek, lokaal in zip(
        december,
        [
            datetime(2026, 12, 1, 0, 30, tzinfo=AMS),  # 30 November in UTC: December
            datetime(2026, 11, 30, 23, 30, tzinfo=AMS),  # November
            datetime(2026, 12, 31, 23, 30, tzinfo=AMS),  # December
            datetime(2027, 1, 1, 0, 30, tzinfo=AMS),  # 31 December in UTC: January
        ],
        strict=False,
    ):
        Terugbelverzoek.objects.filter(pk=verzoek.pk).update(aangemaakt=lokaal)
    (nu,) = cijfers.terugbellen([DECEMBER], Filters())
    assert nu.gevraagd == 5
    (november,) = cijfers.terugbellen([periode_voor(MAAND, date(2026, 11, 1))], Filters())
    assert november.gevraagd == 2


def maand(*aantallen) -> Terugbellen:
    """A month's call-backs, all asked by phone from Aalten."""
    return Terugbellen(*aantallen, per_kern_kanaal={("aalten", "telefoon"): aantallen})


def test_small_numbers_are_never_shown_nor_worked_out():
    drie = Drie(DECEMBER)
    # One called late and one not called: the rest follows from the totals, so more hides.
    rij = figuur([[maand(7, 6, 5, 4)]] * 3, drie, Filters()).rijen[0]
    getoond = [str(cel) for cel in rij.cellen]
    assert "4" not in getoond and "1" not in getoond
    assert getoond[4] == "<5"  # bereikt 4
    assert str(rij.cellen[3]) == "–"  # no percentage from hidden counts
    klein = figuur([[maand(3, 3, 3, 3)]] * 3, drie, Filters()).rijen[0]
    assert [str(c) for c in klein.cellen] == ["<5", "<5", "<5", "–", "<5"]


def test_enough_call_backs_show_every_count_and_the_share_on_time():
    rij = figuur([[maand(40, 30, 24, 20)]] * 3, Drie(DECEMBER), Filters()).rijen[0]
    assert [str(c) for c in rij.cellen] == ["40", "30", "24", "80%", "20"]


def test_a_period_adds_up_its_months_and_hides_what_one_month_hides():
    # Each month is protected on its own (rapportage.afscherming.per_periode): a quarter
    # with a small month shows no sum that would give that month's count away.
    gewoon, klein = maand(40, 30, 24, 20), maand(3, 3, 3, 3)
    twee = figuur([[gewoon, gewoon]] * 3, Drie(DECEMBER), Filters()).rijen[0]
    assert [str(c) for c in twee.cellen][:3] == ["80", "60", "48"]
    met_klein = figuur([[gewoon, klein]] * 3, Drie(DECEMBER), Filters()).rijen[0]
    assert "43" not in [str(c) for c in met_klein.cellen]
    assert str(met_klein.cellen[0]) != "40"


def test_the_dashboard_and_its_export_show_call_backs(client, beleid, december):
    assert "terugbellen" in FIGUREN
    client.force_login(beleid)
    with time_machine.travel(om(23, 10), tick=False):
        pagina = client.get("/rapportage/?periode=maand&datum=2026-12-01").content.decode()
        csv = client.get("/rapportage/tabel/terugbellen.csv?periode=maand&datum=2026-12-01")
    assert "Terugbellen: gebeld en op tijd" in pagina
    assert csv.status_code == 200
    tekst = csv.content.decode()
    deze = tekst.splitlines()[1].split(";")
    # 7 asked, 6 called, 5 on time: one late and one never called would follow from
    # these, so a count that reveals them is hidden too.
    assert "1" not in deze and "verborgen" in deze
    assert not (deze[1] == "7" and deze[2] == "6")
