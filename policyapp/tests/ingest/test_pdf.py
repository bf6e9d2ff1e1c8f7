"""PDF extraction on the real plans in ../shared/corpus and on bad inputs."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from policyapp.ingest.base import Block, ExtractedDocument
from policyapp.ingest.errors import (
    CorruptFile,
    EmptyFile,
    EncryptedPdf,
    NoTextLayer,
    UnsupportedFormat,
)
from policyapp.ingest.pdf import PdfExtractor

US = "us-ai-action-plan-2025/en.pdf"
EU = "eu-coordinated-plan-ai-2021/en.pdf"
ZH = "cn-ai-plus-action-opinions-2025/zh.pdf"


@pytest.fixture(scope="session")
def extracted(corpus_dir: Path) -> Callable[..., ExtractedDocument]:
    """Extraction of a corpus file, done once per file and engine for the whole run."""

    @cache
    def extract(name: str, engine: str = "pdfium") -> ExtractedDocument:
        return PdfExtractor(engine).extract((corpus_dir / name).read_bytes())  # type: ignore[arg-type]

    return extract


def body(document: ExtractedDocument) -> list[Block]:
    return [b for b in document.blocks if b.kind != "footnote"]


# --- US AI Action Plan -------------------------------------------------------


@pytest.mark.corpus
def test_us_pillars_are_the_level_one_headings(extracted):
    """Three pillars (numbering kept as marker) and the Introduction are level 1."""
    top = [(b.marker, b.text) for b in extracted(US).blocks
           if b.kind == "heading" and b.level == 1]
    assert top == [
        ("", "Introduction"),
        ("Pillar I:", "Accelerate AI Innovation"),
        ("Pillar II:", "Build American AI Infrastructure"),
        ("Pillar III:", "Lead in International AI Diplomacy and Security"),
    ]


@pytest.mark.corpus
def test_us_each_of_30_sections_has_its_recommended_policy_actions(extracted):
    """Level 2: 30 policy sections, each followed by a level-3 action list of bullets."""
    headings = [b for b in extracted(US).blocks if b.kind == "heading"]
    sections = [i for i, b in enumerate(headings) if b.level == 2]
    assert len(sections) == 30
    for i in sections:
        assert (headings[i + 1].level, headings[i + 1].text) == (3, "Recommended Policy Actions")
    assert sum(1 for b in headings if b.level == 3) == 30
    assert {b.level for b in headings} == {1, 2, 3}


@pytest.mark.corpus
def test_us_has_103_action_items(extracted):
    items = [b for b in extracted(US).blocks if b.kind == "list_item"]
    assert len(items) == 103
    assert {(b.marker, b.level) for b in items} == {("•", 1)}


@pytest.mark.corpus
def test_us_open_source_section_is_on_printed_page_4(extracted):
    """Physical page 7 carries the printed page number 4 (the TOC's "4")."""
    blocks = extracted(US).blocks
    (i,) = [i for i, b in enumerate(blocks) if b.text == "Encourage Open-Source and Open-Weight AI"]
    assert (blocks[i].kind, blocks[i].level, blocks[i].page) == ("heading", 2, 7)
    following = [b for b in blocks[i + 1:] if b.kind != "footnote"]
    assert following[2].text == "Recommended Policy Actions"
    assert following[3].text.startswith("Ensure access to large-scale computing power")
    assert following[3].kind == "list_item"


@pytest.mark.corpus
def test_us_running_header_and_page_numbers_are_gone(extracted):
    for block in extracted(US).blocks:
        # Case matters: the body says "America’s AI Action Plan has three pillars".
        assert "AMERICA’S AI ACTION PLAN" not in block.text
        assert "AMERICA'S AI ACTION PLAN" not in block.text
        assert not re.fullmatch(r"\d{1,3}|[ivxlc]{1,6}", block.text)


@pytest.mark.corpus
def test_us_toc_and_cover_quotation_are_not_blocks(extracted):
    document = extracted(US)
    assert document.toc_pages == [3]
    assert not [b for b in document.blocks if b.page in (1, 2, 3)]
    assert not [b for b in document.blocks if "new frontier of scientific discovery" in b.text]
    assert document.title == "America’s AI Action Plan"


@pytest.mark.corpus
def test_us_no_word_is_split_by_a_line_end_hyphen(extracted):
    """Real hyphens stay, typesetting ones would go, and no "open- source" remains."""
    text = "\n".join(b.text for b in extracted(US).blocks)
    assert not re.search(r"[a-z]- [a-z]", text)
    assert "\ufffe" not in text
    for compound in ("Open-source and open-weight AI models", "open-weight models",
                     "large-scale computing", "self-driving cars", "like-minded"):
        assert compound in text or compound.replace("like-minded", "likeminded") in text
    assert "Open- source" not in text and "Opensource" not in text


@pytest.mark.corpus
def test_us_footnotes_are_apart_numbered_1_to_30(extracted):
    notes = [b for b in extracted(US).blocks if b.kind == "footnote"]
    assert [b.marker for b in notes] == [str(n) for n in range(1, 31)]
    assert notes[0].text.startswith("Executive Order 14179 of January 23, 2025")
    # The reference "AI Action Plan.1" lost its mark in the body text.
    assert any(b.text.endswith("the creation of an AI Action Plan.") for b in body(extracted(US)))


# --- China AI+ Opinions (zh.pdf, printed from a browser) ----------------------


@pytest.mark.corpus
def test_zh_print_header_and_footer_are_gone(extracted):
    for block in extracted(ZH).blocks:
        assert "2026/5/19" not in block.text
        assert "https://" not in block.text
        assert not re.search(r"\b[123]/3\b", block.text)


@pytest.mark.corpus
def test_zh_no_radical_lookalike_survives(extracted, corpus_dir):
    """人工智能 occurs as often in the PDF's blocks as in the Markdown's body."""
    text = "".join(b.text for b in extracted(ZH).blocks)
    assert not [ch for ch in text if 0x2E80 <= ord(ch) <= 0x2FDF]
    markdown = (corpus_dir / "cn-ai-plus-action-opinions-2025/zh.md").read_text()
    markdown_body = markdown.split("---", 2)[2]  # without the YAML front matter
    assert text.count("人工智能") == markdown_body.count("人工智能") == 84


@pytest.mark.corpus
def test_zh_parts_and_items_carry_their_markers(extracted):
    blocks = extracted(ZH).blocks
    parts = [(b.marker, b.text, b.level) for b in blocks if b.marker.endswith("、")]
    assert parts == [("一、", "总体要求", 2), ("二、", "加快实施重点行动", 2),
                     ("三、", "强化基础支撑能力", 2), ("四、", "组织实施", 2)]
    items = [b.marker for b in blocks if b.marker.startswith("（")]
    numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三",
                "十四"]
    assert items == [f"（{n}）" for n in numerals]
    # Items one to six are headings over numbered sub-items; seven to fourteen are
    # single paragraphs that open with their own title.
    kinds = [b.kind for b in blocks if b.marker.startswith("（")]
    assert kinds == ["heading"] * 6 + ["list_item"] * 8
    first_item = blocks[[b.marker for b in blocks].index("（一）") + 1]
    assert (first_item.kind, first_item.marker) == ("list_item", "1.")
    assert first_item.text.startswith("加速科学发现进程。加快探索人工智能驱动的新型科研范式")


