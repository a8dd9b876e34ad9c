"""The terugbelverzoek (call-back request): a resident asks to be called back in a window
(a working day, ochtend or middag, while the front door is open), a medewerker takes it and
calls; not reached plans the next window, after MAX_POGINGEN failed tries it ends.

The windows follow the openings of the front door (locaties.openingstijden, with its
exceptions and Dutch public holidays), in Europe/Amsterdam time on both sides of a DST
switch. Every step writes its line on the case's timeline.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext

from locaties import openingstijden
from locaties.models import Dagdeel, Toegangslocatie, laad_schemas
from toegang.accounts.roles import BALIE, heeft_rol

from .hulpvraag import Gebeurtenis, Hulpvraag, Kanaal, OngeldigeOvergang, Status

__all__ = [
    "TERUGBEL_DAGDELEN",
    "TERUGBEL_VOORUIT_DAGEN",
    "MAX_POGINGEN",
    "Terugbelvenster",
    "terugbelvensters",
    "venster_controleren",
    "venster_na",
    "TerugbelverzoekQuerySet",
    "Terugbelverzoek",
    "Terugbelpoging",
]

# A call-back is asked for in the morning or the afternoon of a working day.
TERUGBEL_DAGDELEN = (Dagdeel.OCHTEND, Dagdeel.MIDDAG)
# At most this many days ahead (4 weeks).
TERUGBEL_VOORUIT_DAGEN = 28
# Not reached this many times: the call-back ends and the resident is told.
MAX_POGINGEN = 3
# A retry looks this far ahead for the next window (a long closure, say).
HERKANSING_DAGEN = 60


class Terugbelvenster(NamedTuple):
    """One window to be called in: a dagdeel on a date, from the first opening of the front
    door in that dagdeel to the last one's end."""

    datum: date
    dagdeel: str
    start: datetime
    einde: datetime

    @property
    def waarde(self) -> str:
        """How a form posts it: 2026-12-07-ochtend."""
        return f"{self.datum.isoformat()}-{self.dagdeel}"

    @property
    def tekst(self) -> str:
        """In Dutch, for the case's timeline and staff pages."""
        return (
            f"{openingstijden.datum_tekst(self.datum)}, {self.dagdeel} "
            f"({openingstijden.tijd(self.start.astimezone(openingstijden.TZ))}–"
            f"{openingstijden.tijd(self.einde.astimezone(openingstijden.TZ))})"
        )

    @property
    def tekst_inwoner(self) -> str:
        """The same in the active language, for the resident's pages (in Dutch equal to
        `tekst`): the day and date in the language's own format, times as 24 hours."""
        return pgettext("terugbelvenster", "%(dag)s %(datum)s, %(dagdeel)s (%(van)s–%(tot)s)") % {
            "dag": openingstijden.weekdag(self.datum.weekday()),
            "datum": date_format(self.datum, "MONTH_DAY_FORMAT"),
            "dagdeel": openingstijden.dagdeel(self.dagdeel),
            "van": openingstijden.tijd(self.start.astimezone(openingstijden.TZ)),
            "tot": openingstijden.tijd(self.einde.astimezone(openingstijden.TZ)),
        }


def _vensters(van: date, tot: date, nu: datetime | None) -> list[Terugbelvenster]:
    """Every window from `van` to `tot` (that has not ended at `nu`, when given): the
    openings of all front-door locations together, per working day and dagdeel."""
    schemas = laad_schemas(Toegangslocatie.objects.all(), van, tot)
    vensters = []
    for dag in openingstijden.dagen(van, tot):
        if not openingstijden.is_werkdag(dag):
            continue  # weekends and public holidays: nobody calls, whatever the schedule says
        per_dagdeel: dict[str, tuple[datetime, datetime]] = {}
        for schema in schemas.values():
            for moment in schema.dag(dag)[0]:
                if moment.dagdeel not in TERUGBEL_DAGDELEN:
                    continue
                start, einde = per_dagdeel.get(moment.dagdeel, (moment.start, moment.einde))
                per_dagdeel[moment.dagdeel] = (min(start, moment.start), max(einde, moment.einde))
        for dagdeel, (start, einde) in per_dagdeel.items():
            if nu is None or einde > nu:
                vensters.append(Terugbelvenster(dag, dagdeel, start, einde))
    vensters.sort(key=lambda v: v.start)
    return vensters


def terugbelvensters(nu: datetime | None = None) -> list[Terugbelvenster]:
    """The windows a resident may choose now: today (while the window has not ended) up to
    TERUGBEL_VOORUIT_DAGEN ahead, in order."""
    nu = nu or timezone.now()
    vandaag = timezone.localdate(nu)
    return _vensters(vandaag, vandaag + timedelta(days=TERUGBEL_VOORUIT_DAGEN), nu)


