"""/rapportage/: the loop closed with the resident — the partner's outcome, the resident's
answer, both, and how often they differ — per month under the small-number rule."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from intake.models import Doorverwijzing, DoorverwijzingStatus
from rapportage import cijfers
from rapportage.cijfers import Filters, Kringloop
from rapportage.figuren import FIGUREN
from rapportage.figuren.figuur import Drie
from rapportage.figuren.kringloop import figuur
from rapportage.perioden import MAAND, periode_voor
from tests.intake.factories import DoorverwijzingFactory, HulpvraagFactory

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
DECEMBER = periode_voor(MAAND, date(2026, 12, 1))


def gevraagd(aantal, *, afgerond: bool, antwoord: str, op: datetime, kern="aalten"):
    """`aantal` referrals whose resident was asked at `op`, closed by the partner or not,
    with this answer ("" none yet)."""
    for _ in range(aantal):
        verwijzing = DoorverwijzingFactory(hulpvraag=HulpvraagFactory(kern=kern))
        Doorverwijzing.objects.filter(pk=verwijzing.pk).update(
            status=DoorverwijzingStatus.AFGEROND if afgerond else DoorverwijzingStatus.GEACCEPTEERD,
            uitkomst="Geholpen." if afgerond else "",
            inwoner_gevraagd_op=op,
            inwoner_antwoord=antwoord,
        )


@pytest.fixture
def december(db):
    """December 2026: 12 closed by the partner and confirmed, 5 closed but the resident said
    nee, 5 closed without an answer, 6 not closed but the resident said ja (one in
    Dinxperlo), 7 not closed and nee, 5 not closed with "nog niet"; three asked in November."""
    op = datetime(2026, 12, 14, 10, tzinfo=AMS)
    gevraagd(12, afgerond=True, antwoord="ja", op=op)
    gevraagd(5, afgerond=True, antwoord="nee", op=op)
    gevraagd(5, afgerond=True, antwoord="", op=op)
    gevraagd(5, afgerond=False, antwoord="ja", op=op)
    gevraagd(1, afgerond=False, antwoord="ja", op=op, kern="dinxperlo")
    gevraagd(7, afgerond=False, antwoord="nee", op=op)
    gevraagd(5, afgerond=False, antwoord="nog-niet", op=op)
    gevraagd(3, afgerond=True, antwoord="ja", op=datetime(2026, 11, 30, 23, 30, tzinfo=AMS))
    # Never asked: not in this figure at all.
    DoorverwijzingFactory()


def test_counts_the_partners_outcome_against_the_residents_answer(december):
    (nu,) = cijfers.kringloop([DECEMBER], Filters())
    assert nu == Kringloop(goed_ja=12, goed_nee=5, goed_open=5, open_ja=6, open_nee=7, open_open=5)
    (dinxperlo,) = cijfers.kringloop([DECEMBER], Filters(kern="dinxperlo"))
    assert dinxperlo == Kringloop(open_ja=1)
    (november,) = cijfers.kringloop([periode_voor(MAAND, date(2026, 11, 1))], Filters())
    assert november == Kringloop(goed_ja=3)


def maand(**aantallen) -> Kringloop:
    """A month's loop closed, all of questions asked by phone from Aalten."""
    return Kringloop(**aantallen, per_kern_kanaal={("aalten", "telefoon"): aantallen})


def test_enough_referrals_show_both_rates_and_how_often_they_differ():
    k = maand(goed_ja=20, goed_nee=5, goed_open=10, open_ja=5, open_nee=10, open_open=10)
    rij = figuur([[k]] * 3, Drie(DECEMBER), Filters()).rijen[0]
    # 60 asked; partner 35 (58%), resident ja 25 (42%), both 20 (33%); 40 answered, of
    # whom 10 differ (25%).
    assert [str(c) for c in rij.cellen] == ["60", "58%", "42%", "33%", "40", "25%"]


def test_small_numbers_are_never_shown_nor_worked_out():
    drie = Drie(DECEMBER)
    klein = figuur([[maand(goed_ja=2, open_nee=1)]] * 3, drie, Filters()).rijen[0]
    assert [str(c) for c in klein.cellen] == ["<5", "–", "–", "–", "<5", "–"]
    # Differences 3 of 40 answered: hidden, and nothing that gives the 3 away shows.
    rij = figuur(
        [[maand(goed_ja=20, goed_nee=2, goed_open=5, open_ja=1, open_nee=17, open_open=5)]] * 3,
        drie,
        Filters(),
    ).rijen[0]
    getoond = [str(c) for c in rij.cellen]
    assert getoond[5] == "–"
    assert "3" not in getoond and "8%" not in getoond


def test_a_period_adds_up_its_months_and_hides_what_one_month_hides():
    gewoon = maand(goed_ja=20, goed_nee=5, goed_open=10, open_ja=5, open_nee=10, open_open=10)
    klein = maand(goed_ja=2)
    twee = figuur([[gewoon, gewoon]] * 3, Drie(DECEMBER), Filters()).rijen[0]
    assert str(twee.cellen[0]) == "120"
    met_klein = figuur([[gewoon, klein]] * 3, Drie(DECEMBER), Filters()).rijen[0]
    assert str(met_klein.cellen[0]) not in ("62", "60")


def test_the_dashboard_and_its_export_show_the_closed_loop(client, beleid, december):
    assert "kringloop" in FIGUREN
    client.force_login(beleid)

    def bekijken(vraag=""):
        with time_machine.travel(datetime(2027, 1, 5, 10, tzinfo=AMS), tick=False):
            pagina = client.get(f"/rapportage/?periode=maand&datum=2026-12-01{vraag}")
            csv = client.get(
                f"/rapportage/tabel/kringloop.csv?periode=maand&datum=2026-12-01{vraag}"
            )
        assert csv.status_code == 200
        return pagina.content.decode(), csv.content.decode().splitlines()[1].split(";")

    # Dinxperlo's one referral is a small cell of the month's table per kern × kanaal: the
    # parts it is in are hidden for all kernen together too, or Aalten's page next to this
    # one would give it back. (Protection hides a cell per small count per round, which
    # here also takes the totals asked and answered: more than strictly needed, never less.)
    _, deze = bekijken()
    assert deze[1:] == ["verborgen", "–", "–", "–", "verborgen", "–"]
    assert bekijken("&kern=dinxperlo")[1][1] == "<5"
    # Without it every count and percentage shows.
    HulpvraagFactory._meta.model.objects.filter(kern="dinxperlo").update(kern="aalten")
    pagina, deze = bekijken()
    assert "Doorverwijzingen: klopt het volgens de inwoner?" in pagina
    assert "Afgerond met goede uitkomst" in pagina
    # 40 asked; partner 22 (55%), ja 18 (45%), both 12 (30%); 30 answered, 11 differ (37%).
    assert deze[1:] == ["40", "55,0", "45,0", "30,0", "30", "36,7"]


def test_the_closed_loop_report_is_for_policy_only(client, medewerker, partner_a):
    for wie in (medewerker, partner_a):
        client.force_login(wie)
        assert client.get("/rapportage/tabel/kringloop.csv").status_code == 403
