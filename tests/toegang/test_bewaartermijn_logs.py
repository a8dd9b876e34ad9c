"""Retention of the logs themselves (issue 15, item 5): the logboek dataverwerkingen, the login
attempts (django-axes) and the breaks of the glass go after the terms the beheerder sets,
removed by the nightly retention job, which leaves a count of each. The log stays append-only
for everything else: the job's one path through the database is narrow and tested here.

Rows are written in the past by travelling there (time-machine); the job runs "now" at a
fixed moment too. The database function never looks past the database's own clock, so these
moments lie before the real today."""

import os
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from intake.models import Doorbraak
from intake.services.bewaren import bewaartermijnen_toepassen
from intake.services.hulpvraag import doorbraak_vastleggen
from tests.accounts.factories import UserFactory
from tests.intake.factories import HulpvraagFactory
from toegang.accounts.roles import Rol, Team
from toegang.privacy.models import (
    INLOGPOGINGEN_MINIMUM_MAANDEN,
    LOGBOEK_MINIMUM_MAANDEN,
    Logbewaartermijnen,
    Opschoning,
    Verwerking,
)
from toegang.privacy.services import maanden_eerder, verwerking_vastleggen

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
BEGIN = datetime(2023, 1, 10, 10, 0, tzinfo=AMS)
ROOT = Path(__file__).resolve().parents[2]


def op(moment, maak):
    with time_machine.travel(moment, tick=False):
        return maak()


def logregel(medewerker, moment, hulpvraag="TA-2023-00001"):
    return op(
        moment,
        lambda: verwerking_vastleggen(gebruiker=medewerker, actie="inzien", hulpvraag=hulpvraag),
    )


def inlogpoging(moment, model=AccessFailureLog, **extra):
    velden = {"user_agent": "x", "ip_address": "192.0.2.1", "username": "x", "http_accept": "*"}
    if model is AccessAttempt:
        extra |= {"get_data": "", "post_data": "", "failures_since_start": 1}
    return op(moment, lambda: model.objects.create(**velden, path_info="/", **extra))


def opschoningen(soort):
    return list(
        Opschoning.objects.filter(soort=soort).values_list("aantal", "van", "tot", "maanden")
    )


# --- the logboek dataverwerkingen ------------------------------------------------------------


def test_the_log_is_kept_two_years_and_the_nightly_job_removes_older_rows(medewerker):
    oud = logregel(medewerker, BEGIN)
    jonger = logregel(medewerker, BEGIN + timedelta(days=40))
    nu = maanden_eerder(BEGIN, -24) + timedelta(days=1)

    telling = bewaartermijnen_toepassen(nu=nu)

    assert telling["logboek"] == 1
    assert list(Verwerking.objects.values_list("pk", flat=True)) == [jonger.pk]
    # The count it leaves: how many, from which period, under which term, when.
    [rij] = Opschoning.objects.filter(soort=Opschoning.Soort.LOGBOEK)
    assert (rij.aantal, rij.van, rij.maanden, rij.op) == (1, oud.op, 24, nu)
    assert oud.op < rij.tot <= jonger.op
    # Running again that night removes nothing more, and says so.
    assert bewaartermijnen_toepassen(nu=nu)["logboek"] == 0
    assert [a for a, *_ in opschoningen(Opschoning.Soort.LOGBOEK)] == [0, 1]


def test_the_log_follows_the_term_the_beheerder_set(medewerker):
    Logbewaartermijnen.objects.update(logboek_maanden=36)
    logregel(medewerker, BEGIN)
    assert bewaartermijnen_toepassen(nu=maanden_eerder(BEGIN, -25))["logboek"] == 0
    assert (
        bewaartermijnen_toepassen(nu=maanden_eerder(BEGIN, -36) + timedelta(days=1))["logboek"] == 1
    )


def _sql(sql, params=None):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else None


