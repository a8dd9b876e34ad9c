"""Demo hulpvragen for `manage.py demo_data`: something in every queue of /balie/.

Residents, phone numbers and e-mail addresses are fictional. Each demo question has a fixed
`inzending` id, so loading twice finds the same rows and adds nothing.

To demo matching at /balie/nieuw/: register a question with telefoon 06-12345678 (or
+31 6 1234 5678): Gerda Klein Gunnewiek's earlier case appears.
"""

import uuid
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from locaties import openingstijden
from sociale_kaart.models import Levensdomein

from .models import Afspraak, Hulpvraag, Kanaal, Route
from .services import hulpvraag_indienen

NAAMRUIMTE = uuid.UUID("6f1c1d0e-3a55-4c55-9a8e-2b1d0c0e7a11")


def _werkdagen_terug(aantal: int):
    dag = timezone.localdate()
    while aantal > 0:
        dag -= timedelta(days=1)
        if openingstijden.is_werkdag(dag):
            aantal -= 1
    return dag


def _om(dag, uur: int = 10):
    return timezone.make_aware(datetime.combine(dag, time(uur, 0)))


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
        {"kern": "dinxperlo", "domeinen": ["veiligheid"], "veiligheid": True},
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
]


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
            hulpvraag.sluit(door=door, route=route, uitkomst=uitkomst)
    return nieuw
