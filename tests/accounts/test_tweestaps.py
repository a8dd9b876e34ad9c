"""Logging in takes a password and a code: from an authenticator app, or a recovery code."""

import importlib
import re
from base64 import b32decode
from datetime import timedelta

import pytest
import qrcode
import time_machine
from axes.models import AccessAttempt, AccessFailureLog
from django.apps import apps
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.factories import WACHTWOORD
from tests.accounts.tweestaps import authenticator, code_uit_geheim, geldige_code, half_ingelogd
from toegang.accounts.tweestaps import (
    code_controleren,
    herstelcode_vingerafdruk,
    herstelcodes_maken,
)
from toegang.admin import BeheerSite

LOGIN = reverse("accounts:login")
CODE = reverse("accounts:code")
INSTELLEN = reverse("accounts:tweestaps_instellen")
HERSTELCODES = reverse("accounts:herstelcodes")


def wachtwoord(client, user, password=WACHTWOORD, **extra):
    return client.post(LOGIN, {"username": user.username, "password": password}, **extra)


def ingelogd(client) -> bool:
    return SESSION_KEY in client.session


def html(response) -> str:
    return response.content.decode()


# --- the second step ---------------------------------------------------------------------


def test_password_alone_does_not_log_in(client, medewerker):
    authenticator(medewerker)
    response = wachtwoord(client, medewerker)
    assert response.status_code == 303
    assert response["Location"] == CODE
    assert not ingelogd(client)
    assert client.get("/balie/")["Location"].startswith(LOGIN)


def test_code_from_the_app_logs_in_and_keeps_the_page_asked_for(client, medewerker):
    apparaat = authenticator(medewerker)
    client.post(LOGIN + "?next=/balie/nieuw/", {"username": "medewerker", "password": WACHTWOORD})
    pagina = client.get(CODE)
    assert "Vul de code uit uw app in" in html(pagina)
    assert 'autocomplete="one-time-code"' in html(pagina)
    response = client.post(CODE, {"code": geldige_code(apparaat)})
    assert response["Location"] == "/balie/nieuw/"
    assert ingelogd(client)
    assert client.get("/balie/nieuw/").status_code == 200


def test_code_may_be_typed_with_a_space(client, medewerker):
    apparaat = authenticator(medewerker)
    wachtwoord(client, medewerker)
    code = geldige_code(apparaat)
    response = client.post(CODE, {"code": f" {code[:3]} {code[3:]} "})
    assert response.status_code == 303
    assert ingelogd(client)


def test_wrong_code_gives_a_dutch_message_next_to_the_field(client, medewerker):
    authenticator(medewerker)
    wachtwoord(client, medewerker)
    response = client.post(CODE, {"code": "000000"})
    assert response.status_code == 200
    assert "Deze code klopt niet" in html(response)
    assert 'aria-invalid="true"' in html(response)
    assert not ingelogd(client)


def test_a_code_works_only_once(client, medewerker):
    apparaat = authenticator(medewerker)
    code = geldige_code(apparaat)
    wachtwoord(client, medewerker)
    assert client.post(CODE, {"code": code}).status_code == 303
    client.post(reverse("accounts:logout"))
    wachtwoord(client, medewerker)
    assert client.post(CODE, {"code": code}).status_code == 200
    assert not ingelogd(client)


def test_code_page_without_the_password_step_goes_back_to_login(client):
    assert client.get(CODE)["Location"] == LOGIN
    assert client.post(CODE, {"code": "123456"})["Location"] == LOGIN


def test_password_step_is_forgotten_after_five_minutes(client, medewerker):
    apparaat = authenticator(medewerker)
    with time_machine.travel(timezone.now(), tick=False) as reis:
        wachtwoord(client, medewerker)
        reis.shift(timedelta(minutes=6))
        response = client.post(CODE, {"code": geldige_code(apparaat)})
    assert response["Location"] == LOGIN
    assert not ingelogd(client)


def test_recovery_code_logs_in_once_and_says_how_many_are_left(client, medewerker):
    authenticator(medewerker)
    codes = herstelcodes_maken(user=medewerker)
    wachtwoord(client, medewerker)
    response = client.post(CODE, {"code": codes[0].upper()}, follow=True)
    assert ingelogd(client)
    assert "U heeft er nog 9" in html(response)
    client.post(reverse("accounts:logout"))
    wachtwoord(client, medewerker)
    assert client.post(CODE, {"code": codes[0]}).status_code == 200
    assert not ingelogd(client)


