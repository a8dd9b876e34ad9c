"""Reading another system's HSDS 3.0 API: one page of /services at a time, with timeouts,
retries with backoff, and a Dutch message for everything that can go wrong at the other end.

Only what is a well-formed page comes back; anything else raises `FeedFout`, whose text
is shown to the beheerder on the feed's page. Redirects are followed only within the same
scheme, host and port: a feed that sends us elsewhere is refused, not followed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ReadTimeoutError
from urllib3.util.retry import Retry

from .hsds_import import records_uit_json

# Statuses worth asking again: the source is busy or briefly broken.
OPNIEUW_BIJ = (429, 500, 502, 503, 504)
MAX_DOORVERWIJZINGEN = 3


class FeedFout(Exception):
    """The feed could not be read; the message is Dutch, for the beheerder."""


@dataclass(frozen=True)
class Pagina:
    nummer: int
    totaal_paginas: int
    records: list


def _sessie() -> requests.Session:
    pogingen = max(0, settings.FEED_POGINGEN - 1)
    herhalen = Retry(
        total=pogingen,
        connect=pogingen,
        read=pogingen,
        status=pogingen,
        other=0,
        redirect=False,
        status_forcelist=OPNIEUW_BIJ,
        allowed_methods=frozenset({"GET"}),
        backoff_factor=settings.FEED_BACKOFF,
        backoff_max=settings.FEED_BACKOFF_MAX,
        # A Retry-After of an hour would hold the worker: our own backoff decides.
        respect_retry_after_header=False,
        raise_on_status=False,
    )
    # The environment's proxy and CA settings (HTTPS_PROXY, REQUESTS_CA_BUNDLE) apply, as
    # a municipality's network may route outgoing traffic through a proxy.
    sessie = requests.Session()
    adapter = HTTPAdapter(max_retries=herhalen)
    sessie.mount("http://", adapter)
    sessie.mount("https://", adapter)
    sessie.headers.update(
        {
            "Accept": "application/json",
            "User-Agent": f"Toegang Aalten sociale kaart ({settings.SITE_URL})",
        }
    )
    return sessie


def _herkomst(url: str) -> tuple[str, str, int | None]:
    delen = urlsplit(url)
    return delen.scheme, (delen.hostname or "").lower(), delen.port


def _ophalen(url: str, params: dict) -> requests.Response:
    """GET with our timeouts and retries, following redirects only on the same origin."""
    sessie = _sessie()
    herkomst = _herkomst(url)
    timeout = (settings.FEED_TIMEOUT_VERBINDEN, settings.FEED_TIMEOUT_LEZEN)
    try:
        for _ in range(MAX_DOORVERWIJZINGEN + 1):
            antwoord = sessie.get(
                url, params=params, timeout=timeout, allow_redirects=False, stream=True
            )
            if not antwoord.is_redirect:
                return antwoord
            doel = urljoin(antwoord.url, antwoord.headers.get("Location", ""))
            antwoord.close()
            if _herkomst(doel) != herkomst:
                raise FeedFout(
                    f"De feed stuurt door naar een ander adres ({urlsplit(doel).netloc or doel}). "
                    "Dat volgen we niet. Is de bron verhuisd, pas dan het adres van de feed aan."
                )
            url, params = doel, None  # the Location carries its own query
        raise FeedFout("De feed stuurt ons steeds door naar een ander adres; we zijn gestopt.")
    except requests.exceptions.ConnectTimeout:
        raise FeedFout(
            f"De feed is niet bereikbaar: geen verbinding binnen "
            f"{settings.FEED_TIMEOUT_VERBINDEN} seconden (na {settings.FEED_POGINGEN} pogingen)."
        ) from None
    except requests.exceptions.ConnectionError as fout:
        # Read timeouts that outlasted the retries arrive wrapped in a ConnectionError.
        if isinstance(fout, requests.exceptions.ReadTimeout) or _te_traag(fout):
            raise FeedFout(
                f"De feed antwoordde niet binnen {settings.FEED_TIMEOUT_LEZEN} seconden "
                f"(na {settings.FEED_POGINGEN} pogingen)."
            ) from None
        raise FeedFout(
            f"De feed is niet bereikbaar: de server {urlsplit(url).netloc} nam niet op "
            f"(na {settings.FEED_POGINGEN} pogingen)."
        ) from None
    except requests.exceptions.ReadTimeout:
        raise FeedFout(
            f"De feed antwoordde niet binnen {settings.FEED_TIMEOUT_LEZEN} seconden."
        ) from None
    except requests.exceptions.RequestException as fout:
        raise FeedFout(f"De feed kon niet worden opgehaald ({type(fout).__name__}).") from None


def _te_traag(fout: Exception) -> bool:
    oorzaak = fout.args[0] if fout.args else None
    return isinstance(getattr(oorzaak, "reason", None), ReadTimeoutError)


def _inhoud(antwoord: requests.Response) -> bytes:
    """The body, at most FEED_MAX_BYTES; a read that times out halfway is a FeedFout too."""
    grens = settings.FEED_MAX_BYTES
    delen, grootte = [], 0
    try:
        for deel in antwoord.iter_content(chunk_size=65536):
            grootte += len(deel)
            if grootte > grens:
                raise FeedFout(
                    f"De feed stuurde meer dan {grens // (1024 * 1024)} MB op één pagina; "
                    "dat nemen we niet aan."
                )
            delen.append(deel)
    except requests.exceptions.RequestException:
        raise FeedFout(
            f"De feed brak de verbinding af of antwoordde niet binnen "
            f"{settings.FEED_TIMEOUT_LEZEN} seconden."
        ) from None
    finally:
        antwoord.close()
    return b"".join(delen)


def _is_html(antwoord: requests.Response, inhoud: bytes) -> bool:
    soort = antwoord.headers.get("Content-Type", "").lower()
    return "html" in soort or inhoud.lstrip()[:1] == b"<"


def _geheel_getal(waarde) -> int | None:
    return waarde if isinstance(waarde, int) and not isinstance(waarde, bool) else None


def modified_after(moment: datetime) -> str:
    """The datetime as the query parameter: UTC, to the second, with Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def services_pagina(basis_url: str, *, pagina: int, sinds: datetime | None) -> Pagina:
    """Page `pagina` of `{basis_url}/services` (fully nested records), changed on or after
    `sinds` when given. Raises FeedFout with a Dutch message for the beheerder."""
    params = {"page": pagina, "per_page": settings.FEED_PER_PAGINA, "full": "true"}
    if sinds is not None:
        params["modified_after"] = modified_after(sinds)
    antwoord = _ophalen(f"{basis_url.rstrip('/')}/services", params)
    inhoud = _inhoud(antwoord)
    code = antwoord.status_code
    if code in OPNIEUW_BIJ:
        raise FeedFout(
            f"De feed gaf een fout aan hun kant (foutcode {code}) op pagina {pagina}, "
            f"ook na {settings.FEED_POGINGEN} pogingen."
        )
    if code != 200:
        raise FeedFout(
            f"De feed weigerde pagina {pagina} (foutcode {code}). Klopt het adres van de API?"
        )
    if _is_html(antwoord, inhoud):
        raise FeedFout(
            f"De feed gaf op pagina {pagina} een webpagina (HTML) terug in plaats van "
            "HSDS-gegevens (JSON). Klopt het adres van de API?"
        )
    try:
        data = json.loads(inhoud)
    except (UnicodeDecodeError, json.JSONDecodeError) as fout:
        plek = f" (regel {fout.lineno})" if isinstance(fout, json.JSONDecodeError) else ""
        raise FeedFout(f"De feed gaf op pagina {pagina} geen geldige JSON terug{plek}.") from None
    if not isinstance(data, dict) or not isinstance(data.get("contents"), list):
        raise FeedFout(
            f"De feed gaf op pagina {pagina} geen HSDS-pagina terug: de lijst 'contents' ontbreekt."
        )
    totaal = _geheel_getal(data.get("total_pages"))
    nummer = _geheel_getal(data.get("page_number"))
    if totaal is None or totaal < 0 or (nummer is not None and nummer < 1):
        raise FeedFout(
            f"De feed gaf op pagina {pagina} geen geldige paginering terug "
            "('total_pages' en 'page_number' moeten hele getallen zijn)."
        )
    return Pagina(nummer=nummer or pagina, totaal_paginas=totaal, records=records_uit_json(data))
