"""Where a tag stands once analysts have had their say: pure, no ORM.

Each analyst's decision is a verdict (the theme applies or it does not) and, when it applies,
the stance, modality and actor they hold. The tag's status follows from all of them:

- nobody decided: the rules' suggestion stands (`suggested`);
- everyone who decided says the same thing: that is the tag (`confirmed` or `rejected`);
- they differ: `disputed`, and the values shown stay the rules' (or the adder's) until an
  administrator settles it;
- a settlement is final whatever the decisions say.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

CONFIRMED = "confirmed"
REJECTED = "rejected"
SUGGESTED = "suggested"
DISPUTED = "disputed"


@dataclass(frozen=True)
class Values:
    stance: str
    modality: str
    actor: str = ""


@dataclass(frozen=True)
class Say:
    """One decision, or a settlement: a verdict and, if it applies, its values."""

    verdict: str
    values: Values

    def key(self) -> tuple:
        # Two rejections agree whatever values they carried: the values no longer matter.
        return (self.verdict,) if self.verdict == REJECTED else (self.verdict, self.values)


@dataclass(frozen=True)
class Outcome:
    status: str
    values: Values


def outcome(suggested: Values, decisions: Iterable[Say], settled: Say | None = None) -> Outcome:
    """The tag's status and final values from the suggestion, the decisions and a settlement."""
    if settled is not None:
        values = suggested if settled.verdict == REJECTED else settled.values
        return Outcome(settled.verdict, values)
    decisions = list(decisions)
    if not decisions:
        return Outcome(SUGGESTED, suggested)
    if len({say.key() for say in decisions}) > 1:
        return Outcome(DISPUTED, suggested)
    first = decisions[0]
    return Outcome(first.verdict, suggested if first.verdict == REJECTED else first.values)
