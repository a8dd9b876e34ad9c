"""In-app messages, the claims that make every notification happen once, the outbox of
Celery tasks and the stored e-mails: the machinery every app sends its messages through
(see services.py)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class BerichtQuerySet(models.QuerySet):
    def ongelezen(self):
        return self.filter(gelezen_op__isnull=True)


class Bericht(models.Model):
    """An in-app message for one user (reminders, warnings); also sent by e-mail."""

    ontvanger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="berichten"
    )
    onderwerp = models.CharField(max_length=200)
    tekst = models.TextField()
    link = models.CharField(max_length=300, blank=True)
    aangemaakt = models.DateTimeField(auto_now_add=True)
    gelezen_op = models.DateTimeField(null=True, blank=True)

    objects = BerichtQuerySet.as_manager()

    class Meta:
        ordering = ["-aangemaakt"]
        verbose_name = "bericht"
        verbose_name_plural = "berichten"
        indexes = [models.Index(fields=["ontvanger", "gelezen_op"], name="bericht_ongelezen")]

    def __str__(self):
        return self.onderwerp


class Verzending(models.Model):
    """A claim that one notification has been sent: its key is unique, so a retried task,
    a second beat process or a double click finds the row and sends nothing again."""

    sleutel = models.CharField(max_length=200, unique=True)
    aangemaakt = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "verzending"
        verbose_name_plural = "verzendingen"

    def __str__(self):
        return self.sleutel


class UitgaandeTaak(models.Model):
    """The outbox: a Celery task written in the same transaction as the change that needs it.

    It is published right after the commit, and again by the dispatcher (beat, every minute)
    while it is not: so a notification or handover is never lost when the broker is away at
    the moment of the change. Tasks are idempotent, so a second publication is harmless.
    """

    taak = models.CharField(max_length=200)
    argumenten = models.JSONField(default=list)
    aangemaakt = models.DateTimeField(default=timezone.now)
    gepubliceerd_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "uitgaande taak"
        verbose_name_plural = "uitgaande taken"
        indexes = [
            models.Index(
                fields=["id"],
                condition=models.Q(gepubliceerd_op__isnull=True),
                name="uitgaandetaak_wacht",
            )
        ]

    def __str__(self):
        return f"{self.taak}({', '.join(map(str, self.argumenten))})"


class Mail(models.Model):
    """One e-mail, stored before it is sent: its key makes it unique, its status makes the
    send happen once even when the task runs twice or is retried after sending.

    `laatste_poging` is when a worker last claimed it (or the sweep last handed it out
    again): a mail that stays "bezig" or "wacht" long after that lost its worker, and
    `toegang.berichten.services.mails_nalopen` gives it another go."""

    class Status(models.TextChoices):
        WACHT = "wacht", "Wacht"
        BEZIG = "bezig", "Wordt verstuurd"
        VERZONDEN = "verzonden", "Verzonden"
        MISLUKT = "mislukt", "Mislukt"

    sleutel = models.CharField(max_length=200, unique=True)
    aan = models.EmailField()
    onderwerp = models.CharField(max_length=200)
    tekst = models.TextField()
    # One text attachment, if any (an appointment's .ics): its file name, type and content.
    bijlage_naam = models.CharField(max_length=100, blank=True)
    bijlage_type = models.CharField(max_length=100, blank=True)
    bijlage = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WACHT)
    pogingen = models.PositiveSmallIntegerField(default=0)
    aangemaakt = models.DateTimeField(default=timezone.now)
    laatste_poging = models.DateTimeField("laatste poging", null=True, blank=True)
    verzonden_op = models.DateTimeField(null=True, blank=True)
    # The text is a key (a one-time login link): nobody reads it here, and it is wiped once
    # the mail is sent or given up (`toegang.berichten.services`).
    geheim = models.BooleanField(default=False)

    class Meta:
        verbose_name = "e-mail"
        verbose_name_plural = "e-mails"
        indexes = [models.Index(fields=["status", "aangemaakt"], name="mail_status")]

    def __str__(self):
        return f"{self.onderwerp} → {self.aan}"
