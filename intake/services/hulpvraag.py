"""The hulpvraag flow: a question comes in (online, at the counter, as a partner's signal),
joins an earlier case, takes the safety lane, is opened outside one's own work, is changed
on the case page (each change with its row in the logboek), is closed; and the messages
about it: the resident's confirmation, the maatwerk team told of a safety signal, the
coordinators told of a first contact that is late."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import date
from typing import TypeVar

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from locaties import openingstijden
from toegang.accounts.models import User
from toegang.berichten.services import (
    bericht_sturen,
    bericht_uit_sjabloon,
    eenmalig,
    taak_plannen,
)
from toegang.privacy.services import Actie, vastgelegd, verwerking_vastleggen

from ..models import (
    EERSTE_CONTACT_WERKDAGEN,
    OPEN_STATUSSEN,
    Berichtsoort,
    Contactvoorkeur,
    Doorbraak,
    Gebeurtenis,
    Hulpvraag,
    Inwoner,
    Kanaal,
    Status,
    Terugbelvenster,
    Terugbelverzoek,
    VeiligContact,
)
from .meldingen import absoluut, coordinatoren, maatwerkteam
from .veilig_contact import inwoner_mailen

T = TypeVar("T")


def eenmaal_per_inzending(
    model, inzending: uuid.UUID | None, maken: Callable[[], T]
) -> tuple[T, bool]:
    """What one filled-in form (`inzending`) made: the row stored for it before, or the
    one `maken` stores now, in a transaction; returns (row, created). A double click, a
    refresh or back-and-resubmit finds the first row; two identical posts at the same
    moment meet at the unique `inzending` column and the loser returns the winner's."""
    if inzending and (bestaand := model.objects.filter(inzending=inzending).first()):
        return bestaand, False
    try:
        with transaction.atomic():
            return maken(), True
    except IntegrityError:
        if inzending and (bestaand := model.objects.filter(inzending=inzending).first()):
            return bestaand, False
        raise


def hulpvraag_indienen(
    *,
    inwoner: dict | Inwoner,
    vraag: str,
    kanaal: str,
    inzending: uuid.UUID | None = None,
    door: User | None = None,
    levensdomeinen=(),
    veiligheid: bool = False,
    aanvulling: dict | None = None,
    veilig_contact: dict | None = None,
    **velden,
) -> tuple[Hulpvraag, bool]:
    """Store a new question; returns (hulpvraag, created).

    The same `inzending` (the id of one filled-in form) always gives the same hulpvraag, so
    a double click, a refresh or back-and-resubmit creates exactly one. Registered by a
    medewerker (`door`), that person is the vast aanspreekpunt and the conversation at the
    counter or on the phone is the first contact. For a known resident (an Inwoner),
    `aanvulling` holds contact details typed this time; new ones are kept. `veilig_contact`
    holds the resident's wishes about being contacted (VeiligContact.vastleggen), stored
    before the confirmation is sent so that it already follows them.
    """

    def maken() -> Hulpvraag:
        persoon = Inwoner.objects.create(**inwoner) if isinstance(inwoner, dict) else inwoner
        hulpvraag = Hulpvraag.objects.create(
            inwoner=persoon,
            vraag=vraag,
            kanaal=kanaal,
            inzending=inzending,
            geregistreerd_door=door,
            **velden,
        )
        hulpvraag.levensdomeinen.set(levensdomeinen)
        if aanvulling:
            hulpvraag.vul_gegevens_aan(door=door, **aanvulling)
        if veilig_contact:
            VeiligContact.vastleggen(hulpvraag=hulpvraag, door=door, **veilig_contact)
        if door is not None:
            hulpvraag.contact_vastleggen(door=door, kanaal=kanaal, tekst="Vraag geregistreerd.")
        if veiligheid:
            veiligheid_markeren(
                hulpvraag=hulpvraag, door=door, toelichting="Gemeld bij registratie."
            )
        # In the outbox, in the same transaction as the question: stored together or
        # not at all; a broker that is away sends the confirmation later.
        taak_plannen("intake.tasks.bevestiging_sturen", hulpvraag.pk)
        return hulpvraag

    return eenmaal_per_inzending(Hulpvraag, inzending, maken)


