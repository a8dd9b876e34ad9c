"""The home page in a real browser: content, keyboard, no JavaScript, and axe-core."""

import pytest

from intake.management.commands.demo_data import Command as DemoData

# The live server sees only committed data, so these tests commit (and flush afterwards).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def aalten(levensdomeinen):
    DemoData().handle(force=True)


def test_home_page_has_no_axe_violations(aalten, live_server, page, assert_accessible, screenshot):
    page.goto(live_server.url + "/")
    page.locator("h1").first.wait_for()
    screenshot(page, f"home-{page.viewport_name}")
    assert_accessible(page)


def test_home_page_shows_domains_openings_and_question_button(aalten, live_server, desktop_page):
    page = desktop_page
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Stel uw vraag").first.wait_for()
    assert page.locator(".tegel").count() == 9
    page.get_by_text("maandag t/m vrijdag 9:00–12:30 en 13:30–17:00").wait_for()
    page.get_by_text("dinsdag 9:00–12:00").wait_for()
    assert "Gemeente Aalten" in page.locator("header").inner_text()
    assert "0543-000000" in page.locator("footer").inner_text()


def test_the_header_never_ends_a_line_with_a_dash(live_server, page):
    """On a phone the title goes under "Gemeente Aalten" without the dash; where both fit
    on one line the dash stands between them."""
    page.goto(live_server.url + "/")
    naam = page.locator(".site-naam__gemeente").bounding_box()
    titel = page.locator(".site-naam__titel").bounding_box()
    streep = page.locator(".site-naam__scheiding")
    if page.viewport_name == "telefoon":
        assert not streep.is_visible()
        assert titel["y"] >= naam["y"] + naam["height"] - 1
    else:
        box = streep.bounding_box()
        assert naam["y"] == box["y"] == titel["y"]
        assert naam["x"] < box["x"] < titel["x"]


def test_skip_link_is_first_and_moves_focus_to_main(aalten, live_server, desktop_page):
    page = desktop_page
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Direct naar de inhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"


def test_every_tile_leads_to_a_real_page(aalten, live_server, desktop_page, assert_accessible):
    page = desktop_page
    page.goto(live_server.url + "/")
    hrefs = page.locator(".tegel a").evaluate_all("links => links.map(a => a.href)")
    assert len(hrefs) == 9
    for href in hrefs:
        response = page.goto(href)
        assert response.status == 200
        page.get_by_role("link", name="Stel uw vraag").first.wait_for()
    assert_accessible(page)


def test_home_page_works_without_javascript(aalten, live_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Stel uw vraag").first.click()
    assert page.url.endswith("/vraag-stellen/")
    page.get_by_role("heading", name="Stel uw vraag").wait_for()
    context.close()


def test_no_asset_comes_from_another_host(aalten, live_server, desktop_page):
    page = desktop_page
    hosts = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page.goto(live_server.url + "/")
    page.wait_for_load_state("networkidle")
    assert hosts == {live_server.url.split("/")[2]}
