"""The two sizes every benchmark runs at, in one place.

- aalten: gemeente Aalten over ten years: 500 aanbod (100 organisaties), 30,000 hulpvragen
- regio: a region of ten such municipalities: 5,000 aanbod (1,000 organisaties), 300,000
  hulpvragen

A run measures both, Aalten first; BENCH_MAAT=aalten or BENCH_MAAT=regio measures one.
Output: each size opens with a line `size=<name>`, and every `name=value` line up to the
next `size=` line belongs to that size (`kop()` prints it).
"""

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Maat:
    naam: str
    aanbod: int
    hulpvragen: int
    jaren: int = 10

    @property
    def organisaties(self) -> int:
        return self.aanbod // 5

    @property
    def medewerkers(self) -> int:
        """Staff accounts at the front door: one per thousand questions in ten years."""
        return self.hulpvragen // 1000


AALTEN = Maat("aalten", aanbod=500, hulpvragen=30_000)
REGIO = Maat("regio", aanbod=5_000, hulpvragen=300_000)
MATEN = {maat.naam: maat for maat in (AALTEN, REGIO)}


def gekozen() -> list[Maat]:
    """The sizes this run measures: BENCH_MAAT, or both."""
    keuze = os.environ.get("BENCH_MAAT", "").strip()
    if not keuze:
        return [AALTEN, REGIO]
    if keuze not in MATEN:
        sys.exit(f"BENCH_MAAT={keuze}: choose {' or '.join(MATEN)} (or leave it empty for both)")
    return [MATEN[keuze]]


def kop(maat: Maat) -> None:
    """The line that opens a size's output, and what the size holds."""
    print(f"size={maat.naam}")
    print(f"aanbod={maat.aanbod}")
    print(f"hulpvragen={maat.hulpvragen}")


def uitvoeren(meten: Callable[[Maat], int]) -> int:
    """Measure each chosen size with `meten(maat)`, which prints its lines and returns an
    exit code. With both sizes each runs in a process of its own (this script again, with
    BENCH_MAAT set): Django is set up once per process, on one scratch database."""
    maten = gekozen()
    if len(maten) == 1:
        kop(maten[0])
        sys.stdout.flush()
        return meten(maten[0])
    code = 0
    for maat in maten:
        proces = subprocess.run(
            [sys.executable, *sys.argv], env=dict(os.environ, BENCH_MAAT=maat.naam), check=False
        )
        code = code or proces.returncode
    return code
