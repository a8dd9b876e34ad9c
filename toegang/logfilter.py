"""Keep secrets and personal data out of the logs, whoever writes the line.

Our own code logs ids, never names or free text. What others log (Django's "Not Found:
<path>", a database error quoting a value, gunicorn's access log) passes `verbergen`:
the token of a secret link, e-mail addresses and phone numbers become `***`. In gunicorn's
access log the values of a query string go too: a search for "schulden" next to an
address is itself personal data.
"""

import logging
import re
from urllib.parse import parse_qsl, urlencode

from gunicorn.glogging import Logger

from toegang.persoonsgegevens import EMAIL, TELEFOON

# The paths whose last part is the key to a page (see toegang.limiet.token_opzoeken).
GEHEIME_PADEN = re.compile(
    r"(/(?:hulpvraag/(?:status|verstuurd|feedback)|sociale-kaart/(?:klopt-nog|capaciteit)"
    r"|mijn-diensten/agenda)/)"
    r"[^/\s?#\"']+"
)
VERBORGEN = "***"


def verbergen(tekst: str) -> str:
    tekst = GEHEIME_PADEN.sub(lambda m: m.group(1) + VERBORGEN, tekst)
    tekst = EMAIL.sub(VERBORGEN, tekst)
    return TELEFOON.sub(VERBORGEN, tekst)


class GeheimenFilter(logging.Filter):
    """For LOGGING's handlers: rewrites the message and any traceback of each record."""

    def filter(self, record: logging.LogRecord) -> bool:
        bericht = record.getMessage()
        schoon = verbergen(bericht)
        if schoon != bericht:
            record.msg, record.args = schoon, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = verbergen(record.exc_text)
        return True


def _query_zonder_waarden(query: str) -> str:
    return urlencode([(sleutel, VERBORGEN) for sleutel, _ in parse_qsl(query, True)], safe="*")


def _url_schoon(url: str) -> str:
    pad, scheiding, query = url.partition("?")
    return verbergen(pad) + (scheiding + _query_zonder_waarden(query) if scheiding else "")


class GunicornLogger(Logger):
    """gunicorn --logger-class toegang.logfilter.GunicornLogger: the access log without
    secret links, query values or personal data in the request line and referer."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        methode, _, rest = atoms["r"].partition(" ")
        url, _, protocol = rest.rpartition(" ")
        atoms["r"] = f"{methode} {_url_schoon(url)} {protocol}"
        atoms["U"] = verbergen(atoms["U"] or "")
        atoms["q"] = _query_zonder_waarden(atoms["q"] or "")
        atoms["f"] = _url_schoon(atoms["f"])
        return atoms
