"""The beheerder's spreadsheet: one row per aanbod, Dutch column names, to fill in Excel or
LibreOffice and upload (XLSX, or CSV in UTF-8 or Windows-1252, with `;` or `,`).

A row says what the aanbod should be. It is made into the model objects it describes —
the existing aanbod with the row's values on top, or a new one — without saving them, and
those into the HSDS service record `hsds.service` makes of any aanbod; that record goes
through `hsds_import.hsds_importeren` like every other import. So the importer decides
what is created, changed or left alone, and checks every value; its findings come back
here as a row and a column (`kolom_van_pad`).

What the sheet does not show stays as it is: the aanbod's other vestigingen, its contact
persons, opening hours that have expired, and every column left out of the file. An
empty cell in a column that is there empties that field.
"""

from __future__ import annotations

import io
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils.text import slugify
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from locaties.models import Kern
from toegang.formules import als_tekst, tekst_uit_csv

from . import hsds
from .bestanden import BestandFout, csv_rijen, tekst_lezen, zip_openen
from .hsds_import import adresregel_splitsen
from .importverslag import Bevinding
from .models import (
    Aanbod,
    AanbodOpVestiging,
    AanbodStatus,
    Aanmelden,
    Doelgroep,
    Kosten,
    Levensdomein,
    Organisatie,
    Vestiging,
    VestigingKern,
    VestigingOpeningsregel,
    Werkgebied,
    kern_bij_adres,
    werkgebied_kernen_schoon,
)

BLAD = "Aanbod"
MAX_RIJEN = 10_000
LEEFTIJD_MAX = 120


@dataclass(frozen=True)
class Kolom:
    kop: str
    veld: str
    uitleg: str
    voorbeeld: str = ""
    verplicht: bool = False
    breedte: int = 18


KOLOMMEN = [
    Kolom("Id", "id", "Laat leeg bij nieuw aanbod. Staat er een id (uit een download van het "
          "huidige aanbod), verander het dan niet: zo weten we welk aanbod het is. Zonder id "
          "zoeken we het aanbod op naam en organisatie.", breedte=38),
    Kolom("Naam aanbod", "naam", "De naam die inwoners zien.", "Schuldhulpmaatje", True, 30),
    Kolom("Organisatie", "organisatie", "De naam van de organisatie, precies zoals in de sociale "
          "kaart. Een naam die er nog niet is, wordt een nieuwe organisatie.",
          "Figulus Welzijn", True, 26),
    Kolom("Korte beschrijving", "korte_beschrijving", "Eén regel in eenvoudige taal (B1), te "
          "zien in de zoekresultaten. Hoogstens 200 tekens.",
          "Een vrijwilliger helpt u met uw post en geldzaken.", True, 40),
    Kolom("Beschrijving", "beschrijving", "Wat het aanbod is en voor wie, in eenvoudige taal "
          "(B1).", "Heeft u moeite met rekeningen? Een maatje komt bij u thuis.", True, 50),
    Kolom("Status", "status", "actief, tijdelijk gesloten of inactief. Leeg is actief.",
          "actief"),
    Kolom("Levensdomeinen", "levensdomeinen", "Een of meer levensdomeinen, met komma's "
          "ertussen (zie het blad Keuzes).", "werk en inkomen, meedoen", breedte=28),
    Kolom("Doelgroepen", "doelgroepen", "Een of meer doelgroepen, met komma's ertussen (zie "
          "het blad Keuzes). Leeg: voor iedereen.", breedte=24),
    Kolom("Kosten", "kosten", "gratis, eigen bijdrage of betaald. Leeg is gratis.", "gratis"),
    Kolom("Toelichting kosten", "kosten_toelichting", "Bijvoorbeeld het bedrag.", breedte=28),
    Kolom("Aanmelden", "aanmelden", "zelf, verwijzing (bijvoorbeeld van de huisarts) of "
          "toegang (via de toegang van de gemeente). Leeg is zelf.", "zelf"),
    Kolom("Toelichting aanmelden", "aanmelden_toelichting", "Hoe iemand zich aanmeldt.",
          "Bel of mail ons.", breedte=28),
    Kolom("Leeftijd vanaf", "leeftijd_van", "Hele jaren; leeg als er geen grens is.", "18"),
    Kolom("Leeftijd tot en met", "leeftijd_tot", "Hele jaren; leeg als er geen grens is."),
    Kolom("Telefoon", "telefoon", "Het nummer voor dit aanbod.", "0543-123456"),
    Kolom("E-mail", "email", "Het e-mailadres voor dit aanbod.", "info@voorbeeld.nl", breedte=26),
    Kolom("Website", "website", "Het webadres; https:// mag u weglaten.", "www.voorbeeld.nl",
          breedte=26),
    Kolom("Talen", "talen", "Taalcodes (ISO 639-3) met komma's ertussen, bijvoorbeeld nld, eng, "
          "ara.", "nld, eng"),
    Kolom("Zoekwoorden", "zoekwoorden", "Andere woorden waarop inwoners zoeken, met komma's.",
          "schulden, rekeningen, post", breedte=28),
    Kolom("Werkgebied", "werkgebied", "Voor inwoners van welke plaatsen het aanbod er is: "
          "vestigingen (alleen waar de vestigingen zijn), kernen (de kernen in de volgende "
          "kolom), gemeente (heel gemeente Aalten) of regio (de hele Achterhoek). Leeg is "
          "vestigingen.", "gemeente"),
    Kolom("Kernen van het werkgebied", "werkgebied_kernen", "Alleen bij werkgebied kernen: de "
          "kernen met komma's ertussen.", "Aalten, Bredevoort", breedte=24),
    Kolom("Ook aan huis", "aan_huis", "ja als een medewerker of vrijwilliger ook bij de "
          "inwoner thuis komt; anders nee of leeg.", "ja", breedte=12),
    Kolom("Vestiging", "vestiging", "De naam van de plek waar het aanbod is. Leeg: de "
          "vestigingen blijven zoals ze zijn. Vult u een vestiging in, vul dan ook het adres "
          "in.", "Huis van de Kern", breedte=24),
    Kolom("Straat", "straat", "Straat van de vestiging.", "Hofstraat", breedte=22),
    Kolom("Huisnummer", "huisnummer", "Met toevoeging: 12a, 21-23, 1 bis.", "11"),
    Kolom("Postcode", "postcode", "Bijvoorbeeld 7121 DL.", "7121 DL", breedte=12),
    Kolom("Plaats", "plaats", "Bijvoorbeeld Aalten.", "Aalten"),
    Kolom("Kern", "kern", "De kern van de vestiging (zie het blad Keuzes), of Buiten de "
          "gemeente. Leeg: afgeleid uit postcode en plaats.", "Aalten"),
    Kolom("Openingstijden", "openingstijden", "Dag en tijden, met puntkomma's ertussen: "
          "ma 09:00-12:00; do 13:30-16:00. Ook ma-vr 09:00-12:00. Leeg: de openingstijden "
          "blijven zoals ze zijn.", "ma 09:00-12:00; do 13:30-16:00", breedte=34),
]  # fmt: skip
KOLOM = {k.veld: k for k in KOLOMMEN}
VESTIGINGVELDEN = ("straat", "huisnummer", "postcode", "plaats", "kern")
ADRESVELDEN = ("straat", "huisnummer", "postcode", "plaats")  # required with a vestiging

