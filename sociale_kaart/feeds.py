"""Feeds: another system's HSDS 3.0 API pulled into the sociale kaart.

A run (`feed_ophalen`, a Celery task per feed, planned by beat) claims its feed, then reads
`{basis_url}/services?modified_after=…&page=N` page by page (sociale_kaart.hsds_client).
Each page is one transaction: every record on it is staged as a `Feedwijziging` (what it
would change, against the aanbod's own HSDS export), applied at once for an automatic feed
or left for review, and the feed's next page is moved on — all together or not at all. A
run that fails halfway (the source is down, answers HTML, a bug) keeps the marker where it
was and reports the error on the feed; the next run continues at that page. A round that
reaches the last page sets the next round's `modified_after` to the moment it began (less
an overlap for clocks that differ); once a day a round reads everything, for what an
unstable page order (HSDS pages are in the source's order, not by modification) made a
round miss.

Records reach the sociale kaart only through the importer, `hsds_import.hsds_importeren`,
the one import path: what a change would do is found by importing it in a savepoint that
is rolled back and comparing the aanbod's export before and after.

Running twice applies nothing twice: a record version already staged (same content) is
skipped, a claim keeps two runs of one feed apart, and a page's marker moves in the
transaction that stages it.

An aanbod from a feed has a `Feedherkomst` with the fingerprint of its export after the
last change the feed made. Local edits are refused (admin, partner self-service); one that
got in anyway makes the fingerprint differ, and the next change from the feed becomes a
conflict for the beheerder instead of overwriting it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from locaties.models import Weekdag
from toegang.berichten.services import taak_plannen, taken_plannen

from . import hsds
from .hsds_client import FeedFout, Pagina, services_pagina
from .hsds_import import hsds_importeren
from .models import (
    FEEDWIJZIGING_OPEN,
    Aanbod,
    AanbodStatus,
    Feed,
    Feedherkomst,
    FeedModus,
    Feedwijziging,
    FeedwijzigingSoort,
    FeedwijzigingStatus,
    Organisatie,
)

log = logging.getLogger(__name__)

TAAK = "sociale_kaart.tasks.feed_ophalen"
# Exports for comparing are made as of one fixed day: the split of opening hours at the
# daylight-saving switches then never depends on when the comparison runs.
MOMENTOPNAME_DAG = date(2000, 1, 1)


class FeedwijzigingFout(Exception):
    """A review that cannot be done; the message is Dutch."""


# --- Planning --------------------------------------------------------------------------------


def feeds_ophalen() -> int:
    """Beat: a pull task for every active feed (through the outbox). Returns how many."""
    ids = list(Feed.objects.filter(actief=True).values_list("pk", flat=True))
    taken_plannen((TAAK, [pk]) for pk in ids)
    return len(ids)


def feed_nu_ophalen(*, feed: Feed) -> None:
    """The beheerder's "Nu ophalen": the same task, after this transaction commits."""
    taak_plannen(TAAK, feed.pk)


# --- Comparing --------------------------------------------------------------------------------


def momentopname(aanbod_id) -> dict | None:
    """The aanbod's own HSDS export, or None when there is no such aanbod."""
    if aanbod_id is None:
        return None
    aanbod = hsds.service_prefetch(Aanbod.objects.filter(pk=aanbod_id)).first()
    return hsds.service(aanbod, MOMENTOPNAME_DAG) if aanbod else None


def _hash(data) -> str:
    tekst = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(tekst.encode()).hexdigest()


def vingerafdruk(export: dict | None) -> str:
    """What a local edit of the aanbod itself changes. Left out: the organisation and the
    vestigingen (shared with the organisation's other aanbod, which the feed updates too;
    their local edits are refused), and the "last checked" date (a partner's "klopt nog"
    is no edit)."""
    if export is None:
        return ""
    eigen = {k: v for k, v in export.items() if k not in ("organization", "assured_date")}
    eigen["service_at_locations"] = [
        {k: v for k, v in sal.items() if k != "location"}
        for sal in export.get("service_at_locations") or []
    ]
    return _hash(eigen)


