"""Work around a hulpvraag that spans models or has side effects: registering a question,
joining one to an earlier case, and every message the front door sends about it."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from locaties import openingstijden
from toegang.accounts.models import User
from toegang.accounts.roles import MAATWERK, Rol
from toegang.berichten.services import bericht_sturen, eenmalig, mail_sturen, taak_plannen
from toegang.privacy.services import Actie, verwerking_vastleggen

from .models import (
    EERSTE_CONTACT_WERKDAGEN,
    Afspraak,
    Doorbraak,
    Doorverwijzing,
    DoorverwijzingStatus,
    Feedback,
    Feedbackuitnodiging,
    Gebeurtenis,
    Hulpvraag,
    Inwoner,
    Kanaal,
    Status,
)


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
    **velden,
) -> tuple[Hulpvraag, bool]:
    """Store a new question; returns (hulpvraag, created).

    The same `inzending` (the id of one filled-in form) always gives the same hulpvraag, so
    a double click, a refresh or back-and-resubmit creates exactly one. Registered by a
    medewerker (`door`), that person is the vast aanspreekpunt and the conversation at the
    counter or on the phone is the first contact. For a known resident (an Inwoner),
    `aanvulling` holds contact details typed this time; new ones are kept.
    """
    if inzending and (bestaand := Hulpvraag.objects.filter(inzending=inzending).first()):
        return bestaand, False
    try:
        with transaction.atomic():
            if isinstance(inwoner, dict):
                inwoner = Inwoner.objects.create(**inwoner)
            hulpvraag = Hulpvraag.objects.create(
                inwoner=inwoner,
                vraag=vraag,
                kanaal=kanaal,
                inzending=inzending,
                geregistreerd_door=door,
                **velden,
            )
            hulpvraag.levensdomeinen.set(levensdomeinen)
            if aanvulling:
                _gegevens_aanvullen(hulpvraag, aanvulling, door)
            if door is not None:
                hulpvraag.contact_vastleggen(door=door, kanaal=kanaal, tekst="Vraag geregistreerd.")
            if veiligheid:
                hulpvraag.markeer_veiligheid(door=door, toelichting="Gemeld bij registratie.")
            # In the outbox, in the same transaction as the question: stored together or
            # not at all; a broker that is away sends the confirmation later.
            taak_plannen("intake.tasks.bevestiging_sturen", hulpvraag.pk)
    except IntegrityError:
        # Two identical posts at the same moment: the other one won, show that one.
        if inzending and (bestaand := Hulpvraag.objects.filter(inzending=inzending).first()):
            return bestaand, False
        raise
    return hulpvraag, True


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
) -> Gebeurtenis | None:
    """Join a new question to the resident's open case: the story is not told twice.

    The same `inzending` joins once: a double submit returns None and adds nothing. A
    safety signal given with the question takes the case into the fast lane.
    """
    hulpvraag._vergrendel()
    if inzending and not eenmalig(f"inzending:{inzending}:vraag-toegevoegd"):
        return None
    gebeurtenis = Gebeurtenis.objects.create(
        hulpvraag=hulpvraag, soort=Gebeurtenis.Soort.VRAAG, kanaal=kanaal, tekst=vraag, door=door
    )
    hulpvraag.levensdomeinen.add(*levensdomeinen)
    if aanvulling:
        _gegevens_aanvullen(hulpvraag, aanvulling, door)
    if hulpvraag.status == Status.AFGEROND:
        hulpvraag.heropen(door=door, reden="Nieuwe vraag van de inwoner.")
    hulpvraag.contact_vastleggen(door=door, kanaal=kanaal, tekst="Nieuwe vraag toegevoegd.")
    if veiligheid:
        hulpvraag.markeer_veiligheid(door=door, toelichting="Gemeld bij een nieuwe vraag.")
    return gebeurtenis


def _gegevens_aanvullen(hulpvraag: Hulpvraag, aanvulling: dict, door: User | None) -> None:
    if gewijzigd := hulpvraag.inwoner.aanvullen(**aanvulling):
        Gebeurtenis.objects.create(
            hulpvraag=hulpvraag,
            soort=Gebeurtenis.Soort.GEGEVENS,
            tekst="Aangevuld: " + ", ".join(gewijzigd),
            door=door,
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
    inwoners = Inwoner.objects.vergelijkbaar(
        telefoon=telefoon, email=email, naam=naam, geboortedatum=geboortedatum
    )
    return (
        Hulpvraag.objects.zichtbaar_voor(user)
        .filter(inwoner__in=inwoners, geanonimiseerd_op__isnull=True)
        .select_related("inwoner", "vast_aanspreekpunt")
        .order_by("-aangemaakt")[:10]
    )


def _absoluut(pad: str) -> str:
    return f"{settings.SITE_URL}{pad}"


# --- messages -----------------------------------------------------------------------------


def bevestiging_sturen(*, hulpvraag_id: int) -> bool:
    """The resident's confirmation by e-mail: reference, what happens next, status link."""
    hulpvraag = Hulpvraag.objects.select_related("inwoner").filter(pk=hulpvraag_id).first()
    if hulpvraag is None or not hulpvraag.inwoner.email:
        return False
    context = {
        "hulpvraag": hulpvraag,
        "uiterlijk": hulpvraag.eerste_contact_uiterlijk(),
        "status_url": _absoluut(hulpvraag.status_url),
        "telefoon": settings.GEMEENTE_TELEFOON,
    }
    with transaction.atomic():
        return mail_sturen(
            aan=hulpvraag.inwoner.email,
            onderwerp=f"Wij hebben uw vraag ontvangen ({hulpvraag.referentie})",
            tekst=render_to_string("emails/hulpvraag_ontvangen.txt", context),
            sleutel=f"hulpvraag:{hulpvraag.pk}:bevestiging",
        )