STATUSSEN = {
    AanbodStatus.ACTIEF: "actief",
    AanbodStatus.TIJDELIJK_GESLOTEN: "tijdelijk gesloten",
    AanbodStatus.INACTIEF: "inactief",
}
KOSTEN = {k.value: k.label for k in Kosten}
AANMELDEN = {a.value: a.value for a in Aanmelden}
KERNEN = {k.value: k.label for k in VestigingKern}
WERKGEBIEDEN = {w.value: w.value for w in Werkgebied}
JA_NEE = {"ja": "ja", "nee": "nee"}
DAGEN = ["ma", "di", "wo", "do", "vr", "za", "zo"]
DAGNAMEN = {
    **{d: i for i, d in enumerate(DAGEN)},
    **{n: i for i, n in enumerate(
        ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"])},
}  # fmt: skip


def _normaal(tekst: str) -> str:
    """A header or choice as typed, compared loosely: case, spaces, a `*` and a note in
    brackets do not matter."""
    tekst = re.sub(r"\(.*?\)", "", str(tekst)).replace("*", "")
    return re.sub(r"[\s_]+", " ", tekst).strip().lower()


KOP_NAAR_VELD = {_normaal(k.kop): k.veld for k in KOLOMMEN} | {
    "naam": "naam",
    "email": "email",
    "e-mailadres": "email",
    "telefoonnummer": "telefoon",
    "huis nummer": "huisnummer",
    "leeftijd van": "leeftijd_van",
    "leeftijd tot": "leeftijd_tot",
}


# --- from an importer's path to a column ---------------------------------------------------

# The importer names a field by its path in the record (HSDS names) or by the model field
# it failed on; both lead to the column the beheerder typed it in. First match wins.
_PAD_KOLOM = [
    (r"^organization\b", "organisatie"),
    (r"schedules", "openingstijden"),
    (r"location.*(postcode|postal_code)", "postcode"),
    (r"location.*(plaats|\.city)", "plaats"),
    (r"location.*(huisnummer|toevoeging)", "huisnummer"),
    (r"location.*(straat|address_1)", "straat"),
    (r"location.*(kern|region)", "kern"),
    (r"service_at_locations", "vestiging"),
    (r"korte_beschrijving", "korte_beschrijving"),
    (r"(kosten_toelichting|fees_description)", "kosten_toelichting"),
    (r"(aanmelden_toelichting|application_process)", "aanmelden_toelichting"),
    (r"(leeftijd_van|minimum_age)", "leeftijd_van"),
    (r"(leeftijd_tot|maximum_age)", "leeftijd_tot"),
    (r"werkgebied_kernen", "werkgebied_kernen"),
    (r"(service_areas|werkgebied)", "werkgebied"),
    (r"aan_huis", "aan_huis"),
    (r"levensdomein", "levensdomeinen"),
    (r"doelgroep", "doelgroepen"),
    (r"zoekwoorden", "zoekwoorden"),
    (r"(talen|languages)", "talen"),
    (r"(telefoon|phones)", "telefoon"),
    (r"email", "email"),
    (r"(website|\burl$)", "website"),
    (r"kosten", "kosten"),
    (r"aanmelden", "aanmelden"),
    (r"status", "status"),
    (r"(beschrijving|description)$", "beschrijving"),
    (r"(^|\.)(naam|name|slug|id)$", "naam"),
]


def kolom_van_pad(pad: str) -> str:
    """The column header for a path the importer reports, or "" for the row as a whole."""
    for patroon, veld in _PAD_KOLOM:
        if re.search(patroon, pad):
            return KOLOM[veld].kop
    return ""


# --- reading a file ---------------------------------------------------------------------------


@dataclass
class Rij:
    nummer: int
    cellen: dict[str, str]
    formules: set[str] = field(default_factory=set)

    @property
    def plaats(self) -> str:
        return f"Rij {self.nummer}"


@dataclass
class Blad:
    rijen: list[Rij]
    kolommen: set[str]
    waarschuwingen: list[Bevinding]


def _celtekst(waarde) -> str:
    if waarde is None:
        return ""
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, float) and waarde.is_integer():
        return str(int(waarde))
    if isinstance(waarde, datetime):
        return f"{waarde:%Y-%m-%d}" if waarde.time() == time(0) else f"{waarde:%Y-%m-%d %H:%M}"
    if isinstance(waarde, time):
        return f"{waarde:%H:%M}"
    if isinstance(waarde, date):
        return f"{waarde:%Y-%m-%d}"
    return str(waarde).strip()


# Rows beyond this are not looked at: a sheet formatted down to row 1,048,576 is mostly empty.
RIJEN_BEKEKEN = 20 * MAX_RIJEN

Regel = tuple[int, list[str], set[int]]  # row number, cell texts, columns holding a formula


def _xlsx_regels(naam: str, inhoud: bytes) -> list[Regel]:
    zip_openen(inhoud, naam)  # the limits, before openpyxl unpacks anything
    try:
        boek = load_workbook(io.BytesIO(inhoud), read_only=True, data_only=False)
    except Exception:  # openpyxl raises whatever its parsers raise on a damaged file
        raise BestandFout(f"{naam} is geen leesbare Excel-werkmap.") from None
    try:
        blad = boek[BLAD] if BLAD in boek.sheetnames else boek.worksheets[0]
        regels = []
        for nummer, rij in enumerate(blad.iter_rows(max_row=RIJEN_BEKEKEN), start=1):
            cellen = [_celtekst(cel.value) for cel in rij]
            if not any(cellen):
                continue
            formules = {i for i, cel in enumerate(rij) if getattr(cel, "data_type", "") == "f"}
            regels.append((nummer, cellen, formules))
            if len(regels) > MAX_RIJEN + 11:  # the headers may be a few rows down
                break
        return regels
    finally:
        boek.close()


def blad_lezen(naam: str, inhoud: bytes, *, xlsx: bool) -> Blad:
    """The rows of an uploaded spreadsheet (the sheet "Aanbod", else the first), each as
    {field: text} for the columns it has, numbered as the spreadsheet numbers them."""
    waarschuwingen: list[Bevinding] = []
    if xlsx:
        regels = _xlsx_regels(naam, inhoud)
    else:
        tekst = tekst_lezen(inhoud, naam)
        waarschuwingen += [Bevinding(naam, "", m) for m in tekst.meldingen]
        regels = [
            (nummer, cellen, set())
            for nummer, rij in enumerate(csv_rijen(tekst.tekst, naam), start=1)
            if any(cellen := [tekst_uit_csv(c.strip()) for c in rij])
        ]
    if not regels:
        raise BestandFout(f"{naam} is leeg.")
    # The headers: the first row that names the required columns (a title may stand above).
    begin = next(
        (
            i
            for i, (_, cellen, _) in enumerate(regels[:10])
            if {"naam", "organisatie"} <= {KOP_NAAR_VELD.get(_normaal(c)) for c in cellen}
        ),
        0,
    )
    regels = regels[begin:]
    _, kop, _ = regels[0]
    velden: list[str | None] = []
    for titel in kop:
        veld = KOP_NAAR_VELD.get(_normaal(titel)) if titel else None
        if titel and veld is None:
            waarschuwingen.append(
                Bevinding(
                    naam,
                    titel,
                    "Onbekende kolom; overgeslagen. Gebruik de kolommen van het sjabloon.",
                )
            )
        if veld and veld in velden:
            raise BestandFout(f"{naam} heeft de kolom '{titel}' meer dan eens.")
        velden.append(veld)
    ontbreekt = [KOLOM[v].kop for v in ("naam", "organisatie") if v not in velden]
    if ontbreekt:
        raise BestandFout(
            f"In {naam} ontbreekt de kolom '{ontbreekt[0]}'. De eerste rij moet de namen van de "
            "kolommen hebben, zoals in het sjabloon."
        )
    if len(regels) - 1 > MAX_RIJEN:
        raise BestandFout(
            f"{naam} heeft meer dan {MAX_RIJEN} rijen. Verdeel het over meer bestanden."
        )
    rijen = []
    for nummer, cellen, formules in regels[1:]:
        rij = Rij(nummer, {})
        for index, (veld, cel) in enumerate(zip(velden, cellen, strict=False)):
            if veld:
                rij.cellen[veld] = cel
                if index in formules:
                    rij.formules.add(veld)
        rijen.append(rij)
    return Blad(rijen, {v for v in velden if v}, waarschuwingen)


# --- checking rows (the whole file, before anything is imported) ---------------------------------


@dataclass
class Aanbodrij:
    """A row that passed the sheet's own checks, with what it resolved to."""

    rij: Rij
    id: uuid.UUID
    bestaat: bool
    waarden: dict  # field → Python value, for the columns present
    slug: str = ""  # for a new aanbod
    organisatie_id: uuid.UUID | None = None
    organisatie_slug: str = ""  # for a new organisation
    vestiging_id: uuid.UUID | None = None

    @property
    def naam(self) -> str:
        return self.waarden.get("naam", "")


class _RijFout(Exception):
    def __init__(self, veld: str, reden: str):
        super().__init__(reden)
        self.veld, self.reden = veld, reden


def _keuze(veld: str, tekst: str, keuzes: dict, standaard: str) -> str:
    if not tekst:
        return standaard
    gevonden = {_normaal(k): k for k in keuzes} | {_normaal(v): k for k, v in keuzes.items()}
    waarde = gevonden.get(_normaal(tekst))
    if waarde is None:
        raise _RijFout(veld, f"'{tekst}' kennen we niet. Kies uit: {', '.join(keuzes.values())}.")
    return waarde


def _termen(veld: str, tekst: str, termen: dict) -> list:
    uitkomst = []
    for deel in filter(None, (d.strip() for d in re.split(r"[,;\n]", tekst))):
        term = termen.get(_normaal(deel))
        if term is None:
            namen = ", ".join(sorted({t.naam for t in termen.values()}))
            raise _RijFout(veld, f"'{deel}' kennen we niet. Kies uit: {namen}.")
        if term not in uitkomst:
            uitkomst.append(term)
    return uitkomst


def _leeftijd(veld: str, tekst: str) -> int | None:
    if not tekst:
        return None
    if not re.fullmatch(r"\d{1,3}", tekst) or int(tekst) > LEEFTIJD_MAX:
        raise _RijFout(
            veld, f"'{tekst}' is geen leeftijd; vul een heel getal van 0 tot {LEEFTIJD_MAX} in."
        )
    return int(tekst)


_TIJDVAK = re.compile(
    r"(?P<dagen>[a-z]+(?:\s*(?:-|t/m|,|/|\btot en met\b|\ben\b)\s*[a-z]+)*)\s*:?\s*"
    r"(?P<van>\d{1,2}[:.]\d{2})\s*(?:-|tot|–)\s*(?P<tot>\d{1,2}[:.]\d{2})"
)


def _tijd(tekst: str) -> time:
    uur, minuut = re.split(r"[:.]", tekst)
    return time(int(uur), int(minuut))


def openingstijden_lezen(tekst: str) -> list[tuple[int, time, time]]:
    """`ma 09:00-12:00; do 13:30-16:00`, `ma-vr 9.00-12.00`, `ma, wo 13:00-17:00` as
    (weekday, start, end), weekday 0 = Monday. Raises ValueError with a Dutch message."""
    regels: list[tuple[int, time, time]] = []
    for deel in filter(None, (d.strip() for d in re.split(r"[;\n]", tekst.lower()))):
        gevonden = _TIJDVAK.fullmatch(deel)
        try:
            if not gevonden:
                raise ValueError
            start, einde = _tijd(gevonden["van"]), _tijd(gevonden["tot"])
        except ValueError:
            raise ValueError(
                f"'{deel}' begrijpen we niet. Schrijf bijvoorbeeld 'ma 09:00-12:00; do 13:30-16:00'."
            ) from None
        if einde <= start:
            raise ValueError(f"'{deel}': de eindtijd ligt niet na de begintijd.")
        dagen: list[int] = []
        stukken = re.split(r"\s*(-|t/m|,|/|\btot en met\b|\ben\b)\s*", gevonden["dagen"])
        vorige_tot = False
        for stuk in stukken:
            if stuk in ("-", "t/m", "tot en met"):
                vorige_tot = True
                continue
            if stuk in (",", "/", "en"):
                continue
            if stuk not in DAGNAMEN:
                raise ValueError(f"'{stuk}' is geen dag. Gebruik ma, di, wo, do, vr, za of zo.")
            dag = DAGNAMEN[stuk]
            if vorige_tot and dagen:
                dagen += list(range(dagen[-1] + 1, dag + 1))
            else:
                dagen.append(dag)
            vorige_tot = False
        for dag in dagen:
            if (dag, start, einde) not in regels:
                regels.append((dag, start, einde))
    return sorted(regels)


def openingstijden_tekst(regels) -> str:
    """The inverse: [(weekday, start, end)] as `ma 09:00-12:00; do 13:30-16:00`."""
    return "; ".join(f"{DAGEN[d]} {s:%H:%M}-{e:%H:%M}" for d, s, e in sorted(regels))


def _id(tekst: str) -> uuid.UUID:
    try:
        return uuid.UUID(tekst)
    except ValueError:
        raise _RijFout(
            "id", f"'{tekst}' is geen id uit de sociale kaart. Laat de cel leeg voor nieuw aanbod."
        ) from None


def _website(tekst: str) -> str:
    if tekst and not re.match(r"^[a-z][a-z0-9+.-]*://", tekst, re.IGNORECASE):
        return "https://" + tekst
    return tekst


def _waarden(rij: Rij, termen: dict[str, dict]) -> dict:
    """The row's cells as model values; `_RijFout` for the first that cannot be."""
    c = rij.cellen
    waarden: dict = {}
    for veld, tekst in c.items():
        if veld == "status":
            waarden[veld] = _keuze(veld, tekst, STATUSSEN, AanbodStatus.ACTIEF)
        elif veld == "kosten":
            waarden[veld] = _keuze(veld, tekst, KOSTEN, Kosten.GRATIS)
        elif veld == "aanmelden":
            waarden[veld] = _keuze(veld, tekst, AANMELDEN, Aanmelden.ZELF)
        elif veld == "kern":
            waarden[veld] = _keuze(veld, tekst, KERNEN, "")
        elif veld == "werkgebied":
            waarden[veld] = _keuze(veld, tekst, WERKGEBIEDEN, Werkgebied.VESTIGINGEN)
        elif veld == "werkgebied_kernen":
            waarden[veld] = [
                _keuze(veld, deel, {k.value: k.label for k in Kern}, "")
                for deel in filter(None, (d.strip() for d in re.split(r"[,;\n]", tekst)))
            ]
        elif veld == "aan_huis":
            waarden[veld] = _keuze(veld, tekst, JA_NEE, "nee") == "ja"
        elif veld == "huisnummer":
            # "12a", "21-23", "1 bis": the number and its addition, as the importer splits them.
            gesplitst = adresregel_splitsen(f"straat {tekst}") if tekst else ("", "", "")
            if gesplitst is None:
                raise _RijFout(
                    veld, f"'{tekst}' is geen huisnummer; schrijf bijvoorbeeld 12 of 12a."
                )
            waarden["huisnummer"], waarden["huisnummer_toevoeging"] = gesplitst[1], gesplitst[2]
        elif veld in ("levensdomeinen", "doelgroepen"):
            waarden[veld] = _termen(veld, tekst, termen[veld])
        elif veld in ("leeftijd_van", "leeftijd_tot"):
            waarden[veld] = _leeftijd(veld, tekst)
        elif veld == "talen":
            waarden[veld] = [t.strip().lower() for t in re.split(r"[,;\s]+", tekst) if t.strip()]
        elif veld == "openingstijden":
            try:
                waarden[veld] = openingstijden_lezen(tekst) if tekst else None
            except ValueError as fout:
                raise _RijFout(veld, str(fout)) from None
        elif veld == "website":
            waarden[veld] = _website(tekst)
        elif veld != "id":
            waarden[veld] = tekst
    for veld in ("naam", "organisatie", "korte_beschrijving", "beschrijving"):
        if veld in c and not c[veld]:
            raise _RijFout(veld, "Verplicht; deze cel is leeg.")
    if "werkgebied" in c and "werkgebied_kernen" in c:
        try:
            waarden["werkgebied_kernen"] = werkgebied_kernen_schoon(
                waarden["werkgebied"], waarden["werkgebied_kernen"]
            )
        except ValidationError as fout:
            raise _RijFout("werkgebied_kernen", " ".join(fout.messages)) from None
    if c.get("vestiging"):
        for veld in ADRESVELDEN:
            if veld in c and not c[veld]:
                raise _RijFout(veld, "Verplicht bij een vestiging; deze cel is leeg.")
        if not all(veld in c for veld in ADRESVELDEN):
            raise _RijFout(
                "vestiging",
                "Een vestiging heeft een adres nodig: gebruik de kolommen Straat tot en met Plaats.",
            )
        if not waarden.get("kern"):
            waarden["kern"] = kern_bij_adres(land="NL", postcode=c["postcode"], plaats=c["plaats"])
    elif any(c.get(v) for v in VESTIGINGVELDEN) or c.get("openingstijden"):
        raise _RijFout(
            "vestiging", "Vul de naam van de vestiging in bij dit adres of deze openingstijden."
        )
    return waarden


def _uniek(basis: str, bezet: set[str]) -> str:
    basis = (slugify(basis) or "aanbod")[:150]
    slug, n = basis, 2
    while slug in bezet:
        slug, n = f"{basis}-{n}", n + 1
    bezet.add(slug)
    return slug


@dataclass
class Controle:
    rijen: list[Aanbodrij]
    fouten: list[Bevinding]
    waarschuwingen: list[Bevinding]
    nieuwe_organisaties: list[str]
    geweigerd: int = 0


def rijen_controleren(blad: Blad) -> Controle:
    """Every row against the sheet's own rules (required cells, the choice lists, ages,
    opening hours) and against each other (one aanbod on one row); each good row resolved
    to the aanbod it is (by id, else by name and organisation) or a new one."""
    termen = {
        "levensdomeinen": {_normaal(t.naam): t for t in Levensdomein.objects.all()}
        | {_normaal(t.slug): t for t in Levensdomein.objects.all()},
        "doelgroepen": {_normaal(t.naam): t for t in Doelgroep.objects.all()}
        | {_normaal(t.slug): t for t in Doelgroep.objects.all()},
    }
    organisaties = {naam: pk for pk, naam in Organisatie.objects.values_list("pk", Lower("naam"))}
    aanbod_op_naam = {
        (org, naam): pk
        for pk, naam, org in Aanbod.objects.values_list(
            "pk", Lower("naam"), Lower("organisatie__naam")
        )
    }
    bekende_ids = set(
        Aanbod.objects.filter(
            pk__in=[r.cellen["id"] for r in blad.rijen if _is_uuid(r.cellen.get("id", ""))]
        ).values_list("pk", flat=True)
    )
    aanbod_slugs = set(Aanbod.objects.values_list("slug", flat=True))
    organisatie_slugs = set(Organisatie.objects.values_list("slug", flat=True))
    controle = Controle([], [], list(blad.waarschuwingen), [])
    nieuwe_organisaties: dict[str, tuple[uuid.UUID, str]] = {}
    per_id: dict[uuid.UUID, list[Aanbodrij]] = {}
    for rij in blad.rijen:
        for veld in sorted(rij.formules):
            controle.waarschuwingen.append(
                Bevinding(rij.plaats, KOLOM[veld].kop, "Deze cel is een formule. De tekst van de "
                          "formule is overgenomen, niet de uitkomst.")
            )  # fmt: skip
        try:
            waarden = _waarden(rij, termen)
            tekst_id = rij.cellen.get("id", "")
            org_naam = waarden.get("organisatie", "")
            if tekst_id:
                pk = _id(tekst_id)
                bestaat = pk in bekende_ids
            else:
                gevonden = aanbod_op_naam.get((org_naam.lower(), waarden.get("naam", "").lower()))
                pk = gevonden or uuid.UUID(
                    hsds.afgeleid_id(
                        "spreadsheet", org_naam.lower(), waarden.get("naam", "").lower()
                    )
                )
                bestaat = gevonden is not None
        except _RijFout as fout:
            controle.fouten.append(Bevinding(rij.plaats, KOLOM[fout.veld].kop, fout.reden))
            controle.geweigerd += 1
            continue
        if not bestaat and not {"korte_beschrijving", "beschrijving"} <= blad.kolommen:
            controle.fouten.append(
                Bevinding(rij.plaats, "", "Nieuw aanbod heeft een korte beschrijving en een "
                          "beschrijving nodig; het bestand heeft die kolommen niet.")
            )  # fmt: skip
            controle.geweigerd += 1
            continue
        aanbodrij = Aanbodrij(rij, pk, bestaat, waarden)
        if not bestaat:
            aanbodrij.slug = _uniek(waarden.get("naam", ""), aanbod_slugs)
        if org_naam:
            aanbodrij.organisatie_id = organisaties.get(org_naam.lower())
            if aanbodrij.organisatie_id is None:
                if org_naam.lower() not in nieuwe_organisaties:
                    nieuwe_organisaties[org_naam.lower()] = (
                        uuid.UUID(hsds.afgeleid_id("spreadsheet-organisatie", org_naam.lower())),
                        _uniek(org_naam, organisatie_slugs),
                    )
                    controle.nieuwe_organisaties.append(org_naam)
                aanbodrij.organisatie_id, aanbodrij.organisatie_slug = nieuwe_organisaties[
                    org_naam.lower()
                ]
        per_id.setdefault(pk, []).append(aanbodrij)
    for rijen in per_id.values():
        if len(rijen) == 1:
            controle.rijen.append(rijen[0])
            continue
        for aanbodrij in rijen:
            andere = ", ".join(str(r.rij.nummer) for r in rijen if r is not aanbodrij)
            controle.fouten.append(
                Bevinding(aanbodrij.rij.plaats, KOLOM["id" if aanbodrij.rij.cellen.get("id") else "naam"].kop,
                          f"Dit aanbod staat ook op rij {andere}. Zet elk aanbod op één rij.")
            )  # fmt: skip
            controle.geweigerd += 1
    controle.rijen.sort(key=lambda r: r.rij.nummer)
    return controle


def _is_uuid(tekst: str) -> bool:
    try:
        uuid.UUID(tekst)
    except ValueError:
        return False
    return True


# --- rows → records (per batch, just before the import) -----------------------------------------


def _dagdeel(start: time) -> str:
    return "ochtend" if start < time(12) else "middag" if start < time(18) else "avond"


def _regels(koppeling, tijden, vandaag: date) -> list:
    """The koppeling's opening rules after the row: a rule the row names again stays the
    same rule (its id, its validity), a new one is added, one the row leaves out goes.
    Rules that ended before today are history and stay."""
    bestaand = {(r.weekdag, r.start, r.einde): r for r in getattr(koppeling, "hsds_regels", [])}
    regels = [
        r for r in getattr(koppeling, "hsds_regels", []) if r.geldig_tot and r.geldig_tot < vandaag
    ]
    geschiedenis = list(regels)
    for weekdag, start, einde in tijden:
        regel = bestaand.get((weekdag, start, einde))
        if regel is None or regel in regels:
            dagdeel = _dagdeel(start)
            # One rule per weekday and dagdeel at a time: a new one starts after the
            # history of that dagdeel ended.
            eerder = [
                r.geldig_tot for r in geschiedenis if (r.weekdag, r.dagdeel) == (weekdag, dagdeel)
            ]
            regel = VestigingOpeningsregel(
                id=uuid.UUID(hsds.afgeleid_id(koppeling.pk, "regel", weekdag, start, einde)),
                aanbod_op_vestiging=koppeling, weekdag=weekdag, dagdeel=dagdeel, start=start,
                einde=einde, geldig_van=max(eerder) + timedelta(days=1) if eerder else None,
            )  # fmt: skip
        regels.append(regel)
    return regels


def _vestiging(aanbodrij: Aanbodrij, aanbod: Aanbod, vestigingen: dict, vandaag: date) -> None:
    w = aanbodrij.waarden
    naam = w["vestiging"]
    koppelingen = list(getattr(aanbod, "hsds_koppelingen", []))
    koppeling = next((k for k in koppelingen if k.vestiging.naam.lower() == naam.lower()), None)
    if koppeling is None:
        vestiging = vestigingen.get((aanbod.organisatie_id, naam.lower())) or Vestiging(
            id=uuid.UUID(
                hsds.afgeleid_id("spreadsheet-vestiging", aanbod.organisatie_id, naam.lower())
            ),
            organisatie_id=aanbod.organisatie_id,
        )
        koppeling = AanbodOpVestiging(
            id=uuid.UUID(hsds.afgeleid_id("spreadsheet-koppeling", aanbod.pk, vestiging.pk)),
            aanbod=aanbod,
            vestiging=vestiging,
        )
        koppeling.hsds_regels = []
        koppelingen.append(koppeling)
    vestiging = koppeling.vestiging
    vestiging.naam = naam
    for veld in (*VESTIGINGVELDEN, "huisnummer_toevoeging"):
        if veld in w:
            setattr(vestiging, veld, w[veld])
    if w.get("openingstijden") is not None:
        koppeling.hsds_regels = _regels(koppeling, w["openingstijden"], vandaag)
    aanbod.hsds_koppelingen = koppelingen


EENVOUDIG = (
    "naam", "korte_beschrijving", "beschrijving", "status", "kosten", "kosten_toelichting",
    "aanmelden", "aanmelden_toelichting", "leeftijd_van", "leeftijd_tot", "telefoon", "email",
    "website", "talen", "zoekwoorden", "werkgebied", "werkgebied_kernen", "aan_huis",
)  # fmt: skip


def records_maken(rijen: list[Aanbodrij], vandaag: date) -> list[dict]:
    """The HSDS service record of each row: the aanbod as it is (or a new one), with the
    row's values set on its objects in memory (nothing is saved here)."""
    bestaand = {
        a.pk: a
        for a in hsds.service_prefetch(
            Aanbod.objects.filter(pk__in=[r.id for r in rijen if r.bestaat])
        )
    }
    organisaties = Organisatie.objects.in_bulk(
        [r.organisatie_id for r in rijen if r.organisatie_id]
    )
    vestigingen = {
        (v.organisatie_id, v.naam.lower()): v
        for v in Vestiging.objects.filter(
            organisatie_id__in=[r.organisatie_id for r in rijen if r.waarden.get("vestiging")]
        )
    }
    records = []
    for aanbodrij in rijen:
        aanbod = bestaand.get(aanbodrij.id)
        if aanbod is None:
            aanbod = Aanbod(id=aanbodrij.id, slug=aanbodrij.slug)
            aanbod.hsds_levensdomeinen, aanbod.hsds_doelgroepen = [], []
            aanbod.hsds_contactpersonen, aanbod.hsds_koppelingen = [], []
        w = aanbodrij.waarden
        if aanbodrij.organisatie_id:
            organisatie = organisaties.get(aanbodrij.organisatie_id) or Organisatie(
                id=aanbodrij.organisatie_id, naam=w["organisatie"], slug=aanbodrij.organisatie_slug
            )
            aanbod.organisatie = organisatie
        for veld in EENVOUDIG:
            if veld in w:
                setattr(aanbod, veld, w[veld])
        if "levensdomeinen" in w:
            aanbod.hsds_levensdomeinen = w["levensdomeinen"]
        if "doelgroepen" in w:
            aanbod.hsds_doelgroepen = w["doelgroepen"]
        if w.get("vestiging"):
            _vestiging(aanbodrij, aanbod, vestigingen, vandaag)
        records.append(hsds.service(aanbod, vandaag))
    return records


# --- the template -------------------------------------------------------------------------------


def _rij_van(aanbod: Aanbod, vandaag: date) -> list:
    """An aanbod as a row of the sheet: the inverse of what records_maken sets."""
    koppeling = next(iter(sorted(aanbod.hsds_koppelingen, key=lambda k: k.vestiging.naam)), None)
    vestiging = koppeling.vestiging if koppeling else None
    tijden = (
        [(r.weekdag, r.start, r.einde) for r in koppeling.hsds_regels
         if not (r.geldig_tot and r.geldig_tot < vandaag)]
        if koppeling else []
    )  # fmt: skip
    waarden = {
        "id": str(aanbod.pk),
        "organisatie": aanbod.organisatie.naam,
        "status": STATUSSEN[aanbod.status],
        "kosten": KOSTEN[aanbod.kosten],
        "levensdomeinen": ", ".join(t.naam for t in aanbod.hsds_levensdomeinen),
        "doelgroepen": ", ".join(t.naam for t in aanbod.hsds_doelgroepen),
        "talen": ", ".join(aanbod.talen),
        "vestiging": vestiging.naam if vestiging else "",
        **{v: getattr(vestiging, v) if vestiging else "" for v in VESTIGINGVELDEN},
        "huisnummer": vestiging.nummer if vestiging else "",
        "kern": KERNEN.get(vestiging.kern, "") if vestiging else "",
        "werkgebied": aanbod.werkgebied,
        "werkgebied_kernen": ", ".join(dict(Kern.choices)[k] for k in aanbod.werkgebied_kernen),
        "aan_huis": "ja" if aanbod.aan_huis else "nee",
        "openingstijden": openingstijden_tekst(set(tijden)),
        **{
            v: getattr(aanbod, v)
            for v in EENVOUDIG
            if v not in ("status", "kosten", "talen", "werkgebied", "werkgebied_kernen", "aan_huis")
        },
    }
    return [waarden.get(k.veld) for k in KOLOMMEN]


def sjabloon_xlsx(*, met_aanbod: bool, vandaag: date, voortgang=None) -> bytes:
    """The template: the sheet "Aanbod" with the headers (and, if asked, every aanbod as it
    is now, told to `voortgang(done, total)` as it goes), choice lists on the columns that
    have them, a sheet "Uitleg" and a sheet "Keuzes". Every text cell is text, never a
    formula (toegang.formules)."""
    boek = Workbook()
    blad = boek.active
    blad.title = BLAD
    vet = Font(bold=True)
    kopkleur = PatternFill("solid", fgColor="DDEBF7")
    for kolomnummer, kolom in enumerate(KOLOMMEN, start=1):
        cel = als_tekst(
            blad.cell(row=1, column=kolomnummer), kolom.kop + (" *" if kolom.verplicht else "")
        )
        cel.font, cel.fill = vet, kopkleur
        kolommaat = blad.column_dimensions[get_column_letter(kolomnummer)]
        kolommaat.width = kolom.breedte
        # Text format for the whole column (a column style: what is typed in it takes it),
        # so Excel keeps 0543-123456, 7121 DL and 12a as typed.
        kolommaat.number_format = "@"
    blad.freeze_panes = "C2"
    rijnummer = 1
    if met_aanbod:
        alle = hsds.service_prefetch(
            Aanbod.objects.order_by(Lower("organisatie__naam"), "naam", "pk")
        )
        for rijnummer, aanbod in enumerate(hsds.voortgang_melden(alle, voortgang), start=2):
            for kolomnummer, waarde in enumerate(_rij_van(aanbod, vandaag), start=1):
                # A cell of its own has its own format, not the column's.
                als_tekst(blad.cell(row=rijnummer, column=kolomnummer), waarde).number_format = "@"
    laatste = max(rijnummer, 1) + 500

    keuzes = boek.create_sheet("Keuzes")
    lijsten = {
        "Levensdomeinen": [t.naam for t in Levensdomein.objects.all()],
        "Doelgroepen": [t.naam for t in Doelgroep.objects.all()],
        "Kern": list(KERNEN.values()),
        "Werkgebied": list(WERKGEBIEDEN.values()),
        "Ja of nee": list(JA_NEE.values()),
        "Status": list(STATUSSEN.values()),
        "Kosten": list(KOSTEN.values()),
        "Aanmelden": list(AANMELDEN.values()),
    }
    bereik = {}
    for kolomnummer, (titel, waarden) in enumerate(lijsten.items(), start=1):
        letter = get_column_letter(kolomnummer)
        als_tekst(keuzes.cell(row=1, column=kolomnummer), titel).font = vet
        for rij, waarde in enumerate(waarden, start=2):
            als_tekst(keuzes.cell(row=rij, column=kolomnummer), waarde)
        keuzes.column_dimensions[letter].width = 28
        bereik[titel] = f"Keuzes!${letter}$2:${letter}${max(2, len(waarden) + 1)}"

    def lijst(veld: str, titel: str, streng: bool) -> None:
        letter = get_column_letter(next(i for i, k in enumerate(KOLOMMEN, 1) if k.veld == veld))
        validatie = DataValidation(
            type="list", formula1=bereik[titel], allow_blank=True,
            showErrorMessage=streng, errorStyle="stop" if streng else "information",
            errorTitle=KOLOM[veld].kop, error=f"Kies een waarde uit de lijst ({titel}).",
            promptTitle=KOLOM[veld].kop, prompt=KOLOM[veld].uitleg[:255], showInputMessage=True,
        )  # fmt: skip
        validatie.add(f"{letter}2:{letter}{laatste}")
        blad.add_data_validation(validatie)

    for veld, titel in (
        ("status", "Status"), ("kosten", "Kosten"), ("aanmelden", "Aanmelden"), ("kern", "Kern"),
        ("werkgebied", "Werkgebied"), ("aan_huis", "Ja of nee"),
    ):  # fmt: skip
        lijst(veld, titel, True)
    # Several domains or target groups in one cell ("zorg, meedoen") must stay possible:
    # the list is offered, a combination is not refused.
    lijst("levensdomeinen", "Levensdomeinen", False)
    lijst("doelgroepen", "Doelgroepen", False)
    lijst("werkgebied_kernen", "Kern", False)
    for veld in ("leeftijd_van", "leeftijd_tot"):
        letter = get_column_letter(next(i for i, k in enumerate(KOLOMMEN, 1) if k.veld == veld))
        validatie = DataValidation(
            type="whole", operator="between", formula1="0", formula2=str(LEEFTIJD_MAX),
            allow_blank=True, showErrorMessage=True, errorTitle=KOLOM[veld].kop,
            error=f"Vul een heel getal van 0 tot {LEEFTIJD_MAX} in.",
        )  # fmt: skip
        validatie.add(f"{letter}2:{letter}{laatste}")
        blad.add_data_validation(validatie)

    uitleg = boek.create_sheet("Uitleg")
    regels = [
        ["Sociale kaart importeren: uitleg"],
        ["Eén rij per aanbod op het blad Aanbod. Kolommen met een * zijn verplicht."],
        [
            "Upload het bestand in Beheer → Sociale kaart → Imports. U ziet eerst een proefimport "
            "met wat er nieuw is, wat verandert en welke rijen fouten hebben; pas als u bevestigt "
            "wordt het aanbod opgeslagen. Een rij met een fout wordt overgeslagen, de rest gaat door."
        ],
        ["Een lege cel maakt dat veld leeg. Een kolom die u weghaalt, verandert niets."],
        [
            "Een aanbod met meer vestigingen: de rij verandert alleen de vestiging die erin staat; "
            "de andere vestigingen en de contactpersonen blijven zoals ze zijn."
        ],
        ["U mag ook een CSV-bestand uploaden (met ; of , ertussen, UTF-8 of de Excel-standaard)."],
        [],
        ["Kolom", "Verplicht", "Wat vult u in", "Voorbeeld"],
    ]
    regels += [[k.kop, "ja" if k.verplicht else "", k.uitleg, k.voorbeeld] for k in KOLOMMEN]
    for rij, waarden in enumerate(regels, start=1):
        for kolomnummer, waarde in enumerate(waarden, start=1):
            cel = als_tekst(uitleg.cell(row=rij, column=kolomnummer), waarde)
            cel.alignment = Alignment(wrap_text=True, vertical="top")
            if rij in (1, 8):
                cel.font = vet
    for letter, breedte in zip("ABCD", (24, 10, 80, 36), strict=True):
        uitleg.column_dimensions[letter].width = breedte
    buffer = io.BytesIO()
    boek.save(buffer)
    return buffer.getvalue()
