"""Demo sociale kaart for `manage.py demo_data`: real organisation names, fictional contacts."""

from datetime import time

from django.utils.text import slugify

from . import demo_aanbod as data
from .models import (
    Aanbod,
    AanbodOpVestiging,
    Doelgroep,
    Levensdomein,
    Organisatie,
    Synoniem,
    Vestiging,
    VestigingOpeningsregel,
)
from .zoeken import zoekindex_bijwerken

PARTNERS = {"figulus", "laborijn", "ggd-noord-en-oost-gelderland", "ondersteuningsteam-aalten"}
DOMEINEN_PER_ORGANISATIE = {
    "figulus": ["welzijn", "zingeving", "meedoen", "sport-en-cultuur", "zorg"],
    "laborijn": ["werk-en-inkomen", "meedoen"],
    "ggd-noord-en-oost-gelderland": ["zorg", "opvoeden-en-opgroeien"],
    "ondersteuningsteam-aalten": ["zorg", "opvoeden-en-opgroeien", "veiligheid", "wonen"],
}


def load() -> dict[str, Organisatie]:
    domeinen = {d.slug: d for d in Levensdomein.objects.all()}
    organisaties = {}
    for nummer, (slug, (naam, beschrijving)) in enumerate(data.ORGANISATIES.items()):
        organisatie, created = Organisatie.objects.get_or_create(
            slug=slug,
            defaults={
                "naam": naam,
                "beschrijving": beschrijving,
                "website": f"https://{slug}.example.org/",
                "email": f"info@{slug}.example.org",
                "telefoon": f"0543-0000{10 + nummer:02d}",
                "is_partner": slug in PARTNERS,
            },
        )
        if created:
            organisatie.levensdomeinen.set(
                [domeinen[d] for d in DOMEINEN_PER_ORGANISATIE.get(slug, []) if d in domeinen]
            )
        organisaties[slug] = organisatie
    return organisaties


# Whether some demo aanbod take new clients, as their organisation stated it: the counter's
# search and the referral form show it, and so does the public page.
CAPACITEIT = {
    "mantelzorgondersteuning": ("ja", None),
    "maatjesproject": ("wachtlijst", 6),
    "werk-zoeken-met-een-jobcoach": ("vol", None),
}


def load_aanbod(organisaties: dict[str, Organisatie]) -> int:
    """Doelgroepen, synonyms, vestigingen and the aanbod with opening hours; idempotent."""
    doelgroepen = {}
    for volgorde, (slug, naam) in enumerate(data.DOELGROEPEN):
        doelgroepen[slug], _ = Doelgroep.objects.get_or_create(
            slug=slug, defaults={"naam": naam, "volgorde": volgorde}
        )
    for term, betekent in data.SYNONIEMEN:
        Synoniem.objects.get_or_create(term=term, defaults={"betekent": betekent})
    vestigingen = {}
    for sleutel, (
        org,
        naam,
        straat,
        nummer,
        postcode,
        plaats,
        kern,
        toegankelijk,
    ) in data.VESTIGINGEN.items():
        vestigingen[sleutel], _ = Vestiging.objects.get_or_create(
            organisatie=organisaties[org],
            naam=naam,
            defaults={
                "straat": straat, "huisnummer": nummer, "postcode": postcode, "plaats": plaats,
                "kern": kern, "toegankelijkheid": toegankelijk,
            },
        )  # fmt: skip
    domeinen = {d.slug: d for d in Levensdomein.objects.all()}
    nieuw = []
    for (
        org,
        locaties,
        naam,
        kort,
        lang,
        doms,
        groepen,
        kosten,
        aanmelden,
        woorden,
        uren,
    ) in data.AANBOD:
        slug = slugify(naam)
        if Aanbod.objects.filter(slug=slug).exclude(organisatie=organisaties[org]).exists():
            slug = slugify(f"{naam} {org}")
        werkgebied, kernen, aan_huis = data.WERKGEBIEDEN.get(naam, ("vestigingen", [], False))
        aanbod, created = Aanbod.objects.get_or_create(
            slug=slug,
            defaults={
                "organisatie": organisaties[org], "naam": naam, "korte_beschrijving": kort,
                "beschrijving": lang, "kosten": kosten, "aanmelden": aanmelden, "zoekwoorden": woorden,
                "talen": ["nld"], "werkgebied": werkgebied, "werkgebied_kernen": kernen,
                "aan_huis": aan_huis,
            },
        )  # fmt: skip
        if not created:
            continue
        aanbod.levensdomeinen.set([domeinen[data.D[d]] for d in doms if data.D[d] in domeinen])
        aanbod.doelgroepen.set([doelgroepen[g] for g in groepen])
        if aanbod.slug in CAPACITEIT:
            capaciteit, weken = CAPACITEIT[aanbod.slug]
            aanbod.capaciteit_doorgeven(capaciteit=capaciteit, wachtlijst_weken=weken)
        for sleutel in locaties:
            koppeling = AanbodOpVestiging.objects.create(
                aanbod=aanbod, vestiging=vestigingen[sleutel]
            )
            VestigingOpeningsregel.objects.bulk_create(
                VestigingOpeningsregel(
                    aanbod_op_vestiging=koppeling, weekdag=dag, dagdeel=dagdeel,
                    start=time.fromisoformat(start), einde=time.fromisoformat(einde),
                )
                for dag, dagdeel, start, einde in uren
            )  # fmt: skip
        nieuw.append(aanbod.pk)
    if nieuw:
        zoekindex_bijwerken(aanbod_ids=nieuw)
    return len(nieuw)
