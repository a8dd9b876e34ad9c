"""Staff sign in with their gemeente-account in Chromium, through the real redirect flow of
a real OpenID provider on 127.0.0.1 (tests/oidc/harness.py), issue 19."""

import pytest

from tests.accounts.gemeente import instellen, medewerker_bij_provider
from tests.accounts.tweestaps import authenticator, geldige_code
from toegang.accounts.models import User

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def provider(oidc_provider, settings, live_server):
    instellen(
        settings,
        oidc_provider,
        live_server.url,
        [medewerker_bij_provider("jan"), medewerker_bij_provider("piet", amr=["pwd"])],
    )
    return oidc_provider


def bij_de_gemeente_inloggen(page, live_server, login: str):
    page.goto(live_server.url + "/account/inloggen/")
    page.get_by_role("link", name="Inloggen met je gemeente-account").click()
    page.get_by_label("Gebruikersnaam").fill(login)
    page.get_by_label("Wachtwoord").fill(login)
    page.get_by_role("button", name="Inloggen").click()


def uitloggen(page, live_server, provider):
    page.get_by_role("button", name="Uitloggen").click()
    page.get_by_role("button", name="Ja, uitloggen").click()
    page.wait_for_url(live_server.url + "/account/uitgelogd/")
    assert page.get_by_role("heading", name="U bent uitgelogd").is_visible()


def test_medewerker_follows_the_groups_of_the_gemeente_account(
    levensdomeinen, live_server, desktop_page, provider, assert_accessible, screenshot
):
    page = desktop_page
    page.goto(live_server.url + "/account/inloggen/")
    screenshot(page, "inloggen-gemeente-account")
    assert_accessible(page)

    # In the group "toegang": the counter, without a local code (MFA at the provider).
    bij_de_gemeente_inloggen(page, live_server, "jan")
    page.wait_for_url(live_server.url + "/balie/")
    uitloggen(page, live_server, provider)
    assert provider.sessies().get("jan-sub", 0) == 0  # logged out at the provider too
    assert_accessible(page)

    # Moved to "beleid": the reports at the next login. The provider asks the password
    # again: its session ended with ours.
    provider.wijzig_gebruiker("jan", claims={"groups": ["beleid"]})
    bij_de_gemeente_inloggen(page, live_server, "jan")
    page.wait_for_url(live_server.url + "/rapportage/")
    uitloggen(page, live_server, provider)

    # Removed from every group: refused, on the login page, with the reason.
    provider.wijzig_gebruiker("jan", claims={"groups": []})
    bij_de_gemeente_inloggen(page, live_server, "jan")
    page.wait_for_url(live_server.url + "/account/inloggen/")
    assert page.get_by_text("geeft geen toegang tot dit portaal").is_visible()
    screenshot(page, "inloggen-gemeente-account-geweigerd")
    assert_accessible(page)
    page.goto(live_server.url + "/balie/")
    page.wait_for_url(live_server.url + "/account/inloggen/?next=/balie/")


def test_without_mfa_at_the_provider_the_code_is_asked(
    levensdomeinen, live_server, desktop_page, provider
):
    page = desktop_page
    bij_de_gemeente_inloggen(page, live_server, "piet")
    # First time: the account is made, and sets up its app like any first login.
    page.wait_for_url(live_server.url + "/account/tweestaps/instellen/")
    apparaat = authenticator(User.objects.get(oidc_sub="piet-sub"))
    page.context.clear_cookies()
    bij_de_gemeente_inloggen(page, live_server, "piet")
    page.wait_for_url(live_server.url + "/account/inloggen/code/")
    page.get_by_label("Code", exact=True).fill(geldige_code(apparaat))
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(live_server.url + "/balie/")


def test_login_page_with_gemeente_account_is_accessible(
    live_server, page, provider, assert_accessible
):
    page.goto(live_server.url + "/account/inloggen/")
    knop = page.get_by_role("link", name="Inloggen met je gemeente-account")
    assert knop.is_visible()
    assert_accessible(page)
