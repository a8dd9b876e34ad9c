import uuid
from datetime import date, timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from locaties.models import (
    Kern,
    OpeningsregelBasis,
    Schemas,
    UitzonderingBasis,
    laad_schemas_van,
)

postcode_validator = RegexValidator(
    r"^[1-9][0-9]{3} ?[A-Za-z]{2}$", "Vul een Nederlandse postcode in, bijvoorbeeld 7121 DL."
)
telefoon_validator = RegexValidator(
    r"^(\+31|0)[1-9][0-9 -]{7,12}$",
    "Vul een Nederlands telefoonnummer in, bijvoorbeeld 0543-123456.",
)
# After this long without a check the public page warns that the data may be outdated.
NIET_ACTUEEL_NA = timedelta(days=274)  # about 9 months
HERINNER_NA = timedelta(days=183)  # about 6 months


class Levensdomein(models.Model):
    """A life domain residents come with (zorg, werk en inkomen, …); the home page tiles.

    The beheerder keeps the wording; the list itself is seeded by a data migration so
    every installation starts with the council's domains.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
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
        return reverse("sociale_kaart:zoeken") + f"?levensdomein={self.slug}"

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
    kvk_nummer = models.CharField(
        "KvK-nummer",
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{8}$", "Een KvK-nummer heeft 8 cijfers.")],
    )
    laatst_gecontroleerd = models.DateField(
        "laatst gecontroleerd op",
        default=timezone.localdate,
        help_text="Wanneer de organisatie voor het laatst bevestigde dat alles klopt.",
    )
    gewijzigd = models.DateTimeField(auto_now=True)
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

    def get_absolute_url(self):
        return reverse("sociale_kaart:organisatie", args=[self.slug])

    @property
    def mogelijk_verouderd(self) -> bool:
        return timezone.localdate() - self.laatst_gecontroleerd > NIET_ACTUEEL_NA


class Doelgroep(models.Model):
    """Who an aanbod is for (jongeren, ouderen, mantelzorgers, …): a taxonomy term."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    naam = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(unique=True)
    volgorde = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["volgorde", "naam"]
        verbose_name = "doelgroep"
        verbose_name_plural = "doelgroepen"

    def __str__(self):
        return self.naam


class AanbodStatus(models.TextChoices):
    ACTIEF = "actief", "actief"
    TIJDELIJK_GESLOTEN = "tijdelijk_gesloten", "tijdelijk gesloten"
    INACTIEF = "inactief", "inactief"


class Aanmelden(models.TextChoices):
    ZELF = "zelf", "U kunt zich zelf aanmelden"
    VERWIJZING = "verwijzing", "Met een verwijzing (bijvoorbeeld van de huisarts)"
    TOEGANG = "toegang", "Via de toegang van de gemeente"


class Kosten(models.TextChoices):
    GRATIS = "gratis", "gratis"
    EIGEN_BIJDRAGE = "eigen_bijdrage", "eigen bijdrage"
    BETAALD = "betaald", "betaald"


class AanbodQuerySet(models.QuerySet):
    def zichtbaar(self):
        """What residents may find: everything that is not inactive."""
        return self.exclude(status=AanbodStatus.INACTIEF)


