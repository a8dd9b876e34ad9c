import gc
import itertools
import os

from django.conf import settings
from django.core.signals import request_finished
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver
from django.utils import translation

from toegang.env import exit_on_configuration_error

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toegang.settings.base")

application = exit_on_configuration_error(get_wsgi_application)

# After its 10th, 100th and 1000th request a worker freezes again what it has built since.
OPNIEUW_BEVRIEZEN = frozenset({10, 100, 1000})


def klaarzetten() -> None:
    """Load what a worker would otherwise load on its first requests (every view module
    through the URLconf, the translations of every language) and put all of it out of the
    garbage collector's reach (gc.freeze): it lives as long as the worker anyway.

    Python's full collection walks every object it tracks. In a loaded worker that is some
    220,000 objects, and the request that triggered it waited about 130 ms: in
    benchmarks/paginas.py a page with 7 statements and a 10 ms median showed a p95 of
    186 ms. Frozen, the objects made later remain, and a full collection takes ~13 ms."""
    get_resolver().url_patterns  # noqa: B018  (imports every view module)
    for taal, _ in settings.LANGUAGES:
        with translation.override(taal):
            translation.gettext("Sociale kaart")
    gc.collect()  # garbage made while loading is freed, not frozen
    gc.freeze()
    request_finished.connect(_opnieuw_bevriezen, dispatch_uid="opnieuw_bevriezen")


_verzoeken = itertools.count(1)


def _opnieuw_bevriezen(**kwargs) -> None:
    """Freeze what the first requests left behind for good, after its response went out.

    A worker's first pages build what it keeps: compiled templates, the modules a page
    imports on first use (the PDF and spreadsheet libraries), the admin's forms, the report
    cells `rapportage.afscherming` keeps. After a pass over every page that is another
    ~130,000 objects, and each full collection walked them again: 30–80 ms, in whichever
    request set it off (a page with a 12 ms median got a 90 ms p95). Frozen as well, a
    full collection takes 4–11 ms.

    It runs after the response was sent (request_finished: the server has written it), so
    nobody waits for it. That request's own objects are still alive then (with threads, also
    those of the requests in flight) and frozen with the rest: those in a reference cycle
    are never freed. Three times per worker, a bounded price."""
    if next(_verzoeken) in OPNIEUW_BEVRIEZEN:
        gc.collect()
        gc.freeze()


klaarzetten()
