"""The one way browser tests log in: the real form, password and then the code from the
user's authenticator (made with a known secret when the user has none)."""

from tests.accounts.factories import WACHTWOORD
from tests.accounts.tweestaps import authenticator, geldige_code


def inloggen(
    page,
    live_server,
    user,
    *,
    naar: str | None = None,
    wachtwoord: str = WACHTWOORD,
    toetsenbord: bool = False,
):
    """Log `user` in and wait for `naar` (default: the user's own start page). With
    `toetsenbord` each step is sent with Enter instead of a click."""
    apparaat = authenticator(user)

    def versturen():
        if toetsenbord:
            page.keyboard.press("Enter")
        else:
            page.get_by_role("button", name="Inloggen").click()

    page.goto(live_server.url + "/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(wachtwoord)
    versturen()
    page.wait_for_url(live_server.url + "/account/inloggen/code/")
    page.get_by_label("Code", exact=True).fill(geldige_code(apparaat))
    versturen()
    page.wait_for_url(live_server.url + (naar or user.start_url))
