"""Veilig contact in the flow: every e-mail to a resident goes through `inwoner_mailen`, which
asks the one rule (intake.models.contact_toegestaan) first. A mail the wishes forbid is not
sent, and the case's timeline says why, once per mail (its key is claimed as if sent, so a
task that runs again neither sends it nor writes the line twice). The line names the kind of
message and the wish, never the code word."""

from __future__ import annotations

from django.db import transaction

from toegang.berichten.services import Bijlage, eenmalig, mail_sturen, mail_uit_sjabloon

from ..models import Berichtsoort, Contactweg, Gebeurtenis, Hulpvraag, contact_toegestaan


@transaction.atomic
def email_geweigerd(*, hulpvraag: Hulpvraag, soort: str, sleutel: str) -> bool:
    """True when veilig contact forbids an e-mail of `soort` to this resident; the first time
    for `sleutel` the timeline says why. For a caller that must know before it prepares the
    mail (a survey invitation); everyone else calls `inwoner_mailen`."""
    oordeel = contact_toegestaan(hulpvraag, Contactweg.EMAIL, soort=soort)
    if oordeel:
        return False
    if eenmalig(sleutel):
        Gebeurtenis.objects.create(
            hulpvraag=hulpvraag,
            soort=Gebeurtenis.Soort.VEILIG_CONTACT,
            tekst=f"E-mail niet verstuurd ({Berichtsoort(soort).label}): {oordeel.reden}",
        )
    return True


def inwoner_mailen(
    *,
    hulpvraag: Hulpvraag,
    soort: str,
    sleutel: str,
    sjabloon: str,
    context: dict,
    aan: str = "",
    bijlage: Bijlage | None = None,
    taal: str = "",
    geheim: bool = False,
) -> bool:
    """The one way an e-mail about a case reaches its resident: to `aan` (the address a
    call-back or appointment left), else the address on file, from a template in
    templates/emails/ with `context` and `hulpvraag`, written in the language they asked in
    (`Hulpvraag.taal`; `taal` instead for a mail that answers what they asked just now, in
    the language of that page), at most once per `sleutel` — unless veilig contact forbids it
    (`email_geweigerd`). `geheim`: the text holds a key (a login link), which nobody reads in
    the outbox and which is wiped once sent. True when it went into the outbox now."""
    aan = aan or hulpvraag.inwoner.email
    if not aan or email_geweigerd(hulpvraag=hulpvraag, soort=soort, sleutel=sleutel):
        return False
    return mail_sturen(
        aan=aan,
        sleutel=sleutel,
        bijlage=bijlage,
        geheim=geheim,
        **mail_uit_sjabloon(
            sjabloon, taal=taal or hulpvraag.taal, **{"hulpvraag": hulpvraag, **context}
        ),
    )
