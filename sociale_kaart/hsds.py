"""Open Referral HSDS 3.0: our sociale kaart as HSDS records, and back (see importeer_hsds).

Export and import are lossless for what we store: fields HSDS has no place for (the
one-line description, keywords, cost and sign-up codes, the slug, a rule's dagdeel) travel
as `attributes` with our own link_type. Internal notes never leave the portal. One field
of HSDS 3.1 is sent as well: `capacities`, whether an aanbod takes new clients (see
`capacities` below); HSDS allows extra fields, so 3.0 readers are not hindered.

Opening hours: HSDS times carry a fixed UTC offset, ours are Amsterdam wall-clock times.
Each weekly rule is therefore written as one schedule per daylight-saving period (winter
+01:00, summer +02:00) within two years from today, with valid_from/valid_to; the first
and last keep the rule's own open ends. Import joins them back into one rule.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from django.db.models import Prefetch

from locaties.models import Kern
from locaties.openingstijden import TZ

from .models import (
    AanbodOpVestiging,
    AanbodStatus,
    Capaciteit,
    Doelgroep,
    Levensdomein,
    VestigingKern,
    Werkgebied,
    capaciteit_tekst,
)

VERSIE = "3.0"
PROFIEL = "https://docs.openreferral.org/en/latest/hsds/"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
NAAMRUIMTE = uuid.UUID("6f0b1c2e-3a4d-5e6f-8091-a2b3c4d5e6f7")
TAXONOMIE = {
    "levensdomein": (
        uuid.uuid5(NAAMRUIMTE, "taxonomie:levensdomein"),
        "Levensdomeinen",
        Levensdomein,
    ),
    "doelgroep": (uuid.uuid5(NAAMRUIMTE, "taxonomie:doelgroep"), "Doelgroepen", Doelgroep),
}
STATUS = {
    AanbodStatus.ACTIEF: "active",
    AanbodStatus.TIJDELIJK_GESLOTEN: "temporarily closed",
    AanbodStatus.INACTIEF: "inactive",
}
BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
TALEN = {
    "nld": "Nederlands",
    "eng": "Engels",
    "deu": "Duits",
    "ara": "Arabisch",
    "tur": "Turks",
    "pol": "Pools",
    "fra": "Frans",
    "spa": "Spaans",
    "ukr": "Oekraïens",
    "rus": "Russisch",
    "tir": "Tigrinya",
    "fas": "Perzisch",
    "som": "Somalisch",
    "urd": "Urdu",
    "fry": "Fries",
}
DST_JAREN = 2
_NAAMRUIMTE_SHA1 = hashlib.sha1(NAAMRUIMTE.bytes, usedforsecurity=False)


def afgeleid_id(*delen) -> str:
    """A stable id for things we do not store with an id of their own (a phone, an address):
    uuid5 in NAAMRUIMTE, computed as RFC 4122 does without building UUID objects (a list
    page makes hundreds)."""
    h = _NAAMRUIMTE_SHA1.copy()
    h.update(":".join(map(str, delen)).encode())
    x = h.hexdigest()
    # Version 5 in the 13th hex digit, the RFC 4122 variant (10xx) in the 17th.
    return f"{x[:8]}-{x[8:12]}-5{x[13:16]}-{'89ab'[int(x[16], 16) & 3]}{x[17:20]}-{x[20:32]}"


def _schoon(data: dict) -> dict:
    """HSDS fields are typed: leave out what we do not know rather than send null."""
    return {k: v for k, v in data.items() if v is not None and v != ""}


def _attribuut(
    eigenaar_id, entiteit: str, soort: str, waarde: str, term: dict | None = None
) -> dict:
    return _schoon(
        {
            "id": afgeleid_id(eigenaar_id, "attribuut", soort, waarde),
            "link_id": str(eigenaar_id),
            "link_type": soort,
            "link_entity": entiteit,
            "value": waarde,
            "taxonomy_term_id": term["id"] if term else None,
            "taxonomy_term": term,
        }
    )


def taxonomy(soort: str) -> dict:
    pk, naam, _ = TAXONOMIE[soort]
    return {
        "id": str(pk),
        "name": naam,
        "description": f"{naam} van de sociale kaart van gemeente Aalten.",
    }


def taxonomy_term(term, soort: str) -> dict:
    taxonomie_id, naam, _ = TAXONOMIE[soort]
    return _schoon(
        {
            "id": str(term.uuid),
            "code": term.slug,
            "name": term.naam,
            "description": getattr(term, "samenvatting", "") or term.naam,
            # HSDS 3.0: `taxonomy` is free text naming the taxonomy, the object is `taxonomy_detail`.
            "taxonomy": naam,
            "taxonomy_detail": taxonomy(soort),
            "taxonomy_id": str(taxonomie_id),
            "language": "nl",
        }
    )


def _telefoon(eigenaar_veld: str, eigenaar_id, nummer: str) -> list[dict]:
    if not nummer:
        return []
    return [
        {
            "id": afgeleid_id(eigenaar_id, "telefoon"),
            eigenaar_veld: str(eigenaar_id),
            "number": nummer,
        }
    ]


def organization(org) -> dict:
    pk = str(org.pk)
    return _schoon(
        {
            "id": pk,
            "name": org.naam,
            # Required by HSDS; an organisation without a description repeats its name.
            "description": org.beschrijving or org.naam,
            "email": org.email,
            "website": org.website,
            "phones": _telefoon("organization_id", pk, org.telefoon),
            "organization_identifiers": [
                {
                    "id": afgeleid_id(pk, "kvk"),
                    "organization_id": pk,
                    "identifier_scheme": "NL-KVK",
                    "identifier_type": "KvK-nummer",
                    "identifier": org.kvk_nummer,
                }
            ]
            if org.kvk_nummer
            else [],
            "attributes": [_attribuut(pk, "organization", "slug", org.slug)]
            + [
                _attribuut(
                    pk,
                    "organization",
                    "laatst_gecontroleerd",
                    org.laatst_gecontroleerd.isoformat(),
                )
            ],
        }
    )


def location(vestiging) -> dict:
    pk = str(vestiging.pk)
    return _schoon(
        {
            "id": pk,
            "location_type": "physical",
            "organization_id": str(vestiging.organisatie_id),
            "name": vestiging.naam,
            "transportation": vestiging.route,
            "latitude": float(vestiging.latitude) if vestiging.latitude is not None else None,
            "longitude": float(vestiging.longitude) if vestiging.longitude is not None else None,
            "addresses": [
                _schoon(
                    {
                        "id": afgeleid_id(pk, "adres"),
                        "location_id": pk,
                        "address_1": vestiging.adresregel,
                        "city": vestiging.plaats,
                        "region": vestiging.get_kern_display()
                        if vestiging.kern != VestigingKern.BUITEN
                        else None,
                        # Required by HSDS; ours are in Gelderland unless said otherwise.
                        "state_province": vestiging.provincie
                        or ("Gelderland" if vestiging.land == "NL" else vestiging.land),
                        "postal_code": vestiging.postcode,
                        "country": vestiging.land,
                        "address_type": "physical",
                    }
                )
            ],
            "accessibility": [
                {
                    "id": afgeleid_id(pk, "toegankelijkheid"),
                    "location_id": pk,
                    "description": vestiging.toegankelijkheid,
                }
            ]
            if vestiging.toegankelijkheid
            else [],
            "attributes": [
                _attribuut(pk, "location", "kern", vestiging.kern),
                _attribuut(pk, "location", "straat", vestiging.straat),
                _attribuut(pk, "location", "huisnummer", vestiging.huisnummer),
            ]
            + (
                [_attribuut(pk, "location", "toevoeging", vestiging.huisnummer_toevoeging)]
                if vestiging.huisnummer_toevoeging
                else []
            ),
        }
    )


@lru_cache(maxsize=256)
def dst_perioden(
    van: date | None, tot: date | None, vandaag: date
) -> tuple[tuple[date | None, date | None, str], ...]:
    """Split a validity period at the daylight-saving switches of the coming years: each
    part as (valid_from, valid_to, offset), the open ends of the original kept open.

    Only a function of its arguments: a page's rules share a few (van, tot) pairs, mostly
    (None, None), so each pair is worked out once rather than once per rule."""
    grenzen = []
    for jaar in range(vandaag.year, vandaag.year + DST_JAREN + 1):
        for maand in (3, 10):
            dag = date(jaar, maand, 31)
            dag -= timedelta(days=(dag.weekday() + 1) % 7)  # last Sunday
            if vandaag <= dag <= vandaag + timedelta(days=365 * DST_JAREN):
                grenzen.append(dag)
    grenzen = [g for g in sorted(grenzen) if (van is None or g > van) and (tot is None or g <= tot)]
    perioden, begin = [], van
    for grens in grenzen:
        perioden.append((begin, grens - timedelta(days=1)))
        begin = grens
    perioden.append((begin, tot))
    uitkomst = []
    for begin, einde in perioden:
        peil = (
            begin
            if begin and begin >= vandaag
            else (einde if einde and einde < vandaag else vandaag)
        )
        offset = datetime.combine(peil, time(12), TZ).strftime("%z")
        uitkomst.append((begin, einde, f"{offset[:3]}:{offset[3:]}"))
    return tuple(uitkomst)


def schedules(koppeling, vandaag: date) -> list[dict]:
    koppeling_id = str(koppeling.pk)
    uitkomst = []
    for regel in koppeling.hsds_regels:
        regel_id = str(regel.pk)
        byday = BYDAY[regel.weekdag]
        opens, closes = f"{regel.start:%H:%M}", f"{regel.einde:%H:%M}"
        for index, (van, tot, offset) in enumerate(
            dst_perioden(regel.geldig_van, regel.geldig_tot, vandaag)
        ):
            schedule_id = regel_id if index == 0 else afgeleid_id(regel_id, "periode", index)
            uitkomst.append(
                _schoon(
                    {
                        "id": schedule_id,
                        "service_at_location_id": koppeling_id,
                        "valid_from": van.isoformat() if van else None,
                        "valid_to": tot.isoformat() if tot else None,
                        "timezone": int(offset[:3]),
                        "freq": "WEEKLY",
                        "interval": 1,
                        "byday": byday,
                        "opens_at": opens + offset,
                        "closes_at": closes + offset,
                        "attending_type": "in_person",
                        # Each period's attributes are its own (link_id, id): in the CSV
                        # package an attribute row hangs under the schedule it names.
                        "attributes": [
                            _attribuut(schedule_id, "schedule", "dagdeel", regel.dagdeel),
                            _attribuut(schedule_id, "schedule", "regel", regel_id),
                        ],
                    }
                )
            )
    return uitkomst


def schedule_tekst(koppeling) -> list[dict]:
    """Opening times in words (what did not fit a weekly rule at import) as a schedule with
    only a description; import reads such a schedule back as text."""
    if not koppeling.openingstijden_tekst:
        return []
    return [
        {
            "id": afgeleid_id(koppeling.pk, "openingstijden_tekst"),
            "service_at_location_id": str(koppeling.pk),
            "description": koppeling.openingstijden_tekst,
        }
    ]


def service_at_location(koppeling, vandaag: date) -> dict:
    return _schoon(
        {
            "id": str(koppeling.pk),
            "service_id": str(koppeling.aanbod_id),
            "location_id": str(koppeling.vestiging_id),
            "description": koppeling.toelichting,
            "location": location(koppeling.vestiging),
            "schedules": schedules(koppeling, vandaag) + schedule_tekst(koppeling),
        }
    )


def _contact(c) -> dict:
    return _schoon(
        {
            "id": str(c.pk),
            "organization_id": str(c.organisatie_id),
            "service_id": str(c.aanbod_id) if c.aanbod_id else None,
            "name": c.naam,
            "title": c.functie,
            "email": c.email,
            "phones": _telefoon("contact_id", c.pk, c.telefoon),
        }
    )


# The werkgebied as service_areas: one area per place it serves, named as people and other
# systems name it (a kern, "gemeente Aalten", "regio Achterhoek"; hsds_import maps these
# names back), a description for residents, the area in words as a "text" extent, and for
# the municipality its persistent identifier (TOOI, CBS code GM0197). What HSDS has no
# place for (the kind of werkgebied, home visits) travels as our own attributes on each
# area. An aanbod only at its vestigingen has no areas (its locations say where), unless
# it comes to residents' homes there: then the kernen of its vestigingen are its areas.
GEMEENTE_NAAM = "gemeente Aalten"
GEMEENTE_URI = "https://identifier.overheid.nl/tooi/id/gemeente/gm0197"
REGIO_NAAM = "regio Achterhoek"
REGIO_GEMEENTEN = (
    "Aalten, Berkelland, Bronckhorst, Doetinchem, Montferland, Oost Gelre, Oude IJsselstreek "
    "en Winterswijk"
)
AAN_HUIS_TEKST = "Ook bij u thuis."


def service_areas(aanbod) -> list[dict]:
    """HSDS service_areas of an aanbod's werkgebied (see above). For an aanbod only at its
    vestigingen it reads the vestigingen of aanbod.hsds_koppelingen (service_prefetch)."""
    pk = str(aanbod.pk)
    if aanbod.werkgebied == Werkgebied.GEMEENTE:
        gebieden = [
            (
                "gemeente",
                GEMEENTE_NAAM,
                "Voor heel Aalten.",
                f"{GEMEENTE_NAAM} (Gelderland): {', '.join(Kern.labels)}",
                GEMEENTE_URI,
            )
        ]
    elif aanbod.werkgebied == Werkgebied.REGIO:
        gebieden = [
            (
                "regio",
                REGIO_NAAM,
                "In de hele regio Achterhoek.",
                f"{REGIO_NAAM}: de gemeenten {REGIO_GEMEENTEN}",
                None,
            )
        ]
    else:
        if aanbod.werkgebied == Werkgebied.KERNEN:
            kernen = aanbod.werkgebied_kernen
        elif aanbod.aan_huis:
            eigen = {k.vestiging.kern for k in aanbod.hsds_koppelingen}
            kernen = [kern for kern in Kern.values if kern in eigen]
        else:
            kernen = []
        namen = dict(Kern.choices)
        gebieden = [
            (kern, namen[kern], f"In {namen[kern]}.", f"{namen[kern]}, {GEMEENTE_NAAM}", None)
            for kern in kernen
        ]
    uitkomst = []
    for sleutel, naam, beschrijving, extent, uri in gebieden:
        gebied_id = afgeleid_id(pk, "werkgebied", sleutel)
        attributen = [_attribuut(gebied_id, "service_area", "werkgebied", aanbod.werkgebied)]
        if aanbod.aan_huis:
            attributen.append(_attribuut(gebied_id, "service_area", "aan_huis", "ja"))
            beschrijving = f"{beschrijving} {AAN_HUIS_TEKST}"
        uitkomst.append(
            _schoon(
                {
                    "id": gebied_id,
                    "service_id": pk,
                    "name": naam,
                    "description": beschrijving,
                    "extent": extent,
                    "extent_type": "text",
                    "uri": uri,
                    "attributes": attributen,
                }
            )
        )
    return uitkomst


# --- capacity: HSDS 3.1 `service_capacity` ---------------------------------------------------
# Whether an aanbod takes new clients. HSDS 3.1 added `service.capacities` (an optional
# field, so a 3.0 reader skips it); we send one service_capacity in a unit of our own, "plaats
# voor een nieuwe cliënt": available 1 when the aanbod takes new clients, 0 on a wachtlijst or
# when full, with the statement in words and its date. The answer and the weeks of a
# wachtlijst, which HSDS has no field for, travel as our own attributes, so the import gets
# back exactly what was stated (hsds_import._capaciteit).


def tijdstip(moment: datetime) -> str:
    """A date-time as HSDS writes it: Amsterdam time with its offset, in milliseconds."""
    return moment.astimezone(TZ).isoformat(timespec="milliseconds")


EENHEID_PLAATS = {"id": afgeleid_id("eenheid", "plaats"), "name": "plaats voor een nieuwe cliënt"}


def capacities(aanbod) -> list[dict] | None:
    """The aanbod's service_capacity, or None (left out) when nothing was stated."""
    if aanbod.capaciteit == Capaciteit.ONBEKEND or aanbod.capaciteit_doorgegeven_op is None:
        return None
    pk = str(aanbod.pk)
    return [
        {
            "id": afgeleid_id(pk, "capaciteit"),
            "service_id": pk,
            "unit": dict(EENHEID_PLAATS),
            "unit_id": EENHEID_PLAATS["id"],
            "available": 1 if aanbod.capaciteit == Capaciteit.JA else 0,
            "description": capaciteit_tekst(aanbod.capaciteit, aanbod.wachtlijst_weken) + ".",
            "updated": tijdstip(aanbod.capaciteit_doorgegeven_op),
        }
    ]


