from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "toegang.accounts"
    label = "accounts"
    verbose_name = "Gebruikers en rollen"
