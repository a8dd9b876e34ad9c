from datetime import date

from django import forms
from django.core.exceptions import ValidationError

from toegang.invoer import OngeldigeInvoer, datum
from toegang.keuzelijst import Keuzelijst, NaamVeld

from .models import Dagdeel, OpeningsregelBasis, Toegangslocatie, Weekdag
from .services import roosterbare_medewerkers

MAX_DAGEN = 366
DATUMNOTATIES = ["%Y-%m-%d", "%d-%m-%Y"]
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


# The id of that list on the rota's pages.
ROOSTER_LIJST = "rooster-medewerkers"


class InroosterForm(forms.Form):
    locatie = forms.ModelChoiceField(Toegangslocatie.objects.all(), to_field_name="slug")
    datum = forms.DateField()
    dagdeel = forms.ChoiceField(choices=Dagdeel.choices)
    # A name from the rota's one list on the page (ROOSTERBAAR.namen), which serves the field
    # of every opening, where a <select> per opening repeated every person each time.
    medewerker = NaamVeld(
        ROOSTERBAAR, label="Medewerker", error_messages={"required": "Kies wie u wilt inroosteren."}
    )


class TerugkerendeDienstForm(forms.Form):
    """Who, where, which weekday and dagdeel, from when up to and including when. The
    rota's rules (locaties.services) decide which weeks get a shift."""

    medewerker = NaamVeld(
        ROOSTERBAAR,
        label="Wie",
        error_messages={"required": "Kies wie u wilt inroosteren."},
        help_text="Typ een deel van de naam en kies uit de lijst.",
    )
    locatie = forms.ModelChoiceField(
        Toegangslocatie.objects.all(),
        label="Waar",
        to_field_name="slug",
        empty_label=None,
        error_messages={"invalid_choice": "Kies een locatie uit de lijst."},
    )
    weekdag = forms.TypedChoiceField(
        label="Welke dag",
        choices=Weekdag.choices,
        coerce=int,
        error_messages={"invalid_choice": "Kies een dag uit de lijst."},
    )
    dagdeel = forms.ChoiceField(
        label="Welk dagdeel",
        choices=Dagdeel.choices,
        error_messages={"invalid_choice": "Kies een dagdeel uit de lijst."},
    )
    van = forms.DateField(
        label="Eerste dag",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=DATUMNOTATIES,
        error_messages={
            "required": "Kies de eerste dag.",
            "invalid": "Vul een datum in als dd-mm-jjjj.",
        },
    )
    tot = forms.DateField(
        label="Tot en met",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=DATUMNOTATIES,
        help_text="Hoogstens een jaar vooruit; verlengen kan later.",
        error_messages={
            "required": "Kies de laatste dag.",
            "invalid": "Vul een datum in als dd-mm-jjjj.",
        },
    )

    def __init__(self, *args, wijzigen: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # The page's one list of people (keuzelijst/_datalist.html).
        self.fields["medewerker"].widget.attrs["list"] = ROOSTER_LIJST
        self.fields["locatie"].label_from_instance = lambda locatie: locatie.korte_naam
        if wijzigen:
            # A change takes effect from today; the first day stays what it was.
            del self.fields["van"]


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


class AfsprakenForm(forms.ModelForm):
    """The coordinator's two settings of a location for appointments."""

    class Meta:
        model = Toegangslocatie
        fields = ["inloopreserve", "afspraakduur"]
        labels = {
            "inloopreserve": "Medewerkers vrij voor inloop",
            "afspraakduur": "Duur van een afspraak (minuten)",
        }
        error_messages = {
            "inloopreserve": {
                "invalid": "Vul een heel getal in, 0 of meer.",
                "required": "Vul in hoeveel medewerkers vrij blijven voor inloop.",
                "min_value": "Vul een heel getal in, 0 of meer.",
            },
            "afspraakduur": {
                "invalid": "Vul een aantal minuten in, tussen 10 en 240.",
                "required": "Vul in hoe lang een afspraak duurt.",
                "min_value": "Een afspraak duurt minstens 10 minuten.",
                "max_value": "Een afspraak duurt hoogstens 240 minuten.",
            },
        }

    def clean_inloopreserve(self):
        waarde = self.cleaned_data["inloopreserve"]
        if waarde > 20:
            raise ValidationError("Vul een getal in van 0 tot en met 20.")
        return waarde
