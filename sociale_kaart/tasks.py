from celery import shared_task

from . import capaciteit, services


@shared_task(name="sociale_kaart.tasks.controle_herinneringen_sturen", acks_late=True)
def controle_herinneringen_sturen() -> int:
    """Beat, working mornings: remind partners whose entries were not checked for 6 months."""
    return services.controle_herinneringen_sturen()


@shared_task(name="sociale_kaart.tasks.capaciteit_herinneringen_plannen", acks_late=True)
def capaciteit_herinneringen_plannen() -> int:
    """Beat, working mornings: once a month, plan asking each organisation whether its
    aanbod takes new clients."""
    return capaciteit.capaciteit_herinneringen_plannen()


@shared_task(name="sociale_kaart.tasks.capaciteit_herinnering_sturen", acks_late=True)
def capaciteit_herinnering_sturen(organisatie_id: str, maand: str) -> int:
    """One organisation's monthly question, to each of its partner users."""
    return capaciteit.capaciteit_herinnering_sturen(organisatie_id=organisatie_id, maand=maand)
