import gc
import os

from django.core.wsgi import get_wsgi_application

from toegang.env import exit_on_configuration_error

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toegang.settings.base")

application = exit_on_configuration_error(get_wsgi_application)


def klaarzetten() -> None:
    """Load what a worker would otherwise load on its first requests (every view module
    through the URLconf, the translations of every language) and put all of it out of the
    garbage collector's reach (gc.freeze): it lives as long as the worker anyway.

    Python's full collection walks every object it tracks. In a loaded worker that is some
    220,000 objects, and the request that triggered it waited about 130 ms: in
    benchmarks/paginas.py a page with 7 statements and a 10 ms median showed a p95 of
    186 ms. Frozen, the objects made later remain, and a full collection takes ~13 ms."""
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018  (imports every view module)
    for taal, _ in settings.LANGUAGES:
        with translation.override(taal):
            translation.gettext("Sociale kaart")
    gc.collect()  # garbage made while loading is freed, not frozen
    gc.freeze()


klaarzetten()
