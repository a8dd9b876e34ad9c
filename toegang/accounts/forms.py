from django.contrib.auth.forms import AuthenticationForm


class InlogForm(AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "De gebruikersnaam of het wachtwoord klopt niet. Let op hoofdletters en kleine letters."
        ),
        "inactive": "Dit account is uitgeschakeld. Neem contact op met de beheerder.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Gebruikersnaam"
        self.fields["password"].label = "Wachtwoord"