class Aanbod(models.Model):
    """A service of an organisation (HSDS: service)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisatie = models.ForeignKey(Organisatie, on_delete=models.CASCADE, related_name="aanbod")
    naam = models.CharField(max_length=150)
    slug = models.SlugField(max_length=170, unique=True)
    korte_beschrijving = models.CharField(
        max_length=200, help_text="Eén regel in eenvoudige taal, te zien in de zoekresultaten."
    )
    beschrijving = models.TextField(help_text="In eenvoudige taal (B1).")
    status = models.CharField(
        max_length=20, choices=AanbodStatus.choices, default=AanbodStatus.ACTIEF
    )
    levensdomeinen = models.ManyToManyField(Levensdomein, blank=True, related_name="aanbod")
    doelgroepen = models.ManyToManyField(Doelgroep, blank=True, related_name="aanbod")
    kosten = models.CharField(max_length=20, choices=Kosten.choices, default=Kosten.GRATIS)
    kosten_toelichting = models.CharField(max_length=300, blank=True)
    aanmelden = models.CharField(
        "hoe aanmelden", max_length=20, choices=Aanmelden.choices, default=Aanmelden.ZELF
    )
    aanmelden_toelichting = models.TextField(blank=True)
    leeftijd_van = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    leeftijd_tot = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    talen = ArrayField(
        models.CharField(max_length=3),
        default=list,
        blank=True,
        help_text="Taalcodes (ISO 639-3), bijvoorbeeld nld, eng, ara.",
    )
    email = models.EmailField(blank=True)
    telefoon = models.CharField(max_length=20, blank=True, validators=[telefoon_validator])
    website = models.URLField(blank=True)
    zoekwoorden = models.CharField(
        max_length=300, blank=True, help_text="Andere woorden waarop inwoners zoeken, met komma's."
    )
    interne_notitie = models.TextField(
        blank=True,
        help_text="Alleen voor medewerkers aan de balie (wachttijden, direct contactpersoon).",
    )
    gewijzigd = models.DateTimeField(auto_now=True)
    zoekvector = SearchVectorField(null=True, editable=False)

    objects = AanbodQuerySet.as_manager()

    class Meta:
        ordering = ["naam"]
        verbose_name = "aanbod"
        verbose_name_plural = "aanbod"
        indexes = [
            GinIndex(fields=["zoekvector"], name="aanbod_zoekvector_gin"),
            # The HSDS API pages through every aanbod in this order.
            models.Index(fields=["naam", "id"], name="aanbod_naam_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(leeftijd_van__isnull=True)
                | models.Q(leeftijd_tot__isnull=True)
                | models.Q(leeftijd_tot__gte=models.F("leeftijd_van")),
                name="aanbod_leeftijd_tot_na_van",
            ),
        ]

    def __str__(self):
        return self.naam

    def get_absolute_url(self):
        return reverse("sociale_kaart:aanbod", args=[self.slug])


class Vestiging(models.Model):
    """A place where an organisation works (HSDS: location with its address)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.CASCADE, related_name="vestigingen"
    )
    naam = models.CharField(max_length=150)
    straat = models.CharField(max_length=100)
    huisnummer = models.CharField(max_length=10)
    postcode = models.CharField(max_length=7, validators=[postcode_validator])
    plaats = models.CharField(max_length=60)
    kern = models.CharField(max_length=20, choices=Kern.choices)
    toegankelijkheid = models.TextField(blank=True)
    route = models.TextField("hoe komt u er", blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    gewijzigd = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["naam"]
        verbose_name = "vestiging"
        verbose_name_plural = "vestigingen"

    def __str__(self):
        return f"{self.naam} ({self.plaats})"

    @property
    def adres(self) -> str:
        return f"{self.straat} {self.huisnummer}, {self.postcode} {self.plaats}"


class AanbodOpVestiging(models.Model):
    """An aanbod offered at a vestiging, with its own opening hours (HSDS: service_at_location)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    aanbod = models.ForeignKey(Aanbod, on_delete=models.CASCADE, related_name="op_vestigingen")
    vestiging = models.ForeignKey(Vestiging, on_delete=models.CASCADE, related_name="aanbod_hier")
    toelichting = models.CharField(max_length=200, blank=True)
    gewijzigd = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "aanbod op vestiging"
        verbose_name_plural = "aanbod op vestigingen"
        constraints = [
            models.UniqueConstraint(
                fields=["aanbod", "vestiging"], name="aanbod_eenmaal_per_vestiging"
            )
        ]

    def __str__(self):
        return f"{self.aanbod} — {self.vestiging}"


def laad_vestigingschemas(aanbod_op_vestigingen, van, tot) -> Schemas:
    """Opening hours of aanbod at vestigingen, from the one schedule engine in locaties."""
    return laad_schemas_van(
        VestigingOpeningsregel,
        VestigingUitzondering,
        "aanbod_op_vestiging_id",
        aanbod_op_vestigingen,
        van,
        tot,
    )


class VestigingOpeningsregelQuerySet(models.QuerySet):
    def niet_verlopen(self, vandaag: date | None = None):
        """Rules that hold today or later: no end, or an end today or after. An expired rule
        is history; the partner neither sees nor replaces it."""
        vandaag = vandaag or timezone.localdate()
        return self.filter(models.Q(geldig_tot__isnull=True) | models.Q(geldig_tot__gte=vandaag))


class VestigingOpeningsregel(OpeningsregelBasis):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    aanbod_op_vestiging = models.ForeignKey(
        AanbodOpVestiging, on_delete=models.CASCADE, related_name="openingsregels"
    )

    objects = VestigingOpeningsregelQuerySet.as_manager()

    class Meta(OpeningsregelBasis.Meta):
        verbose_name = "openingstijd"
        verbose_name_plural = "openingstijden"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(einde__gt=models.F("start")),
                name="vestigingregel_einde_na_start",
            ),
        ]


class VestigingUitzondering(UitzonderingBasis):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    aanbod_op_vestiging = models.ForeignKey(
        AanbodOpVestiging, on_delete=models.CASCADE, related_name="uitzonderingen"
    )

    class Meta(UitzonderingBasis.Meta):
        verbose_name = "uitzondering"
        verbose_name_plural = "uitzonderingen"


class Contactpersoon(models.Model):
    """A named person to contact at an organisation, optionally for one aanbod."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.CASCADE, related_name="contactpersonen"
    )
    aanbod = models.ForeignKey(
        Aanbod, on_delete=models.CASCADE, null=True, blank=True, related_name="contactpersonen"
    )
    naam = models.CharField(max_length=100)
    functie = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True)
    telefoon = models.CharField(max_length=20, blank=True, validators=[telefoon_validator])

    class Meta:
        ordering = ["naam"]
        verbose_name = "contactpersoon"
        verbose_name_plural = "contactpersonen"

    def __str__(self):
        return self.naam


