from celery import shared_task

from . import capaciteit, exporteren, feeds, importeren, services


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


@shared_task(name="sociale_kaart.tasks.kaartexport_maken", acks_late=True)
def kaartexport_maken(export_id: str) -> bool:
    """The whole sociale kaart as a file; a second delivery does nothing (a claim)."""
    return exporteren.kaartexport_maken(export_id=export_id)


@shared_task(name="sociale_kaart.tasks.kaartexports_opruimen", acks_late=True)
def kaartexports_opruimen() -> int:
    """Beat, hourly: remove the export files older than 24 hours."""
    return exporteren.kaartexports_opruimen()


@shared_task(name="sociale_kaart.tasks.feeds_ophalen", acks_late=True)
def feeds_ophalen() -> int:
    """Beat, every quarter of an hour: one pull task per active feed."""
    return feeds.feeds_ophalen()


@shared_task(name="sociale_kaart.tasks.feed_ophalen", acks_late=True)
def feed_ophalen(feed_id: int) -> dict | None:
    """One run of one feed; a second run while one is busy does nothing (a claim)."""
    return feeds.feed_ophalen(feed_id=feed_id)


@shared_task(name="sociale_kaart.tasks.capaciteit_herinneringen_plannen", acks_late=True)
def capaciteit_herinneringen_plannen() -> int:
    """Beat, working mornings: once a month, plan asking each organisation whether its
    aanbod takes new clients."""
    return capaciteit.capaciteit_herinneringen_plannen()


@shared_task(name="sociale_kaart.tasks.capaciteit_herinnering_sturen", acks_late=True)
def capaciteit_herinnering_sturen(organisatie_id: str, maand: str) -> int:
    """One organisation's monthly question, to each of its partner users."""
    return capaciteit.capaciteit_herinnering_sturen(organisatie_id=organisatie_id, maand=maand)
