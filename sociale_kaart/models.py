import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import quote

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from locaties.models import (
    Kern,
    OpeningsregelBasis,
    Schemas,
    UitzonderingBasis,
    laad_schemas_van,
)
from toegang.exports import Exportbasis
from toegang.tekst import opsomming
from toegang.telefoon import TelefoonField
from toegang.voortgang import Voortgang

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
    ZELF = "zelf", gettext_noop("U kunt zich zelf aanmelden")
    VERWIJZING = "verwijzing", gettext_noop("Met een verwijzing (bijvoorbeeld van de huisarts)")
    TOEGANG = "toegang", gettext_noop("Via de toegang van de gemeente")


class Kosten(models.TextChoices):
    GRATIS = "gratis", gettext_noop("gratis")
    EIGEN_BIJDRAGE = "eigen_bijdrage", gettext_noop("eigen bijdrage")
    BETAALD = "betaald", gettext_noop("betaald")


class Werkgebied(models.TextChoices):
    """Where an aanbod serves residents. Search finds an aanbod for a kern it serves
    (sociale_kaart.zoeken.BEDIENDE_KERNEN): every kern for GEMEENTE and REGIO, the chosen
    kernen for KERNEN, and always the kernen of its vestigingen."""

    VESTIGINGEN = "vestigingen", "In de plaatsen van de vestigingen"
    KERNEN = "kernen", "In een of meer kernen"
    GEMEENTE = "gemeente", "In heel gemeente Aalten"
    REGIO = "regio", "In de hele regio Achterhoek"


def werkgebied_kernen_schoon(werkgebied: str, kernen) -> list[str]:
    """The kernen of a werkgebied as stored: only for KERNEN (for the others they would mean
    nothing), each once, in the order of Kern. KERNEN without a kern is refused."""
    if werkgebied != Werkgebied.KERNEN:
        return []
    gekozen = set(kernen or [])
    schoon = [kern for kern in Kern.values if kern in gekozen]
    if not schoon:
        raise ValidationError(
            {"werkgebied_kernen": "Kies minstens één kern waar het aanbod er is."},
            code="werkgebied_zonder_kern",
        )
    return schoon


class Capaciteit(models.TextChoices):
    """Whether an aanbod takes new clients, as its organisation last stated it."""

    ONBEKEND = "onbekend", "niet doorgegeven"
    JA = "ja", "neemt nieuwe cliënten aan"
    WACHTLIJST = "wachtlijst", "wachtlijst"
    VOL = "vol", "vol"


WACHTLIJST_WEKEN_MAX = 104  # two years; a longer wait is "vol"
WACHTLIJST_WEKEN_FOUT = f"Vul een aantal weken in van 1 tot en met {WACHTLIJST_WEKEN_MAX}."
# A statement older than this is marked as possibly outdated at the counter.
CAPACITEIT_VEROUDERD_NA = timedelta(days=62)


def capaciteit_controleren(capaciteit: str, wachtlijst_weken: int | None) -> None:
    """The one rule for a capacity statement, for the model, its forms and the import: a
    wachtlijst says about how many weeks (1–104), the other answers say none."""
    if capaciteit not in Capaciteit.values:
        raise ValidationError({"capaciteit": "Kies of er plaats is voor nieuwe cliënten."})
    if capaciteit == Capaciteit.WACHTLIJST:
        if wachtlijst_weken is None:
            raise ValidationError(
                {"wachtlijst_weken": "Vul in hoeveel weken nieuwe cliënten ongeveer wachten."}
            )
        if not 1 <= wachtlijst_weken <= WACHTLIJST_WEKEN_MAX:
            raise ValidationError({"wachtlijst_weken": WACHTLIJST_WEKEN_FOUT})
    elif wachtlijst_weken is not None:
        raise ValidationError(
            {"wachtlijst_weken": "Alleen bij een wachtlijst vult u het aantal weken in."}
        )


def weken_tekst(weken: int) -> str:
    return "1 week" if weken == 1 else f"{weken} weken"


