"""Mijn vragen without an account: a resident asks for a one-time link with the e-mail
address they used, opens it once, and sees exactly their own open and recent questions
(online and at the counter), nothing of anyone else's."""

import re
import time
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from intake.models import (
    EmailWens,
    Gebeurtenis,
    Hulpvraag,
    Inloglink,
    Kanaal,
    Route,
    VeiligContact,
    bsn_sleutel,
    elfproef,
)
from intake.services.bewaren import bewaartermijnen_toepassen
from intake.services.hulpvraag import hulpvraag_indienen
from tests.intake.factories import HulpvraagFactory, InwonerFactory
from toegang.berichten.models import Mail
from toegang.privacy.models import Resultaat, Verwerking

pytestmark = pytest.mark.django_db

URL = "/mijn-vragen/"
OVERZICHT = "/mijn-vragen/overzicht/"
ANTWOORD = "Kennen wij vragen van dit e-mailadres?"


@pytest.fixture(autouse=True)
def snel(settings):
    # The answer's least time is measured in its own test; the rest need not wait.
    settings.MIJN_VRAGEN_ANTWOORD_MS = 0


@pytest.fixture
def twee_vragen(medewerker):
    """Anna asked one question online, and one at the counter where she was registered as a
    new resident with the same address (in capitals); Bert asked one of his own."""
    online = HulpvraagFactory(
        inwoner=InwonerFactory(naam="Anna Jansen", email="anna@example.org"),
        vraag="Online-geheim: ik kan de huur niet betalen.",
    )
    online.wijs_toe(medewerker, door=medewerker)
    balie, _ = hulpvraag_indienen(
        inwoner={"naam": "Anna Jansen", "email": "ANNA@example.org"},
        vraag="Balie-geheim: mantelzorg voor mijn moeder.",
        kanaal=Kanaal.BALIE_HOFSTRAAT,
        door=medewerker,
    )
    ander = HulpvraagFactory(
        inwoner=InwonerFactory(naam="Bert Bakker", email="bert@example.org"),
        vraag="Bert-geheim.",
    )
    return online, balie, ander


def link_aanvragen(client, email, mailoutbox, django_capture_on_commit_callbacks, **extra):
    aantal = len(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"email": email}, **extra)
    nieuw = mailoutbox[aantal:]
    return response, nieuw


def link_uit(mail) -> str:
    return re.search(r"https?://\S+(/mijn-vragen/link/[\w-]+/)", mail.body).group(1)


def test_resident_opens_the_link_once_and_sees_exactly_their_two_questions(
    resident, twee_vragen, mailoutbox, django_capture_on_commit_callbacks, medewerker
):
    online, balie, ander = twee_vragen
    response, mails = link_aanvragen(
        resident, "anna@example.org", mailoutbox, django_capture_on_commit_callbacks
    )
    assert response.status_code == 303
    # To the address on file (of the newest question), never to a variant typed now.
    assert len(mails) == 1 and [a.lower() for a in mails[0].to] == ["anna@example.org"]
    assert "Online-geheim" not in mails[0].body
    pad = link_uit(mails[0])
    token = pad.rstrip("/").rsplit("/", 1)[1]
    # Only a hash of the token is stored.
    assert not Inloglink.objects.filter(token_hash=token).exists()
    assert token not in str(list(Inloglink.objects.values()))

    # A GET (a mail scanner following the link) changes nothing.
    knop = resident.get(pad)
    assert knop.status_code == 200 and knop["Cache-Control"] == "no-store"
    assert resident.get(OVERZICHT).status_code == 303
    assert Inloglink.objects.get().gebruikt_op is None

    geopend = resident.post(pad)
    assert geopend.status_code == 303 and geopend["Location"] == OVERZICHT
    pagina = resident.get(OVERZICHT)
    html = pagina.content.decode()
    assert pagina.status_code == 200
    assert pagina["Cache-Control"] == "no-store"
    assert online.referentie in html and balie.referentie in html
    assert ander.referentie not in html and "Bert" not in html
    assert "geheim" not in html.lower()
    # The contact person's first name, and a link to each status page.
    assert medewerker.first_name in html
    assert online.status_url in html and balie.status_url in html
    rijen = Verwerking.objects.filter(toelichting="Mijn vragen (e-mail)")
    assert sorted(rijen.values_list("hulpvraag", flat=True)) == sorted(
        [online.referentie, balie.referentie]
    )
    assert set(rijen.values_list("rol", flat=True)) == {"inwoner"}

    # The same link again, from another browser: refused, no session, logged.
    ander_client = Client()
    tweede = ander_client.post(pad)
    assert tweede.status_code == 410
    assert "al een keer gebruikt" in tweede.content.decode()
    assert ander_client.get(OVERZICHT).status_code == 303
    assert Verwerking.objects.filter(
        resultaat=Resultaat.GEWEIGERD, toelichting="Mijn vragen: link al gebruikt"
    ).exists()


