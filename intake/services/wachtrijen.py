"""The front desk's work queues on /balie/."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from locaties import openingstijden

from ..models import Afspraak, Doorverwijzing, DoorverwijzingStatus, Hulpvraag


def wachtrijen(user) -> dict[str, object]:
    """The front desk's work queues, safety-flagged cases on top of each."""
    zichtbaar = Hulpvraag.objects.zichtbaar_voor(user).select_related(
        "inwoner", "vast_aanspreekpunt"
    )
    vandaag = timezone.localdate()
    afspraken = Afspraak.objects.zichtbaar_voor(user).select_related(
        "hulpvraag", "eigenaar", "organisatie"
    )
    verwijzingen = Doorverwijzing.objects.zichtbaar_voor(user).select_related(
        "hulpvraag", "organisatie", "aanbod", "collega"
    )
    S = DoorverwijzingStatus  # noqa: N806
    return {
        "veiligheid": zichtbaar.open().filter(veiligheid=True).veilig_eerst(),
        "nieuw": zichtbaar.nieuw_online().veilig_eerst(),
        "mijn": zichtbaar.open().filter(vast_aanspreekpunt=user).veilig_eerst(),
        "mijn_afspraken": afspraken.open()
        .filter(
            Q(eigenaar=user) | Q(hulpvraag__vast_aanspreekpunt=user),
            deadline__lte=openingstijden.werkdagen_later(vandaag, 1),
        )
        .order_by("-hulpvraag__veiligheid", "deadline"),
        "te_laat": afspraken.te_laat(vandaag).order_by("-hulpvraag__veiligheid", "deadline"),
        "geen_contact": zichtbaar.eerste_contact_te_laat(vandaag).veilig_eerst(),
        # Referrals: those I must answer (to me or my team), questions back to the front
        # door, and referrals a receiver lets wait.
        "aan_mij": Doorverwijzing.objects.voor_ontvanger(user)
        .filter(status__in=[S.VERSTUURD, S.GEACCEPTEERD, S.CONTACT_GELEGD])
        .select_related("hulpvraag", "collega")
        .order_by("termijn_vanaf"),
        "vraag_terug": verwijzingen.filter(status=S.TERUGGESTUURD)
        .filter(
            Q(verstuurd_door=user) | Q(contactpersoon=user) | Q(hulpvraag__vast_aanspreekpunt=user)
        )
        .order_by("teruggestuurd_op"),
        "verwijzing_te_laat": verwijzingen.te_laat().order_by("termijn_vanaf"),
    }
