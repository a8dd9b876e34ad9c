"""Personal data in free text: found and masked before anything is stored or logged.

The one home of the patterns: the log filter (toegang.logfilter) hides e-mail addresses and
phone numbers with them, and text residents type where no personal data is asked (a search,
the "Vond u wat u zocht?" remark) is masked with `maskeren` before it is stored. A mask names
what it hid ("[telefoon]"), so a beheerder reading it still understands the question.

What is found: e-mail addresses (also "naam (at) domein.nl"), IBANs, phone numbers (Dutch,
and international ones written with + or 00), a BSN after the word ("mijn bsn is …", "bsn:
…"), numbers of eight or nine digits (BSN-like), a postcode (with the house number after it),
a date (of birth), and any other number of seven digits or more. Names cannot be found this
way; no pattern pretends to.
"""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# "jan (at) voorbeeld.nl", "jan[at]voorbeeld.nl": written so a filter would miss it.
_EMAIL_OMSCHREVEN = re.compile(
    r"[\w.+-]+\s*(?:\(at\)|\[at\]|\{at\}|\s+at\s+)\s*[\w-]+(?:\s*(?:\.|\(dot\)|\[dot\]|\s+punt\s+)\s*[\w-]+)+",
    re.IGNORECASE,
)
# Dutch numbers: 0 or +31/0031 and nine more digits, with spaces or dashes anywhere.
TELEFOON = re.compile(r"(?<![\w.:])(?:\+31|0031|0)[\s-]?(?:\d[\s-]?){8}\d(?![\d])")
# Other countries: + or 00, then eight to fifteen digits with spaces, dashes or brackets.
_TELEFOON_INTERNATIONAAL = re.compile(r"(?<![\w+])(?:\+|00)\d(?:[\s\-()]{0,2}\d){7,14}(?!\d)")
IBAN = re.compile(r"\b[a-z]{2}\d{2}(?:\s?[a-z0-9]{4}){2,7}(?:\s?[a-z0-9]{1,3})?\b", re.IGNORECASE)
# "mijn bsn is 123 456 789", "BSN: 12345678", "burgerservicenummer 1234…": whatever digits
# follow the word.
_BSN_NA_WOORD = re.compile(
    r"\b(bsn|burger\s*service\s*nummer|sofi[\s-]*nummer)((?:\s*(?:nummer|nr\.?|is|:|=|-))*\s*)"
    r"\d(?:[\s.\-]?\d)*",
    re.IGNORECASE,
)
_BSN = re.compile(r"(?<![\d\w])\d(?:[\s.\-]?\d){7,8}(?![\d\w])")
# 7121 AB (with a space only in capitals: "2024 en" is a year and a word), with the house
# number after it.
_POSTCODE = re.compile(
    r"(?<![\d\w])[1-9]\d{3}(?:[a-zA-Z]{2}|\s[A-Z]{2})(?![\w])(?:[\s,]*\d{1,5}(?:\s?[a-zA-Z])?(?![\w]))?"
)
_DATUM = re.compile(r"(?<![\d\w])\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}(?!\d)")
_NUMMER = re.compile(r"(?<![\d\w])\d(?:[\s.\-]?\d){6,}(?!\d)")

# In this order: a pattern later in the list never sees what an earlier one masked.
MASKERS = (
    ("e-mail", EMAIL),
    ("e-mail", _EMAIL_OMSCHREVEN),
    ("iban", IBAN),
    ("telefoon", _TELEFOON_INTERNATIONAAL),
    ("telefoon", TELEFOON),
    ("bsn", _BSN_NA_WOORD),
    ("datum", _DATUM),
    ("bsn", _BSN),
    ("postcode", _POSTCODE),
    ("nummer", _NUMMER),
)
# What a resident is asked not to leave in a remark (nobody calls or mails back from it).
CONTACTGEGEVENS = frozenset({"e-mail", "telefoon"})


def _vervanging(soort: str, patroon: re.Pattern):
    if patroon is _BSN_NA_WOORD:
        return lambda m: f"{m[1]}{m[2].rstrip()} [{soort}]"
    return f"[{soort}]"


def maskeren(tekst: str) -> str:
    """The text with every piece of personal data these patterns know replaced by its kind:
    'bel 06-12345678' → 'bel [telefoon]'."""
    for soort, patroon in MASKERS:
        tekst = patroon.sub(_vervanging(soort, patroon), tekst)
    return tekst


def gevonden(tekst: str) -> set[str]:
    """The kinds of personal data in the text ({'telefoon', 'e-mail'}), empty when none."""
    soorten = set()
    for soort, patroon in MASKERS:
        if patroon.search(tekst):
            soorten.add(soort)
            tekst = patroon.sub(" ", tekst)
    return soorten
