import re
import uuid
from datetime import date, timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
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
from toegang.telefoon import TelefoonField

POSTCODE = re.compile(r"^\s*([1-9][0-9]{3})\s*([A-Za-z]{2})\s*$")
POSTCODE_FOUT = "Vul een Nederlandse postcode in, bijvoorbeeld 7121 DL."


def postcode_normaliseren(postcode: str) -> str:
    """A Dutch postcode in its one spelling: "7121ab" → "7121 AB". ValueError otherwise."""
    gevonden = POSTCODE.match(postcode or "")
    if not gevonden:
        raise ValueError(POSTCODE_FOUT)
    return f"{gevonden[1]} {gevonden[2].upper()}"


# Where a vestiging is: one of the kernen of gemeente Aalten (locaties.Kern, the same
# values), or outside the gemeente: a partner's office in Winterswijk, a clinic across the
# border in Bocholt. Only vestigingen have the last one; a hulpvraag, a toegangslocatie and
# the reports keep to Kern.
VestigingKern = models.TextChoices(
    "VestigingKern",
    [(kern.name, (kern.value, kern.label)) for kern in Kern]
    + [("BUITEN", ("buiten", "Buiten de gemeente"))],
)

# The four-digit postcode areas of gemeente Aalten and the kern each mostly is. The
# buurtschappen share their village's areas, so for them the place name decides.
POSTCODEGEBIEDEN = {
    "7121": "aalten",
    "7122": "aalten",
    "7123": "aalten",
    "7126": "bredevoort",
    "7091": "dinxperlo",
    "7095": "de-heurne",
}
_KERN_NAMEN = {label.lower(): waarde for waarde, label in Kern.choices} | {
    "haart": "de-haart",
    "heurne": "de-heurne",
}


def kern_bij_adres(*, land: str, postcode: str, plaats: str) -> str:
    """The VestigingKern of an address: by its place name when that is a kern (Barlo,
    Lintelo, …), else by its postcode area; an address in another country, another Dutch
    postcode area or an unknown place is outside the gemeente."""
    if land != "NL":
        return VestigingKern.BUITEN
    bij_naam = _KERN_NAMEN.get(" ".join(plaats.split()).lower())
    gevonden = POSTCODE.match(postcode or "")
    if gevonden:
        bij_postcode = POSTCODEGEBIEDEN.get(gevonden[1])
        return (bij_naam or bij_postcode) if bij_postcode else VestigingKern.BUITEN
    return bij_naam or VestigingKern.BUITEN


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
    telefoon = TelefoonField(blank=True)
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
    telefoon = TelefoonField(blank=True)
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
    externe_termen = models.ManyToManyField(
        "Taxonomieterm",
        blank=True,
        related_name="aanbod",
        verbose_name="termen uit andere taxonomieën",
        help_text="Termen waarmee een ander systeem dit aanbod indeelde (bij een import).",
    )
    hsds_origineel = models.JSONField(
        "origineel HSDS-record",
        null=True,
        blank=True,
        editable=False,
        help_text="Het record zoals het bij de laatste import binnenkwam, met alles wat de "
        "sociale kaart er niet uit kon overnemen.",
    )

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
    straat = models.CharField(
        max_length=100, help_text="Buiten Nederland: de hele adresregel, zoals ontvangen."
    )
    huisnummer = models.CharField(max_length=10, blank=True)
    huisnummer_toevoeging = models.CharField(
        "toevoeging",
        max_length=10,
        blank=True,
        help_text="Huisletter of toevoeging: 'a' bij Markt 12a, 'bis' bij Laan 1 bis.",
    )
    postcode = models.CharField(max_length=10, blank=True)
    plaats = models.CharField(max_length=60)
    land = models.CharField(
        max_length=2, default="NL", help_text="Landcode (ISO 3166), bijvoorbeeld NL of DE."
    )
    provincie = models.CharField(
        "provincie of deelstaat",
        max_length=60,
        blank=True,
        help_text="Alleen buiten Gelderland nodig, bijvoorbeeld Nordrhein-Westfalen.",
    )
    kern = models.CharField(max_length=20, choices=VestigingKern.choices)
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

    def clean(self):
        super().clean()
        if self.land == "NL" and self.postcode:
            try:
                self.postcode = postcode_normaliseren(self.postcode)
            except ValueError as fout:
                raise ValidationError({"postcode": str(fout)}) from None

    @property
    def nummer(self) -> str:
        """House number with its addition the way Dutch addresses write it: 12a, 21-23,
        1 bis."""
        toevoeging = self.huisnummer_toevoeging
        if not toevoeging:
            return self.huisnummer
        if len(toevoeging) == 1 and toevoeging.isalpha():
            return f"{self.huisnummer}{toevoeging}"
        if toevoeging.isdigit():
            return f"{self.huisnummer}-{toevoeging}"
        return f"{self.huisnummer} {toevoeging}"

    @property
    def adresregel(self) -> str:
        return " ".join(deel for deel in (self.straat, self.nummer) if deel)

    @property
    def adres(self) -> str:
        plaats = " ".join(deel for deel in (self.postcode, self.plaats) if deel)
        land = f" ({self.land})" if self.land != "NL" else ""
        return f"{self.adresregel}, {plaats}{land}"