class Synoniem(models.Model):
    """Words residents use for what the directory calls otherwise: geldzorgen → schulden."""

    term = models.CharField(
        max_length=60,
        unique=True,
        help_text="Wat inwoners typen, bv. 'geldzorgen' of 'hulp bij formulieren'.",
    )
    betekent = models.CharField(
        max_length=300,
        help_text="Waar het om gaat, met komma's, bv. 'schulden, schuldhulpverlening'.",
    )

    class Meta:
        ordering = ["term"]
        verbose_name = "synoniem"
        verbose_name_plural = "synoniemen"

    def __str__(self):
        return f"{self.term} → {self.betekent}"


class Zoekwoord(models.Model):
    """A word that occurs in the directory, for typo tolerance ("Bedoelde u …?"), with
    how often. Kept by sociale_kaart.zoeken.zoekindex_bijwerken. Its primary key's pattern
    index answers "is this what someone is still typing?" (woord LIKE 'mant%'); migration
    0010 indexes each word's one-letter deletions (sociale_kaart_weglatingen) for the
    look-up of words near a typo."""

    woord = models.CharField(max_length=60, primary_key=True)
    aantal = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "zoekwoord"
        verbose_name_plural = "zoekwoorden"

    def __str__(self):
        return self.woord


class Controleherinnering(models.Model):
    """One reminder per organisation per month to check its entries; claimed before sending."""

    organisatie = models.ForeignKey(Organisatie, on_delete=models.CASCADE, related_name="+")
    maand = models.DateField(help_text="De eerste dag van de maand waarin herinnerd is.")
    aangemaakt = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "controleherinnering"
        verbose_name_plural = "controleherinneringen"
        constraints = [
            models.UniqueConstraint(
                fields=["organisatie", "maand"], name="controleherinnering_eenmaal_per_maand"
            )
        ]

    def __str__(self):
        return f"{self.organisatie} {self.maand:%Y-%m}"


class Soort(models.TextChoices):
    ORGANISATIE = "organisatie", "organisatie"
    AANBOD = "aanbod", "aanbod"
    VESTIGING = "vestiging", "vestiging"
    OPENINGSTIJDEN = "openingstijden", "openingstijden"


class VrijVeld(models.Model):
    """A field partners may change without review (the beheerder decides which)."""

    soort = models.CharField(max_length=20, choices=Soort.choices)
    veld = models.CharField(
        max_length=60, help_text="Veldnaam, bv. 'telefoon'; bij openingstijden: '*'."
    )

    class Meta:
        verbose_name = "vrij veld"
        verbose_name_plural = "vrije velden (zonder controle)"
        constraints = [models.UniqueConstraint(fields=["soort", "veld"], name="vrij_veld_uniek")]

    def __str__(self):
        return f"{self.get_soort_display()}: {self.veld}"


class VoorstelStatus(models.TextChoices):
    OPEN = "open", "wacht op controle"
    GOEDGEKEURD = "goedgekeurd", "goedgekeurd"
    AFGEWEZEN = "afgewezen", "afgewezen"


