"""Small plans built straight into the database: clauses with their tags, no file."""

from __future__ import annotations

from policyapp.models import Clause, Tag, Version
from policyapp.tests import factories


def plan(
    clauses: list[tuple[str, dict[str, str], str]],
    *,
    language: str = "en",
    jurisdiction: str = "US",
    **document_fields,
) -> Version:
    """A ready plan of clauses given as (text, {theme: stance}, modality)."""
    document = factories.document(language=language, jurisdiction=jurisdiction, **document_fields)
    text = "\n".join(c[0] for c in clauses)
    version = factories.version(document, text=text)
    rows, tags, start = [], [], 0
    for ordinal, (clause_text, _, modality) in enumerate(clauses, 1):
        end = start + len(clause_text)
        rows.append(
            Clause(
                version=version,
                ordinal=ordinal,
                label=str(ordinal),
                text=clause_text,
                start=start,
                end=end,
                language=language,
                rule_modality=modality,
            )
        )
        start = end + 1
    created = Clause.objects.bulk_create(rows)
    for row, (_, themes, modality) in zip(created, clauses, strict=True):
        tags.extend(
            Tag(clause=row, theme_id=theme, stance=stance, modality=modality)
            for theme, stance in themes.items()
        )
    Tag.objects.bulk_create(tags)
    return version
