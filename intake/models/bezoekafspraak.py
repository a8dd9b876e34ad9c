"""The bezoekafspraak: a resident books a time to come to the front door (the Hofstraat or
Dinxperlo), without an account. Not to be confused with an `Afspraak` on a case, which is
a commitment (who does what by when): a bezoekafspraak is a visit at a time and a place.

The times on offer (tijdvakken) follow the openings of the location (its rules, its
exceptions, Dutch public holidays) and the rota: during an opening, as many residents can
come at the same time as there are people on the rota, less the walk-in reserve the
coordinator sets for the location (`Toegangslocatie.inloopreserve`). Each tijdvak lasts the
location's `afspraakduur`. Times are Europe/Amsterdam wall-clock times on both sides of a
DST switch.

Booking and moving lock the location's row, the row the rota locks too, so two residents
taking the last place are served one after the other: the second is offered the next time.
"""

from __future__ import annotations

import re
import secrets
from collections import Counter
from datetime import date, datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext

from locaties import openingstijden
from locaties.ical import Gebeurtenis as Agendapunt
from locaties.ical import ical_tekst
from locaties.models import Dagdeel, Dienst, Kern, Toegangslocatie, laad_schemas
from locaties.openingstijden import datum_inwoner

from .hulpvraag import Gebeurtenis, Hulpvraag, Kanaal, OngeldigeOvergang, Status

__all__ = [
    "AFSPRAAK_VOORUIT_DAGEN",
    "Tijdvak",
    "TijdvakVol",
    "tijdvakken",
    "vrije_tijdvakken",
    "tijdvak_controleren",
    "datum_inwoner",
    "BezoekafspraakQuerySet",
    "Bezoekafspraak",
    "niet_meer_passend",
]

# A resident books at most this many days ahead (4 weeks).
AFSPRAAK_VOORUIT_DAGEN = 28

# How a form posts a tijdvak: its local start, "2026-12-09T08:30".
_WAARDE = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})")


class Tijdvak(NamedTuple):
    """One time to come to a location: `capaciteit` residents at once, `geboekt` taken."""

    locatie_id: int
    datum: date
    dagdeel: str
    start: datetime
    einde: datetime
    capaciteit: int
    geboekt: int

    @property
    def vrij(self) -> int:
        return max(0, self.capaciteit - self.geboekt)

    @property
    def waarde(self) -> str:
        return self.start.astimezone(openingstijden.TZ).strftime("%Y-%m-%dT%H:%M")

    @property
    def tijden(self) -> str:
        return (
            f"{openingstijden.tijd(self.start.astimezone(openingstijden.TZ))}–"
            f"{openingstijden.tijd(self.einde.astimezone(openingstijden.TZ))}"
        )

    @property
    def tekst(self) -> str:
        """In Dutch, for the case's timeline and staff pages."""
        return f"{openingstijden.datum_tekst(self.datum)}, {self.tijden}"

    @property
    def tekst_inwoner(self) -> str:
        """The same in the active language, for the resident's pages and mails (in Dutch
        equal to `tekst`)."""
        return pgettext("tijdvak", "%(datum)s, %(van)s–%(tot)s") % {
            "datum": datum_inwoner(self.datum),
            "van": openingstijden.tijd(self.start.astimezone(openingstijden.TZ)),
            "tot": openingstijden.tijd(self.einde.astimezone(openingstijden.TZ)),
        }


class TijdvakVol(OngeldigeOvergang):
    """The tijdvak was taken (or went) before this booking: `volgende` is the first free one
    after it, or None."""

    def __init__(self, bericht: str, *, volgende: Tijdvak | None):
        super().__init__(bericht, code="vol")
        self.volgende = volgende


