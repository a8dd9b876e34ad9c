"""Import HSDS 3.0 service records: our own export, and any other system's.

The public contract, which the CSV package, spreadsheet and feed imports code against:

- `json_uit_bestand(bestand)`: a JSON file or upload read safely (size limit before
  reading, BOM, encoding) → parsed JSON, or `ImportFout`.
- `records_uit_json(data)`: parsed JSON in any shape HSDS publishes service records
  (a list, one record, a page `{"contents": [...]}`, an organization with nested
  `services`) → a list of service records; anything else raises `ImportFout`.
- `hsds_importeren(records, *, proef=False) -> Rapport`: creates or updates by id. Each
  record is all-or-nothing. A record is refused (a `fout`) only when it lacks what no
  aanbod can exist without: its id, its name, its organisation's name (or an
  organization_id we know). Everything it has that we could not take is a
  `waarschuwing`; both are `Melding(index, pad, reden)`, `pad` the field's path in the
  record (`service_at_locations[0].location.addresses[0].address_1`). `proef=True` runs
  the very same code in a savepoint that is rolled back: everything checked and
  classified, nothing saved. A record whose import would change nothing is `ongewijzigd`
  and leaves no trace (no `gewijzigd` timestamp, no search index update).

What a record carries is kept as far as our model can hold it:

- Our own fields that HSDS has no place for travel as `attributes` with our own
  link_type (see hsds.py); a record from another system has none of them and gets
  sensible defaults (a slug from its name, a one-line description from its description).
- Addresses: a Dutch `address_1` is split into street, number and addition ("Markt 12a",
  "Hofstraat 21-23", "Laan van Ravesteyn 1 bis"), the postcode written one way
  ("7121 AB"); an address in another country is kept as given. The kern comes from the
  place name or postcode (`kern_bij_adres`), else "buiten de gemeente".
- Phone numbers in any format become E.164 (toegang.telefoon).
- Schedules: weekly rules (several days in `byday`, times with or without seconds or
  offset, `valid_from`/`valid_to`, `dtstart`/`until`) become opening rules. HSDS times
  carry a UTC offset, ours are wall-clock times in Amsterdam: the time is taken as
  written, since a weekly rule with one fixed offset would be an hour off for half the
  year (our own export writes one schedule per daylight-saving period for that reason,
  and they are joined back here). What the engine cannot represent (monthly, `byweekno`,
  `bymonthday`, a count…) is a warning, and is kept as text on the aanbod at that
  vestiging, shown on the public page. A service's or location's own schedules apply to
  its service_at_locations that have none.
- Taxonomy terms of other systems (Open Eligibility, UK service lists, free keywords)
  are looked up in `Taxonomieterm`, the mapping the beheerder keeps in /beheer/; a term
  without a mapping becomes a search keyword of the aanbod and is counted in
  `Rapport.onbekende_termen`, and is listed in /beheer/ to be mapped.
- The record as received is stored with the aanbod (`Aanbod.hsds_origineel`).
"""

from __future__ import annotations

import json
import os
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any, BinaryIO, NamedTuple

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DataError, IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from locaties.models import Kern
from locaties.openingstijden import TZ, tijd, weekdag
from toegang.telefoon import telefoon_e164

from . import hsds
from .models import (
    Aanbod,
    AanbodOpVestiging,
    Capaciteit,
    Contactpersoon,
    Doelgroep,
    Kosten,
    Levensdomein,
    Organisatie,
    Taxonomieterm,
    Vestiging,
    VestigingKern,
    VestigingOpeningsregel,
    Werkgebied,
    capaciteit_controleren,
    kern_bij_adres,
    postcode_normaliseren,
    werkgebied_kernen_schoon,
)
from .zoeken import vouw, zoekindex_bijwerken

# The largest JSON file taken (README, "HSDS importeren"): a whole region's directory
# of a few thousand services is a few megabytes; beyond this it is refused before it is read.
MAX_JSON_BYTES = 20 * 1024 * 1024

STATUS_TERUG = {v: k for k, v in hsds.STATUS.items()} | {"defunct": "inactief"}
NIET_OVERGENOMEN = (
    "niet overgenomen: de sociale kaart heeft hier geen veld voor (bewaard in het originele record)"
)
GEEN_HSDS = (
    "Het bestand bevat geen HSDS-gegevens: verwacht een lijst van service-records, "
    "één service-record, een pagina met 'contents' of een organisatie met 'services'."
)
# Our own attributes per entity (hsds.py writes them); any other link_type is another
# system's taxonomy term or keyword.
EIGEN_ATTRIBUTEN = {
    "service": {
        "slug",
        "korte_beschrijving",
        "kosten",
        "aanmelden",
        "zoekwoorden",
        "capaciteit",
        "wachtlijst_weken",
    },
    "organization": {"slug", "laatst_gecontroleerd"},
    "location": {"kern", "straat", "huisnummer", "toevoeging"},
    "schedule": {"dagdeel", "regel"},
}
EIGEN_TAXONOMIE = {"levensdomein": Levensdomein, "doelgroep": Doelgroep}
# Keys that only link HSDS objects to each other: taken as read, never a warning.
VERWIJZINGEN = {
    "service_id",
    "organization_id",
    "location_id",
    "contact_id",
    "service_at_location_id",
    "link_id",
    "phone_id",
    "program_id",
}
LANDEN = {
    "NLD": "NL", "NEDERLAND": "NL", "NETHERLANDS": "NL", "THE NETHERLANDS": "NL",
    "DEU": "DE", "DUITSLAND": "DE", "GERMANY": "DE", "DEUTSCHLAND": "DE",
    "BEL": "BE", "BELGIË": "BE", "BELGIE": "BE", "BELGIUM": "BE",
    "GBR": "GB", "UK": "GB", "USA": "US",
}  # fmt: skip
# ISO 639-1 and 639-2/B codes → the ISO 639-3 codes Aanbod.talen holds.
TAALCODES = {
    "nl": "nld", "en": "eng", "de": "deu", "ar": "ara", "tr": "tur", "pl": "pol",
    "fr": "fra", "es": "spa", "it": "ita", "pt": "por", "ro": "ron", "bg": "bul",
    "ru": "rus", "uk": "ukr", "fa": "fas", "ti": "tir", "so": "som", "ur": "urd",
    "zh": "zho", "ku": "kur", "hi": "hin", "fy": "fry", "am": "amh", "ps": "pus",
    "dut": "nld", "ger": "deu", "fre": "fra", "per": "fas", "chi": "zho", "rum": "ron",
}  # fmt: skip
RANGTELWOORDEN = {1: "eerste", 2: "tweede", 3: "derde", 4: "vierde", 5: "vijfde", -1: "laatste"}
FREQUENTIES = {
    "DAILY": "elke dag",
    "WEEKLY": "elke week",
    "MONTHLY": "elke maand",
    "YEARLY": "elk jaar",
}
EENHEDEN = {"DAILY": "dagen", "WEEKLY": "weken", "MONTHLY": "maanden", "YEARLY": "jaar"}
ADRESREGEL = re.compile(
    r"^(?P<straat>.*\S)\s+(?P<nummer>[1-9][0-9]{0,4})"
    r"(?:\s*[-/]\s*|\s+)?(?P<toevoeging>[0-9A-Za-z]{1,6})?\.?$"
)
TIJD = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$")
BYDAG = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")


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
    """What an import did (or, with proef, would do). Service ids as str (the aanbod's
    UUID: the record's id, or one derived from it when that is no UUID), in record order."""

    nieuw: list[str] = field(default_factory=list)
    gewijzigd: list[str] = field(default_factory=list)
    ongewijzigd: list[str] = field(default_factory=list)
    waarschuwingen: list[Melding] = field(default_factory=list)
    fouten: list[Melding] = field(default_factory=list)
    # (taxonomy, term name) → number of records that carried it, for terms with no mapping.
    onbekende_termen: Counter[tuple[str, str]] = field(default_factory=Counter)
    # Every record that was taken (new, changed or unchanged), in record order.
    geimporteerd: list[str] = field(default_factory=list)
    proef: bool = False


class RecordFout(Exception):
    """A record that cannot be imported at all."""

    def __init__(self, pad: str, reden: str):
        super().__init__(f"{pad}: {reden}")
        self.pad, self.reden = pad, reden


# --- Reading the input ------------------------------------------------------------------------


def json_uit_bestand(bestand: BinaryIO | str | os.PathLike, *, max_bytes: int = MAX_JSON_BYTES):
    """Parsed JSON from a path, an open binary file or an upload (Django UploadedFile).

    A file above `max_bytes` is refused by its size before anything is read; a stream
    without a known size is read up to that limit and no further. A UTF-8 byte order mark
    is skipped, UTF-16 and UTF-32 are recognised by their first bytes; anything else that
    is not UTF-8 (a file saved as Windows-1252) is refused, as is what is not JSON."""
    if isinstance(bestand, str | os.PathLike):
        try:
            grootte = os.stat(bestand).st_size
            _niet_te_groot(grootte, max_bytes)
            with open(bestand, "rb") as invoer:
                return json_uit_bytes(_lezen(invoer, max_bytes), max_bytes=max_bytes)
        except OSError as fout:
            raise ImportFout(f"Kan het bestand niet lezen: {fout.strerror}.") from None
    _niet_te_groot(getattr(bestand, "size", None), max_bytes)
    return json_uit_bytes(_lezen(bestand, max_bytes), max_bytes=max_bytes)