def test_the_stored_mail_keeps_no_link_once_sent_and_the_link_still_works(
    resident, twee_vragen, mailoutbox, django_capture_on_commit_callbacks
):
    """A beheerder reading the outbox (/beheer/berichten/mail/) could otherwise open the
    resident's questions with a link that was not used yet."""
    _, mails = link_aanvragen(
        resident, "anna@example.org", mailoutbox, django_capture_on_commit_callbacks
    )
    pad = link_uit(mails[0])
    opgeslagen = Mail.objects.get(sleutel__startswith="inloglink:")
    assert opgeslagen.geheim and opgeslagen.status == Mail.Status.VERZONDEN
    assert "/mijn-vragen/link/" not in opgeslagen.tekst
    assert resident.post(pad)["Location"] == OVERZICHT


def test_unknown_address_gets_the_same_answer_and_no_mail(
    resident, twee_vragen, mailoutbox, django_capture_on_commit_callbacks
):
    bekend, mails_bekend = link_aanvragen(
        resident, "anna@example.org", mailoutbox, django_capture_on_commit_callbacks
    )
    onbekend, mails_onbekend = link_aanvragen(
        Client(), "niemand@example.org", mailoutbox, django_capture_on_commit_callbacks
    )
    assert (bekend.status_code, bekend["Location"]) == (onbekend.status_code, onbekend["Location"])
    assert len(mails_bekend) == 1 and mails_onbekend == []
    assert Inloglink.objects.count() == 1
    assert ANTWOORD in resident.get(URL).content.decode()


