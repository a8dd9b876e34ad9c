"""Whether an aanbod takes new clients (issue 14, item 6): the rule, the one-click link
from the monthly reminder, the partner portal, and what the counter and residents see."""

import re
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sociale_kaart import demo
from sociale_kaart.capaciteit import (
    capaciteit_aanvullen,
    capaciteit_doorgeven,
    capaciteit_herinnering_sturen,
    capaciteit_herinneringen_plannen,
    capaciteit_token,
)
from sociale_kaart.models import Aanbod, AanbodStatus, Capaciteit, Soort, Wijziging
from sociale_kaart.services import bevestig_token
from sociale_kaart.tasks import capaciteit_herinnering_sturen as sturen_taak
from sociale_kaart.tasks import capaciteit_herinneringen_plannen as plannen_taak
from sociale_kaart.zoeken import zoekindex_bijwerken
from tests.accounts.factories import UserFactory
from tests.intake.factories import HulpvraagFactory
from tests.locaties.test_schema import om
from tests.post import verzonden_mail
from tests.sociale_kaart.factories import AanbodFactory, OrganisatieFactory
from toegang.accounts.roles import Rol
from toegang.berichten.models import Bericht, UitgaandeTaak
from toegang.celery import app

pytestmark = pytest.mark.django_db
MAANDAG = date(2027, 3, 1)  # the first working day of March 2027
TAAK = "sociale_kaart.tasks.capaciteit_herinnering_sturen"


@pytest.fixture
def aanbod(partner_a):
    return AanbodFactory(organisatie=partner_a.organisatie, naam="Schuldhulp")


@pytest.fixture
def ander_aanbod(partner_a):
    return AanbodFactory(organisatie=partner_a.organisatie, naam="Budgetcursus")


def link(aanbod, gebruiker, keuze="vol") -> str:
    return f"/sociale-kaart/capaciteit/{capaciteit_token(aanbod=aanbod, gebruiker=gebruiker)}/?keuze={keuze}"


def html(response) -> str:
    return response.content.decode()


def gekozen(response) -> list[str]:
    """The value of each radio button that is checked on the page."""
    return re.findall(r'<input[^>]*type="radio"[^>]*value="(\w+)"[^>]*\bchecked', html(response))


# --- the rule -------------------------------------------------------------------------------


def test_a_new_aanbod_has_not_stated_anything():
    aanbod = AanbodFactory()
    assert (aanbod.capaciteit, aanbod.capaciteit_bekend, aanbod.capaciteit_tekst) == (
        Capaciteit.ONBEKEND,
        False,
        "",
    )


@pytest.mark.parametrize(
    ("weken", "melding"),
    [
        (None, "Vul in hoeveel weken nieuwe cliënten ongeveer wachten."),
        (0, "Vul een aantal weken in van 1 tot en met 104."),
        (105, "Vul een aantal weken in van 1 tot en met 104."),
    ],
)
def test_a_wachtlijst_needs_between_1_and_104_weeks(aanbod, partner_a, weken, melding):
    with pytest.raises(ValidationError) as fout:
        aanbod.capaciteit_doorgeven(capaciteit="wachtlijst", wachtlijst_weken=weken, door=partner_a)
    assert fout.value.message_dict == {"wachtlijst_weken": [melding]}
    aanbod.refresh_from_db()
    assert aanbod.capaciteit == Capaciteit.ONBEKEND


def test_the_model_refuses_weeks_without_a_wachtlijst_and_an_unknown_answer(aanbod):
    aanbod.capaciteit, aanbod.wachtlijst_weken = Capaciteit.VOL, 3
    with pytest.raises(ValidationError, match="Alleen bij een wachtlijst"):
        aanbod.full_clean()
    with pytest.raises(ValidationError, match="Kies of er plaats is"):
        aanbod.capaciteit_doorgeven(capaciteit="misschien")
    with pytest.raises(ValidationError, match="Kies of er plaats is"):
        aanbod.capaciteit_doorgeven(capaciteit=Capaciteit.ONBEKEND)


