import pytest
from django.core.management import call_command

from sociale_kaart.zoeken import zoekindex_bijwerken
from tests.sociale_kaart.factories import AanbodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def aanbod(levensdomeinen):
    zorg = next(d for d in levensdomeinen if d.slug == "zorg")
    item = AanbodFactory(naam="Mantelzorgondersteuning", beschrijving="Steun voor mantelzorgers.")
    item.levensdomeinen.add(zorg)
    AanbodFactory(naam="Zwemles", beschrijving="Leren zwemmen.")
    zoekindex_bijwerken()
    return item


def test_aanbod_api_uses_the_same_engine_and_shape(client, aanbod):
    response = client.get("/api/v1/aanbod/", {"q": "mantelzorg"})
    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "suggestie": None,
        "results": [
            {
                "id": str(aanbod.pk),
                "slug": aanbod.slug,
                "naam": "Mantelzorgondersteuning",
                "organisatie": {"id": str(aanbod.organisatie_id), "naam": aanbod.organisatie.naam},
                "levensdomeinen": ["zorg"],
                "url": f"http://testserver/sociale-kaart/aanbod/{aanbod.slug}/",
            }
        ],
    }


def test_aanbod_api_offers_a_suggestion_for_typos(client, aanbod):
    body = client.get("/api/v1/aanbod/", {"q": "mantelzorgondersteunig"}).json()
    assert body["suggestie"] == "mantelzorgondersteuning"
    assert [r["naam"] for r in body["results"]] == ["Mantelzorgondersteuning"]


@pytest.mark.parametrize(
    ("params", "melding"),
    [
        (
            {"page": "abc"},
            "'page' is geen heel getal. Vul een getal in van 1 tot en met 1.000.000.",
        ),
        ({"page": "0"}, "'page' is geen heel getal. Vul een getal in van 1 tot en met 1.000.000."),
        ({"page": "²"}, "'page' is geen heel getal. Vul een getal in van 1 tot en met 1.000.000."),
        ({"kern": "atlantis"}, "Onbekende waarde voor: kern."),
    ],
)
def test_aanbod_api_errors_are_dutch_json_400(client, aanbod, params, melding):
    response = client.get("/api/v1/aanbod/", params)
    assert response.status_code == 400
    assert response.json() == {"fout": melding}


def test_aanbod_api_page_beyond_the_last_gives_the_last(client, aanbod):
    assert client.get("/api/v1/aanbod/", {"page": "99"}).json()["count"] == 2


def test_api_is_read_only(client, aanbod):
    response = client.post("/api/v1/aanbod/", {}, content_type="application/json")
    assert response.status_code == 405
    assert response.json() == {"fout": "Deze methode is hier niet toegestaan."}


def test_openapi_schema_is_valid_and_lists_every_endpoint(client, tmp_path):
    path = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    schema = path.read_text()
    for endpoint in (
        "/api/v1/aanbod/",
        "/api/v1/locaties/",
        "/api/v1/locaties/{slug}/openingsmomenten/",
    ):
        assert endpoint in schema
    assert client.get("/api/v1/schema/").status_code == 200


def test_api_docs_load_their_assets_from_our_own_static_files(client):
    html = client.get("/api/v1/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower()
