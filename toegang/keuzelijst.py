"""A row picked by typing its name: a colleague, an organisation, someone for the rota.

The one place for "which row is meant by this typed name" (`Keuzelijst.vind`), "which names
fit what is typed" (`Keuzelijst.zoek`), the names a list shows (`Keuzelijst.namen`) and the
form field that turns a typed name into its row (`NaamVeld`). The apps keep their own lists:
a Keuzelijst over their rows, annotated with the name people see as `keuzenaam`.
The pages carry no list of hundreds: suggestions come while typing (htmx, into the
`keuzelijst/_datalist.html` next to the field), or one list serves a whole page; either way
the server matches what was typed, so every form works without JavaScript.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, When
from django.urls import reverse_lazy

# Suggestions shown while typing; the candidates named when a typed name fits several.
SUGGESTIES = 10
KANDIDATEN = 5
NAAM_MAX = 150
# What is never part of a name: control characters (PostgreSQL refuses NUL).
_ONZICHTBAAR = re.compile(r"[\x00-\x1f\x7f]")
# "Jan Jansen (jjansen2)": a name that repeats, told apart as the list shows it.
_MET_ONDERSCHEID = re.compile(r"(.+?)\s*\(([^()]+)\)")


def zoektekst(waarde) -> str:
    """What someone typed as a name, made safe to match: one line, at most NAAM_MAX."""
    return _ONZICHTBAAR.sub("", str(waarde or "")).strip()[:NAAM_MAX]


@dataclass(frozen=True)
class Keuzelijst:
    """Rows picked by typing a name (300 colleagues, 1,000 organisations)."""

    naam: str  # in the URL of the suggestions
    enkelvoud: str
    meervoud: str
    rijen: Callable[[], models.QuerySet]  # with the name people see as `keuzenaam`
    # Another field a typed value may equal, which also tells apart people with one name.
    onderscheid: str | None = None
    # The URL name answering with the names that fit (its one argument: `naam`), or None
    # where one list serves the whole page.
    suggesties: str | None = None

    def zoek(self, tekst: str, aantal: int = SUGGESTIES) -> list:
        """The rows whose name contains `tekst`, names that begin with it first."""
        tekst = zoektekst(tekst)
        if not tekst:
            return []
        return list(
            self.rijen()
            .filter(keuzenaam__icontains=tekst)
            .order_by(Case(When(keuzenaam__istartswith=tekst, then=0), default=1), "keuzenaam")[
                :aantal
            ]
        )

    def vind(self, tekst: str):
        """The one row meant by `tekst`: its exact name (case aside) or the name as the list
        shows it, else the only row whose name contains it. Says in words when none or
        several fit."""
        tekst = zoektekst(tekst)
        kandidaten = list(self.rijen().filter(self._gelijk(tekst))[: KANDIDATEN + 1])
        if not kandidaten:
            kandidaten = self.zoek(tekst, KANDIDATEN + 1)
        if len(kandidaten) == 1:
            return kandidaten[0]
        if not kandidaten:
            raise ValidationError(
                f"Er is geen {self.enkelvoud} met ‘{tekst}’ in de naam. Typ een deel van de "
                "naam en kies uit de suggesties.",
                code="geen",
            )
        kandidaten, meer = kandidaten[:KANDIDATEN], len(kandidaten) > KANDIDATEN
        opsomming = ", ".join(self.namen(kandidaten)) + (", …" if meer else "")
        raise ValidationError(
            f"Meer {self.meervoud} passen bij ‘{tekst}’: {opsomming}. Typ de naam zoals in de "
            "suggesties.",
            code="meer",
        )

    def precies(self, tekst: str):
        """The row with exactly this name (case aside), or None: no guessing."""
        tekst = zoektekst(tekst)
        return self.rijen().filter(keuzenaam__iexact=tekst).first() if tekst else None

    def namen(self, rijen: Iterable) -> list[str]:
        """The names these rows are shown and picked by; where a name repeats, each with
        what tells them apart (`vind` takes that form too)."""
        rijen = list(rijen)
        dubbel = Counter(self.label(rij) for rij in rijen)
        return [
            f"{self.label(rij)} ({getattr(rij, self.onderscheid)})"
            if self.onderscheid and dubbel[self.label(rij)] > 1
            else self.label(rij)
            for rij in rijen
        ]

    def suggesties_voor(self, tekst: str) -> list[str]:
        """The names that fit what is typed, as suggestions."""
        return self.namen(self.zoek(tekst))

    def _gelijk(self, tekst: str) -> Q:
        gelijk = Q(keuzenaam__iexact=tekst)
        if self.onderscheid:
            gelijk |= Q(**{f"{self.onderscheid}__iexact": tekst})
            if deel := _MET_ONDERSCHEID.fullmatch(tekst):
                gelijk |= Q(keuzenaam__iexact=deel[1], **{f"{self.onderscheid}__iexact": deel[2]})
        return gelijk

    @staticmethod
    def label(rij) -> str:
        return getattr(rij, "keuzenaam", None) or getattr(rij, "weergavenaam", None) or str(rij)


class NaamInvoer(forms.TextInput):
    """A text input tied to the datalist after it (`keuzelijst/_datalist.html`, id
    "<field id>-suggesties"), which htmx fills from `hx-get` while typing."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        velden = context["widget"]["attrs"]
        if "hx-get" in velden and velden.get("id"):
            lijst = f"{velden['id']}-suggesties"
            velden.update(
                {
                    "list": lijst,
                    "hx-trigger": "input changed delay:300ms",
                    "hx-target": f"#{lijst}",
                    "hx-sync": "this:replace",
                }
            )
        return context


class NaamVeld(forms.Field):
    """A typed name, converted to the one row of `lijst` it names (see Keuzelijst)."""

    widget = NaamInvoer

    def __init__(self, lijst: Keuzelijst, **kwargs):
        kwargs.setdefault("help_text", "Typ een deel van de naam en kies uit de suggesties.")
        super().__init__(**kwargs)
        self.lijst = lijst
        self.widget.attrs.update({"autocomplete": "off", "maxlength": NAAM_MAX})
        if lijst.suggesties:
            self.widget.attrs["hx-get"] = reverse_lazy(lijst.suggesties, args=[lijst.naam])

    def prepare_value(self, value):
        if isinstance(value, models.Model):
            return self.lijst.label(value)
        return value

    def to_python(self, value):
        if isinstance(value, models.Model):
            return value
        tekst = zoektekst(value)
        if not tekst:
            return None
        return self.lijst.vind(tekst)
