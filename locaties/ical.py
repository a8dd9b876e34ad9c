"""iCalendar (RFC 5545) feeds, written with the `icalendar` package."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event


@dataclass(frozen=True)
class Gebeurtenis:
    uid: str
    start: datetime
    einde: datetime
    titel: str
    plaats: str = ""
    beschrijving: str = ""


def ical_response(
    *, naam: str, gebeurtenissen: Iterable[Gebeurtenis], bestandsnaam: str
) -> HttpResponse:
    kalender = Calendar()
    kalender.add("prodid", "-//Gemeente Aalten//Toegang//NL")
    kalender.add("version", "2.0")
    kalender.add("calscale", "GREGORIAN")
    kalender.add("x-wr-calname", naam)
    kalender.add("x-wr-timezone", "Europe/Amsterdam")
    gemaakt = timezone.now()
    for item in gebeurtenissen:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", gemaakt)
        # UTC keeps every calendar right across DST without shipping a VTIMEZONE.
        event.add("dtstart", item.start.astimezone(UTC))
        event.add("dtend", item.einde.astimezone(UTC))
        event.add("summary", item.titel)
        if item.plaats:
            event.add("location", item.plaats)
        if item.beschrijving:
            event.add("description", item.beschrijving)
        kalender.add_component(event)
    response = HttpResponse(kalender.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{bestandsnaam}"'
    return response
