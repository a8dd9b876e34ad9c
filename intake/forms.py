"""Forms only validate and convert; the models and services do the rest."""

from __future__ import annotations

import re
import uuid

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from locaties import openingstijden
from locaties.models import Dagdeel, Kern, Weekdag
from sociale_kaart.models import Aanbod, AanbodStatus, Levensdomein, Organisatie
from toegang.accounts.models import WEERGAVENAAM, User
from toegang.accounts.roles import BALIE, Team
from toegang.keuzelijst import Keuzelijst, NaamVeld
from toegang.telefoon import telefoon_e164

from .models import (
    CODEWOORD_MAX,
    VEILIG_NOTITIE_MAX,
    VEILIGE_DAGDELEN,
    VRAAG_MAX,
    Afspraak,
    Afwijsreden,
    Contacttijd,
    Contactvoorkeur,
    Doorverwijzing,
    EmailWens,
    Gegevenscategorie,
    Grondslag,
    HulpGestart,
    Kanaal,
    Route,
    Score,
    TijdvakVol,
    Toestemmingswijze,
    Urgentie,
    VeiligContact,
    WettelijkeTaak,
    datum_inwoner,
    terugbelvensters,
    tijdvak_controleren,
    venster_controleren,
    vrije_tijdvakken,
)

TELEFOON_FOUT = _(
    "Vul een telefoonnummer in van 10 cijfers, bijvoorbeeld 0543 123 456 of 06 12345678. "
    "Een buitenlands nummer begint met + en de landcode."
)
EMAIL_FOUT = _("Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.")


def telefoon_opschonen(waarde: str) -> str:
    """Accept the ways people write a number; refuse what cannot be called."""
    waarde = (waarde or "").strip()
    if not waarde:
        return ""
    if re.search(r"[^\d\s()+\-.]", waarde):
        raise ValidationError(TELEFOON_FOUT)
    # "+31 (0)6 …": the trunk 0 in brackets after the country code is not dialled.
    cijfers = re.sub(r"\D", "", re.sub(r"\(\s*0\s*\)", "", waarde))
    if waarde.startswith("+") or waarde.startswith("00"):
        cijfers = cijfers[2:] if waarde.startswith("00") else cijfers
        nederlands = cijfers.startswith("31")
        if (nederlands and len(cijfers) != 11) or not 8 <= len(cijfers) <= 15:
            raise ValidationError(TELEFOON_FOUT)
    elif not re.fullmatch(r"0[1-9]\d{8}", cijfers):
        raise ValidationError(TELEFOON_FOUT)
    return waarde


# --- veilig contact ------------------------------------------------------------------------

VEILIG_NUMMER_FOUT = _(
    "Vul een telefoonnummer in, bijvoorbeeld 06 12345678 of 0543 123 456. Een buitenlands "
    "nummer begint met + en de landcode."
)

# The resident's words for the choices of veilig contact (the model's labels are the staff's).
EMAIL_WENSEN_INWONER = [
    (EmailWens.MAG, _("E-mail mag")),
    (EmailWens.ALLEEN_NODIG, _("Alleen e-mail die nodig is, geen herinneringen of vragenlijsten")),
    (EmailWens.GEEN, _("Stuur mij geen e-mail")),
]
# Weekday and dagdeel names in the resident's language (locaties.openingstijden names them).
WEEKDAGEN_INWONER = [(dag.value, lazy(openingstijden.weekdag, str)(dag.value)) for dag in Weekdag]
DAGDELEN_INWONER = {dag.value: lazy(openingstijden.dagdeel, str)(dag.value) for dag in Dagdeel}


