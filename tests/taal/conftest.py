import pytest
from django.core.management import call_command

from toegang.vertalingen import VERTAALDE_TALEN, catalogus


@pytest.fixture(scope="session", autouse=True)
def catalogi_gecompileerd():
    """The .mo files are not in git (`make install` compiles them): compile what is stale, so
    these tests also run straight after editing a catalog."""
    verouderd = [
        taal
        for taal in VERTAALDE_TALEN
        if not (mo := catalogus(taal).with_suffix(".mo")).exists()
        or mo.stat().st_mtime < catalogus(taal).stat().st_mtime
    ]
    if verouderd:
        call_command("compilemessages", locale=verouderd, verbosity=0)
