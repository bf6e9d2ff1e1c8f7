"""Agreement between analysts, pure (no ORM): Cohen's kappa for each pair of analysts per
theme, and Krippendorff's alpha across all analysts, from plain decision rows.

A unit is a tag (one theme on one clause); an analyst's label for it is their verdict:
the theme applies (confirmed, with whatever values) or it does not (rejected). Kappa uses
scikit-learn's `cohen_kappa_score`, alpha the `krippendorff` package (nominal level).

Where a statistic is undefined the result says why instead of carrying NaN: no unit both
analysts decided, or every label the same (chance agreement is then certain and kappa is
0/0, however much they agree).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

ALL_THEMES = "ALL"
NO_OVERLAP = "no tag decided by both"
NO_PAIRS = "no tag decided by two analysts"
ONE_CATEGORY = "one category only: undefined"

_CODE = {"confirmed": 1, "rejected": 0}


@dataclass(frozen=True)
class DecisionRow:
    analyst: str
    unit: int  # the tag
    theme: str
    verdict: str  # "confirmed" or "rejected"


@dataclass(frozen=True)
class PairKappa:
    theme: str
    first: str
    second: str
    units: int  # tags both decided
    agreed: int  # of those, the ones they gave the same verdict
    kappa: float | None
    note: str = ""  # why kappa is None

    @property
    def observed(self) -> float | None:
        return self.agreed / self.units if self.units else None


@dataclass(frozen=True)
class Alpha:
    theme: str
    units: int  # tags decided by at least two analysts
    analysts: int
    alpha: float | None
    note: str = ""


def _by_theme(rows: Iterable[DecisionRow]) -> dict[str, dict[int, dict[str, int]]]:
    """theme -> unit -> analyst -> label; ALL_THEMES holds every unit."""
    table: dict[str, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for row in rows:
        label = _CODE[row.verdict]
        table[row.theme][row.unit][row.analyst] = label
        table[ALL_THEMES][row.unit][row.analyst] = label
    return table


def _themes(table) -> list[str]:
    return [ALL_THEMES, *sorted(theme for theme in table if theme != ALL_THEMES)]


def kappa(first: list[int], second: list[int]) -> tuple[float | None, str]:
    """Cohen's kappa of two equally long label lists, or None and the reason."""
    if not first:
        return None, NO_OVERLAP
    if len(set(first) | set(second)) < 2:
        return None, ONE_CATEGORY
    from sklearn.metrics import cohen_kappa_score

    return float(cohen_kappa_score(first, second)), ""


def pair_kappas(rows: Iterable[DecisionRow]) -> list[PairKappa]:
    """Kappa for every pair of analysts, over all themes (ALL) and per theme."""
    table = _by_theme(rows)
    analysts = sorted({a for units in table.values() for says in units.values() for a in says})
    results = []
    for theme in _themes(table):
        units = table[theme]
        for first, second in combinations(analysts, 2):
            both = [says for says in units.values() if first in says and second in says]
            a = [says[first] for says in both]
            b = [says[second] for says in both]
            value, note = kappa(a, b)
            agreed = sum(x == y for x, y in zip(a, b, strict=True))
            results.append(PairKappa(theme, first, second, len(both), agreed, value, note))
    return results


def krippendorff_alpha(units: dict[int, dict[str, int]]) -> tuple[float | None, int, str]:
    """Nominal alpha over units (unit -> analyst -> label): value, pairable units, reason."""
    pairable = {unit: says for unit, says in units.items() if len(says) >= 2}
    if not pairable:
        return None, 0, NO_PAIRS
    if len({label for says in pairable.values() for label in says.values()}) < 2:
        return None, len(pairable), ONE_CATEGORY
    import krippendorff
    import numpy as np

    analysts = sorted({a for says in pairable.values() for a in says})
    matrix = np.full((len(analysts), len(pairable)), np.nan)
    for column, says in enumerate(pairable.values()):
        for row, analyst in enumerate(analysts):
            if analyst in says:
                matrix[row, column] = says[analyst]
    value = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
    return float(value), len(pairable), ""


def alphas(rows: Iterable[DecisionRow]) -> list[Alpha]:
    """Alpha across all analysts, over all themes (ALL) and per theme."""
    table = _by_theme(rows)
    results = []
    for theme in _themes(table):
        units = table[theme]
        value, pairable, note = krippendorff_alpha(units)
        analysts = len({a for says in units.values() for a in says})
        results.append(Alpha(theme, pairable, analysts, value, note))
    return results
