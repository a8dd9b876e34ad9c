import pytest

from locaties import demo
from locaties.models import Toegangslocatie


@pytest.fixture
def hofstraat(db):
    demo.load()
    return Toegangslocatie.objects.get(slug="hofstraat")


@pytest.fixture
def dinxperlo(hofstraat):
    return Toegangslocatie.objects.get(slug="dinxperlo")
