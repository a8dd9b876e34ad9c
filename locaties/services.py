"""Rota and staffing: the rules that span a shift, a person and the computed openings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Case, CharField, Value, When
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone

from toegang.accounts.models import WEERGAVENAAM, User
from toegang.accounts.roles import Rol
from toegang.berichten.services import bericht_sturen, bericht_uit_sjabloon

from . import openingstijden
from .models import Afwezigheid, Bezettingsmelding, Dienst, Toegangslocatie, laad_schemas

# Who can be put on the rota: municipal staff and partner staff with a login.
ROOSTERBARE_ROLLEN = (Rol.MEDEWERKER, Rol.COORDINATOR, Rol.PARTNER)


class RoosterFout(Exception):
    """A shift that may not be made; the message is Dutch and shown to the coordinator."""


@dataclass(frozen=True)
class Bezetting:
    locatie: Toegangslocatie
    moment: openingstijden.Openingsmoment
    diensten: list[Dienst]

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


def bezetting(*, locaties: list[Toegangslocatie], van: date, tot: date) -> list[Bezetting]:
    """Every openingsmoment of these locations from `van` to `tot`, with its shifts."""
    schemas = laad_schemas([locatie.pk for locatie in locaties], van, tot)
    diensten: dict[tuple, list[Dienst]] = {}
    for dienst in (
        Dienst.objects.filter(locatie__in=locaties, datum__range=(van, tot))
        .select_related("medewerker")
        .order_by("medewerker__first_name", "medewerker__username")
    ):
        diensten.setdefault((dienst.locatie_id, dienst.datum, dienst.dagdeel), []).append(dienst)
    return [
        Bezetting(locatie, moment, diensten.get((locatie.pk, *moment.sleutel), []))
        for locatie in locaties
        for moment in schemas[locatie.pk].momenten(van, tot)
    ]


def dienst_inroosteren(
    *, locatie: Toegangslocatie, datum: date, dagdeel: str, medewerker: User, door: User
) -> Dienst:
    """Put a person on an openingsmoment, or raise RoosterFout saying why not.

    The location row is locked, so two coordinators filling the last place are served one
    after the other: the second sees that the opening is full. The person's row is locked
    too, so nobody books them on two overlapping openings at two locations at once.
    """
    if medewerker.rol not in ROOSTERBARE_ROLLEN or not medewerker.is_active:
        raise RoosterFout(f"{medewerker.weergavenaam} kan niet worden ingeroosterd.")
    moment = _moment(locatie, datum, dagdeel)
    with transaction.atomic():
        locatie = Toegangslocatie.objects.select_for_update().get(pk=locatie.pk)
        User.objects.select_for_update().filter(pk=medewerker.pk).first()
        huidig = list(Dienst.objects.van_moment(locatie.pk, datum, dagdeel))
        naam = medewerker.weergavenaam
        if any(dienst.medewerker_id == medewerker.pk for dienst in huidig):
            raise RoosterFout(f"{naam} staat al op deze opening.")
        if len(huidig) >= locatie.maximale_bezetting:
            raise RoosterFout(
                f"Deze opening is al vol ({len(huidig)}/{locatie.maximale_bezetting}). "
                "Ververs de pagina om de laatste stand te zien."
            )
        if Afwezigheid.objects.filter(
            medewerker=medewerker, van__lte=datum, tot__gte=datum
        ).exists():
            raise RoosterFout(f"{naam} is op {openingstijden.datum_tekst(datum)} afwezig.")
        for andere in Dienst.objects.filter(medewerker=medewerker, datum=datum).select_related(
            "locatie"
        ):
            ander_moment = _moment(andere.locatie, andere.datum, andere.dagdeel, verplicht=False)
            if ander_moment and ander_moment.overlapt(moment):
                raise RoosterFout(
                    f"{naam} staat dan al ingeroosterd bij {andere.locatie.korte_naam} "
                    f"({openingstijden.tijd(ander_moment.start)}–{openingstijden.tijd(ander_moment.einde)})."
                )
        try:
            with transaction.atomic():
                return Dienst.objects.create(
                    locatie=locatie,
                    datum=datum,
                    dagdeel=dagdeel,
                    medewerker=medewerker,
                    ingeroosterd_door=door,
                )
        except IntegrityError:
            raise RoosterFout(f"{naam} staat al op deze opening.") from None


def dienst_verwijderen(*, dienst: Dienst) -> None:
    dienst.delete()


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
    """The openingsmomenten from `van` to `tot` below their location's minimum staffing."""
    locaties = list(Toegangslocatie.objects.all())
    rijen = [b for b in bezetting(locaties=locaties, van=van, tot=tot) if b.onderbezet]
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