class VeiligContactVelden(forms.Form):
    """How the resident may and may not be contacted (intake.models.VeiligContact): on the
    online question, at the counter, on the case page and on the status page. All optional;
    the field names start with veilig_ so they sit beside the fields of another form."""

    veilig_geen_post = forms.BooleanField(
        label=_("Stuur geen brieven naar mijn huisadres"), required=False
    )
    veilig_geen_voicemail = forms.BooleanField(
        label=_("Spreek geen bericht in op mijn voicemail"), required=False
    )
    veilig_email = forms.ChoiceField(
        label=_("E-mail"),
        choices=EMAIL_WENSEN_INWONER,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Kies wat wij met e-mail mogen doen.")},
    )
    veilig_alleen_nummer = forms.CharField(
        label=_("Bel mij alleen op dit nummer"),
        max_length=40,
        required=False,
        help_text=_("Niet verplicht. Wij bellen dan nooit een ander nummer."),
        error_messages={"max_length": VEILIG_NUMMER_FOUT},
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
    veilig_weekdagen = forms.TypedMultipleChoiceField(
        label=_("Bel mij alleen op deze dagen"),
        choices=WEEKDAGEN_INWONER,
        coerce=int,
        required=False,
        help_text=_("Niets aangevinkt: elke dag is goed."),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Kies dagen uit de lijst.")},
    )
    veilig_dagdelen = forms.MultipleChoiceField(
        label=_("Bel mij alleen in dit deel van de dag"),
        choices=[
            (
                dagdeel,
                format_lazy(
                    _("{dagdeel} ({van}–{tot} uur)"),
                    dagdeel=DAGDELEN_INWONER[dagdeel],
                    van=van.hour,
                    tot=tot.hour,
                ),
            )
            for dagdeel, (van, tot) in VEILIGE_DAGDELEN.items()
        ],
        required=False,
        help_text=_("Niets aangevinkt: elk moment is goed."),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Kies een deel van de dag uit de lijst.")},
    )
    veilig_codewoord = forms.CharField(
        label=_("Codewoord"),
        max_length=CODEWOORD_MAX,
        required=False,
        help_text=_(
            "Niet verplicht. Een woord dat alleen u en wij kennen. Wie u belt, vraagt eerst "
            "naar dit woord. Wij zetten het nooit in een e-mail."
        ),
        error_messages={
            "max_length": format_lazy(
                _("Gebruik voor het codewoord maximaal {max} tekens."), max=CODEWOORD_MAX
            )
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "maxlength": CODEWOORD_MAX}),
    )
    veilig_notitie = forms.CharField(
        label=_("Wat moeten wij nog meer weten om u veilig te bereiken?"),
        max_length=VEILIG_NOTITIE_MAX,
        required=False,
        help_text=format_lazy(_("Niet verplicht. Maximaal {max} tekens."), max=VEILIG_NOTITIE_MAX),
        error_messages={
            "max_length": format_lazy(_("Gebruik maximaal {max} tekens."), max=VEILIG_NOTITIE_MAX)
        },
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": VEILIG_NOTITIE_MAX}),
    )

    # Each field is "veilig_" and the name of the wish (VeiligContact.WENSEN).
    VEILIG_VELDEN = {f"veilig_{wens}": wens for wens in VeiligContact.WENSEN}

    def veilig_velden(self) -> list:
        """The bound fields of veilig contact, for a page that lists them in a loop."""
        return [self[veld] for veld in self.VEILIG_VELDEN if veld in self.fields]

    def veilig_ingevuld(self) -> bool:
        """Something of veilig contact is filled in (or wrong): its part of a page opens."""
        return any(veld.value() or veld.errors for veld in self.veilig_velden())

    def namens_inwoner_veilig(self) -> None:
        """Staff fill these fields in about a resident: the labels say so."""
        for veld, label in {
            "veilig_geen_post": "Geen brieven naar het huisadres",
            "veilig_geen_voicemail": "Geen voicemail inspreken",
            "veilig_alleen_nummer": "Alleen bellen op dit nummer",
            "veilig_weekdagen": "Alleen bellen op deze dagen",
            "veilig_dagdelen": "Alleen bellen in dit deel van de dag",
            "veilig_notitie": "Toelichting",
        }.items():
            self.fields[veld].label = label
        self.fields["veilig_email"].choices = [
            (EmailWens.MAG, "E-mail mag"),
            (
                EmailWens.ALLEEN_NODIG,
                "Alleen e-mail die nodig is (geen herinneringen of vragenlijsten)",
            ),
            (EmailWens.GEEN, "Geen e-mail"),
        ]
        self.fields[
            "veilig_codewoord"
        ].help_text = (
            "Wie de inwoner belt, vraagt eerst naar dit woord. Het staat nooit in een e-mail."
        )
        self.fields["veilig_alleen_nummer"].help_text = ""

    def clean_veilig_alleen_nummer(self):
        nummer = _schone_tekst(self.cleaned_data["veilig_alleen_nummer"])
        if not nummer:
            return ""
        if re.search(r"[^\d\s()+\-./]", nummer):
            raise ValidationError(VEILIG_NUMMER_FOUT)
        try:
            return telefoon_e164(nummer)
        except ValueError:
            raise ValidationError(VEILIG_NUMMER_FOUT) from None

    def clean_veilig_codewoord(self):
        return _schone_tekst(self.cleaned_data["veilig_codewoord"])

    def clean_veilig_notitie(self):
        return _schone_tekst(self.cleaned_data["veilig_notitie"])

    def clean(self):
        data = super().clean()
        if (
            data.get("contactvoorkeur") == Contactvoorkeur.EMAIL
            and data.get("veilig_email") == EmailWens.GEEN
        ):
            self.add_error(
                "veilig_email",
                _(
                    "U kiest bij contact voor e-mail, maar hier voor geen e-mail. "
                    "Kies één van beide."
                ),
            )
        return data

    def veilig_contact_gegevens(self) -> dict:
        """The wishes as VeiligContact.vastleggen takes them."""
        return {wens: self.cleaned_data[veld] for veld, wens in self.VEILIG_VELDEN.items()}

    @classmethod
    def veilig_initieel(cls, wensen: VeiligContact | None) -> dict:
        """The saved wishes as the form's initial data (a stored number the Dutch way)."""
        if wensen is None:
            return {}
        initieel = {veld: getattr(wensen, wens) for veld, wens in cls.VEILIG_VELDEN.items()}
        initieel["veilig_alleen_nummer"] = wensen.nummer_tekst
        return initieel


class StatusVeiligContactForm(VeiligContactVelden):
    """Veilig contact on the resident's status page. The number and the code word are never
    shown there (whoever holds the link could read them): an empty field keeps what was
    given, the checkbox removes both."""

    veilig_wissen = forms.BooleanField(
        label=_("Wis het nummer en het codewoord dat ik eerder gaf"), required=False
    )

    def __init__(self, *args, wensen: VeiligContact | None = None, **kwargs):
        initieel = self.veilig_initieel(wensen)
        initieel.pop("veilig_alleen_nummer", None)
        initieel.pop("veilig_codewoord", None)
        kwargs.setdefault("initial", initieel)
        super().__init__(*args, **kwargs)
        self.bekend = {
            "veilig_alleen_nummer": bool(wensen and wensen.alleen_nummer),
            "veilig_codewoord": bool(wensen and wensen.codewoord),
        }
        for veld, bekend in self.bekend.items():
            if bekend:
                self.fields[veld].help_text = _(
                    "U gaf dit al eerder op. Laat het leeg om het zo te houden."
                )
        if not any(self.bekend.values()):
            del self.fields["veilig_wissen"]

    def veilig_contact_gegevens(self) -> dict:
        """As VeiligContactVelden, without an empty number or code word (kept), or with both
        cleared when the resident asked for that."""
        gegevens = super().veilig_contact_gegevens()
        if self.cleaned_data.get("veilig_wissen"):
            gegevens["alleen_nummer"] = gegevens["codewoord"] = ""
            return gegevens
        for wens in ("alleen_nummer", "codewoord"):
            if not gegevens[wens]:
                del gegevens[wens]
        return gegevens


