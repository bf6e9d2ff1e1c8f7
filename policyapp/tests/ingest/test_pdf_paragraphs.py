"""Paragraphs that side labels, columns and breaks must not cut (issue 11, classes 5
and 6), each rebuilt in a small PDF; clause texts and pages asserted exactly, on both
character readers."""

from __future__ import annotations

import dataclasses

import pytest

from policyapp.ingest.pdf import PdfExtractor
from policyapp.segment import segment
from policyapp.tests.ingest.printed import new_pdf, output, runs

ENGINES = ["pdfium", "pdfplumber"]


def clauses(data: bytes, engine: str) -> list[tuple[str, str, int | None]]:
    document = PdfExtractor(engine, parallel=False).extract(data)  # type: ignore[arg-type]
    result = segment(dataclasses.replace(document, lang="en"))
    return [(c.kind, c.text, c.page) for c in result.clauses]


# --- a label cell on the left of a box ----------------------------------------------------

BOX_TEXT = [
    "The programme funds open research infrastructure",
    "for universities and public laboratories, and it",
    "publishes every data set it pays for under an",
    "open licence within twelve months of collection.",
]


def labelled_box() -> bytes:
    """A framed box: a label ("Description") in a cell on the left, level with the middle
    of the paragraph in the cell on its right."""
    pdf = new_pdf()
    pdf.add_page()
    runs(pdf, 72, 60, [("Serif", "The measures of the strategy are described below.")])
    pdf.set_line_width(0.5)
    pdf.rect(72, 100, 451, 80)
    pdf.line(170, 100, 170, 180)
    runs(pdf, 80, 130, [("Serif", "Description")])
    for n, line in enumerate(BOX_TEXT):
        runs(pdf, 180, 106 + 16 * n, [("Serif", line)])
    runs(pdf, 72, 200, [("Serif", "Each measure is reviewed every year.")])
    return output(pdf)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_side_label_is_not_read_into_its_paragraph(engine):
    assert clauses(labelled_box(), engine) == [
        ("sentence", "The measures of the strategy are described below.", 1),
        ("table_cell", "Description", 1),
        ("table_cell", " ".join(BOX_TEXT), 1),
        ("sentence", "Each measure is reviewed every year.", 1),
    ]


# --- list items in two justified columns ----------------------------------------------------


def two_column_list() -> bytes:
    """Two justified columns of bulleted items; each item opens with a lead-in in bold
    that fills its first line, and wraps under its first word (a hanging indent)."""
    pdf = new_pdf()
    pdf.add_page()
    for x, items in ITEMS:
        y = 100.0
        for lead, text in items:
            pdf.set_font("Serif", "", 11)
            pdf.set_xy(x, y)
            pdf.cell(12, 14.3, "\u2022")
            pdf.set_xy(x + 12, y)
            pdf.multi_cell(
                200, 14.3, f"**{lead}** {text}", align="J", markdown=True, new_x="LMARGIN"
            )
            y = pdf.get_y() + 8
    pdf.set_xy(72, 300)
    pdf.multi_cell(451, 14.3, "The ministries report on these measures every year.", align="L")
    return output(pdf)


ITEMS = [
    (72, [
        ("Open Data for Research and Science:", "Every ministry will publish its data "
         "sets within two years, in formats that machines can read and reuse."),
        ("Shared computing for universities:", "The state will fund a national network "
         "of computing centres."),
    ]),
    (310, [
        ("Skills for every teacher in schools:", "Ten thousand teachers will be trained "
         "in machine learning."),
        ("A review by the national parliament:", "Parliament will review the strategy "
         "after three years."),
    ]),
]  # fmt: skip


@pytest.mark.parametrize("engine", ENGINES)
def test_list_items_in_justified_columns_keep_all_their_lines(engine):
    """Not the bold first line alone, and the right column's items are not sub-items of
    the left column's last one."""
    items = [f"{lead} {text}" for _, column in ITEMS for lead, text in column]
    document = PdfExtractor(engine, parallel=False).extract(two_column_list())  # type: ignore[arg-type]
    result = segment(dataclasses.replace(document, lang="en"))
    assert [(c.kind, c.label, c.text) for c in result.clauses] == [
        *[("list_item", f"•{n}", text) for n, text in enumerate(items, 1)],
        ("sentence", "¶1", "The ministries report on these measures every year."),
    ]


