"""Names and other texts from the database inside a translated sentence: on a right-to-left
page a Dutch or English name ("Figulus (Aalten)", "Stichting Welzijn 2.0") must not take the
sentence's punctuation along or be turned around, so it is isolated (<bdi>), whatever
language it is in."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def bdi(waarde):
    """{% blocktranslate with naam=organisatie.naam|bdi %}: the name isolated, escaped;
    the translatable sentence stays the same."""
    if waarde in (None, ""):
        return ""
    return format_html("<bdi>{}</bdi>", waarde)
