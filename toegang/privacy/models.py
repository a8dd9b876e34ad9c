"""The logboek dataverwerkingen (after the Logius draft standard "Logboek Dataverwerkingen"):
one row for every view, change, export, print or handover of a case's personal data.

Append-only three times over: the model refuses to change a row, the queryset refuses bulk
updates and deletes, and the database refuses both with a trigger (and takes the privileges
away from the application's role): see migration 0001.
"""

from django.core.exceptions import ValidationError
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
