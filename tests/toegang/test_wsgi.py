"""toegang/wsgi.py, the entry point gunicorn loads: a worker starts with its code loaded
and frozen out of the garbage collector's reach, so a full collection does not walk the
whole application in the middle of a request (benchmarks/paginas.py measures the pause)."""

import subprocess
import sys

from tests.toegang.test_settings import ROOT, production_env

LADEN = """
import gc, sys
import toegang.wsgi
print(gc.get_freeze_count(), len(gc.get_objects()), "intake.views.balie" in sys.modules)
"""


def als_worker(code: str) -> str:
    """What `code` prints in a fresh process with production settings."""
    uitkomst = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert uitkomst.returncode == 0, uitkomst.stderr
    return uitkomst.stdout


def test_a_worker_starts_with_its_views_loaded_and_frozen():
    uitvoer = als_worker(LADEN)
    bevroren, bijgehouden, views_geladen = uitvoer.split()
    # Loaded, the application is some 200,000 objects; what a collection still walks is
    # only what was made after the freeze.
    assert int(bevroren) > 100_000
    assert int(bijgehouden) < 10_000
    assert views_geladen == "True"


NA_VERZOEKEN = """
import gc
import toegang.wsgi
from django.core.signals import request_finished

bewaard = []
for verzoek in range(1, 101):
    bewaard.append([{"verzoek": verzoek, "cel": [i]} for i in range(200)])  # kept, like a cache
    request_finished.send(sender=None)
    if verzoek in (9, 10, 100):
        print(len(gc.get_objects()), end=" ")
"""


def test_what_a_workers_first_requests_keep_is_frozen_after_them():
    """Compiled templates, modules imported by a page, kept report cells: made after the
    start, they would be walked by every full collection for the worker's life."""
    uitvoer = als_worker(NA_VERZOEKEN)
    na_9, na_10, na_100 = map(int, uitvoer.split())
    assert na_9 > 9 * 200 * 2  # the first nine requests' objects are still tracked
    assert na_10 < 1_000  # the tenth froze them
    assert na_100 < 1_000  # and the hundredth what came after
