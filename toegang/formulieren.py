"""How every form of the portal looks: NL Design System classes from the widget, and each
error tied to its field for screen readers. A field is drawn by `templates/jinja2/nlds/veld.html`
(`{% nlds_veld %}` in a page, and the "nlds" crispy pack's `field.html` for
`{{ form|crispy }}`); the summary of errors by `templates/nlds/foutsamenvatting.html`."""

from pathlib import Path

import jinja2
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates, Jinja2
from django.template.loader import get_template
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext

#: Classes NL Design System's form controls bring, per kind of widget; the first that fits.
#: CheckboxSelectMultiple before RadioSelect: Django makes it a subclass of RadioSelect.
_KLASSEN = (
    (forms.CheckboxInput, "utrecht-checkbox utrecht-checkbox--html-input"),
    (forms.CheckboxSelectMultiple, "utrecht-checkbox utrecht-checkbox--html-input"),
    (forms.RadioSelect, "utrecht-radio-button utrecht-radio-button--html-input"),
    (forms.Select, "utrecht-select utrecht-select--html-select"),
    (forms.Textarea, "utrecht-textarea utrecht-textarea--html-textarea"),
)
_TEKSTVAK = "utrecht-textbox utrecht-textbox--html-input"
#: Bootstrap classes an older form may still set on its widget; they are replaced.
_OUD = {"form-control", "form-select", "form-check-input", "is-invalid", "form-control-lg"}


def component_klasse(widget: forms.Widget) -> str:
    """The NLDS class of a widget, keeping any class of our own it already has."""
    klasse = next((k for soort, k in _KLASSEN if isinstance(widget, soort)), _TEKSTVAK)
    eigen = [k for k in widget.attrs.get("class", "").split() if k not in _OUD]
    return " ".join(dict.fromkeys([*klasse.split(), *eigen]))


def component_klassen(form: forms.BaseForm) -> forms.BaseForm:
    """The NLDS class of every visible field, from its widget."""
    for veld in form.fields.values():
        if not isinstance(veld.widget, forms.HiddenInput):
            veld.widget.attrs["class"] = component_klasse(veld.widget)
    return form


def opmaken(form: forms.BaseForm) -> forms.BaseForm:
    """NLDS classes; Django itself ties the help text and error message (`<id>_helptext`,
    `<id>_error`) to the input with aria-describedby and sets aria-invalid. Where a widget
    names its own description, the error message is added to it."""
    component_klassen(form)
    if form.is_bound:
        for veld in form:
            eigen = veld.field.widget.attrs.get("aria-describedby")
            if veld.errors and eigen and f"{veld.auto_id}_error" not in eigen:
                veld.field.widget.attrs["aria-describedby"] = f"{eigen} {veld.auto_id}_error"
    return form


def invoer(veld: forms.BoundField):
    """The input of a field with its NLDS class, also for a form whose view did not call
    `opmaken` (e.g. `{{ form|crispy }}`)."""
    return veld.as_widget(attrs={"class": component_klasse(veld.field.widget)})


def omgeving(**opties) -> jinja2.Environment:
    """The Jinja2 environment of the form templates: Django's translations (`_()` in a
    template, which makemessages finds as in a Django template), the input of a field
    (`invoer`) and a Django template where one is shared with the pages (`django`)."""
    opties.pop("autoescape", None)  # Django's Jinja2 backend asks for True; never anything else
    env = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n"], **opties)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.globals.update(
        invoer=invoer,
        django=lambda naam, **context: get_template(naam).render(context),
    )
    return env


class Weergave(Jinja2):
    """The form renderer (settings.FORM_RENDERER): every form field and input drawn by Jinja2.

    Django ships each of its form templates (`django/forms/…`: inputs, options, labels,
    error lists) twice, as a Django template and as a Jinja2 one, with the same markup.
    Jinja2 draws them two to three times as fast: a text input 83 → 34 µs, a select of 30
    options 1,035 → 491 µs, a row of 8 radio buttons 882 → 293 µs. In a profile the inputs
    were half the time of a form page (the question form, the admin's change forms with
    their inlines). The admin's own widgets (`admin/widgets/…`) exist only as Django templates
    and are drawn by Django's engine as before; so are all our pages' own templates, except
    the one template of a form field (`nlds/veld.html` and its parts, in templates/jinja2/):
    in a profile the case page's 32 fields took 25 of its 61 ms, most of it Django's engine
    drawing that template in the page's deep context; drawn by Jinja2, the case page went
    from 53 to 41 ms and the new question from 17 to 13 ms (in process, region world).
    One difference a browser does not see: Jinja2 escapes ' and " in a value as &#39; and
    &#34;, Django as &#x27; and &quot;."""

    def __init__(self):
        self.django = DjangoTemplates()

    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,
                # Django's input templates, then ours: the form field (`nlds/…`).
                "DIRS": [
                    Path(forms.__file__).parent / "jinja2",
                    settings.BASE_DIR / "templates/jinja2",
                ],
                "NAME": "formulieren",
                "OPTIONS": {"environment": "toegang.formulieren.omgeving"},
            }
        )

    def get_template(self, template_name):
        if template_name.startswith(("django/forms/", "nlds/")):
            return super().get_template(template_name)
        return self.django.get_template(template_name)
