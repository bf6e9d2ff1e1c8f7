"""Layout rules on hand-placed characters: no PDF library involved."""

from __future__ import annotations

import pytest

from policyapp.ingest.pdf_blocks import (
    build_document,
    find_marker,
    is_toc_page,
    remove_running_lines,
)
from policyapp.ingest.pdf_chars import Char, PageChars, font_style
from policyapp.ingest.pdf_layout import Line, page_lines

HEIGHT = 800.0


def chars(text: str, x: float, top: float, size: float = 10.0, *, bold: bool = False,
          italic: bool = False) -> list[Char]:
    """One character every half font size, spaces included, as a PDF would place them."""
    width = size / 2
    return [
        Char(ch, x + i * width, x + (i + 1) * width, top, top + size, size, bold, italic)
        for i, ch in enumerate(text)
    ]


def page(*runs: list[Char], number: int = 1) -> PageChars:
    return PageChars(number, 600.0, HEIGHT, [c for run in runs for c in run])


def line(text: str, top: float, page_number: int = 1, size: float = 10.0) -> Line:
    return Line(text, 72, 300, top, top + size, size, False, False, page_number)


def test_two_columns_are_read_one_after_the_other():
    """Lines that share a baseline across a gutter are not interleaved."""
    left = ["The left column starts", "and carries on down", "to its last line."]
    right = ["The right column follows", "only after the left", "one has ended."]
    runs = []
    for i, (a, b) in enumerate(zip(left, right, strict=True)):
        runs += [chars(a, 50, 100 + 14 * i), chars(b, 320, 100 + 14 * i)]
    texts = [ln.text for ln in page_lines(page(*runs))]
    assert texts == left + right


def test_a_full_width_title_above_two_columns_comes_first():
    runs = [chars("A title across the whole page width", 50, 60, 14)]
    for i in range(3):
        runs += [chars(f"left line {i}", 50, 100 + 14 * i), chars(f"right line {i}", 320, 100 + 14 * i)]
    texts = [ln.text for ln in page_lines(page(*runs))]
    assert texts == ["A title across the whole page width", "left line 0", "left line 1",
                     "left line 2", "right line 0", "right line 1", "right line 2"]


def test_bullet_and_hanging_indent_stay_one_column():
    """A bullet left of its text is not a column of its own."""
    runs = [chars("• First item of a list", 60, 100), chars("continues here", 75, 114),
            chars("• Second item", 60, 128), chars("continues too", 75, 142)]
    texts = [ln.text for ln in page_lines(page(*runs))]
    assert texts == ["• First item of a list", "continues here", "• Second item", "continues too"]


def test_superscript_reference_is_dropped_and_footnote_mark_kept_apart():
    """"policymaking35": the small raised 35 is a reference, not part of the word."""
    body = chars("for policymaking", 50, 100) + chars("35", 50 + 16 * 5, 97, 6) + chars(
        " and more", 50 + 16 * 5 + 6, 100)
    note = chars("35", 50, 700, 6) + chars(" See the report.", 56, 702, 8)
    lines = page_lines(page(body, note))
    assert [(ln.text, ln.lead_mark) for ln in lines] == [
        ("for policymaking and more", ""), ("See the report.", "35")]


def test_running_lines_go_but_a_repeated_body_heading_stays():
    """Only the top and bottom lines of a page are candidates."""
    pages = [
        [line("PLAN HEADER", 30, n), line("Recommended Policy Actions", 300, n),
         line("Body text.", 320, n), line(str(n), 760, n)]
        for n in range(1, 5)
    ]
    kept = remove_running_lines(pages, [HEIGHT] * 4)
    assert [[ln.text for ln in lines] for lines in kept] == [
        ["Recommended Policy Actions", "Body text."]] * 4


def test_browser_print_lines_go_even_on_one_page():
    lines = [line("2026/5/19 19:11 国务院关于深入实施", 15), line("正文。", 100),
             line("https://www.example.gov.cn/t20250827_1126207.shtml 1/3", 780)]
    assert [ln.text for ln in remove_running_lines([lines], [HEIGHT])[0]] == ["正文。"]


