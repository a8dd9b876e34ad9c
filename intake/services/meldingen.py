"""What the intake flows share when they tell someone something: the absolute link in an
e-mail, and the groups that are told.

Texts are written once each in a template of their own (toegang.berichten's
bericht_uit_sjabloon and mail_uit_sjabloon read them): templates/intake/meldingen/ for the
in-app messages to staff and partners, whose e-mail copy leaves out what is marked
`in_mail`, and templates/emails/ for the e-mails to residents. Texts are plain (autoescape
off): an in-app message is escaped where a page shows it. A message to staff or a partner
never names the resident; its link leads to the case, behind the login.
"""

from django.conf import settings

from toegang.accounts.models import User
from toegang.accounts.roles import MAATWERK, Rol
from toegang.berichten.services import mail_sturen, mail_uit_sjabloon


def absoluut(pad: str) -> str:
    """A path of this site as a link in an e-mail."""
    return f"{settings.SITE_URL}{pad}"


def inwoner_mailen(hulpvraag, sjabloon: str, *, sleutel: str, aan: str | None = None, **context):
    """The one way an e-mail about a case reaches its resident: at most once per `sleutel`,
    to their address (or `aan`, the address a call-back left), written in the language they
    asked in (`Hulpvraag.taal`), with `hulpvraag` in the template's context. True when the
    mail was queued now."""
    return mail_sturen(
        aan=hulpvraag.inwoner.email if aan is None else aan,
        sleutel=sleutel,
        **mail_uit_sjabloon(sjabloon, taal=hulpvraag.taal, hulpvraag=hulpvraag, **context),
    )


def coordinatoren() -> list[User]:
    return list(User.objects.filter(is_active=True, rol=Rol.COORDINATOR))


def maatwerkteam() -> list[User]:
    return list(User.objects.filter(is_active=True, team__in=MAATWERK))
