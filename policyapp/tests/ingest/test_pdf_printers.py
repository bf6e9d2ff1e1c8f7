"""Layouts from other printers (issue 11), each rebuilt in a small PDF: the clause text
and the page it cites are asserted exactly, on both character readers."""

from __future__ import annotations

import pytest

from policyapp.ingest.base import ExtractedDocument
from policyapp.ingest.pdf import PdfExtractor
from policyapp.segment import segment
from policyapp.tests.ingest.printed import (
    narrow_gap_table,
    new_pdf,
    output,
    paragraph,
    runs,
    with_font_metrics,
)

ENGINES = ["pdfium", "pdfplumber"]


def extract(data: bytes, engine: str) -> ExtractedDocument:
    return PdfExtractor(engine, parallel=False).extract(data)  # type: ignore[arg-type]


def clauses(data: bytes, engine: str) -> list[tuple[str, int | None]]:
    result = segment(extract(data, engine))
    return [(c.text, c.page) for c in result.clauses]


# --- ligatures ------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_ligature_glyphs_give_whole_words(engine):
    """fi / ffi / fl / ff glyphs (one glyph, several letters) read as the letters, in place."""
    pdf = new_pdf(shaping=True)
    pdf.add_page()
    sentence = ("Artificial intelligence is the first specific and effective office flow "
                "for affine figures of financing.")
    paragraph(pdf, sentence)
    data = output(pdf)
    assert clauses(data, engine) == [(sentence, 1)]


# --- lines in reading order -----------------------------------------------------------


def stray_glyph_measures() -> tuple[bytes, list[str]]:
    """A measure list whose lead-ministry mark (⊚) is set in a maths font that declares
    an ascent and descent of several lines, as Cambria Math does."""
    measures = [
        ("(i)", "Make public data available in machine-", "readable form [", ", relevant ministries]"),
        ("(ii)", "Build shared compute for universities and", "public research bodies [", ", regions]"),
        ("(iii)", "Make high-quality data sets from agriculture", "and forestry open [", ", ministry]"),
    ]
    pdf = new_pdf()
    pdf.add_page()
    y = 100
    for marker, first, second, rest in measures:
        runs(pdf, 72, y, [("Serif", f"{marker} {first}")])
        runs(pdf, 72, y + 14, [("Serif", second), ("Math", "⊚"), ("Serif", rest)])
        y += 40
    data = with_font_metrics(output(pdf), "Math", ascent=2400, descent=-1900)
    expected = [
        "Make public data available in machine-readable form [⊚, relevant ministries]",
        "Build shared compute for universities and public research bodies [⊚, regions]",
        "Make high-quality data sets from agriculture and forestry open [⊚, ministry]",
    ]
    return data, expected


@pytest.mark.parametrize("engine", ENGINES)
def test_a_glyph_with_stray_font_metrics_stays_on_its_line(engine):
    data, expected = stray_glyph_measures()
    assert clauses(data, engine) == [(text, 1) for text in expected]


NARROW_GAP_ROWS = [
    [["Recommendation 27", "Work with regulators."],
     ["Agree. DSIT, through the RIO, will", "identify priority sectors with high-",
      "growth potential and work with", "relevant regulators. DSIT will update",
      "on progress by Summer 2025."],
     ["Initially", "Spring 2025,", "but", "continuous", "thereafter"]],
    [["Recommendation 28", "Require regulators to report."],
     ["Agree. Sponsor departments will", "request that regulators report on",
      "their activities to promote AI."],
     ["Spring 2025"]],
]


@pytest.mark.parametrize("engine", ENGINES)
def test_table_columns_a_narrow_gap_apart_are_read_cell_by_cell(engine):
    """The middle column's widest line ends 7 pt (0.6 em) before the last column."""
    blocks = extract(narrow_gap_table(NARROW_GAP_ROWS), engine).blocks
    assert [(b.kind, b.text, b.page) for b in blocks] == [
        ("table_cell", "Recommendation 27 Work with regulators.", 1),
        ("table_cell", "Agree. DSIT, through the RIO, will identify priority sectors with "
                       "high-growth potential and work with relevant regulators. DSIT will "
                       "update on progress by Summer 2025.", 1),
        ("table_cell", "Initially Spring 2025, but continuous thereafter", 1),
        ("table_cell", "Recommendation 28 Require regulators to report.", 1),
        ("table_cell", "Agree. Sponsor departments will request that regulators report on "
                       "their activities to promote AI.", 1),
        ("table_cell", "Spring 2025", 1),
    ]


