"""The schema.org description of a location as JSON-LD in the page head; dates and
dagdelen in the resident's language (locaties.openingstijden names them)."""

import json

from django import template
from django.utils.html import format_html

from locaties import openingstijden

register = template.Library()

# What could end the script element or open markup inside it, written as JSON escapes (the
# characters Django's json_script escapes; the JSON means the same).
IN_SCRIPT = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


class _ScriptJson:
    """JSON that may stand inside a <script> element: format_html asks it for its HTML."""

    def __init__(self, gegevens):
        self.gegevens = gegevens

    def __html__(self) -> str:
        return json.dumps(self.gegevens, ensure_ascii=False).translate(IN_SCRIPT)


@register.simple_tag
def jsonld(gegevens):
    return format_html('<script type="application/ld+json">{}</script>', _ScriptJson(gegevens))


@register.filter
def datum_inwoner(dag):
    """{{ datum|datum_inwoner }}: "woensdag 9 december" in the page's language."""
    return openingstijden.datum_inwoner(dag)


@register.filter
def sluitingsreden(reden):
    """{{ sluiting.reden|sluitingsreden }}: "Tweede kerstdag" in the page's language."""
    return openingstijden.sluitingsreden(reden)


@register.filter
def dagdeel(waarde):
    """{{ sluiting.dagdeel|dagdeel }}: "ochtend" in the page's language."""
    return openingstijden.dagdeel(waarde)