def capaciteit_tekst(capaciteit: str, wachtlijst_weken: int | None) -> str:
    """The statement in the words the counter uses: "Wachtlijst: ongeveer 6 weken"."""
    if capaciteit == Capaciteit.JA:
        return "Neemt nieuwe cliënten aan"
    if capaciteit == Capaciteit.WACHTLIJST:
        return f"Wachtlijst: ongeveer {weken_tekst(wachtlijst_weken or 0)}"
    if capaciteit == Capaciteit.VOL:
        return "Vol — neemt nu geen nieuwe cliënten aan"
    return ""


def hoe_lang_geleden(moment: datetime, vandaag: date | None = None) -> str:
    """'vandaag', 'gisteren', '5 dagen geleden', '3 weken geleden', '4 maanden geleden'."""
    vandaag = vandaag or timezone.localdate()
    dagen = (vandaag - timezone.localdate(moment)).days
    if dagen <= 0:
        return "vandaag"
    if dagen == 1:
        return "gisteren"
    if dagen < 14:
        return f"{dagen} dagen geleden"
    if dagen < 61:
        return f"{dagen // 7} weken geleden"
    maanden = dagen // 30
    return "1 maand geleden" if maanden == 1 else f"{maanden} maanden geleden"


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
    werkgebied = models.CharField(
        "waar is het aanbod er?",
        max_length=20,
        choices=Werkgebied.choices,
        default=Werkgebied.VESTIGINGEN,
        help_text="Voor inwoners van welke plaatsen het aanbod er is. Zoeken op een plaats "
        "vindt het daar, ook als de vestiging ergens anders is.",
    )
    werkgebied_kernen = ArrayField(
        models.CharField(max_length=20, choices=Kern.choices),
        default=list,
        blank=True,
        verbose_name="in welke kernen?",
        help_text="Alleen bij 'In een of meer kernen'.",
    )
    aan_huis = models.BooleanField(
        "ook bij u thuis",
        default=False,
        help_text="Een medewerker of vrijwilliger komt ook bij de inwoner thuis.",
    )
    # Whether it takes new clients: stated by the organisation (one click from the monthly
    # reminder, or in the partner portal) through capaciteit_doorgeven, never edited here.
    capaciteit = models.CharField(
        "plaats voor nieuwe cliënten",
        max_length=12,
        choices=Capaciteit.choices,
        default=Capaciteit.ONBEKEND,
        editable=False,
    )
    wachtlijst_weken = models.PositiveSmallIntegerField(
        "wachttijd in weken",
        null=True,
        blank=True,
        editable=False,
        validators=[
            MinValueValidator(1, WACHTLIJST_WEKEN_FOUT),
            MaxValueValidator(WACHTLIJST_WEKEN_MAX, WACHTLIJST_WEKEN_FOUT),
        ],
    )
    capaciteit_doorgegeven_op = models.DateTimeField(
        "plaats doorgegeven op", null=True, blank=True, editable=False
    )
    capaciteit_doorgegeven_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="plaats doorgegeven door",
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
            # Kernen exactly when the werkgebied is KERNEN (werkgebied_kernen_schoon).
            models.CheckConstraint(
                condition=models.Q(werkgebied=Werkgebied.KERNEN, werkgebied_kernen__len__gt=0)
                | (~models.Q(werkgebied=Werkgebied.KERNEN) & models.Q(werkgebied_kernen=[])),
                name="aanbod_werkgebied_kernen",
                violation_error_message="Kies kernen alleen bij 'In een of meer kernen', "
                "en dan minstens één.",
            ),
            # A wachtlijst has its weeks (1–104); the other answers have none; whatever is
            # stated has a date.
            models.CheckConstraint(
                condition=(
                    # isnull=False too: a CHECK lets NULL through, and NULL >= 1 is NULL.
                    models.Q(
                        capaciteit=Capaciteit.WACHTLIJST,
                        wachtlijst_weken__isnull=False,
                        wachtlijst_weken__gte=1,
                        wachtlijst_weken__lte=WACHTLIJST_WEKEN_MAX,
                    )
                    | (
                        ~models.Q(capaciteit=Capaciteit.WACHTLIJST)
                        & models.Q(wachtlijst_weken__isnull=True)
                    )
                )
                & (
                    models.Q(capaciteit=Capaciteit.ONBEKEND)
                    | models.Q(capaciteit_doorgegeven_op__isnull=False)
                ),
                name="aanbod_capaciteit_compleet",
            ),
        ]

    def __str__(self):
        return self.naam

    def get_absolute_url(self):
        return reverse("sociale_kaart:aanbod", args=[self.slug])

    @property
    def tekst(self) -> "AanbodTekst":
        """Name and descriptions for the page's language: a partner's or the beheerder's
        translation (AanbodVertaling) when there is one, else the Dutch text, marked so the
        page can say so (templates/sociale_kaart/_alleen_nederlands.html). Search stays on
        the Dutch text. One query per aanbod outside Dutch, none in Dutch;
        `vertalingen_laden` does a whole page of results at once."""
        taal = translation.get_language() or settings.LANGUAGE_CODE
        gevonden = getattr(self, "_teksten", {})
        if taal not in gevonden:
            vertaling = None
            if taal != settings.LANGUAGE_CODE and self.pk:
                vertaling = self.vertalingen.filter(taal=taal).first()
            gevonden[taal] = AanbodTekst.van(self, taal, vertaling)
            self._teksten = gevonden
        return gevonden[taal]

    def clean(self):
        super().clean()
        # Every rule says what is wrong, in Dutch, at its field; all of them at once.
        fouten: dict[str, list] = {}
        try:
            self.werkgebied_kernen = werkgebied_kernen_schoon(
                self.werkgebied, self.werkgebied_kernen
            )
        except ValidationError as fout:
            fouten.update(fout.error_dict)
        try:
            capaciteit_controleren(self.capaciteit, self.wachtlijst_weken)
        except ValidationError as fout:
            fouten.update(fout.error_dict)
        if fouten:
            raise ValidationError(fouten)

    def _kernnamen(self, ook=()) -> list[str]:
        """The names of the werkgebied's kernen and the names in `ook`, in the order of Kern."""
        kernen, ook = set(self.werkgebied_kernen), set(ook)
        return [naam for kern, naam in Kern.choices if kern in kernen or naam in ook]

    @property
    def werkgebied_tekst(self) -> str:
        """Where it serves, for the aanbod page (B1): 'Voor heel Aalten', 'In Dinxperlo en
        Bredevoort', 'In de hele regio Achterhoek'; empty when only its vestigingen say."""
        if self.werkgebied == Werkgebied.GEMEENTE:
            return gettext("Voor heel Aalten")
        if self.werkgebied == Werkgebied.REGIO:
            return gettext("In de hele regio Achterhoek")
        if self.werkgebied == Werkgebied.KERNEN:
            return gettext("In %(kernen)s") % {"kernen": opsomming(self._kernnamen())}
        return ""

    def werkgebied_kort(self, vestigingplaatsen=()) -> str:
        """Where it serves in a few words, for a search result: 'Heel Aalten', 'Regio
        Achterhoek', or the kernen it serves ('Aalten, Dinxperlo'): those of its werkgebied
        and those its vestigingen are in (`vestigingplaatsen`, names), as search finds it."""
        if self.werkgebied == Werkgebied.GEMEENTE:
            return gettext("Heel Aalten")
        if self.werkgebied == Werkgebied.REGIO:
            return gettext("Regio Achterhoek")
        return ", ".join(self._kernnamen(vestigingplaatsen))

    def capaciteit_doorgeven(
        self, *, capaciteit: str, wachtlijst_weken: int | None = None, door=None
    ) -> dict[str, list]:
        """The organisation states whether this aanbod takes new clients. Also a statement
        that did not change counts: it renews the date the counter sees. Returns what
        changed as {field: [old, new]}, the capacity itself always."""
        if capaciteit == Capaciteit.ONBEKEND:
            raise ValidationError({"capaciteit": "Kies of er plaats is voor nieuwe cliënten."})
        if capaciteit != Capaciteit.WACHTLIJST:
            wachtlijst_weken = None
        capaciteit_controleren(capaciteit, wachtlijst_weken)
        with transaction.atomic():
            huidig = Aanbod.objects.select_for_update().get(pk=self.pk)
            wijzigingen = {"capaciteit": [huidig.capaciteit, capaciteit]}
            if huidig.wachtlijst_weken != wachtlijst_weken:
                wijzigingen["wachtlijst_weken"] = [huidig.wachtlijst_weken, wachtlijst_weken]
            self.capaciteit = capaciteit
            self.wachtlijst_weken = wachtlijst_weken
            self.capaciteit_doorgegeven_op = timezone.now()
            self.capaciteit_doorgegeven_door = door
            self.save(
                update_fields=[
                    "capaciteit",
                    "wachtlijst_weken",
                    "capaciteit_doorgegeven_op",
                    "capaciteit_doorgegeven_door",
                    "gewijzigd",
                ]
            )
        return wijzigingen

    @property
    def capaciteit_bekend(self) -> bool:
        return self.capaciteit != Capaciteit.ONBEKEND

    @property
    def capaciteit_tekst(self) -> str:
        return capaciteit_tekst(self.capaciteit, self.wachtlijst_weken)

    @property
    def capaciteit_leeftijd(self) -> str:
        """How long ago it was stated: 'vandaag', '3 weken geleden'."""
        if self.capaciteit_doorgegeven_op is None:
            return ""
        return hoe_lang_geleden(self.capaciteit_doorgegeven_op)

    @property
    def capaciteit_samenvatting(self) -> str:
        """In one line of plain text, for a list to choose from at the counter."""
        if not self.capaciteit_bekend:
            return ""
        return f"{self.capaciteit_tekst}, doorgegeven {self.capaciteit_leeftijd}"

    @property
    def capaciteit_verouderd(self) -> bool:
        return (
            self.capaciteit_doorgegeven_op is not None
            and timezone.now() - self.capaciteit_doorgegeven_op > CAPACITEIT_VEROUDERD_NA
        )


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


