"""Thin wrappers: each task takes ids and calls one domain function in intake/services/.
The task names are stored in outbox rows and the beat schedule, so they stay as they are.

Every function claims its message with a unique key first, so a retried or doubled task
sends nothing twice and `acks_late` is safe.
"""

from datetime import datetime

from celery import shared_task

from toegang.celery import LANGSTE_COUNTDOWN

from .services import (
    afspraken,
    bewaren,
    bezoekafspraken,
    doorverwijzing_termijnen,
    feedback,
    hulp_gestart,
    hulpvraag,
    terugbellen,
)

# Mail is the one outside system here; retry it with backoff (never over 5 minutes).
_MAIL = {
    "acks_late": True,
    "autoretry_for": (OSError,),
    "retry_backoff": True,
    "retry_backoff_max": LANGSTE_COUNTDOWN,
    "max_retries": 5,
}


@shared_task(name="intake.tasks.bevestiging_sturen", **_MAIL)
def bevestiging_sturen(hulpvraag_id: int) -> bool:
    return hulpvraag.bevestiging_sturen(hulpvraag_id=hulpvraag_id)


@shared_task(name="intake.tasks.veiligheid_melden", **_MAIL)
def veiligheid_melden(hulpvraag_id: int) -> int:
    return hulpvraag.veiligheid_melden(hulpvraag_id=hulpvraag_id)


@shared_task(name="intake.tasks.feedback_vragen", **_MAIL)
def feedback_vragen(hulpvraag_id: int) -> bool:
    return feedback.feedback_vragen(hulpvraag_id=hulpvraag_id)


@shared_task(name="intake.tasks.afspraken_herinneren", **_MAIL)
def afspraken_herinneren() -> dict[str, int]:
    """Beat, working mornings: commitments due tomorrow or today, and overdue ones."""
    return afspraken.afspraken_herinneren()


@shared_task(name="intake.tasks.bezoekafspraak_bevestigen", **_MAIL)
def bezoekafspraak_bevestigen(bezoekafspraak_id: int) -> bool:
    return bezoekafspraken.bezoekafspraak_bevestigen(bezoekafspraak_id=bezoekafspraak_id)


@shared_task(name="intake.tasks.bezoekafspraken_herinneren", **_MAIL)
def bezoekafspraken_herinneren() -> int:
    """Beat, working days: appointments up to the next working day, once each."""
    return bezoekafspraken.bezoekafspraken_herinneren()


@shared_task(name="intake.tasks.eerste_contact_escaleren", **_MAIL)
def eerste_contact_escaleren() -> int:
    """Beat, hourly on working days: online questions without contact after 2 working days."""
    return hulpvraag.eerste_contact_escaleren()


@shared_task(name="intake.tasks.doorverwijzingen_bewaken", acks_late=True)
def doorverwijzingen_bewaken() -> dict[str, int]:
    """Beat, hourly on working days: remind, escalate, expire and check in on referrals."""
    return doorverwijzing_termijnen.doorverwijzingen_bewaken()


@shared_task(name="intake.tasks.doorverwijzing_meldingen", **_MAIL)
def doorverwijzing_meldingen(soort: str, moment: str, ids: str) -> int:
    """The messages of one batch of timers the sweep claimed (ids comma-separated)."""
    return doorverwijzing_termijnen.doorverwijzing_meldingen(
        soort=soort, ids=ids.split(","), nu=datetime.fromisoformat(moment)
    )


@shared_task(name="intake.tasks.bewaartermijnen_toepassen", acks_late=True)
def bewaartermijnen_toepassen() -> dict[str, int]:
    """Beat, every night: delete questions nobody answered, anonymise closed cases past their
    retention period, and remove what the logs keep past their own terms (the logboek
    dataverwerkingen, login attempts, breaks of the glass) and the sociale kaart's search
    signals past theirs. Batches commit one by one: a run cut short is finished the next
    night."""
    return bewaren.bewaartermijnen_toepassen()


@shared_task(name="intake.tasks.terugbellen_niet_bereikt", **_MAIL)
def terugbellen_niet_bereikt(terugbelverzoek_id: int) -> bool:
    """After the last failed try: the resident's e-mail, once."""
    return terugbellen.niet_bereikt_melden(terugbelverzoek_id=terugbelverzoek_id)


@shared_task(name="intake.tasks.terugbellen_te_laat", **_MAIL)
def terugbellen_te_laat() -> int:
    """Beat, every quarter of an hour on working days: call-backs whose window passed."""
    return terugbellen.terugbellen_te_laat_melden()


@shared_task(name="intake.tasks.hulp_gestart_vragen", **_MAIL)
def hulp_gestart_vragen() -> int:
    """Beat, hourly on working days: "Is de hulp gestart?" to residents whose accepted
    referral's term passed, once per referral."""
    return hulp_gestart.hulp_gestart_vragen()
