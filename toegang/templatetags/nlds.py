"""Template filters of the "nlds" form pack (templates/nlds/)."""

from django import template
from django.forms import BoundField

from toegang.formulieren import component_klasse

register = template.Library()


@register.filter
def nlds_invoer(veld: BoundField):
    """The input of a field with its NL Design System class, also for a form whose view did
    not call `opmaken` (e.g. `{{ form|crispy }}`)."""
    return veld.as_widget(attrs={"class": component_klasse(veld.field.widget)})