class VeiligContactForm(VeiligContactVelden):
    """Veilig contact on its own: the case page (a medewerker fills it in with the resident)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.namens_inwoner_veilig()


class VraagVelden(forms.Form):
    """What every channel asks: the question, the life domains, the resident and contact."""

    vraag = forms.CharField(
        label=_("Wat is uw vraag?"),
        max_length=VRAAG_MAX,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": VRAAG_MAX}),
        error_messages={
            "required": _("Schrijf uw vraag op. Een paar woorden is genoeg."),
            "max_length": format_lazy(
                _("Uw vraag is te lang. Gebruik maximaal {max} tekens."), max=VRAAG_MAX
            ),
        },
    )
    levensdomeinen = forms.ModelMultipleChoiceField(
        Levensdomein.objects.all(),
        label=_("Waar gaat uw vraag over?"),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Niet verplicht. U mag meer dan één ding kiezen."),
    )
    naam = forms.CharField(
        label=_("Uw naam"),
        max_length=150,
        help_text=_("Alleen uw voornaam is ook goed."),
        error_messages={"required": _("Vul uw naam in. Alleen uw voornaam is ook goed.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    kern = forms.ChoiceField(
        label=_("Waar woont u?"),
        choices=[("", _("Zeg ik liever niet"))] + list(Kern.choices),
        required=False,
    )
    telefoon = forms.CharField(
        label=_("Telefoonnummer"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        required=False,
        error_messages={"invalid": EMAIL_FOUT},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    toestemming_delen = forms.BooleanField(
        label=_(
            "Ja, de medewerker mag mijn vraag en contactgegevens doorgeven aan een organisatie "
            "die mij kan helpen. Wij vertellen u altijd eerst welke organisatie dat is."
        ),
        required=False,
    )
    inzending = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("inzending", uuid.uuid4())
        super().__init__(*args, **kwargs)

    def namens_inwoner(self) -> None:
        """Staff fill this form in about a resident: the name field says so."""
        self.fields["naam"].label = "Naam inwoner"
        self.fields["naam"].help_text = ""
        self.fields["naam"].error_messages["required"] = "Vul de naam van de inwoner in."

    def clean_naam(self):
        return self.cleaned_data["naam"].strip()

    def clean_vraag(self):
        vraag = self.cleaned_data["vraag"].replace("\x00", "").strip()
        if not vraag:
            raise ValidationError(_("Schrijf uw vraag op. Een paar woorden is genoeg."))
        return vraag

    def clean_telefoon(self):
        return telefoon_opschonen(self.cleaned_data["telefoon"])

    def inwoner_gegevens(self) -> dict:
        data = self.cleaned_data
        return {
            "naam": data["naam"],
            "telefoon": data["telefoon"],
            "email": data["email"],
            "geboortedatum": data.get("geboortedatum"),
        }

    def hulpvraag_gegevens(self) -> dict:
        data = self.cleaned_data
        return {
            "vraag": data["vraag"],
            "kern": data["kern"],
            "levensdomeinen": data["levensdomeinen"],
            "inzending": data["inzending"],
            "toestemming_delen": data["toestemming_delen"],
            "contactvoorkeur": data.get("contactvoorkeur", ""),
            "contacttijd": data.get("contacttijd", ""),
        }


class HulpvraagForm(VeiligContactVelden, VraagVelden):
    """The resident's own form at /hulpvraag/: no account, B1 Dutch."""

    contactvoorkeur = forms.ChoiceField(
        label=_("Hoe mogen wij contact met u opnemen?"),
        choices=Contactvoorkeur.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies hoe wij contact met u mogen opnemen.")},
    )
    contacttijd = forms.ChoiceField(
        label=_("Wanneer komt het u goed uit?"),
        choices=Contacttijd.choices,
        initial=Contacttijd.MAAKT_NIET_UIT,
        widget=forms.RadioSelect,
        required=False,
    )
    toestemming_inzien = forms.BooleanField(
        label=_(
            "Ik vind het goed dat medewerkers van de toegang van gemeente Aalten mijn vraag lezen "
            "en mij hierover bellen of mailen. Anderen zien mijn vraag niet."
        ),
        error_messages={
            "required": _(
                "Zonder uw toestemming kunnen wij uw vraag niet lezen. Vink het vakje aan, of bel ons."
            )
        },
    )
    # A field people cannot see; bots fill it in.
    website = forms.CharField(label=_("Laat dit veld leeg"), required=False)
    aanbod = forms.CharField(widget=forms.HiddenInput, required=False, max_length=170)

    field_order = [
        "vraag",
        "levensdomeinen",
        "naam",
        "kern",
        "contactvoorkeur",
        "telefoon",
        "email",
        "contacttijd",
        "toestemming_inzien",
        "toestemming_delen",
    ]

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def clean(self):
        data = super().clean()
        voorkeur = data.get("contactvoorkeur")
        if (
            voorkeur == Contactvoorkeur.TELEFOON
            and not data.get("telefoon")
            and "telefoon" not in self.errors
        ):
            self.add_error("telefoon", _("Vul uw telefoonnummer in, dan bellen wij u."))
        if (
            voorkeur == Contactvoorkeur.EMAIL
            and not data.get("email")
            and "email" not in self.errors
        ):
            self.add_error("email", _("Vul uw e-mailadres in, dan mailen wij u."))
        return data


