"""No request ever gives a 500: every page of the security matrix opened with junk in its
address, and every admin form sent back with junk in every field.

The pages and who may open them come from the matrix (tests/toegang/test_beveiligingsmatrix.py),
so a new page is covered as soon as it has its row. One request per page puts junk in every
parameter a view reads and in every field name of every model (an admin add page takes its
first values from those), each name another kind of junk; a second sends each name twice.
The junk: NUL, SQL and tsquery syntax, HTML, numbers too big or negative, impossible dates,
an empty value, a long one, a list where one value is expected.
"""

from __future__ import annotations

import itertools
from html.parser import HTMLParser
from urllib.parse import parse_qsl

import pytest
from django.apps import apps

from tests.toegang import test_beveiligingsmatrix as matrix
from tests.toegang.test_beveiligingsmatrix import clients  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db

ROMMEL = [
    "\x00", "x", "-1", "0", "' OR 1=1--", "a:* & !(b | c)", "<script>alert(1)</script>",
    "99999999999999999999", "1e309", "2026-02-30", "2026-W99", "", "1,x", "%", "../..",
    "٣", "NaN", "a" * 2000,
]  # fmt: skip
# What views read from the address, and the admin's own parameters.
PARAMETERS = [
    "q", "pagina", "page", "per_page", "aanbod", "organisatie", "organization_id",
    "taxonomy_id", "taxonomy_term_id", "modified_after", "locatie", "deel", "code", "state",
    "error", "weken", "week", "volgende", "status", "search", "next", "kwartaal", "keuze",
    "jaar", "maand", "formaat", "datum", "van", "tot", "periode", "kern", "kanaal",
    "levensdomein", "doelgroep", "kosten", "start", "maanden", "vergelijk",
]  # fmt: skip
# The admin's own: apart, since the admin refuses an odd one (400) before it reads the rest.
ADMIN = ["o", "p", "e", "all", "_popup", "_to_field", "_changelist_filters", "_facets"]


def _namen() -> list[str]:
    velden = {
        veld.name
        for model in apps.get_models()
        for veld in model._meta.get_fields()
        if getattr(veld, "concrete", False)
    }
    return [*PARAMETERS, *sorted(velden - set(PARAMETERS) - set(ADMIN))]


def _pagina(uitkomsten) -> str | None:
    """The first persona who opens the page."""
    for persona, uitkomst in zip(matrix.PERSONAS, uitkomsten, strict=True):
        if uitkomst == 200 or (isinstance(uitkomst, matrix.Pagina) and uitkomst.status == 200):
            return persona
    return None


PAGINAS = [
    (sleutel, sjabloon, _pagina(uitkomsten))
    for sleutel, (sjabloon, *uitkomsten) in matrix.GET.items()
    if _pagina(uitkomsten)
] + [
    (sleutel, route, "beheerder")
    for sleutel, route in matrix.BEHEER_ROUTES
    if matrix.BEHEER_BEHEERDER.get(sleutel, 200) == 200
    # `<app>/<model>/<id>/` without a name only redirects to its change page.
    and not (route.endswith("<path:object_id>/") and sleutel == route)
]


def _pad(sjabloon: str, wereld) -> tuple[str, dict]:
    """The page's path, and the parameters its row of the matrix opens it with."""
    if sjabloon.startswith(matrix.BEHEER_PREFIX):
        return matrix.beheer_pad(sjabloon, wereld), {}
    pad, _, query = matrix._pad(sjabloon, wereld).partition("?")
    return pad, dict(parse_qsl(query))


@pytest.mark.parametrize(("sleutel", "sjabloon", "persona"), PAGINAS, ids=[p[0] for p in PAGINAS])
def test_junk_in_the_address_of_a_page_is_never_a_500(sleutel, sjabloon, persona, wereld, clients):  # noqa: F811
    pad, eigen = _pad(sjabloon, wereld)
    elk = dict(zip(_namen(), itertools.cycle(ROMMEL), strict=False))
    dubbel = {naam: [waarde, "x"] for naam, waarde in elk.items()}
    admin_leeg = dict.fromkeys(ADMIN, "")
    admin_rommel = dict(zip(ADMIN, ROMMEL, strict=False))
    # Junk in every parameter; each twice; junk beside what the page needs; the admin's own
    # empty, and with junk.
    for parameters in (elk, dubbel, elk | eigen, admin_leeg, admin_rommel):
        client = clients(persona)
        response = client.get(pad, parameters)
        assert response.status_code < 500, (pad, response.status_code)


class Formulier(HTMLParser):
    """The fields of an admin form as the page fills them in (name, value, kind)."""

    def __init__(self):
        super().__init__()
        self.velden: list[list[str]] = []
        self._in_formulier = False
        self._select = self._tekstvak = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id", "").endswith("_form"):
            self._in_formulier = True
        if not self._in_formulier or not a.get("name") and tag != "option":
            return
        if tag == "input":
            soort = a.get("type", "text")
            if soort in ("submit", "button", "file") or (
                soort in ("checkbox", "radio") and "checked" not in a
            ):
                return
            self.velden.append([a["name"], a.get("value", "on"), soort])
        elif tag == "select":
            self._select = [a["name"], "", "select"]
            self.velden.append(self._select)
        elif tag == "option" and self._select is not None and "selected" in a:
            self._select[1] = a.get("value", "")
        elif tag == "textarea":
            self._tekstvak = [a["name"], "", "textarea"]
            self.velden.append(self._tekstvak)

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_formulier = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._tekstvak = None

    def handle_data(self, data):
        if self._tekstvak is not None:
            self._tekstvak[1] += data


BEHEERFORMULIEREN = [
    (sleutel, route)
    for sleutel, route in matrix.BEHEER_ROUTES
    if route.endswith(("/add/", "/change/")) and matrix.BEHEER_BEHEERDER.get(sleutel, 200) == 200
]
VRIJ = {"text", "textarea", "select", "number", "email", "url", "date", "time", "tel", "hidden"}
BEHEER = ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS", "csrfmiddlewaretoken")


@pytest.mark.parametrize(
    ("sleutel", "route"), BEHEERFORMULIEREN, ids=[s for s, _ in BEHEERFORMULIEREN]
)
def test_an_admin_form_sent_back_with_junk_is_never_a_500(sleutel, route, wereld, clients):  # noqa: F811
    pad = matrix.beheer_pad(route, wereld)
    pagina = clients("beheerder").get(pad)
    assert pagina.status_code == 200
    formulier = Formulier()
    formulier.feed(pagina.content.decode())
    ingevuld: dict[str, list[str]] = {}
    for naam, waarde, _ in formulier.velden:
        ingevuld.setdefault(naam, []).append(waarde)
    velden = [n for n, _, soort in formulier.velden if soort in VRIJ and not n.endswith(BEHEER)]
    for rommel in ("x", "' OR 1=1--", "\x00", "a" * 10_000, "-1", ""):
        data = ingevuld | {naam: [rommel] for naam in velden}
        response = matrix._verzoek(clients("beheerder"), "post", pad, data)
        assert response.status_code < 500, (pad, repr(rommel)[:20], response.status_code)