def bulleted_cell_table() -> bytes:
    """Two rows of a three-column table (the UK response's Recommendation 50): the second
    row's response is a lead-in and three bullets set a line apart, running on below the
    row's other cells, so that the gaps between the bullets cross every column."""
    pdf = new_pdf()
    pdf.add_page()
    y = 100.0
    for x, lines in zip((72, 250, 480), BULLETED_ROWS[0], strict=True):
        for n, line in enumerate(lines):
            runs(pdf, x, y + 14.3 * n, [("Serif", line)], size=10)
    y = 180.0
    for x, lines in zip((72, 250, 480), BULLETED_ROWS[1], strict=True):
        for n, line in enumerate(lines):
            runs(pdf, x, y + 14.3 * n, [("Serif", line)], size=10)
    y += 3 * 14.3 + 10
    for item in BULLETS:
        runs(pdf, 262, y, [("Serif", "\u2022")], size=10)
        for n, line in enumerate(item):
            runs(pdf, 274, y + 14.3 * n, [("Serif", line)], size=10)
        y += len(item) * 14.3 + 10
    return output(pdf)


BULLETED_ROWS = [
    [["Recommendation 49", "Drive AI adoption across", "the whole country."],
     ["Agree. DSIT will work with local", "government on adoption."], ["Summer 2025"]],
    [["Recommendation 50", "Create a new unit to partner", "with the private sector."],
     ["Agree. The government will create", "a new function to partner with", "AI companies, including by:"],
     ["Spring 2025"]],
]
BULLETS = [
    ["Exploring making data sets available", "to partnered companies."],
    ["Supporting top AI talent to relocate", "to the UK."],
    ["Helping to build relationships with", "the national security community."],
]  # fmt: skip


@pytest.mark.parametrize("engine", ENGINES)
def test_the_bullets_of_a_table_cell_stay_in_their_cell(engine):
    """Not one cell per bullet after the row: a band that leaves the table's first column
    empty goes on with the row above."""
    blocks = extract(bulleted_cell_table(), engine).blocks
    response = " ".join(BULLETED_ROWS[1][1]) + " " + " ".join(
        "• " + " ".join(item) for item in BULLETS)
    assert [(b.kind, b.text, b.page) for b in blocks] == [
        ("table_cell", "Recommendation 49 Drive AI adoption across the whole country.", 1),
        ("table_cell", "Agree. DSIT will work with local government on adoption.", 1),
        ("table_cell", "Summer 2025", 1),
        ("table_cell", "Recommendation 50 Create a new unit to partner with the private sector.", 1),
        ("table_cell", response, 1),
        ("table_cell", "Spring 2025", 1),
    ]
    assert clauses(bulleted_cell_table(), engine)[5:] == [
        ("Agree.", 1),
        ("The government will create a new function to partner with AI companies, including "
         "by: • Exploring making data sets available to partnered companies.", 1),
        ("• Supporting top AI talent to relocate to the UK.", 1),
        ("• Helping to build relationships with the national security community.", 1),
        ("Spring 2025", 1),
    ]


# --- pages cited ----------------------------------------------------------------------


