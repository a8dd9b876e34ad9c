"""Open Referral HSDS 3.0, tabular: the CSV data package — `datapackage.json` and one CSV
per table, the layout of the specification's `examples/csv` — to and from service records.

One mapping, records ↔ tables, in both directions:

- Export flattens the very records `/api/hsds/services` gives (`hsds.service`): each
  nested object becomes a row of its table, with the key of the object it hangs under
  (`service_id`, `location_id`, an attribute's `link_id`). Rows are in the order the
  records have them (the order of an aanbod's languages is its own), so the same sociale
  kaart gives the same files, byte for byte.
- Import nests the rows back into service records and hands them to
  `hsds_import.hsds_importeren`, like every other import. Before that, `frictionless`
  validates the tables against the specification's schema (`hsds_spec/datapackage.json`);
  what it finds is told in Dutch, per file, row and column.

Three things the tabular format needs that the JSON records do not have:

- Every attribute row needs a `taxonomy_term_id`. Our own attributes (slug, short
  description, cost and sign-up codes…) have none, so the export gives each kind a term
  in a taxonomy of its own, "Eigen velden" (ids derived in hsds.NAAMRUIMTE); the import
  reads such an attribute back without a term, as the JSON has it.
- Times are `HH:MM:SS` with an optional offset (`time` in Frictionless), where our JSON
  writes `HH:MM+01:00`; the export adds the seconds.
- The capacity (HSDS 3.1 `capacities`) has no table in 3.0: the package gets two more,
  `service_capacities.csv` and `units.csv` (see UITBREIDING); the specification's tables
  and their schemas are unchanged.

A row that names several parents (a phone with a `contact_id`, a `location_id` and a
`service_id`) is nested under each of them that is in the package, as the specification's
own `service_full.json` has it; the importer takes a contact named twice as one person.
Not under the organisation, though, when it also names something more specific: the
organisation is in the service record already, and its list of contacts would say that
the organisation has no others.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import tempfile
import uuid
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from frictionless import Package

from toegang.formules import tekst_uit_csv, tekst_voor_csv

from . import hsds
from .bestanden import BestandFout, csv_rijen, tekst_lezen
from .importverslag import Bevinding
from .models import Aanbod, Organisatie

SPEC = Path(__file__).parent / "hsds_spec" / "datapackage.json"
SPEC_DESCRIPTOR = json.loads(SPEC.read_bytes())


def _veld(naam: str, soort: str = "string", formaat: str | None = None, verplicht=False) -> dict:
    return {
        "name": naam,
        "type": soort,
        **({"format": formaat} if formaat else {}),
        "constraints": {"required": verplicht, "unique": naam == "id"},
    }


def _fk(veld: str, tabel: str) -> dict:
    return {"fields": veld, "reference": {"resource": tabel, "fields": "id"}}


# HSDS 3.1 added `service.capacities` (a service_capacity with its unit), which our JSON
# carries (hsds.capacities) and the 3.0 package has no table for. The export adds two,
# in the shape of the 3.1 JSON schemas (service_capacity.json, unit.json), so a package
# holds what the JSON does; every table of the specification stays as it is.
def _tabel(naam: str, pad: str, titel: str, wat: str, velden: list, sleutels: list) -> dict:
    return {
        "name": naam,
        "path": pad,
        "title": f"{titel} (HSDS 3.1)",
        "description": f"{wat}: HSDS 3.1 {naam}, added to the 3.0 package by the sociale kaart "
        "of gemeente Aalten.",
        "format": "csv",
        "mediatype": "text/csv",
        "profile": "tabular-data-resource",
        "schema": {"primaryKey": "id", "fields": velden, "foreignKeys": sleutels},
    }


UITBREIDING = [
    _tabel(
        "service_capacity", "service_capacities.csv", "Service capacity",
        "Whether a service takes new clients",
        [_veld("id", formaat="uuid", verplicht=True), _veld("service_id", formaat="uuid"),
         _veld("unit_id", formaat="uuid", verplicht=True),
         _veld("available", "number", verplicht=True), _veld("maximum", "number"),
         _veld("description"), _veld("updated", "datetime", verplicht=True)],
        [_fk("service_id", "service"), _fk("unit_id", "unit")],
    ),
    _tabel(
        "unit", "units.csv", "Unit", "The unit a service capacity is counted in",
        [_veld("id", formaat="uuid", verplicht=True), _veld("name", verplicht=True),
         _veld("scheme"), _veld("identifier"), _veld("uri", formaat="uri")],
        [],
    ),
]  # fmt: skip
DESCRIPTOR = {**SPEC_DESCRIPTOR, "resources": SPEC_DESCRIPTOR["resources"] + UITBREIDING}
DESCRIPTOR_BYTES = (json.dumps(DESCRIPTOR, indent=4, ensure_ascii=False) + "\n").encode("utf-8")
RESOURCES = {r["name"]: r for r in DESCRIPTOR["resources"]}
VELDEN = {naam: [v["name"] for v in r["schema"]["fields"]] for naam, r in RESOURCES.items()}
VELDTYPE = {
    naam: {v["name"]: (v["type"], v.get("format", "default")) for v in r["schema"]["fields"]}
    for naam, r in RESOURCES.items()
}
BESTAND = {naam: r["path"] for naam, r in RESOURCES.items()}
TABEL_VAN_BESTAND = {pad: naam for naam, pad in BESTAND.items()}

# The lists an object nests (HSDS 3.0 JSON schemas), by key, and the table of their items.
LIJST_TABEL = {
    "phones": "phone",
    "schedules": "schedule",
    "service_areas": "service_area",
    "service_at_locations": "service_at_location",
    "languages": "language",
    "funding": "funding",
    "cost_options": "cost_option",
    "required_documents": "required_document",
    "contacts": "contact",
    "attributes": "attribute",
    "metadata": "metadata",
    "locations": "location",
    "programs": "program",
    "organization_identifiers": "organization_identifier",
    "addresses": "address",
    "accessibility": "accessibility",
    "services": "service",
    "capacities": "service_capacity",
}
# Single nested objects: key → (table, the column of the parent that holds its id).
ENKEL = {
    "organization": ("organization", "organization_id"),
    "program": ("program", "program_id"),
    "location": ("location", "location_id"),
    "taxonomy_term": ("taxonomy_term", "taxonomy_term_id"),
    "taxonomy_detail": ("taxonomy", "taxonomy_id"),
    "unit": ("unit", "unit_id"),
}
# What the import nests under each object of a service record (the compiled service
# schema of HSDS 3.0, without an organisation's other locations, programs and services:
# a service record carries only its own).
NESTEN = {
    "service": ["organization", "program", "phones", "schedules", "service_areas",
                "service_at_locations", "languages", "funding", "cost_options",
                "required_documents", "contacts", "capacities", "attributes", "metadata"],
    "service_capacity": ["unit", "attributes", "metadata"],
    "organization": ["funding", "contacts", "phones", "organization_identifiers", "attributes",
                     "metadata"],
    "service_at_location": ["location", "contacts", "phones", "schedules", "attributes",
                            "metadata"],
    "location": ["languages", "addresses", "contacts", "accessibility", "phones", "schedules",
                 "attributes", "metadata"],
    "contact": ["phones", "attributes", "metadata"],
    "phone": ["languages", "attributes", "metadata"],
    "attribute": ["taxonomy_term", "metadata"],
    "taxonomy_term": ["taxonomy_detail", "metadata"],
    "taxonomy": ["metadata"],
}  # fmt: skip
NESTEN_OVERIG = ["attributes", "metadata"]
# The parents a row may name (by `<parent>_id`); it hangs under each that is in the package.
OUDERS = {
    "phone": ["contact", "service_at_location", "location", "service", "organization"],
    "contact": ["service_at_location", "location", "service", "organization"],
    "schedule": ["service_at_location", "location", "service"],
    "language": ["phone", "location", "service"],
    "funding": ["service", "organization"],
    "service_at_location": ["service"],
    "address": ["location"],
    "accessibility": ["location"],
    "service_area": ["service"],
    "cost_option": ["service"],
    "required_document": ["service"],
    "organization_identifier": ["organization"],
    "service_capacity": ["service"],
}
# Vocabulary: a term nobody in the package uses is not a finding.
WOORDENSCHAT = {"taxonomy", "taxonomy_term", "unit"}

EIGEN_TAXONOMIE = {
    "id": hsds.afgeleid_id("taxonomie", "eigen-velden"),
    "name": "Eigen velden",
    "description": "Velden van de sociale kaart van gemeente Aalten waar HSDS geen eigen "
    "plaats voor heeft; de waarde staat in het attribuut.",
}


def eigen_term(link_type: str) -> dict:
    return {
        "id": hsds.afgeleid_id("eigen-veld", link_type),
        "code": link_type,
        "name": link_type,
        "description": f"Eigen veld '{link_type}' van de sociale kaart van gemeente Aalten.",
        "taxonomy": EIGEN_TAXONOMIE["name"],
        "taxonomy_id": EIGEN_TAXONOMIE["id"],
        "language": "nl",
    }


# --- values --------------------------------------------------------------------------

_TIJD = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?(.*)")
_GEHEEL = re.compile(r"-?\d+")


def _tijd(waarde: str) -> str:
    """`09:00+01:00` → `09:00:00+01:00`: the seconds Frictionless' `time` asks for."""
    gevonden = _TIJD.fullmatch(waarde)
    if not gevonden:
        return waarde
    uur, minuut, seconde, rest = gevonden.groups()
    return f"{int(uur):02d}:{minuut}:{seconde or '00'}{rest}"


