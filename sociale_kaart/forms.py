from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Value
from django.db.models.functions import Concat
from django.forms import inlineformset_factory
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from locaties.forms import OpeningsregelFormSet
from locaties.models import Kern
from toegang.keuzelijst import Keuzelijst, NaamVeld
from toegang.persoonsgegevens import CONTACTGEGEVENS, gevonden
from toegang.tekst import taalnaam
from toegang.telefoon import TelefoonVeld
from toegang.vertalingen import VERTAALDE_TALEN

from .bestanden import BestandFout, soort_herkennen
from .models import (
    WACHTLIJST_WEKEN_FOUT,
    WACHTLIJST_WEKEN_MAX,
    Aanbod,
    AanbodOpVestiging,
    Capaciteit,
    Doelgroep,
    Levensdomein,
    Organisatie,
    Vestiging,
    VestigingOpeningsregel,
    Werkgebied,
    capaciteit_controleren,
)
from .services import (
    AANBOD_VELDEN,
    ORGANISATIE_VELDEN,
    VERTALING,
    VERTALING_TEKSTEN,
    VESTIGING_VELDEN,
    openingsregel_rij,
    openingsregels_sorteren,
)
from .zoeken import MAX_ZOEKTEKST, Filters
from .zoeksignalen import TOELICHTING_MAX


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
    telefoon = TelefoonVeld(label="Telefoon", required=False)

    class Meta:
        model = Organisatie
        fields = ORGANISATIE_VELDEN
        error_messages = {
            "website": {
                "invalid": "Vul een volledig webadres in, bijvoorbeeld https://www.voorbeeld.nl."
            },
            "email": {"invalid": "Vul een geldig e-mailadres in, bijvoorbeeld info@voorbeeld.nl."},
        }


def kernen_veld() -> forms.MultipleChoiceField:
    """The kernen of a werkgebied as checkboxes (the beheerder's and the partner's form)."""
    return forms.MultipleChoiceField(
        label="In welke kernen?",
        choices=Kern.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Alleen als u 'In een of meer kernen' kiest.",
        error_messages={"invalid_choice": "Kies een kern uit de lijst."},
    )


class WerkgebiedVelden(forms.ModelForm):
    """The werkgebied as radio buttons, its kernen as checkboxes, and 'Ook bij u thuis', for
    the beheerder's and the partner's aanbod form. Aanbod.clean keeps kernen only with 'In
    een of meer kernen' and asks for one then; what it keeps is what the form gives."""

    werkgebied = forms.ChoiceField(
        label="Waar is het aanbod er?",
        choices=Werkgebied.choices,
        widget=forms.RadioSelect,
        help_text="Zoekt een inwoner op een plaats, dan vindt hij uw aanbod als het daar is: "
        "door dit werkgebied of door een vestiging in die plaats.",
    )
    werkgebied_kernen = kernen_veld()
    aan_huis = forms.BooleanField(
        label="Wij komen ook bij de inwoner thuis",
        required=False,
        help_text="Inwoners lezen dan: 'Ook bij u thuis'.",
    )

    def _post_clean(self):
        super()._post_clean()  # Aanbod.clean: werkgebied_kernen_schoon on the instance
        if "werkgebied_kernen" in self.cleaned_data:
            self.cleaned_data["werkgebied_kernen"] = self.instance.werkgebied_kernen


class PartnerAanbodForm(WerkgebiedVelden):
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


