"""Rule quality from verdicts on the tags a rule produced (pure: no ORM, no pipeline).

The same arithmetic serves the administrators' rules page (verdicts are analysts' decisions)
and ``evaluate_rules --by-rule`` (verdicts come from a gold file): one row per tag, with the
ids of the rules behind it and its verdict. A tag with several rules counts for each of them,
because an analyst who rejects it rejects every reason the rules gave.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

CONFIRMED = "confirmed"
REJECTED = "rejected"


@dataclass(frozen=True)
class RuleQuality:
    rule: str
    produced: int
    confirmed: int
    rejected: int
    # True when enough decisions exist and precision falls below the threshold.
    flagged: bool = False

    @property
    def decided(self) -> int:
        return self.confirmed + self.rejected

    @property
    def precision(self) -> float | None:
        """Confirmed over decided; None before any decision."""
        return self.confirmed / self.decided if self.decided else None


def rule_quality(
    rows: Iterable[tuple[Sequence[str], str | Sequence[str]]],
    *,
    threshold: float = 0.5,
    minimum: int = 10,
) -> list[RuleQuality]:
    """Per rule id: tags produced, confirmed, rejected, and whether it is below ``threshold``
    over at least ``minimum`` decisions. Sorted by rejections (most first), then by precision
    (worst first), then by id. A row's verdict is one verdict (a gold file) or each analyst's
    verdict on the tag (the rules page); any other than confirmed or rejected is undecided."""
    counts: dict[str, list[int]] = {}
    for rule_ids, verdict in rows:
        verdicts = (verdict,) if isinstance(verdict, str) else tuple(verdict)
        for rule in dict.fromkeys(rule_ids):
            count = counts.setdefault(rule, [0, 0, 0])
            count[0] += 1
            count[1] += verdicts.count(CONFIRMED)
            count[2] += verdicts.count(REJECTED)
    result = []
    for rule, (produced, confirmed, rejected) in counts.items():
        decided = confirmed + rejected
        flagged = decided >= minimum and confirmed / decided < threshold
        result.append(RuleQuality(rule, produced, confirmed, rejected, flagged))
    result.sort(key=lambda q: (-q.rejected, 1.0 if q.precision is None else q.precision, q.rule))
    return result