def tijdvakken(
    locatie: Toegangslocatie,
    van: date,
    tot: date,
    *,
    nu: datetime | None = None,
    behalve: int | None = None,
) -> list[Tijdvak]:
    """Every tijdvak of `locatie` from `van` to `tot` (those not yet begun at `nu`, when
    given), full ones included, in order. `behalve` is a booking not to count (the one
    being moved)."""
    schema = laad_schemas([locatie.pk], van, tot)[locatie.pk]
    bezetting = {
        (rij["datum"], rij["dagdeel"]): rij["aantal"]
        for rij in Dienst.objects.filter(locatie=locatie, datum__range=(van, tot))
        .values("datum", "dagdeel")
        .annotate(aantal=Count("pk"))
    }
    geboekt = Counter(
        Bezoekafspraak.objects.filter(
            locatie=locatie, status=Bezoekafspraak.Status.GEPLAND, datum__range=(van, tot)
        )
        .exclude(pk=behalve)
        .values_list("start", flat=True)
    )
    duur = timedelta(minutes=locatie.afspraakduur)
    uitkomst = []
    for moment in schema.momenten(van, tot):
        if not openingstijden.is_werkdag(moment.datum):
            continue  # a public holiday: no appointments, whatever the schedule says
        capaciteit = bezetting.get(moment.sleutel, 0) - locatie.inloopreserve
        if capaciteit <= 0:
            continue
        start = moment.start
        while start + duur <= moment.einde:
            if nu is None or start > nu:
                uitkomst.append(
                    Tijdvak(
                        locatie.pk,
                        moment.datum,
                        moment.dagdeel,
                        start,
                        start + duur,
                        capaciteit,
                        geboekt[start],
                    )
                )
            start += duur
    return uitkomst


def vrije_tijdvakken(
    locatie: Toegangslocatie, *, nu: datetime | None = None, behalve: int | None = None
) -> list[Tijdvak]:
    """The tijdvakken a resident may choose now: not begun, with a place free, up to
    AFSPRAAK_VOORUIT_DAGEN ahead."""
    nu = nu or timezone.now()
    vandaag = timezone.localdate(nu)
    return [
        tijdvak
        for tijdvak in tijdvakken(
            locatie,
            vandaag,
            vandaag + timedelta(days=AFSPRAAK_VOORUIT_DAGEN),
            nu=nu,
            behalve=behalve,
        )
        if tijdvak.vrij
    ]


def _volgende_vrije(locatie, na: datetime, *, nu: datetime, behalve: int | None) -> Tijdvak | None:
    return next(
        (t for t in vrije_tijdvakken(locatie, nu=nu, behalve=behalve) if t.start > na), None
    )


def tijdvak_controleren(
    locatie: Toegangslocatie,
    waarde: str,
    *,
    nu: datetime | None = None,
    behalve: int | None = None,
) -> Tijdvak:
    """The tijdvak a form posted ("2026-12-09T08:30"), or a ValidationError that says in
    Dutch why it cannot be chosen. A full one raises TijdvakVol with the next free one."""
    nu = nu or timezone.now()
    vandaag = timezone.localdate(nu)
    gevonden = _WAARDE.fullmatch((waarde or "").strip())
    try:
        datum = date.fromisoformat(gevonden[1]) if gevonden else None
        start = datetime.combine(
            datum, datetime.min.time().replace(hour=int(gevonden[2]), minute=int(gevonden[3]))
        ).replace(tzinfo=openingstijden.TZ)
    except (TypeError, ValueError):
        datum = None
    if datum is None:
        raise ValidationError(gettext("Kies een tijd uit de lijst."), code="onbekend")
    if start <= nu:
        raise ValidationError(
            gettext("Die tijd is al voorbij. Kies een tijd die nog moet komen."), code="voorbij"
        )
    if datum > vandaag + timedelta(days=AFSPRAAK_VOORUIT_DAGEN):
        raise ValidationError(
            gettext("U kunt een afspraak maken tot 4 weken vooruit. Kies een eerdere dag."),
            code="te_ver",
        )
    if naam := openingstijden.feestdag(datum):
        raise ValidationError(
            gettext(
                "Op %(datum)s is het %(feestdag)s. Dan is de gemeente dicht. Kies een andere dag."
            )
            % {"datum": datum_inwoner(datum), "feestdag": naam},
            code="feestdag",
        )
    for tijdvak in tijdvakken(locatie, datum, datum, behalve=behalve):
        if tijdvak.start == start:
            if not tijdvak.vrij:
                raise _niet_vrij(locatie, start, tijdvak, nu=nu, behalve=behalve)
            return tijdvak
    raise ValidationError(
        gettext(
            "Op %(datum)s om %(tijd)s kunt u bij %(plek)s geen afspraak maken. "
            "Kies een tijd uit de lijst."
        )
        % {
            "datum": datum_inwoner(datum),
            "tijd": openingstijden.tijd(start),
            "plek": locatie.korte_naam,
        },
        code="gesloten",
    )


