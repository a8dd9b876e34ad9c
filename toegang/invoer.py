"""Numbers and dates from the outside world: query strings, API parameters, form fields.

One parser for page numbers (and other whole numbers), one for dates and one for date-times,
so every view refuses the same input the same way: with `OngeldigeInvoer`, a Dutch sentence
that a page shows as a 400 (`ongeldig_verzoek`, Django's handler400) and an API returns as
its JSON error. Nothing else escapes them, whatever comes in:

- Only ASCII digits are digits. Python's `str.isdigit()` accepts "²" and "١" that `int()`
  then refuses (or reads as 1), and `int()` accepts " 1", "+1" and "1_0".
- A date lies between VROEGST and LAATST, far enough from year 1 and 9999 that a view can
  step a week, a month or a few years either way without `OverflowError`; callers narrow
  the range further where they know better (`vroegst=`, `laatst=`).
- A date-time carries an offset a clock can show (at most 14 hours from UTC; PostgreSQL
  refuses more) or none, and then means local time (Europe/Amsterdam).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from django import forms
from django.core.exceptions import BadRequest, ValidationError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone

# Far from both ends of what `date` can hold; a century either side of anything real.
VROEGST = date(1900, 1, 1)
LAATST = date(2999, 12, 31)
# No list is that long; also keeps (page - 1) * size within PostgreSQL's bigint.
MAX_PAGINA = 1_000_000
# Real clocks are at most 14 hours from UTC (Kiribati, +14:00).
MAX_VERSCHUIVING = timedelta(hours=14)

_CIJFERS = re.compile(r"[0-9]{1,9}")
_DATUM = re.compile(r"(?P<j>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})")
_DATUM_NL = re.compile(r"(?P<d>[0-9]{1,2})[-/](?P<m>[0-9]{1,2})[-/](?P<j>[0-9]{4})")
_MAAND = re.compile(r"(?P<j>[0-9]{4})-(?P<m>[0-9]{1,2})|(?P<m2>[0-9]{1,2})[-/](?P<j2>[0-9]{4})")
_DATUM_TIJD = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9:.,]{2,18}(Z|[+-][0-9:]{2,8})?)?")


class OngeldigeInvoer(BadRequest, ValueError):
    """A parameter or field that cannot be read. The message says so in Dutch and names the
    parameter; `zin` says the same without the name, for next to a form field."""

    def __init__(self, naam: str, wat: str, zin: str):
        self.zin = zin
        super().__init__(f"'{naam}' {wat}. {zin}" if naam else zin)


def _datum_tekst(dag: date) -> str:
    return f"{dag.day}-{dag.month}-{dag.year}"


def geheel_getal(waarde, *, naam: str, minimum: int, maximum: int) -> int:
    """A whole number from `minimum` to `maximum`, written in ASCII digits only."""
    tekst = waarde if isinstance(waarde, str) else str(waarde)
    if not _CIJFERS.fullmatch(tekst) or not minimum <= int(tekst) <= maximum:
        raise OngeldigeInvoer(
            naam,
            "is geen heel getal",
            f"Vul een getal in van {minimum:,} tot en met {maximum:,}.".replace(",", "."),
        )
    return int(tekst)


def paginanummer(waarde, *, naam: str = "page", standaard: int | None = None) -> int:
    """A page number: 1 when absent. Unreadable: `standaard` where the caller gives one
    (a page of a list that shows its first page for a mangled link), else OngeldigeInvoer."""
    if waarde in (None, ""):
        return 1
    try:
        return geheel_getal(waarde, naam=naam, minimum=1, maximum=MAX_PAGINA)
    except OngeldigeInvoer:
        if standaard is None:
            raise
        return standaard


def datum(waarde, *, naam: str = "datum", vroegst: date = VROEGST, laatst: date = LAATST) -> date:
    """A date as JJJJ-MM-DD (what browsers and APIs send) or as people type it, DD-MM-JJJJ
    or DD/MM/JJJJ, from `vroegst` to `laatst`."""
    if isinstance(waarde, datetime):
        waarde = waarde.date()
    if isinstance(waarde, date):
        dag = waarde
    else:
        tekst = (waarde if isinstance(waarde, str) else "").strip()
        delen = _DATUM.fullmatch(tekst) or _DATUM_NL.fullmatch(tekst)
        try:
            if delen is None:
                raise ValueError
            dag = date(int(delen["j"]), int(delen["m"]), int(delen["d"]))
        except ValueError:
            raise OngeldigeInvoer(
                naam,
                "is geen datum",
                "Vul een datum in als dag-maand-jaar, bijvoorbeeld 15-03-2027 (of 2027-03-15).",
            ) from None
    if not vroegst <= dag <= laatst:
        raise OngeldigeInvoer(
            naam,
            f"ligt buiten {vroegst.year}–{laatst.year}",
            f"Kies een dag van {_datum_tekst(vroegst)} tot en met {_datum_tekst(laatst)}.",
        )
    return dag


def maand(waarde, *, naam: str = "maand", vroegst: date = VROEGST, laatst: date = LAATST) -> date:
    """A month, as its first day: JJJJ-MM (what a browser's month field sends), MM-JJJJ as
    people type it, or any day in it (a date `datum` reads)."""
    tekst = (waarde if isinstance(waarde, str) else "").strip()
    delen = _MAAND.fullmatch(tekst)
    try:
        if delen is None:
            dag = datum(tekst, naam=naam, vroegst=date.min, laatst=date.max)
        else:
            dag = date(int(delen["j"] or delen["j2"]), int(delen["m"] or delen["m2"]), 1)
    except (OngeldigeInvoer, ValueError):
        raise OngeldigeInvoer(
            naam,
            "is geen maand",
            "Vul een maand in als maand-jaar, bijvoorbeeld 03-2027 (of 2027-03).",
        ) from None
    return datum(dag.replace(day=1), naam=naam, vroegst=vroegst.replace(day=1), laatst=laatst)


def datum_tijd(
    waarde, *, naam: str = "datum-tijd", vroegst: date = VROEGST, laatst: date = LAATST
) -> datetime:
    """An ISO 8601 date-time (or a date: its midnight), aware: without an offset it is local
    time. The offset is at most 14 hours; the moment falls from `vroegst` to `laatst`."""
    tekst = (waarde if isinstance(waarde, str) else "").strip()
    try:
        if not _DATUM_TIJD.fullmatch(tekst):
            raise ValueError
        moment = datetime.fromisoformat(tekst)
        if moment.utcoffset() is not None and abs(moment.utcoffset()) > MAX_VERSCHUIVING:
            raise ValueError
    except ValueError:
        raise OngeldigeInvoer(
            naam,
            "is geen datum-tijd",
            "Gebruik ISO 8601, bijvoorbeeld 2027-03-15T09:30:00+01:00, met een tijdzone van "
            "hoogstens 14 uur voor of na UTC.",
        ) from None
    # Its own calendar date in range first: then no offset of 14 hours or less overflows.
    datum(moment.date(), naam=naam, vroegst=vroegst, laatst=laatst)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class DatumVeld(forms.DateField):
    """A form's date field that reads dates with `datum` (the same formats and range)."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def __init__(self, *, vroegst: date = VROEGST, laatst: date = LAATST, **kwargs):
        self.vroegst, self.laatst = vroegst, laatst
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return datum(value, naam="", vroegst=self.vroegst, laatst=self.laatst)
        except OngeldigeInvoer as fout:
            raise ValidationError(fout.zin, code="invalid") from None


def ongeldig_verzoek(request, exception=None):
    """Django's handler400: a request that cannot be read. An `OngeldigeInvoer` says why;
    under /api/ the answer is the APIs' JSON error."""
    melding = str(exception) if isinstance(exception, OngeldigeInvoer) else ""
    if request.path.startswith("/api/"):
        return JsonResponse({"fout": melding or "Dit verzoek kunnen wij niet lezen."}, status=400)
    return render(request, "400.html", {"melding": melding}, status=400)
