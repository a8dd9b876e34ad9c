import uuid

from django.db import migrations, models

# The tables sociale_kaart.zoekindex holds a copy of (with the opening hours): a change
# to one of them renews both versions; a change to the other tables of 0008 (taxonomy,
# synonyms) renews only `versie`.
DOCUMENTTABELLEN = [
    "sociale_kaart_aanbod",
    "sociale_kaart_aanbod_levensdomeinen",
    "sociale_kaart_aanbod_doelgroepen",
    "sociale_kaart_aanbodopvestiging",
    "sociale_kaart_vestiging",
    "sociale_kaart_organisatie",
    "sociale_kaart_zoekwoord",
    "sociale_kaart_vestigingopeningsregel",
    "sociale_kaart_vestiginguitzondering",
]

FUNCTIE = """
CREATE FUNCTION sociale_kaart_documentversie_vernieuwen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE sociale_kaart_zoekversie
       SET versie = gen_random_uuid(), documentversie = gen_random_uuid();
    RETURN NULL;
END $$;
"""

TRIGGERS = "".join(
    f"DROP TRIGGER zoekversie ON {tabel};\n"
    f"CREATE TRIGGER zoekversie AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {tabel}"
    " FOR EACH STATEMENT EXECUTE FUNCTION sociale_kaart_documentversie_vernieuwen();\n"
    for tabel in DOCUMENTTABELLEN
)
TERUG = "".join(
    f"DROP TRIGGER zoekversie ON {tabel};\n"
    f"CREATE TRIGGER zoekversie AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {tabel}"
    " FOR EACH STATEMENT EXECUTE FUNCTION sociale_kaart_zoekversie_vernieuwen();\n"
    for tabel in DOCUMENTTABELLEN
)


class Migration(migrations.Migration):
    dependencies = [
        ("sociale_kaart", "0008_zoekversie"),
    ]

    operations = [
        # Going back, the restored table gets 0008's trigger again (this runs last then).
        migrations.RunSQL(
            migrations.RunSQL.noop,
            "CREATE TRIGGER zoekversie AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE"
            " ON sociale_kaart_zoekvariant"
            " FOR EACH STATEMENT EXECUTE FUNCTION sociale_kaart_zoekversie_vernieuwen();",
        ),
        # The typo tolerance's one-letter deletions and prefix lookups now live in the
        # index of each process (sociale_kaart.zoekindex).
        migrations.RemoveIndex(model_name="zoekwoord", name="zoekwoord_prefix"),
        migrations.DeleteModel(name="Zoekvariant"),
        migrations.AddField(
            model_name="zoekversie",
            name="documentversie",
            field=models.UUIDField(default=uuid.uuid4),
        ),
        migrations.RunSQL(
            FUNCTIE + TRIGGERS,
            TERUG + "DROP FUNCTION IF EXISTS sociale_kaart_documentversie_vernieuwen();",
        ),
    ]
