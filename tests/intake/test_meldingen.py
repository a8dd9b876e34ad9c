"""Messages to staff and partners: free text typed about a case (a reason, a question, an
outcome, a commitment) may name the resident, so it stays in the portal; the e-mail copy
says that there is a message and links to it."""

from types import SimpleNamespace

import pytest
from django.utils import timezone

from toegang.berichten.services import bericht_uit_sjabloon

GEHEIM = "Gerda Wolters heeft een schuld bij de Rabobank"

afspraak = SimpleNamespace(
    wat=GEHEIM,
    hulpvraag=SimpleNamespace(referentie="TA-2027-00001"),
    eigenaar_tekst="Anna",
    deadline=timezone.localdate(),
)


@pytest.mark.parametrize(
    ("sjabloon", "context"),
    [
        ("afspraak_herinnering", {"afspraak": afspraak, "wanneer": "vandaag"}),
        ("afspraak_te_laat", {"afspraak": afspraak}),
        ("doorverwijzing_afgerond", {"uitkomst": GEHEIM}),
        ("doorverwijzing_afgewezen", {"reden": GEHEIM}),
        ("doorverwijzing_teruggestuurd", {"vraag": GEHEIM}),
        ("doorverwijzing_ingetrokken", {"reden": GEHEIM}),
    ],
)
def test_free_text_is_in_the_message_but_never_in_its_e_mail_or_subject(sjabloon, context):
    bericht = bericht_uit_sjabloon(
        f"intake/meldingen/{sjabloon}.txt", naam="Figulus", referentie="TA-2027-00001", **context
    )
    assert GEHEIM in bericht["tekst"]
    assert GEHEIM not in bericht["mailtekst"]
    assert GEHEIM not in bericht["onderwerp"]
    assert bericht["mailtekst"]  # the e-mail still says what happened