def test_stating_sets_every_field_it_implies_and_drops_weeks_of_another_answer(aanbod, partner_a):
    with time_machine.travel(om(2027, 3, 1, 9, 30), tick=False):
        aanbod.capaciteit_doorgeven(capaciteit="wachtlijst", wachtlijst_weken=6, door=partner_a)
    aanbod.refresh_from_db()
    assert (aanbod.capaciteit, aanbod.wachtlijst_weken) == ("wachtlijst", 6)
    assert aanbod.capaciteit_doorgegeven_op == om(2027, 3, 1, 9, 30)
    assert aanbod.capaciteit_doorgegeven_door == partner_a
    assert aanbod.capaciteit_tekst == "Wachtlijst: ongeveer 6 weken"
    # A feed asking what changed since (HSDS modified_after) gets it.
    assert aanbod.gewijzigd == om(2027, 3, 1, 9, 30)
    wijzigingen = aanbod.capaciteit_doorgeven(capaciteit="vol", wachtlijst_weken=6, door=None)
    assert wijzigingen == {"capaciteit": ["wachtlijst", "vol"], "wachtlijst_weken": [6, None]}
    aanbod.refresh_from_db()
    assert (aanbod.capaciteit, aanbod.wachtlijst_weken) == ("vol", None)
    assert aanbod.capaciteit_tekst == "Vol — neemt nu geen nieuwe cliënten aan"