def test_toc_page():
    entries = [line(f"Section {i} ........................ {i + 2}", 100 + 14 * i) for i in range(6)]
    assert is_toc_page([line("Table of Contents", 60), *entries])
    assert not is_toc_page([line("An ordinary paragraph.", 100 + 14 * i) for i in range(8)])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("• Led by DOC", ("bullet", "•", "Led by DOC")),
        ("– a dash item", ("bullet", "–", "a dash item")),
        ("1. Acquire policy insights", ("num1", "1.", "Acquire policy insights")),
        ("1.2. Reap the benefit", ("num2", "1.2.", "Reap the benefit")),
        ("1.加速科学发现进程。", ("num1", "1.", "加速科学发现进程。")),
        ("1．加速", ("numfw", "1．", "加速")),
        ("a) first", ("letter", "a)", "first")),
        ("ii. second", ("roman_lc", "ii.", "second")),
        ("（十一）促进开源生态繁荣。", ("cn2", "（十一）", "促进开源生态繁荣。")),
        ("三、强化基础支撑能力", ("cn1", "三、", "强化基础支撑能力")),
        ("Pillar II: Build American AI Infrastructure",
         ("pillar", "Pillar II:", "Build American AI Infrastructure")),
        ("IV. BUILD STRATEGIC LEADERSHIP", ("roman", "IV.", "BUILD STRATEGIC LEADERSHIP")),
        ("2025 was a year", ("", "", "2025 was a year")),
        ("2.5 billion euros", ("", "", "2.5 billion euros")),
    ],
)
def test_find_marker(text, expected):
    assert find_marker(text) == expected


def test_find_marker_passes_by_no_line_a_marker_pattern_reads():
    """find_marker skips its patterns for lines that cannot start with a marker; a
    pattern that reads a line the quick test turns away would lose that item."""
    from policyapp.ingest.markers import _LAYOUT_MARKERS, _MAY_BE_MARKED

    tails = ["1 x", ". x", ") x", "、x", "ii. x", "illar I: x", "art 2. x", "hapter 3 - x",
             "ILLAR IV: x", "）x", "．x", "1) x", "(一) x", " x", "x"]
    firsts = [*map(chr, range(0x20, 0x3100)), *map(chr, range(0xFF00, 0xFF70)), *"十百零〇第"]
    for text in (first + tail for first in firsts for tail in tails):
        read = any((m := pattern.match(text)) and m.end() < len(text)
                   for _, pattern in _LAYOUT_MARKERS)
        assert not read or _MAY_BE_MARKED.match(text), text


def test_font_style_from_name():
    assert font_style("ABCDEF+Times New Roman,BoldItalic") == (True, True)
    assert font_style("InstrumentSans-Regular") == (False, False)


def test_blocks_headings_lists_and_hyphens():
    """Heading by size, list items with markers, one block per paragraph, hyphen joined."""
    runs = [
        chars("Open Models", 50, 80, 16),
        chars("We need to pro-", 50, 110),
        chars("mote open-source models.", 50, 122),
        chars("• Publish open-source tools.", 50, 150),
        chars("• Fund open models.", 50, 164),
    ]
    layout = build_document([page_lines(page(*runs))], [HEIGHT])
    assert [(b.kind, b.level, b.marker, b.text) for b in layout.blocks] == [
        ("heading", 1, "", "Open Models"),
        ("paragraph", 0, "", "We need to promote open-source models."),
        ("list_item", 1, "•", "Publish open-source tools."),
        ("list_item", 1, "•", "Fund open models."),
    ]
    assert layout.title == "Open Models"


def test_two_columns_with_paragraph_breaks_at_different_heights_are_columns():
    """Paragraph gaps that do not line up across the gutter do not make a table."""
    runs = []
    left_tops = [100, 114, 128, 150, 164, 178]  # a break after line three
    right_tops = [100, 114, 136, 150, 164, 186]  # breaks after lines two and five
    for i, top in enumerate(left_tops):
        runs.append(chars(f"left column line {i}", 50, top))
    for i, top in enumerate(right_tops):
        runs.append(chars(f"right column line {i}", 320, top))
    lines = page_lines(page(*runs))
    assert [ln.text for ln in lines] == [f"left column line {i}" for i in range(6)] + [
        f"right column line {i}" for i in range(6)]
    assert {ln.cell for ln in lines} == {0}


