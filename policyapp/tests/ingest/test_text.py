"""Plain text and Markdown extraction, and the numbering markers shared by extractors."""

from __future__ import annotations

import pytest

from policyapp.ingest.errors import EmptyFile, UnsupportedFormat
from policyapp.ingest.markers import marker_family, marker_number, split_marker
from policyapp.ingest.text import TextExtractor


def blocks(source: str, *, markdown: bool = True) -> list[tuple[str, int, str, str]]:
    document = TextExtractor(markdown=markdown).extract(source.encode())
    return [(b.kind, b.level, b.marker, b.text) for b in document.blocks]


@pytest.mark.parametrize(
    ("text", "marker", "family", "number", "rest"),
    [
        ("一、总体要求", "一、", "cn-dun", "一", "总体要求"),
        ("（十一）促进开源生态繁荣。", "（十一）", "cn-paren", "（十一）", "促进开源生态繁荣。"),
        ("1.加速科学发现进程。", "1.", "digit", "1", "加速科学发现进程。"),
        ("2．推进工业", "2．", "digit", "2", "推进工业"),
        ("Pillar II: Build It", "Pillar II:", "word", "II", "Build It"),
        ("Sec. 4. Developing a Plan.", "Sec. 4.", "word", "Sec. 4", "Developing a Plan."),
        ("1.1 Building infrastructure", "1.1", "dotted", "1.1", "Building infrastructure"),
        ("29. Support the ecosystem", "29.", "digit", "29", "Support the ecosystem"),
        ("(a) Within 180 days", "(a)", "paren-alpha", "(a)", "Within 180 days"),
        ("(ii) the functions", "(ii)", "paren-roman", "(ii)", "the functions"),
        ("II. Build", "II.", "roman", "II", "Build"),
        ("• Create new standards", "•", "bullet", "", "Create new standards"),
    ],
)  # fmt: skip
def test_split_marker(text: str, marker: str, family: str, number: str, rest: str) -> None:
    """Markers are split off as printed, with their family and the number a label cites."""
    found, body = split_marker(text)
    assert found is not None
    assert (found.text, found.family, found.number, body) == (marker, family, number, rest)
    assert marker_family(marker) == family
    assert marker_number(marker) == number


@pytest.mark.parametrize(
    "text",
    [
        "2025年8月21日",
        "Section 1 and Section 2 of this plan",
        "The U.S. plan",
        "A paragraph",
        "1.5m of funding",
        "6大重点领域",
    ],
)
def test_no_marker(text: str) -> None:
    """Numbers that are not numbering stay in the text."""
    assert split_marker(text) == (None, text)


def test_decimal_at_paragraph_start_is_not_numbering() -> None:
    """ "2.5 million…" reads like the dotted number of a heading, but is a sentence."""
    text = "2.5 million people work in the sector, more than ever before."
    assert blocks(text) == [("paragraph", 0, "", text)]


def test_front_matter_is_skipped_and_gives_the_title() -> None:
    """YAML front matter is metadata, not text; its title is the document's title."""
    source = (
        '---\ntitle: "Removing Barriers"\ntags:\n  - a\n---\n\nBy the authority vested in me.\n'
    )
    document = TextExtractor(markdown=True).extract(source.encode())
    assert document.title == "Removing Barriers"
    assert [b.text for b in document.blocks] == ["By the authority vested in me."]


def test_markdown_headings_lists_and_paragraphs() -> None:
    """ATX headings keep their level and numbering; wrapped lines join; lists nest."""
    source = (
        "# Plan\n\n## 2. Build Infrastructure\n\nFirst line\nwrapped here.\n\n"
        "- bullet one\n  continued\n  - nested\n- bullet two\n\n"
        "1. numbered\n2) second\n"
    )
    assert blocks(source) == [
        ("heading", 1, "", "Plan"),
        ("heading", 2, "2.", "Build Infrastructure"),
        ("paragraph", 0, "", "First line wrapped here."),
        ("list_item", 1, "•", "bullet one continued"),
        ("list_item", 2, "•", "nested"),
        ("list_item", 1, "•", "bullet two"),
        ("list_item", 1, "1.", "numbered"),
        ("list_item", 1, "2)", "second"),
    ]


