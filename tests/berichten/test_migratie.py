"""Messaging moved from toegang.accounts to toegang.berichten: its tables were renamed in
place, so what was stored before the move is found after it, and again after going back."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from toegang.berichten.models import Bericht, Mail, UitgaandeTaak, Verzending

VOOR = [("accounts", "0005_mail_laatste_poging")]
# After the move and what berichten added since (the models below are today's).
NA = [("accounts", "0006_berichten_eigen_app"), ("berichten", "0003_mail_met_sleutel")]


def migreren(doel):
    """Migrate the test database to `doel`; returns the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate(doel)
    return executor.loader.project_state(doel).apps


@pytest.fixture
def van_voor_de_verhuizing(transactional_db):
    """The database as it was before the move; afterwards again as it is now."""
    oud = migreren(VOOR)
    yield oud
    migreren(MigrationExecutor(connection).loader.graph.leaf_nodes())


def vullen(oud):
    """Rows in each of the four tables, as the code before the move wrote them."""
    user = oud.get_model("accounts", "User").objects.create(username="anna", rol="medewerker")
    oud.get_model("accounts", "Bericht").objects.create(
        ontvanger=user, onderwerp="Herinnering", tekst="Bel de inwoner."
    )
    oud.get_model("accounts", "Verzending").objects.create(sleutel="afspraak:1:herinnering")
    taken = oud.get_model("accounts", "UitgaandeTaak").objects
    taken.create(taak="toegang.accounts.tasks.mails_versturen", argumenten=[[1]])
    taken.create(
        taak="toegang.accounts.tasks.mails_versturen",
        argumenten=[[2]],
        gepubliceerd_op=timezone.now(),
    )
    taken.create(taak="intake.tasks.bevestiging_sturen", argumenten=[7])
    oud.get_model("accounts", "Mail").objects.create(
        sleutel="mail:1", aan="anna@example.org", onderwerp="Herinnering", tekst="…"
    )
    ContentType.objects.filter(app_label="berichten").delete()
    ContentType.objects.get_or_create(app_label="accounts", model="mail")
    return user


def test_stored_messages_are_found_after_the_move(van_voor_de_verhuizing):
    user = vullen(van_voor_de_verhuizing)
    mail_type = ContentType.objects.get(app_label="accounts", model="mail").pk

    migreren(NA)

    bericht = Bericht.objects.get()
    assert (bericht.ontvanger_id, bericht.onderwerp) == (user.pk, "Herinnering")
    assert list(Bericht.objects.filter(ontvanger_id=user.pk).ongelezen()) == [bericht]
    assert Verzending.objects.filter(sleutel="afspraak:1:herinnering").exists()
    assert Mail.objects.get().status == Mail.Status.WACHT
    # A row still waiting for the broker names the task where it lives now; the published
    # one is history; another app's task is left alone.
    wachtend = {t.taak: t.gepubliceerd_op is None for t in UitgaandeTaak.objects.all()}
    assert wachtend == {
        "intake.tasks.bevestiging_sturen": True,
        "toegang.accounts.tasks.mails_versturen": False,
        "toegang.berichten.tasks.mails_versturen": True,
    }
    # The ids go on where they were.
    nieuw = Mail.objects.create(sleutel="mail:2", aan="a@example.org", onderwerp="O", tekst="T")
    assert nieuw.pk > Mail.objects.get(sleutel="mail:1").pk
    # Permissions and the admin's history stay with the model.
    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(Mail).pk == mail_type


def test_the_move_can_be_undone_with_the_rows(van_voor_de_verhuizing):
    vullen(van_voor_de_verhuizing)
    migreren(NA)
    oud = migreren(VOOR)

    assert oud.get_model("accounts", "Bericht").objects.get().onderwerp == "Herinnering"
    assert oud.get_model("accounts", "Verzending").objects.count() == 1
    assert oud.get_model("accounts", "Mail").objects.count() == 1
    assert sorted(
        oud.get_model("accounts", "UitgaandeTaak").objects.values_list("taak", flat=True)
    ) == [
        "intake.tasks.bevestiging_sturen",
        "toegang.accounts.tasks.mails_versturen",
        "toegang.accounts.tasks.mails_versturen",
    ]
    assert ContentType.objects.filter(app_label="accounts", model="mail").exists()
