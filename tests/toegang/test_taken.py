"""Every Celery task of ours: no countdown, eta or retry backoff over five minutes, and a
broker visibility timeout longer than any of them plus the task time limit."""

import ast
import importlib
from pathlib import Path

import pytest
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings

from toegang.berichten import services
from toegang.berichten.tasks import wachttijd
from toegang.celery import LANGSTE_COUNTDOWN, app

ROOT = Path(__file__).resolve().parents[2]
PAKKETTEN = ("intake", "sociale_kaart", "locaties", "rapportage", "toegang")


def onze_taken():
    for pakket in PAKKETTEN:
        for pad in ROOT.joinpath(pakket).rglob("tasks.py"):
            importlib.import_module(".".join(pad.relative_to(ROOT).with_suffix("").parts))
    return {naam: taak for naam, taak in app.tasks.items() if naam.startswith(PAKKETTEN)}


def test_our_tasks_are_found():
    namen = set(onze_taken())
    assert {"intake.tasks.bevestiging_sturen", "toegang.berichten.tasks.mails_versturen"} <= namen
    assert "toegang.berichten.tasks.mails_nalopen" in namen


@pytest.mark.parametrize("naam", sorted(onze_taken()))
def test_no_automatic_retry_waits_longer_than_five_minutes(naam):
    taak = onze_taken()[naam]
    assert taak.acks_late, "every task is acknowledged late"
    if not getattr(taak, "autoretry_for", ()):
        return
    if taak.retry_backoff:
        wachttijden = [
            get_exponential_backoff_interval(
                factor=int(taak.retry_backoff),
                retries=poging,
                maximum=taak.retry_backoff_max,
                full_jitter=False,
            )
            for poging in range(taak.max_retries + 1)
        ]
        assert max(wachttijden) <= LANGSTE_COUNTDOWN
        assert taak.retry_backoff_max <= LANGSTE_COUNTDOWN
    else:
        assert taak.default_retry_delay <= LANGSTE_COUNTDOWN


def test_a_mail_retry_waits_at_most_five_minutes():
    wachttijden = [wachttijd(poging) for poging in range(services.MAIL_POGINGEN + 1)]
    assert wachttijden[:3] == [15, 30, 60]
    assert max(wachttijden) == LANGSTE_COUNTDOWN


def _aanroepen_met(woord: str):
    """Every call in our code that passes `woord=` (countdown, eta), with its file."""
    for pakket in PAKKETTEN:
        for pad in ROOT.joinpath(pakket).rglob("*.py"):
            if "migrations" in pad.parts:
                continue
            for knoop in ast.walk(ast.parse(pad.read_text())):
                if isinstance(knoop, ast.Call):
                    for argument in knoop.keywords:
                        if argument.arg == woord:
                            yield pad.relative_to(ROOT), ast.unparse(argument.value)


def test_no_task_is_planned_with_an_eta():
    """Later work is a row with a due date that beat sweeps, never an eta."""
    assert list(_aanroepen_met("eta")) == []


def test_every_countdown_is_the_capped_mail_retry():
    assert list(_aanroepen_met("countdown")) == [
        (Path("toegang/berichten/tasks.py"), "wachttijd(self.request.retries)")
    ]


def test_beat_sends_nothing_with_a_countdown():
    for naam, regel in settings.CELERY_BEAT_SCHEDULE.items():
        assert regel["task"] in onze_taken(), naam
        opties = regel.get("options", {})
        assert "eta" not in opties and opties.get("countdown", 0) <= LANGSTE_COUNTDOWN, naam


def test_a_message_is_given_to_another_worker_only_after_any_countdown_and_task_ran_out():
    """Redis hands an unacknowledged message out again after the visibility timeout: a task
    waiting for its countdown, then running up to its time limit, must not be doubled."""
    zichtbaarheid = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout")
    if settings.REDIS_URL:
        assert zichtbaarheid == settings.CELERY_VISIBILITY_TIMEOUT
    assert settings.CELERY_VISIBILITY_TIMEOUT > LANGSTE_COUNTDOWN + settings.CELERY_TASK_TIME_LIMIT
    # And the sweep for mails of dead workers waits at least as long as a worker may take.
    assert services.MAIL_VASTGELOPEN.total_seconds() > (
        LANGSTE_COUNTDOWN + settings.CELERY_TASK_TIME_LIMIT
    )
