"""How every form of the portal looks: Bootstrap classes from the widget, and each error
tied to its field for screen readers. Rendered by `templates/formulier/_veld.html` and
`templates/formulier/_foutsamenvatting.html`."""

from django import forms


def bootstrap_klassen(form: forms.BaseForm) -> forms.BaseForm:
    """The Bootstrap class of every visible field, from its widget."""
    for veld in form.fields.values():
        widget = veld.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        if isinstance(
            widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect
        ):
            widget.attrs["class"] = "form-check-input"
        elif isinstance(widget, forms.Select):
            widget.attrs["class"] = "form-select"
        else:
            widget.attrs["class"] = "form-control"
    return form


def opmaken(form: forms.BaseForm) -> forms.BaseForm:
    """Bootstrap classes, and each error tied to its field for screen readers."""
    bootstrap_klassen(form)
    for veld in form:
        widget = veld.field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        if form.is_bound and veld.errors:
            widget.attrs["class"] += " is-invalid"
            widget.attrs["aria-invalid"] = "true"
            beschreven = [f"{veld.auto_id}-fout"]
            if veld.help_text:
                beschreven.append(f"{veld.auto_id}_helptext")
            widget.attrs["aria-describedby"] = " ".join(beschreven)
    return form
