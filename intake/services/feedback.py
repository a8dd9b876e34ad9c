"""How did we help you? The survey after a case is closed: anonymous by design."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from ..models import Feedback, Feedbackuitnodiging, Hulpvraag, Status
from .meldingen import absoluut, inwoner_mailen


def feedback_vragen(*, hulpvraag_id: int) -> bool:
    """After closing, invite the resident (with an e-mail address) to a short survey.

    The invitation carries only the touchpoint, never the case or the person, so the
    answers cannot be traced back.
    """
    hulpvraag = (
        Hulpvraag.objects.select_related("inwoner")
        .filter(pk=hulpvraag_id, status=Status.AFGEROND)
        .first()
    )
    if hulpvraag is None or not hulpvraag.inwoner.email:
        return False
    with transaction.atomic():
        uitnodiging = Feedbackuitnodiging.objects.create(kanaal=hulpvraag.kanaal)
        verstuurd = inwoner_mailen(
            hulpvraag,
            "emails/feedback_uitnodiging.txt",
            sleutel=f"hulpvraag:{hulpvraag.pk}:feedback:{hulpvraag.afgesloten_op:%Y%m%d%H%M%S}",
            url=absoluut(reverse("intake:feedback", args=[uitnodiging.token])),
        )
        if not verstuurd:
            transaction.set_rollback(True)
    return verstuurd


@transaction.atomic
def feedback_geven(*, uitnodiging: Feedbackuitnodiging, **antwoorden) -> Feedback | None:
    """Store the answers once per invitation; a second submit changes nothing."""
    if not Feedbackuitnodiging.objects.filter(pk=uitnodiging.pk, beantwoord=False).update(
        beantwoord=True
    ):
        return None
    return Feedback.objects.create(kanaal=uitnodiging.kanaal, **antwoorden)