class ImportTaak(Voortgang, models.Model):
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
    AFGEROND = (Status.PROEF_KLAAR, Status.KLAAR)

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
    def is_proef(self) -> bool:
        return self.status in (*self.PROEF, self.Status.PROEF_KLAAR)


class Kaartexport(Exportbasis):
    """The whole sociale kaart as a file (the HSDS CSV package, the spreadsheet with every
    aanbod), made by a Celery task while its page shows the progress; the file is kept
    24 hours (toegang.exports, sociale_kaart.exporteren)."""

    class Soort(models.TextChoices):
        HSDS_CSV = "hsds_csv", "HSDS CSV-pakket"
        SPREADSHEET = "spreadsheet", "spreadsheet met al het aanbod"

    @property
    def soort_naam(self) -> str:
        return self.Soort(self.soort).label

    class Meta:
        verbose_name = "export van de sociale kaart"
        verbose_name_plural = "exports van de sociale kaart"
        ordering = ["-aangemaakt"]
        constraints = [
            models.UniqueConstraint(
                fields=["sleutel"],
                condition=Q(status__in=["wachtrij", "bezig"]),
                name="kaartexport_eenmaal_actief",
            )
        ]


# --- Feeds: another system's HSDS 3.0 API, pulled into the sociale kaart --------------------