def test_a_table_is_read_row_by_row_one_block_per_cell():
    runs = []
    rows = [("Recommendation 1", "Agree. We will", "Spring 2025"),
            ("Recommendation 2", "Partially agree.", "Summer 2025")]
    for r, row in enumerate(rows):
        top = 100 + 50 * r
        runs += [chars(row[0], 50, top), chars("Do the first thing.", 50, top + 14),
                 chars(row[1], 250, top), chars("consult on it.", 250, top + 14),
                 chars(row[2], 450, top)]
    layout = build_document([page_lines(page(*runs))], [HEIGHT])
    assert [(b.kind, b.text) for b in layout.blocks] == [
        ("table_cell", "Recommendation 1 Do the first thing."),
        ("table_cell", "Agree. We will consult on it."),
        ("table_cell", "Spring 2025"),
        ("table_cell", "Recommendation 2 Do the first thing."),
        ("table_cell", "Partially agree. consult on it."),
        ("table_cell", "Summer 2025"),
    ]


def test_footnotes_are_kept_apart_and_follow_their_page():
    body = [chars(f"Body line {i} of the page with enough words.", 50, 100 + 14 * i)
            for i in range(6)]
    notes = [chars("1", 50, 700, 6) + chars(" First note.", 56, 702, 8),
             chars("2", 50, 712, 6) + chars(" Second note.", 56, 714, 8)]
    layout = build_document([page_lines(page(*body, *notes))], [HEIGHT])
    assert [(b.kind, b.marker, b.text) for b in layout.blocks][-2:] == [
        ("footnote", "1", "First note."), ("footnote", "2", "Second note.")]
    assert [b.kind for b in layout.blocks[:-2]] == ["paragraph"]


def test_a_bold_lead_in_is_not_a_heading():
    runs = [chars("Some body text that ends here.", 50, 100),
            chars("In consultation, the Commission will", 50, 130, bold=True),
            chars("• act quickly.", 50, 150)]
    layout = build_document([page_lines(page(*runs))], [HEIGHT])
    assert [b.kind for b in layout.blocks] == ["paragraph", "paragraph", "list_item"]


def test_a_space_drawn_over_a_ligature_is_ignored():
    """The MOST newsletter maps its "fi" ligature to "f", "i" and a space inside the glyph."""
    word = chars("arti", 50, 100) + [
        Char("f", 70, 75, 100, 110, 10, False, False),
        Char("i", 70, 75, 100, 110, 10, False, False),
        Char(" ", 72.5, 75.3, 100, 110, 10, False, False),
    ] + chars("cial", 75, 100)
    assert [ln.text for ln in page_lines(page(word))] == ["artificial"]


def test_an_italic_space_leaning_into_the_letter_before_still_separates_words():
    """The US plan's italic headings draw the space of "AI Protects" from inside the "I"."""
    italic = [
        Char("A", 190.72, 199.18, 100, 116, 15.96, False, True),
        Char("I", 198.65, 204.55, 100, 116, 15.96, False, True),
        Char(" ", 203.16, 205.88, 100, 116, 15.96, False, True),
        Char("P", 205.37, 214.05, 100, 116, 15.96, False, True),
        Char("o", 295.6, 302.21, 100, 116, 15.96, False, True),
        Char("f", 302.2, 308.65, 100, 116, 15.96, False, True),
        Char(" ", 306.52, 309.24, 100, 116, 15.96, False, True),
        Char("A", 308.12, 316.58, 100, 116, 15.96, False, True),
    ]
    assert [ln.text for ln in page_lines(page(italic))] == ["AI P of A"]


def test_a_two_line_running_title_goes():
    pages = [
        [line("Next Generation AI Plan", 92, n), line("Issued by State Council", 114, n),
         line(f"Body of page {n}.", 180, n)]
        for n in range(1, 7)
    ]
    kept = remove_running_lines(pages, [HEIGHT] * 6)
    assert [[ln.text for ln in lines] for lines in kept] == [
        [f"Body of page {n}."] for n in range(1, 7)]