def venster_controleren(waarde: str, nu: datetime | None = None) -> Terugbelvenster:
    """The window a form posted ("2026-12-07-ochtend"), or a ValidationError that says in
    Dutch why it cannot be chosen."""
    nu = nu or timezone.now()
    vandaag = timezone.localdate(nu)
    datumdeel, _, dagdeel = (waarde or "").strip().rpartition("-")
    try:
        datum = date.fromisoformat(datumdeel) if datumdeel.isascii() else None
    except ValueError:
        datum = None
    if datum is None or dagdeel not in TERUGBEL_DAGDELEN:
        raise ValidationError(gettext("Kies een dag en dagdeel uit de lijst."), code="onbekend")
    if datum < vandaag:
        raise ValidationError(
            gettext("Die dag is al voorbij. Kies een dag vanaf vandaag."), code="voorbij"
        )
    if datum > vandaag + timedelta(days=TERUGBEL_VOORUIT_DAGEN):
        raise ValidationError(
            gettext("Wij bellen u terug binnen 4 weken. Kies een dag die eerder is."), code="te_ver"
        )
    if naam := openingstijden.feestdag(datum):
        raise ValidationError(
            gettext(
                "Op %(datum)s is het %(feestdag)s. Dan is de gemeente dicht. Kies een andere dag."
            )
            % {"datum": openingstijden.datum_inwoner(datum), "feestdag": naam},
            code="feestdag",
        )
    if datum.weekday() >= 5:
        raise ValidationError(
            gettext("In het weekend bellen wij niet. Kies een dag van maandag tot en met vrijdag."),
            code="weekend",
        )
    for venster in _vensters(datum, datum, nu):
        if venster.dagdeel == dagdeel:
            return venster
    if datum == vandaag and any(v.dagdeel == dagdeel for v in _vensters(datum, datum, None)):
        raise ValidationError(
            gettext("De %(dagdeel)s van vandaag is al voorbij. Kies een later moment.")
            % {"dagdeel": openingstijden.dagdeel(dagdeel)},
            code="voorbij",
        )
    raise ValidationError(
        gettext(
            "Op %(datum)s in de %(dagdeel)s is de toegang niet open. "
            "Kies een ander moment uit de lijst."
        )
        % {
            "datum": openingstijden.datum_inwoner(datum),
            "dagdeel": openingstijden.dagdeel(dagdeel),
        },
        code="gesloten",
    )


def venster_na(venster_start: datetime, nu: datetime) -> Terugbelvenster | None:
    """The next try: the first window that starts after the one just tried and has not
    ended at `nu`."""
    vandaag = timezone.localdate(nu)
    for venster in _vensters(vandaag, vandaag + timedelta(days=HERKANSING_DAGEN), nu):
        if venster.start > venster_start:
            return venster
    return None


def _nieuw_token() -> str:
    return secrets.token_urlsafe(32)


class TerugbelverzoekQuerySet(models.QuerySet):
    def zichtbaar_voor(self, user):
        """The call-backs of the cases `user` may see: the one access scope of the cases
        (Hulpvraag.objects.zichtbaar_voor) decides."""
        return self.filter(hulpvraag__in=Hulpvraag.objects.zichtbaar_voor(user))

    def open(self):
        return self.filter(status=Terugbelverzoek.Status.OPEN)

    def te_laat(self, nu: datetime | None = None):
        """Open, and the window passed without a try (a try moves the window or ends it)."""
        return self.open().filter(venster_einde__lt=nu or timezone.now())


