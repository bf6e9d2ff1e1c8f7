"""Headings by the style a document gives its headings (issue 11, class 4): call-outs,
overview lists, a heading ending in a colon, letter-spaced headings, headings between
tables, an unnumbered chapter and headings side by side, each rebuilt in a small PDF;
the sections and clause texts are asserted exactly, on both readers."""

from __future__ import annotations

import dataclasses

import pytest

from policyapp.ingest.pdf import PdfExtractor
from policyapp.segment import Segmentation, segment
from policyapp.tests.ingest.printed import new_pdf, output, paragraph, runs

ENGINES = ["pdfium", "pdfplumber"]

BODY = [
    "The government will fund shared computing for universities and public laboratories.",
    "Research teams will receive open access to the national data sets every year.",
    "Every ministry will publish the data it holds in open and readable formats.",
    "The strategy will be reviewed by parliament after three years of work.",
]


def segmented(data: bytes, engine: str) -> Segmentation:
    document = PdfExtractor(engine, parallel=False).extract(data)  # type: ignore[arg-type]
    return segment(dataclasses.replace(document, lang="en"))


def plan_title(pdf) -> None:
    pdf.add_page()
    heading(pdf, 40, "NATIONAL STRATEGY FOR AI", size=18)


def heading(pdf, y: float, text: str, *, size: float = 14) -> None:
    pdf.set_font("Serif", "B", size)
    pdf.set_xy(72, y)
    pdf.cell(pdf.get_string_width(text), size * 1.3, text)


def body(pdf, y: float, text: str) -> None:
    pdf.set_xy(72, y)
    paragraph(pdf, text)


# --- call-outs ------------------------------------------------------------------------


def callouts() -> bytes:
    """Numbered chapters at 14 pt bold; between them, an infographic's call-outs set large
    (a supercomputer's name, a ranking, a letter-spaced "PHASE 1") over small captions."""
    pdf = new_pdf()
    plan_title(pdf)
    heading(pdf, 80, "1. COMPUTE")
    body(pdf, 110, BODY[0])
    heading(pdf, 200, "Jean Zay", size=26)
    runs(pdf, 72, 236, [("Sans", "The national supercomputer for research.")], size=9)
    heading(pdf, 280, "2nd in the EU", size=26)
    runs(pdf, 72, 316, [("Sans", "For public research computing power.")], size=9)
    pdf.add_page()
    heading(pdf, 80, "2. RESEARCH")
    body(pdf, 110, BODY[1])
    pdf.set_char_spacing(5)
    heading(pdf, 200, "PHASE 1", size=20)
    pdf.set_char_spacing(0)
    runs(pdf, 72, 232, [("Sans", "Build the national network.")], size=9)
    heading(pdf, 300, "3. OPEN DATA")
    body(pdf, 330, BODY[2])
    return output(pdf)


# --- an overview list in bold -----------------------------------------------------------


def overview_list() -> bytes:
    """A lead-in ending in a colon, then an indented list whose entries are printed bold
    like the chapter headings, each with its items (the EU Coordinated Plan, p. 5); the
    first chapter follows on the next page."""
    pdf = new_pdf()
    plan_title(pdf)
    body(pdf, 80, "This review puts forward two sets of proposals for the Member States:")
    y = 130.0
    for entry, items in [
        ("Set enabling conditions for AI uptake", ["Share policy insights (Chapter 1)"]),
        ("Build strategic leadership in sectors", ["Bring AI into play for climate (Chapter 2)"]),
    ]:
        pdf.set_font("Serif", "B", 11)
        pdf.set_xy(108, y)
        pdf.cell(pdf.get_string_width(entry), 14.3, entry)
        for item in items:
            y += 20
            runs(pdf, 108, y, [("Serif", "\u2013 " + item)])
        y += 24
    pdf.add_page()
    heading(pdf, 80, "I. SET ENABLING CONDITIONS FOR AI UPTAKE", size=11)
    body(pdf, 110, BODY[0])
    heading(pdf, 200, "II. BUILD STRATEGIC LEADERSHIP IN SECTORS", size=11)
    body(pdf, 230, BODY[1])
    return output(pdf)


# --- a heading that ends in a colon -----------------------------------------------------