class BalieForm(VeiligContactVelden, VraagVelden):
    """A medewerker registers a question from the counter, the phone or e-mail."""

    kanaal = forms.ChoiceField(
        label="Kanaal",
        choices=[(k, label) for k, label in Kanaal.choices if k != Kanaal.WEBSITE],
        error_messages={"required": "Kies hoe de vraag binnenkwam."},
    )
    geboortedatum = forms.DateField(
        label="Geboortedatum",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Vul een datum in als dd-mm-jjjj."},
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
    )
    contactvoorkeur = forms.ChoiceField(
        label="Contact via",
        choices=[("", "—")] + list(Contactvoorkeur.choices),
        required=False,
    )
    toestemming_inzien = forms.BooleanField(
        label="De inwoner weet dat de toegang de vraag vastlegt en is akkoord.",
        error_messages={"required": "Vraag de inwoner om toestemming voordat u de vraag vastlegt."},
    )
    veiligheid = forms.BooleanField(
        label="Veiligheid / meldcode: zorgen over de veiligheid van de inwoner of een kind",
        required=False,
    )
    # Set by the "join" button: add this question to an existing case.
    koppel_aan = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = [
        "kanaal",
        "naam",
        "geboortedatum",
        "telefoon",
        "email",
        "kern",
        "levensdomeinen",
        "vraag",
        "contactvoorkeur",
        "toestemming_inzien",
        "toestemming_delen",
        "veiligheid",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.namens_inwoner()
        self.namens_inwoner_veilig()
        self.fields["vraag"].label = "Vraag"
        self.fields["vraag"].help_text = "In de woorden van de inwoner."
        self.fields["vraag"].error_messages["required"] = "Schrijf de vraag op."
        self.fields["levensdomeinen"].label = "Levensdomeinen"
        self.fields["levensdomeinen"].help_text = ""
        self.fields["kern"].label = "Kern"
        self.fields["kern"].choices = [("", "Onbekend")] + list(Kern.choices)
        self.fields[
            "toestemming_delen"
        ].label = "De inwoner geeft toestemming om gegevens te delen met een partner."

    def clean_geboortedatum(self):
        datum = self.cleaned_data["geboortedatum"]
        if datum and datum > timezone.localdate():
            raise ValidationError("Een geboortedatum ligt niet in de toekomst.")
        return datum

    def clean(self):
        data = super().clean()
        bereikbaar = data.get("telefoon") or data.get("email") or data.get("geboortedatum")
        if not bereikbaar and not self.errors.get("telefoon"):
            self.add_error(
                "telefoon",
                "Vul een telefoonnummer, e-mailadres of geboortedatum in, zodat wij de inwoner terugvinden.",
            )
        return data


class ContactmomentForm(forms.Form):
    kanaal = forms.ChoiceField(label="Hoe", choices=Kanaal.choices)
    tekst = forms.CharField(
        label="Wat is besproken?",
        max_length=VRAAG_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Schrijf kort op wat is besproken."},
    )


class NotitieForm(forms.Form):
    tekst = forms.CharField(
        label="Notitie",
        max_length=VRAAG_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Een lege notitie slaan we niet op."},
    )


def _medewerkers():
    return User.objects.filter(is_active=True, rol__in=BALIE).order_by("first_name", "username")


# --- a name typed instead of a list of hundreds (toegang.keuzelijst) -----------------------

MEDEWERKERS = Keuzelijst(
    "medewerkers",
    "medewerker",
    "medewerkers",
    lambda: _medewerkers().annotate(keuzenaam=WEERGAVENAAM),
    onderscheid="username",
    suggesties="intake:suggesties",
)
ORGANISATIES = Keuzelijst(
    "organisaties",
    "organisatie",
    "organisaties",
    lambda: Organisatie.objects.annotate(keuzenaam=F("naam")),
    suggesties="intake:suggesties",
)
PARTNERS = Keuzelijst(
    "partners",
    "organisatie die in dit portaal werkt",
    "organisaties",
    lambda: Organisatie.objects.filter(is_partner=True).annotate(keuzenaam=F("naam")),
    suggesties="intake:suggesties",
)
KEUZELIJSTEN = {lijst.naam: lijst for lijst in (MEDEWERKERS, ORGANISATIES, PARTNERS)}


def aanbod_keuzes(organisatie) -> list[tuple[str, str]]:
    """The active aanbod of one organisation, to choose from in a referral, each with
    whether it takes new clients ("Wachtlijst: ongeveer 6 weken, doorgegeven 3 dagen
    geleden"). A full one stays in the list, marked."""
    if organisatie is None:
        return [("", "Kies eerst een organisatie")]
    return [("", "—")] + [
        (str(aanbod.pk), f"{aanbod.naam} ({aanbod.capaciteit_samenvatting})")
        if aanbod.capaciteit_bekend
        else (str(aanbod.pk), aanbod.naam)
        for aanbod in Aanbod.objects.filter(organisatie=organisatie, status=AanbodStatus.ACTIEF)
        .order_by("naam")
        .only("pk", "naam", "capaciteit", "wachtlijst_weken", "capaciteit_doorgegeven_op")
    ]


class AfspraakForm(forms.Form):
    wat = forms.CharField(
        label="Wat wordt er gedaan?",
        max_length=300,
        error_messages={"required": "Schrijf op wat er gedaan wordt."},
    )
    eigenaar_soort = forms.ChoiceField(
        label="Wie doet het?", choices=Afspraak.Eigenaar.choices, widget=forms.RadioSelect
    )
    eigenaar = NaamVeld(MEDEWERKERS, label="Welke medewerker", required=False)
    organisatie = NaamVeld(ORGANISATIES, label="Welke organisatie", required=False)
    deadline = forms.DateField(
        label="Uiterlijk op",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={
            "required": "Kies een datum.",
            "invalid": "Vul een datum in als dd-mm-jjjj.",
        },
    )

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise ValidationError("Een nieuwe afspraak ligt niet in het verleden.")
        return deadline

    def clean(self):
        data = super().clean()
        soort = data.get("eigenaar_soort")
        if soort == Afspraak.Eigenaar.MEDEWERKER and not data.get("eigenaar"):
            self.add_error("eigenaar", "Kies welke medewerker dit doet.")
        if soort == Afspraak.Eigenaar.PARTNER and not data.get("organisatie"):
            self.add_error("organisatie", "Kies welke organisatie dit doet.")
        return data


class ToewijzenForm(forms.Form):
    medewerker = NaamVeld(
        MEDEWERKERS,
        label="Nieuw vast aanspreekpunt",
        error_messages={"required": "Typ de naam van een medewerker."},
    )


class SluitenForm(forms.Form):
    route = forms.ChoiceField(
        label="Route",
        choices=Route.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies een route voordat u de hulpvraag afsluit."},
    )
    uitkomst = forms.CharField(
        label="Uitkomst",
        max_length=VRAAG_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Schrijf de uitkomst op voordat u de hulpvraag afsluit."},
    )


class RedenForm(forms.Form):
    reden = forms.CharField(
        label="Waarom?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Schrijf op waarom."},
    )


