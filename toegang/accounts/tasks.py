"""Thin wrappers around toegang.accounts.services: the outbox dispatcher and e-mail."""

from celery import shared_task

from . import services

# Retries stay short (no countdown over 5 minutes): a mail server that is away longer is
# someone's to look at; the mail is then marked as failed, visible in /beheer/.
MAIL_POGINGEN = 8


@shared_task(name="toegang.accounts.tasks.uitgaande_taken_publiceren", acks_late=True)
def uitgaande_taken_publiceren() -> int:
    """Beat, every minute: publish what a broker outage left in the outbox."""
    return services.uitgaande_taken_publiceren()


@shared_task(
    name="toegang.accounts.tasks.mails_versturen",
    bind=True,
    acks_late=True,
    max_retries=MAIL_POGINGEN,
)
def mails_versturen(self, ids: list[int]) -> int:
    try:
        return services.mails_versturen(ids=ids)
    except OSError as fout:  # smtplib's errors are OSErrors too
        if self.request.retries >= self.max_retries:
            services.mail_opgeven(ids=ids)
            return 0
        raise self.retry(exc=fout, countdown=min(300, 15 * 2**self.request.retries)) from fout
