from django import forms
from django.forms import inlineformset_factory

from locaties.forms import OpeningsregelFormSet

from .bestanden import BestandFout, soort_herkennen
from .models import (
    Aanbod,
    AanbodOpVestiging,
    Doelgroep,
    Levensdomein,
    Organisatie,
    Vestiging,
    VestigingOpeningsregel,
    telefoon_validator,
)
from .services import (
    AANBOD_VELDEN,
    ORGANISATIE_VELDEN,
    VESTIGING_VELDEN,
    openingsregel_rij,
    openingsregels_sorteren,
)


def website_veld() -> forms.URLField:
    """A website typed without a scheme gets https:// (the Django 6 default)."""
    return forms.URLField(
        label="Website",
        required=False,
        assume_scheme="https",
        error_messages={
            "invalid": "Vul een volledig webadres in, bijvoorbeeld https://www.voorbeeld.nl."
        },
    )


class PartnerOrganisatieForm(forms.ModelForm):
    website = website_veld()
    telefoon = forms.CharField(
        label="Telefoon", max_length=20, required=False, validators=[telefoon_validator]
    )

    class Meta:
        model = Organisatie
        fields = ORGANISATIE_VELDEN
        error_messages = {
            "website": {
                "invalid": "Vul een volledig webadres in, bijvoorbeeld https://www.voorbeeld.nl."
            },
            "email": {"invalid": "Vul een geldig e-mailadres in, bijvoorbeeld info@voorbeeld.nl."},
        }


class PartnerAanbodForm(forms.ModelForm):
    website = website_veld()
    levensdomeinen = forms.ModelMultipleChoiceField(
        Levensdomein.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    doelgroepen = forms.ModelMultipleChoiceField(
        Doelgroep.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    toelichting = forms.CharField(
        label="Toelichting voor de beheerder (niet openbaar)", max_length=300, required=False
    )

    class Meta:
        model = Aanbod
        fields = AANBOD_VELDEN
        error_messages = {
            "website": {
                "invalid": "Vul een volledig webadres in, bijvoorbeeld https://www.voorbeeld.nl."
            },
            "email": {"invalid": "Vul een geldig e-mailadres in, bijvoorbeeld info@voorbeeld.nl."},
        }

    def clean(self):
        data = super().clean()
        van, tot = data.get("leeftijd_van"), data.get("leeftijd_tot")
        if van is not None and tot is not None and tot < van:
            self.add_error("leeftijd_tot", "De hoogste leeftijd is lager dan de laagste.")
        return data


class PartnerVestigingForm(forms.ModelForm):
    class Meta:
        model = Vestiging
        fields = VESTIGING_VELDEN


class _OpeningstijdenBasis(OpeningsregelFormSet):
    """The partner edits the rules that hold today or later; expired ones stay as they are
    (see services._toepassen) and are not shown."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", VestigingOpeningsregel.objects.niet_verlopen())
        super().__init__(*args, **kwargs)


def _datum_invoer() -> forms.DateInput:
    # ISO, the only format a date input accepts as its value.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


OpeningstijdenFormSet = inlineformset_factory(
    AanbodOpVestiging,
    VestigingOpeningsregel,
    formset=_OpeningstijdenBasis,
    fields=("weekdag", "dagdeel", "start", "einde", "geldig_van", "geldig_tot"),
    extra=2,
    can_delete=True,
    labels={
        "geldig_van": "Geldig vanaf (niet verplicht)",
        "geldig_tot": "Geldig tot en met (niet verplicht)",
    },
    widgets={
        "start": forms.TimeInput(attrs={"type": "time"}),
        "einde": forms.TimeInput(attrs={"type": "time"}),
        "geldig_van": _datum_invoer(),
        "geldig_tot": _datum_invoer(),
    },
)


def regels_uit(formset) -> list[list]:
    """The rules a valid formset describes, in the form services.openingsregel_rij gives."""
    regels = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE") or not data.get("start") or not data.get("einde"):
            continue
        regels.append(
            openingsregel_rij(
                data["weekdag"],
                data["dagdeel"],
                data["start"],
                data["einde"],
                data.get("geldig_van"),
                data.get("geldig_tot"),
            )  # fmt: skip
        )
    return openingsregels_sorteren(regels)


class ImportForm(forms.Form):
    """The upload in /beheer/: a spreadsheet, an HSDS CSV package or HSDS JSON."""

    bestand = forms.FileField(
        label="Bestand",
        help_text="Een Excel-werkmap (.xlsx) of CSV-bestand volgens het sjabloon, een HSDS "
        "CSV-pakket (.zip) of HSDS-JSON.",
        error_messages={
            "required": "Kies een bestand.",
            "empty": "Dit bestand is leeg.",
            "invalid": "Dit is geen bestand.",
        },
    )

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        self.inhoud = bestand.read()
        try:
            soort_herkennen(bestand.name, self.inhoud)
        except BestandFout as fout:
            raise forms.ValidationError(str(fout)) from None
        return bestand
