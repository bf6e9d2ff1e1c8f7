"""Codes of the openness taxonomy (shared/TAXONOMY.md v1.1), the contract with the gold sets."""

from __future__ import annotations

THEMES: tuple[str, ...] = (
    "OPEN_SOURCE",
    "OPEN_WEIGHTS",
    "OPEN_DATA",
    "OPEN_SCIENCE",
    "COMPUTE_ACCESS",
    "STANDARDS_INTEROP",
    "INTL_COOPERATION",
    "TRANSPARENCY",
    "EXPORT_CONTROLS",
    "SECURITY_RESTRICTIONS",
)

PROMOTES = "PROMOTES"
RESTRICTS = "RESTRICTS"
NEUTRAL = "NEUTRAL"
STANCES: tuple[str, ...] = (PROMOTES, RESTRICTS, NEUTRAL)

DIRECTIVE = "DIRECTIVE"
ENCOURAGEMENT = "ENCOURAGEMENT"
CALL_TO_OTHERS = "CALL_TO_OTHERS"
STATEMENT = "STATEMENT"
MODALITIES: tuple[str, ...] = (DIRECTIVE, ENCOURAGEMENT, CALL_TO_OTHERS, STATEMENT)

# The taxonomy: export controls and security restrictions are "nearly always" RESTRICTS;
# every other theme is about widening openness unless the words around it say otherwise.
DEFAULT_STANCE: dict[str, str] = dict.fromkeys(THEMES, PROMOTES) | {
    "EXPORT_CONTROLS": RESTRICTS,
    "SECURITY_RESTRICTIONS": RESTRICTS,
}

# Pattern labels: a theme code, or NOT_ + a theme code for negative evidence that suppresses
# the theme's spans it overlaps (a cue word used in another sense).
NEGATIVE_PREFIX = "NOT_"


def is_valid_label(label: str) -> bool:
    return label.removeprefix(NEGATIVE_PREFIX) in THEMES