class PartnerVertalingForm(forms.Form):
    """An aanbod's name and descriptions in the other languages of the site, each language
    optional: all three texts or none (AanbodVertaling: a page never mixes two languages in
    one aanbod). Emptying a language removes its translation. `cleaned_data` holds one
    change field per language (services.VERTALING_VELDEN)."""

    toelichting = forms.CharField(
        label="Toelichting voor de beheerder (niet openbaar)", max_length=300, required=False
    )

    def __init__(self, data=None, *, instance: Aanbod, **kwargs):
        super().__init__(data, **kwargs)
        self.instance = instance
        bestaand = {v.taal: v for v in instance.vertalingen.all()}
        toelichting = self.fields.pop("toelichting")
        self.talen = []
        for taal in VERTAALDE_TALEN:
            naam = taalnaam(taal)
            vertaling = bestaand.get(taal)
            velden = {
                "naam": forms.CharField(label=f"Naam ({naam})", max_length=150),
                "korte_beschrijving": forms.CharField(
                    label=f"Korte beschrijving ({naam})",
                    max_length=200,
                    help_text="Eén zin, zoals in de zoekresultaten.",
                ),
                "beschrijving": forms.CharField(
                    label=f"Beschrijving ({naam})", widget=forms.Textarea(attrs={"rows": 5})
                ),
            }
            for tekst, veld in velden.items():
                veld.required = False
                # Typed in that language: the browser's spelling check and right to left for
                # Arabic follow the field.
                veld.widget.attrs.update({"lang": taal, "dir": "auto"})
                veld.initial = getattr(vertaling, tekst, "")
                self.fields[f"{taal}_{tekst}"] = veld
            self.talen.append((taal, naam, [f"{taal}_{tekst}" for tekst in VERTALING_TEKSTEN]))
        self.fields["toelichting"] = toelichting

    def taalgroepen(self):
        """Per language: code, Dutch name and its three bound fields (for the template)."""
        return [(taal, naam, [self[v] for v in velden]) for taal, naam, velden in self.talen]

    def clean(self):
        data = super().clean()
        for taal, naam, _velden in self.talen:
            teksten = {t: (data.get(f"{taal}_{t}") or "").strip() for t in VERTALING_TEKSTEN}
            ingevuld = [t for t, w in teksten.items() if w]
            if ingevuld and len(ingevuld) < len(VERTALING_TEKSTEN):
                for tekst, waarde in teksten.items():
                    if not waarde:
                        self.add_error(
                            f"{taal}_{tekst}",
                            f"Vul ook dit in, of maak de andere velden voor het {naam} leeg.",
                        )
            data[VERTALING + taal] = teksten if ingevuld else None
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


class CapaciteitForm(forms.Form):
    """Whether an aanbod takes new clients: for the one-click link and the partner portal.
    The rule itself is the model's (capaciteit_controleren); weeks typed next to another
    answer than wachtlijst are ignored, not refused."""

    capaciteit = forms.ChoiceField(
        label="Kunnen nieuwe cliënten bij u terecht?",
        choices=[
            (Capaciteit.JA, "Ja, er is plaats voor nieuwe cliënten"),
            (Capaciteit.WACHTLIJST, "Er is een wachtlijst"),
            (Capaciteit.VOL, "Nee, het is vol: er kan nu niemand nieuw bij"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Kies of er plaats is voor nieuwe cliënten.",
            "invalid_choice": "Kies of er plaats is voor nieuwe cliënten.",
        },
    )
    wachtlijst_weken = forms.IntegerField(
        label="Bij een wachtlijst: hoeveel weken wachten nieuwe cliënten ongeveer?",
        help_text=f"Een aantal weken, van 1 tot en met {WACHTLIJST_WEKEN_MAX}.",
        required=False,
        min_value=1,
        max_value=WACHTLIJST_WEKEN_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "invoer-kort"}),
        error_messages={
            "invalid": "Vul een heel getal in, bijvoorbeeld 6.",
            "min_value": WACHTLIJST_WEKEN_FOUT,
            "max_value": WACHTLIJST_WEKEN_FOUT,
        },
    )

    def clean(self):
        data = super().clean()
        capaciteit = data.get("capaciteit")
        if capaciteit and capaciteit != Capaciteit.WACHTLIJST:
            self.errors.pop("wachtlijst_weken", None)
            data["wachtlijst_weken"] = None
        elif capaciteit and "wachtlijst_weken" not in self.errors:
            try:
                capaciteit_controleren(capaciteit, data.get("wachtlijst_weken"))
            except ValidationError as fout:
                self.add_error(None, fout)
        return data


