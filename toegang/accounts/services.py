from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail, send_mass_mail
from django.db import transaction

from .models import Bericht, User, Verzending


def eenmalig(sleutel: str) -> bool:
    """Claim the work named by `sleutel`; True only for the first caller, ever.

    Runs in the caller's transaction: when that rolls back, so does the claim.
    """
    with transaction.atomic():
        _, nieuw = Verzending.objects.get_or_create(sleutel=sleutel[:200])
    return nieuw


def bericht_sturen(
    *,
    ontvangers: Iterable[User],
    onderwerp: str,
    tekst: str,
    link: str = "",
    sleutel: str | None = None,
) -> int:
    """Leave an in-app message for each recipient and e-mail those with an address.

    With a `sleutel` it happens at most once for that key (see `eenmalig`); without one the
    caller has claimed the work itself. Returns how many recipients got the message.
    """
    if sleutel is not None and not eenmalig(sleutel):
        return 0
    ontvangers = list(ontvangers)
    Bericht.objects.bulk_create(
        Bericht(ontvanger=user, onderwerp=onderwerp, tekst=tekst, link=link) for user in ontvangers
    )
    volledige_link = f"\n\n{settings.SITE_URL}{link}" if link else ""
    send_mass_mail(
        [
            (onderwerp, tekst + volledige_link, settings.DEFAULT_FROM_EMAIL, [user.email])
            for user in ontvangers
            if user.email
        ],
        fail_silently=False,
    )
    return len(ontvangers)


def mail_sturen(*, aan: str, onderwerp: str, tekst: str, sleutel: str | None = None) -> bool:
    """One e-mail to someone without an account (a resident), at most once per `sleutel`."""
    if not aan or (sleutel is not None and not eenmalig(sleutel)):
        return False
    send_mail(onderwerp, tekst, settings.DEFAULT_FROM_EMAIL, [aan], fail_silently=False)
    return True
