"""Importing a file into the sociale kaart: the one way in for every upload in /beheer/
and for `importeer_hsds_csv`. Whatever the file (a spreadsheet, an HSDS CSV package,
HSDS JSON), it becomes HSDS service records that `hsds_import.hsds_importeren` imports.

An upload is an `ImportTaak`: first a dry run (`proef`: everything checked and classified,
nothing saved), then, when the beheerder confirms, the import. Both run as Celery tasks in
rounds of batches, so a large file shows its progress and no task runs long; a round
claims the task with a conditional UPDATE, so a second delivery does nothing, and a batch
is imported together with its progress in one transaction, so a worker that dies loses
nothing and repeats nothing. Each record is all-or-nothing; the others go on.

What was found is kept as a report (`Verslag`): per row and column what is wrong (not
imported) or what was not taken, and which rows are new, changed or unchanged.
"""

from __future__ import annotations

import json
import logging
import time as klok
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from toegang.berichten.services import taak_plannen

from . import hsds_tabel, spreadsheet
from .bestanden import (
    HSDS_CSV,
    HSDS_JSON,
    SPREADSHEET,
    BestandFout,
    is_zip,
    soort_herkennen,
    tekst_lezen,
    zip_bestanden,
)
from .hsds_import import ImportFout, Rapport, hsds_importeren, records_uit_json
from .importverslag import Bevinding, pad_plaats
from .models import ImportTaak

log = logging.getLogger(__name__)

TAAK = "sociale_kaart.tasks.importtaak_uitvoeren"
# Records per call of the importer: its progress is saved after each batch.
STAP = 25
# A round stops starting batches after this long and queues the next round.
RONDE_SECONDEN = 60
# A task that says nothing for this long is taken to have lost its worker.
STIL = timedelta(minutes=5)
# An unconfirmed dry run keeps its file this long.
BEWAARTIJD = timedelta(hours=24)
# What a report lists row by row; beyond this it counts.
LIJST_MAX = 500


class ImportTaakFout(Exception):
    """The task is not in a state for this step; the message is Dutch."""


@dataclass
class Item:
    """One record to be: where it came from, its name, its id, and how a path the importer
    reports in it is found back in the file."""

    plaats: str
    naam: str
    id: str
    plaats_van: Callable[[str], tuple[str, str]]


@dataclass
class Invoer:
    items: list[Item]
    records: Callable[[int, int], list[dict]]  # the records of items[van:tot]
    fouten: list[Bevinding] = field(default_factory=list)
    waarschuwingen: list[Bevinding] = field(default_factory=list)
    geweigerd: int = 0
    nieuwe_organisaties: list[str] = field(default_factory=list)


