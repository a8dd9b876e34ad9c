"""No secrets or personal data in the application's logs: recognisable values are planted
in requests, and every line the configured log handler writes is searched for them."""

import io
import logging
import secrets
import sys
import uuid
from datetime import timedelta
from types import SimpleNamespace

import pytest
from celery.signals import after_setup_logger
from django.urls import reverse
from gunicorn.config import Config

import toegang.celery  # noqa: F401 - connects the receiver
from intake.models import Hulpvraag
from toegang.logfilter import GeheimenFilter, GunicornLogger, verbergen

NAAM = "Zwaantje Plantinga"
TELEFOON = "06-99887766"
EMAIL = "zwaantje.plant@voorbeeld.nl"
VRAAG = "PLANTVRAAG mijn buurman slaat zijn hond"
WACHTWOORD = "Plant-Wachtwoord-9911"


@pytest.fixture
def logregels():
    """What the configured console handler (LOGGING in settings) writes, at DEBUG."""
    [console] = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    buffer = io.StringIO()
    vorige_stroom = console.setStream(buffer)
    root = logging.getLogger()
    vorig_niveau = root.level
    root.setLevel(logging.DEBUG)
    yield buffer
    root.setLevel(vorig_niveau)
    console.setStream(vorige_stroom)


def test_planted_personal_data_and_secrets_never_reach_the_log(
    client, levensdomeinen, medewerker, logregels
):
    inwoner = {
        "vraag": VRAAG,
        "naam": NAAM,
        "kern": "dinxperlo",
        "contactvoorkeur": "telefoon",
        "telefoon": TELEFOON,
        "email": EMAIL,
        "contacttijd": "ochtend",
        "toestemming_inzien": "on",
        "inzending": str(uuid.uuid4()),
        "aanbod": "",
        "website": "",
        "levensdomeinen": ["zorg"],
    }
    assert client.post("/hulpvraag/", inwoner).status_code == 303
    hulpvraag = Hulpvraag.objects.get()
    # Refused form, unknown and real secret links, a wrong password, a large body.
    client.post("/hulpvraag/", inwoner | {"toestemming_inzien": "", "inzending": "x"})
    onbekend = secrets.token_urlsafe(32)
    assert client.get(f"/hulpvraag/status/{onbekend}/").status_code == 404
    assert client.get(f"/mijn-diensten/agenda/{onbekend}.ics").status_code == 404
    client.get(hulpvraag.status_url)
    client.post(reverse("accounts:login"), {"username": "medewerker", "password": WACHTWOORD})
    client.post("/hulpvraag/", {"vraag": VRAAG * 10_000})
    # The front desk registers the same resident.
    client.force_login(medewerker)
    client.post(
        "/balie/nieuw/",
        {
            "inzending": str(uuid.uuid4()),
            "kanaal": "telefoon",
            "naam": NAAM,
            "telefoon": TELEFOON,
            "email": EMAIL,
            "kern": "aalten",
            "vraag": VRAAG,
            "contactvoorkeur": "telefoon",
            "toestemming_inzien": "on",
        },
    )

    log = logregels.getvalue()
    assert "Not Found: /hulpvraag/status/***/" in log  # the capture works
    for geplant in (NAAM, "Plantinga", TELEFOON, "99887766", EMAIL, VRAAG, WACHTWOORD):
        assert geplant not in log, geplant
    for geheim in (onbekend, hulpvraag.token):
        assert geheim not in log


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        (
            "Not Found: /hulpvraag/status/abcDEF_123-xyz0000000/",
            "Not Found: /hulpvraag/status/***/",
        ),
        ("GET /mijn-diensten/agenda/Zx9_aa-bb.ics", "GET /mijn-diensten/agenda/***"),
        ("/sociale-kaart/klopt-nog/abc:def/ 404", "/sociale-kaart/klopt-nog/***/ 404"),
        (
            "GET /sociale-kaart/capaciteit/0f3a.9b2c.12:1vX:abc_-/?keuze=vol",
            "GET /sociale-kaart/capaciteit/***/?keuze=vol",
        ),
        ("Key (email)=(anna.de.vries@example.org) exists", "Key (email)=(***) exists"),
        ("bel 06-12345678 of +31 6 1234 5678", "bel *** of ***"),
        ("of 0543 123 456.", "of ***."),
        (
            "hulpvraag 42 toegewezen op 2026-11-30 10:15:00",
            "hulpvraag 42 toegewezen op 2026-11-30 10:15:00",
        ),
        ("listening on 0.0.0.0:8000", "listening on 0.0.0.0:8000"),
    ],
)
def test_masking_hides_secret_links_addresses_and_phone_numbers(tekst, verwacht):
    assert verbergen(tekst) == verwacht


def test_tracebacks_are_masked_too():
    record = None
    try:
        raise ValueError("duplicate key: (email)=(a.b@example.org)")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "fout", (), sys.exc_info())
    GeheimenFilter().filter(record)
    regel = logging.Formatter().format(record)
    assert "a.b@example.org" not in regel
    assert "ValueError" in regel


def test_gunicorn_access_log_hides_tokens_and_query_values():
    logger = GunicornLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/hulpvraag/status/Geheim_Token_123456789/?van=nieuwsbrief",
        "PATH_INFO": "/hulpvraag/status/Geheim_Token_123456789/",
        "QUERY_STRING": "van=nieuwsbrief",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.1",
        "HTTP_REFERER": "https://toegang.aalten.nl/sociale-kaart/?q=schulden+Anna",
    }
    atoms = logger.atoms(
        SimpleNamespace(status="200 OK", sent=10, headers=[]),
        SimpleNamespace(headers=[]),
        environ,
        timedelta(seconds=0.1),
    )
    assert atoms["r"] == "GET /hulpvraag/status/***/?van=*** HTTP/1.1"
    assert atoms["U"] == "/hulpvraag/status/***/"
    assert atoms["q"] == "van=***"
    assert atoms["f"] == "https://toegang.aalten.nl/sociale-kaart/?q=***"


def test_celery_worker_logs_are_masked_too():
    logger = logging.getLogger("test.celery.masker")
    buffer = io.StringIO()
    logger.addHandler(logging.StreamHandler(buffer))
    logger.propagate = False
    after_setup_logger.send(
        sender=None, logger=logger, loglevel=logging.INFO, logfile=None, format="", colorize=False
    )
    logger.warning("Mail naar %s mislukt", EMAIL)
    assert EMAIL not in buffer.getvalue()
    assert "Mail naar *** mislukt" in buffer.getvalue()
