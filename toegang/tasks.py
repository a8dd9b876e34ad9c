from importlib import import_module

from celery import shared_task
from django.conf import settings


@shared_task(name="toegang.tasks.sessies_opruimen")
def sessies_opruimen() -> None:
    """Delete expired sessions; running it twice is harmless (the second run finds none)."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
