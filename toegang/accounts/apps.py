from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "toegang.accounts"
    label = "accounts"
    verbose_name = "Gebruikers en rollen"

    def ready(self):
        # Connects the login clock (user_logged_in) before any login, also in tests.
        # And the log of logins (user_logged_in), and the OpenID Connect system check.
        from . import middleware, oidc, views  # noqa: F401
