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


def test_a_worker_starts_with_its_views_loaded_and_frozen():
    uitkomst = subprocess.run(
        [sys.executable, "-c", LADEN],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert uitkomst.returncode == 0, uitkomst.stderr
    bevroren, bijgehouden, views_geladen = uitkomst.stdout.split()
    # Loaded, the application is some 200,000 objects; what a collection still walks is
    # only what was made after the freeze.
    assert int(bevroren) > 100_000
    assert int(bijgehouden) < 10_000
    assert views_geladen == "True"