def _naar_csv(tabel: str, veld: str, waarde) -> str:
    if waarde is None:
        return ""
    soort, _ = VELDTYPE[tabel][veld]
    if isinstance(waarde, bool):
        return "true" if waarde else "false"
    if soort == "time" and isinstance(waarde, str):
        return _tijd(waarde)
    if isinstance(waarde, int | float):
        return str(waarde)
    if isinstance(waarde, list):
        waarde = ",".join(map(str, waarde))
    return tekst_voor_csv(str(waarde))


def _uit_csv(tabel: str, veld: str, tekst: str):
    soort, _ = VELDTYPE[tabel][veld]
    if soort in ("number", "integer"):
        return int(tekst) if _GEHEEL.fullmatch(tekst) else float(tekst)
    if soort == "string":
        return tekst_uit_csv(tekst)
    return tekst


# --- export: records → tables ------------------------------------------------------------


@dataclass
class Tabellen:
    rijen: dict[str, dict[str, dict]] = field(default_factory=lambda: defaultdict(dict))
    # Two objects with one id and different values: kept the first, listed here.
    tegenstrijdig: list[tuple[str, str, str]] = field(default_factory=list)

    def opnemen(self, tabel: str, rij: dict) -> None:
        sleutel = str(rij.get("id", ""))
        bestaand = self.rijen[tabel].get(sleutel)
        if bestaand is None:
            self.rijen[tabel][sleutel] = rij
            return
        for veld, waarde in rij.items():
            if bestaand.get(veld) in (None, ""):
                bestaand[veld] = waarde
            elif waarde not in (None, "") and bestaand[veld] != waarde:
                self.tegenstrijdig.append((tabel, sleutel, veld))


