"""Import HSDS 3.0 service records (as /api/hsds/services/{id} returns them).

The public contract, which the spreadsheet, CSV package and feed imports code against:

- `records_uit_json(data)`: parsed JSON in any shape HSDS publishes service records
  (a list, one record, a page `{"contents": [...]}`, an organization with nested
  `services`) → a list of service records; anything else raises `ImportFout`.
- `hsds_importeren(records, *, proef=False) -> Rapport`: creates or updates by id. Each
  record is all-or-nothing; a record that cannot be imported is a `fout`, what it could
  not take is a `waarschuwing` (both `Melding(index, pad, reden)`). `proef=True` runs the
  very same code in a savepoint that is rolled back: everything checked and classified,
  nothing saved. A record whose import would change nothing is `ongewijzigd` and leaves
  no trace (no `gewijzigd` timestamp, no search index update).
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from locaties.models import Kern
from locaties.openingstijden import TZ

from . import hsds
from .models import (
    Aanbod,
    AanbodOpVestiging,
    Capaciteit,
    Contactpersoon,
    Doelgroep,
    Levensdomein,
    Organisatie,
    Vestiging,
    VestigingOpeningsregel,
    Werkgebied,
    werkgebied_kernen_schoon,
)
from .zoeken import vouw, zoekindex_bijwerken

STATUS_TERUG = {v: k for k, v in hsds.STATUS.items()} | {"defunct": "inactief"}


class RecordFout(Exception):
    def __init__(self, veld: str, melding: str):
        super().__init__(f"{veld}: {melding}")
        self.veld, self.melding = veld, melding


class ImportFout(Exception):
    """Input that is not HSDS service records at all; the message is Dutch, for the user."""


class Melding(NamedTuple):
    """One finding about one record: its index in the input, the path of the field in
    the record (`locations[0].address_1`, `schedules[1].byweekno`; `(record)` for the
    record as a whole) and the reason, in Dutch."""

    index: int
    pad: str
    reden: str


@dataclass
class Rapport:
    """What an import did (or, with proef, would do). Service ids as str, in record order."""

    nieuw: list[str] = field(default_factory=list)
    gewijzigd: list[str] = field(default_factory=list)
    ongewijzigd: list[str] = field(default_factory=list)
    waarschuwingen: list[Melding] = field(default_factory=list)
    fouten: list[Melding] = field(default_factory=list)
    # (taxonomy, term) → number of records that carried it, for terms with no mapping.
    onbekende_termen: Counter[tuple[str, str]] = field(default_factory=Counter)
    # Every record that was taken (new, changed or unchanged), in record order.
    geimporteerd: list[str] = field(default_factory=list)
    proef: bool = False


def records_uit_json(data: Any) -> list[dict]:
    """The service records in parsed JSON, whatever shape HSDS gives them in.

    Accepts a list of service records, one service record, a page of a list endpoint
    (`{"contents": [...]}`) and an organization record with its `services` nested (each
    service then gets the organization, without its services, as `organization`)."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise ImportFout(
            "Het bestand bevat geen HSDS-gegevens: verwacht een lijst van service-records, "
            "één service-record, een pagina met 'contents' of een organisatie met 'services'."
        )
    if isinstance(data.get("contents"), list):
        return data["contents"]
    if isinstance(data.get("services"), list) and "name" in data and "status" not in data:
        organisatie = {k: v for k, v in data.items() if k != "services"}
        return [
            {"organization": organisatie, **s} if isinstance(s, dict) and "organization" not in s
            else s
            for s in data["services"]
        ]  # fmt: skip
    if "id" in data or "name" in data:
        return [data]
    raise ImportFout(
        "Het bestand bevat geen HSDS-gegevens: verwacht een lijst van service-records, "
        "één service-record, een pagina met 'contents' of een organisatie met 'services'."
    )


