import secrets
from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models, router
from django.urls import reverse
from django.utils import timezone

from . import openingstijden
from .openingstijden import tijd


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


class ToegangslocatieQuerySet(models.QuerySet):
    def met_schema(self) -> list:
        """The locations, each with `.schema`: rules and exceptions from today as far ahead
        as "open now" and "volgende opening" look (HORIZON_DAGEN). Two queries in all,
        however many locations.
        """
        van = timezone.localdate()
        tot = van + timedelta(days=openingstijden.HORIZON_DAGEN)
        locaties = list(self)
        # A subquery rather than a list of ids: hundreds of parameters cost more to send.
        schemas = laad_schemas(self.values("pk"), van, tot)
        for locatie in locaties:
            locatie.schema = schemas[locatie.pk]
        return locaties


# "Open now" rarely needs more than a month of exceptions; the few locations closed for
# longer are looked up again with the full horizon.
STATUS_VENSTER_DAGEN = 31


class Statussen(dict):
    """Status per location id; a location without any opening is simply closed."""

    def __init__(self, moment):
        super().__init__()
        self.moment = moment

    def __missing__(self, pk):
        return openingstijden.Status(self.moment, None, None)


def statussen(locaties) -> Statussen:
    """Open now and the next opening for many locations (ids or a queryset), in few queries."""
    moment = timezone.now()
    vandaag = timezone.localdate(moment)
    schemas = laad_schemas(locaties, vandaag, vandaag + timedelta(days=STATUS_VENSTER_DAGEN))
    uitkomst = Statussen(moment)
    verder = []
    for pk, schema in schemas.items():
        status = uitkomst[pk] = schema.status(moment)
        if status.volgende is None:
            verder.append(pk)
    if verder:
        lang = laad_schemas(verder, vandaag, vandaag + timedelta(days=openingstijden.HORIZON_DAGEN))
        for pk in verder:
            uitkomst[pk] = lang[pk].status(moment)
    return uitkomst


class Schemas(dict):
    """Schema per location id; a location without rules gets an empty schema."""

    def __init__(self, van: date, tot: date):
        super().__init__()
        self.van, self.tot = van, tot

    def __missing__(self, pk):
        return openingstijden.Schema((), van=self.van, tot=self.tot)


def laad_schemas(locaties, van: date, tot: date) -> Schemas:
    """Rules and the exceptions from `van` to `tot` for `locaties` (ids or a queryset)."""
    return laad_schemas_van(Openingsregel, Uitzondering, "locatie_id", locaties, van, tot)