def colon_heading() -> bytes:
    """Chapters in bold capitals at body size, the last one printed with a colon."""
    pdf = new_pdf()
    plan_title(pdf)
    for n, (title, text) in enumerate(
        [("INTRODUCTION", BODY[0]), ("FRENCH COMPANIES", BODY[1]), ("CONCLUSIONS:", BODY[3])]
    ):
        heading(pdf, 80 + 110 * n, title, size=11)
        body(pdf, 100 + 110 * n, text)
    return output(pdf)


# --- letter-spaced headings ---------------------------------------------------------------


def letter_spaced_headings() -> bytes:
    """Chapters in bold capitals set with letter spacing of half an em, wider than any
    word space of the body: the letters of a word evenly apart, the words further."""
    pdf = new_pdf()
    plan_title(pdf)
    pdf.set_char_spacing(7)
    heading(pdf, 80, "OUR AMBITION")
    pdf.set_char_spacing(0)
    body(pdf, 110, BODY[0])
    for n, (title, text) in enumerate([("FRENCH COMPANIES", BODY[1]), ("PHASE 1", BODY[2])]):
        pdf.set_char_spacing(7)
        heading(pdf, 200 + 110 * n, title)
        pdf.set_char_spacing(0)
        body(pdf, 230 + 110 * n, text)
    return output(pdf)


@pytest.mark.parametrize("engine", ENGINES)
def test_letter_spaced_headings_read_as_words(engine):
    """Not "F R E N C H C O M P A N I E S": the even gaps are letter spacing, the wider
    ones the spaces between words."""
    sections, clauses = shape(segmented(letter_spaced_headings(), engine))
    assert sections == [(1, "OUR AMBITION"), (1, "FRENCH COMPANIES"), (1, "PHASE 1")]
    assert clauses == [
        TITLE,
        ("heading", "OUR AMBITION", "OUR AMBITION"),
        ("sentence", "OUR AMBITION › ¶1", BODY[0]),
        ("heading", "FRENCH COMPANIES", "FRENCH COMPANIES"),
        ("sentence", "FRENCH COMPANIES › ¶1", BODY[1]),
        ("heading", "PHASE 1", "PHASE 1"),
        ("sentence", "PHASE 1 › ¶1", BODY[2]),
    ]


def letter_spaced_word() -> bytes:
    """A chapter whose heading is one word in letter-spaced capitals, alone on its line
    (no word gap to tell the letter spacing by), and a sentence naming scenarios by
    single letters typed with spaces."""
    pdf = new_pdf()
    plan_title(pdf)
    heading(pdf, 80, "INTRODUCTION")
    body(pdf, 110, BODY[0])
    pdf.set_char_spacing(7)
    heading(pdf, 200, "CONCLUSIONS")
    pdf.set_char_spacing(0)
    body(pdf, 230, BODY[1])
    body(pdf, 300, "The four scenarios are labelled A B C D in the annex of this plan.")
    return output(pdf)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_single_letter_spaced_word_reads_as_the_word(engine):
    """"C O N C L U S I O N S" is the word: its letters are an even distance apart. The
    letters the author typed apart stay apart, and the words beside them keep theirs."""
    result = segmented(letter_spaced_word(), engine)
    assert {c.page for c in result.clauses} == {1}
    sections, clauses = shape(result)
    assert sections == [(1, "INTRODUCTION"), (1, "CONCLUSIONS")]
    assert clauses == [
        TITLE,
        ("heading", "INTRODUCTION", "INTRODUCTION"),
        ("sentence", "INTRODUCTION › ¶1", BODY[0]),
        ("heading", "CONCLUSIONS", "CONCLUSIONS"),
        ("sentence", "CONCLUSIONS › ¶1", BODY[1]),
        ("sentence", "CONCLUSIONS › ¶2",
         "The four scenarios are labelled A B C D in the annex of this plan."),
    ]


def letter_columns(align: str, label: str) -> bytes:
    """A grid whose columns are headed by single letters set at an even pitch, 22 pt
    apart (gaps of about 1.3 em, within the letter spacing a heading may have), over
    rows of tick marks; the header row has `label` on its left, or nothing."""
    pdf = new_pdf()
    plan_title(pdf)
    heading(pdf, 80, "RATINGS")
    body(pdf, 110, BODY[0])
    pdf.set_font("Serif", "", 11)
    rows = [(label, "ABCDE"), ("Compute", "x  x "), ("Data", " xx x"), ("Skills", "x x x")]
    for n, (label, marks) in enumerate(rows):
        y = 200 + 16 * n
        if label:
            runs(pdf, 72, y, [("Serif", label)])
        for column, mark in enumerate(marks):
            if mark.strip():
                width = pdf.get_string_width(mark)
                x = 300 + 22 * column - (width / 2 if align == "center" else 0)
                runs(pdf, x, y, [("Serif", mark)])
    return output(pdf)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("align", "label"), [("left", ""), ("center", ""), ("left", "Rating")])
