"""The API documentation is a public page too: Swagger UI from our own static files."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_api_docs_load_from_our_server_and_are_accessible(live_server, page, assert_accessible):
    vreemd = []
    page.on(
        "request",
        lambda request: (
            vreemd.append(request.url)
            if not request.url.startswith(live_server.url) and not request.url.startswith("data:")
            else None
        ),
    )
    page.goto(live_server.url + "/api/v1/docs/")
    page.get_by_text("Toegang Aalten API").first.wait_for()
    page.wait_for_load_state("networkidle")
    assert vreemd == []
    assert_accessible(page)
    # Opened, an operation shows its parameters and responses: check those too.
    page.locator(".opblock-summary-control").first.click()
    page.locator(".opblock-body").first.wait_for()
    assert_accessible(page)