def _niet_te_groot(grootte: int | None, max_bytes: int) -> None:
    if grootte is not None and grootte > max_bytes:
        raise ImportFout(
            f"Het bestand is te groot ({_mb(grootte)}); de grens is {_mb(max_bytes)}. "
            "Splits het in delen, bijvoorbeeld per organisatie."
        )


def _mb(aantal: int) -> str:
    return f"{aantal / 1024 / 1024:.1f} MB".replace(".", ",")


def _lezen(invoer, max_bytes: int) -> bytes:
    delen, gelezen = [], 0
    while gelezen <= max_bytes:
        deel = invoer.read(min(1024 * 1024, max_bytes + 1 - gelezen))
        if not deel:
            break
        delen.append(deel)
        gelezen += len(deel)
    if gelezen > max_bytes:
        _niet_te_groot(gelezen, max_bytes)  # a stream longer than it said, or of unknown size
    return b"".join(delen)


def json_uit_bytes(inhoud: bytes, *, max_bytes: int = MAX_JSON_BYTES):
    """Parsed JSON from bytes, with the checks of json_uit_bestand."""
    _niet_te_groot(len(inhoud), max_bytes)
    if not inhoud.strip():
        raise ImportFout("Het bestand is leeg.")
    if inhoud.startswith(b"\xef\xbb\xbf"):
        inhoud = inhoud[3:]
    codering = json.detect_encoding(inhoud)
    try:
        tekst = inhoud.decode(codering)
    except UnicodeDecodeError as fout:
        raise ImportFout(
            f"Het bestand is geen UTF-8 (teken {fout.start + 1} is ongeldig). Sla het op als "
            "UTF-8; Excel en Kladblok noemen dat 'UTF-8' bij 'Opslaan als'."
        ) from None
    tekst = tekst.lstrip("\ufeff")
    begin = tekst.lstrip()[:1]
    if begin == "<":
        raise ImportFout("Het bestand is HTML of XML, geen JSON.")
    try:
        return json.loads(tekst, parse_constant=_geen_constante)
    except json.JSONDecodeError as fout:
        raise ImportFout(
            f"Het bestand is geen geldige JSON: de fout zit in regel {fout.lineno}, "
            f"teken {fout.colno}."
        ) from None
    except RecursionError:
        raise ImportFout("Het bestand is geen bruikbare JSON: het is te diep genest.") from None


def _geen_constante(naam: str):
    raise ImportFout(f"Het bestand is geen geldige JSON: '{naam}' is geen getal in JSON.")


def records_uit_json(data: Any) -> list[dict]:
    """The service records in parsed JSON, whatever shape HSDS gives them in.

    Accepts a list of service records, one service record, a page of a list endpoint
    (`{"contents": [...]}`) and an organization record with its `services` nested (each
    service then gets the organization, without its services, as `organization`); a list
    or page of such organizations too."""
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        data = data["contents"]
    if isinstance(data, list):
        return [record for item in data for record in _records(item)]
    if isinstance(data, dict) and ("id" in data or "name" in data):
        return _records(data)
    raise ImportFout(GEEN_HSDS)


def _is_organisatie(item) -> bool:
    return (
        isinstance(item, dict) and isinstance(item.get("services"), list) and "status" not in item
    )


def _records(item) -> list:
    if not _is_organisatie(item):
        return [item]
    organisatie = {k: v for k, v in item.items() if k != "services"}
    return [
        {**s, "organization": organisatie} if isinstance(s, dict) and "organization" not in s else s
        for s in item["services"]
    ]


# --- One record ---------------------------------------------------------------------------------


class _Record:
    """What is found while one record is read: its warnings and unmapped terms."""

    def __init__(self, index: int):
        self.index = index
        self.waarschuwingen: list[Melding] = []
        self.onbekende_termen: Counter[tuple[str, str]] = Counter()
        self.contacten: set[uuid.UUID] = set()

    def waarschuw(self, pad: str, reden: str) -> None:
        melding = Melding(self.index, pad, reden)
        if melding not in self.waarschuwingen:
            self.waarschuwingen.append(melding)


def _pad(basis: str, sleutel: str | int) -> str:
    if isinstance(sleutel, int):
        return f"{basis}[{sleutel}]"
    return f"{basis}.{sleutel}" if basis else sleutel


def _leeg(waarde) -> bool:
    return waarde is None or waarde == "" or waarde == [] or waarde == {}


class _Object:
    """One HSDS object as it is read: each key taken is marked; `klaar()` warns for every
    other key that has a value, so nothing is dropped without saying so."""

    def __init__(self, data: dict, pad: str, record: _Record):
        self.data, self.pad, self.record = data, pad, record
        self.genomen = set(VERWIJZINGEN)

    def __call__(self, sleutel: str, standaard=None):
        self.genomen.add(sleutel)
        waarde = self.data.get(sleutel)
        return standaard if waarde is None else waarde

    def kijk(self, sleutel: str, standaard=None):
        """Read without taking: the caller decides later whether it was used."""
        waarde = self.data.get(sleutel)
        return standaard if waarde is None else waarde

    def neem(self, *sleutels: str) -> None:
        self.genomen.update(sleutels)

    def pad_van(self, sleutel: str | int) -> str:
        return _pad(self.pad, sleutel)

    def lijst(self, sleutel: str, *anders: str) -> tuple[str, list]:
        """A list field and its path; `anders`: older names accepted too."""
        for naam in (sleutel, *anders):
            waarde = self(naam)
            if isinstance(waarde, list) and waarde:
                return self.pad_van(naam), waarde
            if not _leeg(waarde) and not isinstance(waarde, list):
                self.record.waarschuw(self.pad_van(naam), "geen lijst; niet overgenomen")
        return self.pad_van(sleutel), []

    def klaar(self) -> None:
        for sleutel, waarde in self.data.items():
            if sleutel not in self.genomen and not _leeg(waarde):
                self.record.waarschuw(self.pad_van(sleutel), NIET_OVERGENOMEN)


def _tekst(waarde) -> str:
    if waarde is None:
        return ""
    if isinstance(waarde, str):
        return waarde.strip()
    if isinstance(waarde, int | float) and not isinstance(waarde, bool):
        return str(waarde)
    return ""


def _ingekort(waarde: str, lengte: int, pad: str, record: _Record) -> str:
    if len(waarde) <= lengte:
        return waarde
    record.waarschuw(pad, f"langer dan {lengte} tekens; ingekort")
    return waarde[: lengte - 1].rstrip() + "…"


def _id(waarde, pad: str, record: _Record, soort: str, *afleiden) -> uuid.UUID:
    """An object's id as our UUID. An id that is no UUID (HSDS asks for one, not every
    system gives one) gets a stable one derived from it and the kind of object (`soort`),
    the same wherever the object appears; a missing one is derived from `afleiden`."""
    if _leeg(waarde):
        return uuid.UUID(hsds.afgeleid_id("import", soort, *afleiden))
    try:
        return uuid.UUID(str(waarde))
    except ValueError:
        afgeleid = uuid.UUID(hsds.afgeleid_id("import", soort, waarde))
        record.waarschuw(pad, f"'{waarde}' is geen UUID; opgeslagen als {afgeleid}")
        return afgeleid


def _van_een_ander(model, pk, eigen: Q, *afleiden) -> uuid.UUID:
    """`pk`, unless a row with that id belongs to another aanbod or organisation (a record
    copied and edited by hand, or a contact one system lists with each of its services):
    then an id of its own, derived from `afleiden`, so nothing is taken from the other."""
    if model.objects.filter(pk=pk).exclude(eigen).exists():
        return uuid.UUID(hsds.afgeleid_id("import", pk, *afleiden))
    return pk


def _unieke_slug(model, basis: str, pk, lengte: int) -> str:
    stam = slugify(basis)[: lengte - 5].strip("-") or model._meta.model_name
    kandidaat, volgnummer = stam, 1
    while model.objects.filter(slug=kandidaat).exclude(pk=pk).exists():
        volgnummer += 1
        kandidaat = f"{stam}-{volgnummer}"
    return kandidaat