# --- list items in two columns whose lines are level ------------------------------------------

LEVEL_ITEMS = [
    (72, [["Every ministry will publish its data", "sets within two years."],
          ["The state will fund a national network", "of computing centres."],
          ["Universities will open their research", "compute to small firms."]]),
    (310, [["Ten thousand teachers will be trained", "in machine learning."],
           ["Parliament will review the strategy", "after three years of work."],
           ["Regulators will publish guidance on", "testing before release."]]),
]  # fmt: skip


def level_columns(left_bullets: bool = True) -> bytes:
    """Two columns of bulleted items of two lines each, the columns' lines on the same
    baselines, so that the gaps between items run across both columns as a table's rows
    do. Without `left_bullets`, the left column's items are labels ("Measure 1"): a table."""
    pdf = new_pdf()
    pdf.add_page()
    runs(pdf, 72, 60, [("Serif", "The strategy sets out six measures, three for research and three for the public.")])
    for x, items in LEVEL_ITEMS:
        y = 100.0
        for n, lines in enumerate(items, 1):
            if x == 72 and not left_bullets:
                lines = [f"Measure {n}", *lines]
            else:
                runs(pdf, x, y, [("Serif", "\u2022")])
            for k, line in enumerate(lines):
                runs(pdf, x + 12, y + 14.3 * k, [("Serif", line)])
            y += 3 * 14.3 + 8
    runs(pdf, 72, 330, [("Serif", "The ministries report on these measures every year.")])
    return output(pdf)


@pytest.mark.parametrize("engine", ENGINES)
def test_level_columns_of_bullets_are_read_column_by_column(engine):
    """Each item whole, the left column's items before the right one's: not a table read
    row by row, which put one column's item between two of the other's."""
    items = [" ".join(lines) for _, column in LEVEL_ITEMS for lines in column]
    assert clauses(level_columns(), engine) == [
        ("sentence", "The strategy sets out six measures, three for research and three for the public.", 1),
        *[("list_item", text, 1) for text in items],
        ("sentence", "The ministries report on these measures every year.", 1),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_labels_beside_bullets_in_level_rows_are_still_a_table(engine):
    rows = zip(*(column for _, column in LEVEL_ITEMS), strict=True)
    cells = [(f"Measure {n} {' '.join(left)}", f"• {' '.join(right)}")
             for n, (left, right) in enumerate(rows, 1)]
    assert clauses(level_columns(left_bullets=False), engine) == [
        ("sentence", "The strategy sets out six measures, three for research and three for the public.", 1),
        *[("table_cell", text, 1) for row in cells for text in row],
        ("sentence", "The ministries report on these measures every year.", 1),
    ]


# --- an abbreviation at a column break --------------------------------------------------------


def title_at_column_foot() -> bytes:
    """Two columns; the left one ends on "St." and the sentence goes on at the top of the
    right one."""
    pdf = new_pdf()
    pdf.add_page()
    left = [
        "The research network is led by the",
        "Fraunhofer-Gesellschaft e. V. and the",
        "universities of the region. Its new",
        "office opens next spring in St.",
    ]
    right = [
        "Augustin, near the university campus.",
        "It will employ two hundred researchers",
        "in its first three years of work.",
    ]
    for x, lines in ((72, left), (310, right)):
        for n, line in enumerate(lines):
            runs(pdf, x, 100 + 14.3 * n, [("Serif", line)])
    return output(pdf)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_title_at_the_foot_of_a_column_ends_no_sentence(engine):
    assert clauses(title_at_column_foot(), engine) == [
        (
            "sentence",
            "The research network is led by the Fraunhofer-Gesellschaft e. V. and the "
            "universities of the region.",
            1,
        ),
        (
            "sentence",
            "Its new office opens next spring in St. Augustin, near the university campus.",
            1,
        ),
        (
            "sentence",
            "It will employ two hundred researchers in its first three years of work.",
            1,
        ),
    ]
