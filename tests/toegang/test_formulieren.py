"""toegang/formulieren.py: how every form is drawn."""

from django import forms
from django.forms.renderers import get_default_renderer
from django.template.backends.django import Template as DjangoTemplate
from django.template.backends.jinja2 import Template as Jinja2Template

from toegang.formulieren import Weergave, component_klassen


class Formulier(forms.Form):
    naam = forms.CharField(max_length=20, initial='<b>O\'Brien</b> & "zoon"')
    kern = forms.ChoiceField(choices=[("a", "Aalten"), ("d", "Dinxperlo")], initial="d")
    contact = forms.ChoiceField(
        choices=[("bel", "Bellen"), ("mail", "Mailen")], widget=forms.RadioSelect, initial="mail"
    )


def test_every_form_is_drawn_by_our_renderer():
    assert isinstance(get_default_renderer(), Weergave)


def test_djangos_input_templates_by_jinja2_the_admins_widgets_by_djangos_engine():
    weergave = Weergave()
    assert isinstance(weergave.get_template("django/forms/widgets/select.html"), Jinja2Template)
    assert isinstance(weergave.get_template("django/forms/errors/list/ul.html"), Jinja2Template)
    # Only a Django template exists of these (django.contrib.admin): drawn as before.
    for naam in ("admin/widgets/related_widget_wrapper.html", "admin/widgets/split_datetime.html"):
        assert isinstance(weergave.get_template(naam), DjangoTemplate)


def test_inputs_keep_their_value_escaped_and_their_choice():
    html = Formulier().as_div()
    assert 'value="&lt;b&gt;O&#39;Brien&lt;/b&gt; &amp; &#34;zoon&#34;"' in html
    assert "<b>" not in html
    assert '<option value="d" selected>Dinxperlo</option>' in html
    assert (
        '<input type="radio" name="contact" value="mail" required id="id_contact_1" checked>'
        in html
    )


def test_a_choice_of_several_is_drawn_as_checkboxes_not_as_round_radio_buttons():
    """Django makes CheckboxSelectMultiple a subclass of RadioSelect; NLDS's radio button
    class would draw each box round, as if only one could be chosen."""

    class Keuzes(forms.Form):
        domeinen = forms.MultipleChoiceField(
            choices=[("geld", "Geld"), ("werk", "Werk")], widget=forms.CheckboxSelectMultiple
        )
        contact = forms.ChoiceField(choices=[("bel", "Bellen")], widget=forms.RadioSelect)

    form = component_klassen(Keuzes())
    assert form.fields["domeinen"].widget.attrs["class"] == (
        "utrecht-checkbox utrecht-checkbox--html-input"
    )
    assert form.fields["contact"].widget.attrs["class"] == (
        "utrecht-radio-button utrecht-radio-button--html-input"
    )