def paragraph_over_a_page_break() -> bytes:
    """A full page of body text whose last paragraph runs on to the next page."""
    pdf = new_pdf()
    pdf.add_page()
    filler = ("The plan sets out how the administration will work with industry. " * 5).strip()
    for _ in range(3):
        paragraph(pdf, filler)
    lines = [
        "The government will develop artificial intelligence for the good of citizens and to",
    ]
    pdf.set_font("Serif", "", 11)
    for line in lines:
        pdf.set_x(72)
        pdf.cell(0, 14.3, line, new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    for line in ["shape it together with them. Open data will be published by every",
                 "ministry. Each agency will report on its progress every year."]:
        pdf.set_x(72)
        pdf.cell(0, 14.3, line, new_x="LMARGIN", new_y="NEXT")
    return output(pdf)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_sentence_cites_the_page_where_it_starts(engine):
    found = clauses(paragraph_over_a_page_break(), engine)[-3:]
    assert found == [
        ("The government will develop artificial intelligence for the good of citizens and "
         "to shape it together with them.", 1),
        ("Open data will be published by every ministry.", 2),
        ("Each agency will report on its progress every year.", 2),
    ]


# --- letter spacing and tick-box grids --------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_letter_spaced_words_read_as_words(engine):
    """Letters set 2 pt apart (a fifth of the size), words 7 pt apart."""
    pdf = new_pdf()
    pdf.add_page()
    pdf.set_char_spacing(2)
    paragraph(pdf, "Launch the first Mars probe.", size=10)
    pdf.set_char_spacing(0)
    paragraph(pdf, "China deploys important programmes like quantum communication.", size=10)
    assert clauses(output(pdf), engine) == [
        ("Launch the first Mars probe.", 1),
        ("China deploys important programmes like quantum communication.", 1),
    ]


def timeline_grid() -> bytes:
    """Actions on the left, a tick mark ("x") or quarter per year on the right, the rows
    touching one another as in the EU plan's timeline (p. 59)."""
    rows = [("1", "adopt a proposal for a Data Act", ["x", "", "Q2"]),
            ("2", "establish European Alliances for industrial data", ["x", "x", ""]),
            ("3", "launch calls to build European data spaces", ["", "x", "x"]),
            ("4", "launch Industrial Alliance on Microelectronics", ["x", "", "x"])]
    pdf = new_pdf()
    pdf.add_page()
    y = 100.0
    for number, action, marks in rows:
        runs(pdf, 60, y, [("Serif", number)], size=9)
        runs(pdf, 80, y, [("Serif", action)], size=9)
        for k, mark in enumerate(marks):
            if mark:
                runs(pdf, 400 + 30 * k, y, [("Serif", mark)], size=9)
        y += 11.5
    return output(pdf)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_tick_box_grid_is_read_row_by_row(engine):
    blocks = extract(timeline_grid(), engine).blocks
    texts = [b.text for b in blocks]
    assert all(b.kind == "table_cell" for b in blocks), texts
    assert "1 adopt a proposal for a Data Act" in texts
    assert texts.index("1 adopt a proposal for a Data Act") < texts.index(
        "2 establish European Alliances for industrial data")
    # No action runs into another one or into the marks.
    assert not [t for t in texts if "x" in t.split() and len(t.split()) > 3], texts


# --- repeated table headers -----------------------------------------------------------


def tables_under_one_header() -> bytes:
    """A table over two pages whose printer repeats the header row on each page."""
    pdf = new_pdf()
    header = ["Recommendation", "Response", "Timeline"]
    rows = [[["Recommendation 1", "Publish a compute plan."], ["Agree. DSIT will publish it."],
             ["Spring 2025"]],
            [["Recommendation 2", "Expand research compute."], ["Agree. It will grow."],
             ["Summer 2025"]]]
    for row in rows:
        pdf.add_page()
        y = 100.0
        for x, text in zip((72, 260, 450), header, strict=True):
            runs(pdf, x, y, [("Serif", text)])
        y += 30
        for x, lines in zip((72, 260, 450), row, strict=True):
            for n, line in enumerate(lines):
                runs(pdf, x, y + 14.3 * n, [("Serif", line)])
    return output(pdf)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_repeated_table_header_row_is_kept_once(engine):
    texts = [b.text for b in extract(tables_under_one_header(), engine).blocks]
    assert texts == [
        "Recommendation", "Response", "Timeline",
        "Recommendation 1 Publish a compute plan.", "Agree. DSIT will publish it.", "Spring 2025",
        "Recommendation 2 Expand research compute.", "Agree. It will grow.",
        "Summer 2025",
    ]


# --- contents pages -------------------------------------------------------------------


def contents_without_leaders() -> bytes:
    """A contents page whose page numbers stand in a right-aligned column, no dot leaders,
    then the body."""
    pdf = new_pdf()
    pdf.add_page()
    runs(pdf, 72, 80, [("Serif", "CONTENTS")], size=14)
    entries = [("INTRODUCTION", 4), ("FRENCH COMPANIES", 7), ("RESEARCH", 12),
               ("OPEN DATA", 18), ("COMPUTE", 23), ("CONCLUSIONS", 30)]
    for n, (title, page) in enumerate(entries):
        y = 120 + 24 * n
        runs(pdf, 72, y, [("Serif", title)])
        pdf.set_xy(400, y)
        pdf.set_font("Serif", "", 11)
        pdf.cell(60, 14.3, str(page), align="R")
    pdf.add_page()
    runs(pdf, 72, 80, [("Serif", "INTRODUCTION")], size=16)
    pdf.set_y(110)
    paragraph(pdf, "The government will publish open data sets.")
    return output(pdf)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_contents_page_is_known_by_its_page_number_column(engine):
    document = extract(contents_without_leaders(), engine)
    assert document.toc_pages == [1]
    assert [(b.kind, b.text, b.page) for b in document.blocks] == [
        ("heading", "INTRODUCTION", 2),
        ("paragraph", "The government will publish open data sets.", 2),
    ]


# --- footnotes ------------------------------------------------------------------------


def footnote_near_body_size() -> bytes:
    """Body at 10.55 pt whose last sentence runs on to the next page; under a separator
    rule, a footnote at 9.96 pt (as in the German plan)."""
    pdf = new_pdf()
    pdf.add_page()
    pdf.set_y(100)
    paragraph(pdf, "The federal government will make research data open by default.", size=10.55)
    runs(pdf, 72, 140, [("Serif", "We will develop AI for the good of citizens and to")], size=10.55)
    pdf.set_line_width(0.5)
    pdf.line(72, 700, 216, 700)
    runs(pdf, 72, 706, [("Serif", "1 Federal Ministry for Economic Affairs and Energy (2020).")],
         size=9.96)
    pdf.add_page()
    runs(pdf, 72, 100, [("Serif", "shape it together with them.")], size=10.55)
    return output(pdf)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_footnote_near_body_size_under_a_separator_rule_is_a_footnote(engine):
    data = footnote_near_body_size()
    assert clauses(data, engine) == [
        ("The federal government will make research data open by default.", 1),
        ("We will develop AI for the good of citizens and to shape it together with them.", 1),
    ]
    notes = [(b.marker, b.text) for b in extract(data, engine).blocks if b.kind == "footnote"]
    assert notes == [("1", "Federal Ministry for Economic Affairs and Energy (2020).")]
