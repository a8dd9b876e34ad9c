"""How every form of the portal looks: NL Design System classes from the widget, and each
error tied to its field for screen readers. Rendered by the "nlds" template pack
(`templates/nlds/veld.html`, `foutsamenvatting.html`), which `templates/formulier/_veld.html`,
the resident includes in `templates/intake/hulpvraag/` and `{{ form|crispy }}` all use."""

from django import forms

#: Classes NL Design System's form controls bring, per kind of widget.
_KLASSEN = (
    (forms.CheckboxInput, "utrecht-checkbox utrecht-checkbox--html-input"),
    (forms.RadioSelect, "utrecht-radio-button utrecht-radio-button--html-input"),
    (forms.CheckboxSelectMultiple, "utrecht-checkbox utrecht-checkbox--html-input"),
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


#: The old name, still called by views of other parts; same behaviour.
bootstrap_klassen = component_klassen


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
