"""Thin wrappers around toegang.berichten.services: the outbox dispatcher and e-mail."""

from celery import shared_task

from toegang.celery import LANGSTE_COUNTDOWN

from . import services


def wachttijd(poging: int) -> int:
    """Seconds before retry `poging` (0, 1, …) of a mail: 15 s doubling, at most 5 minutes.
    A mail server that is away longer is someone's to look at; after MAIL_POGINGEN the mail
    is marked as failed, visible in /beheer/."""
    return min(LANGSTE_COUNTDOWN, 15 * 2**poging)


@shared_task(name="toegang.berichten.tasks.uitgaande_taken_publiceren", acks_late=True)
def uitgaande_taken_publiceren() -> int:
    """Beat, every minute: publish what a broker outage left in the outbox."""
    return services.uitgaande_taken_publiceren()


@shared_task(
    name="toegang.berichten.tasks.mails_versturen",
    bind=True,
    acks_late=True,
    max_retries=services.MAIL_POGINGEN,
)
def mails_versturen(self, ids: list[int]) -> int:
    try:
        return services.mails_versturen(ids=ids)
    except OSError as fout:  # smtplib's errors are OSErrors too
        if self.request.retries >= self.max_retries:
            services.mail_opgeven(ids=ids)
            return 0
        raise self.retry(exc=fout, countdown=wachttijd(self.request.retries)) from fout


@shared_task(name="toegang.berichten.tasks.mails_nalopen", acks_late=True)
def mails_nalopen() -> dict[str, int]:
    """Beat, every five minutes: e-mails whose worker died get another go."""
    return services.mails_nalopen()