# The query parameter (and form field) that carries a search signal's token.
SIGNAAL_PARAMETER = "zs"
# What a link back to the results may carry: the search itself, nothing else.
_TERUG_PARAMETERS = ("q", "pagina", SIGNAAL_PARAMETER, *Filters.NAMEN)


class ZoekantwoordForm(forms.Form):
    """ "Vond u wat u zocht?" under the search results. No personal data is asked; a phone
    number or e-mail address in the remark is refused with the reason (nobody calls or
    mails back from here), anything else personal is masked before it is stored."""

    zs = forms.CharField(max_length=100, widget=forms.HiddenInput)
    terug = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)
    gevonden = forms.ChoiceField(
        label=_("Vond u wat u zocht?"),
        choices=[("ja", _("Ja")), ("nee", _("Nee"))],
        error_messages={
            "required": _("Kies ja of nee."),
            "invalid_choice": _("Kies ja of nee."),
        },
    )
    toelichting = forms.CharField(
        label=_("Wat zocht u? (niet verplicht)"),
        help_text=_("Schrijf hier geen naam, telefoonnummer of e-mailadres."),
        max_length=TOELICHTING_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": TOELICHTING_MAX}),
        error_messages={
            "max_length": _("Schrijf niet meer dan %(limit_value)d tekens."),
        },
    )

    def clean_terug(self) -> str:
        query = QueryDict(self.cleaned_data["terug"] or "")
        return urlencode(
            [(k, v[:MAX_ZOEKTEKST]) for k in _TERUG_PARAMETERS for v in query.getlist(k)[:1]]
        )

    def clean_toelichting(self) -> str:
        tekst = self.cleaned_data["toelichting"]
        if gevonden(tekst) & CONTACTGEGEVENS:
            raise ValidationError(
                _(
                    "Haal het telefoonnummer of e-mailadres weg. Wij bellen of mailen niet "
                    "terug op dit formulier. Wilt u dat wij contact met u opnemen? Stel dan "
                    "uw vraag aan de toegang."
                ),
                code="contactgegevens",
            )
        return tekst


# --- the synonym queue in /beheer/ (staff: Dutch, no translations) --------------------------

AANBOD_KEUZES = Keuzelijst(
    "aanbod",
    "aanbod",
    "aanbod",
    lambda: Aanbod.objects.zichtbaar().annotate(
        keuzenaam=Concat("naam", Value(" ("), "organisatie__naam", Value(")"))
    ),
    suggesties="admin:sociale_kaart_zoekbesluit_suggesties",
)


class ZoekbesluitForm(forms.Form):
    """One decision on a query of the synonym queue: each row posts its own."""

    class Actie(models.TextChoices):
        SYNONIEM = "synoniem", "Synoniem maken"
        ZOEKWOORD = "zoekwoord", "Zoekwoord toevoegen"
        NEGEREN = "negeren", "Negeren"

    zoektekst = forms.CharField(max_length=MAX_ZOEKTEKST, widget=forms.HiddenInput)
    actie = forms.ChoiceField(choices=Actie.choices)
    betekent = forms.CharField(label="Synoniem van", max_length=300, required=False)
    aanbod = NaamVeld(AANBOD_KEUZES, label="Zoekwoord bij aanbod", required=False)

    def clean(self):
        data = super().clean()
        if data.get("actie") == self.Actie.SYNONIEM and not (data.get("betekent") or "").strip():
            self.add_error("betekent", "Vul in waar het om gaat, bijvoorbeeld ‘schulden’.")
        zoekwoord = data.get("actie") == self.Actie.ZOEKWOORD
        if zoekwoord and not data.get("aanbod") and "aanbod" not in self.errors:
            self.add_error("aanbod", "Typ de naam van het aanbod en kies uit de suggesties.")
        return data
