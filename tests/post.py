"""E-mail in tests: mails are stored rows that a worker sends; this sends them now."""

from django.core import mail

from toegang.accounts.models import Mail
from toegang.accounts.services import mails_versturen


def verzonden_mail() -> list:
    """Send every waiting e-mail as the worker would, and return Django's test outbox."""
    wachtend = Mail.objects.filter(status=Mail.Status.WACHT).order_by("pk")
    mails_versturen(ids=list(wachtend.values_list("pk", flat=True)))
    return mail.outbox
