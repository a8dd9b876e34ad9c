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
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from locaties import openingstijden
from toegang.accounts.models import User
from toegang.accounts.roles import BALIE, Rol
from toegang.berichten.services import Melding, berichten_sturen, eenmalig_alle, taken_plannen

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
    Timerstand,
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


def _naam(r: Doorverwijzing) -> str:
    return r.organisatie.naam if r.organisatie_id else r.ontvanger_naam


def _werkdagen(aantal: int) -> str:
    return f"{aantal} werkdag{'en' if aantal != 1 else ''}"


# The timers: (kind, states it applies to, term in Reactietermijnen, field the term counts
# from). Each kind is claimed once per referral and round with a key of its own.
TIMERS = (
    ("verlopen", (_S.VERSTUURD,), "verlopen_na", "termijn_vanaf"),
    ("escalatie", (_S.VERSTUURD,), "escaleren_na", "termijn_vanaf"),
    ("herinnering", (_S.VERSTUURD,), "herinneren_na", "termijn_vanaf"),
    ("contact-herinnering", (_S.GEACCEPTEERD,), "contact_herinneren_na", "termijn_vanaf"),
    (
        "nagaan",
        tuple(s for s in OPEN_DOORVERWIJZING if s != _S.CONCEPT),
        "nagaan_na",
        "verstuurd_op",
    ),
)
TELLING = {
    "verlopen": "verlopen",
    "escalatie": "escalaties",
    "herinnering": "herinneringen",
    "contact-herinnering": "contact_herinneringen",
    "nagaan": "nagaan",
}
# Referrals per follow-up task: each task writes the messages of one batch (a thousand
# take about 0.3 s; fewer, larger outbox rows keep the sweep itself short).
PER_TAAK = 1000
# One sweep at a time (a second beat process waits, then finds nothing left).
SLOT = 0x746F6567  # "toeg"


def _te_doen(nu: datetime, eigen: dict, standaard: Reactietermijnen, standen: dict):
    """The SELECT of (kind, id) of every referral whose timer ran out since the last sweep,
    and the new marks: per kind the defaults for organisations without terms of their own,
    and one branch per distinct own term.

    Written out by hand: this runs every hour over all open referrals, and composing it
    through the ORM cost more than running it (benchmarks/reminders.py)."""
    tabel = Doorverwijzing._meta.db_table
    delen, params, nieuwe_standen = [], [], {}
    for soort, statussen, termijn, veld in TIMERS:
        per_waarde = defaultdict(list)
        for organisatie_id, termijnen in eigen.items():
            per_waarde[getattr(termijnen, termijn)].append(organisatie_id)
        takken = [
            (
                "(organisatie_id IS NULL OR NOT (organisatie_id = ANY(%s)))",
                list(eigen),
                getattr(standaard, termijn),
            )
        ]
        takken += [("organisatie_id = ANY(%s)", ids, dagen) for dagen, ids in per_waarde.items()]
        for organisaties, organisatie_ids, dagen in takken:
            grens = _grens(nu, dagen)
            vanaf = standen.get((soort, dagen))
            # Across a weekend the moment n working days back can step back: never re-hand.
            if vanaf is not None and grens <= vanaf:
                continue
            nieuwe_standen[(soort, dagen)] = max(grens, nieuwe_standen.get((soort, dagen), grens))
            ondergrens = f" AND {veld} > %s" if vanaf is not None else ""
            delen.append(
                f"SELECT '{soort}', id::text FROM {tabel} "  # noqa: S608 - names are ours
                f"WHERE status = ANY(%s) AND {veld} <= %s{ondergrens} AND {organisaties}"
            )
            params += [[str(s) for s in statussen], grens]
            params += [vanaf] if vanaf is not None else []
            params.append(organisatie_ids)
    return " UNION ALL ".join(delen), params, nieuwe_standen


def doorverwijzingen_bewaken(*, nu: datetime | None = None) -> dict[str, int]:
    """On a working day: hand every timer that ran out since the last sweep to a task that
    sends its messages. Returns how many of each kind were handed over.

    - sent, not accepted after `herinneren_na` working days → reminder to the receiver;
    - after `escaleren_na` → to the sender, the contact person and the coordinators;
    - after `verlopen_na` → the referral expires (here, at once), and they are told;
    - accepted, no contact after `contact_herinneren_na` → reminder to the receiver;
    - `nagaan_na` after sending → an afspraak for the vast aanspreekpunt: "Is de hulp gestart?".

    Claimed with a conditional update, as healthchecks' sendalerts does: a mark per kind
    (`Timerstand`) moves in the same transaction that plans the tasks, under a lock, so a
    second run or a second beat process hands over nothing twice; each message has its own
    key besides. The statement count does not grow with the number due.
    """
    nu = nu or timezone.now()
    telling = dict.fromkeys(TELLING.values(), 0)
    if not openingstijden.is_werkdag(timezone.localdate(nu)):
        return telling
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SLOT])
        standen = {(t.soort, t.dagen): t.tot for t in Timerstand.objects.all()}
        eigen = {t.organisatie_id: t for t in Reactietermijnen.objects.all()}
        sql, params, nieuwe_standen = _te_doen(nu, eigen, Reactietermijnen.standaard(), standen)
        if not sql:
            return telling
        per_soort: dict[str, list[str]] = defaultdict(list)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for soort, pk in cursor.fetchall():
                per_soort[soort].append(pk)
        Timerstand.objects.bulk_create(
            [Timerstand(soort=s, dagen=d, tot=t) for (s, d), t in nieuwe_standen.items()],
            update_conflicts=True,
            unique_fields=["soort", "dagen"],
            update_fields=["tot"],
        )
        _laten_verlopen(per_soort.get("verlopen", []), nu)
        taken_plannen(
            (
                "intake.tasks.doorverwijzing_meldingen",
                # One string of ids: a JSON list of them costs the sweep more to store.
                [soort, nu.isoformat(), ",".join(ids[i : i + PER_TAAK])],
            )
            for soort, ids in per_soort.items()
            for i in range(0, len(ids), PER_TAAK)
        )
    for soort, ids in per_soort.items():
        telling[TELLING[soort]] = len(ids)
    return telling


