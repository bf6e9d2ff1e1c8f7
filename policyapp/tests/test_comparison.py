"""The matrix arithmetic, without a database: counts, normalisation, shading."""

from __future__ import annotations

import pytest

from policyapp.comparison import (
    LEVELS,
    CountRow,
    Plan,
    build_matrix,
    figure,
    plan_names,
    shade,
    size_unit,
    text_size,
)

US = Plan(1, "us", "US plan", "US", "en", size=20_000)
CN = Plan(2, "cn", "CN plan", "CN", "zh", size=5_000)
THEMES = ["OPEN_SOURCE", "EXPORT_CONTROLS"]
ROWS = [
    CountRow(1, "OPEN_SOURCE", "PROMOTES", True, 8),
    CountRow(1, "OPEN_SOURCE", "NEUTRAL", True, 2),
    CountRow(1, "OPEN_SOURCE", "PROMOTES", False, 3),
    CountRow(1, "EXPORT_CONTROLS", "RESTRICTS", True, 4),
    CountRow(2, "OPEN_SOURCE", "PROMOTES", True, 5),
]


def cell(matrix, theme, plan):
    row = next(r for r in matrix.rows if r.theme == theme)
    return next(c for c in row.cells if c.plan == plan)


def test_cells_split_commitments_and_mentions_by_stance():
    matrix = build_matrix(rows=ROWS, plans=[US, CN], themes=THEMES)
    us = cell(matrix, "OPEN_SOURCE", US)
    assert (us.commitments.promotes, us.commitments.restricts, us.commitments.neutral) == (8, 0, 2)
    assert (us.mentions.promotes, us.mentions.total) == (3, 3)
    assert us.count == 13
    assert cell(matrix, "EXPORT_CONTROLS", CN).count == 0
    assert [r.theme for r in matrix.rows] == THEMES
    assert [c.plan for c in matrix.rows[0].cells] == [US, CN]


def test_normalised_figures_are_per_10000_words_or_chinese_characters():
    matrix = build_matrix(rows=ROWS, plans=[US, CN], themes=THEMES, normalised=True)
    # 8 in 20,000 words is 4 per 10,000; 5 in 5,000 characters is 10 per 10,000.
    assert cell(matrix, "OPEN_SOURCE", US).commitments.promotes == pytest.approx(4.0)
    assert cell(matrix, "OPEN_SOURCE", CN).commitments.promotes == pytest.approx(10.0)
    # The raw counts stay available beside what is shown.
    assert cell(matrix, "OPEN_SOURCE", CN).commitment_counts.promotes == 5
    assert matrix.units == ["words", "characters"]


def test_shading_follows_commitments_shown_with_the_peak_darkest():
    counts = build_matrix(rows=ROWS, plans=[US, CN], themes=THEMES)
    assert cell(counts, "OPEN_SOURCE", US).level == LEVELS  # 10, the peak
    assert cell(counts, "OPEN_SOURCE", CN).level == 3  # 5 of 10
    assert cell(counts, "EXPORT_CONTROLS", CN).level == 0
    # Normalised, the short Chinese plan leads: 10 per 10,000 against 5.
    per = build_matrix(rows=ROWS, plans=[US, CN], themes=THEMES, normalised=True)
    assert cell(per, "OPEN_SOURCE", CN).level == LEVELS
    assert cell(per, "OPEN_SOURCE", US).level == 3


def test_mentions_alone_leave_a_cell_unshaded():
    rows = [CountRow(1, "OPEN_SOURCE", "PROMOTES", False, 7)]
    matrix = build_matrix(rows=rows, plans=[US], themes=THEMES)
    assert cell(matrix, "OPEN_SOURCE", US).level == 0


def test_shade_is_never_zero_for_something_and_never_above_the_top():
    assert shade(0.001, 1000) == 1
    assert shade(1000, 1000) == LEVELS
    assert shade(0, 0) == 0


def test_an_empty_plan_has_zero_figures_not_a_division_error():
    empty = Plan(3, "empty", "Empty", "XX", "en", size=0)
    matrix = build_matrix(
        rows=[CountRow(3, "OPEN_SOURCE", "PROMOTES", True, 1)],
        plans=[empty],
        themes=THEMES,
        normalised=True,
    )
    assert cell(matrix, "OPEN_SOURCE", empty).commitments.total == 0


def test_text_size_counts_words_in_english_and_characters_in_chinese():
    assert text_size("Encourage open-source AI.\n Control  exports.", "en") == 5
    assert text_size("鼓励开源。 加强 出口管制。", "zh") == 12
    assert (size_unit("en"), size_unit("zh")) == ("words", "characters")


def test_plan_names_accept_commas_and_repeated_parameters_once_each():
    assert plan_names(["us-a, cn-b", "uk-c", "us-a", ""]) == ["us-a", "cn-b", "uk-c"]


def test_figures_are_whole_counts_or_one_decimal():
    assert (figure(3, False), figure(2.456, True), figure(0, True)) == ("3", "2.5", "0.0")