def laad_schemas_van(
    regel_model, uitzondering_model, eigenaar: str, eigenaars, van, tot
) -> Schemas:
    """The same for any owner of rules and exceptions (a vestiging's aanbod, say): both
    models derive from OpeningsregelBasis/UitzonderingBasis and point at the owner through
    the field `eigenaar`. Two statements, however many owners, written out: for a page of
    twenty owners, building the two ORM queries cost three times reading their rows."""
    if isinstance(eigenaars, models.QuerySet):  # their ids as a subquery
        sql, params = eigenaars.values("pk").query.sql_with_params()
        bij, eigenaars = f"IN ({sql})", list(params)
    else:
        bij, eigenaars = "= ANY(%s)", [list(eigenaars)]
    regels: dict = {}
    uitzonderingen: dict = defaultdict(dict)
    # Identifiers from the models' own metadata; the values are parameters. Read where the
    # ORM would read (the reports' replica inside rapportage_lezen()).
    kolom = regel_model._meta.get_field(eigenaar).column
    with connections[router.db_for_read(regel_model)].cursor() as cursor:
        cursor.execute(
            "SELECT weekdag, dagdeel, start, einde, geldig_van, geldig_tot, "  # noqa: S608
            f"{kolom} FROM {regel_model._meta.db_table} WHERE {kolom} {bij}"
            " ORDER BY weekdag, start",
            eigenaars,
        )
        # Rows end with the owner id, so each row reads as a Regel (see openingstijden.Regel).
        for rij in cursor.fetchall():
            per_weekdag = regels.get(rij[6])
            if per_weekdag is None:
                per_weekdag = regels[rij[6]] = ([], [], [], [], [], [], [])
            per_weekdag[rij[0]].append(rij)
        kolom = uitzondering_model._meta.get_field(eigenaar).column
        cursor.execute(
            f"SELECT {kolom}, datum, soort, dagdeel, start, einde, reden"  # noqa: S608
            f" FROM {uitzondering_model._meta.db_table}"
            f" WHERE {kolom} {bij} AND datum BETWEEN %s AND %s",
            [*eigenaars, van, tot],
        )
        for pk, datum, soort, dagdeel, start, einde, reden in cursor.fetchall():
            uitzonderingen[pk].setdefault(datum, []).append(
                openingstijden.Uitzondering(datum, soort, dagdeel or None, start, einde, reden)
            )
    schemas = Schemas(van, tot)
    leeg = ([], [], [], [], [], [], [])
    for pk in regels.keys() | uitzonderingen.keys():
        schemas[pk] = openingstijden.Schema.geindexeerd(
            regels.get(pk, leeg), uitzonderingen.get(pk, {}), van, tot
        )
    return schemas


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
    maximale_bezetting = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1)],
        help_text="Meer mensen dan dit kunnen niet op één opening worden ingeroosterd.",
    )
    # Appointments (intake's Bezoekafspraak): each opening takes as many at a time as there
    # are people on the rota, less this many kept free for people who walk in.
    inloopreserve = models.PositiveSmallIntegerField(
        "vrij voor inloop",
        default=1,
        help_text="Zoveel medewerkers per opening houden tijd vrij voor mensen die zonder "
        "afspraak binnenlopen. De rest van de bezetting is te boeken voor afspraken.",
    )
    afspraakduur = models.PositiveSmallIntegerField(
        "duur van een afspraak (minuten)",
        default=30,
        validators=[MinValueValidator(10), MaxValueValidator(240)],
    )
    volgorde = models.PositiveSmallIntegerField(default=0)

    objects = ToegangslocatieQuerySet.as_manager()

    class Meta:
        ordering = ["volgorde", "naam"]
        verbose_name = "toegangslocatie"
        verbose_name_plural = "toegangslocaties"

    def __str__(self):
        return self.naam

    def get_absolute_url(self):
        return reverse("locaties:detail", args=[self.slug])

    @property
    def adres(self) -> str:
        return f"{self.straat} {self.huisnummer}, {self.postcode} {self.plaats}"

    def clean(self):
        if (
            self.minimale_bezetting
            and self.maximale_bezetting
            and self.maximale_bezetting < self.minimale_bezetting
        ):
            raise ValidationError(
                {"maximale_bezetting": "De maximale bezetting is kleiner dan de minimale."}
            )

    def schema_voor(self, van: date, tot: date) -> openingstijden.Schema:
        return laad_schemas([self.pk], van, tot)[self.pk]

    def openingsmomenten(self, van: date, tot: date) -> list[openingstijden.Openingsmoment]:
        return self.schema_voor(van, tot).momenten(van, tot)

    def huidig_schema(self) -> openingstijden.Schema:
        """`.schema` as set by `met_schema()`, or loaded now for today onwards."""
        if getattr(self, "schema", None) is None:
            vandaag = timezone.localdate()
            self.schema = self.schema_voor(
                vandaag, vandaag + timedelta(days=openingstijden.HORIZON_DAGEN)
            )
        return self.schema

    def status(self) -> openingstijden.Status:
        """Open now, and the next opening."""
        return self.huidig_schema().status(timezone.now())

    def openingstijden_samengevat(self) -> list[str]:
        """The weekly rules in plain words (see openingstijden.samenvatting)."""
        return openingstijden.samenvatting(self.huidig_schema().regels, timezone.localdate())