@dataclass
class Verslag:
    """What a run found and did; JSON in ImportTaak.proefverslag / .verslag."""

    proef: bool
    rijen: int = 0  # rows (or records) in the file
    verwerkt: int = 0  # of the importable ones, done so far
    te_verwerken: int = 0
    geweigerd: int = 0  # rows not imported: a fault in the file or from the importer
    aantallen: dict = field(default_factory=lambda: {"nieuw": 0, "gewijzigd": 0, "ongewijzigd": 0})
    nieuw: list = field(default_factory=list)
    gewijzigd: list = field(default_factory=list)
    ongewijzigd: list = field(default_factory=list)
    fouten: list = field(default_factory=list)
    waarschuwingen: list = field(default_factory=list)
    aantal_fouten: int = 0
    aantal_waarschuwingen: int = 0
    onbekende_termen: list = field(default_factory=list)
    nieuwe_organisaties: list = field(default_factory=list)

    @classmethod
    def uit(cls, data: dict) -> Verslag:
        return cls(**data)

    def als_dict(self) -> dict:
        return asdict(self)

    def bevinding(self, soort: str, bevinding: Bevinding) -> None:
        lijst = self.fouten if soort == "fout" else self.waarschuwingen
        if soort == "fout":
            self.aantal_fouten += 1
        else:
            self.aantal_waarschuwingen += 1
        if len(lijst) < LIJST_MAX:
            lijst.append(bevinding.als_dict())

    def begin(self, invoer: Invoer) -> None:
        self.te_verwerken = len(invoer.items)
        self.rijen = len(invoer.items) + invoer.geweigerd
        self.geweigerd = invoer.geweigerd
        self.nieuwe_organisaties = invoer.nieuwe_organisaties[:LIJST_MAX]
        for bevinding in invoer.fouten:
            self.bevinding("fout", bevinding)
        for bevinding in invoer.waarschuwingen:
            self.bevinding("waarschuwing", bevinding)

    def opnemen(self, rapport: Rapport, items: list[Item]) -> None:
        op_id = {item.id: item for item in items}
        for soort in ("nieuw", "gewijzigd", "ongewijzigd"):
            for pk in getattr(rapport, soort):
                self.aantallen[soort] += 1
                item = op_id.get(str(pk))
                lijst = getattr(self, soort)
                if item and len(lijst) < LIJST_MAX:
                    lijst.append({"plaats": item.plaats, "naam": item.naam, "id": str(pk)})
        for soort, meldingen in (
            ("fout", rapport.fouten),
            ("waarschuwing", rapport.waarschuwingen),
        ):
            for melding in meldingen:
                item = items[melding.index] if 0 <= melding.index < len(items) else None
                plaats, kolom = item.plaats_van(melding.pad) if item else ("", melding.pad)
                self.bevinding(
                    soort, Bevinding(plaats or (item.plaats if item else ""), kolom, melding.reden)
                )
        self.geweigerd += len({m.index for m in rapport.fouten})
        termen = {(t[0], t[1]): t[2] for t in self.onbekende_termen}
        for (taxonomie, term), aantal in rapport.onbekende_termen.items():
            termen[(taxonomie, term)] = termen.get((taxonomie, term), 0) + aantal
        self.onbekende_termen = [[t, n, a] for (t, n), a in sorted(termen.items())][:LIJST_MAX]
        self.verwerkt += len(items)


# --- reading a file into records ----------------------------------------------------------------


def _record_id(record) -> str:
    return str(record.get("id", "")) if isinstance(record, dict) else ""


def _pakket_invoer(naam: str, inhoud: bytes) -> Invoer:
    return pakket_invoer(zip_bestanden(inhoud, naam) if is_zip(inhoud) else {naam: inhoud})


def pakket_invoer(bestanden: dict[str, bytes]) -> Invoer:
    """An HSDS CSV package (its files by name) as input for the importer."""
    pakket = hsds_tabel.pakket_lezen(bestanden)
    items = [
        Item(plaats, str(record.get("name", "")), _record_id(record),
             lambda pad, bronnen=bronnen: pad_plaats(bronnen, pad))
        for plaats, record, bronnen in zip(pakket.plaatsen, pakket.records, pakket.bronnen, strict=True)
    ]  # fmt: skip
    return Invoer(
        items, lambda van, tot: pakket.records[van:tot], pakket.fouten, pakket.waarschuwingen,
        pakket.geweigerd,
    )  # fmt: skip


def _json_invoer(naam: str, inhoud: bytes) -> Invoer:
    tekst = tekst_lezen(inhoud, naam)
    try:
        records = records_uit_json(json.loads(tekst.tekst))
    except json.JSONDecodeError as fout:
        raise BestandFout(
            f"{naam} is geen geldige JSON (regel {fout.lineno}): {fout.msg}."
        ) from None
    except ImportFout as fout:
        raise BestandFout(str(fout)) from None
    invoer = Invoer([], lambda van, tot: [])
    goed: list[dict] = []
    gezien: dict[str, int] = {}
    for index, record in enumerate(records):
        plaats = f"Record {index + 1}"
        rid = _record_id(record)
        if rid and rid in gezien:
            invoer.fouten.append(
                Bevinding(plaats, "id", f"Het id {rid} staat ook in record {gezien[rid] + 1}.")
            )
            invoer.geweigerd += 1
            continue
        gezien[rid] = index
        naam_ = str(record.get("name", "")) if isinstance(record, dict) else ""
        invoer.items.append(Item(plaats, naam_, rid, lambda pad, p=plaats: (p, pad)))
        goed.append(record)
    invoer.records = lambda van, tot: goed[van:tot]
    return invoer