def capaciteit_attributen(aanbod) -> list[dict]:
    pk = str(aanbod.pk)
    if aanbod.capaciteit == Capaciteit.ONBEKEND:
        return []
    attributen = [_attribuut(pk, "service", "capaciteit", aanbod.capaciteit)]
    if aanbod.wachtlijst_weken is not None:
        attributen.append(
            _attribuut(pk, "service", "wachtlijst_weken", str(aanbod.wachtlijst_weken))
        )
    return attributen


def service(aanbod, vandaag: date) -> dict:
    pk = str(aanbod.pk)
    termen = [
        _attribuut(pk, "service", soort, term.slug, taxonomy_term(term, soort))
        for soort, terms in (
            ("levensdomein", aanbod.hsds_levensdomeinen),
            ("doelgroep", aanbod.hsds_doelgroepen),
        )
        for term in terms
    ]
    eigen = [
        _attribuut(pk, "service", soort, waarde)
        for soort, waarde in (
            ("slug", aanbod.slug),
            ("korte_beschrijving", aanbod.korte_beschrijving),
            ("kosten", aanbod.kosten),
            ("aanmelden", aanbod.aanmelden),
            ("zoekwoorden", aanbod.zoekwoorden),
        )
        if waarde
    ]
    return _schoon(
        {
            **_service_basis(aanbod),
            "application_process": aanbod.aanmelden_toelichting,
            "fees_description": aanbod.kosten_toelichting,
            "minimum_age": aanbod.leeftijd_van,
            "maximum_age": aanbod.leeftijd_tot,
            "assured_date": aanbod.organisatie.laatst_gecontroleerd.isoformat(),
            "phones": _telefoon("service_id", pk, aanbod.telefoon),
            "languages": [
                {
                    "id": afgeleid_id(pk, "taal", code),
                    "service_id": pk,
                    "name": TALEN.get(code, code),
                    "code": code,
                }
                for code in aanbod.talen
            ],
            "organization": organization(aanbod.organisatie),
            "service_at_locations": [
                service_at_location(k, vandaag) for k in aanbod.hsds_koppelingen
            ],
            "contacts": [_contact(c) for c in aanbod.hsds_contactpersonen],
            "service_areas": service_areas(aanbod),
            "capacities": capacities(aanbod),
            "attributes": termen + eigen + capaciteit_attributen(aanbod),
            "metadata": [],
        }
    )


