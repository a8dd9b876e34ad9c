"""Retention: closed cases are anonymised after the term of their route, questions nobody
answered are deleted after six months, open cases and cases on legal hold are left alone.
Every test runs in frozen time."""

import logging
from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intake import tasks
from intake.models import (
    Afspraak,
    Bewaartermijn,
    Doorverwijzing,
    DoorverwijzingGebeurtenis,
    DoorverwijzingStatus,
    Gebeurtenis,
    Hulpvraag,
    Inwoner,
    Kanaal,
    OngeldigeOvergang,
    Route,
    Status,
    Terugbelpoging,
    Terugbelverzoek,
)
from intake.services.afspraken import afspraken_herinneren
from intake.services.bewaren import VERWIJDERD, bewaartermijnen_toepassen, maanden_eerder
from intake.services.doorverwijzing import (
    doorverwijzing_accepteren,
    doorverwijzing_afronden,
    doorverwijzing_afwijzen,
    doorverwijzing_beantwoorden,
    doorverwijzing_contact_vastleggen,
    doorverwijzing_terugsturen,
    doorverwijzing_versturen,
)
from intake.services.hulpvraag import (
    doorbraak_vastleggen,
    hulpvraag_indienen,
    hulpvraag_sluiten,
    veiligheid_markeren,
    vraag_toevoegen,
)
from intake.services.terugbellen import terugbellen_vastleggen
from tests.accounts.factories import UserFactory
from tests.intake.factories import (
    DoorverwijzingFactory,
    HulpvraagFactory,
    InwonerFactory,
    bezoekafspraak_maken,
    rooster_vullen,
    terugbelverzoek_maken,
    voordeur_openen,
)
from toegang.accounts.roles import Rol, Team
from toegang.berichten.models import Bericht, Mail
from toegang.privacy.models import Logbewaartermijnen

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
# A Tuesday morning: a working day, so reminders go out.
BEGIN = datetime(2024, 3, 5, 10, 0, tzinfo=AMS)
# Every free text and personal value of the full case below contains this word or number.
GEHEIM = "geheim"
GEHEIM_NUMMER = "99887766"


def jaren_later(jaren: int, dagen: int = 0) -> datetime:
    return maanden_eerder(BEGIN, -12 * jaren) + timedelta(days=dagen)


def volledige_zaak(medewerker, partner, figulus, laborijn, partner_b, levensdomeinen, collega):
    """An online question that went the whole way, as the front door would handle it: a
    confirmation mail, contact, a note, an afspraak with a reminder to the resident, a
    referral with a question back, accepted and closed with an outcome, a declined referral,
    a colleague opening it outside their own work, and the case closed. Free text and personal data everywhere, all marked GEHEIM."""
    hulpvraag, _ = hulpvraag_indienen(
        inwoner={
            "naam": "Gerda Geheimink",
            "geboortedatum": date(1961, 4, 2),
            "telefoon": f"06-{GEHEIM_NUMMER}",
            "email": "gerda.geheimink@example.org",
            "adres": "Geheimweg 7, Dinxperlo",
        },
        vraag="Ik heb een geheim: de schulden lopen op en mijn man weet het niet.",
        kanaal=Kanaal.WEBSITE,
        kern="dinxperlo",
        contactvoorkeur="telefoon",
        contacttijd="ochtend",
        levensdomeinen=levensdomeinen[:2],
    )
    hulpvraag.contact_vastleggen(
        door=medewerker, kanaal=Kanaal.TELEFOON, tekst="Gebeld; het geheim blijft tussen ons."
    )
    hulpvraag.notitie_maken(door=medewerker, tekst="Geheim: ze slaapt slecht.")
    afspraak = hulpvraag.afspraak_maken(
        door=medewerker,
        wat="Gerda brengt haar geheime brieven mee",
        deadline=BEGIN.date(),
        eigenaar_soort=Afspraak.Eigenaar.INWONER,
    )
    afspraken_herinneren(vandaag=BEGIN.date())
    verwijzing = DoorverwijzingFactory(
        hulpvraag=hulpvraag,
        organisatie=figulus,
        contactpersoon=medewerker,
        aangemaakt_door=medewerker,
        samenvatting="Geheime schulden, wil hulp bij de post.",
        al_gedaan="Geheim budgetoverzicht gemaakt.",
        contactvoorkeur="Geheim nummer, alleen 's ochtends",
    )
    doorverwijzing_versturen(doorverwijzing=verwijzing, door=medewerker)
    doorverwijzing_terugsturen(
        doorverwijzing=verwijzing, door=partner, vraag="Weet haar man van het geheim?"
    )
    doorverwijzing_beantwoorden(
        doorverwijzing=verwijzing, door=medewerker, antwoord="Nee, het blijft geheim."
    )
    doorverwijzing_accepteren(doorverwijzing=verwijzing, door=partner)
    doorverwijzing_contact_vastleggen(
        doorverwijzing=verwijzing, door=partner, toelichting="Geheim gesprek gehad."
    )
    doorverwijzing_afronden(
        doorverwijzing=verwijzing, door=partner, uitkomst="Geheime budgetcoaching gestart."
    )
    afgewezen = DoorverwijzingFactory(
        hulpvraag=hulpvraag,
        organisatie=laborijn,
        contactpersoon=medewerker,
        aangemaakt_door=medewerker,
        samenvatting="Werk zoeken, geheim voor haar man.",
    )
    doorverwijzing_versturen(doorverwijzing=afgewezen, door=medewerker)
    doorverwijzing_afwijzen(
        doorverwijzing=afgewezen,
        door=partner_b,
        reden="Geheim: geen plek.",
        reden_soort="geen-plek",
    )
    doorbraak_vastleggen(hulpvraag=hulpvraag, door=collega, reden="Gerda belde, geheim.")
    # A call-back never answered: three tries with notes, then the e-mail to the resident.
    hofstraat, _ = voordeur_openen()
    # An appointment at the counter that afternoon, with the number, address and a note.
    rooster_vullen(hofstraat, BEGIN.date(), "middag", 2)
    bezoekafspraak_maken(
        hofstraat,
        "2024-03-05T14:00",
        hulpvraag=hulpvraag,
        naam="Gerda Geheimink",
        telefoon=f"06 {GEHEIM_NUMMER}",
        email="gerda.geheimink@example.org",
        notitie="Geheim: komt zonder haar man.",
    )
    terugbellen = terugbelverzoek_maken(
        hulpvraag,
        venster="2024-03-05-middag",
        telefoon=f"06 {GEHEIM_NUMMER}",
        email="gerda.geheimink@example.org",
        notitie="Geheim: niet bellen als haar man thuis is.",
    )
    for poging in (1, 2, 3):
        terugbellen_vastleggen(
            verzoek=terugbellen,
            door=medewerker,
            poging=poging,
            bereikt=False,
            notitie="Geheim: voicemail ingesproken.",
        )
    hulpvraag_sluiten(
        hulpvraag=hulpvraag,
        door=medewerker,
        route=Route.VOORLIGGEND_VELD,
        uitkomst="Geheim opgelost met Figulus.",
    )
    hulpvraag.refresh_from_db()
    afspraak.refresh_from_db()
    return hulpvraag