def test_column_heads_of_single_letters_are_not_a_word(engine, align, label):
    """The column heads "A B C D E" are set at an even pitch, so their gaps vary with the
    letters' widths: columns, not a letter-spaced word; nor are they the label's last
    letter and four more ("Ratin gABCDE")."""
    result = segmented(letter_columns(align, label), engine)
    assert {c.page for c in result.clauses} == {1}
    _sections, clauses = shape(result)
    texts = [text for _kind, _label, text in clauses]
    assert f"{label} A B C D E".strip() in texts
    assert not any("ABCD" in text for text in texts)


# --- a heading between two tables ---------------------------------------------------------

HEADER = ["Recommendation", "Response", "Timeline"]
TABLES = [
    ("Adoption", [["Recommendation 1", "Fund shared", "computing."], ["Agree. The", "ministry will", "fund it."],
                  ["Spring 2025"]]),
    ("Advancing AI", [["Recommendation 2", "Create a new", "unit."], ["Agree. A unit", "will be set", "up."],
                      ["Summer 2025"]]),
]  # fmt: skip


def tables_under_headings() -> bytes:
    """Two tables of three columns, each under a heading printed larger than the text and
    narrow enough to sit over the first column, so the columns' gutters run past it
    from the top of the page to the bottom (the UK government response, p. 20)."""
    pdf = new_pdf()
    plan_title(pdf)
    columns = [72.0, 250.0, 430.0]
    y = 90.0
    for title, row in TABLES:
        pdf.set_font("Sans", "", 18)
        pdf.set_xy(72, y)
        pdf.cell(pdf.get_string_width(title), 23.4, title)
        y += 40
        pdf.set_font("Serif", "B", 11)
        for x, name in zip(columns, HEADER, strict=True):
            pdf.set_xy(x, y)
            pdf.cell(pdf.get_string_width(name), 14.3, name)
        y += 30
        for x, lines in zip(columns, row, strict=True):
            for n, line in enumerate(lines):
                runs(pdf, x, y + 14.3 * n, [("Serif", line)])
        y += 100
    return output(pdf)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_heading_between_tables_is_no_table_cell(engine):
    """Each heading heads its table; the second table's header row, a repeat, is dropped."""
    sections, clauses = shape(segmented(tables_under_headings(), engine))
    assert sections == [(1, "Adoption"), (1, "Advancing AI")]
    assert clauses == [
        TITLE,
        ("heading", "Adoption", "Adoption"),
        *[("table_cell", f"Adoption › ¶{n}", name) for n, name in enumerate(HEADER, 1)],
        ("table_cell", "Adoption › ¶4", "Recommendation 1 Fund shared computing."),
        ("table_cell", "Adoption › ¶5", "Agree."),
        ("table_cell", "Adoption › ¶5", "The ministry will fund it."),
        ("table_cell", "Adoption › ¶6", "Spring 2025"),
        ("heading", "Advancing AI", "Advancing AI"),
        ("table_cell", "Advancing AI › ¶1", "Recommendation 2 Create a new unit."),
        ("table_cell", "Advancing AI › ¶2", "Agree."),
        ("table_cell", "Advancing AI › ¶2", "A unit will be set up."),
        ("table_cell", "Advancing AI › ¶3", "Summer 2025"),
    ]


# --- an unnumbered chapter after numbered ones -------------------------------------------


def conclusions_after_chapters() -> bytes:
    """Chapters "I." and "II." in bold capitals (the first at 12 pt, the second at 11 pt),
    numbered sections in bold at 12 pt, a figure's title in the chapters' style set in
    the middle of the page, and last "CONCLUSIONS:" in the chapters' style (the EU
    Coordinated Plan)."""
    pdf = new_pdf()
    plan_title(pdf)
    heading(pdf, 80, "I. SET ENABLING CONDITIONS", size=12)
    heading(pdf, 110, "1. Share policy insights", size=12)
    body(pdf, 135, BODY[0])
    pdf.add_page()
    heading(pdf, 80, "II. BUILD STRATEGIC LEADERSHIP", size=11)
    pdf.set_font("Serif", "B", 11)
    pdf.set_xy(297 - pdf.get_string_width("OUR KEY PROPOSALS") / 2, 120)
    pdf.cell(pdf.get_string_width("OUR KEY PROPOSALS"), 14.3, "OUR KEY PROPOSALS")
    heading(pdf, 160, "2. Make the public sector a trailblazer", size=12)
    body(pdf, 185, BODY[2])
    heading(pdf, 250, "CONCLUSIONS:", size=11)
    body(pdf, 275, BODY[3])
    return output(pdf)