class OpeningsregelBasis(models.Model):
    """A recurring opening: every <weekdag> during <dagdeel> from <start> to <einde>.

    Abstract, so a vestiging in the sociale kaart can have the same rules and the same
    engine (locaties/openingstijden.py) computes both.
    """

    weekdag = models.PositiveSmallIntegerField(choices=Weekdag.choices)
    dagdeel = models.CharField(max_length=10, choices=Dagdeel.choices)
    start = models.TimeField("begintijd")
    einde = models.TimeField("eindtijd")
    geldig_van = models.DateField(null=True, blank=True, help_text="Leeg: altijd al.")
    geldig_tot = models.DateField(null=True, blank=True, help_text="Leeg: tot nader bericht.")

    class Meta:
        abstract = True
        ordering = ["weekdag", "start"]

    def __str__(self):
        return f"{self.get_weekdag_display()} {self.dagdeel} {tijd(self.start)}–{tijd(self.einde)}"

    def clean(self):
        fouten = {}
        if self.start and self.einde and self.einde <= self.start:
            fouten["einde"] = "De eindtijd moet na de begintijd liggen."
        if self.geldig_van and self.geldig_tot and self.geldig_tot < self.geldig_van:
            fouten["geldig_tot"] = "Deze datum ligt vóór de begindatum. Kies dezelfde dag of later."
        if fouten:
            raise ValidationError(fouten)

    @staticmethod
    def overlap_fout(a, b) -> str | None:
        """Why two rules of the same owner may not both exist, or None when they may."""
        if a.weekdag != b.weekdag:
            return None
        van_a, tot_a = a.geldig_van or date.min, a.geldig_tot or date.max
        van_b, tot_b = b.geldig_van or date.min, b.geldig_tot or date.max
        if van_a > tot_b or van_b > tot_a:
            return None
        dag = Weekdag(a.weekdag).label
        if a.dagdeel == b.dagdeel:
            return f"Er is al een openingsregel voor {dag}{a.dagdeel} in deze periode."
        if a.start < b.einde and b.start < a.einde:
            return f"De tijden overlappen met de openingsregel {b} op {dag}."
        return None


class Openingsregel(OpeningsregelBasis):
    locatie = models.ForeignKey(
        Toegangslocatie, on_delete=models.CASCADE, related_name="openingsregels"
    )

    class Meta(OpeningsregelBasis.Meta):
        verbose_name = "openingsregel"
        verbose_name_plural = "openingsregels"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(einde__gt=models.F("start")), name="openingsregel_einde_na_start"
            ),
            models.CheckConstraint(
                condition=models.Q(geldig_tot__isnull=True)
                | models.Q(geldig_van__isnull=True)
                | models.Q(geldig_tot__gte=models.F("geldig_van")),
                name="openingsregel_geldig_tot_na_van",
            ),
        ]

    def clean(self):
        super().clean()
        if getattr(self, "overlap_in_formset", False):
            return
        if self.locatie_id is None or self.start is None or self.einde is None:
            return
        andere = Openingsregel.objects.filter(locatie_id=self.locatie_id, weekdag=self.weekdag)
        for regel in andere.exclude(pk=self.pk):
            fout = self.overlap_fout(self, regel)
            if fout:
                raise ValidationError(fout)


class UitzonderingSoort(models.TextChoices):
    GESLOTEN = openingstijden.GESLOTEN, "gesloten"
    EXTRA = openingstijden.EXTRA, "extra geopend"
    GEWIJZIGD = openingstijden.GEWIJZIGD, "andere tijden"


