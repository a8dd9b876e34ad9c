"""Demo hulpvragen for `manage.py demo_data`: something in every queue of /balie/.

Residents, phone numbers and e-mail addresses are fictional. Each demo question has a fixed
`inzending` id, so loading twice finds the same rows and adds nothing.

To demo matching at /balie/nieuw/: register a question with telefoon 06-12345678 (or
+31 6 1234 5678): Gerda Klein Gunnewiek's earlier case appears.
"""

import uuid
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from locaties import openingstijden
from locaties.models import Toegangslocatie
from sociale_kaart.models import Aanbod, Levensdomein, Organisatie
from toegang.accounts.roles import Team

from .models import (
    Afspraak,
    Bezoekafspraak,
    Doorverwijzing,
    Gegevenscategorie,
    Grondslag,
    Hulpvraag,
    Kanaal,
    Route,
    Terugbelverzoek,
    Toestemmingswijze,
    terugbelvensters,
    vrije_tijdvakken,
)
from .services.bezoekafspraken import bezoekafspraak_boeken
from .services.doorverwijzing import doorverwijzing_accepteren, doorverwijzing_maken
from .services.hulpvraag import (
    hulpvraag_indienen,
    hulpvraag_sluiten,
    signaal_doorgeven,
    terugbelverzoek_indienen,
)

NAAMRUIMTE = uuid.UUID("6f1c1d0e-3a55-4c55-9a8e-2b1d0c0e7a11")


def _werkdagen_terug(aantal: int):
    return openingstijden.werkdagen_eerder(timezone.localdate(), aantal)


def _om(dag):
    return timezone.make_aware(datetime.combine(dag, time(10, 0)))


# (key, werkdagen geleden, kanaal, registered by (username or None), inwoner, vraag, extra)
HULPVRAGEN = [
    (
        "eerder-gerda",
        15,
        Kanaal.BALIE_HOFSTRAAT,
        "medewerker-2",
        {"naam": "Gerda Klein Gunnewiek", "telefoon": "06-12345678", "email": "gerda@example.org"},
        "Sinds mijn heupoperatie red ik het huishouden niet meer. Kan ik hulp krijgen?",
        {"kern": "bredevoort", "domeinen": ["zorg"]},
    ),
    (
        "online-yasmin",
        1,
        Kanaal.WEBSITE,
        None,
        {"naam": "Yasmin", "email": "yasmin@example.org"},
        "Mijn zoon van 14 zit veel thuis en gaat niet meer naar school. Waar kan ik terecht?",
        {"kern": "aalten", "domeinen": ["opvoeden-en-opgroeien"], "contactvoorkeur": "email"},
    ),
    (
        "online-dirk",
        4,
        Kanaal.WEBSITE,
        None,
        {"naam": "Dirk", "telefoon": "06-00000017"},
        "Ik krijg steeds meer rekeningen en durf de post niet meer open te maken.",
        {"kern": "dinxperlo", "domeinen": ["werk-en-inkomen"], "contactvoorkeur": "telefoon"},
    ),
    (
        "telefoon-johan",
        6,
        Kanaal.TELEFOON,
        "medewerker",
        {"naam": "Johan Bulten", "telefoon": "0543-000099", "geboortedatum": "1949-07-02"},
        "Mijn vrouw is overleden en ik weet niet hoe het met de rekeningen en de post moet.",
        {
            "kern": "aalten",
            "domeinen": ["werk-en-inkomen", "welzijn"],
            "afspraak": ("Terugbellen over de bijzondere bijstand", 2),
        },
    ),
    (
        "veiligheid-dinxperlo",
        0,
        Kanaal.INLOOP_DINXPERLO,
        "medewerker-3",
        {"naam": "Sarah de Wit", "telefoon": "06-00000023"},
        "Mijn partner wordt snel boos; de kinderen zijn bang. Ik weet niet waar ik heen moet.",
        {
            "kern": "dinxperlo",
            "domeinen": ["veiligheid"],
            "veiligheid": True,
            # Veilig contact: the case page and the call-back show how to reach her safely.
            "veilig_contact": {
                "geen_post": True,
                "geen_voicemail": True,
                "email": "geen",
                "dagdelen": ["ochtend"],
                "codewoord": "Lavendel",
                "notitie": "Mijn partner is 's middags thuis.",
            },
        },
    ),
    (
        "afgerond-henk",
        20,
        Kanaal.TELEFOON,
        "medewerker",
        {"naam": "Henk ten Dam", "telefoon": "06-00000031"},
        "Ik zit veel alleen sinds ik gestopt ben met werken. Is er iets in de buurt?",
        {
            "kern": "lintelo",
            "domeinen": ["meedoen"],
            "sluit": (Route.SOCIALE_BASIS, "Samen met Henk de koffieochtend in Lintelo bezocht."),
        },
    ),
    (
        "balie-mirjam",
        3,
        Kanaal.BALIE_HOFSTRAAT,
        "medewerker-2",
        {"naam": "Mirjam Hoftijzer", "telefoon": "06-00000047", "email": "mirjam@example.org"},
        "Ik zorg voor mijn moeder met dementie en ik kan het niet meer alleen.",
        {"kern": "aalten", "domeinen": ["zorg", "welzijn"]},
    ),
]

