"""What the intake flows share when they tell someone something: the texts, each written
once in a template of its own, the absolute link in an e-mail, and the groups that are told.

Texts: templates/intake/meldingen/ for the in-app messages to staff and partners (also
e-mailed, inside emails/bericht.txt), templates/emails/ for the e-mails to residents. A
message template holds the subject on its first line and the text after the empty line
that follows it. Texts are plain (autoescape off): an in-app message is escaped where a page
shows it. A message to staff or a partner never names the resident; its link leads to the
case, behind the login.
"""

from django.conf import settings
from django.template.loader import render_to_string

from toegang.accounts.models import User
from toegang.accounts.roles import MAATWERK, Rol


def uit_sjabloon(sjabloon: str, **context) -> dict[str, str]:
    """The subject and text of one message, as keyword arguments for bericht_sturen,
    mail_sturen or a Melding."""
    onderwerp, _, tekst = render_to_string(sjabloon, context).partition("\n\n")
    return {"onderwerp": onderwerp.strip(), "tekst": tekst.strip()}


def absoluut(pad: str) -> str:
    """A path of this site as a link in an e-mail."""
    return f"{settings.SITE_URL}{pad}"


def coordinatoren() -> list[User]:
    return list(User.objects.filter(is_active=True, rol=Rol.COORDINATOR))


def maatwerkteam() -> list[User]:
    return list(User.objects.filter(is_active=True, team__in=MAATWERK))
