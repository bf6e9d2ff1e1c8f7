"""Full-text and trigram search on clauses, on PostgreSQL only.

The search vector is a generated column the model does not declare (SQLite could not
compute it); `policyapp.search` reads it on PostgreSQL and uses a plainer search elsewhere.
Chinese is not segmented by PostgreSQL's parser, so Chinese queries match substrings, which
the trigram index serves.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE policyapp_clause ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english'::regconfig, text)) STORED",
    "CREATE INDEX policyapp_clause_search_vector ON policyapp_clause USING gin (search_vector)",
    "CREATE INDEX policyapp_clause_text_trgm ON policyapp_clause USING gin (text gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS policyapp_clause_text_trgm",
    "DROP INDEX IF EXISTS policyapp_clause_search_vector",
    "ALTER TABLE policyapp_clause DROP COLUMN IF EXISTS search_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("policyapp", "0010_clause_pairs"),
    ]

    operations = [
        migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False),
    ]
