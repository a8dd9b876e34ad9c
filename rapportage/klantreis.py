"""The klantreis monitor's counts (issue 18, part 4): what the council measures again a year
after the new front door opened, read from the portal's own data. Per calendar month, so
every period is the sum of its months and each month is protected once
(rapportage.afscherming); the figures are made in rapportage.figuren.klantreis.

- Vast aanspreekpunt: of the cases closed in a month, those that had one and the same vast
  aanspreekpunt from start to end, read from the timeline. Every `toewijzing` line is a
  change of holder (Hulpvraag.wijs_toe writes none when the holder stays the same), and a
  first contact by a front-door colleague makes them the holder without such a line
  (Hulpvraag.contact_vastleggen). So the number of holders is the toewijzing lines plus one
  when a front-door colleague logged a contact before the first of them; one holder is the
  aim. (Who works at the front door is read from their role now: the timeline does not keep
  roles, and a colleague who moved on to another role is rare.)
- Warme overdracht: of the referrals sent in a month, those with a summary for the
  receiver that the receiver accepted within its organisation's term: at most
  `herinneren_na` working days after sending (Reactietermijnen; the defaults for teams,
  colleagues and organisations without terms of their own) — before the reminder goes out.
- Hulp gestart: per case the first "ja" of its resident to "Is de hulp gestart?"
  (intake.services.hulp_gestart), counted in the month of that answer, with the working
  days (weekends and Dutch public holidays skipped, locaties.openingstijden) from the first
  contact (or, without one, the moment the question came in) to that answer.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    BooleanField,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate, TruncMonth

from intake.models import (
    Doorverwijzing,
    Gebeurtenis,
    HulpGestart,
    Hulpvraag,
    Reactietermijnen,
    Status,
)
from locaties.openingstijden import TZ, werkdagen_tussen
from toegang.accounts.roles import BALIE

from .cijfers import Verdeling
from .perioden import Periode, maand_einde


@dataclass
class Maandtelling:
    """The counts of one month."""

    afgesloten: int = 0
    een_aanspreekpunt: int = 0
    verstuurd: int = 0
    warm: int = 0
    # Working days from first contact to the help started, per case.
    gestart: Verdeling = field(default_factory=Verdeling)


def _grenzen(maanden: list[Periode]):
    return maanden[0].grenzen()[0], maanden[-1].grenzen()[1]


def _maand(moment) -> date:
    return moment.astimezone(TZ).date().replace(day=1)


def tellen(maanden: list[Periode]) -> list[Maandtelling]:
    """The counts of each of `maanden` (consecutive months, in order): three queries
    whatever their number."""
    if not maanden:
        return []
    per_maand = {m.van.replace(day=1): Maandtelling() for m in maanden}
    van, tot = _grenzen(maanden)
    _aanspreekpunten(per_maand, van, tot)
    _overdrachten(per_maand, van, tot)
    _hulp_gestart(per_maand, van, tot)
    return [per_maand[m.van.replace(day=1)] for m in maanden]


def _aanspreekpunten(per_maand: dict, van, tot) -> None:
    toewijzingen = Gebeurtenis.objects.filter(
        hulpvraag=OuterRef("pk"), soort=Gebeurtenis.Soort.TOEWIJZING
    )
    eerste_toewijzing = toewijzingen.order_by("op", "pk").values("op")[:1]
    aantal_toewijzingen = (
        toewijzingen.order_by().values("hulpvraag").annotate(n=Count("pk")).values("n")
    )
    contact_vooraf = Gebeurtenis.objects.filter(
        hulpvraag=OuterRef("pk"),
        soort=Gebeurtenis.Soort.CONTACTMOMENT,
        door__rol__in=BALIE,
        op__lt=OuterRef("eerste_toewijzing"),
    )
    contact_zonder_toewijzing = Gebeurtenis.objects.filter(
        hulpvraag=OuterRef("pk"), soort=Gebeurtenis.Soort.CONTACTMOMENT, door__rol__in=BALIE
    )
    rijen = (
        Hulpvraag.objects.filter(
            status=Status.AFGEROND, afgesloten_op__gte=van, afgesloten_op__lt=tot
        )
        .annotate(
            eerste_toewijzing=Subquery(eerste_toewijzing, output_field=DateTimeField()),
            toewijzingen=Coalesce(
                Subquery(aantal_toewijzingen, output_field=IntegerField()), Value(0)
            ),
        )
        .annotate(
            houder_vooraf=ExpressionWrapper(
                Q(Exists(contact_vooraf))
                | Q(Q(eerste_toewijzing__isnull=True), Exists(contact_zonder_toewijzing)),
                output_field=BooleanField(),
            ),
            maand=TruncMonth("afgesloten_op", tzinfo=TZ),
        )
        .values("maand")
        .annotate(
            n=Count("pk"),
            een=Count(
                "pk",
                filter=Q(toewijzingen=1, houder_vooraf=False)
                | Q(toewijzingen=0, houder_vooraf=True),
            ),
        )
        .order_by()
    )
    for rij in rijen:
        telling = per_maand.get(_maand(rij["maand"]))
        if telling is not None:
            telling.afgesloten += rij["n"]
            telling.een_aanspreekpunt += rij["een"]


def _overdrachten(per_maand: dict, van, tot) -> None:
    standaard = Reactietermijnen.standaard().herinneren_na
    termijn = dict(Reactietermijnen.objects.values_list("organisatie_id", "herinneren_na"))
    rijen = (
        Doorverwijzing.objects.filter(verstuurd_op__gte=van, verstuurd_op__lt=tot)
        .annotate(
            verstuurd=TruncDate("verstuurd_op", tzinfo=TZ),
            geaccepteerd=TruncDate("geaccepteerd_op", tzinfo=TZ),
            met_samenvatting=~Q(samenvatting=""),
        )
        .values("verstuurd", "geaccepteerd", "organisatie_id", "met_samenvatting")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for rij in rijen:
        telling = per_maand.get(rij["verstuurd"].replace(day=1))
        if telling is None:
            continue
        telling.verstuurd += rij["n"]
        geaccepteerd = rij["geaccepteerd"]
        if (
            rij["met_samenvatting"]
            and geaccepteerd is not None
            and werkdagen_tussen(rij["verstuurd"], geaccepteerd)
            <= termijn.get(rij["organisatie_id"], standaard)
        ):
            telling.warm += rij["n"]


def _hulp_gestart(per_maand: dict, van, tot) -> None:
    per_zaak = (
        Doorverwijzing.objects.filter(
            inwoner_antwoord=HulpGestart.JA,
            inwoner_antwoord_op__gte=van,
            inwoner_antwoord_op__lt=tot,
        )
        .values("hulpvraag_id")
        .annotate(
            gestart=Min("inwoner_antwoord_op"),
            contact=Coalesce(F("hulpvraag__eerste_contact_op"), F("hulpvraag__aangemaakt")),
        )
        .order_by()
    )
    paren: dict[tuple[date, date], int] = defaultdict(int)
    for rij in per_zaak:
        paren[rij["contact"].astimezone(TZ).date(), rij["gestart"].astimezone(TZ).date()] += 1
    for (contact, gestart), aantal in paren.items():
        telling = per_maand.get(gestart.replace(day=1))
        if telling is not None:
            telling.gestart.voeg_toe(werkdagen_tussen(contact, gestart), aantal)


def maanden_van(van: date, tot: date) -> list[Periode]:
    """The months from the month of `van` up to and including that of `tot`."""
    return Periode("aangepast", van.replace(day=1), maand_einde(tot)).maanden()