class UitzonderingBasis(models.Model):
    """One date that differs from the rules: closed, an extra opening, or other times."""

    datum = models.DateField()
    soort = models.CharField(max_length=10, choices=UitzonderingSoort.choices)
    dagdeel = models.CharField(
        max_length=10,
        choices=Dagdeel.choices,
        blank=True,
        help_text="Leeg bij 'gesloten': de hele dag.",
    )
    start = models.TimeField("begintijd", null=True, blank=True)
    einde = models.TimeField("eindtijd", null=True, blank=True)
    reden = models.CharField(
        "reden (openbaar)",
        max_length=120,
        blank=True,
        help_text="Inwoners zien dit, bijvoorbeeld 'Gesloten i.v.m. teamdag'.",
    )

    class Meta:
        abstract = True
        ordering = ["datum", "dagdeel"]

    def __str__(self):
        return f"{self.datum:%d-%m-%Y} {self.get_soort_display()} {self.dagdeel or 'hele dag'}"

    def clean(self):
        fouten = {}
        if self.soort in (UitzonderingSoort.EXTRA, UitzonderingSoort.GEWIJZIGD):
            if not self.dagdeel:
                fouten["dagdeel"] = "Kies het dagdeel waarop de locatie open is."
            if not self.start:
                fouten["start"] = "Vul de begintijd in."
            if not self.einde:
                fouten["einde"] = "Vul de eindtijd in."
        if self.start and self.einde and self.einde <= self.start:
            fouten["einde"] = "De eindtijd moet na de begintijd liggen."
        if fouten:
            raise ValidationError(fouten)


class Uitzondering(UitzonderingBasis):
    locatie = models.ForeignKey(
        Toegangslocatie, on_delete=models.CASCADE, related_name="uitzonderingen"
    )

    class Meta(UitzonderingBasis.Meta):
        verbose_name = "uitzondering"
        verbose_name_plural = "uitzonderingen (sluitingen, extra openingen)"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(einde__isnull=True)
                | models.Q(start__isnull=True)
                | models.Q(einde__gt=models.F("start")),
                name="uitzondering_einde_na_start",
            ),
        ]


class TerugkerendeDienst(models.Model):
    """The same person on the same opening every week: "Anna, every Tuesday morning in
    Dinxperlo, until 1 July". The series makes its shifts (Dienst) one by one through the
    rules of a single shift (locaties.services); a week the person is away, or the location
    is closed, simply gets no shift. Ending or changing it touches only shifts to come.
    """

    medewerker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="terugkerende_diensten"
    )
    locatie = models.ForeignKey(
        Toegangslocatie, on_delete=models.CASCADE, related_name="terugkerende_diensten"
    )
    weekdag = models.PositiveSmallIntegerField(choices=Weekdag.choices)
    dagdeel = models.CharField(max_length=10, choices=Dagdeel.choices)
    van = models.DateField("eerste dag")
    tot = models.DateField("tot en met")
    ingesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    aangemaakt = models.DateTimeField(auto_now_add=True)
    gewijzigd = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["weekdag", "dagdeel", "van"]
        verbose_name = "terugkerende dienst"
        verbose_name_plural = "terugkerende diensten"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tot__gte=models.F("van")),
                name="terugkerende_dienst_tot_na_van",
            ),
        ]

    def __str__(self):
        return f"{self.medewerker} — {self.locatie} {self.wanneer}"

    @property
    def wanneer(self) -> str:
        """ "elke dinsdag in de ochtend"."""
        return f"elke {self.get_weekdag_display()} in de {self.dagdeel}"

    def data(self) -> list[date]:
        """Every date of the series: its weekday from `van` up to and including `tot`."""
        eerste = self.van + timedelta(days=(self.weekdag - self.van.weekday()) % 7)
        return [eerste + timedelta(weeks=week) for week in range((self.tot - eerste).days // 7 + 1)]


class DienstQuerySet(models.QuerySet):
    def van_moment(self, locatie_id: int, datum: date, dagdeel: str):
        return self.filter(locatie_id=locatie_id, datum=datum, dagdeel=dagdeel)


class DienstMetNamen(models.Manager):
    """Shifts read with their person and location. Django reads related rows through the
    base manager when it lists what a deletion takes along (/beheer/, deleting a location
    or a person): each shift is named there without a query of its own."""

    def get_queryset(self):
        return super().get_queryset().select_related("medewerker", "locatie")


class Dienst(models.Model):
    """A staff shift: one person on one openingsmoment (location + date + dagdeel).

    Openingsmomenten are computed, not stored, so a shift names the moment by its key.
    Create and remove shifts through `locaties.services`, which checks the rules.
    """

    locatie = models.ForeignKey(Toegangslocatie, on_delete=models.CASCADE, related_name="diensten")
    datum = models.DateField()
    dagdeel = models.CharField(max_length=10, choices=Dagdeel.choices)
    medewerker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="diensten"
    )
    ingeroosterd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The series this shift came from, if any; a shift stays when its series goes.
    terugkerende_dienst = models.ForeignKey(
        TerugkerendeDienst,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="diensten",
    )
    aangemaakt = models.DateTimeField(auto_now_add=True)

    objects = DienstQuerySet.as_manager()
    met_namen = DienstMetNamen()

    class Meta:
        base_manager_name = "met_namen"
        ordering = ["datum", "dagdeel"]
        verbose_name = "dienst"
        verbose_name_plural = "diensten"
        constraints = [
            models.UniqueConstraint(
                fields=["locatie", "datum", "dagdeel", "medewerker"],
                name="dienst_eenmaal_per_moment",
            ),
        ]
        indexes = [
            models.Index(fields=["locatie", "datum"]),
            models.Index(fields=["medewerker", "datum"]),
        ]

    def __str__(self):
        return f"{self.medewerker} — {self.locatie} {self.datum:%d-%m-%Y} {self.dagdeel}"


class Afwezigheid(models.Model):
    """Days a person cannot be scheduled (verlof, cursus). The reason stays private."""

    medewerker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="afwezigheden"
    )
    van = models.DateField()
    tot = models.DateField("tot en met")
    omschrijving = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["van"]
        verbose_name = "afwezigheid"
        verbose_name_plural = "afwezigheden"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tot__gte=models.F("van")), name="afwezigheid_tot_na_van"
            ),
        ]

    def __str__(self):
        return f"{self.medewerker} afwezig {self.van:%d-%m-%Y} t/m {self.tot:%d-%m-%Y}"

    def clean(self):
        if self.van and self.tot and self.tot < self.van:
            raise ValidationError({"tot": "De einddatum ligt vóór de begindatum."})


