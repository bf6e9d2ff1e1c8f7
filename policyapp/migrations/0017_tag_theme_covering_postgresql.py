"""A covering index of tags by theme for search's filters, on PostgreSQL only.

Search's theme filter ("clauses with a counted tag of this theme, of this stance or
modality") read each of the theme's tags from the table to check its status, stance and
modality: 18,000 tags of one theme were 4,000 table pages at 1,000 plans, and PostgreSQL
then looked up each tag's clause one by one. This index holds the clause and what the filter
checks, so the theme's tags come from the index alone and are joined to the clauses the
words matched. SQLite has no covering indexes (the model does not declare this one).
"""

from django.db import migrations

FORWARD = [
    "CREATE INDEX IF NOT EXISTS policyapp_tag_theme_clause_covering ON policyapp_tag "
    "(theme_id, clause_id) INCLUDE (stance, modality, status)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS policyapp_tag_theme_clause_covering",
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
        ("policyapp", "0016_library_revision"),
    ]

    operations = [
        migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False),
    ]
