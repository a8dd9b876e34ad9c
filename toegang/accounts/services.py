from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail

from .models import Bericht, User


def bericht_sturen(
    *, ontvangers: Iterable[User], onderwerp: str, tekst: str, link: str = ""
) -> int:
    """Leave an in-app message for each recipient and e-mail those with an address.

    Callers make sure it runs once (claim the work first); this function does not dedupe.
    """
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