# --- setting up the app ------------------------------------------------------------------


def geheim_van(pagina) -> str:
    return re.search(r'<code class="geheim"[^>]*>([A-Z2-7 ]+)</code>', html(pagina)).group(1)


def test_first_login_sets_up_the_app_and_shows_recovery_codes_once(client, medewerker):
    assert not TOTPDevice.objects.filter(user=medewerker).exists()
    response = wachtwoord(client, medewerker)
    assert response["Location"] == INSTELLEN
    pagina = client.get(INSTELLEN)
    assert "<svg" in html(pagina)
    assert "<img" not in html(pagina)  # drawn here, no image from any other service
    geheim = geheim_van(pagina)
    assert geheim_van(client.get(INSTELLEN)) == geheim  # a reload keeps the same QR code
    assert not ingelogd(client)

    response = client.post(INSTELLEN, {"code": code_uit_geheim(geheim)})
    assert response["Location"] == HERSTELCODES
    assert ingelogd(client)
    codes = client.get(HERSTELCODES)
    getoond = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", html(codes))
    assert len(getoond) == 10
    # Stored as fingerprints only.
    herstel = StaticDevice.objects.get(user=medewerker)
    opgeslagen = set(herstel.token_set.values_list("token", flat=True))
    assert opgeslagen == {herstelcode_vingerafdruk(c, herstel.pk) for c in getoond}
    assert not opgeslagen & set(getoond)
    assert 'href="/account/start/"' in html(codes)
    # Shown once: the page does not show them again.
    assert client.get(HERSTELCODES)["Location"] == reverse("accounts:tweestaps")
    assert client.get("/balie/").status_code == 200
    assert TOTPDevice.objects.get(user=medewerker).confirmed


def test_wrong_code_while_setting_up_keeps_the_same_secret(client, medewerker):
    wachtwoord(client, medewerker)
    geheim = geheim_van(client.get(INSTELLEN))
    response = client.post(INSTELLEN, {"code": "123"})
    assert "Deze code klopt niet" in html(response)
    assert geheim_van(response) == geheim
    assert not ingelogd(client)


def test_the_qr_code_on_the_page_is_the_configuration_of_the_new_app(client, medewerker):
    wachtwoord(client, medewerker)
    pagina = html(client.get(INSTELLEN))
    sleutel = b32decode(geheim_van(client.get(INSTELLEN)).replace(" ", "")).hex()
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(TOTPDevice(user=medewerker, key=sleutel).config_url)
    modules = code.get_matrix()
    donker = {(x, y) for y, rij in enumerate(modules) for x, d in enumerate(rij) if d}
    svg = re.search(
        r'<div class="qr"[^>]*><svg viewBox="0 0 (\d+) \1"[^>]*><path d="([^"]+)"', pagina
    )
    getekend = set()
    for x, y, n in re.findall(r"M(\d+),(\d+)h(\d+)v1h-\3z", svg.group(2)):
        getekend |= {(int(x) + i, int(y)) for i in range(int(n))}
    assert int(svg.group(1)) == len(modules)
    assert getekend == donker


def test_someone_with_an_app_cannot_set_up_another_with_only_the_password(client, medewerker):
    authenticator(medewerker)
    wachtwoord(client, medewerker)
    assert client.get(INSTELLEN)["Location"] == CODE
    assert TOTPDevice.objects.filter(user=medewerker).count() == 1


def test_setting_up_needs_the_password_step(client):
    assert client.get(INSTELLEN)["Location"] == LOGIN


def test_logged_in_user_replaces_the_app_and_the_old_one_stops_working(client, medewerker):
    oud = authenticator(medewerker)
    client.force_login(medewerker)
    geheim = geheim_van(client.get(INSTELLEN))
    response = client.post(INSTELLEN, {"code": code_uit_geheim(geheim)})
    assert response["Location"] == HERSTELCODES
    assert not TOTPDevice.objects.filter(pk=oud.pk).exists()
    # This session goes on with the new app.
    assert client.get("/balie/").status_code == 200


def test_new_recovery_codes_replace_the_old_ones(client, medewerker):
    oud = set(herstelcodes_maken(user=medewerker))
    client.force_login(medewerker)
    assert "nog 10 herstelcodes" in html(client.get(reverse("accounts:tweestaps")))
    response = client.post(reverse("accounts:herstelcodes_vernieuwen"))
    assert response["Location"] == HERSTELCODES
    nieuw = set(StaticToken.objects.filter(device__user=medewerker).values_list("token", flat=True))
    assert len(nieuw) == 10
    assert all(code_controleren(user=medewerker, code=c) is None for c in oud)