def test_answer_takes_the_same_least_time_known_or_not(
    resident, twee_vragen, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.MIJN_VRAGEN_ANTWOORD_MS = 300
    tijden = {}
    for email in ("anna@example.org", "niemand@example.org", "anna@example.org"):
        begin = time.monotonic()
        link_aanvragen(Client(), email, mailoutbox, django_capture_on_commit_callbacks)
        tijden.setdefault(email, []).append(time.monotonic() - begin)
    alle = [t for lijst in tijden.values() for t in lijst]
    assert min(alle) >= 0.3
    # Both well within the floor's margin of each other.
    assert max(alle) - min(alle) < 0.2


def test_link_expires_after_30_minutes(
    resident, twee_vragen, mailoutbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(timezone.now(), tick=False) as reis:
        _, mails = link_aanvragen(
            resident, "anna@example.org", mailoutbox, django_capture_on_commit_callbacks
        )
        pad = link_uit(mails[0])
        reis.shift(timedelta(minutes=30, seconds=1))
        response = resident.post(pad)
        assert response.status_code == 410
        assert "verlopen" in response.content.decode()
        assert resident.get(OVERZICHT).status_code == 303
    assert Verwerking.objects.filter(
        resultaat=Resultaat.GEWEIGERD, toelichting="Mijn vragen: link verlopen"
    ).exists()


def test_link_just_within_30_minutes_works(
    resident, twee_vragen, mailoutbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(timezone.now(), tick=False) as reis:
        _, mails = link_aanvragen(
            resident, "anna@example.org", mailoutbox, django_capture_on_commit_callbacks
        )
        reis.shift(timedelta(minutes=29, seconds=59))
        assert resident.post(link_uit(mails[0]))["Location"] == OVERZICHT


def test_a_tampered_link_is_a_404_and_opens_nothing(resident, twee_vragen):
    assert resident.post("/mijn-vragen/link/" + "x" * 43 + "/").status_code == 404
    assert resident.get("/mijn-vragen/link/kort/").status_code == 404
    assert resident.get(OVERZICHT).status_code == 303


def test_session_ends_after_its_time(
    resident, twee_vragen, settings, mailoutbox, django_capture_on_commit_callbacks
):
    _, mails = link_aanvragen(
        resident, "anna@example.org", mailoutbox, django_capture_on_commit_callbacks
    )
    resident.post(link_uit(mails[0]))
    assert resident.get(OVERZICHT).status_code == 200
    with time_machine.travel(
        timezone.now() + timedelta(seconds=settings.MIJN_VRAGEN_SESSIE_SECONDEN + 1)
    ):
        assert resident.get(OVERZICHT)["Location"] == URL


def test_logging_out_ends_the_session(
    resident, twee_vragen, mailoutbox, django_capture_on_commit_callbacks
):
    _, mails = link_aanvragen(
        resident, "anna@example.org", mailoutbox, django_capture_on_commit_callbacks
    )
    resident.post(link_uit(mails[0]))
    assert resident.post("/mijn-vragen/uitloggen/").status_code == 303
    assert resident.get(OVERZICHT).status_code == 303


def test_the_list_is_fixed_to_what_the_link_opened(
    resident, twee_vragen, mailoutbox, django_capture_on_commit_callbacks
):
    """A question of the same address registered after the link was opened is not on the
    list of that session: it shows what the link opened, nothing more."""
    _, mails = link_aanvragen(
        resident, "anna@example.org", mailoutbox, django_capture_on_commit_callbacks
    )
    resident.post(link_uit(mails[0]))
    later = HulpvraagFactory(inwoner=InwonerFactory(email="anna@example.org"))
    assert later.referentie not in resident.get(OVERZICHT).content.decode()


def test_closed_long_ago_and_anonymised_questions_are_not_listed(
    resident, twee_vragen, medewerker, mailoutbox, django_capture_on_commit_callbacks
):
    online, balie, _ = twee_vragen
    Hulpvraag.objects.filter(pk=online.pk).update(
        status="afgerond",
        route=Route.SOCIALE_BASIS,
        uitkomst="x",
        afgesloten_op=timezone.now() - timedelta(days=31),
    )
    _, mails = link_aanvragen(
        resident, "anna@example.org", mailoutbox, django_capture_on_commit_callbacks
    )
    resident.post(link_uit(mails[0]))
    html = resident.get(OVERZICHT).content.decode()
    assert balie.referentie in html and online.referentie not in html


# --- rate limits ------------------------------------------------------------------------


def test_requests_are_limited_per_client_address(settings, twee_vragen):
    settings.MIJN_VRAGEN_LIMIET = 2
    client = Client(REMOTE_ADDR="10.1.1.1")
    for nummer in range(2):
        assert client.post(URL, {"email": f"x{nummer}@example.org"}).status_code == 303
    te_veel = client.post(URL, {"email": "x9@example.org"})
    assert te_veel.status_code == 429
    # Another address goes on.
    assert Client(REMOTE_ADDR="10.1.1.2").post(URL, {"email": "y@example.org"}).status_code == 303


def test_requests_are_limited_per_email_address(
    settings, twee_vragen, mailoutbox, django_capture_on_commit_callbacks
):
    settings.MIJN_VRAGEN_EMAIL_LIMIET = 2
    for nummer in range(2):
        response, _ = link_aanvragen(
            Client(REMOTE_ADDR=f"10.2.0.{nummer}"),
            "Anna@example.org",
            mailoutbox,
            django_capture_on_commit_callbacks,
        )
        assert response.status_code == 303
    response, mails = link_aanvragen(
        Client(REMOTE_ADDR="10.2.0.9"),
        "anna@example.org",
        mailoutbox,
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 429 and mails == []
    assert len(mailoutbox) == 2


# --- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize("email", ["", "geen-adres", "a@" + "b" * 300 + ".nl", "a\x00@b.nl"])
def test_bad_addresses_get_a_dutch_message_and_keep_what_was_typed(resident, email):
    response = resident.post(URL, {"email": email})
    assert response.status_code == 400
    assert "e-mailadres" in response.content.decode()


# --- veilig contact ---------------------------------------------------------------------


def test_no_link_when_a_question_says_no_email(
    resident, twee_vragen, mailoutbox, django_capture_on_commit_callbacks
):
    """Whoever reads the mailbox could be the person the resident needs to be safe from:
    no link at all, the same answer, and the case's timeline says why."""
    online, balie, _ = twee_vragen
    VeiligContact.vastleggen(hulpvraag=balie, door=None, email=EmailWens.GEEN)
    response, mails = link_aanvragen(
        resident, "anna@example.org", mailoutbox, django_capture_on_commit_callbacks
    )
    assert response.status_code == 303 and mails == []
    assert not Inloglink.objects.exists()
    assert Gebeurtenis.objects.filter(
        hulpvraag=balie, soort=Gebeurtenis.Soort.VEILIG_CONTACT, tekst__startswith="E-mail niet"
    ).exists()


def test_only_needed_email_still_gets_the_link(
    resident, twee_vragen, mailoutbox, django_capture_on_commit_callbacks
):
    _, balie, _ = twee_vragen
    VeiligContact.vastleggen(hulpvraag=balie, door=None, email=EmailWens.ALLEEN_NODIG)
    _, mails = link_aanvragen(
        resident, "anna@example.org", mailoutbox, django_capture_on_commit_callbacks
    )
    assert len(mails) == 1


# --- the link's mail and retention ------------------------------------------------------


def test_mail_is_in_the_language_of_the_page(
    twee_vragen, mailoutbox, django_capture_on_commit_callbacks
):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "en"
    _, mails = link_aanvragen(
        client, "anna@example.org", mailoutbox, django_capture_on_commit_callbacks
    )
    assert mails[0].subject == "Your link to My questions"
    assert "Beste inwoner" not in mails[0].body


def test_retention_removes_old_links_and_their_mails_and_the_digid_hash(
    settings, twee_vragen, mailoutbox, django_capture_on_commit_callbacks
):
    from toegang.berichten.models import Mail

    settings.DIGID_BSN_SLEUTEL = "test-sleutel"
    _, mails = link_aanvragen(
        Client(), "anna@example.org", mailoutbox, django_capture_on_commit_callbacks
    )
    assert Mail.objects.filter(sleutel__startswith="inloglink:").exists()
    online, _, _ = twee_vragen
    Hulpvraag.objects.filter(pk=online.pk).update(
        digid_sleutel=bsn_sleutel("111222333"),
        status="afgerond",
        route=Route.SOCIALE_BASIS,
        uitkomst="x",
        afgesloten_op=timezone.now() - timedelta(days=3 * 365),
    )
    bewaartermijnen_toepassen(nu=timezone.now() + timedelta(days=1, minutes=1))
    assert not Inloglink.objects.exists()
    assert not Mail.objects.filter(sleutel__startswith="inloglink:").exists()
    online.refresh_from_db()
    assert online.digid_sleutel == ""


# --- DigiD helpers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bsn", "goed"),
    [
        ("111222333", True),
        ("123456782", True),
        ("69023645", True),  # eight digits: a leading zero
        ("12345678", False),
        ("123456789", False),
        ("000000000", False),
        ("11122233", False),
        ("1112223333", False),
        ("11122233x", False),
        ("１１１２２２３３３", False),  # full-width digits are no digits
        ("", False),
    ],
)
def test_elfproef(bsn, goed):
    assert elfproef(bsn) is goed


def test_bsn_hash_is_keyed(settings):
    settings.DIGID_BSN_SLEUTEL = "een"
    een = bsn_sleutel("111222333")
    settings.DIGID_BSN_SLEUTEL = "twee"
    assert bsn_sleutel("111222333") != een
    assert "111222333" not in een
