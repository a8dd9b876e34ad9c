from django.apps import AppConfig


class BerichtenConfig(AppConfig):
    name = "toegang.berichten"
    label = "berichten"
    verbose_name = "Berichten en e-mail"