def _opslaan(obj, pad: str, record: _Record, velden: dict[str, str], verplicht=()) -> None:
    """Validate and save; a field that does not validate is left empty with a warning at
    its HSDS path, unless the object cannot be without it."""
    leeggemaakt = set()
    while True:
        try:
            obj.full_clean(validate_constraints=False)
        except ValidationError as fout:
            for veld, meldingen in fout.message_dict.items():
                hsds_pad = _pad(pad, velden.get(veld, veld)) if veld != NON_FIELD_ERRORS else pad
                reden = " ".join(meldingen)
                if veld in verplicht or veld not in velden or veld in leeggemaakt:
                    raise RecordFout(hsds_pad, reden) from None
                leeggemaakt.add(veld)
                record.waarschuw(hsds_pad, f"niet overgenomen: {reden}")
                model_veld = obj._meta.get_field(veld)
                setattr(obj, veld, model_veld.get_default())
            continue
        obj.save()
        return


def _objecten(pad: str, lijst: list, record: _Record):
    """(path, object) of each object in an HSDS array; anything else in it is a warning."""
    for index, item in enumerate(lijst):
        if isinstance(item, dict):
            yield _pad(pad, index), item
        else:
            record.waarschuw(_pad(pad, index), "geen object; niet overgenomen")


def _attributen(lijst_pad: str, lijst: list, entiteit: str, record: _Record):
    """Our own attributes by link_type, and the others (taxonomy terms, keywords) with
    their paths."""
    eigen: dict[str, list[dict]] = {}
    anders: list[tuple[str, dict]] = []
    for pad, attribuut in _objecten(lijst_pad, lijst, record):
        soort = attribuut.get("link_type") or ""
        if soort in EIGEN_ATTRIBUTEN.get(entiteit, ()):
            eigen.setdefault(soort, []).append(attribuut)
        else:
            anders.append((pad, attribuut))
    return eigen, anders


def _een(eigen: dict, soort: str) -> str:
    waarden = eigen.get(soort) or []
    return _tekst(waarden[0].get("value")) if waarden else ""


# --- Organisation -------------------------------------------------------------------------------


@dataclass
class _Organisatiedelen:
    """What an organisation record brings besides the organisation itself, saved after
    the aanbod so its contacts and locations can be told from the aanbod's own."""

    organisatie: Organisatie
    contacten: tuple[str, list] | None = None
    locaties: tuple[str, list] = ("", [])


def _organisatie_van(s: _Object, record: _Record, assured: date | None) -> _Organisatiedelen:
    data, verwijzing = s("organization"), s("organization_id")
    if isinstance(data, dict):
        return _organisatie(data, "organization", record, assured)
    if not _leeg(data):
        raise RecordFout("organization", "geen object")
    if _leeg(verwijzing):
        raise RecordFout("organization", "ontbreekt: een aanbod hoort bij een organisatie")
    try:
        organisatie = Organisatie.objects.filter(pk=uuid.UUID(str(verwijzing))).first()
    except ValueError:
        organisatie = None
    if organisatie is None:
        raise RecordFout(
            "organization_id",
            f"onbekende organisatie '{verwijzing}': neem het organization-record mee in het "
            "bestand, of importeer eerst die organisatie",
        )
    return _Organisatiedelen(organisatie)


def _organisatie(data: dict, pad: str, record: _Record, assured: date | None):
    o = _Object(data, pad, record)
    naam = " ".join(_tekst(o("name")).split())
    if not naam:
        raise RecordFout(_pad(pad, "name"), "ontbreekt: een organisatie heeft een naam")
    naam = _ingekort(naam, 150, _pad(pad, "name"), record)
    pk = _id(o("id"), _pad(pad, "id"), record, "organisatie", naam)
    o.neem("services")  # records_uit_json made each of them a record of its own
    organisatie = Organisatie.objects.filter(pk=pk).first()
    if organisatie is None:
        organisatie = Organisatie.objects.filter(naam__iexact=naam).first()
        if organisatie is not None:
            record.waarschuw(
                _pad(pad, "id"),
                f"gekoppeld aan de bestaande organisatie met dezelfde naam ({organisatie.pk})",
            )
    nieuw = organisatie is None
    organisatie = organisatie or Organisatie(pk=pk)
    eigen, anders = _attributen(*o.lijst("attributes"), "organization", record)
    for attribuut_pad, _ in anders:
        record.waarschuw(attribuut_pad, NIET_OVERGENOMEN)
    organisatie.naam = naam
    beschrijving = _tekst(o("description"))
    organisatie.beschrijving = "" if beschrijving == naam else beschrijving
    organisatie.email = _tekst(o("email"))
    organisatie.website = _website(o("website"))
    organisatie.telefoon = _telefoon(*o.lijst("phones"), record)
    organisatie.kvk_nummer = _kvk(*o.lijst("organization_identifiers"), record)
    slug = _een(eigen, "slug")
    if slug and Organisatie.objects.filter(slug=slug).exclude(pk=organisatie.pk).exists():
        record.waarschuw(
            _pad(pad, "attributes"),
            f"de slug '{slug}' is al van een andere organisatie; een andere gekozen",
        )
        slug = ""
    organisatie.slug = (
        slug or organisatie.slug or _unieke_slug(Organisatie, naam, organisatie.pk, 160)
    )
    gecontroleerd = _een(eigen, "laatst_gecontroleerd")
    if gecontroleerd:
        datum = _datum(gecontroleerd, _pad(pad, "attributes"), record)
        if datum:
            organisatie.laatst_gecontroleerd = datum
    elif assured and (nieuw or assured > organisatie.laatst_gecontroleerd):
        # A service's assured_date says when its data were last checked; the organisation
        # keeps the latest of its services', so importing them in any order gives the same.
        organisatie.laatst_gecontroleerd = assured
    _opslaan(
        organisatie,
        pad,
        record,
        {"beschrijving": "description", "email": "email", "website": "website",
         "telefoon": "phones", "kvk_nummer": "organization_identifiers", "slug": "attributes"},
        verplicht=("naam",),
    )  # fmt: skip
    contacten = o.lijst("contacts") if "contacts" in data else None
    locaties = o.lijst("locations")
    o.klaar()
    return _Organisatiedelen(organisatie, contacten, locaties)


def _website(waarde) -> str:
    """A web address; one written without its scheme ("www.figulus.nl") gets https://."""
    tekst = _tekst(waarde)
    if tekst and re.match(r"^[\w-]+(\.[\w-]+)+(/|$)", tekst):
        return f"https://{tekst}"
    return tekst


def _kvk(pad: str, lijst: list, record: _Record) -> str:
    kvk = ""
    for item_pad, item in _objecten(pad, lijst, record):
        i = _Object(item, item_pad, record)
        schema = _tekst(i("identifier_scheme")).upper()
        nummer = _tekst(i("identifier"))
        i.neem("id", "identifier_type")
        if schema in ("NL-KVK", "KVK") and re.fullmatch(r"[0-9]{8}", nummer) and not kvk:
            kvk = nummer
            i.klaar()
        else:
            record.waarschuw(
                i.pad,
                "niet overgenomen: alleen een KvK-nummer (NL-KVK, 8 cijfers) heeft een veld "
                "(bewaard in het originele record)",
            )
    return kvk


# --- Contact details ----------------------------------------------------------------------------


def _telefoon(pad: str, lijst: list, record: _Record) -> str:
    """The first usable phone number, as E.164; the others are warnings."""
    gekozen = ""
    for item_pad, item in _objecten(pad, lijst, record):
        if gekozen:
            record.waarschuw(item_pad, "alleen het eerste telefoonnummer wordt overgenomen")
            continue
        t = _Object(item, item_pad, record)
        t.neem("id")
        if _tekst(t("type")).lower() in ("fax", "pager"):
            record.waarschuw(item_pad, "een fax- of piepernummer wordt niet overgenomen")
            continue
        try:
            gekozen = telefoon_e164(_tekst(t("number")))
        except ValueError:
            record.waarschuw(
                _pad(item_pad, "number"),
                f"'{_tekst(item.get('number'))}' is geen geldig telefoonnummer; niet overgenomen",
            )
            continue
        t.klaar()
    return gekozen


def _contactpersonen(pad: str, lijst: list, record: _Record, organisatie, aanbod) -> list:
    """Contactpersonen of the organisation (aanbod None) or of the aanbod; a contact the
    record names twice (the Open Referral example repeats one everywhere) is one person,
    the aanbod's when it is named there."""
    ids = []
    for item_pad, item in _objecten(pad, lijst, record):
        naam = " ".join(_tekst(item.get("name")).split())
        if not naam:
            record.waarschuw(item_pad, "contactpersoon zonder naam; niet overgenomen")
            continue
        c = _Object(item, item_pad, record)
        c.neem("name")
        pk = _id(c("id"), _pad(item_pad, "id"), record, "contact", organisatie.pk, naam)
        if pk in record.contacten:
            continue
        record.contacten.add(pk)
        pk = _van_een_ander(
            Contactpersoon,
            pk,
            Q(organisatie=organisatie, aanbod=aanbod),
            organisatie.pk,
            aanbod and aanbod.pk,
        )
        persoon = Contactpersoon.objects.filter(pk=pk).first() or Contactpersoon(pk=pk)
        persoon.organisatie, persoon.aanbod = organisatie, aanbod
        persoon.naam = _ingekort(naam, 100, _pad(item_pad, "name"), record)
        persoon.functie = _ingekort(_tekst(c("title")), 100, _pad(item_pad, "title"), record)
        persoon.email = _tekst(c("email"))
        persoon.telefoon = _telefoon(*c.lijst("phones"), record)
        c.klaar()
        _opslaan(
            persoon,
            item_pad,
            record,
            {"functie": "title", "email": "email", "telefoon": "phones"},
            verplicht=("naam",),
        )
        ids.append(pk)
    return ids


