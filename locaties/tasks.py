from celery import shared_task

from . import services


@shared_task(name="locaties.tasks.onderbezetting_melden", acks_late=True)
def onderbezetting_melden() -> int:
    """Beat, working mornings 07:00: warn coordinators about understaffed openings."""
    return services.onderbezetting_melden()