VELDEN = {
    "name": "naam",
    "description": "beschrijving",
    "status": "status",
    "assured_date": "laatst bevestigd",
    "url": "website",
    "website": "website",
    "email": "e-mail",
    "phones": "telefoon",
    "languages": "talen",
    "application_process": "aanmelden (toelichting)",
    "fees_description": "kosten (toelichting)",
    "minimum_age": "leeftijd vanaf",
    "maximum_age": "leeftijd tot en met",
    "organization": "organisatie",
    "organization_identifiers": "KvK-nummer",
    "contacts": "contactpersoon",
    "service_at_locations": "vestiging",
    "addresses": "adres",
    "accessibility": "toegankelijkheid",
    "transportation": "hoe komt u er",
    "latitude": "breedtegraad",
    "longitude": "lengtegraad",
    "title": "functie",
    "schedules": "openingstijden",
    "korte_beschrijving": "korte beschrijving",
    "kosten": "kosten",
    "aanmelden": "hoe aanmelden",
    "zoekwoorden": "zoekwoorden",
    "levensdomein": "levensdomeinen",
    "doelgroep": "doelgroepen",
    "slug": "adres op de website (slug)",
    "kern": "kern",
    "straat": "straat",
    "huisnummer": "huisnummer",
    "laatst_gecontroleerd": "laatst gecontroleerd",
    "service_areas": "werkgebied",
    "capacities": "plaats voor nieuwe cliënten",
}
# Attributes that repeat what a readable field above already says.
HERHAALD = {"regel", "capaciteit", "wachtlijst_weken", "werkgebied", "aan_huis"}
# Keys that identify or link rather than say something.
OVERSLAAN = {"id", "link_id", "link_type", "link_entity", "metadata", "location_type"}
DAGEN = {code: Weekdag(i).label[:2] for i, code in enumerate(hsds.BYDAY)}
STATUS_NL = {code: AanbodStatus(status).label for status, code in hsds.STATUS.items()}


def _label(sleutel: str) -> str:
    return VELDEN.get(sleutel, sleutel)


def _openingstijden(schedules: list) -> str:
    """Opening hours in one line, the daylight-saving periods of one rule joined again."""
    regels: dict[str, dict] = {}
    for s in schedules:
        if not isinstance(s, dict):
            continue
        sleutel = next(
            (a.get("value") for a in s.get("attributes") or [] if a.get("link_type") == "regel"),
            s.get("id"),
        )
        regel = regels.setdefault(sleutel, {"s": s, "van": [], "tot": []})
        regel["van"].append(s.get("valid_from"))
        regel["tot"].append(s.get("valid_to"))
    teksten = []
    for regel in regels.values():
        s = regel["s"]
        dagen = ",".join(DAGEN.get(d, d) for d in str(s.get("byday", "")).split(","))
        tekst = f"{dagen} {str(s.get('opens_at', ''))[:5]}–{str(s.get('closes_at', ''))[:5]}"
        van = None if None in regel["van"] else min(regel["van"])
        tot = None if None in regel["tot"] else max(regel["tot"])
        if van:
            tekst += f" vanaf {van}"
        if tot:
            tekst += f" t/m {tot}"
        teksten.append(tekst)
    return "; ".join(sorted(teksten))


def _item_label(item: dict, index: int) -> str:
    if isinstance(item.get("location"), dict):
        return str(item["location"].get("name") or index + 1)
    return str(item.get("name") or index + 1)


def _plat(uit: dict[str, str], pad: tuple[str, ...], waarde) -> None:
    if isinstance(waarde, dict):
        for sleutel, sub in waarde.items():
            if sleutel in OVERSLAAN or sleutel.endswith("_id"):
                continue
            if sleutel == "attributes":
                per_soort: dict[str, list[str]] = {}
                for a in sub or []:
                    term = a.get("taxonomy_term") or {}
                    per_soort.setdefault(a.get("link_type", ""), []).append(
                        str(term.get("name") or a.get("value", ""))
                    )
                for soort, waarden in per_soort.items():
                    if soort not in HERHAALD:
                        uit[" › ".join((*pad, _label(soort)))] = ", ".join(sorted(waarden))
            elif sleutel == "schedules":
                uit[" › ".join((*pad, _label(sleutel)))] = _openingstijden(sub or [])
            elif sleutel == "location":
                _plat(uit, pad, sub)
            else:
                _plat(uit, (*pad, _label(sleutel)), sub)
        return
    if isinstance(waarde, list):
        if sleutel_lijst := _eenvoudige_lijst(pad, waarde):
            uit[" › ".join(pad)] = sleutel_lijst
            return
        for index, item in enumerate(waarde):
            if isinstance(item, dict):
                _plat(uit, (*pad[:-1], f"{pad[-1]} {_item_label(item, index)}"), item)
            else:
                uit[" › ".join((*pad[:-1], f"{pad[-1]} {index + 1}"))] = str(item)
        return
    if pad == (_label("status"),):
        waarde = STATUS_NL.get(waarde, waarde)
    uit[" › ".join(pad)] = "" if waarde is None else str(waarde)


