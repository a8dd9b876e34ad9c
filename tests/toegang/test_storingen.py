"""No lost work, with a real Redis that goes down and a real worker that is killed.

Each test starts a redis-server of its own (tests/werker.py), so stopping it never touches
the Redis that other test runs share, and real `celery worker` processes that send e-mail
over SMTP to a small mail server in this process (tests/post.py). The web side is this
process: the Django test client through the real forms, publishing to that Redis.
"""

import uuid
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from intake.models import Doorverwijzing, DoorverwijzingStatus, Grondslag, Hulpvraag
from tests.intake.factories import HulpvraagFactory, InwonerFactory
from tests.post import Mailserver
from tests.toegang.inwoner import online_vraag_stellen
from tests.werker import PriveRedis, Werker, broker_van_dit_proces, wacht_tot
from toegang.berichten import services, tasks
from toegang.berichten.models import Bericht, Mail, UitgaandeTaak

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def redis_prive():
    redis = PriveRedis()
    redis.start()
    yield redis
    if redis.proces.poll() is None:
        redis.stoppen()


@pytest.fixture
def mailserver():
    with Mailserver() as server:
        yield server


@pytest.fixture
def werkers(redis_prive, mailserver):
    """Start workers on the private Redis that mail to the test's mail server."""
    gestart = []

    def starten(**env):
        werker = Werker(env={"REDIS_URL": redis_prive.url, "EMAIL_URL": mailserver.url, **env})
        gestart.append(werker.start())
        return werker

    yield starten
    for werker in gestart:
        werker.stoppen()


def alles_verwerkt(mailserver: Mailserver) -> None:
    """Wait until the worker handled everything published so far: one worker takes its
    queue in order, so once a mail published now is sent and marked so, whatever came
    before is done. (Its arrival alone is not enough: the worker marks it sent after the
    mail server accepted it.)"""
    sleutel = f"sluitstuk:{uuid.uuid4()}"
    services.mail_sturen(aan="test@example.org", onderwerp=sleutel, tekst="-", sleutel=sleutel)
    assert wacht_tot(
        lambda: Mail.objects.filter(sleutel=sleutel, status=Mail.Status.VERZONDEN).exists()
    ), "the worker never got there"
    assert sleutel in mailserver.onderwerpen()