class FeedModus(models.TextChoices):
    AUTOMATISCH = "automatisch", "automatisch overnemen"
    BEOORDELEN = "beoordelen", "eerst beoordelen"


class Feed(models.Model):
    """A remote HSDS 3.0 API (a regional directory, a partner's own system) whose services
    are pulled into the sociale kaart by sociale_kaart.feeds, page by page.

    The state fields are written by the pull only: `bijgewerkt_tot` is the `modified_after`
    of the next round; a round in progress keeps its own `modified_after` (`ronde_sinds`)
    and the next page to fetch, so a run that stops halfway (an error, the time budget)
    leaves them where they were and the next run continues there."""

    naam = models.CharField(max_length=100, unique=True)
    basis_url = models.URLField(
        "adres van de HSDS-API",
        max_length=300,
        help_text="Het adres waaronder /services staat, bv. https://regio.example.nl/api/hsds",
    )
    website = models.URLField(
        blank=True,
        max_length=300,
        help_text="Website van de bron voor inwoners; de sociale kaart linkt ernaar bij "
        "aanbod uit deze feed. Leeg: de link gaat naar het record bij de bron.",
    )
    modus = models.CharField(
        max_length=20,
        choices=FeedModus.choices,
        default=FeedModus.BEOORDELEN,
        help_text="Automatisch: wat verandert gaat meteen door. Eerst beoordelen: elke "
        "wijziging wacht in /beheer/ tot u hem accepteert of afwijst.",
    )
    actief = models.BooleanField(default=True, help_text="Uit: de feed wordt niet opgehaald.")
    aangemaakt = models.DateTimeField(auto_now_add=True)

    # Where the pull is.
    bijgewerkt_tot = models.DateTimeField(
        "bijgewerkt tot",
        null=True,
        blank=True,
        editable=False,
        help_text="De volgende ronde haalt op wat bij de bron daarna veranderde.",
    )
    laatste_volledige_ronde = models.DateTimeField(null=True, blank=True, editable=False)
    ronde_begonnen = models.DateTimeField(null=True, blank=True, editable=False)
    ronde_sinds = models.DateTimeField(null=True, blank=True, editable=False)
    volgende_pagina = models.PositiveIntegerField(default=1, editable=False)
    bezig_sinds = models.DateTimeField(null=True, blank=True, editable=False)

    # How the last runs went.
    laatste_poging = models.DateTimeField("laatst opgehaald", null=True, blank=True, editable=False)
    laatste_succes = models.DateTimeField(
        "laatste ronde afgerond", null=True, blank=True, editable=False
    )
    laatste_fout = models.TextField(blank=True, editable=False)
    fouten_op_rij = models.PositiveIntegerField(default=0, editable=False)
    aantallen = models.JSONField(
        default=dict, blank=True, editable=False, help_text="Tellingen van de laatste run."
    )

    class Meta:
        ordering = ["naam"]
        verbose_name = "feed"
        verbose_name_plural = "feeds"

    def __str__(self):
        return self.naam

    def opnieuw_beginnen(self) -> None:
        """The source moved (another address): forget where the pull was, so the next run
        starts a full round at page 1 of the new address. Saved by the caller."""
        self.bijgewerkt_tot = self.laatste_volledige_ronde = None
        self.ronde_begonnen = self.ronde_sinds = None
        self.volgende_pagina = 1

    def record_url(self, bron_id: str) -> str:
        """The record at the source (HSDS: GET /services/{id})."""
        return f"{self.basis_url.rstrip('/')}/services/{quote(bron_id, safe='')}"


