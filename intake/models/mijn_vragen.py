"""Mijn vragen: a resident sees all their open and recent questions in one place, without an
account. Two ways in: a one-time link mailed to the e-mail address they used
(`Inloglink`), or DigiD through the municipality's OIDC broker (`bsn_sleutel`, the keyed
hash a question asked after a DigiD login carries as `Hulpvraag.digid_sleutel`).

Only a hash of a link's token is stored (like a password): a copy of the database opens
nobody's questions. The BSN is never stored at all, only its keyed hash.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .hulpvraag import STATUS_GELDIG_NA_AFSLUITEN, Hulpvraag, Status

__all__ = [
    "INLOGLINK_GELDIG",
    "Inloglink",
    "bsn_sleutel",
    "elfproef",
    "mijn_vragen_van",
]

# A link in the mail works this long, once.
INLOGLINK_GELDIG = timedelta(minutes=30)


def _token_hash(token: str) -> str:
    # The token has 256 random bits: a plain SHA-256 cannot be brute-forced, no salt needed.
    return hashlib.sha256(token.encode()).hexdigest()


class Inloglink(models.Model):
    """A one-time link to Mijn vragen, mailed to the e-mail address a resident used.

    `email` is what the link opens: the questions of that address at the moment it is used
    (a question registered at the counter in the meantime included). The row is removed by
    the nightly retention job once it is a day old (intake/services/bewaren.py)."""

    class Weigering(models.TextChoices):
        ONBEKEND = "onbekend", "onbekende of beschadigde link"
        GEBRUIKT = "gebruikt", "link al gebruikt"
        VERLOPEN = "verlopen", "link verlopen"

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    email = models.EmailField("e-mail", editable=False)
    aangemaakt = models.DateTimeField(default=timezone.now, editable=False)
    gebruikt_op = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "inloglink Mijn vragen"
        verbose_name_plural = "inloglinks Mijn vragen"
        indexes = [models.Index(fields=["aangemaakt"], name="inloglink_aangemaakt")]

    def __str__(self):
        return f"Inloglink {self.pk}"

    @classmethod
    def maken(cls, *, email: str) -> tuple[Inloglink, str]:
        """A new link for `email`; returns the row and the token (which only the mail
        holds from now on)."""
        token = secrets.token_urlsafe(32)
        return cls.objects.create(token_hash=_token_hash(token), email=email), token

    @property
    def verloopt_op(self):
        return self.aangemaakt + INLOGLINK_GELDIG

    @classmethod
    def gebruiken(cls, token: str) -> tuple[Inloglink | None, str]:
        """Use the link once: (link, "") the first time within INLOGLINK_GELDIG, else
        (link or None, the reason: a Weigering). A conditional UPDATE claims it, so two
        requests at once cannot both open it."""
        nu = timezone.now()
        sleutel = _token_hash(token)
        geclaimd = cls.objects.filter(
            token_hash=sleutel, gebruikt_op__isnull=True, aangemaakt__gt=nu - INLOGLINK_GELDIG
        ).update(gebruikt_op=nu)
        link = cls.objects.filter(token_hash=sleutel).first()
        if geclaimd:
            return link, ""
        if link is None:
            return None, cls.Weigering.ONBEKEND
        if link.gebruikt_op is not None:
            return link, cls.Weigering.GEBRUIKT
        return link, cls.Weigering.VERLOPEN


# --- DigiD -------------------------------------------------------------------------------


def elfproef(bsn: str) -> bool:
    """A BSN is nine digits whose weighted sum (9..2, and -1 for the last) is a multiple of
    11 (and not 0). Eight digits are read with a leading zero, as the BSN allows."""
    if not isinstance(bsn, str) or not bsn.isascii() or not bsn.isdigit():
        return False
    if len(bsn) == 8:
        bsn = "0" + bsn
    if len(bsn) != 9:
        return False
    som = sum(int(c) * w for c, w in zip(bsn[:8], range(9, 1, -1), strict=True)) - int(bsn[8])
    return som != 0 and som % 11 == 0


def bsn_sleutel(bsn: str) -> str:
    """The keyed hash (HMAC-SHA256 with DIGID_BSN_SLEUTEL) that finds a resident's questions
    again; without that secret nobody can work back from it to the BSN (there are only a
    billion BSNs, so a plain hash could be)."""
    geheim = settings.DIGID_BSN_SLEUTEL
    if not geheim:
        raise ImproperlyConfigured("DIGID_BSN_SLEUTEL is nodig om met DigiD in te loggen.")
    if len(bsn) == 8:
        bsn = "0" + bsn
    return hmac.new(geheim.encode(), bsn.encode(), hashlib.sha256).hexdigest()


def mijn_vragen_van(*, email: str = "", digid_sleutel: str = "", ids=()):
    """The questions Mijn vragen shows: of this e-mail address (online and at the counter
    alike, whichever resident record holds it), of this DigiD login, or among `ids` (what a
    link opened); open, or closed for less time than the status page works
    (STATUS_GELDIG_NA_AFSLUITEN); never anonymised."""
    wie = Q(pk__in=list(ids))
    if email.strip():
        wie |= Q(inwoner__email__iexact=email.strip())
    if digid_sleutel:
        wie |= Q(digid_sleutel=digid_sleutel)
    recent = ~Q(status=Status.AFGEROND) | Q(
        afgesloten_op__gt=timezone.now() - STATUS_GELDIG_NA_AFSLUITEN
    )
    return Hulpvraag.objects.filter(wie, recent, geanonimiseerd_op__isnull=True)