@pytest.fixture
def zaak(
    medewerker,
    partner_a,
    partner_b,
    partner_organisatie_a,
    partner_organisatie_b,
    levensdomeinen,
    django_capture_on_commit_callbacks,
):
    with (
        time_machine.travel(BEGIN, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        return volledige_zaak(
            medewerker,
            partner_a,
            partner_organisatie_a,
            partner_organisatie_b,
            partner_b,
            levensdomeinen,
            UserFactory(rol=Rol.MEDEWERKER, team=Team.MAATWERK_JEUGD),
        )


# The logboek dataverwerkingen is append-only (the application may not change or delete a
# row, see toegang/privacy) and has a retention of its own; retention of cases leaves it be.
LOGBOEK = "privacy_verwerking"


def tabellen_met(waarde: str) -> set[str]:
    """Every table of the database in which some row mentions `waarde`, in any column."""
    gevonden = set()
    with connection.cursor() as cursor:
        for tabel in set(connection.introspection.table_names()) - {LOGBOEK}:
            cursor.execute(
                f'SELECT 1 FROM "{tabel}" AS rij WHERE rij::text ILIKE %s LIMIT 1',  # noqa: S608
                [f"%{waarde}%"],
            )
            if cursor.fetchone():
                gevonden.add(tabel)
    return gevonden


def gesloten(*, route=Route.SOCIALE_BASIS, op=BEGIN, inwoner=None, door, **velden):
    """A case closed at `op` along `route`."""
    with time_machine.travel(op, tick=False):
        hulpvraag = HulpvraagFactory(inwoner=inwoner or InwonerFactory(), **velden)
        hulpvraag.contact_vastleggen(door=door, kanaal=Kanaal.TELEFOON, tekst="Gesproken.")
        hulpvraag_sluiten(
            hulpvraag=hulpvraag, door=door, route=route, uitkomst="Doorgestuurd naar de buurtcoach."
        )
    hulpvraag.refresh_from_db()
    return hulpvraag


def toepassen(moment: datetime) -> dict[str, int]:
    with time_machine.travel(moment, tick=False):
        return bewaartermijnen_toepassen()


def zaken(telling: dict[str, int]) -> dict[str, int]:
    """The counts about cases and residents (the same run also removes what the logs keep
    past their own terms: tests/toegang/test_bewaartermijn_logs.py)."""
    return {k: telling[k] for k in ("verwijderd", "geanonimiseerd", "inwoners_geanonimiseerd")}


# --- a closed case past its term --------------------------------------------------------------


def test_an_anonymised_case_leaves_no_personal_data_or_free_text_anywhere_in_the_database(
    zaak,
):
    voor = tabellen_met(GEHEIM) | tabellen_met(GEHEIM_NUMMER)
    # The case really spread the resident's data everywhere the brief names.
    assert {
        "intake_inwoner",
        "intake_hulpvraag",
        "intake_gebeurtenis",
        "intake_afspraak",
        "intake_doorverwijzing",
        "intake_doorverwijzinggebeurtenis",
        "berichten_mail",
        "berichten_bericht",
        "intake_doorbraak",
        "intake_terugbelverzoek",
        "intake_terugbelpoging",
        "intake_bezoekafspraak",
    } <= voor
    assert Mail.objects.filter(sleutel__startswith="terugbelverzoek:").exists()
    assert Mail.objects.filter(sleutel__startswith="bezoekafspraak:").exists()

    telling = toepassen(jaren_later(2, dagen=1))

    assert zaken(telling) == {"verwijderd": 0, "geanonimiseerd": 1, "inwoners_geanonimiseerd": 1}
    assert tabellen_met(GEHEIM) == set()
    assert tabellen_met(GEHEIM_NUMMER) == set()


def test_anonymising_empties_every_personal_field_and_free_text(zaak):
    # Longer than the case's term: a break of the glass itself goes after the log's term.
    Logbewaartermijnen.objects.update(logboek_maanden=36)
    toepassen(jaren_later(2, dagen=1))

    zaak.refresh_from_db()
    inwoner = Inwoner.objects.get(pk=zaak.inwoner_id)
    assert zaak.geanonimiseerd_op is not None
    assert (zaak.vraag, zaak.uitkomst, zaak.contactvoorkeur, zaak.contacttijd) == (
        "",
        VERWIJDERD,
        "",
        "",
    )
    assert (inwoner.naam, inwoner.geboortedatum, inwoner.telefoon, inwoner.email) == (
        "",
        None,
        "",
        "",
    )
    assert (inwoner.adres, inwoner.telefoon_sleutel) == ("", "")
    assert inwoner.geanonimiseerd_op is not None
    assert set(zaak.tijdlijn.values_list("tekst", flat=True)) == {""}
    assert set(zaak.afspraken.values_list("wat", flat=True)) == {""}
    for verwijzing in zaak.doorverwijzingen.all():
        assert verwijzing.samenvatting == verwijzing.al_gedaan == verwijzing.contactvoorkeur == ""
        assert verwijzing.gedeelde_gegevens == {}
    # A declined referral still had a reason, a closed one an outcome: only the text is gone.
    assert sorted(zaak.doorverwijzingen.values_list("status", "reden", "uitkomst")) == [
        (DoorverwijzingStatus.AFGEROND, "", VERWIJDERD),
        (DoorverwijzingStatus.AFGEWEZEN, VERWIJDERD, ""),
    ]
    assert set(
        DoorverwijzingGebeurtenis.objects.filter(doorverwijzing__hulpvraag=zaak).values_list(
            "tekst", flat=True
        )
    ) == {""}
    assert not Mail.objects.exists()
    assert not Bericht.objects.exists()
    # Who opened it outside their own work, and when, stays for the coordinator (until the
    # term of the logs); not why.
    assert list(zaak.doorbraken.values_list("reden", flat=True)) == [""]


def cijfers() -> dict:
    """What policy dashboards count: by kanaal, kern, route, team, status, safety and life
    domain, the dates, the timeline's steps, and the referrals per receiver and state."""
    hulpvragen = Hulpvraag.objects.all()
    return {
        "hulpvragen": sorted(
            hulpvragen.values_list(
                "kanaal",
                "kern",
                "route",
                "team",
                "status",
                "veiligheid",
                "aangemaakt",
                "eerste_contact_op",
                "afgesloten_op",
                "vast_aanspreekpunt",
            )
        ),
        "levensdomeinen": Counter(hulpvragen.values_list("levensdomeinen__slug", flat=True)),
        "inwoners": hulpvragen.values("inwoner").distinct().count(),
        # (repr: lines at the same moment by nobody and by someone sort too)
        "tijdlijn": sorted(
            Gebeurtenis.objects.values_list("soort", "kanaal", "status", "door", "op"), key=repr
        ),
        "terugbellen": sorted(
            Terugbelverzoek.objects.values_list(
                "status", "via", "datum", "dagdeel", "mislukt", "aangemaakt", "afgehandeld_op"
            )
        ),
        "terugbelpogingen": sorted(
            Terugbelpoging.objects.values_list(
                "nummer", "venster_start", "venster_einde", "gedaan_op", "bereikt"
            )
        ),
        "afspraken": sorted(
            Afspraak.objects.values_list("eigenaar_soort", "deadline", "aangemaakt", "gedaan_op")
        ),
        "doorverwijzingen": sorted(
            Doorverwijzing.objects.values_list(
                "organisatie",
                "team",
                "status",
                "grondslag",
                "urgentie",
                "aangemaakt",
                "verstuurd_op",
                "geaccepteerd_op",
                "afgewezen_op",
                "contact_gelegd_op",
                "afgerond_op",
            )
        ),
        "verloop": sorted(DoorverwijzingGebeurtenis.objects.values_list("status", "door", "op")),
    }


def test_anonymising_keeps_every_figure_reports_count(zaak, medewerker):
    gesloten(route=Route.MAATWERK, door=medewerker, kanaal=Kanaal.BALIE_HOFSTRAAT, kern="aalten")
    voor = cijfers()

    assert toepassen(jaren_later(3))["geanonimiseerd"] == 2

    assert cijfers() == voor
    assert Hulpvraag.objects.filter(route=Route.VOORLIGGEND_VELD, kanaal=Kanaal.WEBSITE).count()
    assert sum(voor["levensdomeinen"].values()) >= 2


def test_anonymised_timeline_keeps_its_steps_in_order(zaak):
    stappen = list(zaak.tijdlijn.values_list("pk", "soort", "status", "op"))
    toepassen(jaren_later(2, dagen=1))
    assert list(zaak.tijdlijn.values_list("pk", "soort", "status", "op")) == stappen


# --- what is left alone -----------------------------------------------------------------------


def test_an_open_case_is_left_alone_however_old(medewerker):
    with time_machine.travel(BEGIN, tick=False):
        hulpvraag = HulpvraagFactory(vraag="Een vraag die nog loopt.")
        hulpvraag.contact_vastleggen(door=medewerker, kanaal=Kanaal.TELEFOON, tekst="Gebeld.")

    assert toepassen(jaren_later(10))["geanonimiseerd"] == 0

    hulpvraag.refresh_from_db()
    assert hulpvraag.vraag == "Een vraag die nog loopt."
    assert hulpvraag.geanonimiseerd_op is None
    assert hulpvraag.tijdlijn.filter(tekst="Gebeld.").exists()


def test_a_case_on_legal_hold_is_left_alone_until_the_hold_is_lifted(medewerker, coordinator):
    hulpvraag = gesloten(door=medewerker, vraag="Bezwaar loopt.")
    hulpvraag.vasthouden(door=coordinator, reden="Klacht bij de ombudsman.")

    assert toepassen(jaren_later(5))["geanonimiseerd"] == 0
    hulpvraag.refresh_from_db()
    assert hulpvraag.vraag == "Bezwaar loopt."
    assert hulpvraag.inwoner.naam

    with time_machine.travel(jaren_later(5), tick=False):
        hulpvraag.loslaten(door=coordinator, reden="Klacht afgehandeld.")
    assert toepassen(jaren_later(5, dagen=1))["geanonimiseerd"] == 1
    hulpvraag.refresh_from_db()
    assert hulpvraag.vraag == ""


def test_a_case_reopened_before_its_term_ends_is_not_touched(medewerker):
    hulpvraag = gesloten(door=medewerker, vraag="Wil een buurtcoach.")
    with time_machine.travel(jaren_later(2, dagen=-1), tick=False):
        vraag_toevoegen(
            hulpvraag=hulpvraag,
            vraag="Nieuwe vraag over hetzelfde.",
            kanaal=Kanaal.TELEFOON,
            door=medewerker,
        )

    assert toepassen(jaren_later(2, dagen=1))["geanonimiseerd"] == 0
    hulpvraag.refresh_from_db()
    assert hulpvraag.status == Status.IN_BEHANDELING
    assert hulpvraag.vraag == "Wil een buurtcoach."

    # Closed again: the clock starts at the new closing.
    with time_machine.travel(jaren_later(3), tick=False):
        hulpvraag_sluiten(
            hulpvraag=hulpvraag,
            door=medewerker,
            route=Route.SOCIALE_BASIS,
            uitkomst="Buurtcoach komt.",
        )
    assert toepassen(jaren_later(5, dagen=-1))["geanonimiseerd"] == 0
    assert toepassen(jaren_later(5))["geanonimiseerd"] == 1


def test_a_closed_case_with_a_referral_still_running_is_left_alone(medewerker, partner_a):
    hulpvraag = gesloten(door=medewerker)
    with time_machine.travel(BEGIN, tick=False):
        hulpvraag.heropen(door=medewerker, reden="Toch doorverwijzen.")
        verwijzing = DoorverwijzingFactory(
            hulpvraag=hulpvraag, organisatie=partner_a.organisatie, contactpersoon=medewerker
        )
        doorverwijzing_versturen(doorverwijzing=verwijzing, door=medewerker)
        doorverwijzing_accepteren(doorverwijzing=verwijzing, door=partner_a)
        hulpvraag_sluiten(
            hulpvraag=hulpvraag,
            door=medewerker,
            route=Route.VOORLIGGEND_VELD,
            uitkomst="Bij Figulus.",
        )

    assert toepassen(jaren_later(3))["geanonimiseerd"] == 0
    verwijzing.refresh_from_db()
    assert verwijzing.samenvatting

    with time_machine.travel(jaren_later(3), tick=False):
        doorverwijzing_contact_vastleggen(doorverwijzing=verwijzing, door=partner_a)
        doorverwijzing_afronden(doorverwijzing=verwijzing, door=partner_a, uitkomst="Klaar.")
    assert toepassen(jaren_later(3, dagen=1))["geanonimiseerd"] == 1


def test_a_resident_keeps_their_data_while_another_case_still_needs_it(medewerker):
    inwoner = InwonerFactory(naam="Jan Klein Gunnewiek", telefoon="06-11112222")
    oud = gesloten(door=medewerker, inwoner=inwoner)
    nieuw = gesloten(door=medewerker, inwoner=inwoner, op=jaren_later(1))

    assert zaken(toepassen(jaren_later(2, dagen=1))) == {
        "verwijderd": 0,
        "geanonimiseerd": 1,
        "inwoners_geanonimiseerd": 0,
    }
    oud.refresh_from_db()
    inwoner.refresh_from_db()
    assert oud.geanonimiseerd_op is not None
    assert inwoner.naam == "Jan Klein Gunnewiek"
    assert inwoner.geanonimiseerd_op is None

    assert zaken(toepassen(jaren_later(3, dagen=1))) == {
        "verwijderd": 0,
        "geanonimiseerd": 1,
        "inwoners_geanonimiseerd": 1,
    }
    nieuw.refresh_from_db()
    inwoner.refresh_from_db()
    assert nieuw.geanonimiseerd_op is not None
    assert (inwoner.naam, inwoner.telefoon) == ("", "")


# --- terms per route ------------------------------------------------------------------------


def test_without_settings_a_closed_case_is_kept_two_years_after_closing(medewerker):
    hulpvraag = gesloten(door=medewerker)
    assert Bewaartermijn.per_route() == dict.fromkeys(["", *Route.values], 24)

    assert toepassen(jaren_later(2) - timedelta(seconds=1))["geanonimiseerd"] == 0
    assert toepassen(jaren_later(2))["geanonimiseerd"] == 1
    hulpvraag.refresh_from_db()
    assert hulpvraag.geanonimiseerd_op == jaren_later(2)


def test_each_route_has_its_own_term_and_the_standard_covers_the_rest(medewerker):
    Bewaartermijn.objects.create(route=Route.SOCIALE_BASIS, maanden=12)
    Bewaartermijn.objects.create(route="", maanden=36)
    sociale_basis = gesloten(route=Route.SOCIALE_BASIS, door=medewerker)
    maatwerk = gesloten(route=Route.MAATWERK, door=medewerker)

    assert toepassen(jaren_later(1, dagen=1))["geanonimiseerd"] == 1
    sociale_basis.refresh_from_db()
    maatwerk.refresh_from_db()
    assert sociale_basis.geanonimiseerd_op is not None
    assert maatwerk.geanonimiseerd_op is None

    assert toepassen(jaren_later(3, dagen=-1))["geanonimiseerd"] == 0
    assert toepassen(jaren_later(3))["geanonimiseerd"] == 1


def test_a_longer_term_for_one_route_keeps_its_cases(medewerker):
    Bewaartermijn.objects.create(route=Route.MAATWERK, maanden=240)
    maatwerk = gesloten(route=Route.MAATWERK, door=medewerker)
    gesloten(route=Route.COMBINATIE, door=medewerker)

    assert toepassen(jaren_later(19))["geanonimiseerd"] == 1
    maatwerk.refresh_from_db()
    assert maatwerk.geanonimiseerd_op is None


def test_a_term_shorter_than_six_months_is_refused():
    with pytest.raises(ValidationError) as fout:
        Bewaartermijn(route=Route.MAATWERK, maanden=1).full_clean()
    assert "maanden" in fout.value.message_dict


@pytest.mark.parametrize(
    ("moment", "maanden", "verwacht"),
    [
        (datetime(2024, 3, 31, 2, 30, tzinfo=AMS), 1, datetime(2024, 2, 29, 2, 30, tzinfo=AMS)),
        (datetime(2026, 5, 15, 9, 0, tzinfo=AMS), 24, datetime(2024, 5, 15, 9, 0, tzinfo=AMS)),
        (datetime(2026, 1, 10, 9, 0, tzinfo=AMS), 6, datetime(2025, 7, 10, 9, 0, tzinfo=AMS)),
    ],
)
def test_months_are_counted_on_the_calendar(moment, maanden, verwacht):
    assert maanden_eerder(moment, maanden) == verwacht


# --- questions nobody answered ----------------------------------------------------------------


def online_vraag(op=BEGIN, **velden):
    with time_machine.travel(op, tick=False):
        hulpvraag, _ = hulpvraag_indienen(
            inwoner={"naam": "Anoniem Geheim", "email": "vraag.geheim@example.org"},
            vraag="Wie helpt mij met mijn geheime schulden?",
            kanaal=velden.pop("kanaal", Kanaal.WEBSITE),
            **velden,
        )
    return hulpvraag


def test_an_online_question_nobody_answered_is_deleted_after_six_months(
    django_capture_on_commit_callbacks, partner_a
):
    with django_capture_on_commit_callbacks(execute=True):
        website = online_vraag()
    signaal = online_vraag(kanaal=Kanaal.PARTNER, signaal_van=partner_a.organisatie)
    assert Mail.objects.filter(aan="vraag.geheim@example.org").exists()

    assert toepassen(maanden_eerder(BEGIN, -6) - timedelta(seconds=1))["verwijderd"] == 0
    assert toepassen(maanden_eerder(BEGIN, -6))["verwijderd"] == 2

    assert not Hulpvraag.objects.filter(pk__in=[website.pk, signaal.pk]).exists()
    assert not Inwoner.objects.exists()
    assert not Gebeurtenis.objects.exists()
    assert tabellen_met(GEHEIM) == set()


@pytest.mark.parametrize(
    "antwoord",
    ["contact", "aanspreekpunt", "doorverwezen", "balie", "veiligheid", "vastgehouden"],
)
def test_an_online_question_that_was_answered_is_not_deleted(
    antwoord, medewerker, coordinator, partner_a
):
    kanaal = Kanaal.BALIE_HOFSTRAAT if antwoord == "balie" else Kanaal.WEBSITE
    hulpvraag = online_vraag(kanaal=kanaal, veiligheid=antwoord == "veiligheid")
    with time_machine.travel(BEGIN + timedelta(days=1), tick=False):
        if antwoord == "contact":
            Hulpvraag.objects.filter(pk=hulpvraag.pk).update(eerste_contact_op=BEGIN)
        if antwoord == "aanspreekpunt":
            Hulpvraag.objects.filter(pk=hulpvraag.pk).update(vast_aanspreekpunt=medewerker)
        if antwoord == "doorverwezen":
            DoorverwijzingFactory(
                hulpvraag=hulpvraag, organisatie=partner_a.organisatie, contactpersoon=medewerker
            ).verstuur(door=medewerker)
        if antwoord == "vastgehouden":
            hulpvraag.vasthouden(door=coordinator, reden="Politie vraagt ernaar.")

    assert toepassen(jaren_later(1))["verwijderd"] == 0
    assert Hulpvraag.objects.filter(pk=hulpvraag.pk).exists()


def test_deleting_an_unanswered_question_keeps_the_resident_of_another_case(medewerker):
    inwoner = InwonerFactory(naam="Bert Ter Haar")
    blijft = gesloten(door=medewerker, inwoner=inwoner, op=maanden_eerder(BEGIN, -5))
    with time_machine.travel(BEGIN, tick=False):
        weg = HulpvraagFactory(inwoner=inwoner)

    assert toepassen(maanden_eerder(BEGIN, -7))["verwijderd"] == 1

    assert not Hulpvraag.objects.filter(pk=weg.pk).exists()
    inwoner.refresh_from_db()
    assert inwoner.naam == "Bert Ter Haar"
    assert Hulpvraag.objects.get().pk == blijft.pk


def test_an_unanswered_question_of_an_anonymised_resident_leaves_nothing_behind(medewerker):
    inwoner = InwonerFactory(naam="Dina Geheimer")
    gesloten(door=medewerker, inwoner=inwoner, op=jaren_later(-2))
    with time_machine.travel(BEGIN, tick=False):
        HulpvraagFactory(inwoner=inwoner, vraag="Nog een geheime vraag.")

    assert zaken(toepassen(maanden_eerder(BEGIN, -7))) == {
        "verwijderd": 1,
        "geanonimiseerd": 1,
        "inwoners_geanonimiseerd": 1,
    }
    assert tabellen_met(GEHEIM) == set()


# --- a run that is safe to repeat ---------------------------------------------------------------


def momentopname() -> list:
    return [
        sorted(Hulpvraag.objects.values_list("pk", "vraag", "uitkomst", "versie", "bijgewerkt")),
        sorted(Inwoner.objects.values_list("pk", "naam", "geanonimiseerd_op")),
        sorted(Gebeurtenis.objects.values_list("pk", "tekst")),
        sorted(Doorverwijzing.objects.values_list("pk", "samenvatting", "bijgewerkt")),
    ]


def test_running_twice_changes_nothing_more(zaak, medewerker):
    online_vraag()
    gesloten(door=medewerker, op=jaren_later(1))
    assert zaken(toepassen(jaren_later(2, dagen=1))) == {
        "verwijderd": 1,
        "geanonimiseerd": 1,
        "inwoners_geanonimiseerd": 1,
    }
    na_eerste = momentopname()

    assert zaken(toepassen(jaren_later(2, dagen=2))) == {
        "verwijderd": 0,
        "geanonimiseerd": 0,
        "inwoners_geanonimiseerd": 0,
    }
    assert momentopname() == na_eerste


def test_the_work_takes_the_same_statements_for_many_cases_as_for_few(medewerker):
    """Set-based: no statement per case (a batch of cases is a fixed set of statements)."""

    def aantal_queries(aantal: int) -> int:
        for _ in range(aantal):
            gesloten(door=medewerker)
            online_vraag()
        with CaptureQueriesContext(connection) as queries:
            telling = toepassen(jaren_later(2, dagen=1))
        assert telling["geanonimiseerd"] == telling["verwijderd"] == aantal
        return len(queries)

    assert aantal_queries(2) == aantal_queries(12)


def test_batches_continue_until_everything_due_is_done(medewerker, monkeypatch):
    monkeypatch.setattr("intake.services.bewaren.PER_KEER", 2)
    for _ in range(5):
        gesloten(door=medewerker)
    assert toepassen(jaren_later(2))["geanonimiseerd"] == 5
    assert not Hulpvraag.objects.filter(geanonimiseerd_op__isnull=True).exists()


def test_the_log_gives_counts_and_nothing_about_a_person(zaak, caplog):
    with caplog.at_level(logging.INFO, logger="intake.bewaren"):
        toepassen(jaren_later(2, dagen=1))
    regels = [r.getMessage() for r in caplog.records if r.name == "intake.bewaren"]
    assert regels == [
        "Bewaartermijnen: 0 onbeantwoorde vragen verwijderd, 1 hulpvragen en 1 inwoners "
        "geanonimiseerd"
    ]
    assert zaak.referentie not in caplog.text
    assert GEHEIM not in caplog.text.lower()


def test_the_nightly_task_is_scheduled_and_applies_the_retention(medewerker):
    schema = [
        regel
        for regel in settings.CELERY_BEAT_SCHEDULE.values()
        if regel["task"] == "intake.tasks.bewaartermijnen_toepassen"
    ]
    assert len(schema) == 1
    assert schema[0]["schedule"].hour == {4}
    assert schema[0]["schedule"].minute == {0}
    assert tasks.bewaartermijnen_toepassen.acks_late

    gesloten(door=medewerker)
    with time_machine.travel(jaren_later(2, dagen=1), tick=False):
        assert tasks.bewaartermijnen_toepassen.delay().get()["geanonimiseerd"] == 1


# --- an anonymised case stays empty -----------------------------------------------------------


def test_an_anonymised_case_can_not_be_changed_reopened_or_joined(medewerker, coordinator):
    hulpvraag = gesloten(door=medewerker)
    toepassen(jaren_later(2))
    hulpvraag.refresh_from_db()

    pogingen = [
        lambda: hulpvraag.heropen(door=medewerker, reden="Terug."),
        lambda: hulpvraag.notitie_maken(door=medewerker, tekst="Naam van de inwoner"),
        lambda: veiligheid_markeren(hulpvraag=hulpvraag, door=medewerker, toelichting="Zorgen"),
        lambda: hulpvraag.vasthouden(door=coordinator, reden="Klacht."),
        lambda: vraag_toevoegen(
            hulpvraag=hulpvraag, vraag="Opnieuw.", kanaal=Kanaal.TELEFOON, door=medewerker
        ),
    ]
    for poging in pogingen:
        with pytest.raises(OngeldigeOvergang, match="geanonimiseerd"):
            poging()
    assert set(hulpvraag.tijdlijn.values_list("tekst", flat=True)) == {""}


def test_a_reason_to_open_an_anonymised_case_goes_the_next_night(medewerker):
    hulpvraag = gesloten(door=medewerker)
    toepassen(jaren_later(2))
    collega = UserFactory(rol=Rol.MEDEWERKER, team=Team.MAATWERK_JEUGD)
    doorbraak_vastleggen(hulpvraag=hulpvraag, door=collega, reden="Mevrouw Jansen belde.")

    toepassen(jaren_later(2, dagen=1))

    assert list(hulpvraag.doorbraken.values_list("gebruiker", "reden")) == [(collega.pk, "")]


def test_the_timeline_still_refuses_every_change_but_blanking_its_text(medewerker):
    hulpvraag = gesloten(door=medewerker)
    with pytest.raises(ValidationError):
        Gebeurtenis.objects.filter(hulpvraag=hulpvraag).update(tekst="anders")
    with pytest.raises(ValidationError):
        Gebeurtenis.objects.filter(hulpvraag=hulpvraag).delete()
    soorten = list(hulpvraag.tijdlijn.values_list("soort", "op"))

    assert Gebeurtenis.objects.filter(hulpvraag=hulpvraag).anonimiseer() == len(soorten)
    assert list(hulpvraag.tijdlijn.values_list("soort", "op")) == soorten


# --- legal hold -------------------------------------------------------------------------------


def test_legal_hold_records_who_when_and_why_on_the_timeline(medewerker, coordinator):
    hulpvraag = gesloten(door=medewerker)
    with time_machine.travel(jaren_later(1), tick=False):
        hulpvraag.vasthouden(door=coordinator, reden="  Bezwaar tegen de beschikking. ")
    hulpvraag.refresh_from_db()
    assert hulpvraag.vastgehouden_op == jaren_later(1)
    assert hulpvraag.vastgehouden_door == coordinator
    assert hulpvraag.vastgehouden_reden == "Bezwaar tegen de beschikking."
    regel = hulpvraag.tijdlijn.get(soort=Gebeurtenis.Soort.VASTHOUDEN)
    assert regel.door == coordinator
    assert "Bezwaar tegen de beschikking." in regel.tekst

    hulpvraag.loslaten(door=coordinator, reden="Bezwaar ingetrokken.")
    hulpvraag.refresh_from_db()
    assert (hulpvraag.vastgehouden_op, hulpvraag.vastgehouden_door) == (None, None)
    assert hulpvraag.vastgehouden_reden == ""
    assert hulpvraag.tijdlijn.filter(soort=Gebeurtenis.Soort.VASTHOUDEN).count() == 2


def test_only_a_coordinator_places_or_lifts_a_legal_hold_and_always_with_a_reason(
    medewerker, coordinator
):
    hulpvraag = gesloten(door=medewerker)
    with pytest.raises(OngeldigeOvergang, match="coördinator"):
        hulpvraag.vasthouden(door=medewerker, reden="Klacht.")
    with pytest.raises(OngeldigeOvergang, match="waarom"):
        hulpvraag.vasthouden(door=coordinator, reden="  ")
    hulpvraag.vasthouden(door=coordinator, reden="Klacht.")
    with pytest.raises(OngeldigeOvergang, match="al vastgehouden"):
        hulpvraag.vasthouden(door=coordinator, reden="Nog een klacht.")
    with pytest.raises(OngeldigeOvergang, match="coördinator"):
        hulpvraag.loslaten(door=medewerker, reden="Klaar.")
    hulpvraag.refresh_from_db()
    assert hulpvraag.is_vastgehouden


# --- the pages ----------------------------------------------------------------------------------


def test_a_coordinator_places_and_lifts_a_legal_hold_on_the_case_page(client, coordinator):
    hulpvraag = gesloten(door=coordinator)
    client.force_login(coordinator)
    pagina = client.get(hulpvraag.get_absolute_url()).content.decode()
    assert "Juridisch vasthouden" in pagina

    response = client.post(
        f"{hulpvraag.get_absolute_url()}vasthouden/", {"vasthouden-reden": "WOO-verzoek."}
    )
    assert response.status_code == 303
    hulpvraag.refresh_from_db()
    assert hulpvraag.vastgehouden_reden == "WOO-verzoek."
    pagina = client.get(hulpvraag.get_absolute_url()).content.decode()
    assert "Reden: WOO-verzoek." in pagina
    assert "Vasthouden opheffen" in pagina

    response = client.post(
        f"{hulpvraag.get_absolute_url()}loslaten/", {"loslaten-reden": "Afgehandeld."}
    )
    assert response.status_code == 303
    hulpvraag.refresh_from_db()
    assert not hulpvraag.is_vastgehouden


def test_a_legal_hold_without_a_reason_is_refused_next_to_the_field(client, coordinator):
    hulpvraag = gesloten(door=coordinator)
    client.force_login(coordinator)
    response = client.post(f"{hulpvraag.get_absolute_url()}vasthouden/", {"vasthouden-reden": ""})
    assert response.status_code == 400
    assert "Schrijf op waarom." in response.content.decode()
    hulpvraag.refresh_from_db()
    assert not hulpvraag.is_vastgehouden


def test_a_medewerker_sees_the_hold_but_can_not_place_or_lift_it(client, medewerker, coordinator):
    hulpvraag = gesloten(door=medewerker)
    client.force_login(medewerker)
    assert "Juridisch vasthouden" not in client.get(hulpvraag.get_absolute_url()).content.decode()
    response = client.post(
        f"{hulpvraag.get_absolute_url()}vasthouden/", {"vasthouden-reden": "Klacht."}
    )
    assert response.status_code == 400
    hulpvraag.refresh_from_db()
    assert not hulpvraag.is_vastgehouden

    hulpvraag.vasthouden(door=coordinator, reden="Klacht bij de rechter.")
    pagina = client.get(hulpvraag.get_absolute_url()).content.decode()
    assert "Reden: Klacht bij de rechter." in pagina
    assert "Vasthouden opheffen" not in pagina
    response = client.post(f"{hulpvraag.get_absolute_url()}loslaten/", {"loslaten-reden": "Klaar"})
    assert response.status_code == 400
    hulpvraag.refresh_from_db()
    assert hulpvraag.is_vastgehouden


def test_an_anonymised_case_page_shows_no_personal_data_and_offers_no_changes(client, medewerker):
    inwoner = InwonerFactory(naam="Henk Geheimhouder", adres="Kerkstraat 9")
    hulpvraag = gesloten(door=medewerker, inwoner=inwoner)
    # The resident's newer case still needs their data; the old page must not show it.
    gesloten(door=medewerker, inwoner=inwoner, op=jaren_later(1))
    toepassen(jaren_later(2))
    client.force_login(medewerker)

    pagina = client.get(hulpvraag.get_absolute_url()).content.decode()

    assert "geanonimiseerd" in pagina
    assert "Geheimhouder" not in pagina
    assert "Kerkstraat" not in pagina
    assert "Mogelijke volgende stappen: geen." in " ".join(pagina.split())
    for knop in ("Notitie toevoegen", "Contactmoment opslaan", "Hulpvraag heropenen"):
        assert knop not in pagina
    response = client.post(
        f"{hulpvraag.get_absolute_url()}notitie/", {"notitie-tekst": "Geheimhouder"}
    )
    assert response.status_code == 400
    assert "geanonimiseerd" in response.content.decode()
    assert not hulpvraag.tijdlijn.filter(tekst="Geheimhouder").exists()


def test_an_anonymised_case_is_not_offered_or_accepted_to_join_a_new_question(client, medewerker):
    inwoner = InwonerFactory(naam="Riet Geheimkamp", telefoon="0543-123456")
    oud = gesloten(door=medewerker, inwoner=inwoner)
    nieuw = gesloten(door=medewerker, inwoner=inwoner, op=jaren_later(1))
    toepassen(jaren_later(2))
    client.force_login(medewerker)
    formulier = {
        "inzending": "0b7a6f0e-3a0c-4c43-9d55-111111111111",
        "kanaal": Kanaal.TELEFOON,
        "naam": "Riet Geheimkamp",
        "telefoon": "0543-123456",
        "kern": "aalten",
        "vraag": "Weer een vraag.",
        "toestemming_inzien": "on",
    }

    pagina = client.post("/balie/nieuw/", formulier).content.decode()
    assert nieuw.referentie in pagina
    assert oud.referentie not in pagina

    response = client.post("/balie/nieuw/", {**formulier, "koppel_aan": oud.referentie})
    assert response.status_code == 404
    assert not Gebeurtenis.objects.filter(tekst="Weer een vraag.").exists()
    oud.refresh_from_db()
    assert oud.status == Status.AFGEROND


def test_the_beheerder_sets_the_term_per_route_in_beheer(client, beheerder):
    client.force_login(beheerder)
    assert client.get("/beheer/intake/bewaartermijn/").status_code == 200

    response = client.post(
        "/beheer/intake/bewaartermijn/add/", {"route": Route.MAATWERK, "maanden": "84"}
    )
    assert response.status_code == 302
    assert Bewaartermijn.per_route()[Route.MAATWERK] == 84
    assert Bewaartermijn.per_route()[Route.SOCIALE_BASIS] == 24

    response = client.post("/beheer/intake/bewaartermijn/add/", {"route": "", "maanden": "2"})
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert not Bewaartermijn.objects.filter(route="").exists()


def test_referral_receivers_and_states_are_kept_for_the_dashboards(zaak):
    voor = Counter(zaak.doorverwijzingen.values_list("organisatie__naam", "status"))
    toepassen(jaren_later(2, dagen=1))
    assert Counter(zaak.doorverwijzingen.values_list("organisatie__naam", "status")) == voor
    assert set(voor.keys()) == {
        ("Figulus Welzijn", DoorverwijzingStatus.AFGEROND),
        ("Laborijn", DoorverwijzingStatus.AFGEWEZEN),
    }
