import pytest

from locaties import demo


@pytest.fixture
def hofstraat(db):
    demo.load()
    from locaties.models import Toegangslocatie

    return Toegangslocatie.objects.get(slug="hofstraat")


@pytest.fixture
def dinxperlo(hofstraat):
    from locaties.models import Toegangslocatie

    return Toegangslocatie.objects.get(slug="dinxperlo")