def _plat(obj: dict, tabel: str, tabellen: Tabellen, ouder: tuple[str, str] | None) -> None:
    """One object and what it nests, as rows."""
    rij = {veld: obj[veld] for veld in VELDEN[tabel] if veld in obj and obj[veld] is not None}
    pk = str(obj.get("id", ""))
    if ouder:
        ouder_tabel, ouder_id = ouder
        if tabel == "attribute":
            rij.setdefault("link_id", ouder_id)
            rij.setdefault("link_entity", ouder_tabel)
        elif tabel == "metadata":
            rij.setdefault("resource_id", ouder_id)
            rij.setdefault("resource_type", ouder_tabel)
        elif f"{ouder_tabel}_id" in VELDEN[tabel]:
            rij.setdefault(f"{ouder_tabel}_id", ouder_id)
    if tabel == "attribute" and not obj.get("taxonomy_term_id") and not obj.get("taxonomy_term"):
        term = eigen_term(str(obj.get("link_type", "")))
        rij["taxonomy_term_id"] = term["id"]
        tabellen.opnemen("taxonomy_term", term)
        tabellen.opnemen("taxonomy", dict(EIGEN_TAXONOMIE))
    for sleutel, waarde in obj.items():
        if sleutel in ENKEL and isinstance(waarde, dict):
            kind, kolom = ENKEL[sleutel]
            if waarde.get("id") and not rij.get(kolom):
                rij[kolom] = waarde["id"]
            _plat(waarde, kind, tabellen, None)
        elif sleutel in LIJST_TABEL and isinstance(waarde, list):
            for item in waarde:
                if isinstance(item, dict):
                    _plat(item, LIJST_TABEL[sleutel], tabellen, (tabel, pk))
    tabellen.opnemen(tabel, rij)


