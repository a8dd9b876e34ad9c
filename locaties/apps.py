from django.apps import AppConfig


class LocatiesConfig(AppConfig):
    name = "locaties"
    verbose_name = "Toegangslocaties"