def _talen(pad: str, lijst: list, record: _Record) -> list[str]:
    namen = {naam.lower(): code for code, naam in hsds.TALEN.items()} | {
        "dutch": "nld", "english": "eng", "german": "deu", "arabic": "ara", "turkish": "tur",
        "polish": "pol", "ukrainian": "ukr", "tigrinya": "tir", "urdu": "urd", "french": "fra",
        "spanish": "spa",
    }  # fmt: skip
    talen: list[str] = []
    for item_pad, item in _objecten(pad, lijst, record):
        t = _Object(item, item_pad, record)
        t.neem("id", "name")
        code = _tekst(t("code")).lower()
        code = TAALCODES.get(code, code)
        if not re.fullmatch(r"[a-z]{3}", code):
            code = namen.get(_tekst(item.get("name")).lower(), "")
        if not code:
            record.waarschuw(item_pad, "onbekende taal (geef een ISO 639-code); niet overgenomen")
            continue
        if code not in talen:
            talen.append(code)
        t.klaar()
    return talen


def _datum(waarde, pad: str, record: _Record) -> date | None:
    tekst = _tekst(waarde)
    try:
        return date.fromisoformat(tekst[:10])
    except ValueError:
        record.waarschuw(pad, f"'{tekst}' is geen datum (JJJJ-MM-DD); niet overgenomen")
        return None


# --- Locations and addresses --------------------------------------------------------------------


def _land(waarde: str, pad: str, record: _Record) -> str:
    land = " ".join(waarde.split()).upper()
    land = LANDEN.get(land, land)
    if not land:
        return "NL"
    if not re.fullmatch(r"[A-Z]{2}", land):
        record.waarschuw(
            pad, f"'{waarde}' is geen landcode (ISO 3166, zoals NL of DE); Nederland aangenomen"
        )
        return "NL"
    return land


def adresregel_splitsen(regel: str) -> tuple[str, str, str] | None:
    """A Dutch address line in street, number and addition: "Markt 12a" → ("Markt", "12",
    "a"), "Hofstraat 21-23" → ("Hofstraat", "21", "23"), "Laan van Ravesteyn 1 bis" →
    ("Laan van Ravesteyn", "1", "bis"); None when it has no house number."""
    gevonden = ADRESREGEL.match(" ".join(regel.replace(",", " ").split()))
    if not gevonden:
        return None
    return gevonden["straat"], gevonden["nummer"], gevonden["toevoeging"] or ""


def _adres(data: dict, pad: str, record: _Record, eigen: dict) -> dict | None:
    """The Vestiging fields of an HSDS address; None (with a warning) when it has too
    little to find the place by."""
    a = _Object(data, pad, record)
    a.neem("id", "address_type")
    land = _land(_tekst(a("country")), _pad(pad, "country"), record)
    regel = " ".join(_tekst(a("address_1")).split())
    plaats = " ".join(_tekst(a("city")).split())
    postcode = " ".join(_tekst(a("postal_code")).split())
    if not regel:
        record.waarschuw(_pad(pad, "address_1"), "ontbreekt; deze locatie is niet overgenomen")
        return None
    velden = {"land": land, "huisnummer": "", "huisnummer_toevoeging": ""}
    if land == "NL":
        if postcode:
            try:
                postcode = postcode_normaliseren(postcode)
            except ValueError:
                record.waarschuw(
                    _pad(pad, "postal_code"),
                    f"'{postcode}' is geen Nederlandse postcode; niet overgenomen",
                )
                postcode = ""
        if _een(eigen, "straat"):
            straat, nummer, toevoeging = (
                _een(eigen, "straat"),
                _een(eigen, "huisnummer"),
                _een(eigen, "toevoeging"),
            )
        else:
            delen = adresregel_splitsen(regel)
            if delen is None:
                record.waarschuw(
                    _pad(pad, "address_1"),
                    f"geen huisnummer gevonden in '{regel}'; de regel staat als straat",
                )
                delen = (regel, "", "")
            straat, nummer, toevoeging = delen
        velden |= {"straat": straat, "huisnummer": nummer, "huisnummer_toevoeging": toevoeging}
    else:
        velden["straat"] = regel  # kept as given: other countries write addresses otherwise
    velden["straat"] = _ingekort(velden["straat"], 100, _pad(pad, "address_1"), record)
    if len(postcode) > 10:
        record.waarschuw(_pad(pad, "postal_code"), "langer dan 10 tekens; niet overgenomen")
        postcode = ""
    kern = _een(eigen, "kern")
    if kern not in VestigingKern.values:
        kern = kern_bij_adres(land=land, postcode=postcode, plaats=plaats)
    if not plaats and kern != VestigingKern.BUITEN:
        plaats = VestigingKern(kern).label
    if not plaats:
        record.waarschuw(_pad(pad, "city"), "ontbreekt; deze locatie is niet overgenomen")
        return None
    velden |= {
        "postcode": postcode,
        "plaats": _ingekort(plaats, 60, _pad(pad, "city"), record),
        "kern": kern,
    }
    # The province is kept when it is not the Gelderland our export writes for a Dutch
    # address (a German partner's Nordrhein-Westfalen); the region is not stored, and is
    # only taken as read where it is the kern or place our own export writes there.
    provincie = " ".join(_tekst(a("state_province")).split())
    velden["provincie"] = (
        "" if land == "NL" and provincie.lower() in ("gelderland", "gld") else provincie[:60]
    )
    if _tekst(data.get("region")).lower() in {VestigingKern(kern).label.lower(), plaats.lower()}:
        a.neem("region")
    a.klaar()
    return velden


def _coordinaten(l_: _Object, record: _Record) -> tuple[Decimal | None, Decimal | None]:
    """Latitude and longitude, both or neither: half a position points nowhere."""
    paar = []
    for sleutel, grens in (("latitude", 90), ("longitude", 180)):
        waarde = l_(sleutel)
        try:
            getal = None if _leeg(waarde) else round(Decimal(str(waarde)), 6)
        except InvalidOperation:
            getal = None
            record.waarschuw(l_.pad_van(sleutel), f"'{waarde}' is geen getal; niet overgenomen")
        if getal is not None and abs(getal) > grens:
            record.waarschuw(
                l_.pad_van(sleutel),
                f"'{waarde}' ligt niet tussen -{grens} en {grens}; niet overgenomen",
            )
            getal = None
        paar.append(getal)
    if None in paar:
        for sleutel, getal in zip(("latitude", "longitude"), paar, strict=True):
            if getal is not None:
                record.waarschuw(
                    l_.pad_van(sleutel), "niet overgenomen: de andere helft van de plek ontbreekt"
                )
        return None, None
    return paar[0], paar[1]


_GEEN_VESTIGING = (None, None, ("", []))