def tabellen_uit_records(services: Iterable[dict], organisaties: Iterable[dict] = ()) -> Tabellen:
    """Service records (and organisation records the services do not nest, such as the
    organisation of a location) as rows per table."""
    tabellen = Tabellen()
    for record in services:
        _plat(record, "service", tabellen, None)
    for organisatie in organisaties:
        _plat(organisatie, "organization", tabellen, None)
    return tabellen


def _csv_bytes(tabel: str, rijen: Iterable[dict]) -> bytes:
    buffer = io.StringIO()
    schrijver = csv.writer(buffer, lineterminator="\r\n")
    schrijver.writerow(VELDEN[tabel])
    for rij in rijen:
        schrijver.writerow([_naar_csv(tabel, veld, rij.get(veld)) for veld in VELDEN[tabel]])
    return buffer.getvalue().encode("utf-8")


def pakket_bestanden(tabellen: Tabellen) -> dict[str, bytes]:
    """`datapackage.json` and every table of the specification as CSV (a table we have no
    rows for is its header), each row where its object first appeared in the records."""
    bestanden = {"datapackage.json": DESCRIPTOR_BYTES}
    for tabel in RESOURCES:
        bestanden[BESTAND[tabel]] = _csv_bytes(tabel, tabellen.rijen.get(tabel, {}).values())
    return bestanden


