"""No Bootstrap class left in the templates that moved to NL Design System (issue 17).

One list of globs (which templates) and one list of class patterns (what counts as Bootstrap):
after the merge the lead widens GLOBS to every template.
"""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

# The staff pages (branch nlds-werk). Resident pages of intake (hulpvraag/, vraag_stellen.html) belong
# to another branch and are excluded below.
GLOBS = [
    "intake/*.html",
    "locaties/rooster.html",
    "locaties/mijn_diensten.html",
    "locaties/terugkerende_*.html",
    "rapportage/**/*.html",
    "accounts/**/*.html",
    "berichten/**/*.html",
    "keuzelijst/**/*.html",
    "privacy/logboek_onbereikbaar.html",
    "admin/**/*.html",
]
UITGEZONDERD = {"intake/vraag_stellen.html"}

# Bootstrap's layout, utility and component classes (whole class names).
PATRONEN = [
    r"container(-fluid|-\w+)?",
    r"row",
    r"col(-\w+)*",
    r"d-\w+(-\w+)?",
    r"[mp][tbsexy]?-(\w+-)?[0-5n]",
    r"g[xy]?-(\w+-)?[0-5]",
    r"gap-\d",
    r"btn(-[\w-]+)?",
    r"form-(control|select|check|label|text|floating|range|switch)(-[\w-]+)?",
    r"input-group(-[\w-]+)?",
    r"alert(-[\w-]+)?",
    r"card(-[\w-]+)?",
    r"badge",
    r"text-bg-\w+",
    r"text-[\w-]+",
    r"bg-[\w-]+",
    r"table(-[\w-]+)?",
    r"visually-hidden(-focusable)?",
    r"list-(unstyled|inline)(-item)?",
    r"h[1-6]",
    r"small",
    r"lead",
    r"display-\d",
    r"fw-\w+",
    r"fs-\d",
    r"align-(items|self|content)-\w+",
    r"justify-content-\w+",
    r"flex-[\w-]+",
    r"border(-[\w-]+)?",
    r"rounded(-[\w-]+)?",
    r"shadow(-\w+)?",
    r"[wh]-(\d+|auto)",
    r"float-\w+",
    r"nav(-[\w-]+)?",
    r"navbar(-[\w-]+)?",
    r"list-group(-[\w-]+)?",
    r"stretched-link",
    r"clearfix",
    r"ratio(-\w+)?",
    r"placeholder(-\w+)?",
    r"spinner-\w+",
    r"progress(-bar)?",
    r"(is|was)-(in)?valid(ated)?",
    r"(in)?valid-(feedback|tooltip)",
    r"breadcrumb(-item)?",
    r"pagination(-\w+)?",
    r"page-(item|link)",
    r"active",
]
BOOTSTRAP = re.compile(rf"^(?:{'|'.join(PATRONEN)})$")
CLASS_ATTR = re.compile(r"""\bclass\s*=\s*(["'])(.*?)\1""", re.S)
TEMPLATE_TAG = re.compile(r"{%.*?%}|{{.*?}}", re.S)


def eigen_templates():
    gezien = set()
    for patroon in GLOBS:
        for pad in sorted(TEMPLATES.glob(patroon)):
            naam = pad.relative_to(TEMPLATES).as_posix()
            if pad.is_file() and naam not in UITGEZONDERD and naam not in gezien:
                gezien.add(naam)
                yield naam, pad


def bootstrap_klassen(tekst):
    for match in CLASS_ATTR.finditer(tekst):
        for klasse in TEMPLATE_TAG.sub(" ", match.group(2)).split():
            if BOOTSTRAP.match(klasse):
                yield klasse


def test_de_scan_herkent_bootstrap():
    tekst = '<div class="row g-3"><a class="btn btn-primary {% if x %}mb-2{% endif %}">x</a></div>'
    assert list(bootstrap_klassen(tekst)) == ["row", "g-3", "btn", "btn-primary", "mb-2"]
    assert not list(bootstrap_klassen('<a class="utrecht-button nl-number-badge werk-rij">x</a>'))


def test_geen_bootstrap_in_templates():
    gevonden = {
        naam: sorted(set(bootstrap_klassen(pad.read_text(encoding="utf-8"))))
        for naam, pad in eigen_templates()
    }
    assert len(gevonden) > 40, "de globs vinden de templates niet meer"
    over = {naam: klassen for naam, klassen in gevonden.items() if klassen}
    assert not over, over