@transaction.atomic
def vraag_toevoegen(
    *,
    hulpvraag: Hulpvraag,
    vraag: str,
    kanaal: str,
    door: User,
    levensdomeinen=(),
    inzending: uuid.UUID | None = None,
    veiligheid: bool = False,
    aanvulling: dict | None = None,
    veilig_contact: dict | None = None,
) -> Gebeurtenis | None:
    """Join a new question to the resident's open case: the story is not told twice.

    The same `inzending` joins once: a double submit returns None and adds nothing. A
    safety signal given with the question takes the case into the fast lane. Veilig-contact
    wishes given with it are added to the case's (what was left empty changes nothing:
    clearing a wish is done on the case page, where the saved ones are shown).
    """
    if inzending and not eenmalig(f"inzending:{inzending}:vraag-toegevoegd"):
        return None
    gebeurtenis = hulpvraag.voeg_vraag_toe(
        door=door, kanaal=kanaal, vraag=vraag, levensdomeinen=levensdomeinen
    )
    if aanvulling:
        hulpvraag.vul_gegevens_aan(door=door, **aanvulling)
    if gegeven := {wens: waarde for wens, waarde in (veilig_contact or {}).items() if waarde}:
        VeiligContact.vastleggen(hulpvraag=hulpvraag, door=door, **gegeven)
    if hulpvraag.status == Status.AFGEROND:
        hulpvraag.heropen(door=door, reden="Nieuwe vraag van de inwoner.")
    hulpvraag.contact_vastleggen(door=door, kanaal=kanaal, tekst="Nieuwe vraag toegevoegd.")
    if veiligheid:
        veiligheid_markeren(
            hulpvraag=hulpvraag, door=door, toelichting="Gemeld bij een nieuwe vraag."
        )
    return gebeurtenis


def signaal_doorgeven(
    *,
    door: User,
    inwoner: dict,
    vraag: str,
    toestemming_wijze: str,
    inzending: uuid.UUID | None = None,
    levensdomeinen: Iterable = (),
    veiligheid: bool = False,
    **velden,
) -> tuple[Hulpvraag, bool]:
    """A partner passes a concern or a resident to the front door: it lands in the queue of
    new questions with the partner as source; the partner later sees only what became of it."""
    with transaction.atomic():
        hulpvraag, nieuw = hulpvraag_indienen(
            inwoner=inwoner,
            vraag=vraag,
            kanaal=Kanaal.PARTNER,
            inzending=inzending,
            levensdomeinen=levensdomeinen,
            **velden,
        )
        if nieuw:
            hulpvraag.markeer_als_signaal(door=door, toestemming_wijze=toestemming_wijze)
            if veiligheid:
                veiligheid_markeren(
                    hulpvraag=hulpvraag, door=door, toelichting="Gemeld door een partner."
                )
    return hulpvraag, nieuw


@transaction.atomic
def hulpvraag_sluiten(*, hulpvraag: Hulpvraag, door: User, route: str, uitkomst: str) -> None:
    """Close the case and end its open call-backs; the resident (with an e-mail address) is
    asked how it went."""
    hulpvraag.sluit(door=door, route=route, uitkomst=uitkomst)
    Terugbelverzoek.laat_vervallen(hulpvraag=hulpvraag, door=door)
    taak_plannen("intake.tasks.feedback_vragen", hulpvraag.pk)


@transaction.atomic
def veiligheid_markeren(*, hulpvraag: Hulpvraag, door: User | None, toelichting: str) -> None:
    """Safety fast lane: the case goes to maatwerk and the maatwerk team is told at once
    (once: a case marked before is left as it is)."""
    if hulpvraag.markeer_veiligheid(door=door, toelichting=toelichting):
        taak_plannen("intake.tasks.veiligheid_melden", hulpvraag.pk)


# --- the case page ------------------------------------------------------------------------


def _gegevens_wijzigen(
    hulpvraag: Hulpvraag, door: User, *, versie, kern, levensdomeinen, **inwoner
):
    return hulpvraag.wijzig(
        door=door,
        versie=versie,
        inwoner=inwoner,
        hulpvraag={"kern": kern},
        levensdomeinen=levensdomeinen,
    )


# What a medewerker changes on the case page, by the name the page posts and the logboek
# records: each calls the one model method or service of that change with the form's data.
WIJZIGINGEN: dict[str, Callable[..., object]] = {
    "oppakken": lambda h, door: h.wijs_toe(door, door=door, alleen_als_vrij=True),
    "toewijzen": lambda h, door, medewerker: h.wijs_toe(medewerker, door=door),
    "contact": lambda h, door, kanaal, tekst: h.contact_vastleggen(
        door=door, kanaal=kanaal, tekst=tekst
    ),
    "notitie": lambda h, door, tekst: h.notitie_maken(door=door, tekst=tekst),
    "afspraak": lambda h, door, **afspraak: h.afspraak_maken(door=door, **afspraak),
    "sluiten": lambda h, door, route, uitkomst: hulpvraag_sluiten(
        hulpvraag=h, door=door, route=route, uitkomst=uitkomst
    ),
    "heropenen": lambda h, door, reden: h.heropen(door=door, reden=reden),
    "veiligheid": lambda h, door, reden: veiligheid_markeren(
        hulpvraag=h, door=door, toelichting=reden
    ),
    "vasthouden": lambda h, door, reden: h.vasthouden(door=door, reden=reden),
    "loslaten": lambda h, door, reden: h.loslaten(door=door, reden=reden),
    "terugbellen": lambda h, door, **verzoek: terugbelverzoek_indienen(
        hulpvraag=h, door=door, via=Terugbelverzoek.Via.BALIE, **verzoek
    ),
    "gegevens": _gegevens_wijzigen,
    # The form's fields are "veilig_" and the name of the wish (forms.VeiligContactVelden).
    "veilig_contact": lambda h, door, **velden: VeiligContact.vastleggen(
        hulpvraag=h, door=door, **{veld.removeprefix("veilig_"): w for veld, w in velden.items()}
    ),
}


