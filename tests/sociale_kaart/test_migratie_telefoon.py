"""Migration 0013 stores the sociale kaart's phone numbers as E.164, the one spelling
TelefoonField keeps from then on; what is no valid number stays as it was."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

VOOR = [("sociale_kaart", "0011_aanbod_naam_id")]
NA = [("sociale_kaart", "0014_hsds_herkomst")]


def migreren(doel):
    executor = MigrationExecutor(connection)
    executor.migrate(doel)
    return executor.loader.project_state(doel).apps


@pytest.fixture
def voor_e164(transactional_db):
    oud = migreren(VOOR)
    yield oud
    migreren(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_stored_numbers_become_e164_and_invalid_ones_stay(voor_e164):
    organisaties = voor_e164.get_model("sociale_kaart", "Organisatie").objects
    figulus = organisaties.create(naam="Figulus", slug="figulus", telefoon="0543-000099")
    kapot = organisaties.create(naam="Kapot", slug="kapot", telefoon="bel ons")
    aanbod = voor_e164.get_model("sociale_kaart", "Aanbod").objects.create(
        organisatie=figulus, naam="Maatje", slug="maatje", korte_beschrijving="k",
        beschrijving="b", telefoon="06-12345678",
    )  # fmt: skip
    persoon = voor_e164.get_model("sociale_kaart", "Contactpersoon").objects.create(
        organisatie=figulus, naam="Anja", telefoon="+31 543 000 011"
    )

    nieuw = migreren(NA)

    def telefoon(model, pk):
        return nieuw.get_model("sociale_kaart", model).objects.get(pk=pk).telefoon

    assert telefoon("Organisatie", figulus.pk) == "+31543000099"
    assert telefoon("Organisatie", kapot.pk) == "bel ons"
    assert telefoon("Aanbod", aanbod.pk) == "+31612345678"
    assert telefoon("Contactpersoon", persoon.pk) == "+31543000011"