def _attributen(record: dict) -> dict[str, list[dict]]:
    uitkomst: dict[str, list[dict]] = {}
    for attribuut in record.get("attributes") or []:
        uitkomst.setdefault(attribuut.get("link_type", ""), []).append(attribuut)
    return uitkomst


def _een(attributen, soort):
    waarden = attributen.get(soort) or []
    return waarden[0].get("value", "") if waarden else ""


def _opslaan(obj, veld_prefix: str):
    try:
        obj.full_clean(validate_constraints=False)
    except ValidationError as fout:
        veld, meldingen = next(iter(fout.message_dict.items()))
        raise RecordFout(f"{veld_prefix}.{veld}", " ".join(meldingen)) from None
    obj.save()
    return obj


def _uuid(waarde, veld: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(waarde))
    except ValueError:
        raise RecordFout(veld, "geen geldige UUID") from None


def _organisatie(data: dict) -> Organisatie:
    if not isinstance(data, dict):
        raise RecordFout("organization", "ontbreekt")
    pk = _uuid(data.get("id"), "organization.id")
    attributen = _attributen(data)
    organisatie = Organisatie.objects.filter(pk=pk).first() or Organisatie(pk=pk)
    organisatie.naam = data.get("name") or ""
    beschrijving = data.get("description") or ""
    organisatie.beschrijving = "" if beschrijving == organisatie.naam else beschrijving
    organisatie.email = data.get("email") or ""
    organisatie.website = data.get("website") or ""
    telefoons = data.get("phones") or []
    organisatie.telefoon = telefoons[0].get("number", "") if telefoons else ""
    kvk = [
        i
        for i in data.get("organization_identifiers") or []
        if i.get("identifier_scheme") == "NL-KVK"
    ]
    organisatie.kvk_nummer = kvk[0].get("identifier", "") if kvk else ""
    organisatie.slug = _een(attributen, "slug") or organisatie.slug or str(pk)
    gecontroleerd = _een(attributen, "laatst_gecontroleerd")
    if gecontroleerd:
        try:
            organisatie.laatst_gecontroleerd = date.fromisoformat(gecontroleerd)
        except ValueError:
            raise RecordFout("organization.attributes.laatst_gecontroleerd", "geen datum") from None
    return _opslaan(organisatie, "organization")


def _vestiging(data: dict, organisatie: Organisatie, veld: str) -> Vestiging:
    pk = _uuid(data.get("id"), f"{veld}.id")
    attributen = _attributen(data)
    # HSDS 3.0 names are `addresses` and `accessibility`. `addresss` and `accessibilitys` come
    # from a pre-release generator (and from our own exports before the fix); accepted as well
    # so such files still import.
    adres = (data.get("addresses") or data.get("addresss") or [{}])[0]
    vestiging = Vestiging.objects.filter(pk=pk).first() or Vestiging(pk=pk)
    vestiging.organisatie = organisatie
    vestiging.naam = data.get("name") or ""
    vestiging.straat = _een(attributen, "straat") or adres.get("address_1", "")
    vestiging.huisnummer = _een(attributen, "huisnummer")
    vestiging.postcode = adres.get("postal_code", "")
    vestiging.plaats = adres.get("city", "")
    vestiging.kern = _een(attributen, "kern")
    toegankelijk = data.get("accessibility") or data.get("accessibilitys") or []
    vestiging.toegankelijkheid = toegankelijk[0].get("description", "") if toegankelijk else ""
    vestiging.route = data.get("transportation") or ""
    vestiging.latitude = data.get("latitude")
    vestiging.longitude = data.get("longitude")
    return _opslaan(vestiging, veld)


