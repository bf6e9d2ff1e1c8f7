"""Plans built straight into the database (clauses with their tags, no file).

`plan` makes a small plan from (text, {theme: stance}, modality) rows; `built_plan` one of
any length whose sections open with a heading clause and whose every `tag_every`-th clause
carries one tag, theme, stance and modality cycling through fixed lists, so a test can count
what a filter must find.
"""

from __future__ import annotations

from policyapp.models import Clause, Modality, Section, Stance, Tag, Version
from policyapp.tests import factories

THEMES = ["OPEN_SOURCE", "OPEN_DATA", "EXPORT_CONTROLS"]
STANCES = [Stance.PROMOTES, Stance.NEUTRAL, Stance.RESTRICTS, Stance.PROMOTES]
# Cycle lengths 3, 4 and 5 share no factor, so every combination occurs.
MODALITIES = [
    Modality.DIRECTIVE,
    Modality.STATEMENT,
    Modality.ENCOURAGEMENT,
    Modality.STATEMENT,
    Modality.CALL_TO_OTHERS,
]


def built_plan(
    short_name: str,
    *,
    clauses: int,
    per_section: int = 10,
    tag_every: int = 2,
    language: str = "en",
    title: str | None = None,
):
    """A ready plan of `clauses` clauses, sections of `per_section` clauses (heading first)."""
    word = "条款" if language == "zh" else "Clause"
    texts = [f"{word} {n} of {short_name}: we will share open data." for n in range(1, clauses + 1)]
    doc = factories.document(
        short_name=short_name, title=title or f"Plan {short_name}", language=language
    )
    version = factories.version(doc, text=" ".join(texts), language=language)
    sections = Section.objects.bulk_create(
        Section(
            version=version,
            ordinal=n + 1,
            number=str(n + 1),
            heading=f"Section {n + 1}",
            level=1,
            label=f"{n + 1} Section {n + 1}",
        )
        for n in range((clauses + per_section - 1) // per_section)
    )
    rows, offset = [], 0
    for n, text in enumerate(texts, start=1):
        section = sections[(n - 1) // per_section]
        heading = (n - 1) % per_section == 0
        rows.append(
            Clause(
                version=version,
                section=section,
                ordinal=n,
                label=f"{section.number} › {n}",
                kind="heading" if heading else "sentence",
                text=text,
                start=offset,
                end=offset + len(text),
                language=language,
                page=1 + n // 40,
            )
        )
        offset += len(text) + 1
    made = Clause.objects.bulk_create(rows)
    # What ingest stores with the version.
    Version.objects.filter(pk=version.pk).update(clause_count=len(made))
    version.clause_count = len(made)
    Tag.objects.bulk_create(
        Tag(
            clause=clause,
            theme_id=THEMES[i % len(THEMES)],
            stance=STANCES[i % len(STANCES)],
            modality=MODALITIES[i % len(MODALITIES)],
            rule_ids=["test-rule"],
            evidence=[{"rule": "test-rule", "start": clause.text.index("open"), "end": len(clause.text) - 1}],
        )
        for i, clause in enumerate(made[::tag_every])
    )
    return version


def expected_ordinals(version, **conditions) -> list[int]:
    """Ordinals of the clauses with a non-rejected tag meeting every condition, in order."""
    tags = Tag.objects.filter(clause__version=version).exclude(status="rejected")
    for name, value in conditions.items():
        if name == "commitments":
            tags = tags.exclude(modality=Modality.STATEMENT)
        else:
            tags = tags.filter(**{name: value})
    return sorted(set(tags.values_list("clause__ordinal", flat=True)))


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