class FeedherkomstQuerySet(models.QuerySet):
    def van(self, obj):
        """The herkomst rows behind an entry: an aanbod, its organisation, one of its
        vestigingen or its opening hours (an aanbod op vestiging)."""
        if isinstance(obj, Aanbod):
            return self.filter(aanbod=obj)
        if isinstance(obj, Organisatie):
            return self.filter(aanbod__organisatie=obj)
        if isinstance(obj, Vestiging):
            return self.filter(aanbod__op_vestigingen__vestiging=obj)
        if isinstance(obj, AanbodOpVestiging):
            return self.filter(aanbod_id=obj.aanbod_id)
        return self.none()


class Feedherkomst(models.Model):
    """This aanbod comes from a feed: the source keeps it, local edits are refused."""

    aanbod = models.OneToOneField(Aanbod, on_delete=models.CASCADE, related_name="feedherkomst")
    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="herkomsten")
    bron_id = models.CharField("id bij de bron", max_length=200)
    bron_url = models.URLField("record bij de bron", max_length=600)
    momentopname = models.CharField(
        max_length=64,
        editable=False,
        help_text="Vingerafdruk van het aanbod na de laatste overname; wijkt het aanbod "
        "daarvan af, dan is het hier veranderd en wordt de volgende wijziging een conflict.",
    )
    inhoud_hash = models.CharField(
        max_length=64, blank=True, editable=False, help_text="Het laatst ontvangen record."
    )
    bijgewerkt = models.DateTimeField()
    gezien = models.DateTimeField(
        "laatst gezien bij de bron",
        null=True,
        blank=True,
        help_text="Begin van de laatste volledige ronde waarin de bron het record nog "
        "publiceerde (of het moment van overnemen).",
    )

    objects = FeedherkomstQuerySet.as_manager()

    class Meta:
        verbose_name = "herkomst uit feed"
        verbose_name_plural = "herkomst uit feeds"
        constraints = [
            models.UniqueConstraint(fields=["feed", "bron_id"], name="feedherkomst_eenmaal")
        ]

    def __str__(self):
        return f"{self.aanbod_id} uit {self.feed_id}"

    @property
    def bron_link(self) -> str:
        """Where residents go to see the source: its website, else the record itself."""
        return self.feed.website or self.bron_url

    @classmethod
    def feed_van(cls, obj) -> Feed | None:
        """The feed an entry comes from (for an organisation or vestiging: the feed of one of
        its aanbod), or None for a local entry."""
        herkomst = cls.objects.van(obj).select_related("feed").order_by("feed__naam").first()
        return herkomst.feed if herkomst else None