def test_outside_the_job_the_log_still_refuses_every_delete_and_update(medewerker):
    oud = logregel(medewerker, BEGIN)
    recent = logregel(medewerker, datetime.now(AMS) - timedelta(days=1))
    pogingen = [
        ("DELETE FROM privacy_verwerking", None),
        ("DELETE FROM privacy_verwerking WHERE id = %s", [oud.pk]),
        ("UPDATE privacy_verwerking SET toelichting = 'weg'", None),
        # The job's own flag does not open it to anyone else: not for a recent row, never
        # for an UPDATE.
        (
            "SET LOCAL privacy.logboek_opschonen = 'aan'; "
            "DELETE FROM privacy_verwerking WHERE id = %s",
            [recent.pk],
        ),
        (
            "SET LOCAL privacy.logboek_opschonen = 'aan'; "
            "UPDATE privacy_verwerking SET toelichting = 'weg' WHERE id = %s",
            [oud.pk],
        ),
    ]
    for sql, params in pogingen:
        with pytest.raises(DatabaseError, match="alleen aangevuld"):
            _sql(sql, params)
    with pytest.raises(Exception, match="alleen aangevuld"):
        Verwerking.objects.filter(pk=oud.pk).delete()
    assert Verwerking.objects.count() == 2
    assert not Verwerking.objects.exclude(toelichting="").exists()


def test_the_job_s_path_refuses_a_term_under_the_legal_minimum(medewerker):
    logregel(medewerker, BEGIN)
    with pytest.raises(DatabaseError, match="minstens 12 maanden"):
        _sql("SELECT privacy_logboek_opschonen(now(), %s)", [LOGBOEK_MINIMUM_MAANDEN - 1])
    assert Verwerking.objects.count() == 1
    assert not Opschoning.objects.exists()


def test_the_job_s_path_never_looks_past_the_database_clock(medewerker):
    """A caller that says it is the year 2200 still removes only what is a year old now."""
    oud = logregel(medewerker, BEGIN)
    recent = logregel(medewerker, datetime.now(AMS) - timedelta(days=100))
    [(aantal,)] = _sql(
        "SELECT privacy_logboek_opschonen(%s, %s)",
        [datetime(2200, 1, 1, tzinfo=AMS), LOGBOEK_MINIMUM_MAANDEN],
    )
    assert aantal == 1
    assert list(Verwerking.objects.values_list("pk", flat=True)) == [recent.pk]
    assert oud.pk not in Verwerking.objects.values_list("pk", flat=True)


def test_the_application_keeps_no_delete_grant_after_the_job(medewerker):
    logregel(medewerker, BEGIN)
    bewaartermijnen_toepassen(nu=maanden_eerder(BEGIN, -24) + timedelta(days=1))
    [(verwijderen, wijzigen)] = _sql(
        "SELECT has_table_privilege(current_user, 'privacy_verwerking', 'DELETE'), "
        "has_table_privilege(current_user, 'privacy_verwerking', 'UPDATE')"
    )
    # (A superuser has every privilege; the grants are what the ACL says.)
    [(acl,)] = _sql("SELECT relacl::text FROM pg_class WHERE relname = 'privacy_verwerking'")
    eigen = [
        a
        for a in acl.strip("{}").split(",")
        if a.startswith(f"{connection.settings_dict['USER']}=")
    ]
    assert eigen and not {"w", "d", "D"} & set(eigen[0].split("=")[1].split("/")[0])
    assert verwijderen == wijzigen  # both granted (superuser) or both refused, never only one


def test_as_an_owner_that_is_no_superuser_only_the_job_s_path_deletes(medewerker):
    """Production: the application's role owns the tables and is no superuser. A plain
    DELETE lacks the privilege; the job's function hands it to itself for its own
    transaction and takes it back."""
    oud = logregel(medewerker, BEGIN)
    recent = logregel(medewerker, datetime.now(AMS) - timedelta(days=1))
    rol = f"toegang_test_eigenaar_{os.getpid()}"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {rol} NOSUPERUSER")
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {rol}")
        cursor.execute(f"ALTER TABLE privacy_verwerking OWNER TO {rol}")
        cursor.execute(f"ALTER TABLE privacy_opschoning OWNER TO {rol}")
        cursor.execute(
            f"ALTER FUNCTION privacy_logboek_opschonen(timestamptz, integer) OWNER TO {rol}"
        )
        cursor.execute(f"SET LOCAL ROLE {rol}")
        with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
            cursor.execute("DELETE FROM privacy_verwerking WHERE id = %s", [oud.pk])
        cursor.execute("SELECT privacy_logboek_opschonen(now(), 12)")
        assert cursor.fetchone() == (1,)
        cursor.execute("SELECT id FROM privacy_verwerking")
        assert cursor.fetchall() == [(recent.pk,)]
        cursor.execute("SELECT has_table_privilege('privacy_verwerking', 'DELETE')")
        assert cursor.fetchone() == (False,)
        transaction.set_rollback(True)


