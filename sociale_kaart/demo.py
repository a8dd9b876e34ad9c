"""Demo organisations for `manage.py demo_data`: real names, plainly fictional contact details."""

from .models import Levensdomein, Organisatie

ORGANISATIES = [
    {
        "slug": "figulus",
        "naam": "Figulus Welzijn",
        "beschrijving": "Welzijnswerk in de Achterhoek: ontmoeting, vrijwilligerswerk, mantelzorgondersteuning en ouderenwerk.",
        "domeinen": ["welzijn", "zingeving", "meedoen", "sport-en-cultuur", "zorg"],
    },
    {
        "slug": "laborijn",
        "naam": "Laborijn",
        "beschrijving": "Helpt inwoners aan werk en voert de Participatiewet uit, ook voor uitkeringen.",
        "domeinen": ["werk-en-inkomen", "meedoen"],
    },
    {
        "slug": "ggd-noord-en-oost-gelderland",
        "naam": "GGD Noord- en Oost-Gelderland",
        "beschrijving": "Jeugdgezondheidszorg, opvoedvragen en gezondheid van inwoners.",
        "domeinen": ["zorg", "opvoeden-en-opgroeien"],
    },
    {
        "slug": "ondersteuningsteam-aalten",
        "naam": "Ondersteuningsteam Aalten",
        "beschrijving": "Het team van de gemeente voor Wmo, jeugdhulp en ondersteuning thuis.",
        "domeinen": ["zorg", "opvoeden-en-opgroeien", "veiligheid", "wonen"],
    },
]


def load() -> dict[str, Organisatie]:
    domeinen = {d.slug: d for d in Levensdomein.objects.all()}
    organisaties = {}
    for nummer, data in enumerate(ORGANISATIES):
        organisatie, created = Organisatie.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "naam": data["naam"],
                "beschrijving": data["beschrijving"],
                "website": f"https://{data['slug']}.example.org/",
                "email": f"info@{data['slug']}.example.org",
                "telefoon": f"0543-00001{nummer}",
                "is_partner": True,
            },
        )
        if created:
            organisatie.levensdomeinen.set(
                [domeinen[slug] for slug in data["domeinen"] if slug in domeinen]
            )
        organisaties[data["slug"]] = organisatie
    return organisaties
