"""No Bootstrap is left (issue 17): not in package.json, the static files or the Python
dependencies, and no Bootstrap class in any template, stylesheet or widget attribute: pages
use NL Design System components and our own layout classes."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]

#: The files this scan covers (globs from the project root).
BESTANDEN = [
    "templates/**/*.html",
    "static/css/*.css",
]

#: Bootstrap's classes (layout, utilities and components), as whole class names.
BOOTSTRAP = re.compile(
    r"""^(?:
        container(?:-\w+)? | row | col(?:-\w+)* | g[xy]?-\d | gap-\d | d-\w+(?:-\w+)?
      | [mp][tbsexy]?-(?:\d|auto) | [mp][tbsexy]?-\w+-\d
      | btn(?:-[\w-]+)? | form-(?:control|select|check|label|text|range|floating|switch)(?:-[\w-]+)?
      | input-group(?:-\w+)? | is-(?:invalid|valid) | (?:in)?valid-feedback
      | alert(?:-[\w-]+)? | card(?:-[\w-]+)? | badge | text-bg-\w+ | bg-\w+
      | visually-hidden(?:-focusable)? | table(?:-[\w-]+)? | list-(?:unstyled|inline)
      | h[1-6] | display-\d | small | lead | fw-\w+ | fs-\d | text-\w+(?:-\w+)?
      | breadcrumb(?:-item)? | pagination | page-(?:item|link) | nav-(?:link|item|tabs|pills)
      | navbar(?:-\w+)? | position-\w+ | flex-\w+(?:-\w+)? | align-\w+-\w+ | justify-content-\w+
      | float-\w+ | w-\d+ | h-\d+ | border(?:-\w+)? | rounded(?:-\w+)? | shadow(?:-\w+)?
    )$""",
    re.X,
)
TAG = re.compile(r"{%.*?%}|{#.*?#}", re.S)
WAARDE = re.compile(r"{{.*?}}", re.S)
KLASSE_ATTRIBUUT = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.S)
CSS_COMMENTAAR = re.compile(r"/\*.*?\*/", re.S)
CSS_KLASSE = re.compile(r"(?<![\w-])\.(-?[a-zA-Z_][\w-]*)")


def bestanden() -> list[Path]:
    gevonden = {pad for patroon in BESTANDEN for pad in ROOT.glob(patroon) if pad.is_file()}
    return sorted(gevonden)


def klassen(pad: Path) -> set[str]:
    tekst = pad.read_text(encoding="utf-8")
    if pad.suffix == ".css":
        zonder = CSS_COMMENTAAR.sub(" ", tekst)
        # Only selectors: drop every declaration block's content.
        selectors = re.sub(r"{[^{}]*}", " ", zonder)
        return set(CSS_KLASSE.findall(selectors))
    # Template tags may sit inside a class attribute: a tag becomes a space, so the class
    # names between {% if %} and {% endif %} are still checked; a value ({{ }}) is dropped.
    tekst = WAARDE.sub(" ", TAG.sub(" ", tekst))
    namen = set()
    for dubbel, enkel in KLASSE_ATTRIBUUT.findall(tekst):
        namen.update((dubbel or enkel).split())
    return namen


@pytest.mark.parametrize("pad", bestanden(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_bootstrap_class(pad):
    fout = sorted(k for k in klassen(pad) if BOOTSTRAP.match(k))
    assert not fout, f"Bootstrap-klassen in {pad.relative_to(ROOT)}: {', '.join(fout)}"


def test_the_scan_sees_bootstrap_in_a_template_and_in_css(tmp_path):
    html = tmp_path / "x.html"
    html.write_text('<p class="mb-1 {% if a %}alert alert-info{% endif %} eigen">x</p>')
    css = tmp_path / "x.css"
    css.write_text("/* .btn in a comment */ .eigen, .btn-primary { margin: 0.5rem; }")
    assert {k for k in klassen(html) if BOOTSTRAP.match(k)} == {"mb-1", "alert", "alert-info"}
    assert {k for k in klassen(css) if BOOTSTRAP.match(k)} == {"btn-primary"}


def test_the_list_covers_files():
    assert len(bestanden()) >= 150


def test_bootstrap_is_not_installed_nor_served():
    paket = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    assert "bootstrap" not in {**paket.get("dependencies", {}), **paket.get("devDependencies", {})}
    assert not any("bootstrap" in str(pad) for _, pad in settings.STATICFILES_DIRS[1:])
    assert "crispy_bootstrap5" not in settings.INSTALLED_APPS
    for naam in ("pyproject.toml", "requirements.lock"):
        assert "bootstrap" not in (ROOT / naam).read_text(encoding="utf-8").lower(), naam


def test_python_code_sets_no_bootstrap_class():
    """Widgets get their classes in Python too (toegang.formulieren): those are checked here."""
    klasse = re.compile(r"""["'](?:class|klasse)["']\s*:\s*["']([^"']*)["']""")
    fout = []
    for pad in ROOT.glob("*/**/*.py"):
        if ".venv" in pad.parts or "node_modules" in pad.parts or "tests" in pad.parts:
            continue
        for waarde in klasse.findall(pad.read_text(encoding="utf-8")):
            fout += [f"{pad.relative_to(ROOT)}: {k}" for k in waarde.split() if BOOTSTRAP.match(k)]
    assert not fout, fout