def hulpvraag_wijzigen(*, hulpvraag: Hulpvraag, door: User, actie: str, **gegevens):
    """One change on the case page (`actie`, a name in WIJZIGINGEN, with the form's cleaned
    data) and its row in the logboek dataverwerkingen, in one transaction: when the row
    cannot be written nothing changes (LogboekOnbereikbaar). Returns what the change
    returns; for "gegevens" the names of the fields that changed."""
    with vastgelegd():
        resultaat = WIJZIGINGEN[actie](hulpvraag, door, **gegevens)
        verwerking_vastleggen(
            gebruiker=door,
            actie=Actie.WIJZIGEN,
            hulpvraag=hulpvraag.referentie,
            inwoner_id=hulpvraag.inwoner_id,
            toelichting=actie,
        )
    return resultaat


def vergelijkbare_hulpvragen(
    *,
    telefoon: str = "",
    email: str = "",
    naam: str = "",
    geboortedatum: date | None = None,
):
    """The cases of probably the same resident (same phone, same e-mail, or name and date
    of birth: Inwoner.objects.vergelijkbaar), newest first, not anonymised. Unscoped: the
    counter reads it through `eerdere_hulpvragen`, a call-back joins the open one."""
    inwoners = Inwoner.objects.vergelijkbaar(
        telefoon=telefoon, email=email, naam=naam, geboortedatum=geboortedatum
    )
    return Hulpvraag.objects.filter(inwoner__in=inwoners, geanonimiseerd_op__isnull=True).order_by(
        "-aangemaakt"
    )


def eerdere_hulpvragen(
    *,
    user: User,
    telefoon: str = "",
    email: str = "",
    naam: str = "",
    geboortedatum: date | None = None,
):
    """Earlier cases of probably the same resident that `user` may see, newest first, with
    their contact person."""
    return (
        vergelijkbare_hulpvragen(
            telefoon=telefoon, email=email, naam=naam, geboortedatum=geboortedatum
        )
        .filter(pk__in=Hulpvraag.objects.zichtbaar_voor(user))
        .select_related("inwoner", "vast_aanspreekpunt")[:10]
    )


def hulpvraag_bij_telefoon(
    *,
    telefoon: str,
    naam: str,
    email: str,
    vraag: str,
    contacttijd: str = "",
    taal: str = settings.LANGUAGE_CODE,
) -> tuple[Hulpvraag, bool]:
    """The open case of the resident with this phone number (the counter's matching,
    `vergelijkbare_hulpvragen`, on the number only: nobody learns anything of a case by
    typing someone else's e-mail address), or a new one from the website; returns
    (hulpvraag, created). For what a resident asks without an account: a call-back, a
    visit to the front door."""
    hulpvraag = (
        vergelijkbare_hulpvragen(telefoon=telefoon).filter(status__in=OPEN_STATUSSEN).first()
    )
    if hulpvraag is not None:
        return hulpvraag, False
    return hulpvraag_indienen(
        inwoner={"naam": naam, "telefoon": telefoon, "email": email},
        vraag=vraag,
        kanaal=Kanaal.WEBSITE,
        contactvoorkeur=Contactvoorkeur.TELEFOON,
        contacttijd=contacttijd,
        taal=taal,
    )