def _niet_vrij(
    locatie, start: datetime, tijdvak: Tijdvak | None, *, nu: datetime, behalve: int | None
) -> TijdvakVol:
    """Why the time at `start` cannot be had (taken, or no longer on the rota: `tijdvak`
    None), with the first free time after it offered."""
    volgende = _volgende_vrije(locatie, start, nu=nu, behalve=behalve)
    if tijdvak is not None:
        tekst = gettext("De tijd %(tijd)s is net door iemand anders gekozen.") % {
            "tijd": tijdvak.tekst_inwoner
        }
    else:
        tekst = gettext("Op %(datum)s om %(tijd)s is er bij %(plek)s geen plaats meer.") % {
            "datum": datum_inwoner(timezone.localdate(start)),
            "tijd": openingstijden.tijd(start.astimezone(openingstijden.TZ)),
            "plek": locatie.korte_naam,
        }
    return TijdvakVol(_volgende_tekst(tekst, volgende), volgende=volgende)


def _volgende_tekst(tekst: str, volgende: Tijdvak | None) -> str:
    if volgende is None:
        return (
            tekst + " " + gettext("De komende 4 weken is er geen tijd meer vrij. Bel ons gerust.")
        )
    return (
        tekst
        + " "
        + gettext("De eerstvolgende vrije tijd is %(tijd)s. Die hebben wij voor u gekozen.")
        % {"tijd": volgende.tekst_inwoner}
    )


def _nieuw_token() -> str:
    return secrets.token_urlsafe(32)


# Letters and digits nobody mixes up when reading them out on the phone.
_REFERENTIE_TEKENS = "ACDEFGHJKLMNPQRTUVWXY34679"


def _nieuwe_referentie() -> str:
    return "A-" + "".join(secrets.choice(_REFERENTIE_TEKENS) for _ in range(6))


class BezoekafspraakQuerySet(models.QuerySet):
    def zichtbaar_voor(self, user):
        """The appointments of the cases `user` may see: the one access scope of the cases
        (Hulpvraag.objects.zichtbaar_voor) decides."""
        return self.filter(hulpvraag__in=Hulpvraag.objects.zichtbaar_voor(user))

    def gepland(self):
        return self.filter(status=Bezoekafspraak.Status.GEPLAND)