def _regels(schedules: list[dict], veld: str) -> list[dict]:
    """Join the per-daylight-saving-period schedules back into weekly rules."""
    per_regel: dict[str, list[dict]] = {}
    for index, schedule in enumerate(schedules):
        attributen = _attributen(schedule)
        sleutel = _een(attributen, "regel") or schedule.get("id") or str(index)
        per_regel.setdefault(sleutel, []).append(
            {**schedule, "_dagdeel": _een(attributen, "dagdeel")}
        )
    regels = []
    for sleutel, delen in per_regel.items():
        eerste = delen[0]
        try:
            weekdag = hsds.BYDAY.index(eerste.get("byday", ""))
            start = time.fromisoformat(eerste["opens_at"][:5])
            einde = time.fromisoformat(eerste["closes_at"][:5])
            vanaf = [d.get("valid_from") for d in delen]
            tot = [d.get("valid_to") for d in delen]
            geldig_van = None if None in vanaf else date.fromisoformat(min(vanaf))
            geldig_tot = None if None in tot else date.fromisoformat(max(tot))
        except (ValueError, KeyError):
            raise RecordFout(
                f"{veld}.schedules", "byday, opens_at, closes_at of valid_from/valid_to ongeldig"
            ) from None
        dagdeel = eerste["_dagdeel"] or (
            "ochtend" if start < time(12) else "middag" if start < time(18) else "avond"
        )
        regels.append(
            {"id": _uuid(sleutel, f"{veld}.schedules.id"), "weekdag": weekdag, "dagdeel": dagdeel, "start": start,
             "einde": einde, "geldig_van": geldig_van, "geldig_tot": geldig_tot}
        )  # fmt: skip
    return regels


def _termen(attributen, soort: str, model):
    termen = []
    for attribuut in attributen.get(soort, []):
        term = attribuut.get("taxonomy_term") or {}
        gevonden = None
        if term.get("id"):
            gevonden = model.objects.filter(uuid=_uuid(term["id"], f"attributes.{soort}")).first()
        gevonden = (
            gevonden
            or model.objects.filter(slug=term.get("code") or attribuut.get("value")).first()
        )
        if gevonden is None:
            raise RecordFout(
                f"attributes.{soort}",
                f"onbekende term '{term.get('name') or attribuut.get('value')}'",
            )
        termen.append(gevonden)
    return termen


def _tijdstip(waarde: str) -> datetime:
    """An ISO 8601 date-time; one without an offset is Amsterdam time."""
    moment = datetime.fromisoformat(waarde)
    return moment if moment.tzinfo else moment.replace(tzinfo=TZ)


def _capaciteit(record: dict, attributen: dict, aanbod: Aanbod) -> None:
    """Whether the aanbod takes new clients, from HSDS 3.1 `capacities` (hsds.capacities).
    Our own attributes say the answer and a wachtlijst's weeks exactly; without them (another
    system) any capacity with places available means it takes new clients, none means full.
    No capacity at all: not stated. Who stated it stays only when nothing changed."""
    capaciteiten = [c for c in record.get("capacities") or [] if isinstance(c, dict)]
    antwoord = _een(attributen, "capaciteit")
    if antwoord:
        if antwoord not in Capaciteit.values or antwoord == Capaciteit.ONBEKEND:
            raise RecordFout("attributes.capaciteit", f"onbekende waarde '{antwoord}'")
        capaciteit = antwoord
    elif capaciteiten:
        try:
            beschikbaar = [float(c.get("available")) for c in capaciteiten]
        except (TypeError, ValueError):
            raise RecordFout("capacities.available", "geen getal") from None
        capaciteit = Capaciteit.JA if any(b > 0 for b in beschikbaar) else Capaciteit.VOL
    else:
        capaciteit = Capaciteit.ONBEKEND
    weken = None
    if capaciteit == Capaciteit.WACHTLIJST:
        try:
            weken = int(_een(attributen, "wachtlijst_weken"))
        except (TypeError, ValueError):
            raise RecordFout("attributes.wachtlijst_weken", "geen heel aantal weken") from None
    op = None
    momenten = [c["updated"] for c in capaciteiten if c.get("updated")]
    if capaciteit != Capaciteit.ONBEKEND and momenten:
        try:
            op = max(_tijdstip(moment) for moment in momenten)
        except (TypeError, ValueError):
            raise RecordFout("capacities.updated", "geen datum-tijd (ISO 8601)") from None
    vorige = aanbod.capaciteit_doorgegeven_op
    if op is not None and vorige is not None and hsds.tijdstip(op) == hsds.tijdstip(vorige):
        op = vorige  # the same moment: our export writes it to the millisecond
    ongewijzigd = (capaciteit, weken) == (aanbod.capaciteit, aanbod.wachtlijst_weken)
    if op is None and capaciteit != Capaciteit.ONBEKEND:
        op = aanbod.capaciteit_doorgegeven_op if ongewijzigd else None
        op = op or timezone.now()
    if not (ongewijzigd and op == aanbod.capaciteit_doorgegeven_op):
        aanbod.capaciteit_doorgegeven_door = None
    aanbod.capaciteit, aanbod.wachtlijst_weken, aanbod.capaciteit_doorgegeven_op = (
        capaciteit,
        weken,
        op,
    )