def pakket_zip(bestanden: dict[str, bytes]) -> bytes:
    """The files as a zip with fixed dates, so the same package is the same zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archief:
        for naam, inhoud in bestanden.items():
            info = zipfile.ZipInfo(naam, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archief.writestr(info, inhoud)
    return buffer.getvalue()


def sociale_kaart_pakket(vandaag, voortgang=None) -> dict[str, bytes]:
    """The whole sociale kaart as a CSV package: every aanbod as /api/hsds/services gives
    it, and the organisations of its vestigingen where those have no aanbod of their own.
    `voortgang(done, total)` is told how far the aanbod are."""
    aanbod = hsds.service_prefetch(Aanbod.objects.order_by("naam", "pk"))
    services = [hsds.service(a, vandaag) for a in hsds.voortgang_melden(aanbod, voortgang)]
    tabellen = tabellen_uit_records(services)
    bekend = set(tabellen.rijen["organization"])
    ontbrekend = (
        {r["organization_id"] for r in tabellen.rijen["location"].values()} - bekend - {None, ""}
    )
    tabellen_uit_extra = [
        hsds.organization(o) for o in Organisatie.objects.filter(pk__in=ontbrekend)
    ]
    for organisatie in tabellen_uit_extra:
        _plat(organisatie, "organization", tabellen, None)
    return pakket_bestanden(tabellen)


# --- import: files → validated rows ----------------------------------------------------------


@dataclass
class Rij:
    tabel: str
    nummer: int  # as a spreadsheet program counts: the header is row 1
    waarden: dict[str, str]

    @property
    def plaats(self) -> str:
        return f"{BESTAND[self.tabel]}, rij {self.nummer}"

    @property
    def id(self) -> str:
        return self.waarden.get("id", "")


@dataclass
class Pakket:
    """An uploaded package read: the service records to import, where each came from, and
    what was found on the way."""

    records: list[dict] = field(default_factory=list)
    # Per record: path prefix in the record → (place in the package, column or "").
    bronnen: list[dict[str, tuple[str, str]]] = field(default_factory=list)
    plaatsen: list[str] = field(default_factory=list)
    fouten: list[Bevinding] = field(default_factory=list)
    waarschuwingen: list[Bevinding] = field(default_factory=list)
    # Service rows refused before the importer (a fault in them or in a row they nest).
    geweigerd: int = 0


def _tabellen_lezen(bestanden: dict[str, bytes], pakket: Pakket) -> dict[str, list[Rij]]:
    tabellen: dict[str, list[Rij]] = {}
    for naam, inhoud in sorted(bestanden.items()):
        if not naam.lower().endswith(".csv"):
            continue  # datapackage.json, a README: the schema is the specification's
        tabel = TABEL_VAN_BESTAND.get(naam.lower())
        if tabel is None:
            pakket.waarschuwingen.append(
                Bevinding(naam, "", "Geen tabel van HSDS 3.0; dit bestand is overgeslagen.")
            )
            continue
        tekst = tekst_lezen(inhoud, naam)
        pakket.waarschuwingen += [Bevinding(naam, "", m) for m in tekst.meldingen]
        regels = csv_rijen(tekst.tekst, naam)
        if not regels or not any(regels[0]):
            pakket.waarschuwingen.append(Bevinding(naam, "", "Het bestand is leeg."))
            continue
        kop = [k.strip().lower() for k in regels[0]]
        dubbel = sorted({k for k, n in Counter(kop).items() if n > 1 and k})
        if dubbel:
            raise BestandFout(f"{naam} heeft de kolom '{dubbel[0]}' meer dan eens.")
        if "id" not in kop:
            raise BestandFout(f"{naam} heeft geen kolom 'id'.")
        for kolom in kop:
            if kolom and kolom not in VELDEN[tabel]:
                pakket.waarschuwingen.append(
                    Bevinding(naam, kolom, "Geen veld van HSDS 3.0; deze kolom is overgeslagen.")
                )
        rijen = []
        for nummer, cellen in enumerate(regels[1:], start=2):
            if not any(c.strip() for c in cellen):
                continue
            extra = [c for c in cellen[len(kop) :] if c.strip()]
            rij = Rij(tabel, nummer, {})
            if extra:
                pakket.fouten.append(
                    Bevinding(rij.plaats, "", f"Deze rij heeft meer cellen ({len(cellen)}) dan de "
                              f"kopregel kolommen ({len(kop)}).")
                )  # fmt: skip
                rij.waarden["_fout"] = "1"
            for kolom, cel in zip(kop, cellen, strict=False):
                if kolom in VELDEN[tabel] and cel != "":
                    rij.waarden[kolom] = cel
            rijen.append(rij)
        tabellen[tabel] = rijen
    if "service" not in tabellen:
        raise BestandFout(
            "Het pakket heeft geen services.csv (of die is leeg). Een HSDS CSV-pakket heeft "
            "ten minste services.csv en organizations.csv."
        )
    return tabellen


_TYPE_NL = {
    "string/uuid": "is geen geldige UUID",
    "string/email": "is geen geldig e-mailadres",
    "string/uri": "is geen geldig webadres (begin met https://)",
    "number/default": "is geen getal (gebruik een punt als decimaalteken)",
    "integer/default": "is geen heel getal",
    "date/default": "is geen datum (JJJJ-MM-DD)",
    "time/default": "is geen tijd (UU:MM:SS, eventueel met +01:00)",
    "datetime/default": "is geen datum met tijd (JJJJ-MM-DDTUU:MM:SS)",
    "boolean/default": "is niet true of false",
}


def _valideren(tabellen: dict[str, list[Rij]], pakket: Pakket) -> None:
    """Frictionless over the rows as read (re-written as plain UTF-8 CSV, so what it checks
    is what we import), against the specification's schema for the columns present.

    A fault in a row's id makes the row unusable; a value of the wrong type or format is
    left out (a warning), as is a reference to a row that is not in the package."""
    per_nummer = {tabel: dict(enumerate(rijen, start=2)) for tabel, rijen in tabellen.items()}
    with tempfile.TemporaryDirectory(prefix="hsds-pakket-") as map_:
        resources = []
        for tabel, rijen in tabellen.items():
            kolommen = [v for v in VELDEN[tabel] if any(v in r.waarden for r in rijen)] or ["id"]
            buffer = io.StringIO()
            schrijver = csv.writer(buffer, lineterminator="\r\n")
            schrijver.writerow(kolommen)
            for rij in rijen:
                schrijver.writerow([rij.waarden.get(k, "") for k in kolommen])
            (Path(map_) / BESTAND[tabel]).write_text(buffer.getvalue(), encoding="utf-8")
            resource = copy.deepcopy(RESOURCES[tabel])
            schema = resource["schema"]
            schema["fields"] = [v for v in schema["fields"] if v["name"] in kolommen]
            # Our own id checks (below) say it in one message, per row, also for the first.
            schema.pop("primaryKey", None)
            for veld in schema["fields"]:
                veld.get("constraints", {}).pop("unique", None)
            schema["foreignKeys"] = [
                fk
                for fk in schema.get("foreignKeys", [])
                if fk["fields"] in kolommen and fk["reference"]["resource"] in tabellen
            ]
            resource["encoding"] = "utf-8"
            resources.append(resource)
        descriptor = {"name": "upload", "resources": resources}
        rapport = Package(descriptor, basepath=map_).validate(limit_errors=100_000)
    for taak in rapport.tasks:
        tabel = taak.name
        for fout in taak.errors:
            rij = per_nummer.get(tabel, {}).get(getattr(fout, "row_number", None) or 0)
            if rij is None:
                pakket.fouten.append(Bevinding(BESTAND.get(tabel, tabel), "", fout.message))
                continue
            kolom = getattr(fout, "field_name", "") or ""
            if fout.type == "foreign-key":
                kolommen = ", ".join(fout.field_names) if hasattr(fout, "field_names") else ""
                pakket.waarschuwingen.append(
                    Bevinding(rij.plaats, kolommen, _verwijzing(fout, rij)),
                )
            elif fout.type in ("type-error", "constraint-error") and kolom:
                waarde = rij.waarden.pop(kolom, "")
                if kolom == "id":
                    continue  # said by _ids_controleren
                if fout.type == "type-error":
                    reden = f"'{waarde}' {_TYPE_NL.get(_soort(fout.note), 'heeft niet het juiste type')}."
                elif "required" in fout.note:
                    reden = "Verplicht volgens HSDS, maar leeg."
                else:
                    reden = f"'{waarde}' voldoet niet aan de eisen van HSDS ({fout.note})."
                pakket.waarschuwingen.append(
                    Bevinding(rij.plaats, kolom, reden + " Deze waarde is niet overgenomen.")
                )
            elif fout.type in ("primary-key", "unique-error", "blank-row", "missing-cell"):
                continue
            else:
                pakket.fouten.append(Bevinding(rij.plaats, kolom, fout.message))
                rij.waarden["_fout"] = "1"


def _soort(noot: str) -> str:
    gevonden = re.search(r'"([a-z]+/[a-z]+)"', noot or "")
    return gevonden.group(1) if gevonden else ""


def _verwijzing(fout, rij: Rij) -> str:
    kolommen = getattr(fout, "field_names", None) or []
    waarden = getattr(fout, "field_cells", None) or []
    doel = fout.reference_name if hasattr(fout, "reference_name") else ""
    if kolommen and waarden:
        kolom, waarde = kolommen[0], waarden[0]
        tabel = kolom.removesuffix("_id")
        bestand = BESTAND.get(tabel, BESTAND.get(doel, f"{tabel}.csv"))
        return f"Verwijst naar '{waarde}', maar die staat niet in {bestand}."
    return "Verwijst naar een rij die niet in het pakket staat."


_UUID = re.compile(
    r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
)


def _ids_controleren(tabellen: dict[str, list[Rij]], pakket: Pakket) -> None:
    """Every row has an id, a UUID, that no other row of its table has."""
    for rijen in tabellen.values():
        per_id: dict[str, list[Rij]] = defaultdict(list)
        for rij in rijen:
            pk = rij.id.strip()
            if not pk:
                pakket.fouten.append(
                    Bevinding(rij.plaats, "id", "Leeg; elke rij heeft een id nodig.")
                )
                rij.waarden["_fout"] = "1"
            elif not _UUID.fullmatch(pk):
                pakket.fouten.append(Bevinding(rij.plaats, "id", f"'{pk}' is geen geldige UUID."))
                rij.waarden["_fout"] = "1"
            else:
                per_id[str(uuid.UUID(pk))].append(rij)
        for pk, dubbel in per_id.items():
            if len(dubbel) < 2:
                continue
            for rij in dubbel:
                andere = ", ".join(str(r.nummer) for r in dubbel if r is not rij)
                pakket.fouten.append(
                    Bevinding(rij.plaats, "id", f"Het id {pk} staat ook op rij {andere}; welke "
                              "bedoeld is, is niet te zeggen.")
                )  # fmt: skip
                rij.waarden["_fout"] = "1"


# --- import: rows → records -------------------------------------------------------------------


class _Nester:
    def __init__(self, tabellen: dict[str, list[Rij]]):
        self.tabellen = tabellen
        self.op_id: dict[str, dict[str, Rij]] = {}
        for tabel, rijen in tabellen.items():
            index: dict[str, Rij] = {}
            for rij in rijen:
                index.setdefault(_sleutel(rij.id), rij)
            self.op_id[tabel] = index
        self.kinderen: dict[tuple[str, str, str], list[Rij]] = defaultdict(list)
        for tabel, rijen in tabellen.items():
            for rij in rijen:
                for ouder in self._ouders(tabel, rij):
                    self.kinderen[(*ouder, tabel)].append(rij)
        self.gebruikt: set[int] = set()

    def _ouders(self, tabel: str, rij: Rij) -> list[tuple[str, str]]:
        if tabel in ("attribute", "metadata"):
            ouder = self._eigenaar(tabel, rij)
            return [ouder] if ouder else []
        ouders = []
        for soort in OUDERS.get(tabel, []):
            pk = _sleutel(rij.waarden.get(f"{soort}_id", ""))
            if pk and pk in self.op_id.get(soort, {}):
                ouders.append((soort, pk))
        if len(ouders) > 1:
            ouders = [o for o in ouders if o[0] != "organization"]
        return ouders

    def _eigenaar(self, tabel: str, rij: Rij) -> tuple[str, str] | None:
        """The one object an attribute (link_id) or metadata row (resource_id) is about."""
        kolom, soort = (
            ("link_id", "link_entity") if tabel == "attribute" else ("resource_id", "resource_type")
        )
        pk = _sleutel(rij.waarden.get(kolom, ""))
        for kandidaat in [rij.waarden.get(soort, ""), *self.op_id]:
            if kandidaat in self.op_id and pk in self.op_id[kandidaat]:
                return kandidaat, pk
        return None

    def bouw(
        self, tabel: str, rij: Rij, pad: str, bronnen: dict, rijen: list[Rij], diepte=0
    ) -> dict:
        self.gebruikt.add(id(rij))
        rijen.append(rij)
        bronnen[pad] = (rij.plaats, "")
        obj = {
            veld: _uit_csv(tabel, veld, tekst)
            for veld, tekst in rij.waarden.items()
            if not veld.startswith("_")
        }
        if diepte > 8:
            return obj
        voor = f"{pad}." if pad else ""
        for sleutel in NESTEN.get(tabel, NESTEN_OVERIG):
            if sleutel in ENKEL:
                kind, kolom = ENKEL[sleutel]
                doel = self.op_id.get(kind, {}).get(_sleutel(rij.waarden.get(kolom, "")))
                if doel is None:
                    continue
                if (
                    kind == "taxonomy_term"
                    and doel.waarden.get("taxonomy_id") == EIGEN_TAXONOMIE["id"]
                ):
                    # One of our own fields: the attribute carries its value, no term.
                    obj.pop("taxonomy_term_id", None)
                    self.gebruikt.add(id(doel))
                    continue
                obj[sleutel] = self.bouw(kind, doel, voor + sleutel, bronnen, rijen, diepte + 1)
            else:
                kind = LIJST_TABEL[sleutel]
                items = self.kinderen.get((tabel, _sleutel(rij.id), kind), [])
                if items:
                    obj[sleutel] = [
                        self.bouw(kind, item, f"{voor}{sleutel}[{i}]", bronnen, rijen, diepte + 1)
                        for i, item in enumerate(items)
                    ]
        return obj


def _sleutel(pk: str) -> str:
    try:
        return str(uuid.UUID(pk.strip()))
    except (ValueError, AttributeError):
        return pk


def records_uit_tabellen(tabellen: dict[str, list[Rij]], pakket: Pakket) -> None:
    """Nest the rows into service records; a record with a fault in any of its rows is
    refused whole (one message for the service row, the faults themselves are listed)."""
    nester = _Nester(tabellen)
    for rij in tabellen["service"]:
        bronnen: dict[str, tuple[str, str]] = {}
        rijen: list[Rij] = []
        record = nester.bouw("service", rij, "", bronnen, rijen)
        fout = [r for r in rijen if r.waarden.get("_fout")]
        if fout:
            pakket.geweigerd += 1
            if any(r is not rij for r in fout):
                plekken = ", ".join(r.plaats for r in fout if r is not rij)
                pakket.fouten.append(
                    Bevinding(
                        rij.plaats,
                        "",
                        f"Niet geïmporteerd: fout in een rij die erbij hoort ({plekken}).",
                    )
                )
            continue
        pakket.records.append(record)
        pakket.bronnen.append(bronnen)
        pakket.plaatsen.append(rij.plaats)
    for tabel, rijen in tabellen.items():
        if tabel in WOORDENSCHAT:
            continue
        for rij in rijen:
            if id(rij) not in nester.gebruikt and not rij.waarden.get("_fout"):
                pakket.waarschuwingen.append(
                    Bevinding(
                        rij.plaats, "", "Hoort bij geen aanbod in dit pakket; niet geïmporteerd."
                    )
                )


def pakket_lezen(bestanden: dict[str, bytes]) -> Pakket:
    """An uploaded package (its files by name) as service records to import. Raises
    `BestandFout` when the package as a whole cannot be read."""
    pakket = Pakket()
    tabellen = _tabellen_lezen(bestanden, pakket)
    _ids_controleren(tabellen, pakket)
    _valideren(tabellen, pakket)
    records_uit_tabellen(tabellen, pakket)
    return pakket


def map_bestanden(map_: Path) -> dict[str, bytes]:
    """The files of a package on disk (a directory such as the specification's
    examples/csv), by name."""
    return {pad.name: pad.read_bytes() for pad in sorted(map_.iterdir()) if pad.is_file()}
