"""Rota and staffing: the rules that span a shift, a person and the computed openings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Case, CharField, Value, When
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone

from toegang.accounts.models import WEERGAVENAAM, User
from toegang.accounts.roles import Rol
from toegang.berichten.services import bericht_sturen, bericht_uit_sjabloon

from . import openingstijden
from .models import (
    Afwezigheid,
    Bezettingsmelding,
    Dienst,
    TerugkerendeDienst,
    Toegangslocatie,
    Weekdag,
    laad_schemas,
)
from .signals import rooster_gewijzigd_melden

# Who can be put on the rota: municipal staff and partner staff with a login.
ROOSTERBARE_ROLLEN = (Rol.MEDEWERKER, Rol.COORDINATOR, Rol.PARTNER)


class RoosterFout(Exception):
    """A shift that may not be made; the message is Dutch and shown to the coordinator.

    `veld` names the form field it is about, if one; `kort` is the reason without the
    date, for a list of the weeks a recurring shift skipped.
    """

    def __init__(self, bericht: str, *, veld: str | None = None, kort: str | None = None):
        super().__init__(bericht)
        self.veld = veld
        self.kort = kort or bericht


@dataclass(frozen=True)
class Bezetting:
    locatie: Toegangslocatie
    moment: openingstijden.Openingsmoment
    diensten: list[Dienst]
    # Over already: what happened stays as it was, and nobody needs a warning about it.
    voorbij: bool = False

    @property
    def aantal(self) -> int:
        return len(self.diensten)

    @property
    def minimum(self) -> int:
        return self.locatie.minimale_bezetting

    @property
    def onderbezet(self) -> bool:
        return self.aantal < self.minimum

    @property
    def tekort(self) -> bool:
        """Short of people and still to come: what a coordinator can still do something about."""
        return self.onderbezet and not self.voorbij

    @property
    def vol(self) -> bool:
        return self.aantal >= self.locatie.maximale_bezetting

    @property
    def tekst(self) -> str:
        return f"{self.aantal}/{self.minimum}"


def roosterbare_medewerkers():
    """Everyone who can be put on the rota, with the name the coordinator picks them by as
    `keuzenaam` (toegang.keuzelijst): the display name, partner staff with their
    organisation."""
    return (
        User.objects.filter(is_active=True, rol__in=ROOSTERBARE_ROLLEN)
        .annotate(
            keuzenaam=Case(
                When(organisatie__isnull=True, then=WEERGAVENAAM),
                default=Concat(WEERGAVENAAM, Value(" ("), "organisatie__naam", Value(")")),
                output_field=CharField(),
            )
        )
        .order_by("keuzenaam", "username")
    )


def standaard_week(vandaag: date) -> date:
    """The Monday of the week the rota opens on: the week of the next working day, so this
    week on a working day and, from Saturday (or a Friday that is a holiday), the next."""
    dag = vandaag
    while not openingstijden.is_werkdag(dag):
        dag += timedelta(days=1)
    return dag - timedelta(days=dag.weekday())


def bezetting(
    *, locaties: list[Toegangslocatie], van: date, tot: date, nu: datetime | None = None
) -> list[Bezetting]:
    """Every openingsmoment of these locations from `van` to `tot`, with its shifts, and
    whether it is over at `nu` (default: now)."""
    nu = nu or timezone.now()
    schemas = laad_schemas([locatie.pk for locatie in locaties], van, tot)
    diensten: dict[tuple, list[Dienst]] = {}
    for dienst in (
        Dienst.objects.filter(locatie__in=locaties, datum__range=(van, tot))
        .select_related("medewerker")
        .order_by("medewerker__first_name", "medewerker__username")
    ):
        diensten.setdefault((dienst.locatie_id, dienst.datum, dienst.dagdeel), []).append(dienst)
    return [
        Bezetting(
            locatie,
            moment,
            diensten.get((locatie.pk, *moment.sleutel), []),
            moment.is_voorbij(nu),
        )
        for locatie in locaties
        for moment in schemas[locatie.pk].momenten(van, tot)
    ]


def _roosterbaar(medewerker: User) -> None:
    if medewerker.rol not in ROOSTERBARE_ROLLEN or not medewerker.is_active:
        raise RoosterFout(
            f"{medewerker.weergavenaam} kan niet worden ingeroosterd.", veld="medewerker"
        )


def dienst_inroosteren(
    *,
    locatie: Toegangslocatie,
    datum: date,
    dagdeel: str,
    medewerker: User,
    door: User,
    terugkerende_dienst: TerugkerendeDienst | None = None,
) -> Dienst:
    """Put a person on an openingsmoment, or raise RoosterFout saying why not.

    The location row is locked, so two coordinators filling the last place are served one
    after the other: the second sees that the opening is full. The person's row is locked
    too, so nobody books them on two overlapping openings at two locations at once.
    """
    _roosterbaar(medewerker)
    moment = _moment(locatie, datum, dagdeel)
    if moment.is_voorbij(timezone.now()):
        raise RoosterFout(VOORBIJ.format(moment=_moment_tekst(datum, dagdeel)))
    with transaction.atomic():
        locatie = Toegangslocatie.objects.select_for_update().get(pk=locatie.pk)
        User.objects.select_for_update().filter(pk=medewerker.pk).first()
        huidig = list(Dienst.objects.van_moment(locatie.pk, datum, dagdeel))
        naam = medewerker.weergavenaam
        if any(dienst.medewerker_id == medewerker.pk for dienst in huidig):
            raise RoosterFout(f"{naam} staat al op deze opening.", kort="staat er al op")
        if len(huidig) >= locatie.maximale_bezetting:
            vol = f"al vol ({len(huidig)}/{locatie.maximale_bezetting})"
            raise RoosterFout(
                f"Deze opening is {vol}. Ververs de pagina om de laatste stand te zien.",
                kort=vol,
            )
        if Afwezigheid.objects.filter(
            medewerker=medewerker, van__lte=datum, tot__gte=datum
        ).exists():
            raise RoosterFout(
                f"{naam} is op {openingstijden.datum_tekst(datum)} afwezig.", kort="afwezig"
            )
        for andere in Dienst.objects.filter(medewerker=medewerker, datum=datum).select_related(
            "locatie"
        ):
            ander_moment = _moment(andere.locatie, andere.datum, andere.dagdeel, verplicht=False)
            if ander_moment and ander_moment.overlapt(moment):
                elders = (
                    f"al ingeroosterd bij {andere.locatie.korte_naam} "
                    f"({openingstijden.tijd(ander_moment.start)}–{openingstijden.tijd(ander_moment.einde)})"
                )
                raise RoosterFout(f"{naam} staat dan {elders}.", kort=elders)
        try:
            with transaction.atomic():
                return Dienst.objects.create(
                    locatie=locatie,
                    datum=datum,
                    dagdeel=dagdeel,
                    medewerker=medewerker,
                    ingeroosterd_door=door,
                    terugkerende_dienst=terugkerende_dienst,
                )
        except IntegrityError:
            raise RoosterFout(f"{naam} staat al op deze opening.") from None


def dienst_verwijderen(*, dienst: Dienst) -> None:
    """Take a person off an opening that is still to come; one that is over stays as it was."""
    if _dienst_voorbij(dienst, timezone.now()):
        raise RoosterFout(VOORBIJ.format(moment=_moment_tekst(dienst.datum, dienst.dagdeel)))
    with transaction.atomic():
        dienst.delete()
        rooster_gewijzigd_melden(locatie_id=dienst.locatie_id, datums=[dienst.datum])


def _dienst_voorbij(dienst: Dienst, nu: datetime) -> bool:
    """Its opening is over; a shift whose opening no longer exists is over after its day."""
    vandaag = timezone.localdate(nu)
    if dienst.datum != vandaag:
        return dienst.datum < vandaag
    moment = _moment(dienst.locatie, dienst.datum, dienst.dagdeel, verplicht=False)
    return moment.is_voorbij(nu) if moment else False


def _nog_te_komen(diensten, nu: datetime) -> list[Dienst]:
    return [dienst for dienst in diensten if not _dienst_voorbij(dienst, nu)]


# --- recurring shifts ------------------------------------------------------------------------

# A recurring shift runs at most this long; the coordinator extends it later.
REEKS_MAX_DAGEN = 366


@dataclass(frozen=True)
class Overgeslagen:
    """A week of a recurring shift that got no shift, and why."""

    datum: date
    reden: str

    @property
    def tekst(self) -> str:
        return f"{openingstijden.datum_tekst(self.datum)}: {self.reden}"


@dataclass
class Reeksuitkomst:
    """What setting or changing a recurring shift did: the shifts it has from now on (made,
    or already there and joined), the weeks skipped, and how many shifts were taken off."""

    reeks: TerugkerendeDienst
    diensten: list[Dienst]
    overgeslagen: list[Overgeslagen]
    verwijderd: int = 0


def terugkerende_dienst_instellen(
    *,
    medewerker: User,
    locatie: Toegangslocatie,
    weekdag: int,
    dagdeel: str,
    van: date,
    tot: date,
    door: User,
) -> Reeksuitkomst:
    """Put a person on the same opening every week from `van` up to and including `tot`.

    Every week's shift is made through dienst_inroosteren, so the rules of one shift hold
    (absence, overlap elsewhere, the maximum); a week whose rule refuses, or on which the
    location is closed (a public holiday, an exception), is skipped and reported. A shift
    the person already had on that opening joins the series. Nothing is saved when not a
    single week gets a shift.
    """
    vandaag = timezone.localdate()
    if van < vandaag:
        raise RoosterFout("De eerste dag ligt in het verleden. Kies vandaag of later.", veld="van")
    if (van - vandaag).days >= REEKS_MAX_DAGEN:
        raise RoosterFout(
            "De eerste dag ligt meer dan een jaar vooruit. Kies een eerdere dag.", veld="van"
        )
    reeks = TerugkerendeDienst(
        medewerker=medewerker,
        locatie=locatie,
        weekdag=weekdag,
        dagdeel=dagdeel,
        van=van,
        tot=tot,
        ingesteld_door=door,
    )
    _reeks_controleren(reeks, vanaf=van)
    with transaction.atomic():
        reeks.save()
        uitkomst = _reeks_inroosteren(reeks, reeks.data(), door)
        _niet_leeg(uitkomst)
    return uitkomst


def terugkerende_dienst_wijzigen(
    *,
    reeks: TerugkerendeDienst,
    medewerker: User,
    locatie: Toegangslocatie,
    weekdag: int,
    dagdeel: str,
    tot: date,
    door: User,
) -> Reeksuitkomst:
    """Change a recurring shift from now on; what is over stays as it was.

    Only a new last day: shifts after it go, or the weeks added get theirs, and a week
    taken off by hand stays off. Another person, location, day or dagdeel: every shift to
    come is taken off and made again under the new rule.
    """
    nu = timezone.now()
    vandaag = timezone.localdate(nu)
    with transaction.atomic():
        reeks = TerugkerendeDienst.objects.select_for_update().get(pk=reeks.pk)
        if reeks.tot < vandaag:
            raise RoosterFout("Deze terugkerende dienst is al afgelopen. Maak een nieuwe.")
        if tot < vandaag:
            raise RoosterFout(
                "De laatste dag ligt in het verleden. Kies vandaag of later, of stop de "
                "terugkerende dienst.",
                veld="tot",
            )
        oud_tot = reeks.tot
        zelfde = (reeks.medewerker_id, reeks.locatie_id, reeks.weekdag, reeks.dagdeel) == (
            medewerker.pk,
            locatie.pk,
            weekdag,
            dagdeel,
        )
        reeks.medewerker, reeks.locatie, reeks.weekdag, reeks.dagdeel, reeks.tot = (
            medewerker,
            locatie,
            weekdag,
            dagdeel,
            tot,
        )
        # A new last day alone may end it today or before its next week; a new rule must fit.
        _reeks_controleren(reeks, vanaf=max(reeks.van, vandaag), regel=not zelfde)
        te_komen = _nog_te_komen(reeks.diensten.select_related("locatie"), nu)
        if zelfde:
            weg = [dienst for dienst in te_komen if dienst.datum > tot]
            data = [datum for datum in reeks.data() if datum > oud_tot]
        else:
            weg = te_komen
            data = [datum for datum in reeks.data() if datum >= vandaag]
        Dienst.objects.filter(pk__in=[dienst.pk for dienst in weg]).delete()
        _weg_melden(weg)
        reeks.save()
        uitkomst = _reeks_inroosteren(reeks, data, door)
        uitkomst.verwijderd = len(weg)
        if not zelfde:
            _niet_leeg(uitkomst)
    return uitkomst


def terugkerende_dienst_stoppen(*, reeks: TerugkerendeDienst) -> int:
    """End a recurring shift now: its shifts to come go, those that are over stay.
    Returns how many shifts were taken off."""
    nu = timezone.now()
    vandaag = timezone.localdate(nu)
    with transaction.atomic():
        reeks = TerugkerendeDienst.objects.select_for_update().filter(pk=reeks.pk).first()
        if reeks is None or reeks.tot < vandaag:
            return 0
        weg = _nog_te_komen(reeks.diensten.select_related("locatie"), nu)
        Dienst.objects.filter(pk__in=[dienst.pk for dienst in weg]).delete()
        _weg_melden(weg)
        # Today still counts when today's shift was done already.
        laatste = (
            vandaag
            if reeks.diensten.filter(datum=vandaag).exists()
            else vandaag - timedelta(days=1)
        )
        if laatste < reeks.van:
            reeks.delete()  # it never got to a shift that is over: nothing to remember
        else:
            reeks.tot = min(reeks.tot, laatste)
            reeks.save(update_fields=["tot", "gewijzigd"])
    return len(weg)


# Appointments are booked this far ahead (intake's AFSPRAAK_VOORUIT_DAGEN, 4 weeks), so a
# change of the settings for them is checked that far.
AFSPRAKEN_VOORUIT_DAGEN = 28


def afspraken_instellen(
    *, locatie: Toegangslocatie, inloopreserve: int, afspraakduur: int
) -> Toegangslocatie:
    """The coordinator sets how many people on the rota stay free for walk-ins and how long
    an appointment lasts; whoever planned on the coming openings checks them again
    (locaties.signals: appointments that no longer fit lapse and their residents are told)."""
    with transaction.atomic():
        locatie = Toegangslocatie.objects.select_for_update().get(pk=locatie.pk)
        locatie.inloopreserve, locatie.afspraakduur = inloopreserve, afspraakduur
        locatie.save(update_fields=["inloopreserve", "afspraakduur"])
        vandaag = timezone.localdate()
        rooster_gewijzigd_melden(
            locatie_id=locatie.pk,
            datums=[vandaag + timedelta(days=d) for d in range(AFSPRAKEN_VOORUIT_DAGEN + 1)],
        )
    return locatie


def _weg_melden(weg: list[Dienst]) -> None:
    """Tell whoever planned on these shifts' openings (locaties.signals) that they went."""
    per_locatie: dict[int, list[date]] = {}
    for dienst in weg:
        per_locatie.setdefault(dienst.locatie_id, []).append(dienst.datum)
    for locatie_id, datums in per_locatie.items():
        rooster_gewijzigd_melden(locatie_id=locatie_id, datums=datums)