def _eenvoudige_lijst(pad: tuple[str, ...], waarde: list) -> str:
    """Lists that read best as one line: phones, languages, addresses, identifiers."""
    if not waarde or not all(isinstance(i, dict) for i in waarde):
        return ""
    laatste = pad[-1] if pad else ""
    if laatste == _label("phones"):
        return ", ".join(str(i.get("number", "")) for i in waarde)
    if laatste == _label("languages"):
        return ", ".join(str(i.get("code") or i.get("name", "")) for i in waarde)
    if laatste == _label("accessibility"):
        return " ".join(str(i.get("description", "")) for i in waarde)
    if laatste == _label("organization_identifiers"):
        return ", ".join(str(i.get("identifier", "")) for i in waarde)
    if laatste in (_label("service_areas"), _label("capacities")):
        return " ".join(str(i.get("description") or i.get("name", "")) for i in waarde)
    if laatste == _label("addresses"):
        return "; ".join(
            " ".join(
                str(i.get(k, ""))
                for k in ("address_1", "postal_code", "city", "country")
                if i.get(k)
            )
            for i in waarde
        )
    return ""


def leesbaar(export: dict | None) -> dict[str, str]:
    """An aanbod's HSDS export as {Dutch field path: text}, for a diff people can read."""
    uit: dict[str, str] = {}
    if export:
        _plat(uit, (), export)
    return uit


def verschil(voor: dict | None, na: dict | None) -> list[list[str]]:
    """[[field, now, new], …]: the aanbod's own fields first, then its organisation's and
    vestigingen', each in the order of the export; "" where a side has nothing."""
    oud, nieuw = leesbaar(voor), leesbaar(na)
    velden = list(nieuw) + [v for v in oud if v not in nieuw]
    velden.sort(key=lambda veld: " › " in veld)  # stable: the export's order stays
    return [
        [veld, oud.get(veld, ""), nieuw.get(veld, "")]
        for veld in velden
        if oud.get(veld, "") != nieuw.get(veld, "")
    ]


# --- Reading one record through the importer ----------------------------------------------------


@dataclass
class Inlezing:
    """What importing one record did (or, as a dry run, would do)."""

    aanbod_id: str | None = None
    fouten: list[list[str]] = field(default_factory=list)
    waarschuwingen: list[list[str]] = field(default_factory=list)
    na: dict | None = None
    organisatie_id: str | None = None
    organisatie_na: dict | None = None


def _inlezen(record, *, proef: bool) -> Inlezing:
    """Import one record through hsds_importeren; with `proef`, in a savepoint that is
    rolled back, so only the export after it (and the findings) remain."""
    uitkomst = Inlezing()
    with transaction.atomic():
        rapport = hsds_importeren([record])
        uitkomst.fouten = [[pad, reden] for _, pad, reden in rapport.fouten]
        uitkomst.waarschuwingen = [[pad, reden] for _, pad, reden in rapport.waarschuwingen]
        if rapport.geimporteerd and not rapport.fouten:
            uitkomst.aanbod_id = str(rapport.geimporteerd[0])
            uitkomst.na = momentopname(uitkomst.aanbod_id)
            uitkomst.organisatie_id = uitkomst.na["organization_id"]
            uitkomst.organisatie_na = uitkomst.na["organization"]
        if proef:
            transaction.set_rollback(True)
    return uitkomst


def _organisatie(organisatie_id) -> dict | None:
    org = Organisatie.objects.filter(pk=organisatie_id).first() if organisatie_id else None
    return hsds.organization(org) if org else None


