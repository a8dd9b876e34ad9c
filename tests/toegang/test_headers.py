"""Security headers and cookies on every page, and no inline script or style anywhere."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.accounts.factories import WACHTWOORD
from tests.accounts.tweestaps import authenticator
from tests.toegang.test_settings import ROOT, production_env

TEMPLATES = ROOT / "templates"


def csp(response) -> dict[str, list[str]]:
    beleid = {}
    for deel in response["Content-Security-Policy"].split(";"):
        naam, *waarden = deel.split()
        beleid[naam] = waarden
    return beleid


@pytest.mark.parametrize(
    "pad", ["/", "/sociale-kaart/", "/hulpvraag/", "/account/inloggen/", "/api/v1/docs/"]
)
def test_every_public_page_sends_the_security_headers(client, levensdomeinen, pad):
    response = client.get(pad)
    assert response.status_code == 200
    beleid = csp(response)
    assert beleid["default-src"] == ["'self'"]
    assert beleid["style-src"] == ["'self'"]
    assert beleid["script-src"][0] == "'self'"
    assert all(w.startswith("'nonce-") for w in beleid["script-src"][1:])
    assert beleid["frame-ancestors"] == ["'none'"]
    assert beleid["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_logged_in_pages_send_the_security_headers_too(client, beheerder):
    client.force_login(beheerder)
    for pad in ("/beheer/", "/beheer/accounts/user/", "/account/tweestaps/"):
        response = client.get(pad)
        assert response.status_code == 200, pad
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "DENY"
        assert response["Cache-Control"] == "no-store"


def test_session_and_csrf_cookies_are_httponly_and_samesite(client, medewerker):
    authenticator(medewerker)
    client.get(reverse("accounts:login"))
    client.post(reverse("accounts:login"), {"username": "medewerker", "password": WACHTWOORD})
    sessie = client.cookies["sessionid"]
    assert sessie["httponly"]
    assert sessie["samesite"] == "Lax"
    # Ends with the browser: no expiry date on the cookie.
    assert not sessie["expires"] and not sessie["max-age"]
    csrf = client.cookies["csrftoken"]
    assert csrf["httponly"]
    assert csrf["samesite"] == "Lax"


@pytest.mark.slow
def test_production_defaults_are_https_only_with_a_year_of_hsts():
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.CSRF_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == [
        "31536000",
        "True",
        "True",
        "True",
        "True",
        "True",
        "True",
        "Lax",
    ], result.stderr


def test_hsts_header_is_one_year_over_https(client, settings, levensdomeinen):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")


# Inline code the CSP would block: <script> without src (data blocks such as JSON-LD are
# not run and are fine), <style>, style="", on...= handlers, javascript: links.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/ld\+json\")[^>]*>")
VERBODEN = [
    INLINE_SCRIPT,
    re.compile(r"<style[\s>]"),
    re.compile(r"\sstyle="),
    re.compile(r"\son[a-z]+=", re.IGNORECASE),
    re.compile(r"javascript:", re.IGNORECASE),
    re.compile(r"hx-on"),
]


@pytest.mark.parametrize(
    "template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_no_template_has_inline_script_or_style(template: Path):
    tekst = template.read_text()
    for patroon in VERBODEN:
        assert not patroon.search(tekst), f"{template}: {patroon.pattern}"


def test_the_inline_check_recognises_what_it_forbids():
    for fout in ("<script>alert(1)</script>", '<p style="color:red">', '<a onclick="x()">'):
        assert any(p.search(fout) for p in VERBODEN), fout
    assert not any(p.search('<script type="application/ld+json">{}</script>') for p in VERBODEN)
    assert not any(p.search('<script src="/static/js/a.js" defer></script>') for p in VERBODEN)