# Words around a place's name in an area's name ("Gemeente Aalten", "Kern Dinxperlo").
_GEBIED_WOORDEN = {"gemeente", "regio", "kern", "woonkern", "dorp", "buurtschap"}


def _sleutel(tekst: str) -> str:
    """A place's name to look up: folded, its words without _GEBIED_WOORDEN."""
    return " ".join(w for w in re.findall(r"[a-z0-9]+", vouw(tekst)) if w not in _GEBIED_WOORDEN)


_KERNEN = {_sleutel(naam): kern for kern, naam in Kern.choices}


def _gebied(gebied: dict) -> list[tuple[str, str | None]] | None:
    """What one service_area names: [("gemeente", None)] ("gemeente Aalten", or its URI),
    [("regio", None)] ("Achterhoek"), or a kern per place it lists ("Dinxperlo", "Kern
    Bredevoort", "Barlo, Dale en De Heurne"); None when a place in it is not ours."""
    naam = str(gebied.get("name") or "")
    woorden_ = re.findall(r"[a-z0-9]+", vouw(naam))
    if gebied.get("uri") == hsds.GEMEENTE_URI or (
        "gemeente" in woorden_ and _sleutel(naam) == "aalten"
    ):
        return [("gemeente", None)]
    if _sleutel(naam) in {"achterhoek", "de achterhoek"}:
        return [("regio", None)]
    plaatsen = []
    for deel in re.split(r",|;|/|&|\ben\b|\band\b", vouw(naam)):
        if not _sleutel(deel):
            continue
        if _sleutel(deel) not in _KERNEN:
            return None
        plaatsen.append(("kern", _KERNEN[_sleutel(deel)]))
    return plaatsen or None


def werkgebied_lezen(service_areas) -> tuple[dict, list[tuple[str, str]]]:
    """The werkgebied HSDS service_areas describe (hsds.service_areas writes them): the
    fields werkgebied, werkgebied_kernen and aan_huis, and (path, reason) for each area it
    could not place, which is left out. Our own attributes say the kind; another system's
    areas are read by their names: the region above the municipality above kernen. No
    area that names a place of ours: only at the vestigingen."""
    waarschuwingen: list[tuple[str, str]] = []
    if not isinstance(service_areas, list):
        if service_areas is not None:
            waarschuwingen.append(("service_areas", "geen lijst; niet meegenomen"))
        service_areas = []
    soorten, kernen, aan_huis = set(), [], False
    eigen = None  # the kind our own export wrote, when it did
    for index, gebied in enumerate(service_areas):
        pad = f"service_areas[{index}]"
        if not isinstance(gebied, dict):
            waarschuwingen.append((pad, "geen object; niet meegenomen"))
            continue
        attributen = _attributen(gebied)
        aan_huis |= _een(attributen, "aan_huis") == "ja"
        eigen = _een(attributen, "werkgebied") or eigen
        plaatsen = _gebied(gebied)
        if plaatsen is None:
            naam = gebied.get("name") or gebied.get("description") or "(zonder naam)"
            waarschuwingen.append(
                (f"{pad}.name", f"onbekend gebied '{str(naam)[:100]}'; niet meegenomen")
            )
            continue
        for soort, kern in plaatsen:
            soorten.add(soort)
            if kern:
                kernen.append(kern)
    if eigen in Werkgebied.values:
        werkgebied = eigen
    elif "regio" in soorten:
        werkgebied = Werkgebied.REGIO
    elif "gemeente" in soorten:
        werkgebied = Werkgebied.GEMEENTE
    elif kernen:
        werkgebied = Werkgebied.KERNEN
    else:
        werkgebied = Werkgebied.VESTIGINGEN
    if werkgebied == Werkgebied.KERNEN and not kernen:
        werkgebied = Werkgebied.VESTIGINGEN
    return {
        "werkgebied": werkgebied,
        "werkgebied_kernen": werkgebied_kernen_schoon(werkgebied, kernen),
        "aan_huis": aan_huis,
    }, waarschuwingen