@pytest.mark.corpus
def test_zh_chinese_punctuation_is_kept(extracted):
    text = "".join(b.text for b in extracted(ZH).blocks)
    assert "“人工智能+”" in text
    assert "（" in text and "，" in text and "：" in text
    assert "(" not in text.replace("[", "")
    assert extracted(ZH).lang == "zh"


# --- EU Coordinated Plan -------------------------------------------------------


@pytest.mark.corpus
def test_eu_footnotes_are_apart_and_complete(extracted):
    """All 274 footnotes, once each and in order, none inside the body."""
    notes = [b for b in extracted(EU).blocks if b.kind == "footnote"]
    assert [b.marker for b in notes] == [str(n) for n in range(1, 275)]


@pytest.mark.corpus
def test_eu_footnote_references_are_not_glued_to_words(extracted):
    text = "\n".join(b.text for b in body(extracted(EU)))
    assert "policymaking35" not in text
    assert "policymaking and produced" in text
    assert not re.findall(r"\b[a-z]{4,}\d{1,3}\b", text)


@pytest.mark.corpus
def test_eu_structure(extracted):
    document = extracted(EU)
    assert document.pages == 66
    assert document.toc_pages == [2]
    assert document.title == "Coordinated Plan on Artificial Intelligence 2021 Review"
    romans = [(b.marker, b.level) for b in document.blocks
              if b.marker in ("I.", "II.", "III.", "IV.") and b.page < 59]
    assert romans == [("I.", 2), ("II.", 2), ("III.", 2), ("IV.", 2)]
    chapters = [b.marker for b in document.blocks if b.kind == "heading" and b.level == 3]
    # Chapters 1 to 17, then the three sections of Appendix 2.
    assert chapters == [f"{n}." for n in range(1, 18)] + ["1.", "2.", "3."]