def _herkomst(aanbod_id) -> Feedherkomst | None:
    return Feedherkomst.objects.filter(aanbod_id=aanbod_id).select_related("feed").first()


def _conflict(feed: Feed, inlezing: Inlezing, voor: dict | None) -> str:
    """Why this change must not simply be applied, in Dutch; "" when it may."""
    herkomst = _herkomst(inlezing.aanbod_id)
    if voor is not None:
        if herkomst is None:
            return (
                "Dit aanbod staat al in de sociale kaart als eigen aanbod, niet uit een feed. "
                "Accepteren laat de feed het overnemen; daarna wijzigt u het alleen nog bij de bron."
            )
        if herkomst.feed_id != feed.pk:
            return (
                f"Dit aanbod komt al uit de feed '{herkomst.feed}'. Accepteren laat deze feed "
                "het overnemen."
            )
        if vingerafdruk(voor) != herkomst.momentopname:
            return (
                "Dit aanbod is hier veranderd sinds de feed het de vorige keer bijwerkte. "
                "Accepteren overschrijft die wijziging met de versie van de bron; afwijzen houdt "
                "de versie van hier."
            )
    organisatie_voor = _organisatie(inlezing.organisatie_id)
    if (
        organisatie_voor is not None
        and leesbaar(organisatie_voor) != leesbaar(inlezing.organisatie_na)
        and not Feedherkomst.objects.filter(
            feed=feed, aanbod__organisatie_id=inlezing.organisatie_id
        ).exists()
    ):
        return (
            f"De organisatie '{organisatie_voor['name']}' staat al in de sociale kaart en komt "
            "niet uit deze feed; overnemen zou haar gegevens veranderen."
        )
    return ""


# --- Applying ---------------------------------------------------------------------------------


def _toepassen(wijziging: Feedwijziging, *, door=None) -> bool:
    """Import the staged record for real and note where the aanbod now comes from. In the
    caller's transaction. False (and the change marked as failed) when the importer refuses."""
    nu = timezone.now()
    inlezing = _inlezen(wijziging.record, proef=False)
    wijziging.afgehandeld_op, wijziging.beoordeeld_door = nu, door
    if inlezing.fouten or inlezing.aanbod_id is None:
        wijziging.status = FeedwijzigingStatus.FOUT
        wijziging.reden = _fouttekst(inlezing.fouten)
        wijziging.save()
        return False
    Feedherkomst.objects.update_or_create(
        aanbod_id=inlezing.aanbod_id,
        defaults={
            "feed": wijziging.feed,
            "bron_id": wijziging.bron_id,
            "bron_url": wijziging.feed.record_url(wijziging.bron_id),
            "momentopname": vingerafdruk(inlezing.na),
            "inhoud_hash": wijziging.inhoud_hash,
            "bijgewerkt": nu,
            "gezien": nu,
        },
    )
    wijziging.status = FeedwijzigingStatus.TOEGEPAST
    wijziging.aanbod_id = inlezing.aanbod_id
    wijziging.meldingen = inlezing.waarschuwingen
    wijziging.save()
    return True


def _fouttekst(fouten: list[list[str]]) -> str:
    return (
        "; ".join(f"{pad}: {reden}" for pad, reden in fouten)
        or "Het record kon niet worden ingelezen."
    )


# --- Staging one record -----------------------------------------------------------------------


def _bron_id(record) -> str:
    if not isinstance(record, dict):
        return ""
    waarde = record.get("id")
    return str(waarde)[:200] if isinstance(waarde, str | int) and str(waarde).strip() else ""