# --- lockout -------------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_login_with_an_audit_row(client, medewerker, settings):
    authenticator(medewerker)
    with time_machine.travel(timezone.now(), tick=False) as reis:
        for _ in range(4):
            assert wachtwoord(client, medewerker, "fout").status_code == 200
        vijfde = wachtwoord(client, medewerker, "fout")
        assert vijfde.status_code == 429
        assert "Inloggen is tijdelijk geblokkeerd" in html(vijfde)
        assert AccessFailureLog.objects.filter(username="medewerker", locked_out=True).exists()
        assert AccessFailureLog.objects.filter(username="medewerker").count() == 5

        # Now even the right password is refused, and nothing says whether it was right.
        response = wachtwoord(client, medewerker)
        assert response.status_code == 429
        assert not ingelogd(client)
        # Another address is not locked out by these failures.
        assert wachtwoord(client, medewerker, REMOTE_ADDR="192.0.2.50").status_code == 303

        reis.shift(settings.AXES_COOLOFF_TIME + timedelta(seconds=1))
        assert wachtwoord(client, medewerker)["Location"] == CODE


def test_wrong_codes_count_towards_the_lockout(client, medewerker):
    apparaat = authenticator(medewerker)
    wachtwoord(client, medewerker)
    for _ in range(4):
        assert client.post(CODE, {"code": "000000"}).status_code == 200
    assert client.post(CODE, {"code": "000000"}).status_code == 429
    # The right code does not help now.
    assert client.post(CODE, {"code": geldige_code(apparaat)}).status_code == 429
    assert not ingelogd(client)
    assert AccessAttempt.objects.filter(username="medewerker").exists()


# --- sessions ------------------------------------------------------------------------------


def echt_inloggen(client, user):
    """Through both pages, so the session clocks run (force_login is off the clock)."""
    apparaat = authenticator(user)
    wachtwoord(client, user)
    assert client.post(CODE, {"code": geldige_code(apparaat)}).status_code == 303


