"""Load the taxonomy's themes so every database has them (codes are fixed by TAXONOMY.md)."""

from django.db import migrations

from policyapp.taxonomy import themes_ensure


def load_themes(apps, schema_editor):
    themes_ensure(apps.get_model("policyapp", "Theme"))


class Migration(migrations.Migration):
    dependencies = [("policyapp", "0001_initial")]

    operations = [migrations.RunPython(load_themes, migrations.RunPython.noop)]
