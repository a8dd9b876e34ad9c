"""What the reports keep themselves: the working-day calendar and the large exports.

Neither holds anything about a person: the calendar is days, an export holds figures.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from toegang.exports import Exportbasis


class Werkdagkalender(models.Model):
    """The working days as one numbered list, in one row: for every day from EERSTE_DAG
    (1 January 2000) through `tot`, the number of working days from EERSTE_DAG up to and
    including it, so the database counts working days between two dates by subtracting two
    elements. The days are computed by locaties.openingstijden (weekends and Dutch public
    holidays) — the one rule — and stored by rapportage.services.werkdagen_bijwerken.

    One row rather than a row per day: a report's statement reads the list once (about
    0.2 ms), where gathering 10,000 rows into a list took about 3 ms per statement."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    tot = models.DateField()
    nummers = ArrayField(models.PositiveIntegerField())

    class Meta:
        verbose_name = "werkdagkalender"
        verbose_name_plural = "werkdagkalender"
        constraints = [models.CheckConstraint(condition=Q(id=1), name="werkdagkalender_een_rij")]

    def __str__(self):
        return f"werkdagen tot en met {self.tot}"


class Export(Exportbasis):
    """A large export of the reports (the year overview), made by a Celery task: its
    progress, then the file for 24 hours (toegang.exports)."""

    class Meta:
        verbose_name = "export"
        verbose_name_plural = "exports"
        constraints = [
            models.UniqueConstraint(
                fields=["sleutel"],
                condition=Q(status__in=["wachtrij", "bezig"]),
                name="export_eenmaal_actief",
            )
        ]
        indexes = [models.Index(fields=["sleutel", "klaar_op"], name="export_sleutel_klaar")]


class Maandcijfer(models.Model):
    """The counts of one finished month for one filter choice: the fact table of the
    reports (see rapportage.maandcijfers). Counts and distributions only."""

    maand = models.DateField(help_text="De eerste dag van de maand.")
    filters = models.CharField(max_length=120)
    gegevens = models.JSONField()
    berekend_op = models.DateTimeField()

    class Meta:
        verbose_name = "maandcijfer"
        verbose_name_plural = "maandcijfers"
        constraints = [
            models.UniqueConstraint(fields=["filters", "maand"], name="maandcijfer_eenmaal")
        ]
        indexes = [models.Index(fields=["maand"], name="maandcijfer_maand")]

    def __str__(self):
        return f"{self.maand:%Y-%m} {self.filters}"


class Bijwerkstand(models.Model):
    """Up to when a periodic job has looked at the changes (one row per job)."""

    naam = models.CharField(max_length=50, unique=True)
    bijgewerkt_tot = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "bijwerkstand"
        verbose_name_plural = "bijwerkstanden"

    def __str__(self):
        return f"{self.naam}: {self.bijgewerkt_tot}"
