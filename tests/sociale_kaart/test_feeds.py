"""Feeds (issue 14, item 5): another system's HSDS 3.0 API, pulled over real HTTP from a
server this test starts (tests/sociale_kaart/hsds_bron.py), into the sociale kaart."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from sociale_kaart import feeds, tasks
from sociale_kaart.hsds_client import modified_after
from sociale_kaart.models import (
    Aanbod,
    Feed,
    Feedherkomst,
    FeedModus,
    Feedwijziging,
    FeedwijzigingStatus,
    Organisatie,
)
from tests.sociale_kaart.factories import AanbodFactory, OrganisatieFactory
from tests.sociale_kaart.hsds_bron import Bron, bronrecords
from toegang.berichten.models import UitgaandeTaak

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def snelle_feeds(settings):
    """No backoff waits in tests (never sleep); small pages, so five records are three."""
    settings.FEED_BACKOFF = 0
    settings.FEED_PER_PAGINA = 2
    settings.FEED_TIMEOUT_VERBINDEN = 2
    settings.FEED_TIMEOUT_LEZEN = 5


@pytest.fixture
def bron():
    with Bron() as bron:
        yield bron


@pytest.fixture
def records(levensdomeinen):
    return bronrecords(levensdomeinen)


def maak_feed(bron, modus=FeedModus.AUTOMATISCH, **velden) -> Feed:
    return Feed.objects.create(
        naam="Hulpwijzer Achterhoek", basis_url=bron.url, modus=modus, **velden
    )


def ophalen(feed: Feed) -> dict | None:
    uitkomst = tasks.feed_ophalen(feed.pk)  # the Celery task, run here
    feed.refresh_from_db()
    return uitkomst


# --- pulling and applying -------------------------------------------------------------------


def test_automatic_feed_imports_every_page_and_each_entry_names_its_source(bron, records, client):
    for record in records:
        bron.publiceer(record)
    feed = maak_feed(bron, website="https://hulpwijzer.example.org/")

    uitkomst = ophalen(feed)

    assert bron.paginas_gevraagd() == [1, 2, 3]
    assert "modified_after" not in bron.verzoeken[0]["query"]  # the first round reads all
    assert bron.verzoeken[0]["query"]["full"] == ["true"]
    assert uitkomst["opgehaald"] == 5 and uitkomst["toegepast"] == 5 and uitkomst["paginas"] == 3
    assert Aanbod.objects.filter(feedherkomst__feed=feed).count() == 5
    herkomst = Feedherkomst.objects.get(bron_id=records[0]["id"])
    assert herkomst.bron_url == f"{bron.url}/services/{records[0]['id']}"
    assert feed.laatste_fout == "" and feed.laatste_succes is not None
    assert feed.bijgewerkt_tot is not None and feed.ronde_begonnen is None
    assert set(Feedwijziging.objects.values_list("status", flat=True)) == {"toegepast"}

    pagina = client.get(herkomst.aanbod.get_absolute_url()).content.decode()
    assert "Deze informatie komt uit Hulpwijzer Achterhoek" in pagina
    assert 'href="https://hulpwijzer.example.org/"' in pagina


def test_running_the_task_twice_changes_nothing_the_second_time(bron, records):
    for record in records:
        bron.publiceer(record)
    feed = maak_feed(bron)
    ophalen(feed)
    gewijzigd = dict(Aanbod.objects.values_list("pk", "gewijzigd"))
    wijzigingen = Feedwijziging.objects.count()

    uitkomst = ophalen(feed)

    # The overlap brings the same versions again: each is recognised, none applied again.
    assert "modified_after" in bron.verzoeken[-1]["query"]
    assert uitkomst["opgehaald"] == 5 and uitkomst["ongewijzigd"] == 5
    assert uitkomst.get("toegepast", 0) == 0
    assert Feedwijziging.objects.count() == wijzigingen
    assert dict(Aanbod.objects.values_list("pk", "gewijzigd")) == gewijzigd


def test_an_upstream_change_is_pulled_by_modified_after_and_applied(bron, records):
    for record in records:
        bron.publiceer(record, timezone.now() - timedelta(days=30))
    feed = maak_feed(bron)
    ophalen(feed)
    marker = feed.bijgewerkt_tot
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        bron.wijzig(records[2]["id"], description="Nu ook op zaterdag.")
        uitkomst = ophalen(feed)

    # The round asks for what changed since the previous round began, less the overlap.
    assert bron.verzoeken[-1]["query"]["modified_after"] == [modified_after(marker)]
    assert feed.bijgewerkt_tot > marker
    assert uitkomst["opgehaald"] == 1 and uitkomst["toegepast"] == 1
    assert Aanbod.objects.get(pk=records[2]["id"]).beschrijving == "Nu ook op zaterdag."
    laatste = Feedwijziging.objects.filter(bron_id=records[2]["id"]).first()
    assert [
        "beschrijving",
        "Vrijwilligers helpen met uw administratie.",
        "Nu ook op zaterdag.",
    ] in (laatste.verschil)


def test_a_full_round_once_a_day_catches_what_an_incremental_round_missed(bron, records):
    for record in records:
        bron.publiceer(record, timezone.now() - timedelta(days=30))
    feed = maak_feed(bron)
    ophalen(feed)
    # A change whose moment lies before the marker (a source whose clock was wrong).
    bron.wijzig(records[1]["id"], name="Bronaanbod 02 (nieuw)")
    bron.records[records[1]["id"]] = (
        bron.records[records[1]["id"]][0],
        feed.bijgewerkt_tot - timedelta(days=1),
    )

    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        ophalen(feed)
    assert Aanbod.objects.get(pk=records[1]["id"]).naam == "Bronaanbod 02"
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        ophalen(feed)
    assert "modified_after" not in bron.verzoeken[-1]["query"]
    assert Aanbod.objects.get(pk=records[1]["id"]).naam == "Bronaanbod 02 (nieuw)"


def test_an_entry_the_source_no_longer_publishes_is_made_inactive_after_a_full_round(
    bron, records, client
):
    for record in records:
        bron.publiceer(record, timezone.now() - timedelta(days=30))
    feed = maak_feed(bron)
    ophalen(feed)
    weg = records[3]["id"]
    del bron.records[weg]

    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        ophalen(feed)  # an incremental round cannot tell what is gone
    assert Aanbod.objects.get(pk=weg).status == "actief"

    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        uitkomst = ophalen(feed)

    assert uitkomst["verdwenen"] == 1 and uitkomst["toegepast"] == 1
    aanbod = Aanbod.objects.get(pk=weg)
    assert aanbod.status == "inactief"  # kept, out of sight
    assert client.get(aanbod.get_absolute_url()).status_code == 404
    wijziging = Feedwijziging.objects.get(bron_id=weg, soort="verdwenen")
    assert wijziging.status == FeedwijzigingStatus.TOEGEPAST
    assert wijziging.verschil == [["status", "actief", "inactief"]]
    assert Aanbod.objects.filter(status="actief").count() == 4

    # Published again: it comes back.
    with time_machine.travel(timezone.now() + timedelta(hours=26)):
        bron.publiceer(records[3])
        ophalen(feed)
    assert Aanbod.objects.get(pk=weg).status == "actief"


def test_a_source_that_suddenly_publishes_nothing_makes_nothing_inactive(bron, records):
    for record in records:
        bron.publiceer(record, timezone.now() - timedelta(days=30))
    feed = maak_feed(bron)
    ophalen(feed)
    bron.records.clear()

    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        ophalen(feed)

    assert "geen enkel aanbod dat we van haar hebben (5 stuks)" in feed.laatste_fout
    assert Aanbod.objects.filter(status="actief").count() == 5
    assert not Feedwijziging.objects.filter(soort="verdwenen").exists()


def test_when_most_entries_vanish_at_once_each_waits_for_the_beheerder(bron, levensdomeinen):
    records = bronrecords(levensdomeinen, 7)
    for record in records:
        bron.publiceer(record, timezone.now() - timedelta(days=30))
    feed = maak_feed(bron)  # automatic
    ophalen(feed)
    for record in records[2:]:
        del bron.records[record["id"]]

    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        uitkomst = ophalen(feed)

    assert uitkomst["conflicten"] == 5 and uitkomst.get("toegepast", 0) == 0
    assert Aanbod.objects.filter(status="actief").count() == 7
    conflict = Feedwijziging.objects.filter(soort="verdwenen").first()
    assert conflict.status == FeedwijzigingStatus.CONFLICT
    assert "ongewoon veel aanbod (5 stuks)" in conflict.reden


def test_a_new_version_that_changes_nothing_here_is_read_once(bron, records, monkeypatch):
    """A source whose records change in ways we do not keep (another system's own fields)
    costs one dry run, not one every round."""
    for record in records:
        bron.publiceer(record, timezone.now() - timedelta(days=30))
    feed = maak_feed(bron)
    ophalen(feed)
    bron.wijzig(records[0]["id"], metadata=[{"id": "m1", "resource_id": records[0]["id"],
                "resource_type": "service", "last_action_date": "2026-12-01",
                "last_action_type": "update", "field_name": "x", "previous_value": "a",
                "replacement_value": "b", "updated_by": "bron"}])  # fmt: skip
    ingelezen = []
    echt = feeds._inlezen
    monkeypatch.setattr(
        feeds,
        "_inlezen",
        lambda record, proef: ingelezen.append(record["id"]) or echt(record, proef=proef),
    )

    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        assert ophalen(feed)["ongewijzigd"] == 1
    with time_machine.travel(timezone.now() + timedelta(hours=26)):
        assert ophalen(feed)["ongewijzigd"] == 5  # the daily full round: all again

    assert ingelezen == [records[0]["id"]]
    assert not Feedwijziging.objects.exclude(status="toegepast").exists()


def test_the_diff_names_fields_in_dutch_and_leaves_out_ids(levensdomeinen):
    aanbod = AanbodFactory(
        naam="Schuldhulpmaatje", werkgebied="kernen", werkgebied_kernen=["dinxperlo"], aan_huis=True
    )
    aanbod.capaciteit_doorgeven(capaciteit="wachtlijst", wachtlijst_weken=6)
    voor = feeds.momentopname(aanbod.pk)
    Aanbod.objects.filter(pk=aanbod.pk).update(
        naam="Schuldhulpmaatjes", werkgebied="gemeente", werkgebied_kernen=[], status="inactief"
    )
    na = feeds.momentopname(aanbod.pk)

    regels = {veld: (oud, nieuw) for veld, oud, nieuw in feeds.verschil(voor, na)}

    assert regels == {
        "naam": ("Schuldhulpmaatje", "Schuldhulpmaatjes"),
        "status": ("actief", "inactief"),
        "werkgebied": ("In Dinxperlo. Ook bij u thuis.", "Voor heel Aalten. Ook bij u thuis."),
    }
    assert "plaats voor nieuwe cliënten" in feeds.leesbaar(na)
    assert not any("id" in veld.split() for veld in feeds.leesbaar(na))


# --- a source that misbehaves -----------------------------------------------------------------


def test_a_page_that_fails_once_is_asked_again_and_the_run_succeeds(bron, records):
    for record in records:
        bron.publiceer(record)
    bron.storing(2, 500)
    feed = maak_feed(bron)

    uitkomst = ophalen(feed)

    assert bron.paginas_gevraagd() == [1, 2, 2, 3]
    assert uitkomst["toegepast"] == 5
    assert feed.laatste_fout == "" and feed.laatste_succes is not None


def test_a_page_that_keeps_failing_stops_the_run_and_the_next_run_continues_there(
    bron, records, settings
):
    for record in records:
        bron.publiceer(record)
    bron.storing(2, 503, 503, 503)  # every attempt of this run
    feed = maak_feed(bron)

    ophalen(feed)

    assert bron.paginas_gevraagd() == [1, 2, 2, 2]
    assert "foutcode 503" in feed.laatste_fout and "pagina 2" in feed.laatste_fout
    assert feed.fouten_op_rij == 1
    # Page 1 is in; the marker stays on page 2 and the round is not done.
    assert Aanbod.objects.filter(feedherkomst__feed=feed).count() == 2
    assert feed.volgende_pagina == 2 and feed.bijgewerkt_tot is None
    assert feed.laatste_succes is None

    bron.verzoeken.clear()
    ophalen(feed)

    assert bron.paginas_gevraagd() == [2, 3]  # continues, page 1 is not read again
    assert Aanbod.objects.filter(feedherkomst__feed=feed).count() == 5
    assert feed.laatste_fout == "" and feed.fouten_op_rij == 0
    assert feed.bijgewerkt_tot is not None


@pytest.mark.parametrize(
    ("storing", "melding"),
    [
        ("html", "webpagina (HTML)"),
        ("onzin", "geen geldige JSON"),
        ("geen-pagina", "'contents' ontbreekt"),
        (404, "foutcode 404"),
    ],
)
def test_an_answer_that_is_not_an_hsds_page_is_reported_and_nothing_is_applied(
    bron, records, storing, melding, client, beheerder
):
    for record in records:
        bron.publiceer(record)
    bron.storing(1, storing)
    feed = maak_feed(bron)

    ophalen(feed)

    assert melding in feed.laatste_fout
    assert not Aanbod.objects.exists() and not Feedwijziging.objects.exists()
    assert feed.volgende_pagina == 1
    client.force_login(beheerder)
    pagina = client.get(f"/beheer/sociale_kaart/feed/{feed.pk}/change/").content.decode()
    assert melding.replace("'", "&#x27;") in pagina

    ophalen(feed)  # the source is fine again
    assert feed.laatste_fout == "" and Aanbod.objects.count() == 5


def test_a_redirect_to_another_host_is_refused(bron, records):
    for record in records:
        bron.publiceer(record)
    elders = f"http://localhost:{bron.poort}/api/hsds/services?page=1&per_page=2"
    bron.storing(1, ("doorsturen", elders))
    feed = maak_feed(bron)

    ophalen(feed)

    assert "stuurt door naar een ander adres (localhost:" in feed.laatste_fout
    assert [v["host"] for v in bron.verzoeken] == [f"127.0.0.1:{bron.poort}"]
    assert not Aanbod.objects.exists()


def test_a_redirect_on_the_same_host_is_followed(bron, records):
    for record in records:
        bron.publiceer(record)
    bron.storing(1, ("doorsturen", "/api/hsds/services?page=1&per_page=2&full=true"))
    feed = maak_feed(bron)

    ophalen(feed)

    assert feed.laatste_fout == ""
    assert Aanbod.objects.count() == 5


def test_a_feed_that_is_down_is_reported(records, settings):
    with Bron() as bron:
        url = bron.url  # a port that was just free and is closed again
    feed = Feed.objects.create(naam="Weg", basis_url=url, modus=FeedModus.AUTOMATISCH)

    ophalen(feed)

    assert feed.laatste_fout.startswith("De feed is niet bereikbaar")
    assert feed.laatste_poging is not None and feed.laatste_succes is None


def test_a_feed_that_does_not_answer_in_time_is_reported(bron, records, settings):
    settings.FEED_TIMEOUT_LEZEN = 0.3
    bron.publiceer(records[0])
    bron.storing(1, "hangen", "hangen", "hangen")
    feed = maak_feed(bron)

    ophalen(feed)

    assert "antwoordde niet binnen 0.3 seconden" in feed.laatste_fout
    assert bron.paginas_gevraagd() == [1, 1, 1]
    assert not Aanbod.objects.exists()


def test_a_record_the_importer_refuses_is_reported_and_the_others_are_applied(bron, records):
    kapot = {**records[0], "name": ""}  # no aanbod can exist without a name
    bron.publiceer(kapot)
    for record in records[1:]:
        bron.publiceer(record)
    feed = maak_feed(bron)

    uitkomst = ophalen(feed)

    assert uitkomst["fouten"] == 1 and uitkomst["toegepast"] == 4
    fout = Feedwijziging.objects.get(bron_id=kapot["id"])
    assert fout.status == FeedwijzigingStatus.FOUT and "name" in fout.reden
    assert feed.laatste_fout == ""  # the run itself went well


def test_a_failure_while_processing_a_page_undoes_the_whole_page(bron, records, monkeypatch):
    for record in records:
        bron.publiceer(record)
    feed = maak_feed(bron)
    echt = feeds._record_verwerken
    teller = {"n": 0}

    def breekt_bij_het_vierde(feed, record, tellingen):
        teller["n"] += 1
        if teller["n"] == 4:
            raise RuntimeError("stuk")
        return echt(feed, record, tellingen)

    monkeypatch.setattr(feeds, "_record_verwerken", breekt_bij_het_vierde)
    ophalen(feed)

    # Page 1 (records 1-2) is in; of page 2 the third record is not kept either.
    assert Aanbod.objects.count() == 2
    assert feed.volgende_pagina == 2 and "Pagina 2 kon niet worden verwerkt" in feed.laatste_fout
    monkeypatch.setattr(feeds, "_record_verwerken", echt)
    ophalen(feed)
    assert Aanbod.objects.count() == 5 and feed.laatste_fout == ""


# --- one run at a time, and beat ------------------------------------------------------------


def test_a_run_while_another_holds_the_feed_does_nothing(bron, records):
    bron.publiceer(records[0])
    feed = maak_feed(bron)
    Feed.objects.filter(pk=feed.pk).update(bezig_sinds=timezone.now())

    assert ophalen(feed) is None
    assert bron.verzoeken == []

    # A claim left by a worker that was killed is taken over after a while.
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert ophalen(feed)["toegepast"] == 1
    assert feed.bezig_sinds is None


def test_an_inactive_feed_is_not_pulled(bron, records):
    bron.publiceer(records[0])
    feed = maak_feed(bron, actief=False)
    assert ophalen(feed) is None and bron.verzoeken == []


def test_beat_plans_one_task_per_active_feed(settings):
    eerste = Feed.objects.create(naam="Een", basis_url="https://een.example.org/api")
    Feed.objects.create(naam="Twee", basis_url="https://twee.example.org/api", actief=False)

    assert tasks.feeds_ophalen() == 1
    taak = UitgaandeTaak.objects.get()
    assert taak.taak == "sociale_kaart.tasks.feed_ophalen" and taak.argumenten == [eerste.pk]
    schema = settings.CELERY_BEAT_SCHEDULE["sociale kaart: feeds ophalen (elk kwartier)"]
    assert schema["task"] == "sociale_kaart.tasks.feeds_ophalen"


# --- review ---------------------------------------------------------------------------------


def test_a_reviewed_feed_waits_for_the_beheerder_then_a_later_change_arrives_after_review(
    bron, records, client, beheerder
):
    record = records[0]
    bron.publiceer(record, timezone.now() - timedelta(days=1))
    feed = maak_feed(bron, modus=FeedModus.BEOORDELEN)
    client.force_login(beheerder)

    uitkomst = ophalen(feed)

    assert uitkomst["ter_beoordeling"] == 1
    assert not Aanbod.objects.exists()
    wijziging = Feedwijziging.objects.get()
    assert wijziging.status == FeedwijzigingStatus.OPEN and wijziging.soort == "nieuw"
    pagina = client.get(f"/beheer/sociale_kaart/feedwijziging/{wijziging.pk}/beoordelen/")
    tekst = pagina.content.decode()
    assert pagina.status_code == 200 and "Bronaanbod 01" in tekst and "Accepteren" in tekst

    # Nothing changes upstream: running again does not stage it twice.
    ophalen(feed)
    assert Feedwijziging.objects.count() == 1

    antwoord = client.post(
        f"/beheer/sociale_kaart/feedwijziging/{wijziging.pk}/beoordelen/",
        {"besluit": "accepteren", "notitie": "Klopt."},
    )
    assert antwoord.status_code == 302
    aanbod = Aanbod.objects.get(pk=record["id"])
    assert aanbod.feedherkomst.feed == feed
    wijziging.refresh_from_db()
    assert wijziging.status == FeedwijzigingStatus.TOEGEPAST
    assert wijziging.beoordeeld_door == beheerder and wijziging.aanbod == aanbod

    # After the review, the source changes the record again.
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        bron.wijzig(record["id"], description="Ook hulp bij de belastingaangifte.")
        uitkomst = ophalen(feed)

    assert uitkomst["ter_beoordeling"] == 1
    aanbod.refresh_from_db()
    assert aanbod.beschrijving == "Vrijwilligers helpen met uw administratie."  # waits
    later = Feedwijziging.objects.filter(status=FeedwijzigingStatus.OPEN).get()
    assert later.soort == "gewijzigd" and later.aanbod == aanbod
    assert later.verschil == [
        [
            "beschrijving",
            "Vrijwilligers helpen met uw administratie.",
            "Ook hulp bij de belastingaangifte.",
        ]
    ]
    tekst = client.get(f"/beheer/sociale_kaart/feedwijziging/{later.pk}/beoordelen/").content
    assert "<ins>Ook hulp bij de belastingaangifte.</ins>" in tekst.decode()

    client.post(
        f"/beheer/sociale_kaart/feedwijziging/{later.pk}/beoordelen/", {"besluit": "afwijzen"}
    )
    later.refresh_from_db()
    aanbod.refresh_from_db()
    assert later.status == FeedwijzigingStatus.AFGEWEZEN
    assert aanbod.beschrijving == "Vrijwilligers helpen met uw administratie."
    # The same version is not offered again; a next one is.
    ophalen(feed)
    assert Feedwijziging.objects.filter(status=FeedwijzigingStatus.OPEN).count() == 0


def test_a_newer_upstream_version_replaces_the_one_waiting_for_review(bron, records):
    record = records[0]
    bron.publiceer(record)
    feed = maak_feed(bron, modus=FeedModus.BEOORDELEN)
    ophalen(feed)
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        bron.wijzig(record["id"], name="Bronaanbod 01 (nieuwe naam)")
        ophalen(feed)

    eerste, tweede = Feedwijziging.objects.order_by("pk")
    assert eerste.status == FeedwijzigingStatus.VERVANGEN
    assert (
        tweede.status == FeedwijzigingStatus.OPEN and tweede.naam == "Bronaanbod 01 (nieuwe naam)"
    )
    wijziging = feeds.wijziging_accepteren(wijziging=tweede, door=None)
    assert wijziging.status == FeedwijzigingStatus.TOEGEPAST
    with pytest.raises(feeds.FeedwijzigingFout, match="al vervangen"):
        feeds.wijziging_accepteren(wijziging=eerste, door=None)

    # A third version waits; then the source takes it back: it no longer waits.
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        bron.wijzig(record["id"], name="Bronaanbod 01 (derde naam)")
        ophalen(feed)
    assert Feedwijziging.objects.filter(status=FeedwijzigingStatus.OPEN).count() == 1
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        bron.wijzig(record["id"], name="Bronaanbod 01 (nieuwe naam)")
        ophalen(feed)
    assert not Feedwijziging.objects.filter(status=FeedwijzigingStatus.OPEN).exists()
    assert Aanbod.objects.get().naam == "Bronaanbod 01 (nieuwe naam)"


# --- local edits --------------------------------------------------------------------------------


@pytest.fixture
def uit_feed(bron, records):
    for record in records[:2]:
        bron.publiceer(record, timezone.now() - timedelta(days=1))
    feed = maak_feed(bron)
    ophalen(feed)
    return feed, Aanbod.objects.get(pk=records[0]["id"])


def _lege_inlines(prefix: str) -> dict:
    return {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}


def test_the_admin_shows_a_feed_entry_read_only_and_refuses_a_save(uit_feed, client, beheerder):
    feed, aanbod = uit_feed
    client.force_login(beheerder)
    adres = f"/beheer/sociale_kaart/aanbod/{aanbod.pk}/change/"

    pagina = client.get(adres).content.decode()
    assert "Dit komt uit de feed" in pagina and "Hulpwijzer Achterhoek" in pagina
    assert 'name="naam"' not in pagina  # no form fields: read only

    antwoord = client.post(adres, {"naam": "Lokaal veranderd"}, follow=True)
    assert "Niet opgeslagen." in antwoord.content.decode()
    aanbod.refresh_from_db()
    assert aanbod.naam == "Bronaanbod 01"
    # Its organisation and its opening hours are the source's too.
    organisatie = client.get(f"/beheer/sociale_kaart/organisatie/{aanbod.organisatie_id}/change/")
    assert "Dit komt uit de feed" in organisatie.content.decode()
    koppeling = aanbod.op_vestigingen.get()
    tijden = client.get(f"/beheer/sociale_kaart/aanbodopvestiging/{koppeling.pk}/change/")
    assert "Dit komt uit de feed" in tijden.content.decode()
    AanbodFactory(naam="Eigen aanbod van hier")
    lijst = client.get("/beheer/sociale_kaart/aanbod/?feed=" + str(feed.pk)).content.decode()
    assert "Bronaanbod 01" in lijst and "Eigen aanbod van hier" not in lijst
    assert 'uit <a href="/beheer/sociale_kaart/feed/' in lijst
    lijst = client.get("/beheer/sociale_kaart/aanbod/?feed=eigen").content.decode()
    assert "Bronaanbod 01" not in lijst and "Eigen aanbod van hier" in lijst
    # Nor given another vestiging here.
    antwoord = client.post(
        "/beheer/sociale_kaart/aanbodopvestiging/add/",
        {"aanbod": aanbod.pk, "vestiging": koppeling.vestiging_id, "toelichting": "",
         **_lege_inlines("openingsregels"), **_lege_inlines("uitzonderingen")},
    )  # fmt: skip
    assert "Dit aanbod komt uit de feed Hulpwijzer Achterhoek" in antwoord.content.decode()
    assert aanbod.op_vestigingen.count() == 1
    # Nor deleted from the list ("delete selected").
    antwoord = client.post(
        "/beheer/sociale_kaart/aanbod/",
        {"action": "delete_selected", "_selected_action": [aanbod.pk], "post": "yes"},
    )
    assert "verwijderen kan alleen bij de bron" in antwoord.content.decode()
    assert Aanbod.objects.filter(pk=aanbod.pk).exists()


def test_a_partner_cannot_edit_an_entry_that_comes_from_a_feed(uit_feed, client):
    from tests.accounts.factories import UserFactory
    from toegang.accounts.roles import Rol

    feed, aanbod = uit_feed
    partner = UserFactory(username="hulpwijzer", rol=Rol.PARTNER, organisatie=aanbod.organisatie)
    client.force_login(partner)

    overzicht = client.get("/partner/sociale-kaart/").content.decode()
    assert "Komt uit Hulpwijzer Achterhoek" in overzicht
    assert f"/partner/sociale-kaart/aanbod/{aanbod.slug}/" not in overzicht
    pagina = client.get(f"/partner/sociale-kaart/aanbod/{aanbod.slug}/")
    assert "Hier aanpassen kan niet" in pagina.content.decode()
    antwoord = client.post(
        f"/partner/sociale-kaart/aanbod/{aanbod.slug}/", {"naam": "Anders"}, follow=True
    )
    assert (
        "Niet opgeslagen: Bronaanbod 01 komt uit Hulpwijzer Achterhoek" in antwoord.content.decode()
    )
    koppeling = aanbod.op_vestigingen.get()
    antwoord = client.post(
        f"/partner/sociale-kaart/openingstijden/{koppeling.pk}/", {}, follow=True
    )
    assert "Niet opgeslagen" in antwoord.content.decode()
    aanbod.refresh_from_db()
    assert aanbod.naam == "Bronaanbod 01"


def test_capacity_of_a_feed_entry_is_stated_at_the_source_not_here(uit_feed, client):
    from sociale_kaart.capaciteit import capaciteit_herinnering_sturen, capaciteit_token
    from tests.accounts.factories import UserFactory
    from toegang.accounts.roles import Rol

    feed, aanbod = uit_feed
    partner = UserFactory(username="hulpwijzer", rol=Rol.PARTNER, organisatie=aanbod.organisatie)
    token = capaciteit_token(aanbod=aanbod, gebruiker=partner)

    antwoord = client.post(f"/sociale-kaart/capaciteit/{token}/", {"capaciteit": "vol"})

    assert antwoord.status_code == 400
    assert "komt uit Hulpwijzer Achterhoek en wordt daar bijgehouden" in antwoord.content.decode()
    client.force_login(partner)
    pagina = client.get(f"/partner/sociale-kaart/aanbod/{aanbod.slug}/capaciteit/")
    assert "Hier aanpassen kan niet" in pagina.content.decode()
    aanbod.refresh_from_db()
    assert not aanbod.capaciteit_bekend
    # Nor asked for in the monthly question.
    assert capaciteit_herinnering_sturen(organisatie_id=aanbod.organisatie_id, maand="2026-12") == 0


def test_a_local_edit_that_got_in_anyway_turns_the_next_upstream_change_into_a_conflict(
    uit_feed, bron, records, client, beheerder
):
    feed, aanbod = uit_feed  # an automatic feed
    Aanbod.objects.filter(pk=aanbod.pk).update(zoekwoorden="lokaal toegevoegd")
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        bron.wijzig(records[0]["id"], description="Nieuwe tekst van de bron.")
        uitkomst = ophalen(feed)

    assert uitkomst["conflicten"] == 1 and uitkomst.get("toegepast", 0) == 0
    aanbod.refresh_from_db()
    assert aanbod.zoekwoorden == "lokaal toegevoegd"  # not silently overwritten
    assert aanbod.beschrijving == "Vrijwilligers helpen met uw administratie."
    conflict = Feedwijziging.objects.get(status=FeedwijzigingStatus.CONFLICT)
    assert "veranderd sinds de feed het de vorige keer bijwerkte" in conflict.reden
    assert ["zoekwoorden", "lokaal toegevoegd", ""] in conflict.verschil

    client.force_login(beheerder)
    client.post(
        f"/beheer/sociale_kaart/feedwijziging/{conflict.pk}/beoordelen/", {"besluit": "accepteren"}
    )
    aanbod.refresh_from_db()
    assert aanbod.beschrijving == "Nieuwe tekst van de bron." and aanbod.zoekwoorden == ""


def test_a_feed_record_with_the_id_of_a_local_entry_is_a_conflict(bron, records):
    record = records[0]
    bron.publiceer(record)
    eigen = OrganisatieFactory(naam="Eigen organisatie", slug="eigen")
    AanbodFactory(pk=record["id"], organisatie=eigen, naam="Eigen aanbod", slug="eigen-aanbod")
    feed = maak_feed(bron)

    ophalen(feed)

    conflict = Feedwijziging.objects.get()
    assert conflict.status == FeedwijzigingStatus.CONFLICT
    assert "eigen aanbod" in conflict.reden
    assert Aanbod.objects.get(pk=record["id"]).naam == "Eigen aanbod"
    assert not Feedherkomst.objects.exists()


def test_a_new_entry_that_would_change_a_local_organisation_is_a_conflict(bron, records):
    record = records[0]
    Organisatie.objects.create(
        pk=record["organization"]["id"], naam="Hulpwijzer Achterhoek", slug="hulpwijzer-achterhoek",
        telefoon="0543-111111",
    )  # fmt: skip
    bron.publiceer(record)
    feed = maak_feed(bron)

    ophalen(feed)

    conflict = Feedwijziging.objects.get()
    assert conflict.status == FeedwijzigingStatus.CONFLICT
    assert "organisatie 'Hulpwijzer Achterhoek' staat al in de sociale kaart" in conflict.reden
    assert Organisatie.objects.get().telefoon == "+31543111111"  # stored as E.164
    assert not Aanbod.objects.exists()


# --- the beheerder's pages ----------------------------------------------------------------------


def test_a_feed_given_a_new_address_starts_over_there(bron, records, client, beheerder):
    for record in records:
        bron.publiceer(record)
    bron.storing(2, 503, 503, 503)
    feed = maak_feed(bron)
    ophalen(feed)
    assert feed.volgende_pagina == 2
    client.force_login(beheerder)

    with Bron() as nieuw:
        for record in records:
            nieuw.publiceer(record)
        client.post(
            f"/beheer/sociale_kaart/feed/{feed.pk}/change/",
            {"naam": feed.naam, "basis_url": nieuw.url, "website": "", "modus": feed.modus,
             "actief": "on"},
        )  # fmt: skip
        feed.refresh_from_db()
        assert feed.basis_url == nieuw.url and feed.volgende_pagina == 1
        ophalen(feed)
        assert nieuw.paginas_gevraagd() == [1, 2, 3]
        assert "modified_after" not in nieuw.verzoeken[0]["query"]
    assert feed.laatste_fout == "" and Aanbod.objects.count() == 5


def test_the_beheerder_registers_a_feed_and_asks_for_a_pull(client, beheerder):
    client.force_login(beheerder)
    antwoord = client.post(
        "/beheer/sociale_kaart/feed/add/",
        {"naam": "Regio", "basis_url": "https://regio.example.org/api/hsds/services/", "website": "",
         "modus": "beoordelen", "actief": "on"},
    )  # fmt: skip
    assert antwoord.status_code == 302
    feed = Feed.objects.get()
    assert feed.basis_url == "https://regio.example.org/api/hsds"

    antwoord = client.post(f"/beheer/sociale_kaart/feed/{feed.pk}/ophalen/", follow=True)
    assert "De feed wordt zo opgehaald" in antwoord.content.decode()
    assert UitgaandeTaak.objects.get().argumenten == [feed.pk]
    assert client.get(f"/beheer/sociale_kaart/feed/{feed.pk}/ophalen/").status_code == 405

    fout = client.post(
        "/beheer/sociale_kaart/feed/add/",
        {"naam": "Ftp", "basis_url": "ftp://regio.example.org/", "modus": "beoordelen"},
    )
    assert "begint met https://" in fout.content.decode()
    assert Feed.objects.count() == 1