def maatwerkteam() -> list[User]:
    return list(User.objects.filter(is_active=True, team__in=MAATWERK))


def coordinatoren() -> list[User]:
    return list(User.objects.filter(is_active=True, rol=Rol.COORDINATOR))


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
            onderwerp=f"Veiligheid / meldcode: hulpvraag {hulpvraag.referentie}",
            tekst=(
                f"Bij hulpvraag {hulpvraag.referentie} is een signaal van onveiligheid gemeld. "
                "Pak dit vandaag op volgens de meldcode."
            ),
            link=hulpvraag.get_absolute_url(),
            sleutel=f"hulpvraag:{hulpvraag.pk}:veiligheid",
        )


def eerste_contact_escaleren(*, nu: datetime | None = None) -> int:
    """Online questions without a first contact after 2 working days go to the coordinator,
    once per question. Returns how many were escalated."""
    vandaag = timezone.localdate(nu or timezone.now())
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
                onderwerp=f"Geen contact binnen {EERSTE_CONTACT_WERKDAGEN} werkdagen: {hulpvraag.referentie}",
                tekst=(
                    f"De {'online vraag' if hulpvraag.kanaal == Kanaal.WEBSITE else 'vraag'} "
                    f"{hulpvraag.referentie} van "
                    f"{timezone.localtime(hulpvraag.aangemaakt):%d-%m-%Y} heeft nog geen eerste "
                    f"contact. We beloofden contact binnen {EERSTE_CONTACT_WERKDAGEN} werkdagen "
                    f"(uiterlijk {hulpvraag.eerste_contact_uiterlijk():%d-%m-%Y})."
                ),
                link=hulpvraag.get_absolute_url(),
                sleutel=f"hulpvraag:{hulpvraag.pk}:eerste-contact-te-laat",
            )
        geescaleerd += bool(verstuurd)
    return geescaleerd


def _afspraak_ontvangers(afspraak: Afspraak) -> list[User]:
    if afspraak.eigenaar_soort == Afspraak.Eigenaar.MEDEWERKER:
        return [afspraak.eigenaar] if afspraak.eigenaar.is_active else []
    if afspraak.eigenaar_soort == Afspraak.Eigenaar.PARTNER:
        return list(afspraak.organisatie.gebruikers.filter(is_active=True))
    return []