def _reeks_controleren(reeks: TerugkerendeDienst, *, vanaf: date, regel: bool = True) -> None:
    """What makes a recurring shift impossible as a whole, said per form field: from
    `vanaf` on, and with `regel` also whether its weekday and dagdeel can be had."""
    _roosterbaar(reeks.medewerker)
    if reeks.tot < reeks.van:
        raise RoosterFout("De laatste dag ligt vóór de eerste dag.", veld="tot")
    if (reeks.tot - vanaf).days >= REEKS_MAX_DAGEN:
        raise RoosterFout(
            "Een terugkerende dienst loopt hoogstens een jaar vooruit. Kies een eerdere "
            "laatste dag; verlengen kan later.",
            veld="tot",
        )
    if not regel:
        return
    dag = Weekdag(reeks.weekdag).label
    if not [datum for datum in reeks.data() if datum >= vanaf]:
        raise RoosterFout(
            f"Tussen {openingstijden.datum_tekst(vanaf)} en "
            f"{openingstijden.datum_tekst(reeks.tot)} valt geen {dag}.",
            veld="tot",
        )
    regels = laad_schemas([reeks.locatie.pk], vanaf, vanaf)[reeks.locatie.pk].regels
    if not any(
        regel.weekdag == reeks.weekdag
        and regel.dagdeel == reeks.dagdeel
        and (regel.geldig_tot is None or regel.geldig_tot >= vanaf)
        and (regel.geldig_van is None or regel.geldig_van <= reeks.tot)
        for regel in regels
    ):
        raise RoosterFout(
            f"{reeks.locatie.korte_naam} is op {dag} in de {reeks.dagdeel} niet open.",
            veld="weekdag",
        )


