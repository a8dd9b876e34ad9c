from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.urls import reverse
from django.utils import timezone

from .roles import START_PAGINA, Rol, Team
from .sessies import sessies_beeindigen


class GebruikerManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # `createsuperuser` makes a beheerder: the one role that works in /beheer/.
        extra_fields.setdefault("rol", Rol.BEHEERDER)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A staff or partner account. Residents never have one."""

    rol = models.CharField("rol", max_length=20, choices=Rol.choices)
    # A partner user works for exactly one organisation of the sociale kaart. A lazy
    # reference keeps this package free of imports from the apps above it.
    organisatie = models.ForeignKey(
        "sociale_kaart.Organisatie",
        verbose_name="organisatie",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="gebruikers",
    )

    team = models.CharField(
        "team",
        max_length=30,
        choices=Team.choices,
        blank=True,
        help_text="Voor medewerkers van de gemeente: het team waarin zij werken.",
    )

    objects = GebruikerManager()

    class Meta:
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(rol=Rol.PARTNER) | models.Q(organisatie__isnull=False),
                name="partner_heeft_organisatie",
                violation_error_message="Een partnergebruiker hoort bij een organisatie.",
            ),
        ]

    def save(self, *args, **kwargs):
        # Only the beheerder works in /beheer/; the flag follows from the role.
        self.is_staff = self.rol == Rol.BEHEERDER
        self.is_superuser = self.rol == Rol.BEHEERDER
        uitgeschakeld = (
            self.pk is not None
            and not self.is_active
            and type(self).objects.filter(pk=self.pk, is_active=True).exists()
        )
        super().save(*args, **kwargs)
        if uitgeschakeld:
            # A disabled account is logged out everywhere at once, and stays so when it
            # is switched on again (also when disabled in /beheer/, which saves here too).
            sessies_beeindigen(user_id=self.pk)

    @property
    def start_url(self) -> str:
        return reverse(START_PAGINA[Rol(self.rol)])

    @property
    def weergavenaam(self) -> str:
        return self.get_full_name() or self.username


class BerichtQuerySet(models.QuerySet):
    def ongelezen(self):
        return self.filter(gelezen_op__isnull=True)


class Bericht(models.Model):
    """An in-app message for one user (reminders, warnings); also sent by e-mail."""

    ontvanger = models.ForeignKey(User, on_delete=models.CASCADE, related_name="berichten")
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
        indexes = [models.Index(fields=["ontvanger", "gelezen_op"])]

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
    `toegang.accounts.services.mails_nalopen` gives it another go."""

    class Status(models.TextChoices):
        WACHT = "wacht", "Wacht"
        BEZIG = "bezig", "Wordt verstuurd"
        VERZONDEN = "verzonden", "Verzonden"
        MISLUKT = "mislukt", "Mislukt"

    sleutel = models.CharField(max_length=200, unique=True)
    aan = models.EmailField()
    onderwerp = models.CharField(max_length=200)
    tekst = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WACHT)
    pogingen = models.PositiveSmallIntegerField(default=0)
    aangemaakt = models.DateTimeField(default=timezone.now)
    laatste_poging = models.DateTimeField("laatste poging", null=True, blank=True)
    verzonden_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "e-mail"
        verbose_name_plural = "e-mails"
        indexes = [models.Index(fields=["status", "aangemaakt"], name="mail_status")]

    def __str__(self):
        return f"{self.onderwerp} → {self.aan}"
