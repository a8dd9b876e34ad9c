"""The Celery app. Workers: `celery -A toegang.celery worker`; beat: `celery -A toegang.celery beat`.

Configuration comes from Django settings (CELERY_* names); tasks live in `<app>/tasks.py`,
take ids, and call one domain function (STYLE.md).
"""

import os

from celery import Celery
from celery.signals import after_setup_logger, after_setup_task_logger
from django.conf import settings

from toegang.env import exit_on_configuration_error
from toegang.logfilter import GeheimenFilter

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toegang.settings.base")

# No countdown, eta or retry backoff is ever longer than this (tests/toegang/test_taken.py).
# Redis hands a message that a worker took but never acknowledged (the worker was killed)
# to another worker after the visibility timeout (CELERY_VISIBILITY_TIMEOUT), which must
# stay longer than any countdown plus the task time limit, or a task that waits for its
# eta is handed out twice. Later work is a row with a due date that beat sweeps
# (reminders, referral timers), never a far eta.
LANGSTE_COUNTDOWN = 300


def _load_settings():
    # Fail with one line naming the variable, before Celery wraps it in a traceback.
    # Safe to do here: nothing imports this module while settings are being loaded.
    return settings.INSTALLED_APPS


exit_on_configuration_error(_load_settings)

app = Celery("toegang")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@after_setup_logger.connect
@after_setup_task_logger.connect
def _logregels_maskeren(logger, **kwargs):
    """Celery replaces the logging set up in settings in its worker and beat: give its
    handlers the same masking of secret links and personal data (toegang.logfilter)."""
    for handler in logger.handlers:
        if not any(isinstance(f, GeheimenFilter) for f in handler.filters):
            handler.addFilter(GeheimenFilter())
