from django.db import migrations

# Messaging leaves this app for toegang.berichten (its migration 0001 takes the models up).
# The tables are renamed in place, so every row, id and sequence stays; the names of their
# sequences, indexes and constraints follow the table, and the index on the unread messages
# gets the name the berichten model gives it.
TABELLEN = ["bericht", "verzending", "uitgaandetaak", "mail"]
BERICHT_INDEX = ("accounts_be_ontvang_b129f3_idx", "bericht_ongelezen")


def hernoemen(van: str, naar: str) -> str:
    """SQL that renames the four tables from `van_…` to `naar_…`, with every sequence, index
    and constraint whose name starts with the old table name."""
    tabellen = ", ".join(f"'{tabel}'" for tabel in TABELLEN)
    return f"""
DO $$
DECLARE
    tabel text;
    oud text;
    nieuw text;
    r record;
BEGIN
    FOREACH tabel IN ARRAY ARRAY[{tabellen}] LOOP
        oud := '{van}_' || tabel;
        nieuw := '{naar}_' || tabel;
        EXECUTE format('ALTER TABLE %I RENAME TO %I', oud, nieuw);
        FOR r IN SELECT conname AS naam FROM pg_constraint
                 WHERE conrelid = nieuw::regclass AND left(conname, length(oud) + 1) = oud || '_'
        LOOP
            EXECUTE format('ALTER TABLE %I RENAME CONSTRAINT %I TO %I',
                           nieuw, r.naam, nieuw || substr(r.naam, length(oud) + 1));
        END LOOP;
        FOR r IN SELECT c.relname AS naam FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                 WHERE i.indrelid = nieuw::regclass AND left(c.relname, length(oud) + 1) = oud || '_'
        LOOP
            EXECUTE format('ALTER INDEX %I RENAME TO %I',
                           r.naam, nieuw || substr(r.naam, length(oud) + 1));
        END LOOP;
        EXECUTE format('ALTER SEQUENCE %s RENAME TO %I',
                       pg_get_serial_sequence(nieuw, 'id'), nieuw || '_id_seq');
    END LOOP;
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_mail_laatste_poging"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    hernoemen("accounts", "berichten")
                    + "ALTER INDEX %s RENAME TO %s;" % BERICHT_INDEX,
                    hernoemen("berichten", "accounts")
                    + "ALTER INDEX %s RENAME TO %s;" % BERICHT_INDEX[::-1],
                ),
            ],
            state_operations=[
                migrations.DeleteModel(name="Bericht"),
                migrations.DeleteModel(name="Verzending"),
                migrations.DeleteModel(name="UitgaandeTaak"),
                migrations.DeleteModel(name="Mail"),
            ],
        ),
    ]