@pytest.mark.parametrize("engine", ENGINES)
def test_an_unnumbered_heading_in_the_chapters_style_is_a_chapter(engine):
    """"CONCLUSIONS:" is not a subsection of the last chapter's last section; the figure's
    title, in the same type but centred, stays inside its chapter."""
    sections, clauses = shape(segmented(conclusions_after_chapters(), engine))
    assert sections == [
        (1, "I"), (2, "I › 1"),
        (1, "II"), (2, "II › OUR KEY PROPOSALS"), (2, "II › 2"),
        (1, "CONCLUSIONS"),
    ]  # fmt: skip
    assert clauses[-2:] == [
        ("heading", "CONCLUSIONS", "CONCLUSIONS:"),
        ("sentence", "CONCLUSIONS › ¶1", BODY[3]),
    ]


# --- headings side by side ----------------------------------------------------------------


def headings_side_by_side() -> bytes:
    """Two columns, each under its own bold heading, the two headings on one baseline
    and further from their text than the columns are from the paragraph under them."""
    pdf = new_pdf()
    plan_title(pdf)
    heading(pdf, 80, "INTRODUCTION", size=12)
    body(pdf, 100, BODY[3])
    for x, title, text in [
        (72, "OPEN DATA", f"{BODY[2]} {BODY[1]}"),
        (310, "COMPUTE", f"{BODY[0]} {BODY[1]}"),
    ]:
        pdf.set_font("Serif", "B", 12)
        pdf.set_xy(x, 160)
        pdf.cell(pdf.get_string_width(title), 15.6, title)
        pdf.set_xy(x, 200)
        pdf.set_font("Serif", "", 11)
        pdf.multi_cell(210, 14.3, text, align="L")
    body(pdf, 290, "Both will be reviewed by parliament every three years.")
    return output(pdf)


def shape(result: Segmentation) -> tuple[list[tuple[int, str]], list[tuple[str, str, str]]]:
    sections = [(s.level, s.label) for s in result.sections]
    clauses = [(c.kind, c.label, c.text) for c in result.clauses]
    return sections, clauses


TITLE = ("heading", "NATIONAL STRATEGY FOR AI", "NATIONAL STRATEGY FOR AI")


