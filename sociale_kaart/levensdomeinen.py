"""The life domains the council named (plus wonen and veiligheid), in B1 Dutch.

Seeded by migration 0002 so every installation starts with them; the beheerder may change
the wording later. `seed()` only adds what is missing.
"""

LEVENSDOMEINEN = [
    (
        "zorg",
        "Zorg",
        "Hulp bij ziekte, beperking of ouder worden. Ook als u voor iemand zorgt.",
        "Misschien gaat het thuis niet meer zo goed. Of u zorgt voor iemand en het wordt u te veel. "
        "Wij kijken samen met u wat u zelf kunt, wat mensen om u heen kunnen doen, en welke hulp er is. "
        "Bijvoorbeeld hulp in het huishouden, een hulpmiddel of steun voor mantelzorgers.",
        "Ik kan mijn huis niet meer schoonhouden.\nIk zorg voor mijn partner en ben erg moe.\n"
        "Ik heb een rolstoel of een aanpassing in huis nodig.",
        "wmo, mantelzorg, huishoudelijke hulp, hulpmiddel, thuiszorg",
    ),
    (
        "welzijn",
        "Welzijn",
        "Als u zich niet goed voelt, eenzaam bent of iemand wilt ontmoeten.",
        "Iedereen heeft wel eens een periode dat het niet lekker gaat. Misschien voelt u zich alleen, "
        "of zit u niet goed in uw vel. Wij denken met u mee. Vaak is er dichtbij al iets te doen: "
        "een ontmoetingsplek, een maatje of een gesprek met een welzijnswerker.",
        "Ik voel me vaak alleen.\nIk wil graag andere mensen ontmoeten.\nIk maak me veel zorgen.",
        "eenzaam, eenzaamheid, ontmoeting, maatje, somber",
    ),
    (
        "opvoeden-en-opgroeien",
        "Opvoeden en opgroeien",
        "Vragen over kinderen, jongeren en het gezin.",
        "Opvoeden is niet altijd makkelijk. Heeft u vragen over de ontwikkeling van uw kind, over school, "
        "of gaat het thuis niet goed? Ook jongeren zelf kunnen bij ons terecht. Samen zoeken we naar "
        "wat helpt.",
        "Mijn kind gaat niet meer naar school.\nWe hebben veel ruzie thuis.\n"
        "Ik maak me zorgen over de ontwikkeling van mijn kind.",
        "jeugd, kinderen, gezin, opvoedvragen, school",
    ),
    (
        "zingeving",
        "Zingeving",
        "Als u zoekt naar houvast, na verlies of bij grote veranderingen.",
        "Soms verandert het leven ineens: door een verlies, ziekte of een scheiding. Dan kunt u vragen "
        "hebben over wat u nog belangrijk vindt. Praten helpt. Wij brengen u in contact met mensen "
        "die naar u luisteren.",
        "Mijn partner is overleden en ik weet niet hoe verder.\nIk zoek houvast.",
        "rouw, verlies, levensvragen, geestelijke verzorging",
    ),
    (
        "werk-en-inkomen",
        "Werk en inkomen",
        "Hulp bij werk zoeken, geldzorgen, schulden of een uitkering.",
        "Heeft u geldzorgen of schulden? Of zoekt u werk? Wacht niet te lang, dan is er vaak meer "
        "mogelijk. Wij helpen u met uw administratie, regelingen zoals de Meedoenregeling, "
        "schuldhulpverlening en het vinden van werk dat bij u past.",
        "Ik kan mijn rekeningen niet meer betalen.\nIk zoek werk.\nIk snap de brieven niet die ik krijg.",
        "geldzorgen, schulden, armoede, uitkering, bijstand, schuldhulp, participatie",
    ),
    (
        "meedoen",
        "Meedoen",
        "Vrijwilligerswerk, dagbesteding of ergens bij horen.",
        "Meedoen in de buurt of in het dorp is fijn en gezond. Wilt u vrijwilligerswerk doen, zoekt u "
        "een zinvolle dagbesteding, of wilt u meedoen maar lukt dat niet goed? Wij kijken samen met "
        "u wat past.",
        "Ik wil graag vrijwilligerswerk doen.\nIk zoek iets zinvols om overdag te doen.",
        "vrijwilligerswerk, dagbesteding, participatie, buurt",
    ),
    (
        "sport-en-cultuur",
        "Sport en cultuur",
        "Sporten, muziek of creatief bezig zijn, ook als dat duur is.",
        "Sporten en cultuur maken het leven leuker. Is het lastig om mee te doen, bijvoorbeeld door "
        "geld of een beperking? Er zijn regelingen en clubs die helpen. Wij vertellen u welke.",
        "Mijn kind wil op voetbal, maar dat kunnen we niet betalen.\nIk zoek een sport die ik met mijn "
        "beperking kan doen.",
        "sport, cultuur, muziek, vereniging, jeugdfonds",
    ),
    (
        "wonen",
        "Wonen",
        "Vragen over uw huis, huur, verhuizen of een aanpassing in huis.",
        "Een goed en veilig huis is belangrijk. Heeft u vragen over uw woning, de huur, verhuizen, of "
        "kunt u niet meer goed in uw huis wonen? Wij helpen u verder of brengen u in contact met "
        "de juiste organisatie.",
        "Ik dreig mijn huis kwijt te raken.\nMijn huis is niet meer geschikt voor mij.",
        "huur, huurachterstand, woning, verhuizen, woningaanpassing",
    ),
    (
        "veiligheid",
        "Veiligheid",
        "Als u zich thuis niet veilig voelt, of zich zorgen maakt om iemand.",
        "Voelt u zich thuis niet veilig, of maakt u zich zorgen over iemand anders? Praat erover. "
        "Wij nemen u serieus en helpen direct. Bij acuut gevaar belt u altijd 112. "
        "Veilig Thuis is dag en nacht bereikbaar op 0800-2000 (gratis).",
        "Ik word thuis bedreigd.\nIk maak me zorgen om de kinderen van de buren.",
        "huiselijk geweld, kindermishandeling, onveilig, veilig thuis",
    ),
]


def seed(model) -> None:
    """Add the missing domains; `model` is Levensdomein (or its historical version)."""
    for volgorde, (slug, naam, samenvatting, uitleg, voorbeelden, zoekwoorden) in enumerate(
        LEVENSDOMEINEN, start=1
    ):
        model.objects.get_or_create(
            slug=slug,
            defaults={
                "naam": naam,
                "samenvatting": samenvatting,
                "uitleg": uitleg,
                "voorbeelden": voorbeelden,
                "zoekwoorden": zoekwoorden,
                "volgorde": volgorde,
            },
        )