def _afspraak_herinneren(afspraak: Afspraak, wanneer: str) -> int:
    hulpvraag = afspraak.hulpvraag
    sleutel = f"afspraak:{afspraak.pk}:{wanneer}"
    tekst_dag = "vandaag" if wanneer == "vandaag" else f"op {afspraak.deadline:%d-%m-%Y}"
    if afspraak.eigenaar_soort == Afspraak.Eigenaar.INWONER:
        return int(
            mail_sturen(
                aan=hulpvraag.inwoner.email,
                onderwerp=f"Herinnering: uw afspraak met de toegang ({hulpvraag.referentie})",
                tekst=render_to_string(
                    "emails/afspraak_herinnering_inwoner.txt",
                    {
                        "afspraak": afspraak,
                        "hulpvraag": hulpvraag,
                        "wanneer": tekst_dag,
                        "status_url": _absoluut(hulpvraag.status_url),
                        "telefoon": settings.GEMEENTE_TELEFOON,
                    },
                ),
                sleutel=sleutel,
            )
        )
    ontvangers = _afspraak_ontvangers(afspraak)
    if not ontvangers:
        # Nobody to tell (an organisation without users yet): leave the claim free.
        return 0
    return bericht_sturen(
        ontvangers=ontvangers,
        onderwerp=f"Afspraak {tekst_dag}: {afspraak.wat[:80]}",
        tekst=(
            f"Bij hulpvraag {hulpvraag.referentie} staat een afspraak die {tekst_dag} klaar moet "
            f"zijn: {afspraak.wat}"
        ),
        link=hulpvraag.get_absolute_url(),
        sleutel=sleutel,
    )


def afspraken_herinneren(*, vandaag: date | None = None) -> dict[str, int]:
    """On a working day: remind owners of commitments due on the next working day and of
    those due today, and tell the coordinators about overdue ones. Each message once."""
    vandaag = vandaag or timezone.localdate()
    telling = {"morgen": 0, "vandaag": 0, "te_laat": 0}
    if not openingstijden.is_werkdag(vandaag):
        return telling
    volgende = openingstijden.werkdagen_later(vandaag, 1)
    open_afspraken = Afspraak.objects.open().select_related(
        "hulpvraag__inwoner", "eigenaar", "organisatie"
    )
    # Due after today up to the next working day: the weekend's due dates are reminded on Friday.
    for afspraak in open_afspraken.filter(deadline__gt=vandaag, deadline__lte=volgende):
        with transaction.atomic():
            telling["morgen"] += bool(_afspraak_herinneren(afspraak, "morgen"))
    for afspraak in open_afspraken.filter(deadline=vandaag):
        with transaction.atomic():
            telling["vandaag"] += bool(_afspraak_herinneren(afspraak, "vandaag"))
    ontvangers = coordinatoren()
    # Without a coordinator nothing is claimed: they are told once there is one.
    for afspraak in open_afspraken.filter(deadline__lt=vandaag) if ontvangers else ():
        with transaction.atomic():
            telling["te_laat"] += bool(
                bericht_sturen(
                    ontvangers=ontvangers,
                    onderwerp=f"Afspraak te laat: {afspraak.hulpvraag.referentie}",
                    tekst=(
                        f"{afspraak.eigenaar_tekst} zou uiterlijk {afspraak.deadline:%d-%m-%Y}: "
                        f"{afspraak.wat}. Dit is nog niet gedaan."
                    ),
                    link=afspraak.hulpvraag.get_absolute_url(),
                    sleutel=f"afspraak:{afspraak.pk}:te-laat",
                )
            )
    return telling


