"""Segmentation: sentences, the section tree, labels, offsets (examples and properties)."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from policyapp.ingest.base import Block, ExtractedDocument
from policyapp.ingest.markers import split_marker
from policyapp.segment import Segmentation, segment, sentence_spans


def sentences(text: str, lang: str = "en") -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text, lang)]


def doc(*blocks: Block, lang: str = "en", title: str = "Plan") -> ExtractedDocument:
    return ExtractedDocument(title=title, lang=lang, pages=1, blocks=list(blocks))


def rows(result: Segmentation) -> list[tuple[str, int, str, str]]:
    return [(c.label, c.sentence, c.kind, c.text) for c in result.clauses]


# --- Sentences -------------------------------------------------------------------------------


def test_english_abbreviations_do_not_end_sentences() -> None:
    text = (
        "The U.S. leads in AI, e.g. in chips, i.e. compute. See Executive Order No. 3 "
        "by Dr. Smith and J. D. Vance. Growth was 2.5 percent. Sec. 4 applies. It ends here."
    )
    assert sentences(text) == [
        "The U.S. leads in AI, e.g. in chips, i.e. compute.",
        "See Executive Order No. 3 by Dr. Smith and J. D. Vance.",
        "Growth was 2.5 percent.",
        "Sec. 4 applies.",
        "It ends here.",
    ]


def test_spaced_legal_forms_and_saints_do_not_end_sentences() -> None:
    """German registered associations ("e. V.") and place names ("St. Augustin")."""
    text = (
        "The Fraunhofer-Gesellschaft e. V. will lead the network in St. Augustin. "
        "It starts in 2026. Choose option a. The other is worse."
    )
    assert sentences(text) == [
        "The Fraunhofer-Gesellschaft e. V. will lead the network in St. Augustin.",
        "It starts in 2026.",
        "Choose option a.",
        "The other is worse.",
    ]


def test_a_block_cut_after_a_title_at_a_page_break_continues() -> None:
    """"St." at the foot of a page ends no sentence; "Inc." may, and is left alone."""
    result = segment(
        doc(
            Block("The new office opens in St.", "paragraph", page=3, bbox=(72, 700, 300, 712)),
            Block("Augustin in 2026.", "paragraph", page=4, bbox=(72, 60, 300, 72)),
            Block("It was funded by Acme Inc.", "paragraph", page=4, bbox=(72, 700, 300, 712)),
            Block("The work starts in 2027.", "paragraph", page=5, bbox=(72, 60, 300, 72)),
        )
    )
    assert rows(result) == [
        ("¶1", 1, "sentence", "The new office opens in St. Augustin in 2026."),
        ("¶2", 1, "sentence", "It was funded by Acme Inc."),
        ("¶3", 1, "sentence", "The work starts in 2027."),
    ]
    assert [c.page for c in result.clauses] == [3, 4, 5]


def test_english_quotes_and_brackets_stay_with_their_sentence() -> None:
    text = "Simply put, we need to “Build, Baby, Build!” We must act (now.) Then we win? Yes."
    assert sentences(text) == [
        "Simply put, we need to “Build, Baby, Build!”",
        "We must act (now.)",
        "Then we win?",
        "Yes.",
    ]


def test_lowercase_after_a_period_is_the_same_sentence() -> None:
    assert sentences("Models (approx. ten) are open. vs. closed ones.") == [
        "Models (approx. ten) are open. vs. closed ones."
    ]


def test_chinese_sentences_keep_closing_quotes() -> None:
    text = "加快探索，加速“从0到1”重大科学发现进程。他说：“要开源！”对吗？是的"
    assert sentences(text, "zh") == [
        "加快探索，加速“从0到1”重大科学发现进程。",
        "他说：“要开源！”",
        "对吗？",
        "是的",
    ]


def test_chinese_inline_enumeration_splits_at_markers() -> None:
    text = "主要任务：（一）建设平台；（二）培育生态。"
    assert sentences(text, "zh") == ["主要任务：", "（一）建设平台；", "（二）培育生态。"]


def test_long_sentence_splits_at_semicolons_between_undertakings() -> None:
    first = "Build secure data centers for the intelligence community with new technical standards"
    second = (
        "expand the national grid with new generation, storage and transmission in every region"
    )
    third = "and train the electricians and technicians that this infrastructure will need now."
    text = f"{first}; {second}; {third}"
    assert len(text) > 250
    assert sentences(text) == [f"{first};", f"{second};", third]


def test_short_sentence_keeps_its_semicolon() -> None:
    text = "Basic science is labor-intensive; the AI era will require more research."
    assert sentences(text) == [text]


# --- Tree and labels -------------------------------------------------------------------------

US = doc(
    Block("America’s AI Action Plan", "heading", level=1, page=1),
    Block("Accelerate AI Innovation", "heading", level=1, page=6, marker="Pillar I:"),
    Block("America must lead. Private innovation drives it.", "paragraph", page=6),
    Block("Encourage Open-Source and Open-Weight AI", "heading", level=2, page=7),
    Block("Open models matter.", "paragraph", page=7),
    Block("Recommended Policy Actions", "heading", level=3, page=7),
    Block("Ensure access to compute. It is costly.", "list_item", level=1, page=7, marker="•"),
    Block("Partner with companies.", "list_item", level=1, page=8, marker="•"),
    Block("See the NIST framework.", "footnote", page=7, marker="6"),
    Block("Enable AI Adoption", "heading", level=2, page=8),
    Block("Recommended Policy Actions", "heading", level=3, page=8),
    Block("Establish regulatory sandboxes.", "list_item", level=1, page=8, marker="•"),
    Block("Build American AI Infrastructure", "heading", level=1, page=14, marker="Pillar II:"),
    Block("Develop a Grid", "heading", level=2, page=15),
    Block("Recommended Policy Actions", "heading", level=3, page=15),
    Block("Stabilize the grid.", "list_item", level=1, page=15, marker="•"),
    title="America’s AI Action Plan",
)


OPEN = "I › Encourage Open-Source and Open-Weight AI"
ADOPT = "I › Enable AI Adoption"
GRID = "II › Develop a Grid"
RPA = "Recommended Policy Actions"


def test_us_plan_tree() -> None:
    """Pillars number their sections; recurring headings are sections of their own."""
    result = segment(US)
    tree = [(s.parent, s.ordinal, s.number, s.level, s.page, s.label) for s in result.sections]
    assert tree == [
        (None, 1, "I", 1, 6, "I"),
        (0, 1, "", 2, 7, OPEN),
        (1, 1, "", 3, 7, f"{OPEN} › {RPA}"),
        (0, 2, "", 2, 8, ADOPT),
        (3, 1, "", 3, 8, f"{ADOPT} › {RPA}"),
        (None, 2, "II", 1, 14, "II"),
        (5, 1, "", 2, 15, GRID),
        (6, 1, "", 3, 15, f"{GRID} › {RPA}"),
    ]
    assert [s.heading for s in result.sections[:3]] == [
        "Accelerate AI Innovation",
        "Encourage Open-Source and Open-Weight AI",
        RPA,
    ]


def test_us_plan_clauses() -> None:
    """The title is a heading clause outside any section; footnotes are not clauses;
    actions are cited under their policy section, not under the recurring heading."""
    result = segment(US)
    assert rows(result) == [
        ("America’s AI Action Plan", 1, "heading", "America’s AI Action Plan"),
        ("I", 1, "heading", "Accelerate AI Innovation"),
        ("I › ¶1", 1, "sentence", "America must lead."),
        ("I › ¶1", 2, "sentence", "Private innovation drives it."),
        (OPEN, 1, "heading", "Encourage Open-Source and Open-Weight AI"),
        (f"{OPEN} › ¶1", 1, "sentence", "Open models matter."),
        (f"{OPEN} › {RPA}", 1, "heading", RPA),
        (f"{OPEN} › •1", 1, "list_item", "Ensure access to compute."),
        (f"{OPEN} › •1", 2, "list_item", "It is costly."),
        (f"{OPEN} › •2", 1, "list_item", "Partner with companies."),
        (ADOPT, 1, "heading", "Enable AI Adoption"),
        (f"{ADOPT} › {RPA}", 1, "heading", RPA),
        (f"{ADOPT} › •1", 1, "list_item", "Establish regulatory sandboxes."),
        ("II", 1, "heading", "Build American AI Infrastructure"),
        (GRID, 1, "heading", "Develop a Grid"),
        (f"{GRID} › {RPA}", 1, "heading", RPA),
        (f"{GRID} › •1", 1, "list_item", "Stabilize the grid."),
    ]
    assert "NIST" not in result.text
    assert [result.clauses[7].page, result.clauses[9].page] == [7, 8]
    assert result.clauses[7].section == 2


def test_offsets_and_text() -> None:
    """Block lines are joined by newlines; markers stay in the text, outside the clause."""
    result = segment(US)
    lines = result.text.split("\n")
    assert lines[1] == "Pillar I: Accelerate AI Innovation"
    assert lines[6] == "• Ensure access to compute. It is costly."
    clause = result.clauses[7]
    assert result.text[clause.start : clause.end] == clause.text == "Ensure access to compute."


ZH = doc(
    Block("国务院关于深入实施“人工智能+”行动的意见", "heading", level=1),
    Block("国发〔2025〕11号", "paragraph"),
    Block("加快实施重点行动", "heading", level=2, marker="二、"),
    Block("“人工智能+”科学技术", "heading", level=3, marker="（一）"),
    Block("加速科学发现进程。加快探索新型科研范式。", "list_item", level=1, marker="1."),
    Block("驱动技术研发模式创新。", "list_item", level=1, marker="2."),
    Block("强化基础支撑能力", "heading", level=2, marker="三、"),
    Block("（十一）促进开源生态繁荣。支持开源社区建设。鼓励高校。", "paragraph"),
    Block("（十二）加强人才队伍建设。推进通识教育。", "list_item", level=1, marker=""),
    Block("组织实施", "heading", level=2, marker="四、"),
    lang="zh",
    title="国务院关于深入实施“人工智能+”行动的意见",
)


def test_chinese_plan_run_in_items_become_sections() -> None:
    """（十一） starts a paragraph with its heading as first sentence: it is a section like
    （一）, and its other sentences are its first paragraph."""
    result = segment(ZH)
    assert [(s.label, s.heading, s.level, s.parent) for s in result.sections] == [
        ("二", "加快实施重点行动", 1, None),
        ("二 › （一）", "“人工智能+”科学技术", 2, 0),
        ("三", "强化基础支撑能力", 1, None),
        ("三 › （十一）", "促进开源生态繁荣", 2, 2),
        ("三 › （十二）", "加强人才队伍建设", 2, 2),
        ("四", "组织实施", 1, None),
    ]
    assert rows(result)[1:] == [
        ("¶1", 1, "sentence", "国发〔2025〕11号"),
        ("二", 1, "heading", "加快实施重点行动"),
        ("二 › （一）", 1, "heading", "“人工智能+”科学技术"),
        ("二 › （一） › 1", 1, "list_item", "加速科学发现进程。"),
        ("二 › （一） › 1", 2, "list_item", "加快探索新型科研范式。"),
        ("二 › （一） › 2", 1, "list_item", "驱动技术研发模式创新。"),
        ("三", 1, "heading", "强化基础支撑能力"),
        ("三 › （十一）", 1, "heading", "促进开源生态繁荣。"),
        ("三 › （十一） › ¶1", 1, "sentence", "支持开源社区建设。"),
        ("三 › （十一） › ¶1", 2, "sentence", "鼓励高校。"),
        ("三 › （十二）", 1, "heading", "加强人才队伍建设。"),
        ("三 › （十二） › ¶1", 1, "sentence", "推进通识教育。"),
        ("四", 1, "heading", "组织实施"),
    ]
    assert result.text.split("\n")[4] == "1.加速科学发现进程。加快探索新型科研范式。"


def test_sub_lists_nest_under_their_item() -> None:
    """Flat text has no nesting: a new numbering after an item ending in a colon is its
    sub-list, and the first numbering resumes the outer list."""
    result = segment(
        doc(
            Block("General Provisions", "heading", level=1, marker="Sec. 6."),
            Block("Nothing shall impair:", "list_item", level=1, marker="(a)"),
            Block("the authority of an agency; or", "list_item", level=1, marker="(i)"),
            Block("the functions of the Director.", "list_item", level=1, marker="(ii)"),
            Block("This order applies.", "list_item", level=1, marker="(b)"),
            Block("Bullets follow:", "list_item", level=1, marker="29."),
            Block("First bullet.", "list_item", level=1, marker="•"),
            Block("Nested by the extractor.", "list_item", level=2, marker="•"),
        )
    )
    assert [c.label for c in result.clauses] == [
        "Sec. 6",
        "Sec. 6 › (a)",
        "Sec. 6 › (a) › (i)",
        "Sec. 6 › (a) › (ii)",
        "Sec. 6 › (b)",
        "Sec. 6 › 29",
        "Sec. 6 › 29 › •1",
        "Sec. 6 › 29 › •1 › •1",
    ]


def test_repeated_numbers_get_unique_labels() -> None:
    result = segment(
        doc(Block("One.", "list_item", marker="1."), Block("Again one.", "list_item", marker="1."))
    )
    assert [c.label for c in result.clauses] == ["1", "1 (2)"]


def test_page_break_continues_a_block() -> None:
    """A PDF block cut by a page break (footnotes between) is joined to its start."""
    cut = "Expedite permitting under the Clean Air Act, the"
    result = segment(
        doc(
            Block(cut, "list_item", marker="•", page=17, bbox=(72, 700, 540, 712)),
            Block("See 42 U.S.C. 7401.", "footnote", page=17, bbox=(72, 740, 300, 750)),
            Block("Comprehensive Response Act.", "paragraph", page=18, bbox=(72, 60, 300, 72)),
            Block("Build data centers.", "paragraph", page=18, bbox=(72, 90, 300, 102)),
        )
    )
    assert rows(result) == [
        ("•1", 1, "list_item", f"{cut} Comprehensive Response Act."),
        ("¶1", 1, "sentence", "Build data centers."),
    ]
    assert result.clauses[0].page == 17
    assert result.clauses[0].bbox == (72, 700, 540, 712)


def test_first_line_indent_continues_a_block() -> None:
    """A Chinese item whose first line is indented is one block, however the layout read it;
    a short centred line after a full stop is not a continuation."""
    result = segment(
        doc(
            Block("推进工业全要素智能化发展。着力", "list_item", marker="2.", page=1,
                  bbox=(67, 668, 544, 677)),
            Block("提升全员人工智能素养与技能。", "paragraph", page=1, bbox=(50, 684, 539, 694)),
            Block("国发〔2025〕11号", "paragraph", page=1, bbox=(265, 710, 332, 719)),
            Block("各省、自治区人民政府", "paragraph", page=1, bbox=(50, 730, 286, 739)),
            lang="zh",
        )
    )  # fmt: skip
    assert rows(result) == [
        ("2", 1, "list_item", "推进工业全要素智能化发展。"),
        ("2", 2, "list_item", "着力提升全员人工智能素养与技能。"),
        ("¶1", 1, "sentence", "国发〔2025〕11号"),
        ("¶2", 1, "sentence", "各省、自治区人民政府"),
    ]
    assert result.clauses[0].bbox == (50, 668, 544, 694)
    assert result.text.split("\n") == [
        "2.推进工业全要素智能化发展。着力提升全员人工智能素养与技能。",
        "国发〔2025〕11号",
        "各省、自治区人民政府",
    ]


def test_table_cells_are_clauses_of_their_own_kind() -> None:
    result = segment(doc(Block("Lead agency: DOE.", "table_cell")))
    assert rows(result) == [("¶1", 1, "table_cell", "Lead agency: DOE.")]


# --- Properties ------------------------------------------------------------------------------

WORDS = [
    "The", "policy", "U.S.", "e.g.", "i.e.", "No.", "3", "Dr.", "J.", "2.5", "end.", "Why?",
    "“Build!”", "(a)", "etc.", "open-source;", "AI", "人工智能", "开源。", "推动", "；", "（一）",
    "1.", "！", "“开放”。", "data,", "x" * 40 + ";", "Sec.", "—", " ", "¶",
]  # fmt: skip
MARKERS = ["", "", "", "1.", "•", "（三）", "一、", "Pillar II:", "(a)", "II.", "2．"]

texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=30).map(
    lambda words: " ".join(words) if words[0].isascii() else "".join(words)
).filter(lambda text: text.strip())  # fmt: skip
blocks = st.builds(
    Block,
    text=texts,
    kind=st.sampled_from(["heading", "paragraph", "list_item", "table_cell", "footnote"]),
    level=st.integers(0, 4),
    page=st.one_of(st.none(), st.integers(1, 3)),
    marker=st.sampled_from(MARKERS),
)
documents = st.builds(
    ExtractedDocument,
    title=st.sampled_from(["", "Plan", "The policy"]),
    lang=st.sampled_from(["en", "zh"]),
    pages=st.just(3),
    blocks=st.lists(blocks, max_size=25),
)


@settings(max_examples=300, deadline=None)
@given(documents)
def test_offsets_are_exact(document: ExtractedDocument) -> None:
    result = segment(document)
    for clause in result.clauses:
        assert 0 <= clause.start < clause.end <= len(result.text)
        assert result.text[clause.start : clause.end] == clause.text
        assert clause.text == clause.text.strip()


@settings(max_examples=300, deadline=None)
@given(documents)
def test_clauses_cover_the_body_text_once(document: ExtractedDocument) -> None:
    """In order and without overlap, the clauses hold every character of the body text
    except whitespace and the numbering at the start of a line; footnotes are left out."""
    result = segment(document)
    ends = [0] + [c.end for c in result.clauses]
    starts = [c.start for c in result.clauses] + [len(result.text)]
    assert all(a <= b for a, b in zip(ends, starts, strict=True))
    covered = [False] * len(result.text)
    for clause in result.clauses:
        covered[clause.start : clause.end] = [True] * (clause.end - clause.start)
    offset = 0
    for line in result.text.split("\n"):
        index = 0
        while index < len(line):
            if covered[offset + index] or line[index].isspace():
                index += 1
                continue
            # What no clause holds is numbering: a marker up to the next clause.
            end = index
            while end < len(line) and not covered[offset + end]:
                end += 1
            run = line[index:end].strip()
            found, _ = split_marker(line[index:])
            assert run in MARKERS or (found is not None and found.text.strip() == run)
            index = end
        offset += len(line) + 1
    flat = "".join(result.text.split())
    for block in document.blocks:
        if block.kind != "footnote" and block.text.strip():
            assert "".join(block.text.split()) in flat


@settings(max_examples=300, deadline=None)
@given(documents)
def test_labels_are_unique_within_a_version(document: ExtractedDocument) -> None:
    """(label, sentence) names one clause; the sentences of a label are consecutive and
    count up from 1; section labels are unique and sections point backwards."""
    result = segment(document)
    keys = [(c.label, c.sentence) for c in result.clauses]
    assert len(keys) == len(set(keys))
    previous = None
    for clause in result.clauses:
        if clause.label == previous:
            assert clause.sentence > 1
        else:
            assert clause.sentence == 1
        previous = clause.label
    assert len({s.label for s in result.sections}) == len(result.sections)
    for index, section in enumerate(result.sections):
        assert section.parent is None or section.parent < index
        assert section.level == (
            1 if section.parent is None else result.sections[section.parent].level + 1
        )
    assert all(c.section is None or 0 <= c.section < len(result.sections) for c in result.clauses)
    assert [c.ordinal for c in result.clauses] == list(range(1, len(result.clauses) + 1))


def test_property_alphabet_is_printable() -> None:
    """The generated words carry no newlines: one block is one line of the text."""
    assert all(
        "\n" not in word and set(word) - set(string.whitespace) for word in WORDS if word != " "
    )


def test_executive_order_sections_from_run_in_headings() -> None:
    """ "Sec. 6. Supporting Workers.(a) To…" opens section "Sec. 6" with item (a); a dotted
    subsection nests under it."""
    result = segment(
        doc(
            Block("Supporting Workers.(a)  To advance understanding, act.", "list_item",
                  marker="Sec. 6."),
            Block("Managing AI. (a) Within 90 days, evaluate risks.", "list_item", marker="6.1."),
            Block("Then report.", "list_item", marker="(b)"),
        )
    )  # fmt: skip
    assert [(s.label, s.heading) for s in result.sections] == [
        ("Sec. 6", "Supporting Workers"),
        ("Sec. 6 › 6.1", "Managing AI"),
    ]
    assert rows(result) == [
        ("Sec. 6", 1, "heading", "Supporting Workers."),
        ("Sec. 6 › (a)", 1, "list_item", "To advance understanding, act."),
        ("Sec. 6 › 6.1", 1, "heading", "Managing AI."),
        ("Sec. 6 › 6.1 › (a)", 1, "list_item", "Within 90 days, evaluate risks."),
        ("Sec. 6 › 6.1 › (b)", 1, "list_item", "Then report."),
    ]
