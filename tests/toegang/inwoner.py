"""A resident asks a question online through the real form, as the outage tests need it."""

import re


def online_vraag_stellen(client, vraag: str) -> tuple[object, str]:
    """GET the form (for its inzending id), POST it filled in; the answer and the id."""
    formulier = client.get("/hulpvraag/").content.decode()
    inzending = re.search(r'name="inzending" value="([0-9a-f-]{36})"', formulier)[1]
    antwoord = client.post(
        "/hulpvraag/",
        {
            "vraag": vraag,
            "naam": "Anna de Vries",
            "contactvoorkeur": "email",
            "email": "anna@example.org",
            "telefoon": "",
            "contacttijd": "ochtend",
            "toestemming_inzien": "on",
            "inzending": inzending,
            "website": "",
        },
    )
    return antwoord, inzending
