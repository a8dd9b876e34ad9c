"""Sentences about the sociale kaart as people would say them."""

from django import template
from django.utils.translation import gettext

from toegang.tekst import opsomming

register = template.Library()

IEDEREEN = "iedereen"


@register.filter
def voor_wie(doelgroepen) -> str:
    """Who an aanbod is for, as a sentence: "Speciaal voor ouderen en nieuwkomers.";
    "Iedereen" next to others becomes "Voor iedereen, vooral voor ouderen."; nothing when
    it names no one."""
    namen = [d.naam.strip().lower() for d in doelgroepen]
    anderen = [naam for naam in namen if naam != IEDEREEN]
    if len(anderen) < len(namen):
        if anderen:
            return gettext("Voor iedereen, vooral voor %(namen)s.") % {"namen": opsomming(anderen)}
        return gettext("Voor iedereen.")
    if anderen:
        return gettext("Speciaal voor %(namen)s.") % {"namen": opsomming(anderen)}
    return ""