def test_with_redis_down_an_intake_and_a_referral_succeed_and_notify_once_when_it_is_back(
    client, settings, redis_prive, mailserver, werkers, medewerker, partner_a
):
    # The cache (rate limits, search) is on that Redis too, as in production by default.
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": redis_prive.url}}
    werkers()
    zaak = HulpvraagFactory(inwoner=InwonerFactory(naam="Gerda Wolters"))
    zaak.wijs_toe(medewerker, door=medewerker)

    with broker_van_dit_proces(redis_prive.url):
        redis_prive.stoppen()

        # A resident searches the sociale kaart (uncached now) and asks a question online,
        # through the real form.
        assert client.get("/sociale-kaart/?q=schulden").status_code == 200
        antwoord, inzending = online_vraag_stellen(
            client, "De huur is deze maand niet betaald en ik weet niet wat ik moet doen."
        )
        assert antwoord.status_code == 303, antwoord.content.decode()[:500]
        vraag = Hulpvraag.objects.get(inzending=inzending)
        assert client.get(antwoord["Location"]).status_code == 200

        # A medewerker refers Gerda's case to partner A's organisation.
        client.force_login(medewerker)
        antwoord = client.post(
            f"/balie/hulpvragen/{zaak.referentie}/doorverwijzen/",
            {
                "ontvanger_soort": "organisatie",
                "organisatie": partner_a.organisatie.naam,
                "samenvatting": "Budgetcoaching gevraagd; drie schuldeisers.",
                "al_gedaan": "Brieven doorgenomen.",
                "contactvoorkeur": "Bellen in de ochtend",
                "urgentie": "normaal",
                "grondslag": Grondslag.TOESTEMMING,
                "toestemming_op": timezone.localdate().isoformat(),
                "toestemming_wijze": "mondeling",
                "gegevens": ["naam"],
                "inzending": str(uuid.uuid4()),
            },
        )
        assert antwoord.status_code == 303, antwoord.content.decode()[:500]
        assert Doorverwijzing.objects.get().status == DoorverwijzingStatus.VERSTUURD
        # The in-app message is a row written with the referral: it is there at once.
        assert Bericht.objects.filter(ontvanger=partner_a).count() == 1

        # Nothing reached the broker; the work waits in the outbox.
        assert UitgaandeTaak.objects.filter(gepubliceerd_op__isnull=True).count() == 2
        assert mailserver.onderwerpen() == []

        # Redis is back (empty: it keeps nothing on disk). Beat runs the dispatcher.
        redis_prive.start()
        tasks.uitgaande_taken_publiceren.delay()
        assert wacht_tot(lambda: len(mailserver.onderwerpen()) == 2), mailserver.onderwerpen()

        # The dispatcher again, twice, as beat does every minute: nothing goes twice.
        tasks.uitgaande_taken_publiceren.delay()
        tasks.uitgaande_taken_publiceren.delay()
        alles_verwerkt(mailserver)

    # Each e-mail arrived exactly once: the resident's confirmation and the partner's notice.
    assert sorted((str(m["Subject"]), str(m["To"])) for m in mailserver.ontvangen)[:2] == [
        ("Nieuwe doorverwijzing van de toegang", partner_a.email),
        (f"Wij hebben uw vraag ontvangen ({vraag.referentie})", "anna@example.org"),
    ]
    assert len(mailserver.ontvangen) == 3  # and the marker of alles_verwerkt
    assert set(Mail.objects.values_list("status", flat=True)) == {Mail.Status.VERZONDEN}
    assert not UitgaandeTaak.objects.filter(gepubliceerd_op__isnull=True).exists()
    assert Bericht.objects.filter(ontvanger=partner_a).count() == 1


def test_a_worker_killed_while_sending_loses_no_mail_and_sends_none_twice(
    redis_prive, mailserver, werkers
):
    eerste = werkers()
    mailserver.vasthouden("Bericht 2")
    with broker_van_dit_proces(redis_prive.url):
        with transaction.atomic():
            services.mails_plannen(
                [
                    Mail(sleutel=f"k{i}", aan=f"inwoner{i}@example.org", onderwerp=f"Bericht {i}")
                    for i in (1, 2, 3)
                ]
            )
        # One task sends the three; the mail server holds the second without an answer.
        assert mailserver.vastgehouden.wait(60)
        eerste.doden()

        status = dict(Mail.objects.values_list("onderwerp", "status"))
        assert status == {
            "Bericht 1": Mail.Status.VERZONDEN,
            "Bericht 2": Mail.Status.BEZIG,
            "Bericht 3": Mail.Status.WACHT,
        }
        # A new worker gets the killed worker's task back once its visibility timeout has
        # passed (in production 15 minutes; here 2 seconds): the third mail goes.
        werkers(CELERY_VISIBILITY_TIMEOUT="2")
        assert wacht_tot(lambda: Mail.objects.get(sleutel="k3").status == Mail.Status.VERZONDEN)
        # The second was claimed by the dead worker: the task leaves it alone…
        assert Mail.objects.get(sleutel="k2").status == Mail.Status.BEZIG
        # …until the sweep (beat, every 5 minutes) sees it stuck and hands it out again.
        later = timezone.now() + services.MAIL_VASTGELOPEN + timedelta(minutes=1)
        assert services.mails_nalopen(nu=later) == {"opnieuw": 1, "mislukt": 0}
        assert wacht_tot(lambda: Mail.objects.get(sleutel="k2").status == Mail.Status.VERZONDEN)
        alles_verwerkt(mailserver)

    assert [o for o in mailserver.onderwerpen() if o.startswith("Bericht")] == [
        "Bericht 1",
        "Bericht 2",
        "Bericht 3",
    ]