def _vestiging(data, organisatie, pad: str, record: _Record):
    """The Vestiging of an HSDS location, the location as read (the caller says whether
    its schedules were used, then calls klaar()) and its own schedules (path, list); or
    _GEEN_VESTIGING, with a warning, when it has no address to find it by."""
    if not isinstance(data, dict):
        record.waarschuw(pad, "ontbreekt; deze locatie is niet overgenomen")
        return _GEEN_VESTIGING
    l_ = _Object(data, pad, record)
    soort = _tekst(l_("location_type")).lower()
    if soort == "virtual":
        record.waarschuw(pad, "een online locatie heeft geen adres; niet overgenomen")
        return _GEEN_VESTIGING
    eigen, anders = _attributen(*l_.lijst("attributes"), "location", record)
    for attribuut_pad, _ in anders:
        record.waarschuw(attribuut_pad, NIET_OVERGENOMEN)
    # HSDS 3.0 names are `addresses` and `accessibility`. `addresss` and `accessibilitys`
    # come from a pre-release generator (and from our own exports before the fix).
    adressen_pad, adressen = l_.lijst("addresses", "addresss")
    volgorde = sorted(
        range(len(adressen)),
        key=lambda i: (
            (not isinstance(adressen[i], dict)) * 2
            + (isinstance(adressen[i], dict) and adressen[i].get("address_type") == "postal")
        ),
    )
    adres = None
    for positie, index in enumerate(volgorde):
        adres_pad = _pad(adressen_pad, index)
        if positie and adres is not None:
            record.waarschuw(adres_pad, "alleen het eerste adres wordt overgenomen")
        elif isinstance(adressen[index], dict):
            adres = _adres(adressen[index], adres_pad, record, eigen)
    if adres is None:
        if not adressen:
            record.waarschuw(_pad(pad, "addresses"), "geen adres; deze locatie is niet overgenomen")
        return _GEEN_VESTIGING
    naam = " ".join(_tekst(l_("name")).split()) or f"{organisatie.naam}, {adres['plaats']}"
    pk = _id(l_("id"), _pad(pad, "id"), record, "locatie", organisatie.pk, naam)
    pk = _van_een_ander(Vestiging, pk, Q(organisatie=organisatie), organisatie.pk)
    vestiging = Vestiging.objects.filter(pk=pk).first() or Vestiging(pk=pk)
    vestiging.organisatie = organisatie
    vestiging.naam = _ingekort(naam, 150, _pad(pad, "name"), record)
    for veld, waarde in adres.items():
        setattr(vestiging, veld, waarde)
    toegankelijk_pad, toegankelijk = l_.lijst("accessibility", "accessibilitys")
    teksten = []
    for item_pad, item in _objecten(toegankelijk_pad, toegankelijk, record):
        t = _Object(item, item_pad, record)
        t.neem("id")
        teksten += [_tekst(t("description")), _tekst(t("details"))]
        t.klaar()
    vestiging.toegankelijkheid = "\n".join(t for t in teksten if t)
    vestiging.route = _tekst(l_("transportation"))
    vestiging.latitude, vestiging.longitude = _coordinaten(l_, record)
    schedules = (_pad(pad, "schedules"), l_.kijk("schedules") or [])
    _opslaan(
        vestiging,
        pad,
        record,
        {"naam": "name", "toegankelijkheid": "accessibility", "route": "transportation",
         "latitude": "latitude", "longitude": "longitude", "huisnummer": "addresses",
         "huisnummer_toevoeging": "addresses", "postcode": "addresses"},
        verplicht=("straat", "plaats", "kern", "land"),
    )  # fmt: skip
    return vestiging, l_, schedules


# --- Schedules ----------------------------------------------------------------------------------


@dataclass
class _Regel:
    """A weekly rule as VestigingOpeningsregel needs it (overlap_fout reads these names)."""

    id: uuid.UUID
    weekdag: int
    dagdeel: str
    start: time
    einde: time
    geldig_van: date | None
    geldig_tot: date | None
    pad: str

    def __str__(self):
        return f"{weekdag(self.weekdag, 'nl')} {self.dagdeel} {tijd(self.start)}–{tijd(self.einde)}"

    def velden(self) -> dict:
        return {
            "id": self.id, "weekdag": self.weekdag, "dagdeel": self.dagdeel, "start": self.start,
            "einde": self.einde, "geldig_van": self.geldig_van, "geldig_tot": self.geldig_tot,
        }  # fmt: skip


def _tijd(waarde) -> time | None:
    gevonden = TIJD.match(_tekst(waarde))
    if not gevonden:
        return None
    uur, minuut = int(gevonden[1]), int(gevonden[2])
    if (uur, minuut) == (24, 0):
        return time(23, 59)
    if uur > 23 or minuut > 59:
        return None
    return time(uur, minuut)


def _dagdeel(start: time) -> str:
    return "ochtend" if start < time(12) else "middag" if start < time(18) else "avond"


def _opsomming(delen: list[str]) -> str:
    return delen[0] if len(delen) == 1 else ", ".join(delen[:-1]) + " en " + delen[-1]


def _lijst_tekst(waarde) -> list[str]:
    return [d.strip() for d in _tekst(waarde).split(",") if d.strip()]


def schema_in_woorden(schedule: dict) -> str:
    """A schedule the weekly engine cannot hold, in Dutch words for the public page:
    "eerste maandag van elke maand 10:00–12:00" or "donderdag en vrijdag 10:00–18:00,
    elke week, in week 41 en 42, op dag 2, 3 en 4 van de maand, 3 keer"."""
    delen = []
    dagen = []
    for token in _lijst_tekst(schedule.get("byday")):
        gevonden = BYDAG.match(token.upper())
        if gevonden:
            dag = weekdag(hsds.BYDAY.index(gevonden[2]), "nl")
            nummer = int(gevonden[1]) if gevonden[1] else None
            dagen.append(f"{RANGTELWOORDEN.get(nummer, f'{nummer}e')} {dag}" if nummer else dag)
    opens, closes = _tijd(schedule.get("opens_at")), _tijd(schedule.get("closes_at"))
    wanneer = _opsomming(dagen) if dagen else ""
    if opens and closes:
        wanneer = f"{wanneer} {tijd(opens)}–{tijd(closes)}".strip()
    elif opens:
        wanneer = f"{wanneer} vanaf {tijd(opens)}".strip()
    if wanneer:
        delen.append(wanneer)
    freq = _tekst(schedule.get("freq")).upper()
    interval = schedule.get("interval")
    if freq and str(interval or 1) != "1" and str(interval).isdigit():
        delen.append(f"om de {interval} {EENHEDEN.get(freq, freq.lower())}")
    elif freq:
        delen.append(FREQUENTIES.get(freq, freq.lower()))
    if _lijst_tekst(schedule.get("byweekno")):
        delen.append(f"in week {_opsomming(_lijst_tekst(schedule['byweekno']))}")
    if _lijst_tekst(schedule.get("bymonthday")):
        delen.append(f"op dag {_opsomming(_lijst_tekst(schedule['bymonthday']))} van de maand")
    if _lijst_tekst(schedule.get("byyearday")):
        delen.append(f"op dag {_opsomming(_lijst_tekst(schedule['byyearday']))} van het jaar")
    if _tekst(schedule.get("count")):
        delen.append(f"{_tekst(schedule['count'])} keer")
    van = _tekst(schedule.get("valid_from")) or _tekst(schedule.get("dtstart"))
    tot = _tekst(schedule.get("valid_to")) or _tekst(schedule.get("until"))
    if van or tot:
        delen.append(
            " ".join(
                filter(
                    None,
                    [
                        f"vanaf {_datum_nl(van)}" if van else "",
                        f"tot en met {_datum_nl(tot)}" if tot else "",
                    ],
                )
            )
        )
    zin = ", ".join(delen)
    zin = zin[:1].upper() + zin[1:] + ("." if zin else "")
    extra = [_tekst(schedule.get(s)) for s in ("description", "notes")]
    return "\n".join(t for t in [zin, *extra] if t)


def _datum_nl(tekst: str) -> str:
    try:
        d = date.fromisoformat(tekst[:10])
    except ValueError:
        return tekst
    return f"{d.day}-{d.month}-{d.year}"


def _openingstijden(
    bron_pad: str, schedules: list, record: _Record, koppeling_id
) -> tuple[list[_Regel], list[str]]:
    """Weekly rules and texts from the schedules of one service_at_location."""
    regels: list[_Regel] = []
    teksten: list[str] = []
    eigen_groepen: dict[str, list[tuple[str, dict]]] = {}
    for pad, schedule in _objecten(bron_pad, schedules, record):
        eigen, anders = _attributen(
            _pad(pad, "attributes"), schedule.get("attributes") or [], "schedule", record
        )
        for attribuut_pad, _ in anders:
            record.waarschuw(attribuut_pad, NIET_OVERGENOMEN)
        if _een(eigen, "regel"):
            # Our own export: one rule written as one schedule per daylight-saving period.
            eigen_groepen.setdefault(_een(eigen, "regel"), []).append(
                (pad, schedule | {"_dagdeel": _een(eigen, "dagdeel")})
            )
            continue
        _schema(schedule, pad, record, koppeling_id, regels, teksten)
    for sleutel, delen in eigen_groepen.items():
        pad, eerste = delen[0]
        begin, einde = _tijd(eerste.get("opens_at")), _tijd(eerste.get("closes_at"))
        vanaf = [d.get("valid_from") for _, d in delen]
        tot = [d.get("valid_to") for _, d in delen]
        try:
            weekdag = hsds.BYDAY.index(_tekst(eerste.get("byday")))
            geldig_van = None if None in vanaf else date.fromisoformat(min(vanaf))
            geldig_tot = None if None in tot else date.fromisoformat(max(tot))
            pk = uuid.UUID(sleutel)
        except ValueError:
            begin = None
        if begin is None or einde is None:
            record.waarschuw(
                pad, "byday, opens_at, closes_at, valid_from of valid_to ongeldig; niet overgenomen"
            )
            continue
        regels.append(
            _Regel(
                pk,
                weekdag,
                eerste["_dagdeel"] or _dagdeel(begin),
                begin,
                einde,
                geldig_van,
                geldig_tot,
                pad,
            )
        )
    return _zonder_overlap(regels, record, teksten), teksten