PAGES = {
    "cn-ai-plus-action-opinions-2025/zh.pdf": 3,
    "cn-new-generation-ai-plan-2017/en-most-newsletter-summary.pdf": 18,
    "eu-coordinated-plan-ai-2021/en.pdf": 66,
    "uk-ai-opportunities-action-plan-2025/en-government-response-cp1242.pdf": 22,
    "us-ai-action-plan-2025/en.pdf": 28,
}


@pytest.mark.corpus
def test_every_corpus_pdf_extracts(extracted, corpus_dir):
    names = sorted(str(p.relative_to(corpus_dir)) for p in corpus_dir.glob("*/*.pdf"))
    assert names == sorted(PAGES)
    for name in names:
        document = extracted(name)
        assert document.pages == PAGES[name]
        assert all(b.text and b.text == b.text.strip() for b in document.blocks)
        assert all(b.page is not None and 1 <= b.page <= document.pages for b in document.blocks)
        for block in document.blocks:
            x0, top, x1, bottom = block.bbox
            assert x0 <= x1 and top <= bottom


# --- bad inputs ----------------------------------------------------------------


def _pdf(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A PDF whose object n (from 1) is objects[n - 1]; object 1 is the catalog."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, trailer_extra, xref)
    return bytes(out)


def _one_page(content: bytes, *extra: bytes) -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *extra,
    ]


def text_pdf(*lines: str) -> bytes:
    content = b"BT /F1 12 Tf 72 720 Td 14 TL\n"
    content += b"".join(b"(" + line.encode("latin-1") + b") Tj T*\n" for line in lines)
    return _pdf(_one_page(content + b"ET"))


def two_column_pdf(left: list[str], right: list[str]) -> bytes:
    """Two columns of text whose lines are drawn row by row, across the gutter.

    The content stream interleaves the columns, as many layout programs write
    them: only the geometry tells the reading order.
    """
    content = b""
    for i, (a, b) in enumerate(zip(left, right, strict=True)):
        y = 700 - 14 * i
        for x, text in ((72, a), (320, b)):
            content += b"BT /F1 10 Tf 1 0 0 1 %d %d Tm (%s) Tj ET\n" % (x, y, text.encode())
    return _pdf(_one_page(content))


def scanned_pdf() -> bytes:
    """Only a drawing on the page, as a scan without OCR looks to a text reader."""
    return _pdf(_one_page(b"0.5 g 72 72 468 648 re f"))


def encrypted_pdf() -> bytes:
    """A user password is required (standard security handler, 40-bit RC4)."""
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /P -44 /O <%s> /U <%s> >>" % (
        b"11" * 32, b"22" * 32)
    objects = _one_page(b"BT /F1 12 Tf 72 720 Td (secret) Tj ET", encrypt)
    file_id = b"<" + b"ab" * 16 + b">"
    return _pdf(objects, b"/Encrypt 6 0 R /ID [%s %s] " % (file_id, file_id))


ENGINES = ["pdfium", "pdfplumber"]


@pytest.mark.parametrize("engine", ENGINES)
def test_small_text_pdf(engine):
    document = PdfExtractor(engine).extract(text_pdf("Plans promote open models.", "1. First item"))
    assert [(b.kind, b.marker, b.text, b.page) for b in document.blocks] == [
        ("paragraph", "", "Plans promote open models.", 1),
        ("list_item", "1.", "First item", 1),
    ]
    assert (document.pages, document.lang, document.toc_pages) == (1, "en", [])


@pytest.mark.parametrize("engine", ENGINES)
def test_two_column_page_is_read_column_by_column(engine):
    left = ["The left column opens the text", "and runs down the page until", "its last line, where"]
    right = ["the right column takes over", "and carries the sentence on", "to the end. A new one starts."]
    document = PdfExtractor(engine).extract(two_column_pdf(left, right))
    # One paragraph: the sentence runs on from the foot of one column to the next.
    assert [b.text for b in document.blocks] == [" ".join(left + right)]


@pytest.mark.parametrize("engine", ENGINES)
def test_encrypted_pdf(engine):
    with pytest.raises(EncryptedPdf, match="protected by a password.*Remove the password"):
        PdfExtractor(engine).extract(encrypted_pdf())


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_without_text_layer(engine):
    with pytest.raises(NoTextLayer, match="no text layer.*OCR"):
        PdfExtractor(engine).extract(scanned_pdf())