def test_fifteen_idle_minutes_log_out(client, medewerker):
    with time_machine.travel(timezone.now(), tick=False) as reis:
        echt_inloggen(client, medewerker)
        reis.shift(timedelta(minutes=14))
        assert client.get("/balie/").status_code == 200
        # Activity moves the clock: another 14 minutes are fine.
        reis.shift(timedelta(minutes=14))
        assert client.get("/balie/").status_code == 200
        reis.shift(timedelta(minutes=15, seconds=1))
        response = client.get("/balie/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert "next=/balie/" in response["Location"].replace("%2F", "/")
    assert not ingelogd(client)
    melding = client.get(response["Location"])
    assert "15 minuten niet actief" in html(melding)


def test_ten_hours_log_out_even_when_active(client, medewerker):
    with time_machine.travel(timezone.now(), tick=False) as reis:
        echt_inloggen(client, medewerker)
        for _ in range(59):  # active every 10 minutes, up to 9 hours 50
            reis.shift(timedelta(minutes=10))
            assert client.get("/balie/").status_code == 200
        reis.shift(timedelta(minutes=10, seconds=1))
        response = client.get("/balie/")
    assert response["Location"].startswith(LOGIN)
    assert not ingelogd(client)
    assert "10 uur ingelogd" in html(client.get(response["Location"]))


def test_a_session_without_the_second_step_is_ended(client, medewerker):
    half_ingelogd(client, medewerker)
    response = client.get("/balie/")
    assert response["Location"].startswith(LOGIN)
    assert not ingelogd(client)


def test_disabling_a_user_ends_their_sessions_at_once(client, medewerker, coordinator):
    client.force_login(medewerker)
    collega = Client()
    collega.force_login(coordinator)
    assert client.get("/balie/").status_code == 200
    medewerker.is_active = False
    medewerker.save()
    sessies = [s.get_decoded().get(SESSION_KEY) for s in Session.objects.all()]
    assert str(medewerker.pk) not in sessies
    assert str(coordinator.pk) in sessies
    # Switched on again, the old session stays ended.
    medewerker.is_active = True
    medewerker.save()
    assert client.get("/balie/").status_code == 302
    assert collega.get("/balie/").status_code == 200


def test_disabling_a_user_in_beheer_ends_their_sessions_at_once(client, beheerder, medewerker):
    eigen = Client()
    eigen.force_login(medewerker)
    client.force_login(beheerder)
    response = client.post(
        f"/beheer/accounts/user/{medewerker.pk}/change/",
        {"username": medewerker.username, "rol": medewerker.rol, "email": medewerker.email},
    )
    assert response.status_code == 302
    medewerker.refresh_from_db()
    assert not medewerker.is_active
    # Switched on again, the old session stays ended.
    medewerker.is_active = True
    medewerker.save()
    assert eigen.get("/balie/").status_code == 302


def test_disabling_also_ends_a_login_halfway(client, medewerker):
    authenticator(medewerker)
    wachtwoord(client, medewerker)
    medewerker.is_active = False
    medewerker.save()
    assert client.get(CODE)["Location"] == LOGIN


def test_beheer_needs_the_beheerder_with_the_second_step(client, beheerder, rf):
    site = BeheerSite()
    verzoek = rf.get("/beheer/")
    verzoek.user = beheerder
    beheerder.is_verified = lambda: False
    assert not site.has_permission(verzoek)
    beheerder.is_verified = lambda: True
    assert site.has_permission(verzoek)
    verzoek.user = AnonymousUser()
    assert not site.has_permission(verzoek)

    client.force_login(beheerder)
    assert client.get("/beheer/").status_code == 200


@pytest.mark.parametrize("pagina", ["/balie/", "/account/tweestaps/", "/balie/sociale-kaart/"])
def test_logged_in_pages_are_never_stored(client, medewerker, pagina):
    client.force_login(medewerker)
    response = client.get(pagina)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "Cookie" in response["Vary"]


def test_public_pages_stay_cacheable_for_anonymous_visitors(client, levensdomeinen):
    assert "no-store" not in client.get("/").get("Cache-Control", "")


# --- passwords -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nieuw", "melding"),
    [
        ("kort-1", "te kort. Gebruik minstens 12 tekens"),
        ("1q2w3e4r5t6y7u", "te algemeen"),
        ("384756109283746", "bevat alleen cijfers"),
        ("medewerker1234", "lijkt te veel op"),
    ],
)
def test_a_weak_new_password_is_refused_in_dutch(client, medewerker, nieuw, melding):
    client.force_login(medewerker)
    response = client.post(
        reverse("accounts:wachtwoord"),
        {"old_password": WACHTWOORD, "new_password1": nieuw, "new_password2": nieuw},
    )
    assert response.status_code == 200
    assert melding in html(response)
    medewerker.refresh_from_db()
    assert medewerker.check_password(WACHTWOORD)


def test_a_strong_new_password_is_saved_and_the_session_goes_on(client, medewerker):
    client.force_login(medewerker)
    nieuw = "zes-paarden-op-de-Hofstraat"
    response = client.post(
        reverse("accounts:wachtwoord"),
        {"old_password": WACHTWOORD, "new_password1": nieuw, "new_password2": nieuw},
    )
    assert response["Location"] == reverse("accounts:tweestaps")
    medewerker.refresh_from_db()
    assert medewerker.check_password(nieuw)
    assert client.get("/balie/").status_code == 200


def test_a_right_code_too_soon_after_a_wrong_one_says_to_wait(client, medewerker):
    apparaat = authenticator(medewerker)
    with time_machine.travel(timezone.now(), tick=False) as reis:
        wachtwoord(client, medewerker)
        client.post(CODE, {"code": "000000"})
        response = client.post(CODE, {"code": geldige_code(apparaat)})
        assert "Wacht een halve minuut" in html(response)
        assert not ingelogd(client)
        reis.shift(timedelta(seconds=2))
        assert client.post(CODE, {"code": geldige_code(apparaat)}).status_code == 303


def test_the_beheerder_never_sees_anyones_authenticator_secret_or_recovery_codes(
    client, beheerder, medewerker
):
    """Two factors stay two: a beheerder (or whoever took over that session) cannot copy a
    colleague's second factor out of /beheer/; deleting it to reset a lost phone still works."""
    apparaat = authenticator(medewerker)
    codes = herstelcodes_maken(user=medewerker)
    herstel = StaticDevice.objects.get(user=medewerker)
    client.force_login(beheerder)
    for pad in (
        f"/beheer/otp_totp/totpdevice/{apparaat.pk}/config/",
        f"/beheer/otp_totp/totpdevice/{apparaat.pk}/qrcode/",
    ):
        assert client.get(pad).status_code == 403
    html = client.get(f"/beheer/otp_totp/totpdevice/{apparaat.pk}/change/").content.decode()
    assert apparaat.key not in html
    assert "qrcode" not in html
    html = client.get(f"/beheer/otp_static/staticdevice/{herstel.pk}/change/").content.decode()
    assert not any(code in html for code in codes)
    assert client.get(f"/beheer/otp_totp/totpdevice/{apparaat.pk}/delete/").status_code == 200


