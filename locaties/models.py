from datetime import time

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models


class Kern(models.TextChoices):
    """The villages and buurtschappen of gemeente Aalten."""

    AALTEN = "aalten", "Aalten"
    BREDEVOORT = "bredevoort", "Bredevoort"
    DINXPERLO = "dinxperlo", "Dinxperlo"
    BARLO = "barlo", "Barlo"
    DALE = "dale", "Dale"
    DE_HAART = "de-haart", "De Haart"
    DE_HEURNE = "de-heurne", "De Heurne"
    IJZERLO = "ijzerlo", "IJzerlo"
    LINTELO = "lintelo", "Lintelo"


class Dagdeel(models.TextChoices):
    OCHTEND = "ochtend", "ochtend"
    MIDDAG = "middag", "middag"
    AVOND = "avond", "avond"


class Weekdag(models.IntegerChoices):
    MAANDAG = 0, "maandag"
    DINSDAG = 1, "dinsdag"
    WOENSDAG = 2, "woensdag"
    DONDERDAG = 3, "donderdag"
    VRIJDAG = 4, "vrijdag"
    ZATERDAG = 5, "zaterdag"
    ZONDAG = 6, "zondag"


def tijd(value: time) -> str:
    return f"{value.hour}:{value.minute:02d}"


class ToegangslocatieQuerySet(models.QuerySet):
    def met_openingsregels(self):
        return self.prefetch_related(
            models.Prefetch(
                "openingsregels", queryset=Openingsregel.objects.order_by("weekdag", "start")
            )
        )


class Toegangslocatie(models.Model):
    """A front-door location of the municipality (Hofstraat, Dinxperlo)."""

    naam = models.CharField(max_length=100)
    slug = models.SlugField(unique=True)
    korte_naam = models.CharField(
        max_length=60, help_text="Zoals inwoners de plek noemen, bv. 'Gemeentekantoor Hofstraat'."
    )
    straat = models.CharField(max_length=100)
    huisnummer = models.CharField(max_length=10)
    postcode = models.CharField(max_length=7)
    plaats = models.CharField(max_length=60)
    kern = models.CharField(max_length=20, choices=Kern.choices)
    telefoon = models.CharField(max_length=20)
    toegankelijkheid = models.TextField(
        blank=True, help_text="Bijvoorbeeld: drempelvrije ingang, invalidenparkeerplaats."
    )
    route = models.TextField("hoe komt u er", blank=True)
    minimale_bezetting = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1)]
    )
    volgorde = models.PositiveSmallIntegerField(default=0)

    objects = ToegangslocatieQuerySet.as_manager()

    class Meta:
        ordering = ["volgorde", "naam"]
        verbose_name = "toegangslocatie"
        verbose_name_plural = "toegangslocaties"

    def __str__(self):
        return self.naam

    @property
    def adres(self) -> str:
        return f"{self.straat} {self.huisnummer}, {self.postcode} {self.plaats}"

    def openingstijden_samengevat(self) -> list[str]:
        """The weekly rules in plain words: ["maandag t/m vrijdag 9:00–12:30 en 13:30–17:00"].

        Weekdays with the same hours are grouped; a run of three or more becomes "t/m".
        Uses prefetched `openingsregels` when present (see `met_openingsregels`).
        """
        per_dag: dict[int, list[str]] = {}
        for regel in self.openingsregels.all():
            per_dag.setdefault(regel.weekdag, []).append(f"{tijd(regel.start)}–{tijd(regel.einde)}")
        groepen: list[tuple[list[int], tuple[str, ...]]] = []
        for dag in sorted(per_dag):
            uren = tuple(per_dag[dag])
            if groepen and groepen[-1][1] == uren and groepen[-1][0][-1] == dag - 1:
                groepen[-1][0].append(dag)
            else:
                groepen.append(([dag], uren))
        regels = []
        for dagen, uren in groepen:
            namen = [Weekdag(d).label for d in dagen]
            wanneer = f"{namen[0]} t/m {namen[-1]}" if len(namen) >= 3 else " en ".join(namen)
            regels.append(f"{wanneer} {' en '.join(uren)}")
        return regels


class Openingsregel(models.Model):
    """A recurring opening: every <weekdag> during <dagdeel> from <start> to <einde>."""

    locatie = models.ForeignKey(
        Toegangslocatie, on_delete=models.CASCADE, related_name="openingsregels"
    )
    weekdag = models.PositiveSmallIntegerField(choices=Weekdag.choices)
    dagdeel = models.CharField(max_length=10, choices=Dagdeel.choices)
    start = models.TimeField()
    einde = models.TimeField()
    geldig_van = models.DateField(null=True, blank=True)
    geldig_tot = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["weekdag", "start"]
        verbose_name = "openingsregel"
        verbose_name_plural = "openingsregels"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(einde__gt=models.F("start")), name="openingsregel_einde_na_start"
            ),
        ]

    def __str__(self):
        return f"{self.get_weekdag_display()} {self.dagdeel} {self.start:%H:%M}–{self.einde:%H:%M}"

    def clean(self):
        if self.start and self.einde and self.einde <= self.start:
            raise ValidationError({"einde": "De eindtijd moet na de begintijd liggen."})
