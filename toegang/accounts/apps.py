from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "toegang.accounts"
    label = "accounts"
    verbose_name = "Gebruikers en rollen"

    def ready(self):
        # Connects the login clock (user_logged_in) before any login, also in tests.
        from . import middleware  # noqa: F401
