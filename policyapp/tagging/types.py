"""What the tagger returns for one clause (pure dataclasses, no ORM)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Evidence:
    theme: str
    # Id of the pattern or rule that fired, as written in the pattern files.
    rule: str
    # Character offsets into the clause text (code points).
    start: int
    end: int


@dataclass(frozen=True)
class ClauseTagging:
    # THEME code -> STANCE code, codes as in TAXONOMY.md.
    themes: dict[str, str]
    modality: str
    actor: str
    evidence: list[Evidence] = field(default_factory=list)