def _service(record: dict, waarschuwingen: list[tuple[str, str]]) -> Aanbod:
    if not isinstance(record, dict):
        raise RecordFout("(record)", "geen object")
    for verplicht in ("id", "name", "status"):
        if not record.get(verplicht):
            raise RecordFout(verplicht, "ontbreekt")
    if record["status"] not in STATUS_TERUG:
        raise RecordFout("status", f"onbekende status '{record['status']}'")
    organisatie = _organisatie(record.get("organization"))
    pk = _uuid(record["id"], "id")
    attributen = _attributen(record)
    aanbod = Aanbod.objects.filter(pk=pk).first() or Aanbod(pk=pk)
    aanbod.organisatie = organisatie
    aanbod.naam = record["name"]
    aanbod.slug = _een(attributen, "slug") or aanbod.slug or str(pk)
    aanbod.korte_beschrijving = (
        _een(attributen, "korte_beschrijving") or (record.get("description") or "")[:200]
    )
    aanbod.beschrijving = record.get("description") or ""
    aanbod.status = STATUS_TERUG[record["status"]]
    aanbod.email = record.get("email") or ""
    aanbod.website = record.get("url") or ""
    telefoons = record.get("phones") or []
    aanbod.telefoon = telefoons[0].get("number", "") if telefoons else ""
    aanbod.aanmelden_toelichting = record.get("application_process") or ""
    aanbod.kosten_toelichting = record.get("fees_description") or ""
    aanbod.kosten = _een(attributen, "kosten") or "gratis"
    aanbod.aanmelden = _een(attributen, "aanmelden") or "zelf"
    aanbod.zoekwoorden = _een(attributen, "zoekwoorden")
    aanbod.leeftijd_van = record.get("minimum_age")
    aanbod.leeftijd_tot = record.get("maximum_age")
    aanbod.talen = [taal.get("code") for taal in record.get("languages") or [] if taal.get("code")]
    _capaciteit(record, attributen, aanbod)
    werkgebied, niet_geplaatst = werkgebied_lezen(record.get("service_areas"))
    for veld, waarde in werkgebied.items():
        setattr(aanbod, veld, waarde)
    waarschuwingen += niet_geplaatst
    _opslaan(aanbod, "service")
    aanbod.levensdomeinen.set(_termen(attributen, "levensdomein", Levensdomein))
    aanbod.doelgroepen.set(_termen(attributen, "doelgroep", Doelgroep))

    contact_ids = []
    for index, contact in enumerate(record.get("contacts") or []):
        cpk = _uuid(contact.get("id"), f"contacts[{index}].id")
        persoon = Contactpersoon.objects.filter(pk=cpk).first() or Contactpersoon(pk=cpk)
        persoon.organisatie, persoon.aanbod = organisatie, aanbod
        persoon.naam = contact.get("name") or ""
        persoon.functie = contact.get("title") or ""
        persoon.email = contact.get("email") or ""
        persoon.telefoon = ((contact.get("phones") or [{}])[0]).get("number", "")
        _opslaan(persoon, f"contacts[{index}]")
        contact_ids.append(cpk)
    aanbod.contactpersonen.exclude(pk__in=contact_ids).delete()

    koppeling_ids = []
    for index, sal in enumerate(record.get("service_at_locations") or []):
        veld = f"service_at_locations[{index}]"
        vestiging = _vestiging(sal.get("location") or {}, organisatie, f"{veld}.location")
        kpk = _uuid(sal.get("id"), f"{veld}.id")
        koppeling = AanbodOpVestiging.objects.filter(pk=kpk).first() or AanbodOpVestiging(pk=kpk)
        koppeling.aanbod, koppeling.vestiging = aanbod, vestiging
        koppeling.toelichting = sal.get("description") or ""
        koppeling.save()
        koppeling.openingsregels.all().delete()
        for regel in _regels(sal.get("schedules") or [], veld):
            _opslaan(
                VestigingOpeningsregel(aanbod_op_vestiging=koppeling, **regel),
                f"{veld}.schedules",
            )
        koppeling_ids.append(kpk)
    aanbod.op_vestigingen.exclude(pk__in=koppeling_ids).delete()
    return aanbod


