"""toegang/formulieren.py: how every form is drawn."""

from pathlib import Path

from django import forms
from django.conf import settings
from django.forms.renderers import get_default_renderer
from django.template import Context, Template
from django.template.backends.django import Template as DjangoTemplate
from django.template.backends.jinja2 import Template as Jinja2Template
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import templatize

from toegang.formulieren import Weergave, component_klassen, opmaken


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


class Aanvraag(forms.Form):
    naam = forms.CharField(label='Naam <b>"x"</b>', help_text="Zoals op uw <pas>")
    notitie = forms.CharField(required=False)
    kanaal = forms.ChoiceField(
        choices=[("bel", "Bellen"), ("mail", "Mailen <i>")], widget=forms.RadioSelect
    )


def _veld(form, naam, **opties) -> str:
    sjabloon = Template("{% load nlds %}{% nlds_veld veld optioneel=o alleen_opgegeven=a %}")
    return sjabloon.render(
        Context({"veld": form[naam], "o": opties.get("optioneel"), "a": opties.get("alleen")})
    )


def test_the_field_template_is_jinja2_and_crispys_pack_draws_it_too():
    assert isinstance(Weergave().get_template("nlds/veld.html"), Jinja2Template)
    form = Aanvraag()
    assert _veld(form, "naam") in render_to_string("nlds/field.html", {"field": form["naam"]})


def test_a_field_keeps_label_description_error_and_value_escaped_and_tied_together():
    form = opmaken(Aanvraag({"naam": '<script>alert("x")</script>', "kanaal": "fax"}))
    form.add_error("naam", "Te <lang>")
    html = _veld(form, "naam")
    assert "<script>" not in html and "<b>" not in html and "<pas>" not in html
    assert 'value="&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"' in html
    assert '<p class="utrecht-form-field-description" id="id_naam_helptext">' in html
    assert (
        '<p class="utrecht-form-field-error-message" id="id_naam_error">'
        '<span class="visueel-verborgen">Fout: </span>Te &lt;lang&gt;</p>'
    ) in html
    assert 'aria-describedby="id_naam_helptext id_naam_error"' in html
    groep = _veld(form, "kanaal")
    assert groep.startswith("<fieldset") and 'aria-describedby="id_kanaal_error"' in groep
    assert "Mailen &lt;i&gt;" in groep and 'type="radio"' in groep


def test_not_required_is_said_as_the_page_asks_in_the_residents_language():
    form = Aanvraag()
    assert "(niet verplicht)" in _veld(form, "notitie")
    assert "(niet verplicht)" not in _veld(form, "naam")
    # The resident pages say it only where they ask for it (alleen_opgegeven).
    assert "(niet verplicht)" not in _veld(form, "notitie", alleen=True)
    assert "(niet verplicht)" in _veld(form, "naam", alleen=True, optioneel=True)
    form = Aanvraag({"kanaal": "bel"})
    with translation.override("en"):
        assert "(not required)" in _veld(form, "notitie")
        assert '<span class="visueel-verborgen">Error: </span>' in _veld(form, "naam")


def test_a_residents_field_says_not_required_only_where_the_page_asks():
    """intake/hulpvraag/_veld.html, every field of the resident pages: with optioneel=True
    from the include, never because the form field is not required."""
    form = Aanvraag()

    def veld(**context):
        return render_to_string("intake/hulpvraag/_veld.html", context)

    assert "(niet verplicht)" not in veld(field=form["notitie"])
    assert "(niet verplicht)" in veld(field=form["naam"], optioneel=True)
    assert "(niet verplicht)" in veld(field=form["kanaal"], optioneel=True)


def test_makemessages_finds_the_texts_of_the_jinja2_field_templates():
    """makemessages reads every .html as a Django template (templatize); `_()` in a variable
    is what it finds in both engines."""
    map_ = Path(settings.BASE_DIR) / "templates" / "jinja2" / "nlds"
    gevonden = "".join(
        templatize((map_ / naam).read_text()) for naam in ("_fout.html", "_verplicht.html")
    )
    assert '_("Fout:")' in gevonden and '_("(niet verplicht)")' in gevonden
