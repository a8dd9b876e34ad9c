"""Search runs in PostgreSQL on every request (sociale_kaart.zoeken): no process keeps a copy,
so the data versions and their triggers (0008, 0009) go. The typo tolerance looks its
vocabulary up again, by prefix (the primary key's pattern index) and by one-letter deletions
(symmetric delete): a GIN index on an immutable expression of core SQL, which the embedded
PostgreSQL of `make run` has too."""

from django.db import migrations

# The tables 0008 and 0009 put a `zoekversie` trigger on (0009 dropped zoekvariant).
TABELLEN = [
    "sociale_kaart_aanbod",
    "sociale_kaart_aanbod_levensdomeinen",
    "sociale_kaart_aanbod_doelgroepen",
    "sociale_kaart_aanbodopvestiging",
    "sociale_kaart_organisatie",
    "sociale_kaart_vestiging",
    "sociale_kaart_levensdomein",
    "sociale_kaart_doelgroep",
    "sociale_kaart_synoniem",
    "sociale_kaart_zoekwoord",
    "sociale_kaart_vestigingopeningsregel",
    "sociale_kaart_vestiginguitzondering",
]
# Of those, the tables 0009 let renew the document version too.
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

VERSIES_WEG = (
    "".join(f"DROP TRIGGER IF EXISTS zoekversie ON {tabel};\n" for tabel in TABELLEN)
    + "DROP FUNCTION IF EXISTS sociale_kaart_zoekversie_vernieuwen();\n"
    + "DROP FUNCTION IF EXISTS sociale_kaart_documentversie_vernieuwen();\n"
)

# Going back: the functions and triggers as 0009 left them, and the one row.
VERSIES_TERUG = """
CREATE FUNCTION sociale_kaart_zoekversie_vernieuwen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE sociale_kaart_zoekversie SET versie = gen_random_uuid();
    RETURN NULL;
END $$;
CREATE FUNCTION sociale_kaart_documentversie_vernieuwen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE sociale_kaart_zoekversie
       SET versie = gen_random_uuid(), documentversie = gen_random_uuid();
    RETURN NULL;
END $$;
INSERT INTO sociale_kaart_zoekversie (versie, documentversie)
VALUES (gen_random_uuid(), gen_random_uuid());
""" + "".join(
    f"CREATE TRIGGER zoekversie AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {tabel}"
    " FOR EACH STATEMENT EXECUTE FUNCTION "
    + (
        "sociale_kaart_documentversie_vernieuwen"
        if tabel in DOCUMENTTABELLEN
        else "sociale_kaart_zoekversie_vernieuwen"
    )
    + "();\n"
    for tabel in TABELLEN
)

WEGLATINGEN = """
CREATE FUNCTION sociale_kaart_weglatingen(woord text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT array_agg(DISTINCT variant)
      FROM (SELECT woord AS variant
            UNION ALL
            SELECT overlay(woord PLACING '' FROM i FOR 1)
              FROM generate_series(1, length(woord)) AS i) AS varianten
$$;
CREATE INDEX zoekwoord_weglatingen ON sociale_kaart_zoekwoord
 USING gin (sociale_kaart_weglatingen(woord));
"""
WEGLATINGEN_WEG = """
DROP INDEX IF EXISTS zoekwoord_weglatingen;
DROP FUNCTION IF EXISTS sociale_kaart_weglatingen(text);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("sociale_kaart", "0009_documentversie"),
    ]

    operations = [
        migrations.RunSQL(VERSIES_WEG, VERSIES_TERUG),
        migrations.DeleteModel(name="Zoekversie"),
        migrations.RunSQL(WEGLATINGEN, WEGLATINGEN_WEG),
    ]

