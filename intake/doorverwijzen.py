"""Warm referrals across models: making one from a case, the timers that keep them from being
dropped, and the signals partners pass to the front door.

The timer sweep is set-based: a fixed number of statements however many referrals are due,
so it stays fast with a hundred thousand open referrals (benchmarks/reminders.py).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from locaties import openingstijden
from toegang.accounts.models import User
from toegang.accounts.roles import BALIE, Rol
from toegang.accounts.services import Melding, berichten_sturen, eenmalig_alle

from .models import (
    OPEN_DOORVERWIJZING,
    Afspraak,
    Doorverwijzing,
    DoorverwijzingGebeurtenis,
    DoorverwijzingStatus,
    Gebeurtenis,
    Hulpvraag,
    Kanaal,
    Reactietermijnen,
    Toestemmingswijze,
)
from .models.doorverwijzing import _grens

_S = DoorverwijzingStatus


def doorverwijzing_maken(
    *,
    hulpvraag: Hulpvraag,
    door: User,
    versturen: bool,
    inzending: uuid.UUID | None = None,
    **velden,
) -> tuple[Doorverwijzing, bool]:
    """Make a referral from a case, as concept or sent at once; returns (referral, created).

    The same `inzending` (one filled-in form) always gives the same referral, so a double
    click makes one. Everything is checked before anything is saved: a refused referral
    leaves nothing behind and sends nothing.
    """
    if inzending and (bestaand := Doorverwijzing.objects.filter(inzending=inzending).first()):
        return bestaand, False
    velden.setdefault("contactpersoon", hulpvraag.vast_aanspreekpunt or door)
    doorverwijzing = Doorverwijzing(
        hulpvraag=hulpvraag, aangemaakt_door=door, inzending=inzending, **velden
    )
    try:
        with transaction.atomic():
            doorverwijzing.als_concept_bewaren()
            if versturen:
                doorverwijzing.verstuur(door=door)
    except IntegrityError:
        # Two identical posts at the same moment: the other one won.
        if inzending and (bestaand := Doorverwijzing.objects.filter(inzending=inzending).first()):
            return bestaand, False
        raise ValidationError(
            "Er loopt al een doorverwijzing naar deze ontvanger voor deze hulpvraag."
        ) from None
    return doorverwijzing, True


# --- timers ---------------------------------------------------------------------------------


def _termijn_voorbij(
    nu: datetime, eigen: dict, standaard: Reactietermijnen, termijn: str, veld: str
) -> Q:
    """Rows whose `termijn` (a field of Reactietermijnen), counted from `veld`, has passed —
    each organisation by its own terms, everything else by the defaults. One condition, so
    one query whatever the number of organisations."""
    per_waarde = defaultdict(list)
    for organisatie_id, termijnen in eigen.items():
        per_waarde[getattr(termijnen, termijn)].append(organisatie_id)
    voorwaarde = ~Q(organisatie_id__in=list(eigen)) & Q(
        **{f"{veld}__lte": _grens(nu, getattr(standaard, termijn))}
    )
    for dagen, organisaties in per_waarde.items():
        voorwaarde |= Q(organisatie_id__in=organisaties, **{f"{veld}__lte": _grens(nu, dagen)})
    return voorwaarde


class _Ontvangers:
    """Everyone a sweep may need to tell, fetched in a few queries for all due rows at once."""

    def __init__(self, rijen: list[Doorverwijzing]):
        organisaties = {r.organisatie_id for r in rijen if r.organisatie_id}
        teams = {r.team for r in rijen if r.team}
        ids = set()
        for r in rijen:
            ids |= {r.collega_id, r.verstuurd_door_id, r.contactpersoon_id}
            ids.add(r.hulpvraag.vast_aanspreekpunt_id)
        ids.discard(None)
        gebruikers = list(
            User.objects.filter(is_active=True).filter(
                Q(pk__in=ids)
                | Q(rol=Rol.PARTNER, organisatie_id__in=organisaties)
                | Q(rol__in=BALIE, team__in=teams)
                | Q(rol=Rol.COORDINATOR)
            )
        )
        self.per_id = {u.pk: u for u in gebruikers}
        self.per_organisatie = defaultdict(list)
        self.per_team = defaultdict(list)
        for u in gebruikers:
            if u.rol == Rol.PARTNER:
                self.per_organisatie[u.organisatie_id].append(u)
            if u.rol in BALIE and u.team:
                self.per_team[u.team].append(u)
        self.coordinatoren = [u for u in gebruikers if u.rol == Rol.COORDINATOR]

    def ontvangers(self, r: Doorverwijzing) -> list[User]:
        if r.organisatie_id:
            return self.per_organisatie[r.organisatie_id]
        if r.collega_id:
            return [self.per_id[r.collega_id]] if r.collega_id in self.per_id else []
        return self.per_team[r.team]

    def verzenders(self, r: Doorverwijzing) -> list[User]:
        ids = dict.fromkeys(
            [r.verstuurd_door_id, r.contactpersoon_id, r.hulpvraag.vast_aanspreekpunt_id]
        )
        return [self.per_id[i] for i in ids if i in self.per_id]

    def verzenders_en_coordinatoren(self, r: Doorverwijzing) -> list[User]:
        return list({u.pk: u for u in self.verzenders(r) + self.coordinatoren}.values())


def _ontvanger_link(r: Doorverwijzing) -> str:
    if r.organisatie_id:
        return reverse("intake:partner_doorverwijzing", args=[r.pk])
    return reverse("intake:doorverwijzing", args=[r.pk])


def _naam(r: Doorverwijzing) -> str:
    return r.organisatie.naam if r.organisatie_id else r.ontvanger_naam


def _werkdagen(aantal: int) -> str:
    return f"{aantal} werkdag{'en' if aantal != 1 else ''}"


def _te_laat(nu, eigen, standaard, status, termijn: str, veld: str = "termijn_vanaf"):
    return list(
        Doorverwijzing.objects.filter(_termijn_voorbij(nu, eigen, standaard, termijn, veld))
        .filter(status__in=status)
        .select_related("hulpvraag", "organisatie")
        .only(
            "pk",
            "ronde",
            "team",
            "status",
            "organisatie__naam",
            "collega_id",
            "verstuurd_door_id",
            "contactpersoon_id",
            "verstuurd_op",
            "hulpvraag__referentie",
            "hulpvraag__vast_aanspreekpunt_id",
        )
        .order_by("termijn_vanaf")
    )


def doorverwijzingen_bewaken(*, nu: datetime | None = None) -> dict[str, int]:
    """On a working day: remind, escalate, let expire and ask to check in, each message once.

    - sent, not accepted after `herinneren_na` working days → reminder to the receiver;
    - after `escaleren_na` → to the sender, the contact person and the coordinators;
    - after `verlopen_na` → the referral expires, and they are told;
    - accepted, no contact after `contact_herinneren_na` → reminder to the receiver;
    - `nagaan_na` after sending → an afspraak for the vast aanspreekpunt: "Is de hulp gestart?".
    """
    nu = nu or timezone.now()
    telling = dict.fromkeys(
        ("verlopen", "escalaties", "herinneringen", "contact_herinneringen", "nagaan"), 0
    )
    if not openingstijden.is_werkdag(timezone.localdate(nu)):
        return telling
    eigen = {t.organisatie_id: t for t in Reactietermijnen.objects.all()}
    standaard = Reactietermijnen.standaard()
    with transaction.atomic():
        verlopen = _laten_verlopen(
            _te_laat(nu, eigen, standaard, [_S.VERSTUURD], "verlopen_na"), nu
        )
        escaleren = _te_laat(nu, eigen, standaard, [_S.VERSTUURD], "escaleren_na")
        herinneren = _te_laat(nu, eigen, standaard, [_S.VERSTUURD], "herinneren_na")
        contact = _te_laat(nu, eigen, standaard, [_S.GEACCEPTEERD], "contact_herinneren_na")
        nagaan = _te_laat(
            nu,
            eigen,
            standaard,
            [s for s in OPEN_DOORVERWIJZING if s != _S.CONCEPT],
            "nagaan_na",
            veld="verstuurd_op",
        )
        mensen = _Ontvangers(verlopen + escaleren + herinneren + contact + nagaan)

        def termijnen(r):
            return eigen.get(r.organisatie_id, standaard)

        meldingen = []
        for r in verlopen:
            meldingen.append(
                Melding(
                    sleutel=f"doorverwijzing:{r.pk}:{r.ronde}:verlopen",
                    ontvangers=mensen.verzenders_en_coordinatoren(r),
                    onderwerp=f"Doorverwijzing verlopen: {r.hulpvraag.referentie}",
                    tekst=(
                        f"{_naam(r)} reageerde niet binnen {_werkdagen(termijnen(r).verlopen_na)}"
                        " op de doorverwijzing. Die is nu verlopen. Neem contact op met de "
                        "inwoner en kies een andere route."
                    ),
                    link=reverse("intake:hulpvraag", args=[r.hulpvraag.referentie]),
                    extra={"soort": "verlopen"},
                )
            )
        for r in escaleren:
            meldingen.append(
                Melding(
                    sleutel=f"doorverwijzing:{r.pk}:{r.ronde}:escalatie",
                    ontvangers=mensen.verzenders_en_coordinatoren(r),
                    onderwerp=f"Doorverwijzing niet opgepakt: {r.hulpvraag.referentie}",
                    tekst=(
                        f"{_naam(r)} heeft de doorverwijzing na "
                        f"{_werkdagen(termijnen(r).escaleren_na)} nog niet geaccepteerd. Bel de "
                        "organisatie of kies een andere route."
                    ),
                    link=reverse("intake:hulpvraag", args=[r.hulpvraag.referentie]),
                    extra={"soort": "escalaties"},
                )
            )
        for r in herinneren:
            meldingen.append(
                Melding(
                    sleutel=f"doorverwijzing:{r.pk}:{r.ronde}:herinnering",
                    ontvangers=mensen.ontvangers(r),
                    onderwerp="Herinnering: een doorverwijzing wacht op uw antwoord",
                    tekst=(
                        "De toegang van gemeente Aalten verwees een inwoner naar u door, "
                        f"{_werkdagen(termijnen(r).herinneren_na)} geleden. Laat weten of u het "
                        "oppakt, of stel een vraag terug."
                    ),
                    link=_ontvanger_link(r),
                    extra={"soort": "herinneringen"},
                )
            )
        for r in contact:
            meldingen.append(
                Melding(
                    sleutel=f"doorverwijzing:{r.pk}:{r.ronde}:contact-herinnering",
                    ontvangers=mensen.ontvangers(r),
                    onderwerp="Herinnering: nog geen contact met de inwoner",
                    tekst=(
                        "U accepteerde een doorverwijzing van de toegang, maar er is nog geen "
                        "contact met de inwoner vastgelegd. Neem contact op en leg het vast."
                    ),
                    link=_ontvanger_link(r),
                    extra={"soort": "contact_herinneringen"},
                )
            )
        # Nobody to tell (an organisation without users): leave the claim free for later.
        meldingen = [m for m in meldingen if m.ontvangers]
        for m in berichten_sturen(meldingen):
            telling[m.extra["soort"]] += 1
        telling["verlopen"] = len(verlopen)
        telling["nagaan"] = _nagaan_plannen(nagaan, mensen, nu)
    return telling


def _laten_verlopen(rijen: list[Doorverwijzing], nu: datetime) -> list[Doorverwijzing]:
    """Expire what nobody acted on, in bulk; only rows still sent at this moment change."""
    if not rijen:
        return []
    ids = set(
        Doorverwijzing.objects.filter(pk__in=[r.pk for r in rijen], status=_S.VERSTUURD)
        .select_for_update(skip_locked=True)
        .values_list("pk", flat=True)
    )
    rijen = [r for r in rijen if r.pk in ids]
    Doorverwijzing.objects.filter(pk__in=ids).update(status=_S.VERLOPEN, verlopen_op=nu)
    tekst = "Niemand reageerde op tijd: de doorverwijzing is verlopen."
    DoorverwijzingGebeurtenis.objects.bulk_create(
        DoorverwijzingGebeurtenis(doorverwijzing_id=r.pk, status=_S.VERLOPEN, tekst=tekst, op=nu)
        for r in rijen
    )
    Gebeurtenis.objects.bulk_create(
        Gebeurtenis(
            hulpvraag_id=r.hulpvraag_id,
            soort=Gebeurtenis.Soort.DOORVERWIJZING,
            tekst=f"{_naam(r)}: verlopen — {tekst}",
            op=nu,
        )
        for r in rijen
    )
    return rijen


def _nagaan_plannen(rijen: list[Doorverwijzing], mensen: _Ontvangers, nu: datetime) -> int:
    """The check-in: an afspraak on the case for its vast aanspreekpunt, once per referral."""
    nieuw = eenmalig_alle([f"doorverwijzing:{r.pk}:nagaan" for r in rijen])
    vandaag = timezone.localdate(nu)
    afspraken, regels = [], []
    for r in rijen:
        if f"doorverwijzing:{r.pk}:nagaan" not in nieuw:
            continue
        eigenaar_id = r.hulpvraag.vast_aanspreekpunt_id or r.contactpersoon_id
        wat = f"Nagaan bij de inwoner: is de hulp van {_naam(r)} gestart?"
        afspraken.append(
            Afspraak(
                hulpvraag_id=r.hulpvraag_id,
                wat=wat,
                eigenaar_soort=Afspraak.Eigenaar.MEDEWERKER,
                eigenaar_id=eigenaar_id,
                deadline=vandaag,
            )
        )
        regels.append(
            Gebeurtenis(
                hulpvraag_id=r.hulpvraag_id,
                soort=Gebeurtenis.Soort.AFSPRAAK,
                tekst=f"{wat} (uiterlijk {vandaag:%d-%m-%Y})",
                op=nu,
            )
        )
    Afspraak.objects.bulk_create(afspraken)
    Gebeurtenis.objects.bulk_create(regels)
    return len(afspraken)


# --- signals from partners ------------------------------------------------------------------


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
    from .services import hulpvraag_indienen

    with transaction.atomic():
        hulpvraag, nieuw = hulpvraag_indienen(
            inwoner=inwoner,
            vraag=vraag,
            kanaal=Kanaal.PARTNER,
            inzending=inzending,
            levensdomeinen=levensdomeinen,
            signaal_van_id=door.organisatie_id,
            gemeld_door=door,
            toestemming_delen=bool(toestemming_wijze),
            **velden,
        )
        if nieuw:
            toestemming = (
                f"Toestemming van de inwoner: {Toestemmingswijze(toestemming_wijze).label}."
                if toestemming_wijze
                else "Zonder toestemming gemeld: zorgen over veiligheid (meldcode)."
            )
            Gebeurtenis.objects.create(
                hulpvraag=hulpvraag,
                soort=Gebeurtenis.Soort.NOTITIE,
                tekst=f"Signaal van {door.organisatie.naam}, gemeld door {door.weergavenaam}. "
                f"{toestemming}",
                door=door,
            )
            if veiligheid:
                hulpvraag.markeer_veiligheid(door=door, toelichting="Gemeld door een partner.")
    return hulpvraag, nieuw