# (key of the case, receiver, aanbod name or None, summary, what was done, steps taken since)
# Figulus's demo user finds one new referral and one in progress; the maatwerkteam Wmo
# (Peter, medewerker-3) one to accept at /balie/.
DOORVERWIJZINGEN = [
    (
        "telefoon-johan",
        "figulus",
        "Maatjesproject",
        "Meneer Bulten is kort geleden weduwnaar geworden en zit veel alleen. Hij zoekt iemand "
        "om mee te praten en af en toe mee op pad te gaan.",
        "Bijzondere bijstand voor de uitvaartkosten loopt via de gemeente.",
        [],
    ),
    (
        "balie-mirjam",
        "figulus",
        "Mantelzorgondersteuning",
        "Mevrouw zorgt dagelijks voor haar moeder met dementie en is uitgeput. Ze wil weten "
        "welke ondersteuning er is en wil graag met een mantelzorgconsulent praten.",
        "Informatie over respijtzorg meegegeven.",
        ["accepteer"],
    ),
    (
        "eerder-gerda",
        Team.MAATWERK_WMO,
        None,
        "Mevrouw kan na haar heupoperatie het huishouden niet meer doen. Graag een "
        "keukentafelgesprek voor huishoudelijke ondersteuning (Wmo).",
        "Tijdelijk hulp van haar dochter geregeld.",
        [],
    ),
]


def _doorverwijzingen(gebruikers: dict) -> int:
    nieuw = 0
    for sleutel, ontvanger, aanbod_naam, samenvatting, al_gedaan, stappen in DOORVERWIJZINGEN:
        inzending = uuid.uuid5(NAAMRUIMTE, f"doorverwijzing-{sleutel}")
        if Doorverwijzing.objects.filter(inzending=inzending).exists():
            continue
        hulpvraag = Hulpvraag.objects.get(inzending=uuid.uuid5(NAAMRUIMTE, sleutel))
        door = hulpvraag.vast_aanspreekpunt
        if ontvanger in Team.values:
            velden = {"team": ontvanger}
        else:
            organisatie = Organisatie.objects.get(slug=ontvanger)
            velden = {
                "organisatie": organisatie,
                "aanbod": Aanbod.objects.filter(organisatie=organisatie, naam=aanbod_naam).first(),
                "grondslag": Grondslag.TOESTEMMING,
                "toestemming_op": timezone.localdate(hulpvraag.aangemaakt),
                "toestemming_wijze": Toestemmingswijze.MONDELING,
                "gegevens": [Gegevenscategorie.NAAM, Gegevenscategorie.TELEFOON],
            }
        verwijzing, created = doorverwijzing_maken(
            hulpvraag=hulpvraag,
            door=door,
            versturen=True,
            inzending=inzending,
            samenvatting=samenvatting,
            al_gedaan=al_gedaan,
            contactvoorkeur="Bellen, liefst in de ochtend",
            **velden,
        )
        nieuw += created
        if "accepteer" in stappen:
            doorverwijzing_accepteren(doorverwijzing=verwijzing, door=gebruikers["partner-figulus"])
    return nieuw


def _signaal(gebruikers: dict) -> int:
    _, nieuw = signaal_doorgeven(
        door=gebruikers["partner-laborijn"],
        inwoner={"naam": "Kevin Lammers", "telefoon": "06-00000053"},
        vraag=(
            "Kevin (23) is gestopt met zijn traject bij ons. Hij lijkt somber, heeft "
            "huurachterstand en zegt dat hij 'het allemaal niet meer overziet'."
        ),
        toestemming_wijze=Toestemmingswijze.MONDELING,
        inzending=uuid.uuid5(NAAMRUIMTE, "signaal-laborijn-kevin"),
        levensdomeinen=Levensdomein.objects.filter(slug__in=["werk-en-inkomen", "welzijn"]),
        kern="aalten",
    )
    return int(nieuw)


