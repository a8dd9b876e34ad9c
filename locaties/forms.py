from datetime import date

from django import forms
from django.core.exceptions import ValidationError

from toegang.invoer import OngeldigeInvoer, datum
from toegang.keuzelijst import Keuzelijst, NaamVeld

from .models import Dagdeel, OpeningsregelBasis, Toegangslocatie
from .services import roosterbare_medewerkers

MAX_DAGEN = 366
# The years the API answers for. Before 1940 Amsterdam kept its own mean time (UTC+00:19:32),
# an offset no ISO 8601 / RFC 3339 time can carry; nobody needs the front door's hours then.
EERSTE_JAAR, LAATSTE_JAAR = 2000, 2099


def _datum(value: str, veld: str) -> date:
    try:
        return datum(
            value,
            naam=veld,
            vroegst=date(EERSTE_JAAR, 1, 1),
            laatst=date(LAATSTE_JAAR, 12, 31),
        )
    except OngeldigeInvoer as fout:
        raise ValidationError(str(fout)) from None


class PeriodeForm(forms.Form):
    """?van=YYYY-MM-DD&tot=YYYY-MM-DD, both inclusive, at most a year."""

    van = forms.CharField(error_messages={"required": "Geef 'van' op (JJJJ-MM-DD)."})
    tot = forms.CharField(error_messages={"required": "Geef 'tot' op (JJJJ-MM-DD)."})

    def clean_van(self):
        return _datum(self.cleaned_data["van"], "van")

    def clean_tot(self):
        return _datum(self.cleaned_data["tot"], "tot")

    def clean(self):
        data = super().clean()
        van, tot = data.get("van"), data.get("tot")
        if van and tot:
            if van > tot:
                raise ValidationError("'van' ligt na 'tot'.")
            if (tot - van).days + 1 > MAX_DAGEN:
                raise ValidationError(f"De periode is langer dan {MAX_DAGEN} dagen.")
        return data


# Who can be put on the rota, picked by typed name like a colleague at the counter.
ROOSTERBAAR = Keuzelijst(
    "roosterbaar", "medewerker", "medewerkers", roosterbare_medewerkers, onderscheid="username"
)


class InroosterForm(forms.Form):
    locatie = forms.ModelChoiceField(Toegangslocatie.objects.all(), to_field_name="slug")
    datum = forms.DateField()
    dagdeel = forms.ChoiceField(choices=Dagdeel.choices)
    # A name from the rota's one list on the page (ROOSTERBAAR.namen), which serves the field
    # of every opening, where a <select> per opening repeated every person each time.
    medewerker = NaamVeld(
        ROOSTERBAAR, label="Medewerker", error_messages={"required": "Kies wie u wilt inroosteren."}
    )


class AfwezigheidForm(forms.Form):
    van = forms.DateField(label="Eerste dag", widget=forms.DateInput(attrs={"type": "date"}))
    tot = forms.DateField(label="Laatste dag", widget=forms.DateInput(attrs={"type": "date"}))
    omschrijving = forms.CharField(
        label="Omschrijving (alleen voor uzelf en de coördinator)", max_length=100, required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("van") and data.get("tot") and data["tot"] < data["van"]:
            self.add_error("tot", "De laatste dag ligt vóór de eerste dag.")
        return data


class OpeningsregelFormSet(forms.BaseInlineFormSet):
    """Rules of one owner may not overlap: checked across the whole submitted set.

    The inline shows every rule of the location, so the set is complete; each rule's own
    database check is switched off here, or a rule deleted or moved in the same submit
    would still count.
    """

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.overlap_in_formset = True
        return form

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # Only this owner's rules are a valid id: a forged id of another owner's rule (a
        # partner posting another organisation's) is a field error, not silently a new rule.
        form.fields[self._pk_field.name].queryset = self.get_queryset()

    def clean(self):
        super().clean()
        regels = [
            form.instance
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.instance.start
            and form.instance.einde
        ]
        for index, regel in enumerate(regels):
            for andere in regels[index + 1 :]:
                fout = OpeningsregelBasis.overlap_fout(regel, andere)
                if fout:
                    raise ValidationError(fout)
