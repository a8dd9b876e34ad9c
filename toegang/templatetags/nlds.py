"""Template tags of the form fields: the one field template (templates/jinja2/nlds/veld.html),
drawn by the form renderer (toegang.formulieren.Weergave) in a Django template."""

from django import template
from django.forms import BoundField

from toegang.formulieren import invoer

register = template.Library()


@register.simple_tag
def nlds_veld(veld: BoundField, **opties):
    """`{% nlds_veld form.naam %}`: a whole field (label, description, error, input).
    `optioneel=True` or `alleen_opgegeven=True` as in veld.html."""
    return veld.render("nlds/veld.html", {"veld": veld, **opties})


@register.simple_tag
def nlds_velddeel(deel: str, veld: BoundField):
    """`{% nlds_velddeel "fout" field %}`: one part of a field ("fout", "beschrijving") where a
    page lays out the rest itself."""
    return veld.render(f"nlds/_{deel}.html", {"veld": veld})


@register.filter
def nlds_invoer(veld: BoundField):
    """`{{ field|nlds_invoer }}`: only the input (toegang.formulieren.invoer)."""
    return invoer(veld)