def _service_basis(aanbod) -> dict:
    return {
        "id": str(aanbod.pk),
        "organization_id": str(aanbod.organisatie_id),
        "name": aanbod.naam,
        "description": aanbod.beschrijving,
        "url": aanbod.website,
        "email": aanbod.email,
        "status": STATUS[aanbod.status],
    }


def service_kort(aanbod) -> dict:
    """The service as an organization record lists it (HSDS 3.0 OpenAPI, GET
    /organizations/{id}: "service array that contains simple information")."""
    return _schoon(_service_basis(aanbod))


def service_prefetch(qs):
    """What service() reads. Prefetched into plain lists (to_attr): a related manager per
    record and relation, filtered and cloned, cost more than the queries themselves."""
    return qs.select_related("organisatie").prefetch_related(
        Prefetch("levensdomeinen", to_attr="hsds_levensdomeinen"),
        Prefetch("doelgroepen", to_attr="hsds_doelgroepen"),
        Prefetch("contactpersonen", to_attr="hsds_contactpersonen"),
        # In a fixed order (the model has none): an export read back gives the same file.
        Prefetch(
            "op_vestigingen",
            queryset=AanbodOpVestiging.objects.order_by("pk"),
            to_attr="hsds_koppelingen",
        ),
        "hsds_koppelingen__vestiging",
        Prefetch("hsds_koppelingen__openingsregels", to_attr="hsds_regels"),
    )


def voortgang_melden(qs, voortgang=None, *, stap: int = 200):
    """The rows of `qs`, read `stap` at a time; with `voortgang`, it is told (done, total)
    after each `stap` (a whole-kaart export in a task, with a progress bar)."""
    if voortgang is None:
        yield from qs.iterator(chunk_size=stap)
        return
    totaal = qs.count()
    voortgang(0, totaal)
    for klaar, rij in enumerate(qs.iterator(chunk_size=stap), start=1):
        yield rij
        if klaar % stap == 0 or klaar == totaal:
            voortgang(klaar, totaal)


def service_at_location_prefetch(qs):
    """What service_at_location() reads."""
    return qs.select_related("vestiging").prefetch_related(
        Prefetch("openingsregels", to_attr="hsds_regels")
    )


def pagina(items: list, totaal: int, nummer: int, per_pagina: int) -> dict:
    pagina_s = max(1, -(-totaal // per_pagina))
    return {
        "total_items": totaal,
        "total_pages": pagina_s,
        "page_number": nummer,
        "size": len(items),
        "first_page": nummer == 1,
        "last_page": nummer >= pagina_s,
        "empty": totaal == 0,
        "contents": items,
    }
