import uuid

from django.db import models
from django.urls import reverse


class Levensdomein(models.Model):
    """A life domain residents come with (zorg, werk en inkomen, …); the home page tiles.

    The beheerder keeps the wording; the list itself is seeded by a data migration so
    every installation starts with the council's domains.
    """

    naam = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(unique=True)
    samenvatting = models.CharField(
        max_length=160, help_text="Eén zin in eenvoudige taal voor de tegel op de voorpagina."
    )
    uitleg = models.TextField(help_text="Uitleg in eenvoudige taal (B1) voor de pagina.")
    voorbeelden = models.TextField(
        blank=True, help_text="Voorbeeldvragen, één per regel. Inwoners herkennen zich hierin."
    )
    zoekwoorden = models.CharField(
        max_length=300, blank=True, help_text="Andere woorden die inwoners gebruiken, met komma's."
    )
    volgorde = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["volgorde", "naam"]
        verbose_name = "levensdomein"
        verbose_name_plural = "levensdomeinen"

    def __str__(self):
        return self.naam

    def get_absolute_url(self):
        return reverse("sociale_kaart:levensdomein", args=[self.slug])

    @property
    def voorbeeldvragen(self) -> list[str]:
        return [regel.strip() for regel in self.voorbeelden.splitlines() if regel.strip()]


class Organisatie(models.Model):
    """An organisation in the sociale kaart (HSDS: organization)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    naam = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=160, unique=True)
    beschrijving = models.TextField(blank=True)
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    telefoon = models.CharField(max_length=20, blank=True)
    kvk_nummer = models.CharField("KvK-nummer", max_length=8, blank=True)
    levensdomeinen = models.ManyToManyField(Levensdomein, blank=True, related_name="organisaties")
    is_partner = models.BooleanField(
        "partner van de toegang",
        default=False,
        help_text="Werkt mee in de toegang en ontvangt doorverwijzingen via dit portaal.",
    )

    class Meta:
        ordering = ["naam"]
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"

    def __str__(self):
        return self.naam
