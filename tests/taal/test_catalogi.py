"""The untranslated-string check (issue 17, part 5), run by `make test`: every text a
resident may see is translated in every language, and no wrapped text is missing from the
catalogs. Fix a failure with `make messages` and fill in the msgstr it names."""

import subprocess
import time
from pathlib import Path

import pytest

from toegang.vertalingen import VERTAALDE_TALEN, catalogus, lees, nieuwe_teksten, onvertaald


@pytest.mark.parametrize("taal", VERTAALDE_TALEN)
def test_every_entry_is_translated_and_none_is_fuzzy(taal):
    assert onvertaald(taal) == [], f"Onvertaald of fuzzy in {catalogus(taal)}"


@pytest.mark.parametrize("taal", VERTAALDE_TALEN)
def test_every_translation_keeps_the_placeholders_of_its_msgid(taal):
    """msgfmt --check-format: a translation that drops or renames %(naam)s breaks the page."""
    uitkomst = subprocess.run(
        ["msgfmt", "--check-format", "-o", "/dev/null", str(catalogus(taal))],
        capture_output=True,
        text=True,
    )
    assert uitkomst.returncode == 0, uitkomst.stderr


def test_no_wrapped_text_is_missing_from_the_catalogs():
    """makemessages, run into a copy of the sources, adds nothing to the catalogs."""
    begin = time.perf_counter()
    nieuw = nieuwe_teksten()
    duur = time.perf_counter() - begin
    assert nieuw == [], "Niet in de catalogi (draai `make messages` en vertaal ze)"
    assert duur < 60, f"De controle duurde {duur:.1f} s"


# --- the check itself can fail ---------------------------------------------------------------

KOP = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def _catalogus(tmp_path: Path, inhoud: str) -> Path:
    pad = catalogus("de", tmp_path)
    pad.parent.mkdir(parents=True)
    pad.write_text(KOP + inhoud, encoding="utf-8")
    return tmp_path


def test_the_reader_finds_empty_fuzzy_and_half_translated_plural_entries(tmp_path):
    basis = _catalogus(
        tmp_path,
        'msgid "Taal"\nmsgstr "Sprache"\n\n'
        'msgid "Leeg"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Vaag"\nmsgstr "Unscharf"\n\n'
        'msgid "Een"\nmsgid_plural "Twee"\nmsgstr[0] "Eins"\nmsgstr[1] ""\n\n'
        'msgctxt "knop"\nmsgid ""\n"Verder "\n"lezen"\nmsgstr ""\n"Weiter"\n\n'
        '#~ msgid "Oud"\n#~ msgstr ""\n',
    )
    assert onvertaald("de", basis) == ["Leeg", "Vaag (fuzzy)", "Een"]
    regels = lees(catalogus("de", basis))
    assert [(r.msgctxt, r.msgid) for r in regels][-1] == ("knop", "Verder lezen")


def test_a_missing_catalog_is_reported(tmp_path):
    assert onvertaald("de", tmp_path) != []


def test_a_newly_wrapped_text_is_found(tmp_path, settings):
    """A template in a copy of the project with one text nobody translated yet."""
    basis = Path(settings.BASE_DIR)
    kopie = tmp_path / "project"
    kopie.mkdir()
    for naam in ["manage.py", "toegang", "intake", "sociale_kaart", "locaties", "rapportage"]:
        (kopie / naam).symlink_to(basis / naam)
    (kopie / "templates").mkdir()
    (kopie / "templates" / "nieuw.html").write_text(
        '{% load i18n %}{% translate "Een tekst die nog niemand vertaalde" %}'
    )
    (kopie / "locale" / "en" / "LC_MESSAGES").mkdir(parents=True)
    (kopie / "locale" / "en" / "LC_MESSAGES" / "django.po").write_text(KOP)
    assert "Een tekst die nog niemand vertaalde" in nieuwe_teksten(kopie)
