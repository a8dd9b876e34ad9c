"""How long a closed case keeps its personal data: per route, set by the beheerder.

The nightly retention job (intake/services/bewaren.py) anonymises a closed case once this
many months have passed since it was closed. Without a row for a route the standard row
holds (route empty), and without that one STANDAARD_MAANDEN.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from .hulpvraag import Route

__all__ = ["STANDAARD_MAANDEN", "Bewaartermijn"]

# Two years after closing, unless the beheerder sets otherwise.
STANDAARD_MAANDEN = 24


class Bewaartermijn(models.Model):
    route = models.CharField(
        "route",
        max_length=20,
        # The empty choice is the standard for every route without a term of its own (and
        # for a case without a route).
        choices=[("", "Standaard: elke route zonder eigen termijn"), *Route.choices],
        blank=True,
        unique=True,
    )
    maanden = models.PositiveSmallIntegerField(
        "bewaren (maanden na afsluiten)",
        default=STANDAARD_MAANDEN,
        # Not shorter than half a year: a resident often comes back about the same thing,
        # and a typo must not wipe last month's cases. At most fifty years.
        validators=[MinValueValidator(6), MaxValueValidator(600)],
        help_text=(
            "Zo lang na het afsluiten blijven de persoonsgegevens en de tekst van een "
            "hulpvraag bewaard. Daarna worden ze 's nachts verwijderd; de cijfers voor "
            "rapportages blijven. Standaard 24 maanden (2 jaar)."
        ),
    )

    class Meta:
        verbose_name = "bewaartermijn"
        verbose_name_plural = "bewaartermijnen"
        ordering = ["route"]

    def __str__(self):
        return f"{self.get_route_display()}: {self.maanden} maanden"

    @classmethod
    def per_route(cls) -> dict[str, int]:
        """The term in months of every route, and of "" (cases without a route)."""
        eigen = dict(cls.objects.values_list("route", "maanden"))
        standaard = eigen.get("", STANDAARD_MAANDEN)
        return {route: eigen.get(route, standaard) for route in ["", *Route.values]}