# --- nothing stored that gives a second factor away (issue 15, item 5) ------------------------


def schrijfopdrachten(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]


def rijen() -> dict:
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (TOTPDevice, StaticDevice, StaticToken, Session, AccessAttempt)
    }


def test_opening_the_set_up_page_writes_nothing_at_the_first_login(client, medewerker):
    wachtwoord(client, medewerker)
    sessie = Session.objects.get().session_data
    voor = rijen()
    with CaptureQueriesContext(connection) as queries:
        eerste = client.get(INSTELLEN)
        tweede = client.get(INSTELLEN)
    assert eerste.status_code == tweede.status_code == 200
    assert schrijfopdrachten(queries) == []
    assert rijen() == voor
    assert Session.objects.get().session_data == sessie
    assert geheim_van(eerste) == geheim_van(tweede)
    # Stored once the app shows a right code.
    antwoord = client.post(INSTELLEN, {"code": code_uit_geheim(geheim_van(tweede))})
    assert antwoord["Location"] == HERSTELCODES
    assert TOTPDevice.objects.get(user=medewerker).confirmed


def test_opening_the_set_up_page_writes_nothing_for_a_new_phone(client, medewerker):
    authenticator(medewerker)
    client.force_login(medewerker)
    voor = rijen()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(INSTELLEN).status_code == 200
    assert schrijfopdrachten(queries) == []
    assert rijen() == voor


def test_the_key_being_set_up_is_good_for_this_session_and_a_quarter_of_an_hour(
    client, medewerker, coordinator
):
    wachtwoord(client, medewerker)
    geheim = geheim_van(client.get(INSTELLEN))
    # Another session (another person's) cannot use this key: a new one is shown.
    ander = Client()
    wachtwoord(ander, coordinator)
    ander.cookies["tweestaps_sleutel"] = client.cookies["tweestaps_sleutel"].value
    assert geheim_van(ander.get(INSTELLEN)) != geheim
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        wachtwoord(client, medewerker)  # the password step itself lasts five minutes
        antwoord = client.post(INSTELLEN, {"code": code_uit_geheim(geheim)})
        assert "Deze pagina was te lang open" in html(antwoord)
        assert geheim_van(antwoord) != geheim
    assert not TOTPDevice.objects.filter(user=medewerker).exists()


def test_recovery_codes_are_stored_only_as_fingerprints_and_each_works_once(medewerker):
    codes = herstelcodes_maken(user=medewerker)
    opgeslagen = list(StaticToken.objects.values_list("token", flat=True))
    assert len(opgeslagen) == 10 and not set(codes) & set(opgeslagen)
    assert all(len(t) == 16 for t in opgeslagen)
    assert code_controleren(user=medewerker, code=codes[3].upper()) is not None
    assert code_controleren(user=medewerker, code=codes[3]) is None
    assert StaticToken.objects.count() == 9


def test_recovery_codes_stored_before_are_hashed_by_the_migration_and_still_work(medewerker):
    """The data migration: a code stored as itself becomes its fingerprint and works once
    more; running it again changes nothing; an app never confirmed goes."""
    herstel = StaticDevice.objects.create(user=medewerker, name="Herstelcodes", confirmed=True)
    StaticToken.objects.create(device=herstel, token="abcdefgh")
    StaticToken.objects.create(device=herstel, token="ijklmnop")
    TOTPDevice.objects.create(user=medewerker, name="Authenticator-app", confirmed=False)
    migratie = importlib.import_module("toegang.accounts.migrations.0007_herstelcodes_gehasht")

    migratie.gehasht(apps, None)
    na_eerste = sorted(StaticToken.objects.values_list("token", flat=True))
    migratie.gehasht(apps, None)

    assert sorted(StaticToken.objects.values_list("token", flat=True)) == na_eerste
    assert "abcdefgh" not in na_eerste
    assert code_controleren(user=medewerker, code="ABCD EFGH") == herstel
    assert code_controleren(user=medewerker, code="ijklmnop") == herstel
    assert code_controleren(user=medewerker, code="abcdefgh") is None  # used up
    assert not TOTPDevice.objects.filter(confirmed=False).exists()
