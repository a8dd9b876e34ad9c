from celery import shared_task

from . import importeren, services


@shared_task(name="sociale_kaart.tasks.controle_herinneringen_sturen", acks_late=True)
def controle_herinneringen_sturen() -> int:
    """Beat, working mornings: remind partners whose entries were not checked for 6 months."""
    return services.controle_herinneringen_sturen()


@shared_task(name="sociale_kaart.tasks.importtaak_uitvoeren", acks_late=True)
def importtaak_uitvoeren(taak_id: str) -> bool:
    """One round (at most a minute of batches) of an upload's dry run or import; the next
    round is queued by the round itself."""
    return importeren.importtaak_uitvoeren(taak_id=taak_id)


@shared_task(name="sociale_kaart.tasks.importtaken_opruimen", acks_late=True)
def importtaken_opruimen() -> int:
    """Beat, hourly: remove the files of imports that are done or were never confirmed."""
    return importeren.importtaken_opruimen()
