"""iCalendar (RFC 5545) feeds: events in UTC, written line by line.

A feed holds hundreds of events with the same few properties (thirteen months of
openings). Writing their lines directly costs a few milliseconds; building the `icalendar`
package's object tree for them and serialising it took about 0.2 ms per event, most of
the feed's time (benchmarks/paginas.py). Tests read the feeds back with that package.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.http import HttpResponse
from django.utils import timezone

# RFC 5545 3.1: a content line is at most 75 octets; a longer one continues on lines
# that start with a space.
REGEL_OCTETS = 75


@dataclass(frozen=True)
class Gebeurtenis:
    uid: str
    start: datetime
    einde: datetime
    titel: str
    plaats: str = ""
    beschrijving: str = ""


def _tekst(waarde: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks escaped."""
    return (
        waarde.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _tijd(moment: datetime) -> str:
    # UTC keeps every calendar right across DST without shipping a VTIMEZONE.
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _gevouwen(regel: str) -> str:
    """The line folded at 75 octets, never inside a UTF-8 character."""
    data = regel.encode()
    if len(data) <= REGEL_OCTETS:
        return regel
    delen, begin, ruimte = [], 0, REGEL_OCTETS
    while begin < len(data):
        eind = min(begin + ruimte, len(data))
        while eind < len(data) and data[eind] & 0xC0 == 0x80:  # inside a character
            eind -= 1
        delen.append(data[begin:eind].decode())
        begin, ruimte = eind, REGEL_OCTETS - 1  # the space takes one octet
    return "\r\n ".join(delen)


def ical_tekst(*, naam: str, gebeurtenissen: Iterable[Gebeurtenis]) -> str:
    """The calendar as text: for a feed (ical_response) or an e-mail's attachment."""
    regels = [
        "BEGIN:VCALENDAR",
        "PRODID:-//Gemeente Aalten//Toegang//NL",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_tekst(naam)}",
        "X-WR-TIMEZONE:Europe/Amsterdam",
    ]
    gemaakt = _tijd(timezone.now())
    for item in gebeurtenissen:
        regels += [
            "BEGIN:VEVENT",
            f"UID:{_tekst(item.uid)}",
            f"DTSTAMP:{gemaakt}",
            f"DTSTART:{_tijd(item.start)}",
            f"DTEND:{_tijd(item.einde)}",
            f"SUMMARY:{_tekst(item.titel)}",
        ]
        if item.plaats:
            regels.append(f"LOCATION:{_tekst(item.plaats)}")
        if item.beschrijving:
            regels.append(f"DESCRIPTION:{_tekst(item.beschrijving)}")
        regels.append("END:VEVENT")
    regels.append("END:VCALENDAR")
    return "".join(f"{_gevouwen(regel)}\r\n" for regel in regels)


def ical_response(
    *, naam: str, gebeurtenissen: Iterable[Gebeurtenis], bestandsnaam: str
) -> HttpResponse:
    inhoud = ical_tekst(naam=naam, gebeurtenissen=gebeurtenissen)
    response = HttpResponse(inhoud.encode(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{bestandsnaam}"'
    return response