def _momentopname(pk) -> dict | None:
    """Everything an import can change about one aanbod, to tell changed from unchanged."""
    aanbod = hsds.service_prefetch(Aanbod.objects.filter(pk=pk)).first()
    if aanbod is None:
        return None
    return hsds.service(aanbod, date(2000, 1, 1))


class _Terugdraaien(Exception):
    """Leaves a savepoint without keeping what happened in it."""


def hsds_importeren(records, *, proef: bool = False) -> Rapport:
    rapport = Rapport(proef=proef)
    if not isinstance(records, list):
        rapport.fouten.append(Melding(-1, "(bestand)", "verwacht een lijst van service-records"))
        return rapport
    gezien: dict[str, int] = {}
    try:
        with transaction.atomic():
            for index, record in enumerate(records):
                rid = str(record.get("id")) if isinstance(record, dict) else None
                if rid and rid in gezien:
                    rapport.fouten.append(
                        Melding(index, "id", f"komt al voor in record {gezien[rid]}")
                    )
                    continue
                if rid:
                    gezien[rid] = index
                _record_importeren(rapport, index, record)
            if rapport.nieuw or rapport.gewijzigd:
                zoekindex_bijwerken(aanbod_ids=rapport.nieuw + rapport.gewijzigd)
            if proef:
                raise _Terugdraaien
    except _Terugdraaien:
        pass
    return rapport


def _record_importeren(rapport: Rapport, index: int, record) -> None:
    waarschuwingen: list[tuple[str, str]] = []  # (path, reason) of a record that is taken
    try:
        with transaction.atomic():
            pk = record.get("id") if isinstance(record, dict) else None
            voor = _momentopname(_uuid(pk, "id")) if pk else None
            aanbod = _service(record, waarschuwingen)
            na = _momentopname(aanbod.pk)
            if voor == na:
                raise _Terugdraaien
    except _Terugdraaien:
        rapport.ongewijzigd.append(str(aanbod.pk))
        rapport.geimporteerd.append(str(aanbod.pk))
        rapport.waarschuwingen += [Melding(index, pad, reden) for pad, reden in waarschuwingen]
        return
    except RecordFout as fout:
        rapport.fouten.append(Melding(index, fout.veld, fout.melding))
        return
    except IntegrityError as fout:
        rapport.fouten.append(Melding(index, "(database)", str(fout).splitlines()[0]))
        return
    (rapport.gewijzigd if voor else rapport.nieuw).append(str(aanbod.pk))
    rapport.geimporteerd.append(str(aanbod.pk))
    rapport.waarschuwingen += [Melding(index, pad, reden) for pad, reden in waarschuwingen]