class Bezoekafspraak(models.Model):
    """A resident's booked visit to a front-door location; it belongs to a hulpvraag."""

    class Status(models.TextChoices):
        GEPLAND = "gepland", "Gepland"
        # The rota no longer carries its time: the resident was told and chooses another.
        VERVALLEN = "vervallen", "Tijd vervallen, nieuwe tijd nodig"
        GEANNULEERD = "geannuleerd", "Afgezegd"
        GEKOMEN = "gekomen", "Geweest"
        NIET_GEKOMEN = "niet-gekomen", "Niet gekomen"

    hulpvraag = models.ForeignKey(
        Hulpvraag, on_delete=models.CASCADE, related_name="bezoekafspraken"
    )
    locatie = models.ForeignKey(Toegangslocatie, on_delete=models.PROTECT, related_name="+")
    referentie = models.CharField(max_length=12, unique=True, default=_nieuwe_referentie)
    token = models.CharField(max_length=64, unique=True, default=_nieuw_token, editable=False)
    # The id of the form that sent it: a double submit finds this row instead of a second.
    inzending = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # Whether this booking opened the case: only then may its page show the case's link.
    nieuwe_hulpvraag = models.BooleanField(default=False, editable=False)
    naam = models.CharField(max_length=150, blank=True)
    telefoon = models.CharField("telefoonnummer", max_length=30)
    email = models.EmailField("e-mail", blank=True)
    notitie = models.TextField("waarover", max_length=500, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.GEPLAND)
    datum = models.DateField("dag")
    dagdeel = models.CharField(max_length=10, choices=Dagdeel.choices)
    start = models.DateTimeField()
    einde = models.DateTimeField()
    aangemaakt = models.DateTimeField(default=timezone.now)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    afgehandeld_op = models.DateTimeField(null=True, blank=True)
    afgehandeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = BezoekafspraakQuerySet.as_manager()

    class Meta:
        verbose_name = "bezoekafspraak"
        verbose_name_plural = "bezoekafspraken"
        ordering = ["start", "pk"]
        indexes = [
            # Capacity and the day agenda read the planned ones of a location by time.
            models.Index(
                fields=["locatie", "start"], condition=Q(status="gepland"), name="bezoek_gepland"
            ),
            models.Index(fields=["aangemaakt"], name="bezoek_aangemaakt"),
        ]

    def __str__(self):
        return f"Bezoekafspraak {self.referentie}"

    def get_absolute_url(self):
        """The resident's secret link."""
        return reverse("intake:bezoekafspraak", args=[self.token])

    @property
    def tijdvak_tekst(self) -> str:
        return Tijdvak(
            self.locatie_id, self.datum, self.dagdeel, self.start, self.einde, 0, 0
        ).tekst

    @property
    def tijdvak_tekst_inwoner(self) -> str:
        """The time in the active language, for the resident's pages and mails."""
        return Tijdvak(
            self.locatie_id, self.datum, self.dagdeel, self.start, self.einde, 0, 0
        ).tekst_inwoner

    @property
    def te_wijzigen(self) -> bool:
        """The resident may still move or cancel it."""
        return self.status in (self.Status.GEPLAND, self.Status.VERVALLEN) and (
            self.status == self.Status.VERVALLEN or self.start > timezone.now()
        )

    @property
    def kanaal(self) -> str:
        return (
            Kanaal.INLOOP_DINXPERLO
            if self.locatie.kern == Kern.DINXPERLO
            else Kanaal.BALIE_HOFSTRAAT
        )

    def _tijdlijn(self, tekst: str, door=None) -> None:
        Gebeurtenis.objects.create(
            hulpvraag_id=self.hulpvraag_id,
            soort=Gebeurtenis.Soort.BEZOEKAFSPRAAK,
            tekst=tekst,
            door=door,
        )

    def _zet_tijdvak(self, tijdvak: Tijdvak) -> None:
        self.datum, self.dagdeel = tijdvak.datum, tijdvak.dagdeel
        self.start, self.einde = tijdvak.start, tijdvak.einde

    @staticmethod
    def _plaats_nemen(locatie: Toegangslocatie, start: datetime, behalve: int | None) -> Tijdvak:
        """Lock the location (the rota locks it too) and take the tijdvak at `start`, or
        raise TijdvakVol with the next free one. Inside a transaction."""
        Toegangslocatie.objects.select_for_update().filter(pk=locatie.pk).first()
        nu = timezone.now()
        datum = timezone.localdate(start)
        gevonden = next(
            (
                t
                for t in tijdvakken(locatie, datum, datum, nu=nu, behalve=behalve)
                if t.start == start
            ),
            None,
        )
        if gevonden is not None and gevonden.vrij:
            return gevonden
        raise _niet_vrij(locatie, start, gevonden, nu=nu, behalve=behalve)

    @classmethod
    @transaction.atomic
    def boeken(
        cls, *, hulpvraag: Hulpvraag, locatie: Toegangslocatie, start: datetime, door=None, **velden
    ) -> Bezoekafspraak:
        """Book the tijdvak at `start` if a place is still free (TijdvakVol if not), with
        its line on the case's timeline."""
        if hulpvraag.status == Status.AFGEROND:
            raise OngeldigeOvergang(
                "Een afgeronde hulpvraag krijgt geen afspraak. Heropen de hulpvraag eerst."
            )
        tijdvak = cls._plaats_nemen(locatie, start, None)
        afspraak = cls(hulpvraag=hulpvraag, locatie=locatie, aangemaakt_door=door, **velden)
        afspraak._zet_tijdvak(tijdvak)
        afspraak.save()
        afspraak._tijdlijn(
            f"Afspraak gemaakt bij {locatie.korte_naam}: {tijdvak.tekst} ({afspraak.referentie})."
            + (f" Waarover: {afspraak.notitie}" if afspraak.notitie else ""),
            door,
        )
        return afspraak

    def _vergrendel(self) -> None:
        self.refresh_from_db(from_queryset=Bezoekafspraak.objects.select_for_update())

    @transaction.atomic
    def verplaatsen(self, *, start: datetime) -> None:
        """Another time at the same location (also after the rota took the old one away)."""
        self._vergrendel()
        if not self.te_wijzigen:
            raise OngeldigeOvergang("Deze afspraak kunt u niet meer verzetten.")
        if self.status == self.Status.GEPLAND and self.start == start:
            return  # the same move posted twice
        oud = self.tijdvak_tekst
        tijdvak = self._plaats_nemen(self.locatie, start, self.pk)
        self._zet_tijdvak(tijdvak)
        self.status = self.Status.GEPLAND
        self.save()
        self._tijdlijn(f"Afspraak {self.referentie} verzet van {oud} naar {tijdvak.tekst}.")

    @transaction.atomic
    def annuleren(self) -> None:
        self._vergrendel()
        if not self.te_wijzigen:
            raise OngeldigeOvergang("Deze afspraak kunt u niet meer afzeggen.")
        self.status = self.Status.GEANNULEERD
        self.afgehandeld_op = timezone.now()
        self.save(update_fields=["status", "afgehandeld_op"])
        self._tijdlijn(
            f"Afspraak {self.referentie} ({self.tijdvak_tekst}) afgezegd door de inwoner."
        )

    @transaction.atomic
    def vervallen(self) -> bool:
        """The rota no longer carries this time; False if it was no longer planned."""
        self._vergrendel()
        if self.status != self.Status.GEPLAND:
            return False
        self.status = self.Status.VERVALLEN
        self.save(update_fields=["status"])
        self._tijdlijn(
            f"Afspraak {self.referentie} ({self.tijdvak_tekst}) gaat niet door: het rooster "
            "heeft die tijd niet meer. De inwoner kiest een nieuwe tijd."
        )
        return True

    @transaction.atomic
    def afhandelen(self, *, door, gekomen: bool) -> None:
        """The resident came (a contactmoment on the case) or did not (a no-show); once,
        from the day of the appointment on."""
        self._vergrendel()
        if self.status != self.Status.GEPLAND:
            raise OngeldigeOvergang("Deze afspraak is al afgehandeld.")
        if self.datum > timezone.localdate():
            raise OngeldigeOvergang(
                "Deze afspraak is pas op " + openingstijden.datum_tekst(self.datum) + "."
            )
        self.status = self.Status.GEKOMEN if gekomen else self.Status.NIET_GEKOMEN
        self.afgehandeld_op, self.afgehandeld_door = timezone.now(), door
        self.save(update_fields=["status", "afgehandeld_op", "afgehandeld_door"])
        if gekomen:
            self.hulpvraag.contact_vastleggen(
                door=door,
                kanaal=self.kanaal,
                tekst=f"Afspraak {self.referentie} bij {self.locatie.korte_naam}: de inwoner is geweest.",
            )
        else:
            self._tijdlijn(
                f"Afspraak {self.referentie} ({self.tijdvak_tekst}): niet gekomen.", door
            )

    def agenda(self) -> str:
        """The appointment as an iCalendar file, for the resident's calendar."""
        return ical_tekst(
            naam="Afspraak gemeente Aalten",
            gebeurtenissen=[
                Agendapunt(
                    uid=f"bezoekafspraak-{self.referentie}@toegang.aalten.nl",
                    start=self.start,
                    einde=self.einde,
                    titel=f"Afspraak gemeente Aalten, {self.locatie.korte_naam}",
                    plaats=self.locatie.adres,
                    beschrijving=f"Uw afspraaknummer: {self.referentie}. Verzetten of afzeggen: "
                    f"{settings.SITE_URL}{self.get_absolute_url()}",
                )
            ],
        )


def niet_meer_passend(
    locatie: Toegangslocatie, datums: list[date], nu: datetime
) -> list[Bezoekafspraak]:
    """The planned appointments on `datums` still to come that the openings and the rota no
    longer carry: their time is no longer a tijdvak, or it holds fewer places now than are
    booked (the latest bookings go first)."""
    geplande = list(
        Bezoekafspraak.objects.gepland()
        .filter(locatie=locatie, datum__in=datums, start__gt=nu)
        .order_by("start", "aangemaakt", "pk")
    )
    plaatsen: dict[datetime, int] = {}
    for datum in sorted(set(datums)):
        for tijdvak in tijdvakken(locatie, datum, datum):
            plaatsen[tijdvak.start] = tijdvak.capaciteit
    weg, gehad = [], Counter()
    for afspraak in geplande:
        gehad[afspraak.start] += 1
        if gehad[afspraak.start] > plaatsen.get(afspraak.start, 0):
            weg.append(afspraak)
    return weg