@transaction.atomic
def load(gebruikers: dict) -> int:
    """Create the demo hulpvragen that are not there yet; returns how many are new."""
    nieuw = 0
    for sleutel, geleden, kanaal, door_naam, inwoner, vraag, extra in HULPVRAGEN:
        inzending = uuid.uuid5(NAAMRUIMTE, sleutel)
        if Hulpvraag.objects.filter(inzending=inzending).exists():
            continue
        door = gebruikers.get(door_naam) if door_naam else None
        inwoner = dict(inwoner)
        if "geboortedatum" in inwoner:
            inwoner["geboortedatum"] = date.fromisoformat(inwoner["geboortedatum"])
        hulpvraag, created = hulpvraag_indienen(
            inwoner=inwoner,
            vraag=vraag,
            kanaal=kanaal,
            inzending=inzending,
            door=door,
            levensdomeinen=Levensdomein.objects.filter(slug__in=extra.get("domeinen", [])),
            veiligheid=extra.get("veiligheid", False),
            veilig_contact=extra.get("veilig_contact"),
            kern=extra.get("kern", ""),
            contactvoorkeur=extra.get("contactvoorkeur", ""),
            toestemming_delen=True,
            aangemaakt=_om(_werkdagen_terug(geleden)),
        )
        nieuw += created
        if afspraak := extra.get("afspraak"):
            wat, te_laat = afspraak
            hulpvraag.afspraak_maken(
                door=door,
                wat=wat,
                deadline=_werkdagen_terug(te_laat),
                eigenaar_soort=Afspraak.Eigenaar.MEDEWERKER,
                eigenaar=door,
            )
        if sluiten := extra.get("sluit"):
            route, uitkomst = sluiten
            hulpvraag_sluiten(hulpvraag=hulpvraag, door=door, route=route, uitkomst=uitkomst)
    _doorverwijzingen(gebruikers)
    nieuw += _signaal(gebruikers)
    _terugbellen()
    _bezoekafspraken()
    return nieuw


def _terugbellen() -> None:
    """A resident who asked on the website to be called back in the first window the front
    door offers: the Terugbellen queue at /balie/ has a row (once; none without openings)."""
    vensters = terugbelvensters()
    if not vensters:
        return
    terugbelverzoek_indienen(
        venster=vensters[0],
        telefoon="06 23456789",
        naam="Hennie Wikkerink",
        notitie="Ik wil graag iemand spreken over de mantelzorg voor mijn moeder.",
        via=Terugbelverzoek.Via.WEBSITE,
        inzending=uuid.uuid5(NAAMRUIMTE, "terugbellen-hennie"),
    )


# Residents of the demo cases who booked a visit on the website, joining their open case by
# number: (location, which free time, name, number, e-mail, about).
BEZOEKAFSPRAKEN = [
    ("hofstraat", 0, "Johan Bulten", "0543-000099", "", "Mijn papieren voor de Wmo meenemen."),
    ("hofstraat", 3, "Mirjam Hoftijzer", "06-00000047", "mirjam@example.org", "Over de huur."),
    ("dinxperlo", 0, "Sarah de Wit", "06-00000023", "", "Samen het formulier invullen."),
]


def _bezoekafspraken() -> None:
    """A few appointments in the first free times of the Hofstraat and Dinxperlo, so the
    day agenda at /balie/afspraken/ has rows (once each; none without a rota). They join
    the residents' open cases: the queues stay as they are."""
    for slug, keuze, naam, telefoon, email, notitie in BEZOEKAFSPRAKEN:
        inzending = uuid.uuid5(NAAMRUIMTE, f"bezoekafspraak-{slug}-{keuze}")
        locatie = Toegangslocatie.objects.filter(slug=slug).first()
        if locatie is None or Bezoekafspraak.objects.filter(inzending=inzending).exists():
            continue
        vrij = vrije_tijdvakken(locatie)
        if len(vrij) <= keuze:
            continue
        bezoekafspraak_boeken(
            locatie=locatie,
            start=vrij[keuze].start,
            telefoon=telefoon,
            naam=naam,
            email=email,
            notitie=notitie,
            inzending=inzending,
        )
