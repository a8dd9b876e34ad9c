from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class ToegangConfig(AppConfig):
    name = "toegang"
    verbose_name = "Toegang"

    def ready(self):
        # Make our Celery app the default one so `shared_task`s send to our broker.
        from toegang.celery import app  # noqa: F401


class BeheerAdminConfig(AdminConfig):
    """The Django admin at /beheer/, limited to the beheerder role (toegang.admin.BeheerSite)."""

    default_site = "toegang.admin.BeheerSite"