@pytest.mark.parametrize("engine", ENGINES)
def test_truncated_pdf(engine):
    data = text_pdf("Some text that will be cut off.")
    with pytest.raises(CorruptFile, match="damaged or incomplete.*again"):
        PdfExtractor(engine).extract(data[: len(data) // 2])


@pytest.mark.corpus
@pytest.mark.parametrize("engine", ENGINES)
def test_truncated_corpus_pdf(engine, corpus_dir):
    data = (corpus_dir / US).read_bytes()
    with pytest.raises(CorruptFile):
        PdfExtractor(engine).extract(data[: len(data) * 2 // 3])


@pytest.mark.parametrize("engine", ENGINES)
def test_garbage_after_pdf_header(engine):
    data = b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
    with pytest.raises(CorruptFile, match="damaged"):
        PdfExtractor(engine).extract(data)


@pytest.mark.parametrize("engine", ENGINES)
def test_not_a_pdf(engine):
    """An HTML page renamed .pdf is refused before any PDF library reads it."""
    with pytest.raises(UnsupportedFormat, match="not a PDF.*Upload"):
        PdfExtractor(engine).extract(b"<!doctype html><html><body>Plan</body></html>")


@pytest.mark.parametrize("data", [b"", b"  \n"])
def test_empty_file(data):
    with pytest.raises(EmptyFile, match="empty"):
        PdfExtractor().extract(data)


def test_progress_reports_every_page():
    calls: list[tuple[int, int]] = []
    PdfExtractor().extract(text_pdf("One page."), progress=lambda *args: calls.append(args))
    assert calls == [(1, 1)]


# --- UK Government Response (tables) ------------------------------------------

UK = "uk-ai-opportunities-action-plan-2025/en-government-response-cp1242.pdf"


@pytest.mark.corpus
def test_uk_response_tables_are_read_row_by_row(extracted):
    """Recommendation, response and timeline of one row follow each other as cells."""
    blocks = extracted(UK).blocks
    (i,) = [i for i, b in enumerate(blocks) if b.text.startswith("Recommendation 1 Set out")]
    assert [(b.kind, b.text[:40]) for b in blocks[i:i + 4]] == [
        ("table_cell", "Recommendation 1 Set out, within six mon"),
        ("table_cell", "Agree. DSIT will publish a long-term com"),
        ("table_cell", "Spring 2025"),
        ("table_cell", "Recommendation 2 Expand the capacity of "),
    ]
    numbers = [int(m.group(1)) for b in blocks
               if (m := re.match(r"Recommendation (\d+)\b", b.text))]
    assert numbers == list(range(1, 51))
    cells = {int(m.group(1)) for b in blocks
             if b.kind == "table_cell" and (m := re.match(r"Recommendation (\d+)\b", b.text))}
    # Every row, Recommendation 32's too (its columns are only 7 pt apart on some lines).
    assert cells == set(range(1, 51))


@pytest.mark.corpus
def test_uk_response_headings_between_tables_head_them(extracted):
    """"Advancing AI" (p. 21) sits over the table's first column, between two tables: a
    heading before Recommendation 50, not a cell of the table above it."""
    blocks = extracted(UK).blocks
    (i,) = [i for i, b in enumerate(blocks) if b.text == "Advancing AI"]
    assert (blocks[i].kind, blocks[i].page) == ("heading", 21)
    assert blocks[i + 1].text.startswith("Recommendation 50 Create a new unit")


@pytest.mark.corpus
def test_uk_response_recommendation_50_keeps_its_bullets_in_its_cell(extracted):
    """The response to Recommendation 50 (p. 21) is a lead-in and four bullets, three of
    them below the row's other cells: one cell, followed by the row's timeline."""
    blocks = extracted(UK).blocks
    (i,) = [i for i, b in enumerate(blocks) if b.text.startswith("Recommendation 50 Create")]
    response, timeline = blocks[i + 1], blocks[i + 2]
    assert (response.kind, response.page) == ("table_cell", 21)
    assert response.text.startswith("Agree. The government will create a new function")
    assert [part.split(" ", 1)[0] for part in response.text.split("• ")[1:]] == [
        "Leveraging", "Exploring", "Supporting", "Helping"]
    assert response.text.endswith("the UK’s national security community.")
    assert (timeline.kind, timeline.text) == ("table_cell", "Further details to be shared by Spring 2025")
