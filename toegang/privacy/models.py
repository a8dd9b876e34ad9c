"""The logboek dataverwerkingen (after the Logius draft standard "Logboek Dataverwerkingen"):
one row for every view, change, export, print or handover of a case's personal data.

Append-only three times over: the model refuses to change a row, the queryset refuses bulk
updates and deletes, and the database refuses both with a trigger (and takes the privileges
away from the application's role): see migration 0001.

The one exception is retention (`Logbewaartermijnen`, migration 0002): rows older than
the term the beheerder sets are removed every night by one database function,
`privacy_logboek_opschonen`, which the nightly retention job alone calls
(`services.logboeken_opschonen`); it refuses a term under the legal minimum, and every call
leaves an `Opschoning` row saying how many rows of which period went, and when.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

ALLEEN_TOEVOEGEN = "Het logboek dataverwerkingen wordt alleen aangevuld, nooit gewijzigd."


class Actie(models.TextChoices):
    INZIEN = "inzien", "Inzien"
    WIJZIGEN = "wijzigen", "Wijzigen"
    EXPORTEREN = "exporteren", "Exporteren"
    PRINTEN = "printen", "Afdrukken"
    OVERDRAGEN = "overdragen", "Overdragen aan een partner of team"
    DOORBRAAK = "doorbraak", "Inzien zonder betrokkenheid (met reden)"


class Resultaat(models.TextChoices):
    GELUKT = "gelukt", "Gelukt"
    GEWEIGERD = "geweigerd", "Geweigerd"


class Verwerkingsactiviteit(models.TextChoices):
    """The processing activities of the register (AVG art. 30) this portal serves."""

    TOEGANG = "toegang", "Toegang sociaal domein: hulpvraag behandelen"
    DOORVERWIJZING = "doorverwijzing", "Warme doorverwijzing naar een partner of team"
    PARTNER = "partner", "Partner: doorverwijzing ontvangen en afhandelen"
    INZAGEVERZOEK = "inzageverzoek", "AVG-inzageverzoek van een inwoner"


class VerwerkingQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(ALLEEN_TOEVOEGEN)

    def delete(self):
        raise ValidationError(ALLEEN_TOEVOEGEN)


class Verwerking(models.Model):
    """Who, in which role, when, did what with which case (and resident), for which
    processing activity, with which result. No foreign keys: the log outlives what it
    names, and this lowest layer knows no cases, only their reference."""

    op = models.DateTimeField("wanneer", default=timezone.now, db_index=True)
    gebruiker_id = models.IntegerField("gebruiker-id", null=True, blank=True)
    gebruikersnaam = models.CharField("gebruiker", max_length=150)
    rol = models.CharField("rol", max_length=20)
    actie = models.CharField("actie", max_length=20, choices=Actie.choices)
    verwerkingsactiviteit = models.CharField(
        "verwerkingsactiviteit", max_length=30, choices=Verwerkingsactiviteit.choices
    )
    hulpvraag = models.CharField("hulpvraag", max_length=20, blank=True, db_index=True)
    inwoner_id = models.IntegerField("inwoner-id", null=True, blank=True, db_index=True)
    resultaat = models.CharField(
        "resultaat", max_length=10, choices=Resultaat.choices, default=Resultaat.GELUKT
    )
    toelichting = models.CharField("toelichting", max_length=500, blank=True)

    objects = VerwerkingQuerySet.as_manager()

    class Meta:
        verbose_name = "verwerking"
        verbose_name_plural = "logboek dataverwerkingen"
        ordering = ["-op", "-pk"]

    def __str__(self):
        return f"{self.op:%d-%m-%Y %H:%M} {self.gebruikersnaam} {self.actie} {self.hulpvraag}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(ALLEEN_TOEVOEGEN)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(ALLEEN_TOEVOEGEN)


# --- retention of the logs themselves ---------------------------------------------------------

# The legal minimums. No law sets a number for these logs; the BIO (Baseline
# Informatiebeveiliging Overheid, 12.4.1 and 12.4.2) requires that they are kept, reviewed
# and audited at least every half year to be present and unchanged, and leaves the period to
# a risk assessment; AVG art. 5(1)(e) requires that personal data go when their purpose is
# served. Our floors:
# - login attempts (django-axes): 6 months, one audit cycle of the BIO, and long enough to
#   see a slow password-guessing attack;
# - the logboek dataverwerkingen: 12 months. It is how a resident learns who saw their data
#   (AVG art. 15, /privacy/inzageverzoek/, asked about "the past year"), how misuse of
#   need-to-know access is found (breaches are often noticed months later), and what the
#   municipality's yearly accountability (ENSIA) looks back on. The database enforces this
#   floor as well (migration 0002): a term below it cannot remove a single row;
# - break-the-glass reasons: as the logboek, whose rows carry the same reason (an access
#   outside one's own work is judged by its reason as long as the access is on record).
LOGBOEK_MINIMUM_MAANDEN = 12
INLOGPOGINGEN_MINIMUM_MAANDEN = 6
DOORBRAAK_MINIMUM_MAANDEN = LOGBOEK_MINIMUM_MAANDEN
# The defaults: two years for the log, half a year for login attempts; the reasons follow
# the log.
LOGBOEK_STANDAARD_MAANDEN = 24
INLOGPOGINGEN_STANDAARD_MAANDEN = 6
MAXIMUM_MAANDEN = 120


def _minimaal(maanden: int, wat: str, waarom: str) -> MinValueValidator:
    return MinValueValidator(maanden, f"{wat} blijven minstens {maanden} maanden bewaard: {waarom}")


class Logbewaartermijnen(models.Model):
    """How long the logs themselves are kept: one row, set by the beheerder in /beheer/
    (made with the defaults by migration 0002). Removed by the nightly retention job."""

    logboek_maanden = models.PositiveSmallIntegerField(
        "logboek dataverwerkingen (maanden)",
        default=LOGBOEK_STANDAARD_MAANDEN,
        validators=[
            _minimaal(
                LOGBOEK_MINIMUM_MAANDEN,
                "De regels van het logboek dataverwerkingen",
                "een inwoner mag vragen wie zijn gegevens het afgelopen jaar inzag (AVG "
                "artikel 15), en misbruik wordt vaak pas maanden later ontdekt.",
            ),
            MaxValueValidator(MAXIMUM_MAANDEN),
        ],
        help_text=(
            "Wie wanneer welke hulpvraag inzag, wijzigde of doorstuurde. Standaard 24 maanden "
            "(2 jaar), minstens 12."
        ),
    )
    inlogpogingen_maanden = models.PositiveSmallIntegerField(
        "inlogpogingen (maanden)",
        default=INLOGPOGINGEN_STANDAARD_MAANDEN,
        validators=[
            _minimaal(
                INLOGPOGINGEN_MINIMUM_MAANDEN,
                "Inlogpogingen",
                "de BIO vraagt elk half jaar te controleren of de logbestanden er nog "
                "ongewijzigd zijn.",
            ),
            MaxValueValidator(MAXIMUM_MAANDEN),
        ],
        help_text=(
            "Mislukte inlogpogingen en blokkades (Access failures, Access attempts) en "
            "gelukte inlogmomenten (Access logs). Standaard 6 maanden, minstens 6."
        ),
    )
    doorbraakredenen_maanden = models.PositiveSmallIntegerField(
        "redenen van inzage zonder betrokkenheid (maanden)",
        null=True,
        blank=True,
        validators=[
            _minimaal(
                DOORBRAAK_MINIMUM_MAANDEN,
                "Redenen van inzage zonder betrokkenheid",
                "zo lang als het logboek minstens, want daar hoort de reden bij.",
            ),
            MaxValueValidator(MAXIMUM_MAANDEN),
        ],
        help_text=(
            "Wie een hulpvraag buiten het eigen werk opende, wanneer en waarom. Leeg: even "
            "lang als het logboek dataverwerkingen (daar staat dezelfde reden ook in). "
            "Korter mag, langer dan het logboek niet."
        ),
    )

    class Meta:
        verbose_name = "bewaartermijnen van de logboeken"
        verbose_name_plural = "bewaartermijnen van de logboeken"

    def __str__(self):
        return "Bewaartermijnen van de logboeken"

    def clean(self):
        if (
            self.doorbraakredenen_maanden
            and self.logboek_maanden
            and self.doorbraakredenen_maanden > self.logboek_maanden
        ):
            raise ValidationError(
                {
                    "doorbraakredenen_maanden": (
                        "Bewaar de redenen niet langer dan het logboek dataverwerkingen "
                        f"({self.logboek_maanden} maanden): zonder het logboek hoort de "
                        "reden nergens meer bij. Laat het veld leeg om het logboek te volgen."
                    )
                }
            )

    @property
    def doorbraak_maanden(self) -> int:
        return self.doorbraakredenen_maanden or self.logboek_maanden

    @classmethod
    def huidige(cls) -> "Logbewaartermijnen":
        """The row the beheerder keeps, or the defaults when there is none."""
        return cls.objects.order_by("pk").first() or cls()


class Opschoning(models.Model):
    """What one night's retention removed of one log: how many rows, from which period
    (from the oldest removed up to, not including, `tot`), under which term, and when.
    Written by the retention job (for the logboek by the database function itself) and
    never changed."""

    class Soort(models.TextChoices):
        LOGBOEK = "logboek", "Logboek dataverwerkingen"
        INLOGPOGINGEN = "inlogpogingen", "Inlogpogingen"
        DOORBRAAKREDENEN = "doorbraakredenen", "Redenen van inzage zonder betrokkenheid"

    soort = models.CharField("logboek", max_length=20, choices=Soort.choices)
    aantal = models.PositiveIntegerField("verwijderd")
    van = models.DateTimeField("oudste verwijderde", null=True, blank=True)
    tot = models.DateTimeField("alles van vóór")
    maanden = models.PositiveSmallIntegerField("bewaartermijn (maanden)")
    op = models.DateTimeField("wanneer", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "opschoning van een logboek"
        verbose_name_plural = "opschoningen van de logboeken"
        ordering = ["-op", "-pk"]

    def __str__(self):
        return f"{self.op:%d-%m-%Y %H:%M} {self.get_soort_display()}: {self.aantal}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError("Een opschoning wordt vastgelegd, nooit gewijzigd.")
        super().save(*args, **kwargs)


class Inlogmoment(models.Model):
    """One row per login of a staff member and per refused login through the identity
    provider: who, how (password or gemeente-account, which second step), and why refused.
    Wrong passwords and codes are django-axes' (AccessFailureLog). Kept as long as the login
    attempts (Logbewaartermijnen.inlogpogingen_maanden); never changed."""

    class Methode(models.TextChoices):
        WACHTWOORD = "wachtwoord", "Wachtwoord"
        GEMEENTE_ACCOUNT = "gemeente-account", "Gemeente-account (OpenID Connect)"

    class TweedeStap(models.TextChoices):
        CODE = "code", "Code uit de app of herstelcode"
        IDENTITY_PROVIDER = "identity-provider", "Bij de identity provider (amr/acr)"
        GEEN = "", "Geen"

    op = models.DateTimeField("wanneer", default=timezone.now, db_index=True)
    gebruiker_id = models.IntegerField("gebruiker-id", null=True, blank=True)
    gebruikersnaam = models.CharField("gebruiker", max_length=150, blank=True)
    rol = models.CharField("rol", max_length=20, blank=True)
    methode = models.CharField("methode", max_length=20, choices=Methode.choices)
    tweede_stap = models.CharField(
        "tweede stap", max_length=20, choices=TweedeStap.choices, blank=True
    )
    resultaat = models.CharField(
        "resultaat", max_length=10, choices=Resultaat.choices, default=Resultaat.GELUKT
    )
    reden = models.CharField("reden", max_length=500, blank=True)
    ip_adres = models.GenericIPAddressField("IP-adres", null=True, blank=True)

    class Meta:
        verbose_name = "inlogmoment"
        verbose_name_plural = "inlogmomenten"
        ordering = ["-op", "-pk"]

    def __str__(self):
        return f"{self.op:%d-%m-%Y %H:%M} {self.gebruikersnaam} {self.methode} {self.resultaat}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError("Een inlogmoment wordt vastgelegd, nooit gewijzigd.")
        super().save(*args, **kwargs)