def _schema(
    schedule: dict, pad: str, record: _Record, koppeling_id, regels: list, teksten: list
) -> None:
    s = _Object(schedule, pad, record)
    s.neem(
        "id", "attributes", "timezone", "wkst"
    )  # wkst has no effect on a weekly rule of interval 1
    freq = _tekst(s("freq")).upper()
    interval = s("interval")
    byday = _lijst_tekst(s("byday"))
    opens_tekst, closes_tekst = s("opens_at"), s("closes_at")
    if _tekst(s.kijk("attending_type")).lower() in ("", "in_person", "in person"):
        s.neem("attending_type")
    # What a weekly rule cannot hold.
    redenen = []
    if freq not in ("", "WEEKLY"):
        redenen.append(f"freq {freq}")
    if not _leeg(interval) and str(interval) != "1":
        redenen.append(f"interval {interval}")
    for sleutel in ("byweekno", "bymonthday", "byyearday", "count"):
        if not _leeg(s(sleutel)):
            redenen.append(f"{sleutel} {_tekst(schedule[sleutel])}")
    dagen = []
    for token in byday:
        gevonden = BYDAG.match(token.upper())
        if not gevonden:
            record.waarschuw(
                _pad(pad, "byday"), f"'{token}' is geen dag (MO, TU, …); niet overgenomen"
            )
        elif gevonden[1]:
            redenen.append(f"byday {token}")
        else:
            dagen.append(hsds.BYDAY.index(gevonden[2]))
    begin, einde = _tijd(opens_tekst), _tijd(closes_tekst)
    for sleutel, waarde, gelezen in (
        ("opens_at", opens_tekst, begin),
        ("closes_at", closes_tekst, einde),
    ):
        if not _leeg(waarde) and gelezen is None:
            record.waarschuw(
                _pad(pad, sleutel), f"'{_tekst(waarde)}' is geen tijd (UU:MM); niet overgenomen"
            )
    geldig_van = (
        _datum(s("valid_from"), _pad(pad, "valid_from"), record)
        if not _leeg(schedule.get("valid_from"))
        else None
    )
    geldig_tot = (
        _datum(s("valid_to"), _pad(pad, "valid_to"), record)
        if not _leeg(schedule.get("valid_to"))
        else None
    )
    dtstart = (
        _datum(s("dtstart"), _pad(pad, "dtstart"), record)
        if not _leeg(schedule.get("dtstart"))
        else None
    )
    until = (
        _datum(s("until"), _pad(pad, "until"), record) if not _leeg(schedule.get("until")) else None
    )
    if dtstart and not dagen and not byday and freq == "WEEKLY":
        dagen = [dtstart.weekday()]  # RFC 5545: a weekly rule without BYDAY repeats dtstart's day
    geldig_van = max(filter(None, [geldig_van, dtstart]), default=None)
    geldig_tot = min(filter(None, [geldig_tot, until]), default=None)
    tekst_extra = [_tekst(s("description")), _tekst(s("notes"))]
    if not dagen and begin is None and einde is None and not redenen:
        # A schedule in words only (also how our own export writes such a text).
        teksten.extend(t for t in tekst_extra if t)
        s.klaar()
        return
    if not redenen:
        if not dagen:
            redenen.append("geen dag (byday)")
        if begin is None or einde is None:
            redenen.append("geen openings- of sluitingstijd")
        elif einde <= begin:
            redenen.append("sluit niet na het openen op dezelfde dag")
        if geldig_van and geldig_tot and geldig_tot < geldig_van:
            redenen.append("eindigt voor het begint")
    if redenen:
        record.waarschuw(
            pad,
            f"past niet in een weekschema ({', '.join(redenen)}); als tekst bewaard bij de vestiging",
        )
        teksten.append(schema_in_woorden(schedule))
        s.neem(*schedule.keys())  # all of it is in the text
        return
    for dag in dict.fromkeys(dagen):
        # Derived per service_at_location and day: systems reuse a schedule's id for the
        # service, its locations and each service_at_location (the Open Referral example does).
        pk = uuid.UUID(
            hsds.afgeleid_id(
                koppeling_id, "schedule", _tekst(schedule.get("id")) or pad, hsds.BYDAY[dag]
            )
        )
        regels.append(_Regel(pk, dag, _dagdeel(begin), begin, einde, geldig_van, geldig_tot, pad))
    teksten.extend(t for t in tekst_extra if t)
    s.klaar()


def _zonder_overlap(regels: list[_Regel], record: _Record, teksten: list[str]) -> list[_Regel]:
    """The rules the engine can have side by side (OpeningsregelBasis.overlap_fout, the
    same check as the forms); a rule that clashes is a warning and kept as text."""
    gehouden: list[_Regel] = []
    for regel in sorted(regels, key=lambda r: (r.weekdag, r.start, r.geldig_van or date.min)):
        botsing = next(
            (f for f in (VestigingOpeningsregel.overlap_fout(regel, g) for g in gehouden) if f),
            None,
        )
        if botsing:
            record.waarschuw(regel.pad, f"{botsing} Als tekst bewaard bij de vestiging")
            teksten.append(
                f"{weekdag(regel.weekdag, 'nl')} {tijd(regel.start)}–{tijd(regel.einde)}"
            )
        else:
            gehouden.append(regel)
    return gehouden


# --- Taxonomy terms -----------------------------------------------------------------------------


def _eigen_term(model, term: dict, attribuut: dict):
    if term.get("id"):
        try:
            gevonden = model.objects.filter(uuid=uuid.UUID(str(term["id"]))).first()
        except ValueError:
            gevonden = None
        if gevonden:
            return gevonden
    slug = _tekst(term.get("code")) or _tekst(attribuut.get("value"))
    return (
        model.objects.filter(Q(slug=slug) | Q(naam__iexact=_tekst(term.get("name")))).first()
        if slug or term.get("name")
        else None
    )


def _eigen_taxonomie(attribuut: dict, term: dict):
    """Our own model when the term is one of our taxonomies (by link_type, taxonomy id or
    name: another installation of this portal has other term ids but the same slugs)."""
    soort = attribuut.get("link_type") or ""
    if soort in EIGEN_TAXONOMIE:
        return EIGEN_TAXONOMIE[soort]
    detail = term.get("taxonomy_detail") if isinstance(term.get("taxonomy_detail"), dict) else {}
    for pk, naam, model in hsds.TAXONOMIE.values():
        if str(pk) in (str(term.get("taxonomy_id")), str(detail.get("id"))) or naam == term.get(
            "taxonomy"
        ):
            return model
    return None


def _termen(anders: list[tuple[str, dict]], record: _Record):
    """Levensdomeinen, doelgroepen, foreign terms (Taxonomieterm) and keywords from the
    attributes that are not our own fields."""
    domeinen, groepen, externe, trefwoorden = [], [], [], []
    for pad, attribuut in anders:
        term = (
            attribuut.get("taxonomy_term")
            if isinstance(attribuut.get("taxonomy_term"), dict)
            else {}
        )
        model = _eigen_taxonomie(attribuut, term)
        if model is not None:
            gevonden = _eigen_term(model, term, attribuut)
            if gevonden is not None:
                (domeinen if model is Levensdomein else groepen).append(gevonden)
                continue
        detail = (
            term.get("taxonomy_detail") if isinstance(term.get("taxonomy_detail"), dict) else {}
        )
        taxonomie = _tekst(term.get("taxonomy")) or _tekst(detail.get("name"))
        naam = " ".join((_tekst(term.get("name")) or _tekst(attribuut.get("value"))).split())
        code = _tekst(term.get("code"))
        if not naam and not code:
            record.waarschuw(pad, "term zonder naam of code; niet overgenomen")
            continue
        waarde = _tekst(attribuut.get("value"))
        if term and waarde not in ("", naam, code):
            record.waarschuw(_pad(pad, "value"), NIET_OVERGENOMEN)
        taxonomie, code = taxonomie[:120], code[:120]
        naam = (naam or code)[:200]
        externe_term, _ = Taxonomieterm.objects.get_or_create(
            taxonomie=taxonomie,
            sleutel=Taxonomieterm.sleutel_voor(code, naam),
            defaults={"code": code, "naam": naam},
        )
        externe.append(externe_term)
        gekoppeld_domeinen = list(externe_term.levensdomeinen.all())
        gekoppeld_groepen = list(externe_term.doelgroepen.all())
        if gekoppeld_domeinen or gekoppeld_groepen:
            domeinen += gekoppeld_domeinen
            groepen += gekoppeld_groepen
        else:
            trefwoorden.append(externe_term.naam)
            record.onbekende_termen[(externe_term.taxonomie, externe_term.naam)] += 1
    return domeinen, groepen, externe, trefwoorden


def _zoekwoorden(delen: list[str], record: _Record) -> str:
    """Keywords in one field of 300 characters: our own first, then the record's other
    names and unmapped terms; what does not fit is a warning."""
    gezien, woorden = set(), []
    for deel in delen:
        for woord in (w.strip() for w in deel.split(",")):
            if woord and woord.lower() not in gezien:
                gezien.add(woord.lower())
                woorden.append(woord)
    tekst = ""
    for woord in woorden:
        if len(tekst) + len(woord) + 2 > 300:
            record.waarschuw(
                "attributes",
                f"zoekwoorden passen niet allemaal; '{woord}' en verder niet overgenomen",
            )
            break
        tekst = f"{tekst}, {woord}" if tekst else woord
    return tekst