def test_only_the_nightly_retention_job_calls_the_exception():
    """The database function is named in its migration and called from one service; that
    service only from the nightly retention job."""
    bronnen = [
        p
        for p in ROOT.rglob("*.py")
        if not {".venv", "node_modules", "tests", ".data"} & set(p.relative_to(ROOT).parts)
    ]
    noemt = {
        woord: sorted(str(p.relative_to(ROOT)) for p in bronnen if woord in p.read_text())
        for woord in ("privacy_logboek_opschonen(", "logboeken_opschonen(")
    }
    assert noemt["privacy_logboek_opschonen("] == [
        "toegang/privacy/migrations/0002_bewaartermijn_logs.py",
        "toegang/privacy/services.py",
    ]
    assert noemt["logboeken_opschonen("] == [
        "intake/services/bewaren.py",
        "toegang/privacy/services.py",
    ]


# --- login attempts ---------------------------------------------------------------------------


def test_login_attempts_go_after_six_months_with_a_count(medewerker):
    mislukt = inlogpoging(BEGIN, locked_out=True)
    inlogpoging(BEGIN + timedelta(days=1), AccessAttempt)
    inlogpoging(BEGIN + timedelta(days=2), AccessLog)
    blijft = inlogpoging(BEGIN + timedelta(days=60))
    nu = maanden_eerder(BEGIN, -INLOGPOGINGEN_MINIMUM_MAANDEN) + timedelta(days=3)

    assert bewaartermijnen_toepassen(nu=nu)["inlogpogingen"] == 3

    assert list(AccessFailureLog.objects.values_list("pk", flat=True)) == [blijft.pk]
    assert not AccessAttempt.objects.exists() and not AccessLog.objects.exists()
    [(aantal, van, tot, maanden)] = opschoningen(Opschoning.Soort.INLOGPOGINGEN)
    assert (aantal, van, maanden) == (3, mislukt.attempt_time, 6)
    assert tot == maanden_eerder(nu, 6)


# --- breaks of the glass ---------------------------------------------------------------------


def _doorbraak(moment):
    collega = UserFactory(rol=Rol.MEDEWERKER, team=Team.MAATWERK_JEUGD)
    zaak = HulpvraagFactory()
    return op(
        moment, lambda: doorbraak_vastleggen(hulpvraag=zaak, door=collega, reden="Moeder belde.")
    )


def test_a_break_of_the_glass_goes_with_the_log_of_the_same_access_by_default():
    oud = _doorbraak(BEGIN)
    jonger = _doorbraak(BEGIN + timedelta(days=40))
    telling = bewaartermijnen_toepassen(nu=maanden_eerder(BEGIN, -24) + timedelta(days=1))
    assert telling["doorbraken"] == 1
    assert list(Doorbraak.objects.values_list("pk", flat=True)) == [jonger.pk]
    # Its row in the logboek, with the same reason, went the same night.
    assert telling["logboek"] == 1
    assert not Verwerking.objects.filter(op=oud.op).exists()
    [(aantal, van, _, maanden)] = opschoningen(Opschoning.Soort.DOORBRAAKREDENEN)
    assert (aantal, van, maanden) == (1, oud.op, 24)


def test_breaks_of_the_glass_may_go_sooner_than_the_log():
    Logbewaartermijnen.objects.update(doorbraakredenen_maanden=12)
    _doorbraak(BEGIN)
    telling = bewaartermijnen_toepassen(nu=maanden_eerder(BEGIN, -12) + timedelta(days=1))
    assert (telling["doorbraken"], telling["logboek"]) == (1, 0)


# --- the terms in /beheer/ ------------------------------------------------------------------


