"""The referral timers: nobody can drop a referral. Every hour on working days the sweep
hands every timer that ran out since its last mark to a task that writes the messages:
reminders to the receiver, escalation to the front door and the coordinators, expiry, the
contact reminder, and the check-in afspraak for the vast aanspreekpunt. The terms are per
organisation (Reactietermijnen), in working days.

The sweep is set-based: a fixed number of statements however many referrals are due, so it
stays fast with a hundred thousand open referrals (benchmarks/reminders.py).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from locaties import openingstijden
from toegang.berichten.services import (
    Melding,
    bericht_uit_sjabloon,
    berichten_sturen,
    eenmalig_alle,
    taken_plannen,
)

from ..models import (
    OPEN_DOORVERWIJZING,
    Afspraak,
    Berichtontvangers,
    Doorverwijzing,
    DoorverwijzingStatus,
    Reactietermijnen,
    Timerstand,
    berichtontvangers,
    werkdagen_terug,
)

_S = DoorverwijzingStatus


def _naam(r: Doorverwijzing) -> str:
    return r.organisatie.naam if r.organisatie_id else r.ontvanger_naam


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
            grens = werkdagen_terug(nu, dagen)
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
        # Expired at once, here: from now on the referral no longer holds its receiver.
        if verlopen := per_soort.get("verlopen"):
            Doorverwijzing.objects.filter(pk__in=verlopen).laat_verlopen(nu=nu)
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
    mensen = berichtontvangers(rijen, coordinatoren=True)
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
            _melding(soort, r, mensen[r.pk], eigen.get(r.organisatie_id, standaard)) for r in rijen
        ]
        return len(berichten_sturen([m for m in meldingen if m.ontvangers]))


def _melding(soort: str, r: Doorverwijzing, mensen: Berichtontvangers, termijnen) -> Melding:
    """The message of one timer: reminders go to the receiver, escalation and expiry to the
    front door and the coordinators, and so does a reminder nobody would receive (an
    organisation without users in the portal). Its text is
    templates/intake/meldingen/doorverwijzing_<soort>.txt."""
    sleutel = f"doorverwijzing:{r.pk}:{r.ronde}:{soort}"
    herinnering = soort in ("herinnering", "contact-herinnering")
    if herinnering and not mensen.ontvanger:
        soort, sleutel, herinnering = "niemand", f"{sleutel}:niemand", False
    dagen = {
        "verlopen": termijnen.verlopen_na,
        "escalatie": termijnen.escaleren_na,
        "herinnering": termijnen.herinneren_na,
    }.get(soort)
    return Melding(
        sleutel=sleutel,
        ontvangers=mensen.ontvanger if herinnering else mensen.verzenders_en_coordinatoren,
        link=r.link_ontvanger() if herinnering else r.hulpvraag.get_absolute_url(),
        **bericht_uit_sjabloon(
            f"intake/meldingen/doorverwijzing_{soort.replace('-', '_')}.txt",
            naam=_naam(r),
            referentie=r.hulpvraag.referentie,
            dagen=dagen,
        ),
    )


def _nagaan_plannen(rijen: list[Doorverwijzing], nu: datetime) -> int:
    """The check-in: an afspraak on the case for its vast aanspreekpunt, once per referral."""
    nieuw = eenmalig_alle([f"doorverwijzing:{r.pk}:nagaan" for r in rijen])
    afspraken = Afspraak.objects.maken(
        [
            Afspraak(
                hulpvraag_id=r.hulpvraag_id,
                wat=f"Nagaan bij de inwoner: is de hulp van {_naam(r)} gestart?",
                eigenaar_soort=Afspraak.Eigenaar.MEDEWERKER,
                eigenaar_id=r.hulpvraag.vast_aanspreekpunt_id or r.contactpersoon_id,
                deadline=timezone.localdate(nu),
            )
            for r in rijen
            if f"doorverwijzing:{r.pk}:nagaan" in nieuw
        ]
    )
    return len(afspraken)
