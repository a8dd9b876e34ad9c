from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from .models import Inlogbeleid


class InlogForm(AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "De gebruikersnaam of het wachtwoord klopt niet. Let op hoofdletters en kleine letters."
        ),
        "inactive": "Dit account is uitgeschakeld. Neem contact op met de beheerder.",
        "gemeente_account": (
            "Medewerkers van de gemeente loggen in met hun gemeente-account: gebruik de knop "
            "Inloggen met je gemeente-account."
        ),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not Inlogbeleid.wachtwoord_toegestaan(user):
            raise forms.ValidationError(
                self.error_messages["gemeente_account"], code="gemeente_account"
            )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Gebruikersnaam"
        self.fields["password"].label = "Wachtwoord"


class CodeForm(forms.Form):
    """The second step: six digits from the app, or a recovery code."""

    code = forms.CharField(
        label="Code",
        max_length=40,
        error_messages={"required": "Vul de code in."},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "class": "utrecht-textbox utrecht-textbox--html-input code-invoer",
            }
        ),
    )


class WachtwoordForm(PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "Uw huidige wachtwoord klopt niet. Probeer het opnieuw.",
        "password_mismatch": "De twee nieuwe wachtwoorden zijn niet gelijk.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Huidig wachtwoord"
        self.fields["new_password1"].label = "Nieuw wachtwoord"
        self.fields["new_password2"].label = "Nieuw wachtwoord nog een keer"
        self.fields["new_password1"].help_text = (
            "Minstens 12 tekens. Niet alleen cijfers, geen bekend wachtwoord en niet lijkend op "
            "uw naam of gebruikersnaam. Een zin van een paar woorden werkt goed."
        )
        for veld in self.fields.values():
            veld.widget.attrs["class"] = "utrecht-textbox utrecht-textbox--html-input"
