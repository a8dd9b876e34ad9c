"""The outbox and e-mail: nothing lost when the broker is away, nothing sent twice."""

import secrets
import smtplib
import threading
from datetime import timedelta

import pytest
import time_machine
from django.core import mail, signing
from django.db import connection, transaction
from django.utils import timezone

from locaties.ical import Gebeurtenis, ical_tekst
from tests.accounts.factories import UserFactory
from toegang.berichten import services, tasks
from toegang.berichten.models import Bericht, Mail, UitgaandeTaak
from toegang.celery import app

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def celery_in_proces():
    vorige = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = vorige


def test_a_planned_task_is_published_after_commit_and_marked(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.mail_sturen(aan="a@example.org", onderwerp="Hallo", tekst="Tekst", sleutel="k1")
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert UitgaandeTaak.objects.filter(gepubliceerd_op__isnull=True).count() == 0
    # The dispatcher finds nothing left to publish.
    assert services.uitgaande_taken_publiceren() == 0


def test_a_rolled_back_change_leaves_no_task_and_no_mail(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.mail_sturen(aan="a@example.org", onderwerp="Hallo", tekst="T", sleutel="k2")
        transaction.set_rollback(True)
    assert not UitgaandeTaak.objects.exists()
    assert not Mail.objects.exists()
    assert mail.outbox == []


def test_a_task_the_broker_refused_waits_for_the_dispatcher(monkeypatch):
    """A broker that is away at the moment of the change: the row waits and goes later."""
    rij = services.taak_plannen("toegang.berichten.tasks.mails_versturen", [])

    def weg(*args, **kwargs):
        raise OSError("Connection refused")

    monkeypatch.setattr(tasks.mails_versturen, "apply_async", weg)
    assert services.uitgaande_taken_publiceren() == 0
    rij.refresh_from_db()
    assert rij.gepubliceerd_op is None
    monkeypatch.undo()
    assert services.uitgaande_taken_publiceren() == 1
    assert services.uitgaande_taken_publiceren() == 0


def test_a_mail_sent_twice_by_a_doubled_task_goes_out_once():
    services.mail_sturen(aan="a@example.org", onderwerp="Hallo", tekst="T", sleutel="k3")
    ids = list(Mail.objects.values_list("pk", flat=True))
    assert tasks.mails_versturen.apply(args=[ids]).get() == 1
    # Redelivered after the worker sent it (acks_late): nothing more.
    assert tasks.mails_versturen.apply(args=[ids]).get() == 0
    assert len(mail.outbox) == 1
    assert Mail.objects.get().status == Mail.Status.VERZONDEN


def test_the_same_key_makes_one_mail():
    assert services.mail_sturen(aan="a@example.org", onderwerp="H", tekst="T", sleutel="k4")
    assert not services.mail_sturen(aan="a@example.org", onderwerp="H", tekst="T", sleutel="k4")
    assert Mail.objects.count() == 1


def test_a_failing_mail_server_gives_the_mail_back_for_the_retry(monkeypatch):
    services.mail_sturen(aan="a@example.org", onderwerp="H", tekst="T", sleutel="k5")
    ids = list(Mail.objects.values_list("pk", flat=True))

    def kapot(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("weg")

    monkeypatch.setattr(services.EmailMessage, "send", kapot)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        services.mails_versturen(ids=ids)
    assert Mail.objects.get().status == Mail.Status.WACHT
    monkeypatch.undo()
    assert services.mails_versturen(ids=ids) == 1
    assert len(mail.outbox) == 1
    assert Mail.objects.get().pogingen == 2


@pytest.mark.parametrize(("geheim", "tekst_daarna"), [(False, "T"), (True, services.GEWIST)])
def test_after_the_last_retry_the_mail_is_marked_failed(monkeypatch, geheim, tekst_daarna):
    """A secret mail given up loses its text too; a plain one keeps it."""
    services.mail_sturen(aan="a@example.org", onderwerp="H", tekst="T", sleutel="k6", geheim=geheim)
    ids = list(Mail.objects.values_list("pk", flat=True))

    def kapot(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("weg")

    monkeypatch.setattr(services.EmailMessage, "send", kapot)
    monkeypatch.setattr(tasks.mails_versturen, "max_retries", 0)
    assert tasks.mails_versturen.apply(args=[ids]).get() == 0
    assert Mail.objects.values_list("status", "tekst").get() == (Mail.Status.MISLUKT, tekst_daarna)


def test_notifications_to_many_are_claimed_per_key_in_one_go():
    anna, bert = UserFactory(email="anna@example.org"), UserFactory(email="")
    melding = services.Melding(sleutel="m1", ontvangers=[anna, bert], onderwerp="O", tekst="T")
    andere = services.Melding(sleutel="m2", ontvangers=[anna], onderwerp="O2", tekst="T2")
    with transaction.atomic():
        assert len(services.berichten_sturen([melding, andere])) == 2
    with transaction.atomic():
        assert services.berichten_sturen([melding, andere]) == []
    assert Bericht.objects.count() == 3
    # Bert has no e-mail address: in-app only.
    assert sorted(Mail.objects.values_list("aan", flat=True)) == ["anna@example.org"] * 2


@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_the_same_mail_at_once_send_it_once():
    ids = [Mail.objects.create(sleutel="k7", aan="a@example.org", onderwerp="H", tekst="T").pk]
    start = threading.Barrier(2)
    uitkomsten = []

    def worker():
        try:
            start.wait()
            uitkomsten.append(services.mails_versturen(ids=ids))
        finally:
            connection.close()

    draden = [threading.Thread(target=worker) for _ in range(2)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join()
    assert sorted(uitkomsten) == [0, 1]
    assert len(mail.outbox) == 1


# --- a worker that died with a mail claimed --------------------------------------------------


def _geclaimd_door_een_dode_werker(sleutel: str, *, pogingen: int = 1) -> Mail:
    """A mail a worker claimed and never finished: it was killed before "verzonden"."""
    return Mail.objects.create(
        sleutel=sleutel,
        aan="a@example.org",
        onderwerp="H",
        tekst="T",
        status=Mail.Status.BEZIG,
        pogingen=pogingen,
        laatste_poging=timezone.now(),
    )


def test_a_mail_claimed_by_a_dead_worker_is_sent_after_the_sweep(
    django_capture_on_commit_callbacks,
):
    mail_ = _geclaimd_door_een_dode_werker("k8")
    # A redelivered task finds it claimed and sends nothing…
    assert services.mails_versturen(ids=[mail_.pk]) == 0
    # …a sweep soon after leaves it alone: a live worker may still be sending it…
    assert services.mails_nalopen() == {"opnieuw": 0, "mislukt": 0}
    # …and after MAIL_VASTGELOPEN it goes out again, once.
    later = timezone.now() + services.MAIL_VASTGELOPEN + timedelta(seconds=1)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        assert services.mails_nalopen() == {"opnieuw": 1, "mislukt": 0}
        assert services.mails_nalopen() == {"opnieuw": 0, "mislukt": 0}
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    mail_.refresh_from_db()
    assert (mail_.status, mail_.pogingen) == (Mail.Status.VERZONDEN, 2)


def test_a_waiting_mail_whose_task_is_gone_is_sent_after_the_sweep(
    django_capture_on_commit_callbacks,
):
    """A task that ended on an error it does not retry leaves its mail waiting for nobody."""
    Mail.objects.create(sleutel="k9", aan="a@example.org", onderwerp="H", tekst="T")
    later = timezone.now() + services.MAIL_VASTGELOPEN + timedelta(seconds=1)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        assert services.mails_nalopen() == {"opnieuw": 1, "mislukt": 0}
    assert len(mail.outbox) == 1


def test_a_mail_that_keeps_killing_its_worker_is_marked_failed():
    mail_ = _geclaimd_door_een_dode_werker("k10", pogingen=services.MAIL_POGINGEN)
    later = timezone.now() + services.MAIL_VASTGELOPEN + timedelta(seconds=1)
    with time_machine.travel(later):
        assert services.mails_nalopen() == {"opnieuw": 0, "mislukt": 1}
    mail_.refresh_from_db()
    assert mail_.status == Mail.Status.MISLUKT
    assert mail.outbox == []


def test_a_mail_sent_again_carries_the_same_message_id():
    """Should the sweep ever send a mail twice (a worker killed between the mail server's
    acceptance and "verzonden"), mail systems that deduplicate show it once."""
    mail_ = _geclaimd_door_een_dode_werker("k11")
    Mail.objects.filter(pk=mail_.pk).update(status=Mail.Status.WACHT)
    services.mails_versturen(ids=[mail_.pk])
    Mail.objects.filter(pk=mail_.pk).update(status=Mail.Status.WACHT)
    services.mails_versturen(ids=[mail_.pk])
    eerste, tweede = (m.extra_headers["Message-ID"] for m in mail.outbox)
    assert eerste == tweede
    andere = Mail.objects.create(sleutel="k12", aan="b@example.org", onderwerp="H", tekst="T")
    services.mails_versturen(ids=[andere.pk])
    assert mail.outbox[2].extra_headers["Message-ID"] != eerste


def test_a_secret_mail_loses_its_text_once_sent_and_a_plain_one_keeps_it():
    services.mail_sturen(
        aan="a@example.org",
        onderwerp="Uw link",
        tekst="https://x/link/ABC/",
        sleutel="g1",
        geheim=True,
    )
    services.mail_sturen(aan="a@example.org", onderwerp="Hallo", tekst="Gewoon", sleutel="g2")
    assert services.mails_versturen(ids=list(Mail.objects.values_list("pk", flat=True))) == 2
    assert sorted(m.body for m in mail.outbox) == ["Gewoon", "https://x/link/ABC/"]
    assert Mail.objects.get(sleutel="g1").tekst == services.GEWIST
    assert Mail.objects.get(sleutel="g2").tekst == "Gewoon"


def test_the_beheerder_never_sees_a_secret_mails_text(client):
    services.mail_sturen(
        aan="a@example.org", onderwerp="H", tekst="SLEUTEL-123", sleutel="g4", geheim=True
    )
    services.mail_sturen(aan="a@example.org", onderwerp="H", tekst="Gewone tekst", sleutel="g5")
    client.force_login(UserFactory(rol="beheerder"))
    for sleutel, zichtbaar in (("g4", False), ("g5", True)):
        pagina = client.get(
            f"/beheer/berichten/mail/{Mail.objects.get(sleutel=sleutel).pk}/change/"
        )
        assert pagina.status_code == 200
        html = pagina.content.decode()
        assert ("SLEUTEL-123" in html, "Gewone tekst" in html) == (False, zichtbaar)


def test_the_beheerder_reads_links_in_text_and_attachment_without_their_keys(client):
    """A key of 43 characters (a visit's page), a signed one ("klopt het nog?") and a link
    folded over two lines of an .ics: each left out; words and the rest of a link stay."""
    sleutel = secrets.token_urlsafe(32)
    ondertekend = signing.TimestampSigner(salt="toets").sign("42")
    agenda = ical_tekst(
        naam="Afspraak",
        gebeurtenissen=[
            Gebeurtenis(
                uid="a@toegang",
                start=timezone.now(),
                einde=timezone.now() + timedelta(hours=1),
                titel="Afspraak bij de toegang",
                beschrijving=f"Verzetten of afzeggen: https://toegang.example/afspraak/{sleutel}/",
            )
        ],
    )
    assert sleutel not in agenda  # folded: the key is split over two lines
    services.mail_sturen(
        aan="a@example.org",
        onderwerp="Uw afspraak",
        tekst=f"Arbeidsongeschiktheidsverzekering. Uw afspraak: https://toegang.example/afspraak/"
        f"{sleutel}/ Klopt het nog? https://toegang.example/sociale-kaart/bevestigen/{ondertekend}/",
        sleutel="s1",
        bijlage=services.Bijlage("afspraak.ics", "text/calendar", agenda),
    )
    client.force_login(UserFactory(rol="beheerder"))
    html = client.get(
        f"/beheer/berichten/mail/{Mail.objects.get(sleutel='s1').pk}/change/"
    ).content.decode()
    assert sleutel[:20] not in html and ondertekend.split(":")[-1] not in html
    assert html.count("[sleutel verborgen]") == 3
    assert "Arbeidsongeschiktheidsverzekering" in html
    assert "https://toegang.example/afspraak/[sleutel verborgen]/" in html
