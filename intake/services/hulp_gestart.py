"""The loop closed with the resident (issue 16, part 4): after a partner accepted a referral,
the resident is asked "Is de hulp gestart?" once the organisation's term (`nagaan_na`, in
working days from the acceptance, weekends and Dutch public holidays skipped) has passed —
on their status page, and by e-mail where they left an address for it.

- `hulp_gestart_vragen`: the hourly beat task's work. It claims what is due with a
  conditional UPDATE of `inwoner_gevraagd_op` under `FOR UPDATE SKIP LOCKED`, so a second or
  concurrent run finds nothing left; the e-mail carries a key of its own besides.
- `hulp_gestart_beantwoorden`: the resident's ja / nee / nog niet from the status page. "Nog
  niet" keeps the question open; ja and nee are final. A "nee" puts the case back with its
  contact person: a closed case is reopened, a commitment "neem contact op" due today lands
  in their queue "Mijn afspraken", the timeline says why, and they get a message.

Which referrals are asked: those to a partner organisation with personal data (an anonymous
consultation never knew the resident, and internal teams are the front door itself), in a
state past acceptance (accepted, contact made, closed), whose case's status page still
works (open, or closed less than 30 days ago).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from locaties import openingstijden
from toegang.accounts.models import User
from toegang.berichten.services import (
    bericht_sturen,
    bericht_uit_sjabloon,
)

from ..models import (
    STATUS_GELDIG_NA_AFSLUITEN,
    Afspraak,
    Doorverwijzing,
    DoorverwijzingGebeurtenis,
    DoorverwijzingStatus,
    Gebeurtenis,
    Grondslag,
    HulpGestart,
    Hulpvraag,
    Reactietermijnen,
    Status,
    werkdagen_terug,
)
from .meldingen import absoluut, inwoner_mailen

_S = DoorverwijzingStatus
# Past acceptance: the partner said yes, so the help should have started by the term.
NA_ACCEPTEREN = (_S.GEACCEPTEERD, _S.CONTACT_GELEGD, _S.AFGEROND)
# Referrals asked per run; what is left is asked in the next run (an hour later).
PER_RONDE = 500


def _te_vragen(nu: datetime):
    """Accepted referrals whose term passed and whose resident was not asked yet: one branch
    for the default term and one per distinct own term of an organisation."""
    eigen: dict[int, list[int]] = defaultdict(list)
    for organisatie_id, dagen in Reactietermijnen.objects.values_list(
        "organisatie_id", "nagaan_na"
    ):
        eigen[dagen].append(organisatie_id)
    met_eigen = [i for ids in eigen.values() for i in ids]
    termijn = Q(
        ~Q(organisatie_id__in=met_eigen),
        geaccepteerd_op__lte=werkdagen_terug(nu, Reactietermijnen.standaard().nagaan_na),
    )
    for dagen, ids in eigen.items():
        termijn |= Q(organisatie_id__in=ids, geaccepteerd_op__lte=werkdagen_terug(nu, dagen))
    return (
        Doorverwijzing.objects.filter(
            termijn,
            status__in=NA_ACCEPTEREN,
            inwoner_gevraagd_op__isnull=True,
            geaccepteerd_op__isnull=False,
            organisatie__isnull=False,
        )
        .exclude(grondslag=Grondslag.GEEN)
        .filter(
            Q(hulpvraag__afgesloten_op__isnull=True)
            | Q(hulpvraag__afgesloten_op__gt=nu - STATUS_GELDIG_NA_AFSLUITEN),
            hulpvraag__geanonimiseerd_op__isnull=True,
        )
    )


def hulp_gestart_vragen(*, nu: datetime | None = None) -> int:
    """On a working day: ask every resident whose referral's term passed, once. Returns how
    many were asked now (by e-mail or only on the status page)."""
    nu = nu or timezone.now()
    if not openingstijden.is_werkdag(timezone.localdate(nu)):
        # Nobody is mailed on a public holiday; the next working day's runs ask them.
        return 0
    with transaction.atomic():
        ids = list(
            _te_vragen(nu)
            .select_for_update(of=("self",), skip_locked=True)
            .order_by("geaccepteerd_op")
            .values_list("pk", flat=True)[:PER_RONDE]
        )
        if not ids:
            return 0
        # Locked above: no other run can claim these between the SELECT and this UPDATE.
        Doorverwijzing.objects.filter(pk__in=ids, inwoner_gevraagd_op__isnull=True).update(
            inwoner_gevraagd_op=nu
        )
        rijen = list(
            Doorverwijzing.objects.filter(pk__in=ids).select_related(
                "hulpvraag__inwoner", "organisatie"
            )
        )
        tekst = "Aan de inwoner gevraagd: is de hulp gestart?"
        DoorverwijzingGebeurtenis.objects.bulk_create(
            DoorverwijzingGebeurtenis(doorverwijzing=r, status="", tekst=tekst, op=nu)
            for r in rijen
        )
        Gebeurtenis.objects.bulk_create(
            Gebeurtenis(
                hulpvraag_id=r.hulpvraag_id,
                soort=Gebeurtenis.Soort.DOORVERWIJZING,
                tekst=f"{r.organisatie.naam}: {tekst}",
                op=nu,
            )
            for r in rijen
        )
        for r in rijen:
            vraag_mailen(r)
    return len(rijen)


def vraag_mailen(verwijzing: Doorverwijzing) -> bool:
    """The one place that mails the question to the resident, at most once per referral:
    only when they left an e-mail address (the form says "Vul dit in als wij u mogen
    mailen"). A rule about how a resident may be contacted belongs in this one check."""
    hulpvraag = verwijzing.hulpvraag
    if not hulpvraag.inwoner.email:
        return False
    return inwoner_mailen(
        hulpvraag,
        "emails/hulp_gestart_vraag.txt",
        sleutel=f"doorverwijzing:{verwijzing.pk}:hulp-gestart-vraag",
        organisatie=verwijzing.organisatie.naam,
        status_url=absoluut(hulpvraag.status_url),
        telefoon=settings.GEMEENTE_TELEFOON,
    )


def open_vragen(hulpvraag: Hulpvraag) -> list[Doorverwijzing]:
    """The questions waiting on this case's status page, and the ones answered (so the page
    can say what the resident answered)."""
    return list(
        hulpvraag.doorverwijzingen.filter(inwoner_gevraagd_op__isnull=False)
        .select_related("organisatie")
        .order_by("inwoner_gevraagd_op", "pk")
    )


def hulp_gestart_beantwoorden(*, doorverwijzing: Doorverwijzing, antwoord: str) -> bool:
    """The resident's answer (Doorverwijzing.beantwoord_door_inwoner). Returns False when it
    changed nothing (the same answer again). A "nee" goes back to the contact person, in
    the same transaction."""
    with transaction.atomic():
        veranderd = doorverwijzing.beantwoord_door_inwoner(antwoord)
        if veranderd and antwoord == HulpGestart.NEE:
            _terug_naar_aanspreekpunt(doorverwijzing)
    return veranderd


def _terug_naar_aanspreekpunt(verwijzing: Doorverwijzing) -> None:
    """The help did not start: the case's vast aanspreekpunt (or the referral's contact
    person) picks it up again."""
    hulpvraag = verwijzing.hulpvraag
    naam = verwijzing.organisatie.naam
    reden = f"De inwoner zegt dat de hulp van {naam} niet is gestart."
    if hulpvraag.status == Status.AFGEROND:
        hulpvraag.heropen(door=None, reden=reden)
    eigenaar_id = hulpvraag.vast_aanspreekpunt_id or verwijzing.contactpersoon_id
    vandaag = timezone.localdate()
    deadline = (
        vandaag
        if openingstijden.is_werkdag(vandaag)
        else openingstijden.werkdagen_later(vandaag, 1)
    )
    Afspraak.objects.maken(
        [
            Afspraak(
                hulpvraag=hulpvraag,
                wat=f"{reden} Neem contact op met de inwoner.",
                eigenaar_soort=Afspraak.Eigenaar.MEDEWERKER,
                eigenaar_id=eigenaar_id,
                deadline=deadline,
            )
        ]
    )
    bericht_sturen(
        ontvangers=User.objects.filter(pk=eigenaar_id, is_active=True),
        link=hulpvraag.get_absolute_url(),
        sleutel=f"doorverwijzing:{verwijzing.pk}:hulp-niet-gestart",
        **bericht_uit_sjabloon(
            "intake/meldingen/hulp_niet_gestart.txt",
            naam=naam,
            referentie=hulpvraag.referentie,
        ),
    )
