"""Original and translation, clause to clause (pure).

Two steps, as translators keep a plan's structure but not its sentence count:

1. Anchors: the structural labels both sides print (一、/ I., （十一）/ (11), 1. / 1.) are
   matched in order (longest common subsequence of label keys), so a long stretch never
   drifts past a heading.
2. Between two anchors, clauses are paired by length (Gale and Church, 1993): dynamic
   programming over 1-1, 1-2, 2-1, 1-0 and 0-1 steps, the cost of a step being how
   unlikely its length ratio is given the ratio of the whole document.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_CJK_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}

# Label shapes, each with its level: 一 / I (part), （一）/ (1) (section), 1 (item).
_PART_ZH = re.compile(r"^([一二三四五六七八九十]+)[、.．]?$")
_PART_EN = re.compile(r"^([IVXL]+)\.?$")
_SECTION = re.compile(r"^[（(]([一二三四五六七八九十]+|\d+)[）)]$")
_ITEM = re.compile(r"^(\d+)[.．、]?$")
# The same labels printed at the start of a clause's text (gold files, plain text).
_TEXT_LABEL = re.compile(
    r"^\s*(?:([一二三四五六七八九十]+)、|([IVXL]+)\.\s|[（(]([一二三四五六七八九十]+|\d+)[）)]|(\d+)[.．](?!\d))"
)

# Gale and Church's priors for each step, and the variance of the length ratio per unit.
_PRIORS = {(1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (2, 1): 0.089, (1, 2): 0.089}
_VARIANCE = 6.8


@dataclass(frozen=True)
class Unit:
    """A clause as the aligner sees it: its label path (or none), its place within a
    labelled paragraph (1 = first sentence) and its text."""

    text: str
    label: str = ""
    sentence: int = 1


@dataclass(frozen=True)
class Bead:
    """One aligned group: indices into the original and into the translation."""

    source: tuple[int, ...]
    target: tuple[int, ...]


def cjk_number(text: str) -> int:
    """一 → 1, 十一 → 11, 二十 → 20, 二十三 → 23."""
    if "十" not in text:
        return _CJK_DIGITS[text]
    tens, _, units = text.partition("十")
    return (_CJK_DIGITS[tens] if tens else 1) * 10 + (_CJK_DIGITS[units] if units else 0)


def roman_number(text: str) -> int:
    values = [_ROMAN[c] for c in text.lower()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def label_key(label: str) -> tuple[str, int] | None:
    """A label (the last step of a label path) as (level, number), whatever its script."""
    label = label.strip()
    if match := _PART_ZH.match(label):
        return ("part", cjk_number(match[1]))
    if match := _PART_EN.match(label):
        return ("part", roman_number(match[1]))
    if match := _SECTION.match(label):
        number = match[1]
        return ("section", int(number) if number.isdigit() else cjk_number(number))
    if match := _ITEM.match(label):
        return ("item", int(match[1]))
    return None


def unit_key(unit: Unit) -> tuple[str, int] | None:
    """The structural label a unit opens with: from its label path when the segmenter gave
    one (first sentence only), else from a label printed at the start of its text."""
    if unit.label:
        if unit.sentence != 1:
            return None
        return label_key(unit.label.rsplit("›", 1)[-1])
    match = _TEXT_LABEL.match(unit.text)
    if not match:
        return None
    part_zh, part_en, section, item = match.groups()
    if part_zh:
        return ("part", cjk_number(part_zh))
    if part_en:
        return ("part", roman_number(part_en))
    if section:
        return ("section", int(section) if section.isdigit() else cjk_number(section))
    return ("item", int(item))


def _anchors(source: list, target: list) -> list[tuple[int, int]]:
    """Index pairs of units opening with the same label, in order (LCS over label keys)."""
    keys_s = [(i, k) for i, u in enumerate(source) if (k := unit_key(u))]
    keys_t = [(j, k) for j, u in enumerate(target) if (k := unit_key(u))]
    n, m = len(keys_s), len(keys_t)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for a in range(n - 1, -1, -1):
        for b in range(m - 1, -1, -1):
            if keys_s[a][1] == keys_t[b][1]:
                table[a][b] = table[a + 1][b + 1] + 1
            else:
                table[a][b] = max(table[a + 1][b], table[a][b + 1])
    pairs, a, b = [], 0, 0
    while a < n and b < m:
        if keys_s[a][1] == keys_t[b][1]:
            pairs.append((keys_s[a][0], keys_t[b][0]))
            a, b = a + 1, b + 1
        elif table[a + 1][b] >= table[a][b + 1]:
            a += 1
        else:
            b += 1
    return pairs


def _normal_tail(z: float) -> float:
    """Two-sided tail probability of the standard normal, never exactly zero."""
    return max(math.erfc(abs(z) / math.sqrt(2)), 1e-12)


def _step_cost(source_len: int, target_len: int, ratio: float, step: tuple[int, int]) -> float:
    if source_len == 0 and target_len == 0:
        return 0.0
    mean = (source_len + target_len / ratio) / 2
    z = (ratio * source_len - target_len) / math.sqrt(max(mean, 1) * _VARIANCE * ratio)
    return -math.log(_normal_tail(z)) - math.log(_PRIORS[step])


def _align_lengths(
    source: list[int], target: list[int], ratio: float
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Gale-Church dynamic programming on two runs of lengths; returns index groups."""
    n, m = len(source), len(target)
    infinity = float("inf")
    cost = [[infinity] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if cost[i][j] == infinity:
                continue
            for step in _PRIORS:
                di, dj = step
                if i + di > n or j + dj > m:
                    continue
                total = cost[i][j] + _step_cost(
                    sum(source[i : i + di]), sum(target[j : j + dj]), ratio, step
                )
                if total < cost[i + di][j + dj]:
                    cost[i + di][j + dj] = total
                    back[i + di][j + dj] = step
    groups, i, j = [], n, m
    while i or j:
        di, dj = back[i][j]
        groups.append((tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    return groups[::-1]


def align(source: list[Unit], target: list[Unit]) -> list[Bead]:
    """Pair the clauses of an original with those of its translation, in order.

    Every unit of either side is in exactly one bead; a bead with an empty side is a
    clause the other side left out.
    """
    source_lengths = [len(u.text) for u in source]
    target_lengths = [len(u.text) for u in target]
    # Characters of translation per character of original, from the two documents.
    ratio = (sum(target_lengths) or 1) / (sum(source_lengths) or 1)
    beads: list[Bead] = []
    start = (0, 0)
    anchors = _anchors(source, target)
    for anchor in [*anchors, (len(source), len(target))]:
        s_run = range(start[0], anchor[0])
        t_run = range(start[1], anchor[1])
        for s_group, t_group in _align_lengths(
            [source_lengths[i] for i in s_run], [target_lengths[j] for j in t_run], ratio
        ):
            beads.append(Bead(tuple(s_run[i] for i in s_group), tuple(t_run[j] for j in t_group)))
        if anchor[0] < len(source) and anchor[1] < len(target):
            beads.append(Bead((anchor[0],), (anchor[1],)))
        start = (anchor[0] + 1, anchor[1] + 1)
    return beads


def pairs(beads: list[Bead]) -> list[tuple[int, int]]:
    """Every (original index, translation index) the beads join."""
    return [(s, t) for bead in beads for s in bead.source for t in bead.target]