def nieuw_token() -> str:
    return secrets.token_urlsafe(32)


class Dienstenfeed(models.Model):
    """The secret address of a person's own iCalendar feed of shifts; revocable."""

    medewerker = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dienstenfeed"
    )
    token = models.CharField(max_length=64, unique=True, default=nieuw_token)
    aangemaakt = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "dienstenfeed"
        verbose_name_plural = "dienstenfeeds"

    def __str__(self):
        return f"Dienstenfeed van {self.medewerker}"

    def get_absolute_url(self):
        return reverse("locaties:diensten_feed", args=[self.token])

    def vernieuw(self) -> None:
        """A new secret address; the old one stops working at once."""
        self.token = nieuw_token()
        self.save(update_fields=["token", "aangemaakt"])


class Bezettingsmelding(models.Model):
    """One warning about an understaffed openingsmoment, claimed before it is sent.

    The unique constraint makes the morning check idempotent: a second run on the same day
    finds the row already there and sends nothing.
    """

    locatie = models.ForeignKey(Toegangslocatie, on_delete=models.CASCADE, related_name="+")
    datum = models.DateField()
    dagdeel = models.CharField(max_length=10, choices=Dagdeel.choices)
    gemeld_op = models.DateField()
    bezetting = models.PositiveSmallIntegerField()
    aangemaakt = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "bezettingsmelding"
        verbose_name_plural = "bezettingsmeldingen"
        constraints = [
            models.UniqueConstraint(
                fields=["locatie", "datum", "dagdeel", "gemeld_op"],
                name="bezettingsmelding_eenmaal_per_dag",
            ),
        ]

    def __str__(self):
        return f"{self.locatie} {self.datum} {self.dagdeel}: {self.bezetting} (gemeld {self.gemeld_op})"
