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
    # Negative evidence that vetoed a theme here ("data center" is not OPEN_DATA): shown to
    # analysts and in evaluation errors, so a missed theme can be traced to the rule.
    suppressed: list[Evidence] = field(default_factory=list)
    # The cue that decided the modality ("imperative:establish", "modal:should", "要").
    modality_rule: str = ""
