"""The outbox and e-mail: nothing lost when the broker is away, nothing sent twice."""

import smtplib
import threading

import pytest
from django.core import mail
from django.db import connection, transaction

from tests.accounts.factories import UserFactory
from toegang.accounts import services, tasks
from toegang.accounts.models import Bericht, Mail, UitgaandeTaak
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
    rij = services.taak_plannen("toegang.accounts.tasks.mails_versturen", [])

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

    monkeypatch.setattr(services, "send_mail", kapot)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        services.mails_versturen(ids=ids)
    assert Mail.objects.get().status == Mail.Status.WACHT
    monkeypatch.undo()
    assert services.mails_versturen(ids=ids) == 1
    assert len(mail.outbox) == 1
    assert Mail.objects.get().pogingen == 2


def test_after_the_last_retry_the_mail_is_marked_failed(monkeypatch):
    services.mail_sturen(aan="a@example.org", onderwerp="H", tekst="T", sleutel="k6")
    ids = list(Mail.objects.values_list("pk", flat=True))

    def kapot(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("weg")

    monkeypatch.setattr(services, "send_mail", kapot)
    monkeypatch.setattr(tasks.mails_versturen, "max_retries", 0)
    assert tasks.mails_versturen.apply(args=[ids]).get() == 0
    assert Mail.objects.get().status == Mail.Status.MISLUKT


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