def _record_verwerken(
    feed: Feed, record, tellingen: Counter, *, verdwenen: bool = False, zorg: str = ""
) -> None:
    """Stage one record version; apply it when the feed is automatic and nothing conflicts.
    `verdwenen`: a record the source no longer publishes (our own export, made inactive);
    `zorg`: a reason to have the beheerder look first, whatever the feed's mode."""
    bron_id = _bron_id(record)
    inhoud = _hash(record)
    naam = str(record.get("name") or "")[:200] if isinstance(record, dict) else ""
    if not bron_id:
        tellingen["fouten"] += 1
        if not feed.wijzigingen.filter(bron_id="", inhoud_hash=inhoud).exists():
            Feedwijziging.objects.create(
                feed=feed, bron_id="", naam=naam, record=record, inhoud_hash=inhoud,
                status=FeedwijzigingStatus.FOUT, reden="Het record heeft geen id.",
                afgehandeld_op=timezone.now(),
            )  # fmt: skip
        return
    # This very version was handled already: taken over (or found to change nothing), or
    # staged and still waiting, rejected or refused.
    if feed.herkomsten.filter(bron_id=bron_id, inhoud_hash=inhoud).exists():
        # What we have is what the source has again: a newer version that waited for
        # review was taken back at the source.
        feed.wijzigingen.filter(bron_id=bron_id, status__in=FEEDWIJZIGING_OPEN).update(
            status=FeedwijzigingStatus.VERVANGEN, afgehandeld_op=timezone.now()
        )
        tellingen["ongewijzigd"] += 1
        return
    laatste = feed.wijzigingen.filter(bron_id=bron_id).order_by("-pk").first()
    if laatste is not None and laatste.inhoud_hash == inhoud:
        tellingen["ongewijzigd"] += 1
        return

    proef = _inlezen(record, proef=True)
    eerdere = feed.wijzigingen.filter(bron_id=bron_id, status__in=FEEDWIJZIGING_OPEN)
    nu = timezone.now()
    if proef.fouten or proef.aanbod_id is None:
        eerdere.update(status=FeedwijzigingStatus.VERVANGEN, afgehandeld_op=nu)
        Feedwijziging.objects.create(
            feed=feed, bron_id=bron_id, naam=naam, record=record, inhoud_hash=inhoud,
            status=FeedwijzigingStatus.FOUT, reden=_fouttekst(proef.fouten),
            meldingen=proef.fouten + proef.waarschuwingen, afgehandeld_op=nu,
        )  # fmt: skip
        tellingen["fouten"] += 1
        return

    voor = momentopname(proef.aanbod_id)
    herkomst = _herkomst(proef.aanbod_id)
    eerdere.update(status=FeedwijzigingStatus.VERVANGEN, afgehandeld_op=nu)
    if voor is not None and voor == proef.na and herkomst and herkomst.feed_id == feed.pk:
        # The source says what we have (also after a local edit that the source made too):
        # nothing to do, and an older version that waited for review is out of date.
        Feedherkomst.objects.filter(pk=herkomst.pk).update(
            momentopname=vingerafdruk(voor), inhoud_hash=inhoud
        )
        tellingen["ongewijzigd"] += 1
        return
    reden = _conflict(feed, proef, voor) or zorg
    soort = (
        FeedwijzigingSoort.VERDWENEN
        if verdwenen
        else FeedwijzigingSoort.NIEUW
        if voor is None
        else FeedwijzigingSoort.GEWIJZIGD
    )
    wijziging = Feedwijziging.objects.create(
        feed=feed, bron_id=bron_id, naam=naam, aanbod_id=proef.aanbod_id if voor else None,
        soort=soort, record=record, inhoud_hash=inhoud, verschil=verschil(voor, proef.na),
        meldingen=proef.waarschuwingen,
        status=FeedwijzigingStatus.CONFLICT if reden else FeedwijzigingStatus.OPEN, reden=reden,
    )  # fmt: skip
    if reden:
        tellingen["conflicten"] += 1
    elif feed.modus == FeedModus.AUTOMATISCH:
        tellingen["toegepast" if _toepassen(wijziging) else "fouten"] += 1
    else:
        tellingen["ter_beoordeling"] += 1


# --- A run ------------------------------------------------------------------------------------


def _claimen(feed_id: int):
    """Claim the feed for one run (conditional UPDATE); None when another run has it."""
    nu = timezone.now()
    verlopen = nu - timedelta(seconds=settings.FEED_CLAIM_SECONDEN)
    geclaimd = (
        Feed.objects.filter(pk=feed_id, actief=True)
        .filter(Q(bezig_sinds__isnull=True) | Q(bezig_sinds__lt=verlopen))
        .update(bezig_sinds=nu)
    )
    return nu if geclaimd else None


