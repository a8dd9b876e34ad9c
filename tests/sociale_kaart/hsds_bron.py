"""Another system's HSDS 3.0 API, served over real HTTP by a thread of the test process.

`Bron` publishes service records, each with the moment it last changed, at
`/api/hsds/services?modified_after=&page=&per_page=`, as HSDS 3.0 pages in name order
("on or after" for modified_after, as the specification says). A test can put
disturbances in front of a page — an error status, an HTML page, garbage, a redirect, an
answer that never comes — each given once, and reads back every request it received.
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict, deque
from datetime import datetime, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from django.db import transaction
from django.utils import timezone

from sociale_kaart import hsds
from sociale_kaart.models import Aanbod, AanbodOpVestiging, Vestiging, VestigingOpeningsregel
from tests.sociale_kaart.factories import AanbodFactory, OrganisatieFactory

HTML = (
    b"<!DOCTYPE html><html lang='nl'><head><title>Inloggen</title></head><body>Log in</body></html>"
)


class Bron:
    def __init__(self):
        self.records: dict[str, tuple[dict, datetime]] = {}
        self.storingen: dict[int, deque] = defaultdict(deque)
        self.verzoeken: list[dict] = []
        self.loslaten = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._draad = threading.Thread(target=self._server.serve_forever, daemon=True)

    # --- what the source publishes ---

    @property
    def poort(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.poort}/api/hsds"

    def publiceer(self, record: dict, moment: datetime | None = None) -> None:
        """Publish a record (new or changed) as changed at `moment` (now)."""
        self.records[record["id"]] = (json.loads(json.dumps(record)), moment or timezone.now())

    def wijzig(self, bron_id: str, **velden) -> dict:
        record = json.loads(json.dumps(self.records[bron_id][0]))
        record.update(velden)
        self.publiceer(record)
        return record

    def storing(self, pagina: int, *antwoorden) -> None:
        """Answer the next requests for `pagina` with these, one each, before the real page:
        an int (that status), "html", "onzin" (not JSON), "geen-pagina" (JSON without
        contents), ("doorsturen", url) or "hangen" (no answer until the test ends)."""
        self.storingen[pagina].extend(antwoorden)

    def paginas_gevraagd(self) -> list[int]:
        return [int(v["page"]) for v in self.verzoeken if v["pad"].endswith("/services")]

    # --- serving ---

    def _pagina(self, query: dict) -> dict:
        nummer = int(query.get("page", ["1"])[0])
        per_pagina = int(query.get("per_page", ["20"])[0])
        records = sorted(self.records.values(), key=lambda r: (r[0]["name"], r[0]["id"]))
        if "modified_after" in query:
            sinds = datetime.fromisoformat(query["modified_after"][0].replace("Z", "+00:00"))
            records = [r for r in records if r[1] >= sinds]
        totaal = len(records)
        paginas = max(1, -(-totaal // per_pagina))
        inhoud = [r[0] for r in records[(nummer - 1) * per_pagina : nummer * per_pagina]]
        return {
            "total_items": totaal,
            "total_pages": paginas,
            "page_number": nummer,
            "size": len(inhoud),
            "first_page": nummer == 1,
            "last_page": nummer >= paginas,
            "empty": totaal == 0,
            "contents": inhoud,
        }

    def _handler(self):
        bron = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _stuur(self, status: int, body: bytes, soort: str, **headers) -> None:
                self.send_response(status)
                self.send_header("Content-Type", soort)
                self.send_header("Content-Length", str(len(body)))
                for naam, waarde in headers.items():
                    self.send_header(naam, waarde)
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                delen = urlsplit(self.path)
                query = parse_qs(delen.query)
                pagina = int(query.get("page", ["1"])[0])
                bron.verzoeken.append(
                    {
                        "pad": delen.path,
                        "page": pagina,
                        "query": query,
                        "host": self.headers["Host"],
                    }
                )
                if not delen.path.endswith("/services"):
                    return self._stuur(404, b'{"error": "not found"}', "application/json")
                storing = bron.storingen[pagina].popleft() if bron.storingen[pagina] else None
                if isinstance(storing, int):
                    return self._stuur(storing, b'{"error": "internal"}', "application/json")
                if storing == "html":
                    return self._stuur(200, HTML, "text/html; charset=utf-8")
                if storing == "onzin":
                    return self._stuur(200, b'{"contents": [{"id": ', "application/json")
                if storing == "geen-pagina":
                    return self._stuur(200, b'{"services": []}', "application/json")
                if storing == "hangen":
                    bron.loslaten.wait(10)
                    return
                if isinstance(storing, tuple) and storing[0] == "doorsturen":
                    return self._stuur(302, b"", "text/plain", Location=storing[1])
                body = json.dumps(bron._pagina(query), ensure_ascii=False).encode()
                return self._stuur(200, body, "application/json")

        return Handler

    def __enter__(self):
        self._draad.start()
        return self

    def __exit__(self, *args):
        self.loslaten.set()
        self._server.shutdown()
        self._server.server_close()


def bronrecords(levensdomeinen, aantal: int = 5) -> list[dict]:
    """Service records as the other system publishes them: made here, exported with our
    own HSDS export, then undone, so the sociale kaart starts without them."""
    domein = next(d for d in levensdomeinen if d.slug == "werk-en-inkomen")
    with transaction.atomic():
        organisatie = OrganisatieFactory(
            naam="Hulpwijzer Achterhoek", slug="hulpwijzer-achterhoek", is_partner=False
        )
        vestiging = Vestiging.objects.create(
            organisatie=organisatie, naam="Servicepunt Dinxperlo", straat="Markt", huisnummer="5",
            postcode="7091 DA", plaats="Dinxperlo", kern="dinxperlo",
        )  # fmt: skip
        for nummer in range(aantal):
            aanbod = AanbodFactory(
                organisatie=organisatie,
                naam=f"Bronaanbod {nummer + 1:02d}",
                slug=f"bronaanbod-{nummer + 1:02d}",
                korte_beschrijving="Hulp bij geldzaken in de regio.",
                beschrijving="Vrijwilligers helpen met uw administratie.",
            )
            aanbod.levensdomeinen.add(domein)
            koppeling = AanbodOpVestiging.objects.create(aanbod=aanbod, vestiging=vestiging)
            VestigingOpeningsregel.objects.create(
                aanbod_op_vestiging=koppeling, weekdag=nummer % 5, dagdeel="ochtend",
                start=time(9), einde=time(12),
            )  # fmt: skip
        vandaag = timezone.localdate()
        records = [
            hsds.service(a, vandaag)
            for a in hsds.service_prefetch(
                Aanbod.objects.filter(organisatie=organisatie).order_by("naam")
            )
        ]
        transaction.set_rollback(True)
    return records
