"""Every figure against a small data set counted by hand: May 2025.

May 2025 has two public holidays on weekdays: Bevrijdingsdag (Monday 5 May) and
Hemelvaartsdag (Thursday 29 May); April has Goede Vrijdag (18th) and Tweede Paasdag (21st).
Lead times in working days skip those and the weekends.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from intake.models import (
    EERSTE_CONTACT_WERKDAGEN,
    Doorverwijzing,
    Feedback,
    Kanaal,
    Route,
    eerste_contact_uiterlijk,
)
from locaties import demo
from locaties.models import Dienst, Toegangslocatie
from locaties.openingstijden import werkdagen_later, werkdagen_tussen
from rapportage import cijfers
from rapportage.cijfers import Filters, Verdeling
from rapportage.perioden import KWARTAAL, MAAND, periode_voor
from sociale_kaart.models import Levensdomein
from tests.accounts.factories import UserFactory
from tests.intake.factories import AfspraakFactory, DoorverwijzingFactory
from tests.sociale_kaart.factories import OrganisatieFactory
from toegang.accounts.roles import Rol, Team

from .gegevens import hulpvraag, moment, week

pytestmark = pytest.mark.usefixtures("kalender", "levensdomeinen")

MEI = periode_voor(MAAND, date(2025, 5, 1))
APRIL = periode_voor(MAAND, date(2025, 4, 1))
MEI_2024 = periode_voor(MAAND, date(2024, 5, 1))
PERIODEN = [MEI, APRIL, MEI_2024]


@pytest.fixture
def mei(db):
    """Five questions came in during May, four were closed in it (one from April)."""
    return {
        # Wednesday before Ascension → Friday after: 1 working day.
        "h1": hulpvraag(moment(2025, 5, 28), kanaal="website", kern="aalten",
                        domeinen=["werk-en-inkomen"], contact=moment(2025, 5, 30, 9),
                        afgesloten=moment(2025, 5, 30, 11), route=Route.VOORLIGGEND_VELD),
        # Friday 23 → Friday 30 May: 26, 27, 28, 30 = 4 working days.
        "h2": hulpvraag(moment(2025, 5, 23), kanaal="telefoon", kern="dinxperlo",
                        domeinen=["zorg", "wonen"], contact=moment(2025, 5, 23),
                        afgesloten=moment(2025, 5, 30), route=Route.MAATWERK),
        "h3": hulpvraag(moment(2025, 5, 1, 9), kanaal="balie-hofstraat", kern="bredevoort",
                        domeinen=["zorg"], contact=moment(2025, 5, 1, 9),
                        afgesloten=moment(2025, 5, 1, 15), route=Route.SOCIALE_BASIS),
        # Friday 2 → Tuesday 6 May, over Bevrijdingsdag: 1 working day.
        "h4": hulpvraag(moment(2025, 5, 2), kanaal="inloop-dinxperlo", kern="dinxperlo",
                        contact=moment(2025, 5, 6)),
        "h5": hulpvraag(moment(2025, 5, 12), kanaal="website", kern="", domeinen=["werk-en-inkomen"]),
        # April: one closed in May after 21 working days, one closed in April.
        "h6": hulpvraag(moment(2025, 4, 15), kanaal="email", kern="aalten",
                        contact=moment(2025, 4, 17), afgesloten=moment(2025, 5, 19),
                        route=Route.COMBINATIE),
        "h7": hulpvraag(moment(2025, 4, 10), kanaal="partner", kern="lintelo",
                        contact=moment(2025, 4, 10), afgesloten=moment(2025, 4, 10, 16),
                        route=Route.SOCIALE_BASIS),
        "h8": hulpvraag(moment(2024, 5, 20), kanaal="website"),
    }  # fmt: skip


def test_the_hand_counted_lead_times_are_the_working_day_rule():
    assert werkdagen_tussen(date(2025, 5, 28), date(2025, 5, 30)) == 1
    assert werkdagen_tussen(date(2025, 5, 23), date(2025, 5, 30)) == 4
    assert werkdagen_tussen(date(2025, 5, 2), date(2025, 5, 6)) == 1
    assert werkdagen_tussen(date(2025, 4, 15), date(2025, 5, 19)) == 21


def test_questions_in_per_kanaal_kern_day_and_levensdomein(mei):
    nu, april, vorig_jaar = cijfers.instroom(PERIODEN, Filters())
    assert (nu.totaal, april.totaal, vorig_jaar.totaal) == (5, 2, 1)
    assert nu.per_kanaal == {
        "website": 2,
        "telefoon": 1,
        "balie-hofstraat": 1,
        "inloop-dinxperlo": 1,
    }
    assert nu.per_kern == {"aalten": 1, "dinxperlo": 2, "bredevoort": 1, "": 1}
    assert nu.per_emmer == {
        date(2025, 5, 1): 1, date(2025, 5, 2): 1, date(2025, 5, 12): 1,
        date(2025, 5, 23): 1, date(2025, 5, 28): 1,
    }  # fmt: skip
    domein = dict(Levensdomein.objects.values_list("slug", "pk"))
    assert nu.per_levensdomein == {
        domein["werk-en-inkomen"]: 2,
        domein["zorg"]: 2,
        domein["wonen"]: 1,
    }


def test_a_question_counts_on_its_local_day():
    # 23:30 on 31 May in Aalten is 21:30 UTC: May, not June.
    hulpvraag(moment(2025, 5, 31, 23, 30))
    hulpvraag(moment(2025, 6, 1, 0, 30))
    (nu,) = cijfers.instroom([MEI], Filters())
    assert nu.totaal == 1
    assert nu.per_emmer == {date(2025, 5, 31): 1}


def test_closed_questions_per_route_with_working_days_to_closing(mei):
    nu, april, _ = cijfers.afsluiting(PERIODEN, Filters())
    assert nu.totaal == 4
    assert nu.per_route == {
        Route.VOORLIGGEND_VELD: 1, Route.MAATWERK: 1, Route.SOCIALE_BASIS: 1, Route.COMBINATIE: 1,
    }  # fmt: skip
    assert nu.werkdagen.aantallen == {1: 1, 4: 1, 0: 1, 21: 1}
    # [0, 1, 4, 21]: median halfway 1 and 4; the 90th percentile 70% of the way from 4 to 21.
    assert nu.werkdagen.percentiel(0.5) == 2.5
    assert nu.werkdagen.percentiel(0.9) == pytest.approx(15.9)
    assert nu.per_emmer_route == {
        (date(2025, 5, 30), Route.VOORLIGGEND_VELD): 1,
        (date(2025, 5, 30), Route.MAATWERK): 1,
        (date(2025, 5, 1), Route.SOCIALE_BASIS): 1,
        (date(2025, 5, 19), Route.COMBINATIE): 1,
    }
    assert (april.totaal, april.per_route, april.werkdagen.aantallen) == (
        1, {Route.SOCIALE_BASIS: 1}, {0: 1},
    )  # fmt: skip


def test_working_days_to_first_contact_skip_the_holidays(mei):
    nu, april, _ = cijfers.eerste_contact(PERIODEN, Filters())
    assert nu.aantallen == {1: 2, 0: 2}
    assert nu.percentiel(0.5) == 0.5
    assert april.aantallen == {2: 1, 0: 1}


def test_a_first_contact_on_its_deadline_has_waited_the_promised_working_days():
    """The reports count the working days to the first contact as the deadline counts them
    (intake's eerste_contact_uiterlijk): a contact on the deadline day has waited exactly
    EERSTE_CONTACT_WERKDAGEN working days, one on the next working day one more; also
    across Bevrijdingsdag, Ascension, Whitsun and a weekend, and from a Saturday."""
    binnen = [date(2025, 5, 2), date(2025, 5, 3), date(2025, 5, 27), date(2025, 6, 5)]
    for dag in binnen:
        uiterlijk = eerste_contact_uiterlijk(dag)
        te_laat = werkdagen_later(uiterlijk, 1)
        for contact in (uiterlijk, te_laat):
            hulpvraag(
                moment(dag.year, dag.month, dag.day, 16, 30),
                contact=moment(contact.year, contact.month, contact.day, 9),
            )
    (verdeling,) = cijfers.eerste_contact([periode_voor(KWARTAAL, date(2025, 5, 1))], Filters())
    n = EERSTE_CONTACT_WERKDAGEN
    assert verdeling.aantallen == {n: len(binnen), n + 1: len(binnen)}


def test_every_filter_narrows_every_question_figure(mei):
    dinxperlo = Filters(kern="dinxperlo")
    assert cijfers.instroom([MEI], dinxperlo)[0].per_kanaal == {
        "telefoon": 1,
        "inloop-dinxperlo": 1,
    }
    assert cijfers.afsluiting([MEI], dinxperlo)[0].per_route == {Route.MAATWERK: 1}
    assert cijfers.eerste_contact([MEI], dinxperlo)[0].aantallen == {0: 1, 1: 1}
    assert cijfers.instroom([MEI], Filters(kanaal="website"))[0].totaal == 2
    zorg = Levensdomein.objects.get(slug="zorg").pk
    assert cijfers.instroom([MEI], Filters(levensdomein=zorg))[0].per_kern == {
        "dinxperlo": 1, "bredevoort": 1,
    }  # fmt: skip
    assert cijfers.afsluiting([MEI], Filters(levensdomein=zorg, kern="bredevoort"))[
        0
    ].per_route == {Route.SOCIALE_BASIS: 1}


def test_percentiles_interpolate_between_neighbours_as_postgresql_does():
    verdeling = Verdeling({2: 3, 5: 1})  # [2, 2, 2, 5]
    assert verdeling.percentiel(0.5) == 2
    assert verdeling.percentiel(0.9) == pytest.approx(2 + 0.7 * 3)
    assert Verdeling().percentiel(0.5) is None
    assert Verdeling({7: 1}).percentiel(0.9) == 7


@pytest.fixture
def verwijzingen(mei):
    figulus = OrganisatieFactory(naam="Figulus Welzijn")
    laborijn = OrganisatieFactory(naam="Laborijn")
    collega = UserFactory(rol=Rol.MEDEWERKER)

    def stuur(h, verstuurd, **velden):
        return DoorverwijzingFactory(
            hulpvraag=h, verstuurd_op=verstuurd, **({"status": "verstuurd"} | velden)
        )

    stuur(
        mei["h1"],
        moment(2025, 5, 28, 9),
        organisatie=figulus,
        status="geaccepteerd",
        geaccepteerd_op=moment(2025, 5, 30),
    )
    stuur(
        mei["h4"],
        moment(2025, 5, 2),
        organisatie=figulus,
        status="afgewezen",
        afgewezen_op=moment(2025, 5, 6),
        reden="Geen plek",
    )
    stuur(
        mei["h5"],
        moment(2025, 5, 12),
        organisatie=None,
        team=Team.MAATWERK_WMO,
        grondslag="geen",
        gegevens=[],
        status="geaccepteerd",
        geaccepteerd_op=moment(2025, 5, 12, 15),
    )
    stuur(
        mei["h2"],
        moment(2025, 5, 23),
        organisatie=laborijn,
        status="verlopen",
        verlopen_op=moment(2025, 5, 30),
    )
    stuur(
        mei["h3"],
        moment(2025, 5, 1),
        organisatie=None,
        collega=collega,
        grondslag="geen",
        gegevens=[],
        status="geaccepteerd",
        geaccepteerd_op=moment(2025, 5, 2),
    )
    # A concept was never sent; a referral sent in April belongs to April.
    DoorverwijzingFactory(hulpvraag=mei["h1"], organisatie=laborijn)
    stuur(
        mei["h6"],
        moment(2025, 4, 16),
        organisatie=laborijn,
        status="geaccepteerd",
        geaccepteerd_op=moment(2025, 4, 22),
    )
    return {"figulus": figulus, "laborijn": laborijn}  # fmt: skip


def test_referrals_per_receiver_sent_accepted_declined_expired(verwijzingen):
    nu, april, _ = cijfers.doorverwijzingen(PERIODEN, Filters())
    t = nu.totaal
    assert (t.verstuurd, t.geaccepteerd, t.afgewezen, t.verlopen) == (5, 3, 1, 1)
    assert t.werkdagen.aantallen == {1: 2, 0: 1}
    per = {
        sleutel: (v.verstuurd, v.geaccepteerd, v.afgewezen, v.verlopen)
        for sleutel, v in nu.per_ontvanger.items()
    }
    assert per == {
        ("organisatie", str(verwijzingen["figulus"].pk)): (2, 1, 1, 0),
        ("organisatie", str(verwijzingen["laborijn"].pk)): (1, 0, 0, 1),
        ("team", Team.MAATWERK_WMO): (1, 1, 0, 0),
        ("collega", ""): (1, 1, 0, 0),
    }  # fmt: skip
    # Sent Wednesday 16 April, accepted Tuesday 22 April: Goede Vrijdag and Easter Monday skipped.
    assert (april.totaal.verstuurd, april.totaal.werkdagen.aantallen) == (1, {2: 1})


def test_a_reason_for_declining_is_only_named_when_five_gave_exactly_that(verwijzingen):
    figulus = verwijzingen["figulus"]
    for i, reden in enumerate(["Wachtlijst is vol", "wachtlijst is vol ", "Wachtlijst is vol",
                               "Wachtlijst is vol", " Wachtlijst Is Vol"]):  # fmt: skip
        DoorverwijzingFactory(
            hulpvraag=hulpvraag(moment(2025, 5, 5 + i)), organisatie=figulus, status="afgewezen",
            verstuurd_op=moment(2025, 5, 5 + i), afgewezen_op=moment(2025, 5, 6 + i), reden=reden,
        )  # fmt: skip
    DoorverwijzingFactory(
        hulpvraag=hulpvraag(moment(2025, 5, 14)), organisatie=figulus, status="afgewezen",
        verstuurd_op=moment(2025, 5, 14), afgewezen_op=moment(2025, 5, 15),
        reden="Mevrouw Jansen uit de Kerkstraat wil liever hulp van haar dochter",
    )  # fmt: skip
    # One resident's story, five times for five partners, is still one resident's story.
    h = hulpvraag(moment(2025, 5, 15))
    for _ in range(5):
        DoorverwijzingFactory(
            hulpvraag=h, organisatie=OrganisatieFactory(), status="afgewezen",
            verstuurd_op=moment(2025, 5, 15), afgewezen_op=moment(2025, 5, 16),
            reden="Meneer Pietersen is al bekend bij ons",
        )  # fmt: skip
    (per_kern_kanaal,) = cijfers.redenen([MEI], Filters())
    redenen: dict = {}
    for (reden, _, _), aantal in per_kern_kanaal.items():
        redenen[reden] = redenen.get(reden, 0) + aantal
    assert len(redenen) == 2
    assert redenen[None] == 2 + 5  # "Geen plek" and the stories: not named
    ((genoemd, aantal),) = [(r, n) for r, n in redenen.items() if r is not None]
    assert genoemd.lower() == "wachtlijst is vol" and aantal == 5


def test_a_reason_is_named_alike_whatever_kern_a_page_shows(verwijzingen):
    """Whether a reason is common is decided over all referrals (of the levensdomein filtered
    on), not per kern: a kern's page names the same reasons as the page of all."""
    figulus = verwijzingen["figulus"]
    for kern in ["aalten", "aalten", "aalten", "aalten", "dinxperlo"]:
        DoorverwijzingFactory(
            hulpvraag=hulpvraag(moment(2025, 5, 5), kern=kern), organisatie=figulus,
            status="afgewezen", verstuurd_op=moment(2025, 5, 5), afgewezen_op=moment(2025, 5, 6),
            reden="Wachtlijst is vol",
        )  # fmt: skip
    (dinxperlo,) = cijfers.redenen([MEI], Filters(kern="dinxperlo"))
    assert dinxperlo[next(r for r, *_ in dinxperlo if r), "dinxperlo", "website"] == 1


def test_referral_figures_follow_the_filters_of_their_question(verwijzingen):
    (nu,) = cijfers.doorverwijzingen([MEI], Filters(kern="dinxperlo"))
    assert (nu.totaal.verstuurd, nu.totaal.afgewezen, nu.totaal.verlopen) == (2, 1, 1)


def test_commitments_kept_on_time_by_their_local_day(db):
    h = hulpvraag(moment(2025, 5, 1))
    gesloten = hulpvraag(moment(2025, 5, 1), afgesloten=moment(2025, 5, 2))
    AfspraakFactory(hulpvraag=h, deadline=date(2025, 5, 5), gedaan_op=moment(2025, 5, 2))
    AfspraakFactory(hulpvraag=h, deadline=date(2025, 5, 12), gedaan_op=moment(2025, 5, 13))
    AfspraakFactory(hulpvraag=h, deadline=date(2025, 5, 14))  # open and late
    AfspraakFactory(hulpvraag=h, deadline=date(2025, 5, 20))  # due today: not judged yet
    AfspraakFactory(hulpvraag=h, deadline=date(2025, 5, 25), gedaan_op=moment(2025, 5, 19))
    # Done at 23:30 on the due day in Aalten (21:30 UTC): on time.
    AfspraakFactory(hulpvraag=h, deadline=date(2025, 5, 9), gedaan_op=moment(2025, 5, 9, 23, 30))
    # Late, on a closed case: counts as not kept, but is no longer in anyone's queue.
    AfspraakFactory(hulpvraag=gesloten, deadline=date(2025, 5, 2))
    (nu,) = cijfers.afspraken([MEI], Filters(), date(2025, 5, 20))
    assert (nu.op_tijd, nu.beoordeeld) == (3, 6)
    # Overdue now, per kern and kanaal of the question (every filter reads its cell there).
    assert cijfers.afspraken_te_laat(None, date(2025, 5, 20)) == {("aalten", "website"): 1}


@pytest.fixture
def rooster(db):
    demo.load()
    hofstraat = Toegangslocatie.objects.get(slug="hofstraat")
    dinxperlo = Toegangslocatie.objects.get(slug="dinxperlo")
    mensen = [UserFactory() for _ in range(2)]
    for locatie, datum, dagdeel, aantal in [
        (hofstraat, date(2025, 5, 12), "ochtend", 2),
        (hofstraat, date(2025, 5, 12), "middag", 1),
        (dinxperlo, date(2025, 5, 13), "ochtend", 2),
        (hofstraat, date(2025, 5, 26), "ochtend", 3 - 1),
    ]:
        for mens in mensen[:aantal]:
            Dienst.objects.create(locatie=locatie, datum=datum, dagdeel=dagdeel, medewerker=mens)


def test_openings_at_or_above_minimum_staffing(rooster):
    gewone = week(date(2025, 5, 12))
    # Ascension week: Hofstraat closed on Thursday, Dinxperlo's Thursday afternoon too.
    hemelvaart = week(date(2025, 5, 26))
    gewoon, feestweek = cijfers.bezetting([gewone, hemelvaart], Filters())
    assert gewoon.per_locatie == {"hofstraat": (10, 1), "dinxperlo": (2, 1)}
    assert feestweek.per_locatie == {"hofstraat": (8, 1), "dinxperlo": (1, 0)}
    assert (gewoon.openingen, gewoon.op_sterkte) == (12, 2)


def test_staffing_follows_the_kern_and_the_counter_kanaal(rooster):
    weken = [week(date(2025, 5, 12))]
    assert cijfers.bezetting(weken, Filters(kern="dinxperlo"))[0].per_locatie == {
        "dinxperlo": (2, 1)
    }
    assert cijfers.bezetting(weken, Filters(kanaal=Kanaal.BALIE_HOFSTRAAT))[0].per_locatie == {
        "hofstraat": (10, 1)
    }
    assert cijfers.bezetting(weken, Filters(kanaal=Kanaal.TELEFOON))[0].per_locatie == {}


def test_satisfaction_per_touchpoint(db):
    for b, g, h in [(5, 4, 3), (4, 4, 4), (3, 5, 5), (5, 5, 5), (2, 3, 4)]:
        Feedback.objects.create(kanaal="website", bereikbaar=b, gehoord=g, geholpen=h,
                                ingevuld_op=date(2025, 5, 3), opmerking="Meneer De Vries was aardig")  # fmt: skip
    Feedback.objects.create(kanaal="telefoon", bereikbaar=1, gehoord=1, geholpen=1,
                            ingevuld_op=date(2025, 5, 31))  # fmt: skip
    Feedback.objects.create(kanaal="telefoon", bereikbaar=5, gehoord=5, geholpen=5,
                            ingevuld_op=date(2025, 6, 1))  # fmt: skip
    (nu,) = cijfers.tevredenheid([MEI], Filters())
    website = nu.per_kanaal["website"]
    assert (website.aantal, website.bereikbaar, website.gehoord, website.geholpen) == (
        5,
        19,
        21,
        21,
    )
    assert website.gemiddelde("bereikbaar") == pytest.approx(3.8)
    assert nu.totaal.aantal == 6
    (telefoon,) = cijfers.tevredenheid([MEI], Filters(kanaal="telefoon"))
    assert list(telefoon.per_kanaal) == ["telefoon"]


def test_the_data_are_as_recent_as_the_database(db):
    assert abs(cijfers.gegevens_van() - timezone.now()) < timedelta(minutes=1)


def test_doorverwijzing_status_values_used_here_exist():
    # The figures read these statuses by name; they are the model's own.
    assert {"geaccepteerd", "afgewezen", "verlopen", "verstuurd"} <= set(
        Doorverwijzing.Status.values
    )
