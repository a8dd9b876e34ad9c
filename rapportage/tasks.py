"""Thin wrappers: each task calls one function in services.py, which claims its work first."""

from celery import shared_task

from . import services


# A year overview of a large municipality takes a while; the default limit is for mail.
@shared_task(
    name="rapportage.tasks.export_maken", acks_late=True, soft_time_limit=1500, time_limit=1800
)
def export_maken(export_id: str) -> bool:
    return services.export_maken(export_id=export_id)


@shared_task(name="rapportage.tasks.exports_opruimen", acks_late=True)
def exports_opruimen() -> int:
    return services.exports_opruimen()


@shared_task(name="rapportage.tasks.werkdagen_bijwerken", acks_late=True)
def werkdagen_bijwerken() -> int:
    return services.werkdagen_bijwerken()


# Beat runs this every ten minutes; a first fill of a large database spreads over runs.
@shared_task(name="rapportage.tasks.maandcijfers_bijwerken", acks_late=True)
def maandcijfers_bijwerken() -> int:
    return services.maandcijfers_bijwerken()


@shared_task(
    name="rapportage.tasks.maandcijfers_alle_bijwerken",
    acks_late=True,
    soft_time_limit=3000,
    time_limit=3300,
)
def maandcijfers_alle_bijwerken() -> int:
    return services.maandcijfers_bijwerken(alles=True)