def feed_ophalen(*, feed_id: int) -> dict | None:
    """One run of one feed: as many pages as fit in the run's budget. Returns the run's
    counts, or None when the feed is inactive or another run has it."""
    claim = _claimen(feed_id)
    if claim is None:
        return None
    try:
        return _run(Feed.objects.get(pk=feed_id))
    finally:
        Feed.objects.filter(pk=feed_id, bezig_sinds=claim).update(bezig_sinds=None)


RONDE_VELDEN = [
    "ronde_begonnen", "ronde_sinds", "volgende_pagina", "bijgewerkt_tot",
    "laatste_volledige_ronde", "laatste_succes",
]  # fmt: skip


def _ronde_beginnen(feed: Feed, nu) -> None:
    volledig_na = timedelta(hours=settings.FEED_VOLLEDIG_NA_UUR)
    volledig = (
        feed.bijgewerkt_tot is None
        or feed.laatste_volledige_ronde is None
        or feed.laatste_volledige_ronde <= nu - volledig_na
    )
    feed.ronde_begonnen, feed.volgende_pagina = nu, 1
    feed.ronde_sinds = None if volledig else feed.bijgewerkt_tot
    feed.save(update_fields=RONDE_VELDEN)


def _ronde_afronden(feed: Feed, nu, tellingen: Counter) -> str:
    """The round reached the last page: move the marker on. After a full round, what the
    source no longer publishes is staged as gone. Returns a warning for the beheerder."""
    waarschuwing = ""
    if feed.ronde_sinds is None:
        waarschuwing = _verdwenen_verwerken(feed, tellingen)
        feed.laatste_volledige_ronde = feed.ronde_begonnen
    feed.bijgewerkt_tot = feed.ronde_begonnen - timedelta(seconds=settings.FEED_OVERLAP_SECONDEN)
    feed.laatste_succes = nu
    feed.ronde_begonnen = feed.ronde_sinds = None
    feed.volgende_pagina = 1
    return waarschuwing


# More than this share of a feed's entries gone in one round is more likely a fault at the
# source than a clean-up: each then waits for the beheerder, also on an automatic feed.
VERDWENEN_VERDACHT = 0.5


def _verdwenen_verwerken(feed: Feed, tellingen: Counter) -> str:
    """Entries the full round that ends now did not see: the source took them out. Each is
    staged as the aanbod's own export with status inactive, so taking it over goes through
    the importer like every change (the aanbod stays, inactive, out of sight)."""
    weg = list(
        feed.herkomsten.filter(Q(gezien__lt=feed.ronde_begonnen) | Q(gezien__isnull=True))
        .exclude(aanbod__status=AanbodStatus.INACTIEF)
        .order_by("bron_id")
    )
    if not weg:
        return ""
    if not feed.herkomsten.filter(gezien__gte=feed.ronde_begonnen).exists():
        tellingen["verdwenen_niet_verwerkt"] = len(weg)
        return (
            f"De bron publiceerde in de volledige ronde geen enkel aanbod dat we van haar "
            f"hebben ({len(weg)} stuks). We zetten niets op inactief; controleer de bron."
        )
    zorg = ""
    if len(weg) >= 5 and len(weg) > VERDWENEN_VERDACHT * feed.herkomsten.count():
        zorg = (
            f"Bij de bron verdween in één ronde ongewoon veel aanbod ({len(weg)} stuks). "
            "Controleer of de bron in orde is voordat u dit overneemt."
        )
    for herkomst in weg:
        record = {**momentopname(herkomst.aanbod_id), "status": "inactive"}
        _record_verwerken(feed, record, tellingen, verdwenen=True, zorg=zorg)
        tellingen["verdwenen"] += 1
    return ""


def _pagina_verwerken(feed: Feed, pagina: Pagina, tellingen: Counter) -> tuple[bool, str]:
    """Stage (and apply) every record of the page and move the marker on, in one
    transaction. Returns whether this was the round's last page, and a warning."""
    waarschuwing = ""
    with transaction.atomic():
        for record in pagina.records:
            tellingen["opgehaald"] += 1
            _record_verwerken(feed, record, tellingen)
        if feed.ronde_sinds is None:  # a full round: what it sees is still published
            feed.herkomsten.filter(
                bron_id__in=[i for i in map(_bron_id, pagina.records) if i]
            ).update(gezien=feed.ronde_begonnen)
        laatste = (
            pagina.nummer >= pagina.totaal_paginas
            or not pagina.records
            # A source that answers a page past the end with its last page.
            or pagina.nummer != feed.volgende_pagina
        )
        if laatste:
            waarschuwing = _ronde_afronden(feed, timezone.now(), tellingen)
        else:
            feed.volgende_pagina += 1
        feed.save(update_fields=RONDE_VELDEN)
    return laatste, waarschuwing


