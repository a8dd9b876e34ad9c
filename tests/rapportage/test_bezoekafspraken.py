"""/rapportage/: appointments at the front door booked, cancelled, came and no-show per
month, with the small-number rule: a count of 1-4, or one that follows from the others,
is never shown."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from rapportage import cijfers
from rapportage.cijfers import Bezoekafspraken, Filters
from rapportage.figuren import FIGUREN
from rapportage.figuren.bezoekafspraken import figuur
from rapportage.figuren.figuur import Drie
from rapportage.perioden import MAAND, periode_voor
from tests.intake.factories import bezoekafspraak_maken, rooster_vullen, voordeur_openen

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
DECEMBER = periode_voor(MAAND, date(2026, 12, 1))


def om(maand, dag, uur, minuut=0):
    return datetime(2026, maand, dag, uur, minuut, tzinfo=AMS)


@pytest.fixture
def december(db, medewerker):
    """Eight appointments on Wednesday 9 December in Dinxperlo: five came, one did not,
    one was cancelled, one not yet recorded; and one on 25 November."""
    _, dinxperlo = voordeur_openen()
    rooster_vullen(dinxperlo, date(2026, 12, 9), "ochtend", 3)
    rooster_vullen(dinxperlo, date(2026, 11, 25), "ochtend", 3)
    with time_machine.travel(om(11, 23, 10), tick=False):
        bezoekafspraak_maken(dinxperlo, "2026-11-25T09:00", telefoon="0612345600")
    with time_machine.travel(om(12, 7, 10), tick=False):
        afspraken = [
            bezoekafspraak_maken(
                dinxperlo,
                "2026-12-09T" + ("08:30", "09:00", "09:30", "10:00")[n // 2],
                telefoon=f"06123456{n:02d}",
            )
            for n in range(8)
        ]
        afspraken[6].annuleren()
    with time_machine.travel(om(12, 9, 12), tick=False):
        for n, afspraak in enumerate(afspraken[:6]):
            afspraak.afhandelen(door=medewerker, gekomen=n < 5)
    return afspraken


def test_counts_appointments_booked_cancelled_came_and_no_show(december):
    (nu,) = cijfers.bezoekafspraken([DECEMBER], Filters())
    assert nu == Bezoekafspraken(geboekt=8, afgezegd=1, geweest=5, niet_gekomen=1)
    (november,) = cijfers.bezoekafspraken([periode_voor(MAAND, date(2026, 11, 1))], Filters())
    assert november.geboekt == 1


def maand(*aantallen) -> Bezoekafspraken:
    """A month's visits, all with questions from Aalten by website."""
    return Bezoekafspraken(*aantallen, per_kern_kanaal={("aalten", "website"): aantallen})


def test_small_numbers_are_never_shown_nor_worked_out():
    rij = figuur([[maand(8, 1, 5, 1)]] * 3, Drie(DECEMBER), Filters()).rijen[0]
    getoond = [str(cel) for cel in rij.cellen]
    assert "1" not in getoond and "7" not in getoond
    assert str(rij.cellen[4]) == "–"  # no percentage from hidden counts


def test_enough_appointments_show_every_count_and_the_no_show_share():
    rij = figuur([[maand(60, 10, 40, 10)]] * 3, Drie(DECEMBER), Filters()).rijen[0]
    assert [str(c) for c in rij.cellen] == ["60", "10", "40", "10", "20%"]


def test_the_dashboard_and_its_export_show_appointments(client, beleid, december):
    assert "bezoekafspraken" in FIGUREN
    client.force_login(beleid)
    with time_machine.travel(om(12, 23, 10), tick=False):
        pagina = client.get("/rapportage/?periode=maand&datum=2026-12-01").content.decode()
        csv = client.get("/rapportage/tabel/bezoekafspraken.csv?periode=maand&datum=2026-12-01")
    assert "Afspraken aan de balie: geboekt en niet gekomen" in pagina
    assert csv.status_code == 200
    deze = csv.content.decode().splitlines()[1].split(";")
    assert "1" not in deze and "verborgen" in deze