def test_the_database_refuses_an_incomplete_statement(aanbod):
    for onvolledig in (
        {"capaciteit": "wachtlijst", "capaciteit_doorgegeven_op": timezone.now()},
        {"capaciteit": "vol"},  # without a date
        {"capaciteit": "ja", "wachtlijst_weken": 4, "capaciteit_doorgegeven_op": timezone.now()},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Aanbod.objects.filter(pk=aanbod.pk).update(**onvolledig)


@pytest.mark.parametrize(
    ("dagen", "tekst"),
    [(0, "vandaag"), (1, "gisteren"), (5, "5 dagen geleden"), (21, "3 weken geleden"),
     (70, "2 maanden geleden")],
)  # fmt: skip
def test_the_age_of_a_statement_in_words(aanbod, dagen, tekst):
    capaciteit_doorgeven(aanbod=aanbod, capaciteit="ja", door=None)
    with time_machine.travel(timezone.now() + timedelta(days=dagen)):
        assert aanbod.capaciteit_leeftijd == tekst
        assert aanbod.capaciteit_verouderd is (dagen > 62)


# --- the one-click link ---------------------------------------------------------------------


def test_the_link_opens_the_chosen_answer_and_a_get_changes_nothing(client, aanbod, partner_a):
    response = client.get(link(aanbod, partner_a, "wachtlijst"))
    assert response.status_code == 200
    assert gekozen(response) == ["wachtlijst"]
    assert html(response).count('type="submit"') == 1
    assert "Is er plaats bij Schuldhulp?" in html(response)
    # A secret address: never cached, indexed, or passed on; the form still posts.
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "strict-origin"
    assert response["X-Robots-Tag"] == "noindex"
    client.get(link(aanbod, partner_a, "vol"))
    aanbod.refresh_from_db()
    assert aanbod.capaciteit == Capaciteit.ONBEKEND
    assert aanbod.capaciteit_doorgegeven_op is None
    assert not Wijziging.objects.exists()


def test_an_unknown_choice_in_the_link_preselects_nothing(client, aanbod, partner_a):
    assert gekozen(client.get(link(aanbod, partner_a, "misschien"))) == []


def test_posting_the_link_states_it_for_that_aanbod_only_in_the_users_name(
    client, aanbod, ander_aanbod, partner_a
):
    response = client.post(
        link(aanbod, partner_a, "wachtlijst"), {"capaciteit": "wachtlijst", "wachtlijst_weken": "6"}
    )
    assert response.status_code == 200
    assert "Dank u wel" in html(response)
    assert "wachtlijst: ongeveer 6 weken" in html(response)
    aanbod.refresh_from_db()
    ander_aanbod.refresh_from_db()
    assert (aanbod.capaciteit, aanbod.wachtlijst_weken) == ("wachtlijst", 6)
    assert aanbod.capaciteit_doorgegeven_door == partner_a
    assert ander_aanbod.capaciteit == Capaciteit.ONBEKEND
    [wijziging] = Wijziging.objects.all()
    assert (wijziging.organisatie, wijziging.soort, wijziging.object_id, wijziging.door) == (
        partner_a.organisatie,
        Soort.AANBOD,
        aanbod.pk,
        partner_a,
    )
    assert wijziging.wijzigingen == {
        "capaciteit": ["onbekend", "wachtlijst"],
        "wachtlijst_weken": [None, 6],
    }


def test_a_second_click_states_it_again_and_renews_the_date(client, aanbod, partner_a):
    with time_machine.travel(om(2027, 3, 1, 9), tick=False):
        client.post(link(aanbod, partner_a), {"capaciteit": "vol"})
    with time_machine.travel(om(2027, 3, 20, 9), tick=False):
        client.post(link(aanbod, partner_a), {"capaciteit": "vol"})
    aanbod.refresh_from_db()
    assert aanbod.capaciteit_doorgegeven_op == om(2027, 3, 20, 9)
    assert Wijziging.objects.count() == 2


def test_bad_input_on_the_link_page_says_so_in_dutch_and_keeps_what_was_typed(
    client, aanbod, partner_a
):
    response = client.post(
        link(aanbod, partner_a, "wachtlijst"),
        {"capaciteit": "wachtlijst", "wachtlijst_weken": "300"},
    )
    assert response.status_code == 400
    assert "Vul een aantal weken in van 1 tot en met 104." in html(response)
    assert 'value="300"' in html(response)
    assert gekozen(response) == ["wachtlijst"]
    response = client.post(link(aanbod, partner_a), {"capaciteit": "wachtlijst"})
    assert "Vul in hoeveel weken nieuwe cliënten ongeveer wachten." in html(response)
    response = client.post(link(aanbod, partner_a), {})
    assert "Kies of er plaats is voor nieuwe cliënten." in html(response)
    aanbod.refresh_from_db()
    assert aanbod.capaciteit == Capaciteit.ONBEKEND


def test_weeks_typed_next_to_another_answer_are_ignored(client, aanbod, partner_a):
    client.post(link(aanbod, partner_a), {"capaciteit": "ja", "wachtlijst_weken": "8"})
    aanbod.refresh_from_db()
    assert (aanbod.capaciteit, aanbod.wachtlijst_weken) == ("ja", None)


def test_an_expired_link_no_longer_works(client, aanbod, partner_a):
    with time_machine.travel(om(2027, 3, 1, 8)):
        adres = link(aanbod, partner_a)
    with time_machine.travel(om(2027, 4, 14, 8)):  # 44 days
        assert client.get(adres).status_code == 200
    with time_machine.travel(om(2027, 4, 16, 8)):  # 46 days
        response = client.post(adres, {"capaciteit": "ja"})
    assert response.status_code == 404
    assert "Deze link werkt niet meer" in html(response)
    aanbod.refresh_from_db()
    assert aanbod.capaciteit == Capaciteit.ONBEKEND


def test_a_tampered_link_does_not_work(client, aanbod, ander_aanbod, partner_a):
    token = capaciteit_token(aanbod=aanbod, gebruiker=partner_a)
    waarde, tijd, handtekening = token.rsplit(":", 2)
    # The signature of one aanbod on the address of another.
    ander = capaciteit_token(aanbod=ander_aanbod, gebruiker=partner_a).rsplit(":", 2)[0]
    for vervalst in (
        f"{ander}:{tijd}:{handtekening}",
        f"{waarde}:{tijd}:{handtekening[:-1]}{'A' if handtekening[-1] != 'A' else 'B'}",
        bevestig_token(partner_a.organisatie),  # the other one-click link: another salt
        "onzin",
    ):
        response = client.post(f"/sociale-kaart/capaciteit/{vervalst}/", {"capaciteit": "vol"})
        assert response.status_code == 404, vervalst
    for item in (aanbod, ander_aanbod):
        item.refresh_from_db()
        assert item.capaciteit == Capaciteit.ONBEKEND


def test_a_link_stops_when_the_aanbod_or_the_user_leaves_the_organisation(
    client, aanbod, partner_a, partner_organisatie_b
):
    adres = link(aanbod, partner_a)
    Aanbod.objects.filter(pk=aanbod.pk).update(organisatie=partner_organisatie_b)
    assert client.get(adres).status_code == 404
    Aanbod.objects.filter(pk=aanbod.pk).update(organisatie=partner_a.organisatie)
    assert client.get(adres).status_code == 200
    partner_a.is_active = False
    partner_a.save()
    assert client.get(adres).status_code == 404


def test_failed_lookups_of_the_link_count_towards_the_token_limit(
    client, settings, aanbod, partner_a
):
    settings.TOKEN_LIMIET = 2
    for _ in range(2):
        assert client.get("/sociale-kaart/capaciteit/geraden/").status_code == 404
    assert client.get(link(aanbod, partner_a)).status_code == 429


# --- the monthly reminder -------------------------------------------------------------------


@pytest.fixture
def celery_in_proces():
    vorige = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = vorige


@pytest.fixture
def tweede_partner(partner_a):
    return UserFactory(
        rol=Rol.PARTNER, organisatie=partner_a.organisatie, email="tweede@example.org"
    )


@time_machine.travel(om(2027, 3, 1, 8, 15), tick=False)
def test_the_reminder_reaches_each_partner_user_once_with_links_per_aanbod(
    client, aanbod, ander_aanbod, partner_a, tweede_partner, celery_in_proces,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    AanbodFactory(organisatie=partner_a.organisatie, status=AanbodStatus.INACTIEF, naam="Oud")
    capaciteit_doorgeven(aanbod=aanbod, capaciteit="wachtlijst", wachtlijst_weken=6, door=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert plannen_taak.apply().get() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert plannen_taak.apply().get() == 0  # a second run (or beat twice) plans nothing
    mails = {m.to[0]: m for m in verzonden_mail()}
    assert set(mails) == {partner_a.email, "tweede@example.org"}
    assert Bericht.objects.filter(ontvanger=partner_a).count() == 1
    tekst = mails[partner_a.email].body
    assert (
        mails[partner_a.email].subject == "Is er plaats voor nieuwe cliënten bij Figulus Welzijn?"
    )
    assert "Nu staat er: wachtlijst: ongeveer 6 weken (doorgegeven vandaag)." in tekst
    assert "Budgetcursus" in tekst and "Oud" not in tekst
    links = re.findall(r"https?://\S+/sociale-kaart/capaciteit/\S+", tekst)
    assert len(links) == 6  # ja, wachtlijst, vol for each of the two
    # Each user's links are their own: the other user's mail has other tokens.
    assert not set(links) & set(
        re.findall(r"https?://\S+/sociale-kaart/capaciteit/\S+", mails["tweede@example.org"].body)
    )
    # The in-app message has no links without a login; it points to the partner portal.
    bericht = Bericht.objects.get(ontvanger=partner_a)
    assert "/sociale-kaart/capaciteit/" not in bericht.tekst
    assert bericht.link == "/partner/sociale-kaart/"

    # One click from the e-mail (aanbod by name: Budgetcursus first; ja, wachtlijst, vol).
    assert [urlsplit(u).query for u in links[:3]] == ["keuze=ja", "keuze=wachtlijst", "keuze=vol"]
    pad = urlsplit(links[2])
    response = client.get(f"{pad.path}?{pad.query}")
    assert "Is er plaats bij Budgetcursus?" in html(response)
    assert gekozen(response) == ["vol"]
    client.post(pad.path, {"capaciteit": "vol"})
    ander_aanbod.refresh_from_db()
    aanbod.refresh_from_db()
    assert (ander_aanbod.capaciteit, ander_aanbod.capaciteit_doorgegeven_door) == ("vol", partner_a)
    assert aanbod.capaciteit == "wachtlijst"


@time_machine.travel(om(2027, 3, 1, 8, 15), tick=False)
def test_a_reminder_task_that_runs_twice_sends_nothing_twice(aanbod, partner_a):
    capaciteit_herinneringen_plannen()
    [taak] = UitgaandeTaak.objects.filter(taak=TAAK)
    assert taak.argumenten == [str(partner_a.organisatie.pk), "2027-03"]
    assert sturen_taak.apply(args=taak.argumenten).get() == 1
    assert sturen_taak.apply(args=taak.argumenten).get() == 0
    assert len(verzonden_mail()) == 1
    assert sturen_taak.acks_late and sturen_taak.name == TAAK


def test_a_reminder_once_a_month_on_working_days_only_for_whom_it_concerns(
    aanbod, partner_a, partner_organisatie_b
):
    AanbodFactory(organisatie=OrganisatieFactory())  # nobody to ask
    UserFactory(rol=Rol.PARTNER, organisatie=partner_organisatie_b)  # no aanbod to ask about
    assert capaciteit_herinneringen_plannen(vandaag=date(2027, 3, 29)) == 0  # Tweede paasdag
    assert capaciteit_herinneringen_plannen(vandaag=date(2027, 3, 6)) == 0  # a Saturday
    assert capaciteit_herinneringen_plannen(vandaag=MAANDAG) == 1
    assert capaciteit_herinneringen_plannen(vandaag=date(2027, 3, 2)) == 0
    assert capaciteit_herinneringen_plannen(vandaag=date(2027, 4, 1)) == 1
    assert UitgaandeTaak.objects.filter(taak=TAAK).count() == 2


def test_a_reminder_for_an_organisation_without_aanbod_sends_nothing(partner_a):
    assert (
        capaciteit_herinnering_sturen(organisatie_id=partner_a.organisatie.pk, maand="2027-03") == 0
    )
    assert not Bericht.objects.exists()


def test_the_reminder_is_in_the_beat_schedule(settings):
    taken = {regel["task"] for regel in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "sociale_kaart.tasks.capaciteit_herinneringen_plannen" in taken
    assert plannen_taak.acks_late


# --- the partner portal ---------------------------------------------------------------------


@pytest.fixture
def portaal(client, partner_a):
    client.force_login(partner_a)
    return client


def test_a_partner_states_it_directly_without_review(portaal, aanbod, partner_a):
    adres = f"/partner/sociale-kaart/aanbod/{aanbod.slug}/capaciteit/"
    assert portaal.get(adres).status_code == 200
    response = portaal.post(adres, {"capaciteit": "wachtlijst", "wachtlijst_weken": "10"})
    assert response.status_code == 302 and response["Location"] == "/partner/sociale-kaart/"
    aanbod.refresh_from_db()
    assert (aanbod.capaciteit, aanbod.wachtlijst_weken, aanbod.capaciteit_doorgegeven_door) == (
        "wachtlijst",
        10,
        partner_a,
    )
    assert Wijziging.objects.get().door == partner_a
    overzicht = html(portaal.get("/partner/sociale-kaart/"))
    assert "Doorgegeven voor Schuldhulp: wachtlijst: ongeveer 10 weken." in overzicht
    assert "Plaats voor nieuwe cliënten:" in overzicht
    assert "aanbod: capaciteit, wachtlijst_weken" in overzicht  # the history
    # The form shows what is stated now.
    assert gekozen(portaal.get(adres)) == ["wachtlijst"]


def test_a_partner_gets_a_dutch_message_and_nothing_is_saved(portaal, aanbod):
    adres = f"/partner/sociale-kaart/aanbod/{aanbod.slug}/capaciteit/"
    response = portaal.post(adres, {"capaciteit": "wachtlijst", "wachtlijst_weken": "zes"})
    assert response.status_code == 400
    assert "Vul een heel getal in, bijvoorbeeld 6." in html(response)
    assert 'value="zes"' in html(response)
    aanbod.refresh_from_db()
    assert aanbod.capaciteit == Capaciteit.ONBEKEND


def test_another_organisations_aanbod_is_a_404(client, partner_b, aanbod):
    client.force_login(partner_b)
    adres = f"/partner/sociale-kaart/aanbod/{aanbod.slug}/capaciteit/"
    assert client.get(adres).status_code == 404
    assert client.post(adres, {"capaciteit": "vol"}).status_code == 404
    aanbod.refresh_from_db()
    assert aanbod.capaciteit == Capaciteit.ONBEKEND


# --- what the counter and residents see -----------------------------------------------------


@pytest.fixture
def gevuld(partner_a):
    """Three aanbod of one partner: with a wachtlijst, full, and nothing stated."""
    organisatie = partner_a.organisatie
    wachtlijst = AanbodFactory(organisatie=organisatie, naam="Schuldhulp", zoekwoorden="schulden")
    vol = AanbodFactory(organisatie=organisatie, naam="Schuldbuddy", zoekwoorden="schulden")
    stil = AanbodFactory(organisatie=organisatie, naam="Schuldenwijzer", zoekwoorden="schulden")
    with time_machine.travel(timezone.now() - timedelta(days=3)):
        capaciteit_doorgeven(
            aanbod=wachtlijst, capaciteit="wachtlijst", wachtlijst_weken=6, door=partner_a
        )
    capaciteit_doorgeven(aanbod=vol, capaciteit="vol", door=partner_a)
    zoekindex_bijwerken(aanbod_ids=[wachtlijst.pk, vol.pk, stil.pk])
    return wachtlijst, vol, stil


def test_the_counters_search_shows_it_with_its_age_and_marks_a_full_one(client, medewerker, gevuld):
    client.force_login(medewerker)
    pagina = html(client.get("/balie/sociale-kaart/", {"q": "schulden"}))
    assert "Wachtlijst: ongeveer 6 weken</strong>" in pagina
    assert "(doorgegeven 3 dagen geleden)" in pagina
    assert (
        'class="capaciteit capaciteit--vol"><strong>Vol — neemt nu geen nieuwe cliënten aan'
        in pagina
    )
    assert "Plaats voor nieuwe cliënten: niet doorgegeven" in pagina
    assert pagina.count('class="resultaat"') == 3  # the full one is there, not hidden
    # Residents' search does not show it; their aanbod page does, in plain words.
    assert "Wachtlijst: ongeveer" not in html(client.get("/sociale-kaart/", {"q": "schulden"}))


def test_a_page_of_results_reads_its_capacity_in_one_query(gevuld):
    rijen = [Aanbod.objects.only("pk", "naam").get(pk=a.pk) for a in gevuld]
    with CaptureQueriesContext(connection) as queries:
        capaciteit_aanvullen(rijen)
        teksten = [a.capaciteit_tekst for a in rijen]
    assert len(queries) == 1
    assert teksten == [
        "Wachtlijst: ongeveer 6 weken",
        "Vol — neemt nu geen nieuwe cliënten aan",
        "",
    ]


def test_choosing_an_aanbod_to_refer_to_shows_whether_it_takes_new_clients(
    client, medewerker, partner_a, gevuld
):
    zaak = HulpvraagFactory()
    zaak.wijs_toe(medewerker, door=medewerker)
    client.force_login(medewerker)
    wachtlijst, vol, stil = gevuld
    pagina = html(
        client.get(f"/balie/hulpvragen/{zaak.referentie}/doorverwijzen/?aanbod={vol.slug}")
    )
    assert (
        f'<option value="{vol.pk}" selected>Schuldbuddy (Vol — neemt nu geen nieuwe cliënten aan, '
        "doorgegeven vandaag)</option>"
    ) in pagina
    assert "Schuldhulp (Wachtlijst: ongeveer 6 weken, doorgegeven 3 dagen geleden)" in pagina
    assert f'<option value="{stil.pk}">Schuldenwijzer</option>' in pagina
    # The list that htmx fetches when the organisation changes says the same.
    keuzes = html(client.get("/balie/aanbod-keuzes/", {"organisatie": partner_a.organisatie.naam}))
    assert "Schuldhulp (Wachtlijst: ongeveer 6 weken, doorgegeven 3 dagen geleden)" in keuzes


def test_residents_read_it_in_plain_words_where_it_was_stated(client, gevuld):
    wachtlijst, vol, stil = gevuld
    pagina = html(client.get(wachtlijst.get_absolute_url()))
    assert "Er is een wachtlijst. U wacht ongeveer 6 weken voordat u kunt beginnen." in pagina
    assert "Figulus Welzijn gaf dit door op" in pagina
    assert "Op dit moment is het vol. Er kunnen nu geen nieuwe mensen bij." in html(
        client.get(vol.get_absolute_url())
    )
    assert "Is er plaats?" not in html(client.get(stil.get_absolute_url()))


def test_the_demo_data_shows_each_answer(levensdomeinen):
    demo.load_aanbod(demo.load())
    assert dict(
        Aanbod.objects.filter(slug__in=demo.CAPACITEIT).values_list("slug", "capaciteit")
    ) == {slug: capaciteit for slug, (capaciteit, _) in demo.CAPACITEIT.items()}