class AanbodOpVestiging(models.Model):
    """An aanbod offered at a vestiging, with its own opening hours (HSDS: service_at_location)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    aanbod = models.ForeignKey(Aanbod, on_delete=models.CASCADE, related_name="op_vestigingen")
    vestiging = models.ForeignKey(Vestiging, on_delete=models.CASCADE, related_name="aanbod_hier")
    toelichting = models.CharField(max_length=200, blank=True)
    openingstijden_tekst = models.TextField(
        "openingstijden in woorden",
        blank=True,
        help_text="Tijden die niet in een weekschema passen (elke eerste maandag van de "
        "maand, in week 41 en 42), zoals een ander systeem ze aanleverde.",
    )
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
    telefoon = TelefoonField(blank=True)

    class Meta:
        ordering = ["naam"]
        verbose_name = "contactpersoon"
        verbose_name_plural = "contactpersonen"

    def __str__(self):
        return self.naam


class TaxonomietermQuerySet(models.QuerySet):
    def gekoppeld(self):
        return self.filter(
            models.Q(levensdomeinen__isnull=False) | models.Q(doelgroepen__isnull=False)
        ).distinct()

    def niet_gekoppeld(self):
        return self.filter(levensdomeinen__isnull=True, doelgroepen__isnull=True)


class Taxonomieterm(models.Model):
    """A term of another system's taxonomy (Open Eligibility, a UK service list, a free
    keyword) that came in with an import, and what it means here: the beheerder links it
    to levensdomeinen and doelgroepen. Until then its name is a search keyword of the
    aanbod that carry it, so search still finds them."""

    taxonomie = models.CharField(
        max_length=120, blank=True, help_text="Naam van de taxonomie; leeg bij een los trefwoord."
    )
    code = models.CharField(max_length=120, blank=True)
    naam = models.CharField(max_length=200)
    sleutel = models.CharField(
        max_length=200,
        editable=False,
        help_text="De code, of zonder code de naam in kleine letters.",
    )
    levensdomeinen = models.ManyToManyField(Levensdomein, blank=True, related_name="+")
    doelgroepen = models.ManyToManyField(Doelgroep, blank=True, related_name="+")
    aangemaakt = models.DateTimeField(auto_now_add=True)

    objects = TaxonomietermQuerySet.as_manager()

    class Meta:
        ordering = ["taxonomie", "naam"]
        verbose_name = "term uit een andere taxonomie"
        verbose_name_plural = "termen uit andere taxonomieën"
        constraints = [
            models.UniqueConstraint(fields=["taxonomie", "sleutel"], name="taxonomieterm_uniek")
        ]

    def __str__(self):
        return f"{self.naam} ({self.taxonomie})" if self.taxonomie else self.naam

    def save(self, *args, **kwargs):
        self.sleutel = self.sleutel_voor(self.code, self.naam)
        super().save(*args, **kwargs)

    @staticmethod
    def sleutel_voor(code: str, naam: str) -> str:
        return (code or "").strip() or " ".join((naam or "").split()).lower()


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