def _reeks_inroosteren(reeks: TerugkerendeDienst, data: list[date], door: User) -> Reeksuitkomst:
    """The shifts of `reeks` on `data`, each through dienst_inroosteren."""
    uitkomst = Reeksuitkomst(reeks, [], [])
    nu = timezone.now()
    data = [datum for datum in data if datum >= timezone.localdate(nu)]
    if not data:
        return uitkomst
    schema = laad_schemas([reeks.locatie_id], data[0], data[-1])[reeks.locatie_id]
    bestaand = {
        dienst.datum: dienst
        for dienst in Dienst.objects.filter(
            medewerker=reeks.medewerker,
            locatie=reeks.locatie,
            dagdeel=reeks.dagdeel,
            datum__in=data,
        )
    }
    for datum in data:
        momenten, sluitingen = schema.dag(datum)
        moment = next((m for m in momenten if m.dagdeel == reeks.dagdeel), None)
        if moment is None:
            reden = next((s.reden for s in sluitingen if s.dagdeel == reeks.dagdeel), None)
            uitkomst.overgeslagen.append(
                Overgeslagen(datum, f"gesloten ({reden})" if reden else "niet open")
            )
            continue
        if moment.is_voorbij(nu):
            continue  # today's, over already
        dienst = bestaand.get(datum)
        if dienst is not None:
            if dienst.terugkerende_dienst_id not in (None, reeks.pk):
                uitkomst.overgeslagen.append(
                    Overgeslagen(datum, "staat er al op met een andere terugkerende dienst")
                )
                continue
            if dienst.terugkerende_dienst_id is None:
                dienst.terugkerende_dienst = reeks
                dienst.save(update_fields=["terugkerende_dienst"])
            uitkomst.diensten.append(dienst)
            continue
        try:
            uitkomst.diensten.append(
                dienst_inroosteren(
                    locatie=reeks.locatie,
                    datum=datum,
                    dagdeel=reeks.dagdeel,
                    medewerker=reeks.medewerker,
                    door=door,
                    terugkerende_dienst=reeks,
                )
            )
        except RoosterFout as fout:
            uitkomst.overgeslagen.append(Overgeslagen(datum, fout.kort))
    return uitkomst


