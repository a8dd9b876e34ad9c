"""The resident pages of intake use NL Design System components, not Bootstrap (issue 17):
no Bootstrap class is left in a class attribute of these templates. Widen SJABLONEN when
more pages are converted; the shared field includes (owned by the crispy template pack)
are listed apart until the pack replaces them."""

import re
from pathlib import Path

from django.conf import settings

SJABLONEN = [
    "templates/intake/hulpvraag/*.html",
    "templates/intake/bezoekafspraak/*.html",
    "templates/intake/vraag_stellen.html",
    "templates/privacy/*.html",
    "templates/emails/*.txt",
]

# The shared form-field includes: rewritten by the NLDS template pack (branch nlds-kaart).
GEDEELD = {
    "templates/intake/hulpvraag/_veld.html",
    "templates/intake/hulpvraag/_fout.html",
    "templates/intake/hulpvraag/_hint.html",
    "templates/intake/hulpvraag/_keuzes.html",
    "templates/intake/hulpvraag/_vinkje.html",
    "templates/intake/hulpvraag/_foutoverzicht.html",
}

BOOTSTRAP = re.compile(
    r"""^(
        container(-\w+)? | row | col(-\w+)* | d-\w+(-\w+)? | [mp][tbsexy]?-(\w+-)?\d
        | btn(-[\w-]+)? | form-(control|select|label|text|check)(-[\w-]+)? | input-group
        | alert(-[\w-]+)? | card(-[\w-]+)? | badge | text-bg-\w+ | visually-hidden(-\w+)?
        | table(-[\w-]+)? | list-unstyled | list-inline | h[1-6] | display-\d | small | lead
        | fw-\w+ | text-[\w-]+ | gap-\d | g[xy]?-\d | is-(in)?valid | (in)?valid-feedback
        | float-\w+ | rounded(-\w+)? | border(-\w+)? | shadow(-\w+)? | w-\d+ | h-\d+
        | align-\w+(-\w+)? | justify-content-\w+ | flex-[\w-]+ | order-\w+ | bg-\w+
        | nav(-[\w-]+)? | navbar(-[\w-]+)? | stretched-link
    )$""",
    re.VERBOSE,
)
KLASSE = re.compile(r"""class\s*=\s*["']([^"']*)["']""")


def _bestanden() -> list[Path]:
    basis = Path(settings.BASE_DIR)
    return sorted(
        pad
        for patroon in SJABLONEN
        for pad in basis.glob(patroon)
        if pad.relative_to(basis).as_posix() not in GEDEELD
    )


def _bootstrap_klassen(tekst: str) -> list[str]:
    # Template tags inside a class attribute ({% if %} modifiers) are not classes.
    tekst = re.sub(r"{%.*?%}|{{.*?}}", " ", tekst)
    return [
        klasse
        for waarde in KLASSE.findall(tekst)
        for klasse in waarde.split()
        if BOOTSTRAP.match(klasse)
    ]


def test_scan_finds_bootstrap_classes():
    assert _bootstrap_klassen('<p class="alert alert-info mb-3">') == [
        "alert",
        "alert-info",
        "mb-3",
    ]
    # A class added under a condition is still a class.
    assert _bootstrap_klassen('<a class="btn{% if x %} col-md-4{% endif %}">') == [
        "btn",
        "col-md-4",
    ]
    assert _bootstrap_klassen('<p class="utrecht-paragraph utrecht-paragraph--lead">') == []


def test_resident_intake_templates_have_no_bootstrap_classes():
    bestanden = _bestanden()
    assert len(bestanden) > 20
    gevonden = {
        pad.name: klassen
        for pad in bestanden
        if (klassen := _bootstrap_klassen(pad.read_text(encoding="utf-8")))
    }
    assert gevonden == {}