def test_chinese_markdown_structure() -> None:
    """Bold and numbered lines become headings, one level per numbering style; CJK lines
    join without spaces; run-in items keep their marker."""
    source = (
        "# 意见\n\n**一、总体要求**\n\n以习近平新时代\n中国特色社会主义思想为指导。\n\n"
        "（一）“人工智能+”科学技术\n\n1.加速科学发现进程。加快探索。\n\n"
        "**三、强化基础支撑能力**\n\n（七）提升模型基础能力。加强研究。\n"
    )
    assert blocks(source) == [
        ("heading", 1, "", "意见"),
        ("heading", 2, "一、", "总体要求"),
        ("paragraph", 0, "", "以习近平新时代中国特色社会主义思想为指导。"),
        ("heading", 3, "（一）", "“人工智能+”科学技术"),
        ("list_item", 1, "1.", "加速科学发现进程。加快探索。"),
        ("heading", 2, "三、", "强化基础支撑能力"),
        ("list_item", 1, "（七）", "提升模型基础能力。加强研究。"),
    ]


def test_inline_markup_and_html_are_dropped() -> None:
    """Emphasis, links, footnote references and inline HTML leave their text only."""
    source = (
        '<span style="text-decoration: underline">Sec. 2. Policy.</span> It is **the** '
        "[policy](https://example.org) of the *United States*.[^1]\n\n[^1]: A note.\n"
    )
    assert blocks(source) == [
        ("list_item", 1, "Sec. 2.", "Policy. It is the policy of the United States."),
        ("footnote", 0, "1", "A note."),
    ]


def test_hard_line_break_ends_a_paragraph() -> None:
    """Two trailing spaces end a paragraph in the White House archive's Markdown."""
    assert [b[3] for b in blocks("One sentence.  \nAnother paragraph.\n")] == [
        "One sentence.",
        "Another paragraph.",
    ]


def test_tables_become_cells() -> None:
    source = "| Action | Lead |\n|---|---|\n| Build | DOE |\n"
    assert blocks(source) == [
        ("table_cell", 0, "", "Action"),
        ("table_cell", 0, "", "Lead"),
        ("table_cell", 0, "", "Build"),
        ("table_cell", 0, "", "DOE"),
    ]


def test_plain_text_keeps_markdown_syntax_as_text() -> None:
    """In a .txt file a '#' is a character, not a heading."""
    assert blocks("# not a heading\n", markdown=False) == [("paragraph", 0, "", "# not a heading")]


def test_page_chrome_of_captured_pages_is_dropped() -> None:
    assert blocks("正文。\n\n【返回顶部】 【关闭窗口】 【打印本页】\n") == [
        ("paragraph", 0, "", "正文。")
    ]


def test_no_text_is_an_empty_file() -> None:
    with pytest.raises(EmptyFile, match="contains no text"):
        TextExtractor(markdown=True).extract(b"---\ntitle: x\n---\n\n")


def test_text_that_is_not_utf8_is_refused() -> None:
    with pytest.raises(UnsupportedFormat, match="not UTF-8"):
        TextExtractor(markdown=False).extract("café".encode("latin-1"))


def test_folded_front_matter_title() -> None:
    """The archive folds long quoted titles with YAML escapes."""
    source = (
        '---\ntitle: "Executive Order on the Safe Use of\\\n  \\ Artificial\\_Intelligence"\n'
        "tags: x\n---\nText.\n"
    )
    document = TextExtractor(markdown=True).extract(source.encode())
    assert document.title == "Executive Order on the Safe Use of Artificial Intelligence"


def test_hard_break_mid_sentence_does_not_split_it() -> None:
    source = (
        "(a)  To ensure the protection of critical  \ninfrastructure, actions shall be taken:\n"
    )
    assert blocks(source) == [
        (
            "list_item",
            1,
            "(a)",
            "To ensure the protection of critical infrastructure, actions shall be taken:",
        )
    ]


def test_dotted_number_before_a_capital_numbers_a_subsection() -> None:
    source = "4.3.  Managing AI in Critical Infrastructure. (a) To ensure protection.\n"
    assert blocks(source) == [
        (
            "list_item",
            1,
            "4.3.",
            "Managing AI in Critical Infrastructure. (a) To ensure protection.",
        )
    ]


def test_pdf_text_dump_loses_running_heads_and_page_numbers() -> None:
    """pdftotext output: a repeated first line and a last-line number on each page go;
    a sentence cut by the page break is joined, a finished one is not."""
    pages = [
        "PLAN\n\nIntroduction\nWe will win\n\n1\n",
        "PLAN\nthe race.\n\n2\n",
        "PLAN\nPillar I: Innovate\n\nii\n",
    ]
    assert blocks("\f".join(pages), markdown=False) == [
        ("paragraph", 0, "", "Introduction We will win the race."),
        ("heading", 1, "Pillar I:", "Innovate"),
    ]
