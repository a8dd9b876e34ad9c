from celery import shared_task

from . import services


@shared_task(name="sociale_kaart.tasks.controle_herinneringen_sturen", acks_late=True)
def controle_herinneringen_sturen() -> int:
    """Beat, working mornings: remind partners whose entries were not checked for 6 months."""
    return services.controle_herinneringen_sturen()
