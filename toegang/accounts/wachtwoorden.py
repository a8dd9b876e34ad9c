"""Password rules in plain Dutch (Django's Dutch text for the length rule is missing)."""

from django.contrib.auth.password_validation import MinimumLengthValidator


class MinimaleLengte(MinimumLengthValidator):
    def get_error_message(self):
        return f"Dit wachtwoord is te kort. Gebruik minstens {self.min_length} tekens."

    def get_help_text(self):
        return f"Uw wachtwoord heeft minstens {self.min_length} tekens."