class GegevensForm(forms.Form):
    """Editing a case: the resident's data and the question's kern and domains."""

    naam = forms.CharField(label="Naam inwoner", max_length=150)
    geboortedatum = BalieForm.base_fields["geboortedatum"]
    telefoon = forms.CharField(label="Telefoonnummer", max_length=30, required=False)
    email = forms.EmailField(
        label="E-mailadres", required=False, error_messages={"invalid": EMAIL_FOUT}
    )
    adres = forms.CharField(label="Adres", max_length=200, required=False)
    kern = forms.ChoiceField(
        label="Kern", choices=[("", "Onbekend")] + list(Kern.choices), required=False
    )
    levensdomeinen = forms.ModelMultipleChoiceField(
        Levensdomein.objects.all(),
        label="Levensdomeinen",
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    versie = forms.IntegerField(widget=forms.HiddenInput)

    def clean_telefoon(self):
        return telefoon_opschonen(self.cleaned_data["telefoon"])


class FeedbackForm(forms.Form):
    bereikbaar = forms.TypedChoiceField(
        label=_("Hoe makkelijk kon u ons bereiken?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een gezichtje.")},
    )
    gehoord = forms.TypedChoiceField(
        label=_("Voelde u zich gehoord?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een gezichtje.")},
    )
    geholpen = forms.TypedChoiceField(
        label=_("Weet u nu waar u aan toe bent?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een gezichtje.")},
    )
    opmerking = forms.CharField(
        label=_("Wilt u nog iets zeggen? (niet verplicht)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for naam in ("bereikbaar", "gehoord", "geholpen"):
            self.fields[naam].choices = Score.choices


# --- warm referrals -----------------------------------------------------------------------


class AanbodVeld(forms.ChoiceField):
    """An aanbod by its id; the form checks it against the organisation (clean_aanbod)."""

    def valid_value(self, value) -> bool:
        try:
            uuid.UUID(str(value))
        except ValueError:
            return False
        return True


class DoorverwijzingForm(forms.Form):
    """The referral and its overdracht. The legal-basis rules live in the model (clean)."""

    ORGANISATIE, TEAM, COLLEGA = "organisatie", "team", "collega"

    ontvanger_soort = forms.ChoiceField(
        label="Naar wie verwijst u door?",
        choices=[
            (ORGANISATIE, "Een organisatie uit de sociale kaart"),
            (TEAM, "Een team van de gemeente"),
            (COLLEGA, "Een collega"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Kies naar wie u doorverwijst."},
    )
    organisatie = NaamVeld(
        PARTNERS,
        label="Organisatie",
        required=False,
        help_text="Alleen organisaties die in dit portaal werken. Typ een deel van de naam.",
    )
    aanbod = AanbodVeld(
        label="Aanbod",
        required=False,
        help_text=(
            "Het aanbod van de organisatie dat past. Achter een aanbod staat of er plaats is "
            "voor nieuwe cliënten, als de organisatie dat heeft doorgegeven."
        ),
    )
    team = forms.ChoiceField(label="Team", choices=[("", "—")] + list(Team.choices), required=False)
    collega = NaamVeld(MEDEWERKERS, label="Collega", required=False)
    samenvatting = forms.CharField(
        label="Samenvatting voor de ontvanger",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 4000}),
        help_text=(
            "Wat moet de ontvanger weten, zodat de inwoner het verhaal niet opnieuw hoeft te "
            "vertellen? Bij anoniem overleg: geen naam of iets anders dat naar de inwoner leidt."
        ),
        error_messages={"required": "Schrijf een samenvatting voor de ontvanger."},
    )
    al_gedaan = forms.CharField(
        label="Wat is al gedaan of afgesproken?",
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 4000}),
    )
    contactvoorkeur = forms.CharField(
        label="Hoe en wanneer wil de inwoner contact?", max_length=300, required=False
    )
    urgentie = forms.ChoiceField(
        label="Urgentie",
        choices=Urgentie.choices,
        initial=Urgentie.NORMAAL,
        widget=forms.RadioSelect,
    )
    grondslag = forms.ChoiceField(
        label="Mogen persoonsgegevens mee?",
        choices=Grondslag.choices,
        widget=forms.RadioSelect,
        help_text=(
            "Persoonsgegevens gaan alleen mee met toestemming van de inwoner voor deze "
            "organisatie, of voor een wettelijke taak. Voor een team van de gemeente is dit "
            "niet nodig."
        ),
        error_messages={"required": "Kies of er persoonsgegevens meegaan."},
    )
    toestemming_op = forms.DateField(
        label="Toestemming gegeven op",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={"invalid": "Vul een datum in als dd-mm-jjjj."},
    )
    toestemming_wijze = forms.ChoiceField(
        label="Hoe gaf de inwoner toestemming?",
        choices=[("", "—")] + list(Toestemmingswijze.choices),
        required=False,
    )
    wettelijke_taak = forms.ChoiceField(
        label="Welke wettelijke taak?",
        choices=[("", "—")] + list(WettelijkeTaak.choices),
        required=False,
    )
    gegevens = forms.MultipleChoiceField(
        label="Welke gegevens gaan mee?",
        choices=Gegevenscategorie.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Alleen wat de ontvanger nodig heeft om contact op te nemen.",
    )
    inzending = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    # The fields a choice makes required: the choice (per field the values that make it
    # so; all must hold) and how the label says it, so it is right without JavaScript;
    # static/js/voorwaarden.js marks the field required once the choice is made. The rules
    # are clean() and Doorverwijzing.grondslag_fouten; a test makes each choice and finds
    # exactly these errors.
    TOESTEMMING, WETTELIJK = Grondslag.TOESTEMMING.value, Grondslag.WETTELIJKE_TAAK.value
    VERPLICHT_BIJ = {
        "organisatie": (
            {"ontvanger_soort": [ORGANISATIE]},
            "bij doorverwijzen naar een organisatie",
        ),
        "team": ({"ontvanger_soort": [TEAM]}, "bij doorverwijzen naar een team"),
        "collega": ({"ontvanger_soort": [COLLEGA]}, "bij doorverwijzen naar een collega"),
        "toestemming_op": ({"grondslag": [TOESTEMMING]}, "bij toestemming"),
        "toestemming_wijze": ({"grondslag": [TOESTEMMING]}, "bij toestemming"),
        "wettelijke_taak": ({"grondslag": [WETTELIJK]}, "bij een wettelijke taak"),
        "gegevens": (
            {"ontvanger_soort": [ORGANISATIE], "grondslag": [TOESTEMMING, WETTELIJK]},
            "bij een organisatie, met toestemming of een wettelijke taak",
        ),
    }
    # The fields for one kind of receiver only; with JavaScript the others are hidden.
    ALLEEN_BIJ = {
        "organisatie": {"ontvanger_soort": [ORGANISATIE]},
        "aanbod": {"ontvanger_soort": [ORGANISATIE]},
        "team": {"ontvanger_soort": [TEAM]},
        "collega": {"ontvanger_soort": [COLLEGA]},
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for naam, (voorwaarde, tekst) in self.VERPLICHT_BIJ.items():
            self.fields[naam].verplicht_bij = tekst
            self.fields[naam].voorwaarde = self._voorwaarde(voorwaarde)
        for naam, voorwaarde in self.ALLEEN_BIJ.items():
            self.fields[naam].alleen_bij = self._voorwaarde(voorwaarde)
        # Only the aanbod of the chosen organisation: the one typed (if it names exactly one
        # partner), or the one the form starts with. htmx refreshes the list when the
        # organisation changes (`intake:aanbod_keuzes`).
        organisatie = (
            self.data.get(self.add_prefix("organisatie"))
            if self.is_bound
            else self.get_initial_for_field(self.fields["organisatie"], "organisatie")
        )
        if not isinstance(organisatie, models.Model):
            organisatie = PARTNERS.precies(organisatie)
        self.fields["aanbod"].choices = aanbod_keuzes(organisatie)
        self.fields["organisatie"].widget.attrs["aria-controls"] = self["aanbod"].auto_id
        self.fields["aanbod"].widget.attrs.update(
            {
                "hx-get": reverse("intake:aanbod_keuzes"),
                "hx-trigger": f"change from:#{self['organisatie'].auto_id}",
                "hx-include": f"#{self['organisatie'].auto_id}",
                "hx-sync": "this:replace",
            }
        )

    def _voorwaarde(self, voorwaarde: dict) -> str:
        """As the page carries it: "ontvanger_soort=organisatie;grondslag=a,b"."""
        return ";".join(
            f"{self.add_prefix(veld)}={','.join(waarden)}" for veld, waarden in voorwaarde.items()
        )

    def clean_aanbod(self):
        waarde = self.cleaned_data["aanbod"]
        if not waarde:
            return None
        aanbod = (
            Aanbod.objects.select_related("organisatie")
            .filter(status=AanbodStatus.ACTIEF, organisatie__is_partner=True, pk=waarde)
            .first()
        )
        if aanbod is None:
            raise ValidationError("Dit aanbod bestaat niet meer. Kies een ander.")
        return aanbod

    def clean(self):
        data = super().clean()
        soort = data.get("ontvanger_soort")
        if soort == self.ORGANISATIE:
            if not data.get("organisatie") and data.get("aanbod"):
                data["organisatie"] = data["aanbod"].organisatie
            if data.get("aanbod") and data.get("organisatie") != data["aanbod"].organisatie:
                self.add_error("aanbod", "Dit aanbod is niet van de gekozen organisatie.")
            if not data.get("organisatie") and "organisatie" not in self.errors:
                self.add_error("organisatie", "Kies een organisatie of een aanbod.")
            data["team"], data["collega"] = "", None
        elif soort == self.TEAM:
            if not data.get("team"):
                self.add_error("team", "Kies een team.")
            data["organisatie"], data["aanbod"], data["collega"] = None, None, None
        elif soort == self.COLLEGA:
            if not data.get("collega"):
                self.add_error("collega", "Kies een collega.")
            data["organisatie"], data["aanbod"], data["team"] = None, None, ""
        if soort and data.get("grondslag"):
            # What the legal basis asks, said now together with the rest, not after it.
            fouten = Doorverwijzing.grondslag_fouten(
                intern=soort != self.ORGANISATIE,
                grondslag=data["grondslag"],
                gegevens=data.get("gegevens"),
                toestemming_op=data.get("toestemming_op"),
                toestemming_wijze=data.get("toestemming_wijze"),
                wettelijke_taak=data.get("wettelijke_taak"),
            )
            for veld, fout in fouten.items():
                if veld not in self.errors:
                    self.add_error(veld, fout)
        return data

    def doorverwijzing_gegevens(self) -> dict:
        data = self.cleaned_data
        velden = [
            "organisatie",
            "aanbod",
            "team",
            "collega",
            "samenvatting",
            "al_gedaan",
            "contactvoorkeur",
            "urgentie",
            "grondslag",
            "toestemming_op",
            "toestemming_wijze",
            "wettelijke_taak",
            "gegevens",
        ]
        gegevens = {veld: data.get(veld) for veld in velden}
        gegevens["team"] = gegevens["team"] or ""
        gegevens["gegevens"] = list(gegevens["gegevens"] or [])
        for veld in ("al_gedaan", "contactvoorkeur", "toestemming_wijze", "wettelijke_taak"):
            gegevens[veld] = gegevens[veld] or ""
        return gegevens


class ReactieForm(forms.Form):
    """The one text an action on a referral asks for (a reason, a question, an outcome)."""

    tekst = forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, label: str, verplicht: bool, fout: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tekst"].label = label
        self.fields["tekst"].required = verplicht
        self.fields["tekst"].error_messages["required"] = fout or "Vul dit in."


class AfwijsForm(ReactieForm):
    """Declining a referral: the kind of reason (what the reports count) and the words."""

    reden_soort = forms.ChoiceField(
        label="Soort reden",
        choices=Afwijsreden.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Kies waarom u de doorverwijzing afwijst.",
            "invalid_choice": "Kies een van de redenen uit de lijst.",
        },
    )
    field_order = ["reden_soort", "tekst"]