def _niet_leeg(uitkomst: Reeksuitkomst) -> None:
    """Refuse (and so roll back) a recurring shift that would not get a single shift."""
    if not uitkomst.diensten:
        redenen = "; ".join(o.tekst for o in uitkomst.overgeslagen)
        raise RoosterFout(
            "Er kon geen enkele dienst worden ingeroosterd" + (f": {redenen}." if redenen else ".")
        )


def afwezigheid_melden(
    *, medewerker: User, van: date, tot: date, omschrijving: str = ""
) -> Afwezigheid:
    """Mark days as absent; refused while the person is still on the rota those days."""
    if tot < van:
        raise RoosterFout("De einddatum ligt vóór de begindatum.")
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=medewerker.pk).first()
        diensten = list(
            Dienst.objects.filter(medewerker=medewerker, datum__range=(van, tot)).select_related(
                "locatie"
            )
        )
        if diensten:
            lijst = ", ".join(
                f"{openingstijden.datum_tekst(d.datum)} {d.dagdeel} ({d.locatie.korte_naam})"
                for d in diensten
            )
            raise RoosterFout(
                f"U staat dan nog ingeroosterd: {lijst}. Vraag de coördinator u eerst uit te roosteren."
            )
        return Afwezigheid.objects.create(
            medewerker=medewerker, van=van, tot=tot, omschrijving=omschrijving
        )