class Terugbelverzoek(models.Model):
    """A resident asks to be called back in a window; it belongs to a hulpvraag."""

    class Status(models.TextChoices):
        OPEN = "open", "Nog bellen"
        BEREIKT = "bereikt", "Bereikt"
        NIET_BEREIKT = "niet-bereikt", "Niet bereikt na 3 pogingen"
        VERVALLEN = "vervallen", "Vervallen: hulpvraag afgerond"

    class Via(models.TextChoices):
        WEBSITE = "website", "Website"
        STATUSPAGINA = "statuspagina", "Statuspagina"
        BALIE = "balie", "Balie of telefoon"

    hulpvraag = models.ForeignKey(
        Hulpvraag, on_delete=models.CASCADE, related_name="terugbelverzoeken"
    )
    token = models.CharField(max_length=64, unique=True, default=_nieuw_token, editable=False)
    # The id of the form that sent it: a double submit finds this row instead of a second.
    inzending = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    via = models.CharField("aangevraagd via", max_length=20, choices=Via.choices)
    # Whether this request opened the case (on the website): only then may its confirmation
    # show the case's status link.
    nieuwe_hulpvraag = models.BooleanField(default=False, editable=False)
    telefoon = models.CharField("telefoonnummer", max_length=30)
    email = models.EmailField("e-mail", blank=True)
    notitie = models.TextField("waarover", max_length=500, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    # The window of the next (or last) try; the first one is what the resident asked for.
    datum = models.DateField("dag")
    dagdeel = models.CharField(max_length=10, choices=Dagdeel.choices)
    venster_start = models.DateTimeField()
    venster_einde = models.DateTimeField()
    mislukt = models.PositiveSmallIntegerField("niet bereikt", default=0)
    opgepakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="opgepakt door",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opgepakt_op = models.DateTimeField(null=True, blank=True)
    aangemaakt = models.DateTimeField(default=timezone.now)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    afgehandeld_op = models.DateTimeField(null=True, blank=True)

    objects = TerugbelverzoekQuerySet.as_manager()

    class Meta:
        verbose_name = "terugbelverzoek"
        verbose_name_plural = "terugbelverzoeken"
        ordering = ["venster_start", "pk"]
        indexes = [
            # The queue and the overdue sweep read only open ones, by window.
            models.Index(
                fields=["venster_start"], condition=Q(status="open"), name="terugbel_open"
            ),
            models.Index(fields=["aangemaakt"], name="terugbel_aangemaakt"),
        ]

    def __str__(self):
        return f"Terugbellen {self.hulpvraag_id} {self.datum} {self.dagdeel}"

    def get_absolute_url(self):
        return reverse("intake:terugbelverzoek", args=[self.pk])

    @property
    def venster(self) -> Terugbelvenster:
        return Terugbelvenster(self.datum, self.dagdeel, self.venster_start, self.venster_einde)

    @property
    def poging(self) -> int:
        """The number of the next try."""
        return self.mislukt + 1

    def is_te_laat(self, nu: datetime | None = None) -> bool:
        return self.status == self.Status.OPEN and self.venster_einde < (nu or timezone.now())

    def _vergrendel(self) -> None:
        self.refresh_from_db(from_queryset=Terugbelverzoek.objects.select_for_update())

    @classmethod
    @transaction.atomic
    def aanmaken(
        cls, *, hulpvraag: Hulpvraag, venster: Terugbelvenster, door=None, **velden
    ) -> Terugbelverzoek:
        """Store the request and its line on the case's timeline; a closed case gets none
        (a resident who comes back is a reopened case first)."""
        if hulpvraag.status == Status.AFGEROND:
            raise OngeldigeOvergang(
                "Een afgeronde hulpvraag krijgt geen terugbelverzoek. Heropen de hulpvraag eerst."
            )
        verzoek = cls.objects.create(
            hulpvraag=hulpvraag,
            datum=venster.datum,
            dagdeel=venster.dagdeel,
            venster_start=venster.start,
            venster_einde=venster.einde,
            aangemaakt_door=door,
            **velden,
        )
        Gebeurtenis.objects.create(
            hulpvraag=hulpvraag,
            soort=Gebeurtenis.Soort.TERUGBELLEN,
            tekst=f"Terugbelverzoek ({verzoek.get_via_display().lower()}): {venster.tekst}."
            + (f" Waarover: {verzoek.notitie}" if verzoek.notitie else ""),
            door=door,
        )
        return verzoek

    @transaction.atomic
    def pak_op(self, *, door) -> None:
        """`door` takes this call-back; a colleague's claim is not silently taken over."""
        self._vergrendel()
        if not heeft_rol(door, *BALIE):
            raise OngeldigeOvergang("Alleen een medewerker van de toegang belt terug.")
        if self.status != self.Status.OPEN:
            raise OngeldigeOvergang("Dit terugbelverzoek is al afgehandeld.")
        if self.opgepakt_door_id == door.pk:
            return
        if self.opgepakt_door_id is not None:
            raise OngeldigeOvergang(
                f"{self.opgepakt_door.weergavenaam} heeft dit terugbelverzoek al opgepakt."
            )
        self.opgepakt_door = door
        self.opgepakt_op = timezone.now()
        self.save(update_fields=["opgepakt_door", "opgepakt_op"])
        Gebeurtenis.objects.create(
            hulpvraag_id=self.hulpvraag_id,
            soort=Gebeurtenis.Soort.TERUGBELLEN,
            tekst=f"Terugbelverzoek opgepakt door {door.weergavenaam}.",
            door=door,
        )

    @transaction.atomic
    def gebeld(self, *, door, poging: int, bereikt: bool, notitie: str = "") -> Terugbelpoging:
        """One call: reached ends the request (a contactmoment on the case); not reached
        plans the next window, or after MAX_POGINGEN ends it. `poging` is the try the form
        was opened for: the same form posted twice records one try."""
        self._vergrendel()
        if not heeft_rol(door, *BALIE):
            raise OngeldigeOvergang("Alleen een medewerker van de toegang belt terug.")
        if self.status != self.Status.OPEN or poging != self.poging:
            raise OngeldigeOvergang("Deze poging is al vastgelegd.")
        nu = timezone.now()
        vastgelegd = Terugbelpoging.objects.create(
            terugbelverzoek=self,
            nummer=self.poging,
            venster_start=self.venster_start,
            venster_einde=self.venster_einde,
            gedaan_op=nu,
            door=door,
            bereikt=bereikt,
            notitie=notitie,
        )
        if self.opgepakt_door_id is None:
            self.opgepakt_door, self.opgepakt_op = door, nu
        toelichting = f" {notitie}" if notitie else ""
        if bereikt:
            self.status = self.Status.BEREIKT
            self.afgehandeld_op = nu
            self.save()
            self.hulpvraag.contact_vastleggen(
                door=door,
                kanaal=Kanaal.TELEFOON,
                tekst=f"Teruggebeld (poging {vastgelegd.nummer}): bereikt.{toelichting}",
            )
            return vastgelegd
        self.mislukt += 1
        volgende = None if self.mislukt >= MAX_POGINGEN else venster_na(self.venster_start, nu)
        if volgende is None:
            self.status = self.Status.NIET_BEREIKT
            self.afgehandeld_op = nu
            vervolg = "Niet bereikt na 3 pogingen: het terugbelverzoek is gestopt."
            if self.mislukt < MAX_POGINGEN:
                vervolg = "Niet bereikt, en de komende weken is er geen moment meer om te bellen."
        else:
            self.datum, self.dagdeel = volgende.datum, volgende.dagdeel
            self.venster_start, self.venster_einde = volgende.start, volgende.einde
            vervolg = f"Niet bereikt. Volgende poging: {volgende.tekst}."
        self.save()
        Gebeurtenis.objects.create(
            hulpvraag_id=self.hulpvraag_id,
            soort=Gebeurtenis.Soort.TERUGBELLEN,
            tekst=f"Teruggebeld (poging {vastgelegd.nummer} van {MAX_POGINGEN}): {vervolg}"
            + toelichting,
            door=door,
        )
        return vastgelegd

    @classmethod
    def laat_vervallen(cls, *, hulpvraag: Hulpvraag, door) -> int:
        """A case that closes ends its open call-backs, so nobody calls a resident whose
        question is done; the timeline says so once."""
        vervallen = cls.objects.filter(hulpvraag=hulpvraag).open()
        aantal = vervallen.update(status=cls.Status.VERVALLEN, afgehandeld_op=timezone.now())
        if aantal:
            Gebeurtenis.objects.create(
                hulpvraag=hulpvraag,
                soort=Gebeurtenis.Soort.TERUGBELLEN,
                tekst="Het terugbelverzoek is vervallen: de hulpvraag is afgerond."
                if aantal == 1
                else f"{aantal} terugbelverzoeken zijn vervallen: de hulpvraag is afgerond.",
                door=door,
            )
        return aantal

    @property
    def email_inwoner(self) -> str:
        """Where the resident is told the call-back stopped: the address left with it, else
        the one on file."""
        return self.email or self.hulpvraag.inwoner.email


class Terugbelpoging(models.Model):
    """One call made for a call-back, with the window it was for."""

    terugbelverzoek = models.ForeignKey(
        Terugbelverzoek, on_delete=models.CASCADE, related_name="pogingen"
    )
    nummer = models.PositiveSmallIntegerField()
    venster_start = models.DateTimeField()
    venster_einde = models.DateTimeField()
    gedaan_op = models.DateTimeField(default=timezone.now)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    bereikt = models.BooleanField()
    notitie = models.TextField(max_length=1000, blank=True)

    class Meta:
        verbose_name = "terugbelpoging"
        verbose_name_plural = "terugbelpogingen"
        ordering = ["nummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["terugbelverzoek", "nummer"], name="terugbelpoging_eenmaal"
            )
        ]

    def __str__(self):
        return f"Poging {self.nummer}"

    @property
    def op_tijd(self) -> bool:
        return self.venster_start <= self.gedaan_op <= self.venster_einde