class SignaalForm(VraagVelden):
    """A partner passes a concern or a resident to the front door (vroegsignalering)."""

    contactvoorkeur = forms.ChoiceField(
        label="Hoe wil de inwoner contact?",
        choices=[("", "Weet ik niet")] + list(Contactvoorkeur.choices),
        required=False,
    )
    toestemming_wijze = forms.ChoiceField(
        label="Hoe gaf de inwoner toestemming om dit door te geven?",
        choices=[("", "Geen toestemming")] + list(Toestemmingswijze.choices[:3]),
        required=False,
        help_text=(
            "Vraag de inwoner eerst of het goed is dat de toegang contact opneemt. Alleen bij "
            "zorgen over veiligheid mag het zonder (meldcode)."
        ),
    )
    veiligheid = forms.BooleanField(
        label="Zorgen over de veiligheid van de inwoner of een kind (meldcode)", required=False
    )

    field_order = [
        "naam",
        "telefoon",
        "email",
        "kern",
        "levensdomeinen",
        "vraag",
        "contactvoorkeur",
        "toestemming_wijze",
        "veiligheid",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["toestemming_delen"]
        self.namens_inwoner()
        self.fields["vraag"].label = "Wat is er aan de hand?"
        self.fields[
            "vraag"
        ].help_text = "Wat ziet of hoort u, en waar heeft de inwoner hulp bij nodig?"
        self.fields["vraag"].error_messages["required"] = "Schrijf op wat er aan de hand is."
        self.fields["levensdomeinen"].label = "Waar gaat het over?"
        self.fields["kern"].label = "Waar woont de inwoner?"
        self.fields["kern"].choices = [("", "Weet ik niet")] + list(Kern.choices)

    def clean(self):
        data = super().clean()
        if not data.get("toestemming_wijze") and not data.get("veiligheid"):
            self.add_error(
                "toestemming_wijze",
                "Vraag eerst toestemming aan de inwoner. Zonder toestemming kan het alleen bij "
                "zorgen over veiligheid.",
            )
        if not (data.get("telefoon") or data.get("email")) and not self.errors.get("telefoon"):
            self.add_error(
                "telefoon",
                "Vul een telefoonnummer of e-mailadres in, zodat wij de inwoner bereiken.",
            )
        return data


class InzageZoekForm(forms.Form):
    """Find the resident of an AVG inzageverzoek (the beheerder, at /privacy/inzageverzoek/)."""

    naam = forms.CharField(label="Naam", max_length=150, required=False)
    geboortedatum = forms.DateField(
        label="Geboortedatum",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={"invalid": "Vul een datum in als dd-mm-jjjj."},
    )
    telefoon = forms.CharField(label="Telefoonnummer", max_length=30, required=False)
    email = forms.EmailField(
        label="E-mailadres", required=False, error_messages={"invalid": EMAIL_FOUT}
    )

    def clean(self):
        data = super().clean()
        if not (
            data.get("telefoon")
            or data.get("email")
            or (data.get("naam") and data.get("geboortedatum"))
        ):
            raise forms.ValidationError(
                "Zoek op telefoonnummer, e-mailadres, of naam met geboortedatum: zo vindt u "
                "alleen de inwoner die het verzoek deed."
            )
        return data


# --- terugbellen (call-back) ---------------------------------------------------------------

TERUGBEL_TELEFOON_FOUT = _(
    "Dit is geen telefoonnummer dat wij kunnen bellen. Vul een nummer in zoals "
    "06 12345678 of 0543 123 456. Een buitenlands nummer begint met + en de landcode."
)
NOTITIE_MAX = 500


def telefoon_bellen(waarde: str) -> str:
    """A number we can call, read by `phonenumbers` (Dutch unless it starts with + or 00),
    written the Dutch way for Dutch numbers and internationally otherwise."""
    waarde = (waarde or "").replace("\x00", "").strip()
    if not waarde or len(waarde) > 30 or re.search(r"[^\d\s()+\-./]", waarde):
        raise ValidationError(TERUGBEL_TELEFOON_FOUT, code="telefoon")
    if waarde.startswith("00"):
        waarde = "+" + waarde[2:]
    try:
        nummer = phonenumbers.parse(waarde, "NL")
    except phonenumbers.NumberParseException as fout:
        raise ValidationError(TERUGBEL_TELEFOON_FOUT, code="telefoon") from fout
    if not phonenumbers.is_valid_number(nummer):
        raise ValidationError(TERUGBEL_TELEFOON_FOUT, code="telefoon")
    opmaak = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if nummer.country_code == 31
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(nummer, opmaak)


def _schone_tekst(waarde: str) -> str:
    """Free text as typed, without NUL bytes (PostgreSQL refuses them) and outer spaces."""
    return (waarde or "").replace("\x00", "").strip()


class TerugbelVelden(forms.Form):
    """What every call-back asks: a number and a window (only windows that can be chosen
    now are offered; a posted one is checked again, with the reason when it cannot)."""

    telefoon = forms.CharField(
        label=_("Op welk nummer bellen wij u?"),
        max_length=30,
        error_messages={
            "required": _("Vul uw telefoonnummer in, dan bellen wij u."),
            "max_length": TERUGBEL_TELEFOON_FOUT,
        },
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    venster = forms.CharField(
        label=_("Wanneer mogen wij bellen?"),
        help_text=_("Op werkdagen, in de ochtend of de middag, tot 4 weken vooruit."),
        error_messages={"required": _("Kies wanneer wij u mogen bellen.")},
        widget=forms.Select,
    )
    notitie = forms.CharField(
        label=_("Waarover wilt u praten?"),
        max_length=NOTITIE_MAX,
        required=False,
        help_text=format_lazy(
            _("Niet verplicht. Een paar woorden is genoeg (maximaal {max} tekens)."),
            max=NOTITIE_MAX,
        ),
        error_messages={
            "max_length": format_lazy(_("Gebruik maximaal {max} tekens."), max=NOTITIE_MAX)
        },
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": NOTITIE_MAX}),
    )
    inzending = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("inzending", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.vensters = terugbelvensters()
        self.fields["venster"].widget.choices = [("", _("Kies een dag en dagdeel"))] + [
            (venster.waarde, venster.tekst_inwoner) for venster in self.vensters
        ]

    def clean_telefoon(self):
        return telefoon_bellen(self.cleaned_data["telefoon"])

    def clean_venster(self):
        return venster_controleren(self.cleaned_data["venster"])

    def clean_notitie(self):
        return _schone_tekst(self.cleaned_data["notitie"])


class TerugbelForm(TerugbelVelden):
    """The resident's own call-back request on the website: no account."""

    naam = forms.CharField(
        label=_("Uw naam"),
        max_length=150,
        help_text=_("Alleen uw voornaam is ook goed."),
        error_messages={"required": _("Vul uw naam in. Alleen uw voornaam is ook goed.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        required=False,
        help_text=_("Niet verplicht. Lukt het ons niet om u te bereiken, dan mailen wij u."),
        error_messages={"invalid": EMAIL_FOUT},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    toestemming = forms.BooleanField(
        label=_(
            "Ik vind het goed dat medewerkers van de toegang van gemeente Aalten mij bellen "
            "en opschrijven waarover wij praten."
        ),
        error_messages={
            "required": _(
                "Zonder uw toestemming kunnen wij u niet terugbellen. Vink het vakje aan."
            )
        },
    )
    # A field people cannot see; bots fill it in.
    website = forms.CharField(label=_("Laat dit veld leeg"), required=False)

    field_order = ["naam", "telefoon", "venster", "notitie", "email", "toestemming"]

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def clean_naam(self):
        naam = _schone_tekst(self.cleaned_data["naam"])
        if not naam:
            raise ValidationError(_("Vul uw naam in. Alleen uw voornaam is ook goed."))
        return naam


class StatusTerugbelForm(TerugbelVelden):
    """A call-back on the resident's own status page: the case is known already."""

    email = TerugbelForm.base_fields["email"]
    field_order = ["telefoon", "venster", "notitie", "email"]


class BalieTerugbelForm(TerugbelVelden):
    """A medewerker registers a call-back on the case page."""

    field_order = ["telefoon", "venster", "notitie"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["telefoon"].label = "Telefoonnummer"
        self.fields["telefoon"].error_messages["required"] = "Vul het telefoonnummer in."
        self.fields["venster"].label = "Wanneer terugbellen"
        self.fields["notitie"].label = "Waarover"
        self.fields["notitie"].help_text = ""


class GebeldForm(forms.Form):
    """One call made: reached or not, with a note. `poging` is the try the form was opened
    for, so a double submit records one try."""

    uitkomst = forms.ChoiceField(
        label="Heeft u de inwoner gesproken?",
        choices=[("bereikt", "Ja, bereikt"), ("niet-bereikt", "Nee, niet bereikt")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Kies of u de inwoner heeft gesproken.",
            "invalid_choice": "Kies of u de inwoner heeft gesproken.",
        },
    )
    notitie = forms.CharField(
        label="Notitie",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Gebruik maximaal 1000 tekens."},
    )
    poging = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=10)

    def clean_notitie(self):
        return _schone_tekst(self.cleaned_data["notitie"])


class HulpGestartForm(forms.Form):
    """The resident's answer to "Is de hulp gestart?" on the status page."""

    antwoord = forms.ChoiceField(
        label=_("Is de hulp gestart?"),
        choices=HulpGestart.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies ja, nee of nog niet."),
            "invalid_choice": _("Kies ja, nee of nog niet."),
        },
    )


# --- bezoekafspraak (a visit to the front door) ------------------------------------------------


class TijdvakKeuze(forms.Form):
    """Choose a time at one location: only free times are offered, grouped per day; a
    posted one is checked again with its reason. A time taken in the meantime puts the next
    free one in its place, with a message that says so (`volgende`)."""

    tijdvak = forms.CharField(
        label=_("Wanneer wilt u komen?"),
        error_messages={"required": _("Kies een dag en tijd.")},
        widget=forms.Select,
    )

    def __init__(self, *args, locatie, behalve: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.locatie, self.behalve = locatie, behalve
        self.volgende = None
        self.tijdvakken = vrije_tijdvakken(locatie, behalve=behalve)
        per_dag: dict = {}
        for tijdvak in self.tijdvakken:
            per_dag.setdefault(tijdvak.datum, []).append((tijdvak.waarde, tijdvak.tijden))
        self.fields["tijdvak"].widget.choices = [("", _("Kies een dag en tijd"))] + [
            (datum_inwoner(datum).capitalize(), keuzes) for datum, keuzes in per_dag.items()
        ]
        self.fields["tijdvak"].help_text = format_lazy(
            _("Op werkdagen, tot 4 weken vooruit. Een afspraak duurt {minuten} minuten."),
            minuten=locatie.afspraakduur,
        )

    def clean_tijdvak(self):
        try:
            return tijdvak_controleren(
                self.locatie, self.cleaned_data["tijdvak"], behalve=self.behalve
            )
        except TijdvakVol as vol:
            self.volgende_kiezen(vol)
            raise

    def volgende_kiezen(self, vol: TijdvakVol) -> None:
        """Put the next free time in the list's place (the form shows it chosen)."""
        self.volgende = vol.volgende
        if vol.volgende is not None:
            self.data = self.data.copy()
            self.data["tijdvak"] = vol.volgende.waarde


class BezoekafspraakForm(TijdvakKeuze):
    """A resident books a visit on the website: no account."""

    naam = TerugbelForm.base_fields["naam"]
    telefoon = TerugbelVelden.base_fields["telefoon"]
    notitie = TerugbelVelden.base_fields["notitie"]
    email = TerugbelForm.base_fields["email"]
    toestemming = forms.BooleanField(
        label=_(
            "Ik vind het goed dat de toegang van gemeente Aalten mijn afspraak en wat ik "
            "hierboven schrijf bewaart, en mij belt of mailt over deze afspraak."
        ),
        error_messages={
            "required": _(
                "Zonder uw toestemming kunnen wij geen afspraak maken. Vink het vakje aan."
            )
        },
    )
    inzending = forms.UUIDField(widget=forms.HiddenInput)
    website = TerugbelForm.base_fields["website"]

    field_order = ["tijdvak", "naam", "telefoon", "notitie", "email", "toestemming"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("inzending", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.fields["telefoon"].label = _("Uw telefoonnummer")
        self.fields["telefoon"].help_text = _("Dan kunnen wij u bellen als er iets verandert.")
        self.fields["telefoon"].error_messages["required"] = _("Vul uw telefoonnummer in.")
        self.fields["email"].help_text = _(
            "Niet verplicht. Dan krijgt u een bevestiging met de afspraak voor uw agenda, "
            "en de werkdag ervoor een herinnering."
        )

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    clean_naam = TerugbelForm.clean_naam
    clean_telefoon = TerugbelVelden.clean_telefoon
    clean_notitie = TerugbelVelden.clean_notitie


class MijnVragenForm(forms.Form):
    """Mijn vragen without an account: the e-mail address the resident used."""

    email = forms.EmailField(
        label=_("Uw e-mailadres"),
        max_length=254,
        help_text=_("Het e-mailadres dat u gaf toen u uw vraag stelde."),
        error_messages={
            "required": _("Vul uw e-mailadres in."),
            "invalid": EMAIL_FOUT,
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # A field people cannot see; bots fill it in.
    website = forms.CharField(label=_("Laat dit veld leeg"), required=False)

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))