def onderbezetting(*, van: date, tot: date) -> list[Bezetting]:
    """The openingsmomenten from `van` to `tot` below their location's minimum staffing
    that are still to come."""
    locaties = list(Toegangslocatie.objects.all())
    rijen = [b for b in bezetting(locaties=locaties, van=van, tot=tot) if b.tekort]
    return sorted(rijen, key=lambda b: (b.moment.start, b.locatie.volgorde, b.locatie.naam))


def onderbezetting_melden(*, dagen: int = 14) -> int:
    """Warn the coordinators about understaffed openings in the next `dagen` days.

    Runs on working mornings (beat); on a public holiday it does nothing. Each
    openingsmoment is claimed with a unique row per day before anything is sent, so a
    second run — a retried or duplicated task — sends nothing twice. Returns the number
    of openings warned about.
    """
    vandaag = timezone.localdate()
    if not openingstijden.is_werkdag(vandaag):
        return 0
    with transaction.atomic():
        # The claims and the message commit together: a worker killed in between claimed
        # nothing, so the redelivered task sends the warning after all.
        return _onderbezetting_melden(vandaag=vandaag, dagen=dagen)


def _onderbezetting_melden(*, vandaag: date, dagen: int) -> int:
    nieuw = []
    for b in onderbezetting(van=vandaag, tot=vandaag + timedelta(days=dagen - 1)):
        _, aangemaakt = Bezettingsmelding.objects.get_or_create(
            locatie=b.locatie,
            datum=b.moment.datum,
            dagdeel=b.moment.dagdeel,
            gemeld_op=vandaag,
            defaults={"bezetting": b.aantal},
        )
        if aangemaakt:
            nieuw.append(b)
    if not nieuw:
        return 0
    bericht_sturen(
        ontvangers=User.objects.filter(rol=Rol.COORDINATOR, is_active=True),
        link=reverse("locaties:rooster"),
        **bericht_uit_sjabloon(
            "locaties/meldingen/onderbezetting.txt",
            dagen=dagen,
            openingen=[
                {
                    "locatie": b.locatie.korte_naam,
                    "datum": openingstijden.datum_tekst(b.moment.datum),
                    "dagdeel": b.moment.dagdeel,
                    "van": openingstijden.tijd(b.moment.start),
                    "tot": openingstijden.tijd(b.moment.einde),
                    "bezetting": b.tekst,
                }
                for b in nieuw
            ],
        ),
    )
    return len(nieuw)


VOORBIJ = "De opening van {moment} is al voorbij. Wat voorbij is, kunt u niet meer wijzigen."


def _moment_tekst(datum: date, dagdeel: str) -> str:
    return f"{openingstijden.datum_tekst(datum)} ({dagdeel})"


def _moment(
    locatie: Toegangslocatie, datum: date, dagdeel: str, verplicht: bool = True
) -> openingstijden.Openingsmoment | None:
    for moment in laad_schemas([locatie.pk], datum, datum)[locatie.pk].dag(datum)[0]:
        if moment.dagdeel == dagdeel:
            return moment
    if verplicht:
        raise RoosterFout(
            f"{locatie.korte_naam} is op {openingstijden.datum_tekst(datum)} in de {dagdeel} niet open."
        )
    return None
