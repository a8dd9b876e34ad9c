import os

from django.core.wsgi import get_wsgi_application

from toegang.env import exit_on_configuration_error

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toegang.settings.base")

application = exit_on_configuration_error(get_wsgi_application)
