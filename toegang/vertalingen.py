"""The translation catalogs of the resident pages (locale/<taal>/LC_MESSAGES/django.po):
what is missing in them. Used by the check in tests/taal/test_catalogi.py, which `make test`
runs, and by `make messages` users who want to know what is left to translate.

A small reader of GNU gettext's .po format (what makemessages writes): entries of `#,` flags,
`msgctxt`, `msgid`, `msgid_plural`, `msgstr` / `msgstr[n]`, strings continued on the lines
that follow. Obsolete entries (`#~`) are skipped.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

# The languages with a catalog: every language of the site but the source language.
VERTAALDE_TALEN = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]

# Exactly what ISSUE17.md prescribes, so every branch writes the catalogs the same way.
MAKEMESSAGES_OPTIES = ["--no-location", "--no-obsolete", "-i", ".venv/*", "-i", "node_modules/*"]


@dataclass
class Regel:
    """One entry of a catalog."""

    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    vlaggen: set[str] = field(default_factory=set)

    @property
    def sleutel(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def vertaald(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values())

    @property
    def vaag(self) -> bool:
        return "fuzzy" in self.vlaggen


def _tekst(regel: str) -> str:
    return ast.literal_eval(regel)


def lees(pad: Path) -> list[Regel]:
    """The entries of a .po file, the header (msgid "") left out."""
    regels: list[Regel] = []
    huidig = Regel()
    veld: tuple[str, int] | None = None
    begonnen = False

    def afsluiten():
        nonlocal huidig, begonnen, veld
        if begonnen:
            regels.append(huidig)
        huidig, begonnen, veld = Regel(), False, None

    for ruw in pad.read_text(encoding="utf-8").splitlines():
        regel = ruw.strip()
        if not regel:
            afsluiten()
            continue
        if regel.startswith("#~"):
            continue
        if regel.startswith("#,"):
            if begonnen:
                afsluiten()
            huidig.vlaggen |= {v.strip() for v in regel[2:].split(",")}
            continue
        if regel.startswith("#"):
            continue
        if regel.startswith('"'):
            if veld is None:
                raise ValueError(f"{pad}: losse tekst: {regel}")
            naam, index = veld
            if naam == "msgstr":
                huidig.msgstr[index] += _tekst(regel)
            else:
                setattr(huidig, naam, (getattr(huidig, naam) or "") + _tekst(regel))
            continue
        sleutelwoord, _, waarde = regel.partition(" ")
        if sleutelwoord in ("msgctxt", "msgid") and begonnen and huidig.msgstr:
            afsluiten()
        begonnen = True
        if sleutelwoord.startswith("msgstr"):
            index = int(sleutelwoord[7:-1]) if "[" in sleutelwoord else 0
            huidig.msgstr[index] = _tekst(waarde)
            veld = ("msgstr", index)
        elif sleutelwoord in ("msgid", "msgctxt", "msgid_plural"):
            setattr(huidig, sleutelwoord, _tekst(waarde))
            veld = (sleutelwoord, 0)
        else:
            raise ValueError(f"{pad}: onbekende regel: {regel}")
    afsluiten()
    return [r for r in regels if r.msgid or r.msgctxt]


def catalogus(taal: str, basis: Path | None = None) -> Path:
    return (basis or Path(settings.BASE_DIR)) / "locale" / taal / "LC_MESSAGES" / "django.po"


def onvertaald(taal: str, basis: Path | None = None) -> list[str]:
    """The msgids of this language's catalog without a translation, or marked fuzzy."""
    pad = catalogus(taal, basis)
    if not pad.exists():
        return [f"(geen catalogus {pad})"]
    return [r.msgid + (" (fuzzy)" if r.vaag else "") for r in lees(pad) if r.vaag or not r.vertaald]


# Not copied: what makemessages is told to ignore, what git does not hold, and the catalogs
# (the one language's catalog is copied on its own).
_OVERSLAAN = {".venv", "node_modules", ".git", ".data", "staticfiles", "locale"}


def nieuwe_teksten(basis: Path | None = None) -> list[str]:
    """Texts wrapped for translation in the code or templates that no catalog holds yet:
    runs makemessages for one language (the others are built from the same sources) in a
    copy of the project (a few MB: its code, templates and data files, which apps read when
    Django starts), so the catalogs in the repository are never touched."""
    basis = basis or Path(settings.BASE_DIR)
    taal = VERTAALDE_TALEN[0]
    with tempfile.TemporaryDirectory(prefix="makemessages-") as tijdelijk:
        kopie = Path(tijdelijk)
        for item in basis.iterdir():
            if item.name in _OVERSLAAN or item.name.endswith("_cache"):
                continue
            if item.is_dir():
                shutil.copytree(
                    item,
                    kopie / item.name,
                    symlinks=True,
                    ignore=shutil.ignore_patterns("__pycache__", "artifacts"),
                )
            else:
                shutil.copy2(item, kopie / item.name, follow_symlinks=False)
        doel = catalogus(taal, kopie)
        doel.parent.mkdir(parents=True)
        bron = catalogus(taal, basis)
        if bron.exists():
            shutil.copy2(bron, doel)
        omgeving = {**os.environ, "DEBUG": "1"}
        uitkomst = subprocess.run(
            [sys.executable, "manage.py", "makemessages", "-l", taal, *MAKEMESSAGES_OPTIES],
            cwd=kopie,
            env=omgeving,
            capture_output=True,
            text=True,
        )
        if uitkomst.returncode:
            raise RuntimeError(f"makemessages mislukte:\n{uitkomst.stderr}")
        bekend = {r.sleutel for r in lees(bron)} if bron.exists() else set()
        return [r.msgid for r in lees(doel) if r.sleutel not in bekend]
