"""Counterparts of a clause in another plan, from the database.

Reads what the pure ranking (`policyapp.counterparts`) needs in a fixed number of queries,
whatever the plans' length: the target's texts once per version (the fitted index is kept,
since a version's text never changes), the counted tags of those target clauses that can
still make the list (they change with analysts' decisions, so they are read every time; see
`_target_facts`), the analysts' pairs, and the few clauses shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from policyapp.bilingual import (
    _version_key,
    english_side_of,
    english_sides,
    english_translation_version,
)
from policyapp.counterparts import ClauseFacts, CounterpartIndex
from policyapp.models import (
    Clause,
    ClausePair,
    Language,
    PairStatus,
    Tag,
    Theme,
    Version,
)
from policyapp.recent import RecentlyUsed

_CACHE_SIZE = 8
_indexes: RecentlyUsed[CounterpartIndex] = RecentlyUsed(_CACHE_SIZE)


@dataclass(frozen=True)
class Suggestion:
    clause: Clause
    score: float
    shared_themes: tuple[Theme, ...]
    same_stance: tuple[str, ...]
    shared_terms: tuple[str, ...]
    same_modality: bool
    confirmed: bool


def target_versions(clause: Clause):
    """Plans a clause can have counterparts in: every other plan's newest ready version,
    leaving out the clause's own plan and its translations (they are the same plan)."""
    document = clause.version.document
    same_plan = {document.pk, document.translation_of_id} - {None}
    return (
        Version.objects.latest_ready()
        .exclude(document_id__in=same_plan)
        .exclude(document__translation_of_id__in=same_plan)
        .select_related("document")
        .defer("text")
        .order_by("document__jurisdiction", "document__title")
    )


def _index(version: Version) -> CounterpartIndex:
    translation = None
    if version.language == Language.CHINESE or version.document.language == Language.CHINESE:
        translation = english_translation_version(version.document_id)
    key = (_version_key(version), translation and _version_key(translation))
    if (index := _indexes.get(key)) is not None:
        return index
    english = english_sides(version, translation)
    rows = Clause.objects.for_version(version).values_list("id", "text")
    index = CounterpartIndex([ClauseFacts(pk, english.get(pk, text)) for pk, text in rows])
    return _indexes.put(key, index)


def _facts(tags) -> dict[int, ClauseFacts]:
    themes: dict[int, dict[str, str]] = {}
    modality: dict[int, str] = {}
    for clause_id, theme, stance, tag_modality in tags:
        themes.setdefault(clause_id, {})[theme] = stance
        modality.setdefault(clause_id, tag_modality)
    return {i: ClauseFacts(i, "", themes[i], modality[i]) for i in themes}


def _query_facts(clause: Clause) -> ClauseFacts:
    tags = Tag.objects.counted().filter(clause=clause)
    facts = _facts(tags.values_list("clause_id", "theme_id", "stance", "modality"))
    own = facts.get(clause.pk)
    text = clause.text
    if clause.language == Language.CHINESE:
        translation = english_translation_version(clause.version.document_id)
        text = english_side_of(clause, translation) or text
    return ClauseFacts(
        clause.pk,
        text,
        own.themes if own else {},
        own.modality if own else clause.rule_modality,
    )


# Past this many clauses, the facts of the whole target are read instead of a list of ids.
_MANY_IDS = 500


def _target_facts(target, query, index, words, options) -> dict[int, ClauseFacts]:
    """The counted tags of the target clauses the ranking needs (two queries at most):
    those sharing a theme with the query clause, then those whose words alone might still
    place them with a shared modality (`CounterpartIndex.facts_wanted`). Reading every tag
    of a long plan each time cost more than all the rest of a suggestion."""
    # No ordering: Tag's default one joins the clause's version and document for nothing.
    tags = Tag.objects.counted().order_by()
    columns = ("clause_id", "theme_id", "stance", "modality")
    facts: dict[int, ClauseFacts] = {}
    if query.themes:
        sharing = tags.filter(clause__version=target, theme_id__in=list(query.themes))
        facts = _facts(tags.filter(clause__in=sharing.values("clause_id")).values_list(*columns))
    wanted = index.facts_wanted(query, facts, words=words, **options)
    if len(wanted) > _MANY_IDS:
        return _facts(tags.filter(clause__version=target).values_list(*columns))
    if wanted:
        facts |= _facts(tags.filter(clause_id__in=wanted).values_list(*columns))
    return facts


def counterparts(clause: Clause, target: Version, *, limit: int = 8) -> list[Suggestion]:
    """The best counterparts of `clause` in the `target` version: those an analyst
    confirmed first, then by score; rejected ones never."""
    index = _index(target)
    if index.matrix is None:
        return []
    decided = ClausePair.objects.partners(clause.pk)
    rejected = frozenset(i for i, status in decided.items() if status == PairStatus.REJECTED)
    confirmed = tuple(i for i, status in decided.items() if status == PairStatus.CONFIRMED)
    query = _query_facts(clause)
    words = index.similarity(query)
    options = {"limit": limit, "exclude": rejected, "always": confirmed}
    facts = _target_facts(target, query, index, words, options)
    ranked = index.rank(query, facts, words=words, **options)
    shown = {
        c.pk: c
        for c in Clause.objects.filter(pk__in=[c.id for c in ranked])
        .select_related("section", "version__document")
        .defer("version__text")
    }
    codes = {code for c in ranked for code in c.shared_themes}
    themes = Theme.objects.in_bulk(codes) if codes else {}
    return [
        Suggestion(
            clause=shown[c.id],
            score=c.score,
            shared_themes=tuple(themes[code] for code in c.shared_themes),
            same_stance=c.same_stance,
            shared_terms=c.shared_terms,
            same_modality=c.same_modality,
            confirmed=c.id in confirmed,
        )
        for c in ranked
    ]