class FeedwijzigingStatus(models.TextChoices):
    OPEN = "open", "wacht op beoordeling"
    CONFLICT = "conflict", "conflict: wacht op beoordeling"
    TOEGEPAST = "toegepast", "overgenomen"
    AFGEWEZEN = "afgewezen", "afgewezen"
    VERVANGEN = "vervangen", "vervangen door een nieuwere versie"
    FOUT = "fout", "niet over te nemen"


FEEDWIJZIGING_OPEN = (FeedwijzigingStatus.OPEN, FeedwijzigingStatus.CONFLICT)


class FeedwijzigingSoort(models.TextChoices):
    NIEUW = "nieuw", "nieuw aanbod"
    GEWIJZIGD = "gewijzigd", "wijziging"
    VERDWENEN = "verdwenen", "niet meer bij de bron"


class Feedwijziging(models.Model):
    """One version of one record as a feed delivered it, staged: what it would change in
    the sociale kaart (against the aanbod's own HSDS export) and what became of it."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="wijzigingen")
    bron_id = models.CharField("id bij de bron", max_length=200)
    naam = models.CharField(max_length=200, blank=True)
    aanbod = models.ForeignKey(
        Aanbod,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedwijzigingen",
        help_text="Het aanbod dat verandert; leeg bij nieuw aanbod dat nog niet is overgenomen.",
    )
    soort = models.CharField(
        max_length=20, choices=FeedwijzigingSoort.choices, default=FeedwijzigingSoort.GEWIJZIGD
    )
    record = models.JSONField(help_text="Het record zoals de bron het stuurde.")
    inhoud_hash = models.CharField(max_length=64)
    verschil = models.JSONField(default=list, help_text="[[veld, nu, nieuw], …]")
    meldingen = models.JSONField(default=list, help_text="[[veld, reden], …] van de import")
    status = models.CharField(
        max_length=20, choices=FeedwijzigingStatus.choices, default=FeedwijzigingStatus.OPEN
    )
    reden = models.TextField(blank=True)
    ontvangen = models.DateTimeField(auto_now_add=True)
    afgehandeld_op = models.DateTimeField(null=True, blank=True)
    beoordeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    notitie = models.TextField("notitie van de beheerder", blank=True)

    class Meta:
        ordering = ["-ontvangen", "-pk"]
        verbose_name = "wijziging uit een feed"
        verbose_name_plural = "wijzigingen uit feeds"
        indexes = [
            models.Index(fields=["feed", "bron_id", "-id"], name="feedwijziging_laatste"),
            models.Index(fields=["status", "-ontvangen"], name="feedwijziging_status"),
        ]

    def __str__(self):
        return f"{self.naam or self.bron_id} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in FEEDWIJZIGING_OPEN


class AanbodVertaling(models.Model):
    """A translation of an aanbod's texts into one of the site's other languages, added by
    its partner or the beheerder: all three texts, so a page never mixes two languages in
    one aanbod. Optional: without one the page shows the Dutch text and says so. The Dutch
    text stays the one that is searched."""

    aanbod = models.ForeignKey(Aanbod, on_delete=models.CASCADE, related_name="vertalingen")
    taal = models.CharField(
        "taal",
        max_length=7,
        choices=[
            (code, naam) for code, naam in settings.LANGUAGES if code != settings.LANGUAGE_CODE
        ],
    )
    naam = models.CharField("naam", max_length=150)
    korte_beschrijving = models.CharField("korte beschrijving", max_length=200)
    beschrijving = models.TextField("beschrijving")

    class Meta:
        verbose_name = "vertaling"
        verbose_name_plural = "vertalingen"
        constraints = [
            models.UniqueConstraint(fields=["aanbod", "taal"], name="aanbodvertaling_uniek")
        ]

    def __str__(self):
        return f"{self.aanbod} ({self.get_taal_display()})"


@dataclass(frozen=True)
class AanbodTekst:
    """What a page shows of an aanbod in one language (Aanbod.tekst). `taal` is the
    language the texts are in, for the `lang` attribute: a Dutch text on an Arabic page is
    marked Dutch, so it reads left to right and a screen reader pronounces it as Dutch."""

    naam: str
    korte_beschrijving: str
    taal: str
    alleen_nederlands: bool
    bron: "Aanbod | AanbodVertaling" = field(repr=False)  # where the long description is

    @property
    def beschrijving(self) -> str:
        """Read when shown: a page of search results shows no long descriptions, and its
        aanbod (loaded without them) read none."""
        return self.bron.beschrijving

    @classmethod
    def van(cls, aanbod: Aanbod, taal: str, vertaling: AanbodVertaling | None) -> "AanbodTekst":
        if vertaling is not None:
            return cls(
                naam=vertaling.naam,
                korte_beschrijving=vertaling.korte_beschrijving,
                taal=taal,
                alleen_nederlands=False,
                bron=vertaling,
            )
        return cls(
            naam=aanbod.naam,
            korte_beschrijving=aanbod.korte_beschrijving,
            taal=settings.LANGUAGE_CODE,
            alleen_nederlands=taal != settings.LANGUAGE_CODE,
            bron=aanbod,
        )


def vertalingen_laden(aanbiedingen, taal: str | None = None) -> None:
    """Aanbod.tekst for many at once (a page of search results): one query."""
    taal = taal or translation.get_language() or settings.LANGUAGE_CODE
    aanbiedingen = [a for a in aanbiedingen if a.pk]
    vertalingen = {}
    if taal != settings.LANGUAGE_CODE and aanbiedingen:
        vertalingen = {
            v.aanbod_id: v
            for v in AanbodVertaling.objects.filter(aanbod__in=aanbiedingen, taal=taal)
        }
    for aanbod in aanbiedingen:
        teksten = getattr(aanbod, "_teksten", {})
        teksten[taal] = AanbodTekst.van(aanbod, taal, vertalingen.get(aanbod.pk))
        aanbod._teksten = teksten


# --- Search signals: what residents search and do not find (issue 18) ------------------------

# A search with at most this many results is one with "few results" (the synonym queue).
WEINIG_RESULTATEN = 2
# Search signals are kept this many months (the nightly retention job removes older ones).
ZOEKSIGNAAL_BEWAARMAANDEN = 13


class ZoeksignaalQuerySet(models.QuerySet):
    def in_periode(self, van: date, tot: date):
        """The searches of the days van up to and including tot."""
        return self.filter(dag__gte=van, dag__lte=tot)

    def zonder_resultaat(self):
        """Searches that found nothing (also not through a "Bedoelde u" correction)."""
        return self.filter(aantal_resultaten=0)

    def nee(self):
        """Searches whose resident answered "nee" to "Vond u wat u zocht?"."""
        return self.filter(gevonden=False)


class Zoeksignaal(models.Model):
    """One public search of the sociale kaart, anonymous: no address, no session, no user,
    no time finer than the day. The query is normalised (lower case, whitespace collapsed)
    and personal data in it (phone numbers, e-mail addresses, BSN, IBAN, postcodes) is
    masked before it is stored (sociale_kaart.zoeksignalen). The filters are kept as
    fields so reports can count per levensdomein × kern × doelgroep. Kept
    ZOEKSIGNAAL_BEWAARMAANDEN months."""

    dag = models.DateField(default=timezone.localdate)
    zoektekst = models.CharField(
        max_length=200, blank=True, help_text="Genormaliseerd, persoonsgegevens gemaskeerd."
    )
    # The filters of the search ("" / NULL: not filtered on it).
    levensdomein = models.ForeignKey(
        Levensdomein, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kern = models.CharField(max_length=20, choices=VestigingKern.choices, blank=True)
    doelgroep = models.ForeignKey(
        Doelgroep, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kosten = models.CharField(max_length=20, choices=Kosten.choices, blank=True)
    aantal_resultaten = models.PositiveIntegerField(default=0)
    # The results shown were those of a correction ("Niets gevonden voor …, hieronder …").
    verbeterd = models.BooleanField(default=False)
    geopend = models.BooleanField("resultaat geopend", default=False)
    # "Vond u wat u zocht?": True ja, False nee, None not answered.
    gevonden = models.BooleanField("vond wat hij zocht", null=True, blank=True)
    toelichting = models.CharField(
        max_length=500, blank=True, help_text="Vrije tekst bij het antwoord, gescreend."
    )

    objects = ZoeksignaalQuerySet.as_manager()

    class Meta:
        verbose_name = "zoeksignaal"
        verbose_name_plural = "zoeksignalen"
        indexes = [
            # Reports by period, and the retention job.
            models.Index(fields=["dag"], name="zoeksignaal_dag"),
            # The synonym queue: searches with few results or a "nee", per query.
            models.Index(
                fields=["dag", "zoektekst"],
                name="zoeksignaal_wachtrij",
                condition=Q(aantal_resultaten__lte=WEINIG_RESULTATEN) | Q(gevonden=False),
            ),
        ]

    def __str__(self):
        return f"{self.dag}: {self.zoektekst or '(zonder zoekwoorden)'}"


class Zoekbesluit(models.Model):
    """What the beheerder did with a query from the synonym queue. A dismissed query stays
    out of the queue; one made a synonym or keyword comes back only with searches after
    the decision's day that still find too little."""

    class Soort(models.TextChoices):
        SYNONIEM = "synoniem", "synoniem gemaakt"
        ZOEKWOORD = "zoekwoord", "zoekwoord bij aanbod"
        GENEGEERD = "genegeerd", "genegeerd"

    zoektekst = models.CharField(max_length=200, unique=True)
    soort = models.CharField(max_length=12, choices=Soort.choices)
    toelichting = models.CharField(max_length=300, blank=True)
    op = models.DateTimeField(default=timezone.now)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "besluit over een zoekvraag"
        verbose_name_plural = "besluiten over zoekvragen"

    def __str__(self):
        return f"{self.zoektekst}: {self.get_soort_display()}"
