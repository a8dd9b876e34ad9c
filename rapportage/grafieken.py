"""Charts as SVG, drawn on the server: no JavaScript, sharp in print, the same on every phone.

Widths are percentages of the chart's width and text has its normal size, so a chart fits
a phone without shrinking its words. Colours come from classes (static/css/toegang.css),
never from style attributes. A chart is a picture of the table right under it: screen
readers skip it (aria-hidden) and read the table. A hidden count (<5, verborgen) gets no
bar, only its words.
"""

from __future__ import annotations

import math

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from .figuren.figuur import Grafiek

REGEL = 20  # px: one line of text
STAAF = 16  # px: one horizontal bar
KOLOMHOOGTE = 180  # px: the plot area of a column chart
RUIMTE = 0.8  # the longest bar takes this share of the width; its number goes after it


def _waarde(cel) -> float | None:
    if hasattr(cel, "aantal"):
        return cel.aantal
    return getattr(cel, "getal", None)


def _tekst(cel, eenheid: str) -> str:
    tekst = cel if isinstance(cel, str) else cel.tekst
    if eenheid and _waarde(cel) is not None and not tekst.endswith(eenheid.strip()):
        tekst += eenheid
    return tekst


def _schaal(grafiek: Grafiek) -> float:
    if grafiek.maximum:
        return grafiek.maximum
    if grafiek.soort == "gestapeld":
        hoogste = max(
            (
                sum(_waarde(r.waarden[i]) or 0 for r in grafiek.reeksen)
                for i in range(len(grafiek.labels))
            ),
            default=0,
        )
    else:
        hoogste = max((_waarde(w) or 0 for r in grafiek.reeksen for w in r.waarden), default=0)
    return _mooi(hoogste)


def _mooi(getal: float) -> float:
    """A round number at or above `getal` for the top of the scale (1, 2, 5 × 10^n)."""
    if getal <= 0:
        return 1
    macht = 10 ** math.floor(math.log10(getal))
    for stap in (1, 2, 5, 10):
        if getal <= stap * macht:
            return stap * macht
    return 10 * macht


def _pct(getal: float) -> str:
    return f"{getal:.2f}%"


def svg(grafiek: Grafiek | None, *, stijl: str = "") -> SafeString | str:
    """The chart; with `stijl` (CSS) inside it, for renderers that apply no page stylesheet
    to an inline SVG (WeasyPrint, rapportage/pdf.py). Pages use the page's stylesheet: the
    CSP allows no inline style there."""
    if grafiek is None or not grafiek.labels:
        return ""
    if grafiek.soort == "staven":
        return _staven(grafiek, stijl)
    return _kolommen(grafiek, stijl)


def _staven(grafiek: Grafiek, stijl: str = "") -> SafeString:
    """Horizontal bars: per label its name on one line, under it a bar per series."""
    schaal = _schaal(grafiek)
    delen = []
    y = 0
    for i, label in enumerate(grafiek.labels):
        y += REGEL - 5
        delen.append(format_html('<text class="grafiek__label" x="0" y="{}">{}</text>', y, label))
        y += 5
        for n, reeks in enumerate(grafiek.reeksen):
            cel = reeks.waarden[i]
            waarde = _waarde(cel)
            breedte = 0 if waarde is None else RUIMTE * 100 * waarde / schaal
            if waarde:
                delen.append(
                    format_html(
                        '<rect class="grafiek__staaf reeks-{}" x="0" y="{}" width="{}" height="{}"></rect>',
                        n,
                        y + 2,
                        _pct(breedte),
                        STAAF - 4,
                    )
                )
            delen.append(
                format_html(
                    '<text class="grafiek__waarde{}" x="{}" dx="6" y="{}">{}</text>',
                    " grafiek__waarde--geen" if waarde is None else "",
                    _pct(breedte),
                    y + STAAF - 4,
                    _tekst(cel, grafiek.eenheid),
                )
            )
            y += STAAF
        y += 8
    return _omhulsel(y, delen, stijl)