def _spreadsheet_invoer(naam: str, inhoud: bytes) -> Invoer:
    blad = spreadsheet.blad_lezen(naam, inhoud, xlsx=is_zip(inhoud))
    controle = spreadsheet.rijen_controleren(blad)
    items = [
        Item(r.rij.plaats, r.naam, str(r.id),
             lambda pad, p=r.rij.plaats: (p, spreadsheet.kolom_van_pad(pad)))
        for r in controle.rijen
    ]  # fmt: skip
    vandaag = timezone.localdate()
    return Invoer(
        items,
        lambda van, tot: spreadsheet.records_maken(controle.rijen[van:tot], vandaag),
        controle.fouten,
        controle.waarschuwingen,
        controle.geweigerd,
        controle.nieuwe_organisaties,
    )


LEZERS = {
    ImportTaak.Soort.SPREADSHEET: _spreadsheet_invoer,
    ImportTaak.Soort.HSDS_CSV: _pakket_invoer,
    ImportTaak.Soort.HSDS_JSON: _json_invoer,
}
assert {SPREADSHEET, HSDS_CSV, HSDS_JSON} == set(LEZERS)


def invoer_lezen(soort: str, naam: str, inhoud: bytes) -> Invoer:
    """The file as records to import, with what was found before the importer. Raises
    `BestandFout` when the file as a whole cannot be read."""
    return LEZERS[soort](naam, inhoud)


def invoer_verwerken(
    invoer: Invoer,
    *,
    proef: bool,
    verslag: Verslag | None = None,
    tot_seconden: float | None = None,
    na_stap: Callable[[Verslag], None] | None = None,
) -> Verslag:
    """Import (or with `proef` try) the records from `verslag.verwerkt` on, batch by batch.
    `na_stap` runs inside each batch's transaction; with `tot_seconden` no further batch
    starts after that many seconds (at least one always runs; the caller continues later
    from `verwerkt`)."""
    if verslag is None:
        verslag = Verslag(proef=proef)
        verslag.begin(invoer)
    begin = klok.monotonic()
    eerste = True
    while verslag.verwerkt < len(invoer.items):
        if not eerste and tot_seconden is not None and klok.monotonic() - begin > tot_seconden:
            break
        eerste = False
        van = verslag.verwerkt
        tot = min(van + STAP, len(invoer.items))
        with transaction.atomic():
            rapport = hsds_importeren(invoer.records(van, tot), proef=proef)
            verslag.opnemen(rapport, invoer.items[van:tot])
            if na_stap:
                na_stap(verslag)
    return verslag


# --- the task's life ------------------------------------------------------------------------------


def importtaak_aanmaken(*, bestandsnaam: str, inhoud: bytes, door) -> ImportTaak:
    """Keep the upload and queue its dry run. `BestandFout` when it is no file we import."""
    soort = soort_herkennen(bestandsnaam, inhoud)
    with transaction.atomic():
        taak = ImportTaak.objects.create(
            soort=soort, bestandsnaam=bestandsnaam[:255], bestand=inhoud, door=door
        )
        taak_plannen(TAAK, str(taak.pk))
    return taak


def importtaak_bevestigen(*, taak_id) -> ImportTaak:
    """The beheerder confirms a finished dry run: queue the import itself."""
    with transaction.atomic():
        bijgewerkt = ImportTaak.objects.filter(
            pk=taak_id, status=ImportTaak.Status.PROEF_KLAAR, bestand__isnull=False
        ).update(
            status=ImportTaak.Status.WACHTRIJ,
            stappen_klaar=0,
            verslag={},
            bijgewerkt=timezone.now(),
        )
        if not bijgewerkt:
            raise ImportTaakFout(
                "Deze import kan niet (meer) worden bevestigd: hij loopt al, is klaar, of de "
                "proefimport is verlopen. Upload het bestand opnieuw."
            )
        taak_plannen(TAAK, str(taak_id))
    return ImportTaak.objects.get(pk=taak_id)