# --- The service --------------------------------------------------------------------------------


def _korte_beschrijving(beschrijving: str) -> str:
    """One line for the search results: the first sentence, at most 200 characters."""
    tekst = " ".join(beschrijving.split())
    zin = re.match(r"^(.{20,200}?[.!?])(\s|$)", tekst)
    if zin:
        return zin[1]
    if len(tekst) <= 200:
        return tekst
    return tekst[:199].rsplit(" ", 1)[0] + "…"


def _samen(*delen: str, tussen: str = " ") -> str:
    return tussen.join(deel for deel in delen if deel)


def _periode(van: str, tot: str) -> str:
    return _samen(
        f"vanaf {_datum_nl(van)}" if van else "", f"tot en met {_datum_nl(tot)}" if tot else ""
    )


def _kosten(s: _Object, record: _Record) -> tuple[str | None, str]:
    """Kosten (None: not said) and the text about costs (300 characters), from
    fees_description, the older `fees` and cost_options; a part that does not fit is a
    warning at its own path."""
    delen = [("fees_description", _tekst(s("fees_description")))]
    if _tekst(s.kijk("fees")) not in ("", delen[0][1]):
        delen.append(("fees", _tekst(s("fees"))))
    s.neem("fees")
    soort = None
    pad, opties = s.lijst("cost_options")
    for optie_pad, optie in _objecten(pad, opties, record):
        o = _Object(optie, optie_pad, record)
        o.neem("id")
        try:
            bedrag = None if _leeg(optie.get("amount")) else Decimal(str(o("amount")))
        except InvalidOperation:
            bedrag = None
            record.waarschuw(
                _pad(o.pad, "amount"), f"'{optie['amount']}' is geen bedrag; niet overgenomen"
            )
        if bedrag is not None:
            soort = Kosten.BETAALD if bedrag > 0 or soort == Kosten.BETAALD else Kosten.GRATIS
        prijs = _samen(
            _tekst(o("currency")).upper(),
            f"{bedrag:.2f}".replace(".", ",") if bedrag is not None else "",
            _tekst(o("amount_description")),
        )
        periode = _periode(_tekst(o("valid_from")), _tekst(o("valid_to")))
        delen.append(
            (
                o.pad,
                _samen(
                    _tekst(o("option")),
                    _samen(prijs, f"({periode})" if periode else ""),
                    tussen=": ",
                ),
            )
        )
        o.klaar()
    tekst = ""
    for deel_pad, deel in delen:
        if not deel:
            continue
        erbij = _samen(tekst, deel) if tekst else _ingekort(deel, 300, deel_pad, record)
        if len(erbij) > 300:
            record.waarschuw(
                deel_pad,
                "past niet meer in de toelichting op de kosten (300 tekens); niet overgenomen",
            )
            continue
        tekst = erbij
    return soort, tekst


def _service_at_locations(s: _Object, aanbod: Aanbod, record: _Record) -> list:
    """The aanbod at its vestigingen, with their opening times; returns the ids of the
    contact persons named there. The service's own schedules hold where a
    service_at_location and its location have none."""
    organisatie = aanbod.organisatie
    contacten = []
    service_schedules = s.kijk("schedules") or []
    koppelingen = []
    vestigingen_gezien = set()
    sal_pad, sals = s.lijst("service_at_locations")
    for pad, sal in _objecten(sal_pad, sals, record):
        k = _Object(sal, pad, record)
        vestiging, locatie, locatie_schedules = _vestiging(
            k("location"), organisatie, _pad(pad, "location"), record
        )
        if vestiging is None:
            record.waarschuw(pad, "niet overgenomen: de locatie ontbreekt of heeft geen adres")
            continue
        if vestiging.pk in vestigingen_gezien:
            record.waarschuw(
                pad, "deze locatie staat al eerder bij dit aanbod; niet nog eens overgenomen"
            )
            continue
        vestigingen_gezien.add(vestiging.pk)
        kpk = _id(k("id"), _pad(pad, "id"), record, "koppeling", aanbod.pk, vestiging.pk)
        kpk = _van_een_ander(AanbodOpVestiging, kpk, Q(aanbod=aanbod), aanbod.pk)
        koppeling = (
            AanbodOpVestiging.objects.filter(pk=kpk).first()
            or AanbodOpVestiging.objects.filter(aanbod=aanbod, vestiging=vestiging).first()
            or AanbodOpVestiging(pk=kpk)
        )
        koppeling.aanbod, koppeling.vestiging = aanbod, vestiging
        koppeling.toelichting = _ingekort(
            _tekst(k("description")), 200, _pad(pad, "description"), record
        )
        contacten += _contactpersonen(*k.lijst("contacts"), record, organisatie, aanbod)
        eigen_pad, eigen_schedules = k.lijst("schedules")
        if eigen_schedules:
            bron = (eigen_pad, eigen_schedules)
        elif locatie_schedules[1]:
            bron = locatie_schedules
            locatie.neem("schedules")
        else:
            bron = ("schedules", service_schedules)
            if service_schedules:
                s.neem("schedules")
        locatie.klaar()
        regels, teksten = _openingstijden(*bron, record, koppeling.pk)
        koppeling.openingstijden_tekst = "\n".join(teksten)
        k.klaar()
        _opslaan(koppeling, pad, record, {"toelichting": "description"}, ("aanbod", "vestiging"))
        _regels_opslaan(koppeling, regels, record)
        koppelingen.append(koppeling.pk)
    aanbod.op_vestigingen.exclude(pk__in=koppelingen).delete()
    return contacten


def _regels_opslaan(koppeling: AanbodOpVestiging, regels: list[_Regel], record: _Record) -> None:
    """The koppeling's opening rules become exactly these; a rule that is unchanged is not
    written."""
    bestaand = {r.pk: r for r in koppeling.openingsregels.all()}
    elders = set(
        VestigingOpeningsregel.objects.filter(pk__in=[r.id for r in regels])
        .exclude(aanbod_op_vestiging=koppeling)
        .values_list("pk", flat=True)
    )
    for regel in regels:
        if regel.id in elders:  # a copied record: the rule is another's, this one gets its own
            regel.id = uuid.UUID(hsds.afgeleid_id(koppeling.pk, "regel", regel.id))
    koppeling.openingsregels.exclude(pk__in=[r.id for r in regels]).delete()
    for regel in regels:
        obj = bestaand.get(regel.id) or VestigingOpeningsregel(aanbod_op_vestiging=koppeling)
        velden = regel.velden()
        if obj.pk in bestaand and all(getattr(obj, v) == w for v, w in velden.items()):
            continue
        for veld, waarde in velden.items():
            setattr(obj, veld, waarde)
        _opslaan(obj, regel.pad, record, {})


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
    try:
        capaciteit_controleren(capaciteit, weken)  # the model's own rule, checked before saving
    except ValidationError as fout:
        raise RecordFout("attributes.wachtlijst_weken", " ".join(fout.messages)) from None
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
            waarschuwingen.append(("service_areas", "geen lijst; niet overgenomen"))
        service_areas = []
    soorten, kernen, aan_huis = set(), [], False
    eigen = None  # the kind our own export wrote, when it did
    for index, gebied in enumerate(service_areas):
        pad = f"service_areas[{index}]"
        if not isinstance(gebied, dict):
            waarschuwingen.append((pad, "geen object; niet overgenomen"))
            continue
        attributen: dict[str, list[dict]] = {}
        for attribuut in gebied.get("attributes") or []:
            if isinstance(attribuut, dict):
                attributen.setdefault(attribuut.get("link_type") or "", []).append(attribuut)
        aan_huis |= _een(attributen, "aan_huis") == "ja"
        eigen = _een(attributen, "werkgebied") or eigen
        plaatsen = _gebied(gebied)
        if plaatsen is None:
            naam = gebied.get("name") or gebied.get("description") or "(zonder naam)"
            waarschuwingen.append((pad, f"onbekend gebied '{str(naam)[:100]}'; niet overgenomen"))
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