@pytest.mark.parametrize("engine", ENGINES)
def test_infographic_callouts_do_not_swallow_the_next_section(engine):
    """Words set large once, on one page, inside a chapter are its text, not sections
    above the chapters that follow."""
    sections, clauses = shape(segmented(callouts(), engine))
    assert sections == [(1, "1"), (1, "2"), (1, "3")]
    assert clauses == [
        TITLE,
        ("heading", "1", "COMPUTE"),
        ("sentence", "1 › ¶1", BODY[0]),
        ("sentence", "1 › ¶2", "Jean Zay"),
        ("sentence", "1 › ¶3", "The national supercomputer for research."),
        ("sentence", "1 › ¶4", "2nd in the EU"),
        ("sentence", "1 › ¶5", "For public research computing power."),
        ("heading", "2", "RESEARCH"),
        ("sentence", "2 › ¶1", BODY[1]),
        ("sentence", "2 › ¶2", "PHASE 1"),
        ("sentence", "2 › ¶3", "Build the national network."),
        ("heading", "3", "OPEN DATA"),
        ("sentence", "3 › ¶1", BODY[2]),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_bold_overview_list_does_not_duplicate_the_chapters(engine):
    sections, clauses = shape(segmented(overview_list(), engine))
    assert sections == [(1, "I"), (1, "II")]
    assert clauses == [
        TITLE,
        ("sentence", "¶1", "This review puts forward two sets of proposals for the Member States:"),
        ("sentence", "¶2", "Set enabling conditions for AI uptake"),
        ("list_item", "•1", "Share policy insights (Chapter 1)"),
        ("sentence", "¶3", "Build strategic leadership in sectors"),
        ("list_item", "•2", "Bring AI into play for climate (Chapter 2)"),
        ("heading", "I", "SET ENABLING CONDITIONS FOR AI UPTAKE"),
        ("sentence", "I › ¶1", BODY[0]),
        ("heading", "II", "BUILD STRATEGIC LEADERSHIP IN SECTORS"),
        ("sentence", "II › ¶1", BODY[1]),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_heading_in_the_chapters_style_may_end_in_a_colon(engine):
    sections, clauses = shape(segmented(colon_heading(), engine))
    assert sections == [(1, "INTRODUCTION"), (1, "FRENCH COMPANIES"), (1, "CONCLUSIONS")]
    assert clauses == [
        TITLE,
        ("heading", "INTRODUCTION", "INTRODUCTION"),
        ("sentence", "INTRODUCTION › ¶1", BODY[0]),
        ("heading", "FRENCH COMPANIES", "FRENCH COMPANIES"),
        ("sentence", "FRENCH COMPANIES › ¶1", BODY[1]),
        ("heading", "CONCLUSIONS", "CONCLUSIONS:"),
        ("sentence", "CONCLUSIONS › ¶1", BODY[3]),
    ]


@pytest.mark.corpus
def test_eu_plan_overview_list_and_conclusions(corpus_dir):
    """The EU Coordinated Plan: the bold overview on p. 5 is text of the introduction
    (its four entries are not chapters beside I.–IV.), and "CONCLUSIONS:" (p. 57) heads
    a section."""
    data = (corpus_dir / "eu-coordinated-plan-ai-2021" / "en.pdf").read_bytes()
    result = segmented(data, "pdfium")
    overview = [
        "Set enabling conditions for AI development and uptake in the EU",
        "Make the EU the place where excellence thrives from the lab to the market",
        "Ensure that AI works for people and is a force for good in society",
        "Build strategic leadership in high-impact sectors",
    ]
    assert [(c.kind, c.page) for c in result.clauses if c.text in overview] == [("sentence", 5)] * 4
    assert not [s for s in result.sections if s.heading in overview]
    chapters = [s.heading for s in result.sections if s.number in ("I", "II", "III", "IV")]
    assert chapters[:4] == [
        "SET ENABLING CONDITIONS FOR AI DEVELOPMENT AND UPTAKE IN THE EU",
        "MAKE THE EU THE PLACE WHERE EXCELLENCE THRIVES FROM THE LAB TO THE MARKET",
        "ENSURE THAT AI WORKS FOR PEOPLE AND IS A FORCE FOR GOOD IN SOCIETY",
        "BUILD STRATEGIC LEADERSHIP IN HIGH-IMPACT SECTORS",
    ]
    (conclusions,) = [c for c in result.clauses if c.text == "CONCLUSIONS:"]
    assert (conclusions.kind, conclusions.page) == ("heading", 57)
    following = next(c for c in result.clauses if c.ordinal == conclusions.ordinal + 1)
    assert following.label.split(" › ")[-2] == "CONCLUSIONS"
    # A chapter beside I.–IV., not a subsection of chapter 17.
    assert [(s.level, s.label) for s in result.sections if s.heading == "CONCLUSIONS:"] == [
        (1, "CONCLUSIONS")]
    assert following.text.startswith("The objectives of the 2018 Coordinated Plan remain")


@pytest.mark.parametrize("engine", ENGINES)
def test_headings_side_by_side_each_head_their_column(engine):
    """Not one heading "OPEN DATA COMPUTE", nor a table of two rows."""
    sections, clauses = shape(segmented(headings_side_by_side(), engine))
    assert sections == [(1, "INTRODUCTION"), (1, "OPEN DATA"), (1, "COMPUTE")]
    assert clauses == [
        TITLE,
        ("heading", "INTRODUCTION", "INTRODUCTION"),
        ("sentence", "INTRODUCTION › ¶1", BODY[3]),
        ("heading", "OPEN DATA", "OPEN DATA"),
        ("sentence", "OPEN DATA › ¶1", BODY[2]),
        ("sentence", "OPEN DATA › ¶1", BODY[1]),
        ("heading", "COMPUTE", "COMPUTE"),
        ("sentence", "COMPUTE › ¶1", BODY[0]),
        ("sentence", "COMPUTE › ¶1", BODY[1]),
        ("sentence", "COMPUTE › ¶2", "Both will be reviewed by parliament every three years."),
    ]
