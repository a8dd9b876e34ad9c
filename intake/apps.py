from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = "Hulpvragen"

    def ready(self):
        # locaties never imports intake: it sends a signal when its rota lost people, and
        # the appointments on those openings are checked here.
        from locaties.signals import rooster_gewijzigd

        from .services.bezoekafspraken import rooster_gewijzigd as nalopen

        rooster_gewijzigd.connect(nalopen, dispatch_uid="intake.bezoekafspraken")