def _wijzigen(client, **velden):
    termijnen = Logbewaartermijnen.huidige()
    data = {
        "logboek_maanden": termijnen.logboek_maanden,
        "inlogpogingen_maanden": termijnen.inlogpogingen_maanden,
        "doorbraakredenen_maanden": termijnen.doorbraakredenen_maanden or "",
        **velden,
    }
    return client.post(
        reverse("admin:privacy_logbewaartermijnen_change", args=[termijnen.pk]), data
    )


@pytest.mark.parametrize(
    ("velden", "melding"),
    [
        ({"logboek_maanden": 11}, "blijven minstens 12 maanden bewaard"),
        ({"inlogpogingen_maanden": 5}, "Inlogpogingen blijven minstens 6 maanden bewaard"),
        ({"doorbraakredenen_maanden": 6}, "blijven minstens 12 maanden bewaard"),
        ({"doorbraakredenen_maanden": 30}, "niet langer dan het logboek"),
        ({"logboek_maanden": "twee jaar"}, "Voer een geheel getal in"),
    ],
)
def test_a_term_under_the_legal_minimum_cannot_be_saved_in_beheer(
    client, beheerder, velden, melding
):
    client.force_login(beheerder)
    antwoord = _wijzigen(client, **velden)
    assert antwoord.status_code == 200
    assert melding in antwoord.content.decode()
    termijnen = Logbewaartermijnen.huidige()
    assert (termijnen.logboek_maanden, termijnen.inlogpogingen_maanden) == (24, 6)
    assert termijnen.doorbraakredenen_maanden is None


def test_the_beheerder_sets_the_terms_and_sees_the_counts_in_beheer(client, beheerder, medewerker):
    client.force_login(beheerder)
    lijst = client.get(reverse("admin:privacy_logbewaartermijnen_changelist")).content.decode()
    assert "Bewaartermijnen van de logboeken" in lijst
    assert _wijzigen(client, logboek_maanden=36, doorbraakredenen_maanden=18).status_code == 302
    termijnen = Logbewaartermijnen.huidige()
    assert (termijnen.logboek_maanden, termijnen.doorbraak_maanden) == (36, 18)
    # One row: nothing to add, nothing to delete.
    assert client.get(reverse("admin:privacy_logbewaartermijnen_add")).status_code == 403
    pk = termijnen.pk
    assert (
        client.get(reverse("admin:privacy_logbewaartermijnen_delete", args=[pk])).status_code == 403
    )

    logregel(medewerker, BEGIN)
    bewaartermijnen_toepassen(nu=maanden_eerder(BEGIN, -36) + timedelta(days=1))
    tellingen = client.get(reverse("admin:privacy_opschoning_changelist")).content.decode()
    assert "Logboek dataverwerkingen" in tellingen and "Inlogpogingen" in tellingen
    rij = Opschoning.objects.first()
    assert client.get(reverse("admin:privacy_opschoning_change", args=[rij.pk])).status_code == 200
    assert client.post(reverse("admin:privacy_opschoning_delete", args=[rij.pk])).status_code == 403


def test_logins_of_the_log_of_logins_go_with_the_login_attempts(medewerker):
    """Inlogmomenten (every login and every refused login at the identity provider) are
    login attempts for retention: the same term, counted in the same Opschoning."""
    from toegang.privacy.models import Inlogmoment
    from toegang.privacy.services import inlogmoment_vastleggen

    oud = inlogmoment_vastleggen(gebruiker=medewerker, methode=Inlogmoment.Methode.WACHTWOORD)
    Inlogmoment.objects.filter(pk=oud.pk).update(op=BEGIN)
    nieuw = inlogmoment_vastleggen(
        gebruiker=medewerker, methode=Inlogmoment.Methode.GEMEENTE_ACCOUNT
    )
    Inlogmoment.objects.filter(pk=nieuw.pk).update(op=BEGIN + timedelta(days=60))
    nu = maanden_eerder(BEGIN, -INLOGPOGINGEN_MINIMUM_MAANDEN) + timedelta(days=3)

    assert bewaartermijnen_toepassen(nu=nu)["inlogpogingen"] == 1
    assert list(Inlogmoment.objects.values_list("pk", flat=True)) == [nieuw.pk]
    [(aantal, van, _, _)] = opschoningen(Opschoning.Soort.INLOGPOGINGEN)
    assert (aantal, van) == (1, BEGIN)
