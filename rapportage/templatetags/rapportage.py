"""Cells and charts of the dashboard in HTML."""

from django import template
from django.utils.html import format_html

from rapportage import grafieken
from rapportage.afscherming import KLEIN, VERBORGEN

register = template.Library()


@register.simple_tag
def cel(waarde):
    """A table cell's text; a hidden count says in words what the sign means."""
    tekst = waarde if isinstance(waarde, str) else waarde.tekst
    if tekst == KLEIN:
        return format_html(
            '<span aria-hidden="true">{}</span><span class="visueel-verborgen">minder dan 5</span>',
            KLEIN,
        )
    if tekst == VERBORGEN:
        return format_html('<span class="cel--verborgen">{}</span>', VERBORGEN)
    return tekst


@register.simple_tag
def grafiek(figuur):
    return grafieken.svg(figuur.grafiek)


@register.simple_tag
def legenda(figuur):
    return grafieken.legenda(figuur.grafiek)