def _claimen(taak_id) -> str | None:
    """Take the task for this round: from the queue, or from a worker that went silent.
    Returns the status it now has, or None when it is not ours to run."""
    nu = timezone.now()
    S = ImportTaak.Status
    for wachtend, bezig in ((S.PROEF_WACHTRIJ, S.PROEF_BEZIG), (S.WACHTRIJ, S.BEZIG)):
        if ImportTaak.objects.filter(pk=taak_id, status=wachtend).update(
            status=bezig, bijgewerkt=nu
        ):
            return bezig
        if ImportTaak.objects.filter(pk=taak_id, status=bezig, bijgewerkt__lt=nu - STIL).update(
            bijgewerkt=nu
        ):
            return bezig
    return None


def importtaak_uitvoeren(*, taak_id) -> bool:
    """One round of a task's dry run or import (the Celery task's body). Returns whether it
    did anything; a second delivery of the same message does nothing."""
    status = _claimen(taak_id)
    if status is None:
        return False
    S = ImportTaak.Status
    proef = status == S.PROEF_BEZIG
    taak = ImportTaak.objects.get(pk=taak_id)
    veld = "proefverslag" if proef else "verslag"
    try:
        if taak.bestand is None:
            raise BestandFout("Het bestand is er niet meer. Upload het opnieuw.")
        invoer = invoer_lezen(taak.soort, taak.bestandsnaam, bytes(taak.bestand))
    except BestandFout as fout:
        ImportTaak.objects.filter(pk=taak_id).update(
            status=S.MISLUKT, melding=str(fout), bestand=None, bijgewerkt=timezone.now()
        )
        return True
    vorig = getattr(taak, veld)
    verslag = Verslag.uit(vorig) if vorig and vorig.get("proef") == proef else None

    def na_stap(stand: Verslag) -> None:
        ImportTaak.objects.filter(pk=taak_id, status=status).update(
            **{veld: stand.als_dict()},
            stappen_klaar=stand.verwerkt,
            stappen_totaal=stand.te_verwerken,
            bijgewerkt=timezone.now(),
        )

    try:
        verslag = invoer_verwerken(
            invoer, proef=proef, verslag=verslag, tot_seconden=RONDE_SECONDEN, na_stap=na_stap
        )
    except Exception:
        log.exception("Import %s mislukt", taak_id)
        ImportTaak.objects.filter(pk=taak_id).update(
            status=S.MISLUKT,
            melding="Er ging iets mis bij het verwerken. Wat al verwerkt was, is opgeslagen; "
            "upload het bestand opnieuw om de rest te doen.",
            bestand=None,
            bijgewerkt=timezone.now(),
        )
        raise
    nu = timezone.now()
    if verslag.verwerkt < verslag.te_verwerken:
        # The next round, as a new message: this one is done.
        with transaction.atomic():
            ImportTaak.objects.filter(pk=taak_id, status=status).update(
                status=S.PROEF_WACHTRIJ if proef else S.WACHTRIJ, bijgewerkt=nu
            )
            taak_plannen(TAAK, str(taak_id))
        return True
    klaar = (
        {"status": S.PROEF_KLAAR}
        if proef
        else {"status": S.KLAAR, "bestand": None, "toegepast_op": nu}
    )
    ImportTaak.objects.filter(pk=taak_id, status=status).update(
        **{veld: verslag.als_dict()},
        stappen_klaar=verslag.verwerkt,
        stappen_totaal=verslag.te_verwerken,
        bijgewerkt=nu,
        **klaar,
    )
    return True


def importtaken_opruimen() -> int:
    """Beat, hourly: a dry run nobody confirmed within 24 hours loses its file; so does any
    finished or failed one that still has it. Returns how many files were removed."""
    S = ImportTaak.Status
    nu = timezone.now()
    verlopen = ImportTaak.objects.filter(
        status=S.PROEF_KLAAR, bijgewerkt__lt=nu - BEWAARTIJD
    ).update(status=S.VERLOPEN, bestand=None, bijgewerkt=nu)
    over = ImportTaak.objects.filter(
        status__in=[S.KLAAR, S.MISLUKT, S.VERLOPEN], bestand__isnull=False
    ).update(bestand=None)
    return verlopen + over
