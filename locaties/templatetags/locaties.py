"""The schema.org description of a location as JSON-LD in the page head."""

import json

from django import template
from django.utils.html import format_html

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
