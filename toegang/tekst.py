"""Small pieces of running text in the active language, for every app."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext


def opsomming(namen: list[str]) -> str:
    """'Dinxperlo', 'Dinxperlo en Bredevoort', 'Aalten, Dinxperlo en Bredevoort'."""
    if len(namen) <= 1:
        return "".join(namen)
    return gettext("%(eerste)s en %(laatste)s") % {
        "eerste": ", ".join(namen[:-1]),
        "laatste": namen[-1],
    }


def taalnaam(code: str) -> str:
    """A language's name in Dutch ("Arabisch"), for staff pages whatever language is active;
    the code itself when Django does not know it."""
    with translation.override(settings.LANGUAGE_CODE):
        try:
            return str(translation.get_language_info(code)["name_translated"])
        except KeyError:
            return code