def _service(data, record: _Record) -> Aanbod:
    if not isinstance(data, dict):
        raise RecordFout("(record)", "geen object")
    s = _Object(data, "", record)
    if _leeg(s("id")):
        raise RecordFout("id", "ontbreekt")
    naam = " ".join(_tekst(s("name")).split())
    if not naam:
        raise RecordFout("name", "ontbreekt")
    pk = _id(data["id"], "id", record, "service")
    assured = (
        _datum(s("assured_date"), "assured_date", record)
        if not _leeg(data.get("assured_date"))
        else None
    )
    delen = _organisatie_van(s, record, assured)
    organisatie = delen.organisatie
    eigen, anders = _attributen(*s.lijst("attributes"), "service", record)
    aanbod = Aanbod.objects.filter(pk=pk).first() or Aanbod(pk=pk)
    aanbod.organisatie = organisatie
    aanbod.naam = _ingekort(naam, 150, "name", record)
    slug = _een(eigen, "slug")
    if slug and Aanbod.objects.filter(slug=slug).exclude(pk=pk).exists():
        record.waarschuw(
            "attributes", f"de slug '{slug}' is al van een ander aanbod; een andere gekozen"
        )
        slug = ""
    aanbod.slug = slug or aanbod.slug or _unieke_slug(Aanbod, naam, pk, 170)
    beschrijving = _tekst(s("description"))
    if not beschrijving:
        record.waarschuw("description", "ontbreekt; de naam staat er nu")
    aanbod.beschrijving = beschrijving or naam
    aanbod.korte_beschrijving = _ingekort(
        _een(eigen, "korte_beschrijving"), 200, "attributes", record
    ) or _korte_beschrijving(aanbod.beschrijving)
    status = _tekst(s("status")).lower()
    if status not in STATUS_TERUG:
        record.waarschuw(
            "status",
            f"{'onbekende status ' + repr(status) if status else 'ontbreekt'}; 'actief' aangenomen",
        )
    aanbod.status = STATUS_TERUG.get(status, "actief")
    aanbod.email = _tekst(s("email"))
    aanbod.website = _website(s("url"))
    aanbod.telefoon = _telefoon(*s.lijst("phones"), record)
    aanbod.aanmelden_toelichting = _tekst(s("application_process"))
    soort, kosten_tekst = _kosten(s, record)
    aanbod.kosten_toelichting = kosten_tekst
    aanbod.kosten = _een(eigen, "kosten") or soort or aanbod.kosten or Kosten.GRATIS
    aanbod.aanmelden = _een(eigen, "aanmelden") or aanbod.aanmelden or "zelf"
    aanbod.leeftijd_van, aanbod.leeftijd_tot = s("minimum_age"), s("maximum_age")
    if (
        isinstance(aanbod.leeftijd_van, int)
        and isinstance(aanbod.leeftijd_tot, int)
        and aanbod.leeftijd_tot < aanbod.leeftijd_van
    ):
        record.waarschuw("maximum_age", "lager dan minimum_age; niet overgenomen")
        aanbod.leeftijd_tot = None
    aanbod.talen = _talen(*s.lijst("languages"), record)
    try:
        _capaciteit(data, eigen, aanbod)
    except RecordFout as fout:
        record.waarschuw(fout.pad, f"{fout.reden}; niet overgenomen")
    s.neem("capacities")
    werkgebied, niet_geplaatst = werkgebied_lezen(s("service_areas"))
    for veld, waarde in werkgebied.items():
        setattr(aanbod, veld, waarde)
    for pad, reden in niet_geplaatst:
        record.waarschuw(pad, reden)
    domeinen, groepen, externe, trefwoorden = _termen(anders, record)
    aanbod.zoekwoorden = _zoekwoorden(
        [_een(eigen, "zoekwoorden"), _tekst(s("alternate_name")), *trefwoorden], record
    )
    aanbod.hsds_origineel = data
    _opslaan(
        aanbod, "", record,
        {"email": "email", "website": "url", "telefoon": "phones", "leeftijd_van": "minimum_age",
         "leeftijd_tot": "maximum_age", "talen": "languages", "kosten": "attributes",
         "aanmelden": "attributes", "korte_beschrijving": "attributes",
         "aanmelden_toelichting": "application_process"},
        verplicht=("naam", "slug", "beschrijving", "organisatie", "status"),
    )  # fmt: skip
    aanbod.levensdomeinen.set(set(domeinen))
    aanbod.doelgroepen.set(set(groepen))
    aanbod.externe_termen.set(set(externe))

    contacten = _contactpersonen(*s.lijst("contacts"), record, organisatie, aanbod)
    contacten += _service_at_locations(s, aanbod, record)

    # The organisation's own contacts and locations, after the aanbod's: a contact named
    # both places is the aanbod's.
    if delen.contacten is not None:
        org_contacten = _contactpersonen(*delen.contacten, record, organisatie, None)
        organisatie.contactpersonen.filter(aanbod__isnull=True).exclude(
            pk__in=org_contacten
        ).delete()
    locaties_pad, locaties = delen.locaties
    for index, locatie in enumerate(locaties):
        vestiging, lezer, _ = _vestiging(locatie, organisatie, _pad(locaties_pad, index), record)
        if vestiging is not None:
            lezer.klaar()  # a vestiging has no opening hours of its own: its schedules are warnings
    aanbod.contactpersonen.exclude(pk__in=contacten).delete()
    s.klaar()
    return aanbod


# --- The import ---------------------------------------------------------------------------------


def _momentopname(pk) -> dict | None:
    """Everything an import can change about one aanbod, to tell changed from unchanged."""
    aanbod = hsds.service_prefetch(Aanbod.objects.filter(pk=pk)).first()
    if aanbod is None:
        return None
    organisatie = aanbod.organisatie
    return {
        "service": hsds.service(aanbod, timezone.localdate()),
        "origineel": aanbod.hsds_origineel,
        "termen": sorted(str(t) for t in aanbod.externe_termen.values_list("pk", flat=True)),
        "teksten": sorted(aanbod.op_vestigingen.values_list("pk", "openingstijden_tekst")),
        "organisatie": hsds.organization(organisatie),
        "contacten": list(organisatie.contactpersonen.order_by("pk").values()),
        "vestigingen": list(organisatie.vestigingen.order_by("pk").values(*_VESTIGING_KOLOMMEN)),
    }


_VESTIGING_KOLOMMEN = [f.attname for f in Vestiging._meta.concrete_fields if f.name != "gewijzigd"]


def hsds_importeren(records, *, proef: bool = False) -> Rapport:
    rapport = Rapport(proef=proef)
    if not isinstance(records, list):
        rapport.fouten.append(Melding(-1, "(bestand)", "verwacht een lijst van service-records"))
        return rapport
    gezien: dict[str, int] = {}
    with transaction.atomic():
        for index, record in enumerate(records):
            rid = _tekst(record.get("id")) if isinstance(record, dict) else ""
            if rid and rid in gezien:
                rapport.fouten.append(
                    Melding(
                        index,
                        "id",
                        f"komt al voor in record {gezien[rid]}; niet nog eens geïmporteerd",
                    )
                )
                continue
            if rid:
                gezien[rid] = index
            _record_importeren(rapport, index, record)
        if rapport.nieuw or rapport.gewijzigd:
            zoekindex_bijwerken(aanbod_ids=rapport.nieuw + rapport.gewijzigd)
        if proef:
            transaction.set_rollback(True)
    return rapport


def _zonder_nul(waarde):
    """The value with NUL characters taken out of every string (PostgreSQL can store none,
    in text nor in jsonb), and whether there were any."""
    if isinstance(waarde, str):
        return waarde.replace("\x00", ""), "\x00" in waarde
    if isinstance(waarde, list):
        delen = [_zonder_nul(w) for w in waarde]
        return [d for d, _ in delen], any(n for _, n in delen)
    if isinstance(waarde, dict):
        delen = {_zonder_nul(k)[0]: _zonder_nul(v) for k, v in waarde.items()}
        return {k: d for k, (d, _) in delen.items()}, any(n for _, n in delen.values()) or any(
            "\x00" in k for k in waarde
        )
    return waarde, False


def _record_importeren(rapport: Rapport, index: int, data) -> None:
    record = _Record(index)
    voor = aanbod = None
    data, nul = _zonder_nul(data)
    if nul:
        record.waarschuw("(record)", "tekens met code 0 (NUL) weggelaten")
    try:
        with transaction.atomic():
            if isinstance(data, dict) and not _leeg(data.get("id")):
                voor = _momentopname(_id(data["id"], "id", _Record(index), "service"))
            aanbod = _service(data, record)
            ongewijzigd = voor == _momentopname(aanbod.pk)
            if ongewijzigd:  # the record says what is there: keep none of its writes
                transaction.set_rollback(True)
    except RecordFout as fout:
        rapport.fouten.append(Melding(index, fout.pad, fout.reden))
        return
    except IntegrityError as fout:
        rapport.fouten.append(
            Melding(index, "(record)", f"botst met wat er al is: {str(fout).splitlines()[0]}")
        )
        return
    except DataError as fout:
        rapport.fouten.append(
            Melding(
                index, "(record)", f"de database weigert een waarde: {str(fout).splitlines()[0]}"
            )
        )
        return
    if ongewijzigd:
        soort = rapport.ongewijzigd
    elif voor:
        soort = rapport.gewijzigd
    else:
        soort = rapport.nieuw
    soort.append(str(aanbod.pk))
    rapport.geimporteerd.append(str(aanbod.pk))
    rapport.waarschuwingen += record.waarschuwingen
    rapport.onbekende_termen.update(record.onbekende_termen)
