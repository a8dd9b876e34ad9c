"""Layers: rapportage sits on top; nothing in the application imports it."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_nothing_imports_rapportage():
    overtreders = []
    for app in ("toegang", "intake", "sociale_kaart", "locaties"):
        for bestand in (ROOT / app).rglob("*.py"):
            for knoop in ast.walk(ast.parse(bestand.read_text())):
                namen = []
                if isinstance(knoop, ast.Import):
                    namen = [a.name for a in knoop.names]
                elif isinstance(knoop, ast.ImportFrom) and knoop.level == 0:
                    namen = [knoop.module or ""]
                if any(n == "rapportage" or n.startswith("rapportage.") for n in namen):
                    overtreders.append(str(bestand.relative_to(ROOT)))
    assert overtreders == []