class Wijzigingsvoorstel(models.Model):
    """A partner's change to its own entry, waiting for the beheerder's review."""

    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.CASCADE, related_name="voorstellen"
    )
    soort = models.CharField(max_length=20, choices=Soort.choices)
    object_id = models.UUIDField(help_text="De organisatie of het aanbod dat verandert.")
    wijzigingen = models.JSONField(help_text="{veld: [oud, nieuw]}")
    toelichting = models.CharField(max_length=300, blank=True)
    status = models.CharField(
        max_length=20, choices=VoorstelStatus.choices, default=VoorstelStatus.OPEN
    )
    ingediend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    ingediend_op = models.DateTimeField(auto_now_add=True)
    beoordeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    beoordeeld_op = models.DateTimeField(null=True, blank=True)
    notitie = models.TextField("notitie van de beheerder", blank=True)

    class Meta:
        ordering = ["-ingediend_op"]
        verbose_name = "wijzigingsvoorstel"
        verbose_name_plural = "wijzigingsvoorstellen"

    def __str__(self):
        return f"{self.organisatie}: {self.get_soort_display()} ({self.get_status_display()})"


class Wijziging(models.Model):
    """History: every change that reached an entry, with who, when and what."""

    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.CASCADE, related_name="wijzigingen"
    )
    soort = models.CharField(max_length=20, choices=Soort.choices)
    object_id = models.UUIDField()
    wijzigingen = models.JSONField()
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    voorstel = models.ForeignKey(
        Wijzigingsvoorstel, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-op"]
        verbose_name = "wijziging"
        verbose_name_plural = "wijzigingen (historie)"

    def __str__(self):
        return f"{self.organisatie} {self.get_soort_display()} {self.op:%d-%m-%Y %H:%M}"


class ImportTaak(models.Model):
    """One uploaded file on its way into the sociale kaart (sociale_kaart.importeren): a dry
    run, the beheerder's confirmation, the import; each a Celery task with its progress.

    The file is kept only until it is no longer needed: removed when the import is done or
    failed, and 24 hours after a dry run nobody confirmed. The reports stay."""

    class Soort(models.TextChoices):
        SPREADSHEET = "spreadsheet", "spreadsheet (XLSX of CSV)"
        HSDS_CSV = "hsds_csv", "HSDS CSV-pakket"
        HSDS_JSON = "hsds_json", "HSDS JSON"

    class Status(models.TextChoices):
        PROEF_WACHTRIJ = "proef_wachtrij", "proefimport in de wachtrij"
        PROEF_BEZIG = "proef_bezig", "proefimport bezig"
        PROEF_KLAAR = "proef_klaar", "proefimport klaar: wacht op bevestiging"
        WACHTRIJ = "wachtrij", "import in de wachtrij"
        BEZIG = "bezig", "import bezig"
        KLAAR = "klaar", "geïmporteerd"
        MISLUKT = "mislukt", "mislukt"
        VERLOPEN = "verlopen", "niet bevestigd; bestand verwijderd"

    PROEF = (Status.PROEF_WACHTRIJ, Status.PROEF_BEZIG)
    ACTIEF = (Status.PROEF_WACHTRIJ, Status.PROEF_BEZIG, Status.WACHTRIJ, Status.BEZIG)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    soort = models.CharField(max_length=20, choices=Soort.choices)
    bestandsnaam = models.CharField(max_length=255)
    bestand = models.BinaryField(null=True, blank=True, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROEF_WACHTRIJ)
    stappen_klaar = models.PositiveIntegerField(default=0)
    stappen_totaal = models.PositiveIntegerField(default=0)
    proefverslag = models.JSONField(default=dict, blank=True)
    verslag = models.JSONField(default=dict, blank=True)
    melding = models.TextField(blank=True, help_text="Waarom het bestand niet te lezen was.")
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    aangemaakt = models.DateTimeField(default=timezone.now)
    bijgewerkt = models.DateTimeField(default=timezone.now)
    toegepast_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-aangemaakt"]
        verbose_name = "import"
        verbose_name_plural = "imports"
        indexes = [models.Index(fields=["status", "bijgewerkt"], name="importtaak_status")]

    def __str__(self):
        return f"{self.bestandsnaam} ({self.get_status_display()})"

    @property
    def voortgang(self) -> int:
        """Percentage of the current run done, 0-100."""
        if self.status in (self.Status.PROEF_KLAAR, self.Status.KLAAR):
            return 100
        if not self.stappen_totaal:
            return 0
        return min(100, 100 * self.stappen_klaar // self.stappen_totaal)

    @property
    def actief(self) -> bool:
        return self.status in self.ACTIEF

    @property
    def is_proef(self) -> bool:
        return self.status in (*self.PROEF, self.Status.PROEF_KLAAR)
