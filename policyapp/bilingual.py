"""Reads for an original and its translation: which clauses answer which.

The alignment itself is pure (`policyapp.align`); here the two versions' clauses are read
(one query each) and the result is kept per pair of versions, whose texts never change.
"""

from __future__ import annotations

from dataclasses import dataclass

from policyapp.align import Unit, align
from policyapp.models import Clause, Document, Language, Version
from policyapp.recent import RecentlyUsed

_CACHE_SIZE = 16
_beads_cache: RecentlyUsed[list[tuple[tuple[int, ...], tuple[int, ...]]]] = RecentlyUsed(_CACHE_SIZE)


def _version_key(version: Version) -> tuple:
    # The upload time tells apart two versions that reused a primary key (SQLite does).
    return (version.pk, version.sha256, version.uploaded_at)


def original_and_translation(document: Document) -> tuple[Document, Document] | None:
    """(original, English translation) for a document that is either of the two."""
    if document.translation_of_id:
        return document.translation_of, document
    translation = document.translations.filter(language=Language.ENGLISH).order_by("pk").first()
    return (document, translation) if translation else None


def english_translation_version(document_id: int) -> Version | None:
    """The newest ready version of the document's English translation, if it has one."""
    return (
        Version.objects.latest_ready()
        .filter(document__translation_of_id=document_id, document__language=Language.ENGLISH)
        .order_by("document_id")
        .first()
    )


def aligned_ids(original: Version, translation: Version) -> list[tuple[tuple[int, ...], ...]]:
    """Beads of clause ids, (original ids, translation ids), in reading order."""
    key = (_version_key(original), _version_key(translation))
    if (beads := _beads_cache.get(key)) is not None:
        return beads
    columns = ("id", "label", "sentence", "text")
    source = list(Clause.objects.for_version(original).values_list(*columns))
    target = list(Clause.objects.for_version(translation).values_list(*columns))
    beads = [
        (tuple(source[i][0] for i in bead.source), tuple(target[j][0] for j in bead.target))
        for bead in align(
            [Unit(text, label, sentence) for _, label, sentence, text in source],
            [Unit(text, label, sentence) for _, label, sentence, text in target],
        )
    ]
    return _beads_cache.put(key, beads)


def english_sides(original: Version, translation: Version | None) -> dict[int, str]:
    """Each original clause's English side: the translation clauses aligned with it."""
    if translation is None:
        return {}
    sides: dict[int, list[int]] = {}
    beads = aligned_ids(original, translation)
    texts = dict(Clause.objects.filter(version=translation).values_list("id", "text"))
    for source_ids, target_ids in beads:
        for source_id in source_ids:
            sides.setdefault(source_id, []).extend(target_ids)
    return {i: " ".join(texts[j] for j in ids) for i, ids in sides.items() if ids}


@dataclass(frozen=True)
class BilingualRow:
    original: list[Clause]
    translation: list[Clause]


def bilingual_rows(original: Version, translation: Version) -> list[BilingualRow]:
    """The two versions as rows of aligned clauses, for reading side by side."""
    beads = aligned_ids(original, translation)
    clauses = {
        clause.pk: clause
        for clause in Clause.objects.filter(version__in=[original, translation]).select_related(
            "section"
        )
    }
    return [
        BilingualRow([clauses[i] for i in source], [clauses[j] for j in target])
        for source, target in beads
    ]


def english_side_of(clause: Clause, translation: Version | None) -> str | None:
    """One original clause's English side (None without a translation or an aligned one)."""
    if translation is None:
        return None
    for source_ids, target_ids in aligned_ids(clause.version, translation):
        if clause.pk in source_ids and target_ids:
            texts = dict(Clause.objects.filter(pk__in=target_ids).values_list("id", "text"))
            return " ".join(texts[j] for j in target_ids)
    return None