def terugbelverzoek_indienen(
    *,
    venster: Terugbelvenster,
    telefoon: str,
    via: str,
    hulpvraag: Hulpvraag | None = None,
    naam: str = "",
    email: str = "",
    notitie: str = "",
    inzending: uuid.UUID | None = None,
    door: User | None = None,
    taal: str = settings.LANGUAGE_CODE,
) -> tuple[Terugbelverzoek, bool]:
    """A call-back request; returns (terugbelverzoek, created).

    It belongs to `hulpvraag` (the case page, the status page); from the website it joins
    the open case of the resident with this phone number, or opens a new one
    (`hulpvraag_bij_telefoon`). The same `inzending` (one filled-in form) always gives the
    same request (`eenmaal_per_inzending`). `taal` is the language the resident asked in,
    for a new case.
    """

    def maken() -> Terugbelverzoek:
        zaak, nieuwe_hulpvraag = hulpvraag, False
        if zaak is None:
            zaak, nieuwe_hulpvraag = hulpvraag_bij_telefoon(
                telefoon=telefoon,
                naam=naam,
                email=email,
                vraag=notitie or "Terugbelverzoek via de website.",
                contacttijd=venster.dagdeel,
                taal=taal,
            )
        return Terugbelverzoek.aanmaken(
            hulpvraag=zaak,
            venster=venster,
            door=door,
            via=via,
            inzending=inzending,
            nieuwe_hulpvraag=nieuwe_hulpvraag,
            telefoon=telefoon,
            email=email,
            notitie=notitie,
        )

    return eenmaal_per_inzending(Terugbelverzoek, inzending, maken)


def doorbraak_vastleggen(*, hulpvraag: Hulpvraag, door: User, reden: str) -> Doorbraak:
    """Break the glass: record who opened a case outside their own work and why, in the
    case's access rights and in the logboek dataverwerkingen, in one transaction (without
    the log row nothing is opened: LogboekOnbereikbaar)."""
    with vastgelegd():
        doorbraak = Doorbraak.objects.create(hulpvraag=hulpvraag, gebruiker=door, reden=reden)
        verwerking_vastleggen(
            gebruiker=door,
            actie=Actie.DOORBRAAK,
            hulpvraag=hulpvraag.referentie,
            inwoner_id=hulpvraag.inwoner_id,
            toelichting=reden,
        )
    return doorbraak


# --- messages -----------------------------------------------------------------------------


def bevestiging_sturen(*, hulpvraag_id: int) -> bool:
    """The resident's confirmation by e-mail: reference, what happens next, status link."""
    hulpvraag = Hulpvraag.objects.select_related("inwoner").filter(pk=hulpvraag_id).first()
    if hulpvraag is None or not hulpvraag.inwoner.email:
        return False
    with transaction.atomic():
        return inwoner_mailen(
            hulpvraag=hulpvraag,
            soort=Berichtsoort.BEVESTIGING,
            sleutel=f"hulpvraag:{hulpvraag.pk}:bevestiging",
            sjabloon="emails/hulpvraag_ontvangen.txt",
            context={
                "hulpvraag": hulpvraag,
                "uiterlijk": hulpvraag.eerste_contact_uiterlijk(),
                "status_url": absoluut(hulpvraag.status_url),
                "telefoon": settings.GEMEENTE_TELEFOON,
            },
        )


def veiligheid_melden(*, hulpvraag_id: int) -> int:
    """Tell the maatwerk team at once: a case carries a safety signal."""
    hulpvraag = Hulpvraag.objects.filter(pk=hulpvraag_id, veiligheid=True).first()
    if hulpvraag is None:
        return 0
    # Without anyone in a maatwerk team a safety signal must still reach someone.
    ontvangers = maatwerkteam() or coordinatoren()
    if not ontvangers:
        return 0
    with transaction.atomic():
        return bericht_sturen(
            ontvangers=ontvangers,
            link=hulpvraag.get_absolute_url(),
            sleutel=f"hulpvraag:{hulpvraag.pk}:veiligheid",
            **bericht_uit_sjabloon("intake/meldingen/veiligheid.txt", hulpvraag=hulpvraag),
        )


def eerste_contact_escaleren() -> int:
    """Online questions without a first contact after 2 working days go to the coordinator,
    once per question. Returns how many were escalated."""
    vandaag = timezone.localdate()
    if not openingstijden.is_werkdag(vandaag):
        return 0
    geescaleerd = 0
    ontvangers = coordinatoren()
    if not ontvangers:
        # Claiming now would lose the escalation for good; try again when there is one.
        return 0
    for hulpvraag in Hulpvraag.objects.eerste_contact_te_laat(vandaag).order_by("aangemaakt"):
        with transaction.atomic():
            verstuurd = bericht_sturen(
                ontvangers=ontvangers,
                link=hulpvraag.get_absolute_url(),
                sleutel=f"hulpvraag:{hulpvraag.pk}:eerste-contact-te-laat",
                **bericht_uit_sjabloon(
                    "intake/meldingen/eerste_contact_te_laat.txt",
                    hulpvraag=hulpvraag,
                    online=hulpvraag.kanaal == Kanaal.WEBSITE,
                    werkdagen=EERSTE_CONTACT_WERKDAGEN,
                    uiterlijk=hulpvraag.eerste_contact_uiterlijk(),
                ),
            )
        geescaleerd += bool(verstuurd)
    return geescaleerd
