"""PDF from HTML on our own server (WeasyPrint), for the summaries the council receives.

Rendering fetches nothing from the network: the only resources a document may use are our
own static files (the stylesheet under /static/), read from disk through Django's static
finders; any other URL (http, https, data, file outside /static/) is refused, and the
document renders without it. Fonts are the system's (fontconfig), as on the site.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

# Relative and root-relative URLs ("/static/css/…") resolve against this: file:///static/….
BASIS = "file:///"


def statisch(naam: str) -> str:
    """The text of one of our static files (a stylesheet to put inside an SVG)."""
    bestand = finders.find(naam)
    if not bestand:
        raise FileNotFoundError(naam)
    return Path(bestand).read_text(encoding="utf-8")


def _ophaler():
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # as in html_naar_pdf

    class AlleenEigenBestanden(URLFetcher):
        """Our own static files, nothing else."""

        def fetch(self, url, headers=None):
            delen = urlsplit(url)
            pad = unquote(delen.path)
            if delen.scheme == "file" and not delen.netloc and pad.startswith(settings.STATIC_URL):
                naam = pad.removeprefix(settings.STATIC_URL)
                bestand = finders.find(naam) if ".." not in naam.split("/") else None
                if bestand:
                    soort = mimetypes.guess_type(bestand)[0] or "application/octet-stream"
                    return URLFetcherResponse(
                        url, Path(bestand).read_bytes(), {"Content-Type": soort}
                    )
            raise ValueError(f"Niet opgehaald (alleen eigen statische bestanden): {url[:200]}")

    return AlleenEigenBestanden(allowed_protocols=("file",))


def html_naar_pdf(html: str) -> bytes:
    """The PDF of `html` (a whole document; its stylesheet from /static/)."""
    from weasyprint import HTML  # loaded when a PDF is asked for, not at every start

    return HTML(string=html, base_url=BASIS, url_fetcher=_ophaler()).write_pdf()
