"""What an import found, in words the beheerder can act on: per row (or record) and column,
what is wrong (a `fout`: that row is not imported) or what was not taken (a
`waarschuwing`: the row is imported without it)."""

from __future__ import annotations

from typing import NamedTuple


class Bevinding(NamedTuple):
    """One finding: where (`Rij 4`, `services.csv, rij 2`, or the file's name), which
    column (empty for the row or file as a whole) and why, in Dutch."""

    plaats: str
    kolom: str
    reden: str

    def als_dict(self) -> dict:
        return {"plaats": self.plaats, "kolom": self.kolom, "reden": self.reden}


def pad_plaats(bronnen: dict[str, tuple[str, str]], pad: str) -> tuple[str, str]:
    """(place, column) of an importer's path (`service_at_locations[0].location.postcode`)
    in a record made from a file: `bronnen` maps a path prefix in the record to the
    place it came from and, when a whole prefix is one column, that column. The longest
    prefix wins; what follows it names the column."""
    beste = ""
    for prefix in bronnen:
        if (
            prefix == pad
            or not prefix
            or pad.startswith(prefix + ".")
            or pad.startswith(prefix + "[")
        ) and len(prefix) >= len(beste):
            beste = prefix
    if beste not in bronnen:
        return "", pad
    plaats, kolom = bronnen[beste]
    if kolom:
        return plaats, kolom
    rest = pad[len(beste) :].lstrip(".")
    return plaats, rest.split(".")[0].split("[")[0] if rest else ""