def feedback_vragen(*, hulpvraag_id: int) -> bool:
    """After closing, invite the resident (with an e-mail address) to a short survey.

    The invitation carries only the touchpoint, never the case or the person, so the
    answers cannot be traced back.
    """
    hulpvraag = (
        Hulpvraag.objects.select_related("inwoner")
        .filter(pk=hulpvraag_id, status=Status.AFGEROND)
        .first()
    )
    if hulpvraag is None or not hulpvraag.inwoner.email:
        return False
    with transaction.atomic():
        uitnodiging = Feedbackuitnodiging.objects.create(kanaal=hulpvraag.kanaal)
        verstuurd = mail_sturen(
            aan=hulpvraag.inwoner.email,
            onderwerp="Hoe hebben wij u geholpen?",
            tekst=render_to_string(
                "emails/feedback_uitnodiging.txt",
                {"url": _absoluut(reverse("intake:feedback", args=[uitnodiging.token]))},
            ),
            sleutel=f"hulpvraag:{hulpvraag.pk}:feedback:{hulpvraag.afgesloten_op:%Y%m%d%H%M%S}",
        )
        if not verstuurd:
            transaction.set_rollback(True)
    return verstuurd


@transaction.atomic
def feedback_geven(*, uitnodiging: Feedbackuitnodiging, **antwoorden) -> Feedback | None:
    """Store the answers once per invitation; a second submit changes nothing."""
    if not Feedbackuitnodiging.objects.filter(pk=uitnodiging.pk, beantwoord=False).update(
        beantwoord=True
    ):
        return None
    return Feedback.objects.create(kanaal=uitnodiging.kanaal, **antwoorden)


def wachtrijen(user) -> dict[str, object]:
    """The front desk's work queues, safety-flagged cases on top of each."""
    zichtbaar = Hulpvraag.objects.zichtbaar_voor(user).select_related(
        "inwoner", "vast_aanspreekpunt"
    )
    vandaag = timezone.localdate()
    afspraken = (
        Afspraak.objects.zichtbaar_voor(user)
        .open()
        .select_related("hulpvraag", "eigenaar", "organisatie")
    )
    verwijzingen = Doorverwijzing.objects.zichtbaar_voor(user).select_related(
        "hulpvraag", "organisatie", "aanbod", "collega"
    )
    S = DoorverwijzingStatus  # noqa: N806
    return {
        "veiligheid": zichtbaar.open().filter(veiligheid=True).veilig_eerst(),
        "nieuw": zichtbaar.nieuw_online().veilig_eerst(),
        "mijn": zichtbaar.open().filter(vast_aanspreekpunt=user).veilig_eerst(),
        "mijn_afspraken": afspraken.filter(
            Q(eigenaar=user) | Q(hulpvraag__vast_aanspreekpunt=user),
            deadline__lte=openingstijden.werkdagen_later(vandaag, 1),
        ).order_by("-hulpvraag__veiligheid", "deadline"),
        "te_laat": afspraken.filter(deadline__lt=vandaag).order_by(
            "-hulpvraag__veiligheid", "deadline"
        ),
        "geen_contact": zichtbaar.eerste_contact_te_laat(vandaag).veilig_eerst(),
        # Referrals: those I must answer (to me or my team), questions back to the front
        # door, and referrals a receiver lets wait.
        "aan_mij": Doorverwijzing.objects.voor_ontvanger(user)
        .filter(status__in=[S.VERSTUURD, S.GEACCEPTEERD, S.CONTACT_GELEGD])
        .select_related("hulpvraag", "collega")
        .order_by("termijn_vanaf"),
        "vraag_terug": verwijzingen.filter(status=S.TERUGGESTUURD)
        .filter(
            Q(verstuurd_door=user) | Q(contactpersoon=user) | Q(hulpvraag__vast_aanspreekpunt=user)
        )
        .order_by("teruggestuurd_op"),
        "verwijzing_te_laat": verwijzingen.te_laat().order_by("termijn_vanaf"),
    }


def doorbraak_vastleggen(*, hulpvraag: Hulpvraag, door: User, reden: str) -> Doorbraak:
    """Break the glass: record who opened a case outside their own work and why, in the
    case's access rights and in the logboek dataverwerkingen, in one transaction."""
    with transaction.atomic():
        doorbraak = Doorbraak.objects.create(hulpvraag=hulpvraag, gebruiker=door, reden=reden)
        verwerking_vastleggen(
            gebruiker=door,
            actie=Actie.DOORBRAAK,
            hulpvraag=hulpvraag.referentie,
            inwoner_id=hulpvraag.inwoner_id,
            toelichting=reden,
        )
    return doorbraak
