"""Store each version's clause count and text size, and fill them for existing versions."""

import re

from django.db import migrations, models


def _text_size(text: str, lang: str) -> int:
    # A frozen copy of policyapp.comparison.text_size: migrations must not change with the code.
    pattern = r"\S" if lang == "zh" else r"\S+"
    return sum(1 for _ in re.finditer(pattern, text))


def back_fill(apps, schema_editor):
    Version = apps.get_model("policyapp", "Version")
    counts = Version.objects.annotate(n=models.Count("clauses")).values_list("pk", "n").iterator()
    for pk, n in counts:
        version = Version.objects.only("text", "language").get(pk=pk)
        Version.objects.filter(pk=pk).update(
            clause_count=n, text_size=_text_size(version.text, version.language)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("policyapp", "0007_version_progress_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="version",
            name="clause_count",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="version",
            name="text_size",
            field=models.PositiveIntegerField(
                default=0,
                help_text="Words of the text (characters for Chinese): the unit of per-10,000 figures",
            ),
        ),
        migrations.RunPython(back_fill, migrations.RunPython.noop),
    ]