def _run(feed: Feed) -> dict:
    begin, nu = time.monotonic(), timezone.now()
    if feed.ronde_begonnen is None:
        _ronde_beginnen(feed, nu)
    tellingen: Counter = Counter()
    fout = ""
    paginas = 0
    while paginas < settings.FEED_PAGINAS_PER_RUN:
        if paginas and time.monotonic() - begin > settings.FEED_RUN_SECONDEN:
            break
        nummer = feed.volgende_pagina
        try:
            pagina = services_pagina(feed.basis_url, pagina=nummer, sinds=feed.ronde_sinds)
        except FeedFout as melding:
            fout = str(melding)
            break
        voor_deze_pagina = tellingen.copy()
        try:
            klaar, fout = _pagina_verwerken(feed, pagina, tellingen)
        except Exception:
            # Rolled back whole; the marker stays on this page for the next run.
            log.exception("feed %s: pagina %s niet verwerkt", feed.pk, nummer)
            feed.refresh_from_db()
            tellingen = voor_deze_pagina
            fout = (
                f"Pagina {nummer} kon niet worden verwerkt door een fout bij ons; er is niets "
                "van die pagina overgenomen. De volgende run probeert het opnieuw."
            )
            break
        paginas += 1
        if klaar:
            break
    tellingen["paginas"] = paginas
    if feed.ronde_begonnen is not None and not fout:
        tellingen["verder_bij_pagina"] = feed.volgende_pagina
    Feed.objects.filter(pk=feed.pk).update(
        laatste_poging=nu,
        laatste_fout=fout,
        fouten_op_rij=(feed.fouten_op_rij + 1) if fout else 0,
        aantallen=dict(tellingen),
    )
    if fout:
        log.warning("feed %s: %s", feed.pk, fout)
    return dict(tellingen)


# --- Review -----------------------------------------------------------------------------------


def _open_wijziging(wijziging: Feedwijziging) -> Feedwijziging:
    wijziging = (
        Feedwijziging.objects.select_for_update(of=("self",))
        .select_related("feed")
        .get(pk=wijziging.pk)
    )
    if not wijziging.is_open:
        raise FeedwijzigingFout(f"Deze wijziging is al {wijziging.get_status_display()}.")
    return wijziging


def wijziging_accepteren(*, wijziging: Feedwijziging, door, notitie: str = "") -> Feedwijziging:
    """The beheerder takes the source's version. Returns the change: `toegepast`, or `fout`
    with the importer's reason when the record cannot be imported (after all)."""
    with transaction.atomic():
        wijziging = _open_wijziging(wijziging)
        wijziging.notitie = notitie
        _toepassen(wijziging, door=door)
    return wijziging


def wijziging_afwijzen(*, wijziging: Feedwijziging, door, notitie: str = "") -> Feedwijziging:
    """The beheerder keeps what the sociale kaart has. The feed's next version of the same
    record is staged again."""
    with transaction.atomic():
        wijziging = _open_wijziging(wijziging)
        wijziging.status = FeedwijzigingStatus.AFGEWEZEN
        wijziging.beoordeeld_door, wijziging.afgehandeld_op = door, timezone.now()
        wijziging.notitie = notitie
        wijziging.save()
    return wijziging


def wijziging_vergelijken(wijziging: Feedwijziging) -> tuple[list[list[str]], str]:
    """The diff of an open change against the sociale kaart as it is now (it may have
    changed since the change came in), and why it conflicts ("" when it does not)."""
    proef = _inlezen(wijziging.record, proef=True)
    if proef.fouten or proef.aanbod_id is None:
        return wijziging.verschil, _fouttekst(proef.fouten)
    voor = momentopname(proef.aanbod_id)
    return verschil(voor, proef.na), _conflict(wijziging.feed, proef, voor)