def _kolommen(grafiek: Grafiek, stijl: str = "") -> SafeString:
    """Vertical bars over time; with several series, stacked."""
    schaal = _schaal(grafiek)
    aantal = len(grafiek.labels)
    breedte = 100 / aantal
    boven = REGEL
    basis = boven + KOLOMHOOGTE
    delen = []
    # Gridlines at half and the top of the scale; half only where it is a whole number.
    for fractie in (0.5, 1) if (schaal / 2).is_integer() or grafiek.eenheid else (1,):
        lijn_y = basis - KOLOMHOOGTE * fractie
        delen.append(
            format_html(
                '<line class="grafiek__rooster" x1="0" x2="100%" y1="{}" y2="{}"></line>'
                '<text class="grafiek__as" x="0" y="{}">{}</text>',
                lijn_y,
                lijn_y,
                lijn_y - 3,
                _getal(schaal * fractie) + grafiek.eenheid,
            )
        )
    toon_waarden = aantal <= 12 and len(grafiek.reeksen) == 1
    elke = max(1, math.ceil(aantal / 8))
    for i, label in enumerate(grafiek.labels):
        x = i * breedte + breedte * 0.1
        y = basis
        for n, reeks in enumerate(grafiek.reeksen):
            waarde = _waarde(reeks.waarden[i])
            if not waarde:
                continue
            hoogte = KOLOMHOOGTE * waarde / schaal
            y -= hoogte
            delen.append(
                format_html(
                    '<rect class="grafiek__staaf reeks-{}" x="{}" y="{}" width="{}" height="{}"></rect>',
                    n,
                    _pct(x),
                    f"{y:.1f}",
                    _pct(breedte * 0.8),
                    f"{hoogte:.1f}",
                )
            )
        if toon_waarden:
            cel = grafiek.reeksen[0].waarden[i]
            delen.append(
                format_html(
                    '<text class="grafiek__waarde grafiek__waarde--midden" x="{}" y="{}">{}</text>',
                    _pct(x + breedte * 0.4),
                    f"{y - 4:.1f}",
                    _tekst(cel, grafiek.eenheid),
                )
            )
        elif any(_waarde(r.waarden[i]) is None for r in grafiek.reeksen):
            # A hidden count in this bucket: a small mark on the baseline, the table says more.
            delen.append(
                format_html(
                    '<text class="grafiek__waarde grafiek__waarde--midden grafiek__waarde--geen" x="{}" y="{}">•</text>',
                    _pct(x + breedte * 0.4),
                    basis - 3,
                )
            )
        if i % elke == 0:
            delen.append(
                format_html(
                    '<text class="grafiek__as grafiek__as--onder" x="{}" y="{}">{}</text>',
                    _pct(x + breedte * 0.4),
                    basis + REGEL - 4,
                    label,
                )
            )
    delen.append(
        format_html(
            '<line class="grafiek__basis" x1="0" x2="100%" y1="{}" y2="{}"></line>', basis, basis
        )
    )
    return _omhulsel(basis + REGEL + 4, delen, stijl)


def _getal(getal: float) -> str:
    if getal == int(getal):
        return f"{int(getal):,}".replace(",", ".")
    return f"{getal:.1f}".replace(".", ",")


def _omhulsel(hoogte: float, delen: list[SafeString], stijl: str = "") -> SafeString:
    """The chart around its parts (each made by format_html, so not escaped again)."""
    return format_html(
        '<svg class="grafiek" width="100%" height="{}" aria-hidden="true" focusable="false"'
        ' xmlns="http://www.w3.org/2000/svg">{}{}</svg>',
        math.ceil(hoogte),
        format_html("<style>{}</style>", stijl) if stijl else "",
        format_html_join("", "{}", ((deel,) for deel in delen)),
    )


def legenda(grafiek: Grafiek | None) -> list[tuple[int, str]]:
    """The series of a chart with more than one, for a legend under it."""
    if grafiek is None or len(grafiek.reeksen) < 2:
        return []
    return [(n, reeks.naam) for n, reeks in enumerate(grafiek.reeksen)]
