"""Backup and restore drill: pg_dump of a database in use, pg_restore into a fresh one,
and the portal works on the copy: the logboek dataverwerkingen keeps its trigger and its
revoked grants, the sequences go on after the highest id, and residents' secret links
open. The portal's own tests for the log and the links run on the restored copy."""

import os
import subprocess
import sys
from datetime import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from intake.models import Hulpvraag
from tests.intake import test_privacy, test_status
from tests.intake.factories import HulpvraagFactory, InwonerFactory
from tests.toegang.andere_database import lege_database, op_database
from tests.toegang.test_settings import ROOT
from toegang.privacy.models import Verwerking
from toegang.privacy.services import verwerking_vastleggen
from toegang.reservekopie import BESTANDSNAAM, oude_opruimen

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def bevolkt(medewerker):
    """A database in use: a resident's question with a status link, and the log."""
    zaak = HulpvraagFactory(
        vraag=test_status.VRAAG,
        inwoner=InwonerFactory(naam="Fatima Yilmaz", email="fatima@example.org"),
    )
    HulpvraagFactory.create_batch(3)
    verwerking_vastleggen(
        gebruiker=medewerker, actie="inzien", hulpvraag=zaak.referentie, toelichting="voor"
    )
    return zaak


def test_a_backup_restored_into_a_fresh_database_works_as_the_original(
    client, medewerker, bevolkt, tmp_path
):
    hoogste_zaak = Hulpvraag.objects.order_by("-pk").values_list("pk", flat=True)[0]
    hoogste_rij = Verwerking.objects.order_by("-pk").values_list("pk", flat=True)[0]
    call_command("backup", map=tmp_path, bewaar_dagen=0)
    (bestand,) = tmp_path.glob("toegang-*.dump")
    assert bestand.stat().st_mode & 0o777 == 0o600  # personal data: the owner only

    with lege_database() as naam, op_database(naam):
        call_command("restore", bestand)

        # The residents' secret links open, with what they showed before.
        zaak = Hulpvraag.objects.get(pk=bevolkt.pk)
        assert zaak.token == bevolkt.token
        test_status.test_new_question_shows_received_and_the_promised_date(client, zaak)
        test_status.test_confirmation_shows_reference_date_phone_and_full_status_link(client, zaak)
        # The log: its rows, its trigger, its revoked grants.
        assert Verwerking.objects.get(pk=hoogste_rij).hulpvraag == bevolkt.referentie
        test_privacy.test_the_applications_role_has_no_update_or_delete_grant_on_the_log()
        test_privacy.test_the_log_cannot_be_changed_or_deleted(medewerker, zaak)
        # The sequences go on after the highest id.
        assert HulpvraagFactory().pk > hoogste_zaak
        assert Verwerking.objects.order_by("-pk")[0].pk > hoogste_rij
        # And the copy is at this code's migrations: nothing to do before starting.
        call_command("migrate", check_unapplied=True, verbosity=0)


def test_restore_refuses_a_database_that_is_not_empty_and_changes_nothing(bevolkt, tmp_path):
    call_command("backup", map=tmp_path, bewaar_dagen=0)
    (bestand,) = tmp_path.glob("toegang-*.dump")
    HulpvraagFactory()  # after the backup: still there when the restore is refused
    aantal = Hulpvraag.objects.count()
    with pytest.raises(CommandError, match="is niet leeg") as fout:
        call_command("restore", bestand)
    assert "--overschrijven" in str(fout.value)
    assert Hulpvraag.objects.count() == aantal


def test_restore_of_a_file_that_is_no_backup_says_so(tmp_path):
    onzin = tmp_path / "toegang-20260101-040000.dump"
    onzin.write_text("geen reservekopie")
    with pytest.raises(CommandError, match="lezen als reservekopie"):
        call_command("restore", onzin)
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("restore", tmp_path / "weg.dump")


def test_restore_with_overwrite_replaces_what_is_there(bevolkt, tmp_path):
    call_command("backup", map=tmp_path, bewaar_dagen=0)
    (bestand,) = tmp_path.glob("toegang-*.dump")
    with lege_database() as naam, op_database(naam):
        call_command("restore", bestand)
        later = HulpvraagFactory()  # made after the backup, in the restored copy
        call_command("restore", bestand, overschrijven=True)
        assert not Hulpvraag.objects.filter(pk=later.pk).exists()
        assert Hulpvraag.objects.count() == 4
        assert Hulpvraag.objects.get(pk=bevolkt.pk).token == bevolkt.token


def test_backup_and_restore_on_the_embedded_database_of_make_run(tmp_path):
    """`make backup` without DATABASE_URL: the embedded PostgreSQL with its own tools."""
    opdracht = (
        f"{sys.executable} manage.py migrate -v0 && "
        f"{sys.executable} manage.py backup --map {tmp_path / 'b'} && "
        f"{sys.executable} manage.py restore --overschrijven {tmp_path / 'b'}/toegang-*.dump"
    )
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env |= {"TOEGANG_DATA_DIR": str(tmp_path), "DEBUG": "1"}
    uitkomst = subprocess.run(
        [sys.executable, "-m", "toegang.devenv", "exec", "--", "sh", "-c", opdracht],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert uitkomst.returncode == 0, uitkomst.stdout + uitkomst.stderr
    assert "Reservekopie gemaakt" in uitkomst.stdout
    assert "Teruggezet" in uitkomst.stdout


def test_old_backups_are_removed_after_their_days_and_nothing_else(tmp_path, db):
    nu = timezone.make_aware(datetime(2026, 12, 6, 4, 0))
    namen = [BESTANDSNAAM.format(datetime(2026, 10, d, 4, 0)) for d in (30, 31)]
    namen += [BESTANDSNAAM.format(datetime(2026, 11, 2, 4, 0)), "notities.txt", "toegang.dump"]
    for naam in namen:
        (tmp_path / naam).write_text("-")
    weg = oude_opruimen(waar=tmp_path, bewaar_dagen=35, nu=nu)
    assert [p.name for p in weg] == ["toegang-20261030-040000.dump", "toegang-20261031-040000.dump"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "notities.txt",
        "toegang-20261102-040000.dump",
        "toegang.dump",
    ]