def _laten_verlopen(ids: list[str], nu: datetime) -> None:
    """Expire what nobody acted on, in bulk; only rows still sent at this moment change."""
    if not ids:
        return
    rijen = list(
        Doorverwijzing.objects.filter(pk__in=ids, status=_S.VERSTUURD)
        .select_for_update(of=("self",))
        .select_related("organisatie")
    )
    Doorverwijzing.objects.filter(pk__in=[r.pk for r in rijen]).update(
        status=_S.VERLOPEN, verlopen_op=nu
    )
    tekst = "Niemand reageerde op tijd: de doorverwijzing is verlopen."
    DoorverwijzingGebeurtenis.objects.bulk_create(
        DoorverwijzingGebeurtenis(doorverwijzing=r, status=_S.VERLOPEN, tekst=tekst, op=nu)
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


def doorverwijzing_meldingen(*, soort: str, ids: list[str], nu: datetime) -> int:
    """The messages (or check-in afspraken) of one batch of timers the sweep handed over,
    run by a worker. Idempotent: each message has its own key, so a retried task sends
    nothing twice. A reminder with nobody to receive it (an organisation without users in
    the portal) goes to the front door instead, which can call the organisation."""
    # Only what still holds: a referral accepted since the sweep needs no reminder.
    nog_zo = {s: statussen for s, statussen, _, _ in TIMERS} | {"verlopen": (_S.VERLOPEN,)}
    rijen = list(
        Doorverwijzing.objects.filter(pk__in=ids, status__in=nog_zo[soort])
        .select_related("hulpvraag", "organisatie")
        .order_by("termijn_vanaf")
    )
    mensen = _Ontvangers(rijen)
    eigen = {
        t.organisatie_id: t
        for t in Reactietermijnen.objects.filter(
            organisatie_id__in={r.organisatie_id for r in rijen}
        )
    }
    standaard = Reactietermijnen.standaard()
    with transaction.atomic():
        if soort == "nagaan":
            return _nagaan_plannen(rijen, nu)
        meldingen = [
            _melding(soort, r, mensen, eigen.get(r.organisatie_id, standaard)) for r in rijen
        ]
        return len(berichten_sturen([m for m in meldingen if m.ontvangers]))


def _melding(soort: str, r: Doorverwijzing, mensen: _Ontvangers, termijnen) -> Melding:
    sleutel = f"doorverwijzing:{r.pk}:{r.ronde}:{soort}"
    zaak = reverse("intake:hulpvraag", args=[r.hulpvraag.referentie])
    if soort == "verlopen":
        return Melding(
            sleutel=sleutel,
            ontvangers=mensen.verzenders_en_coordinatoren(r),
            onderwerp=f"Doorverwijzing verlopen: {r.hulpvraag.referentie}",
            tekst=(
                f"{_naam(r)} reageerde niet binnen {_werkdagen(termijnen.verlopen_na)} op de "
                "doorverwijzing. Die is nu verlopen. Neem contact op met de inwoner en kies een "
                "andere route."
            ),
            link=zaak,
        )
    if soort == "escalatie":
        return Melding(
            sleutel=sleutel,
            ontvangers=mensen.verzenders_en_coordinatoren(r),
            onderwerp=f"Doorverwijzing niet opgepakt: {r.hulpvraag.referentie}",
            tekst=(
                f"{_naam(r)} heeft de doorverwijzing na {_werkdagen(termijnen.escaleren_na)} "
                "nog niet geaccepteerd. Bel de organisatie of kies een andere route."
            ),
            link=zaak,
        )
    if soort in ("herinnering", "contact-herinnering") and not mensen.ontvangers(r):
        return Melding(
            sleutel=f"{sleutel}:niemand",
            ontvangers=mensen.verzenders_en_coordinatoren(r),
            onderwerp=f"Niemand bij {_naam(r)} ontvangt de doorverwijzing",
            tekst=(
                f"{_naam(r)} heeft geen actieve gebruikers in het portaal, dus niemand ziet de "
                f"doorverwijzing van {r.hulpvraag.referentie}. Bel de organisatie, of vraag de "
                "beheerder om een account voor hen."
            ),
            link=zaak,
        )
    if soort == "herinnering":
        return Melding(
            sleutel=sleutel,
            ontvangers=mensen.ontvangers(r),
            onderwerp="Herinnering: een doorverwijzing wacht op uw antwoord",
            tekst=(
                "De toegang van gemeente Aalten verwees een inwoner naar u door, "
                f"{_werkdagen(termijnen.herinneren_na)} geleden. Laat weten of u het oppakt, "
                "of stel een vraag terug."
            ),
            link=r.link_ontvanger(),
        )
    return Melding(
        sleutel=sleutel,
        ontvangers=mensen.ontvangers(r),
        onderwerp="Herinnering: nog geen contact met de inwoner",
        tekst=(
            "U accepteerde een doorverwijzing van de toegang, maar er is nog geen contact met "
            "de inwoner vastgelegd. Neem contact op en leg het vast."
        ),
        link=r.link_ontvanger(),
    )


def _nagaan_plannen(rijen: list[Doorverwijzing], nu: datetime) -> int:
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
