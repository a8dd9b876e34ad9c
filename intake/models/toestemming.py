"""Consent the resident can withdraw: from the moment a resident says so (on their status
page), no referral with their personal data goes to that organisation any more, for any of
their cases. What went before stays with the partner (it was shared lawfully); the partner is
told and the case shows it (intake/services/toestemming.py).

The rule that refuses such a referral lives here, `Toestemmingsintrekking.weigering`, and the
referral asks it in its own checks (Doorverwijzing.clean), so the form, a concept sent later
and a referral sent again after a question back are all refused the same way.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from .hulpvraag import Hulpvraag, Inwoner

__all__ = ["Toestemmingsintrekking"]


class Toestemmingsintrekking(models.Model):
    """The resident no longer allows their data to be shared with `organisatie`."""

    inwoner = models.ForeignKey(
        Inwoner, on_delete=models.CASCADE, related_name="toestemmingsintrekkingen"
    )
    organisatie = models.ForeignKey(
        "sociale_kaart.Organisatie",
        verbose_name="organisatie",
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The case on whose status page it was done (kept for the timeline and the logboek).
    hulpvraag = models.ForeignKey(
        Hulpvraag,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="toestemmingsintrekkingen",
    )
    op = models.DateTimeField("ingetrokken op", default=timezone.now)
    # Empty: the resident themselves, on their status page.
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "ingetrokken toestemming"
        verbose_name_plural = "ingetrokken toestemmingen"
        ordering = ["op", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["inwoner", "organisatie"], name="toestemming_een_intrekking"
            )
        ]

    def __str__(self):
        return f"{self.organisatie} {self.op:%d-%m-%Y}"

    @property
    def door_tekst(self) -> str:
        return self.door.weergavenaam if self.door_id else "de inwoner zelf"

    @classmethod
    def weigering(cls, *, inwoner_id: int, organisatie) -> str:
        """Why personal data of this resident may not go to `organisatie`, or "".

        Inside a transaction the resident's row is locked first: a withdrawal locks it too
        (intake.services.toestemming), so a referral sent at the same moment either sees the
        withdrawal or commits before it, never both."""
        if transaction.get_connection().in_atomic_block:
            Inwoner.objects.select_for_update().filter(pk=inwoner_id).exists()
        intrekking = cls.objects.filter(inwoner_id=inwoner_id, organisatie=organisatie).first()
        if intrekking is None:
            return ""
        return (
            f"De inwoner heeft op {timezone.localtime(intrekking.op):%d-%m-%Y} de toestemming "
            f"ingetrokken om gegevens te delen met {organisatie.naam}. Verwijs zonder "
            "persoonsgegevens (anoniem overleg), of kies een andere organisatie."
        )
