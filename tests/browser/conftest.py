"""Browser harness: a live Django server and Debian's Chromium driven by Playwright.

Never `playwright install`: the machine cannot download browsers; `make test` installs
Debian's chromium with apt-get when it is missing.
"""

import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "telefoon": {"width": 375, "height": 812}}
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def browser():
    # Module scope, not session: while Playwright's sync API runs, its event loop gives
    # Django's connections another context, so it must not outlive the browser tests.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request):
    return request.param


def csp_schendingen(page) -> list[str]:
    """Collects what Chromium reports when the Content-Security-Policy blocks something
    (an inline script or style, eval, a file from elsewhere): it logs each as a console
    error. A page fixture fails the test at teardown when the list is not empty."""
    schendingen: list[str] = []

    def luister(bericht):
        if bericht.type == "error" and "Content Security Policy" in bericht.text:
            schendingen.append(f"{page.url}: {bericht.text}")

    page.on("console", luister)
    return schendingen


@pytest.fixture
def page(browser, viewport):
    for page in _pagina(browser, viewport):
        page.viewport_name = viewport
        yield page


def _pagina(browser, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="nl-NL")
    page = context.new_page()
    schendingen = csp_schendingen(page)
    yield page
    context.close()
    assert not schendingen, "CSP-schendingen:\n" + "\n".join(schendingen)


@pytest.fixture
def desktop_page(browser):
    yield from _pagina(browser, "desktop")


@pytest.fixture
def telefoon(browser):
    """A phone-sized page, for journeys that are about the phone."""
    yield from _pagina(browser, "telefoon")


@pytest.fixture(scope="session")
def axe():
    # axe-core from npm (package.json), newer than the copy inside the Python package.
    return Axe.from_file(ROOT / "node_modules" / "axe-core" / "axe.min.js")


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core with the WCAG 2.1 A/AA rules; fail with a readable report."""

    def check(page):
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
        assert results.violations_count == 0, results.generate_report()

    return check


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def save(page, name):
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
