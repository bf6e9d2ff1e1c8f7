"""Page furniture and web-page chrome never become clauses."""

import pytest

from policyapp.ingest import extract_file
from policyapp.ingest.boilerplate import is_boilerplate
from policyapp.segment import segment
from policyapp.tests.ingest.printed import new_pdf, output, runs


@pytest.mark.parametrize(
    "text",
    [
        "This page intentionally left blank.",
        "THIS PAGE IS INTENTIONALLY LEFT BLANK",
        "[打印] 仅打印内容",
        "【打印本页】【关闭窗口】",
        "发布时间：2025-08-27 来源：中国政府网 字号：[大] [中] [小]",
        "ISBN 978-1-5286-5363-3",
        "PDF ISBN 978-92-76-12345-6 ISSN 1831-9424",
        "doi:10.2759/123456",
    ],
)
def test_furniture_is_recognised(text):
    assert is_boilerplate(text)


@pytest.mark.parametrize(
    "text",
    [
        "Agencies shall not leave this page of the plan blank.",
        "国务院关于深入实施“人工智能+”行动的意见",
        "打印机和显示器的字号标准要统一。",
        "The register lists the book as ISBN 978-1-5286-5363-3.",
    ],
)
def test_plan_text_is_not(text):
    assert not is_boilerplate(text)


@pytest.mark.corpus
def test_the_printed_web_page_keeps_only_the_plan(corpus_dir):
    data = (corpus_dir / "cn-ai-plus-action-opinions-2025/zh.pdf").read_bytes()
    blocks = [b.text for b in extract_file(data, filename="zh.pdf", max_bytes=10**8).blocks]
    assert not any("字号" in text or "打印" in text for text in blocks)
    assert blocks[-2:] == ["国务院", "2025年8月21日"]


@pytest.mark.corpus
def test_the_us_plan_has_no_blank_page_notice(corpus_dir):
    data = (corpus_dir / "us-ai-action-plan-2025/en.pdf").read_bytes()
    blocks = extract_file(data, filename="en.pdf", max_bytes=10**8).blocks
    assert not any("intentionally left blank" in b.text for b in blocks)


def back_cover() -> bytes:
    """A plan's last page, a back cover: a line of text, then at its foot the book number,
    the DOI and the printer's catalogue code, each alone on its line."""
    pdf = new_pdf()
    pdf.add_page()
    runs(pdf, 72, 72, [("Serif", "The plan will be reviewed every two years.")])
    pdf.add_page()
    runs(pdf, 72, 72, [("Serif", "This publication is available from the Publications Office.")])
    for n, code in enumerate(["ISBN 978-92-76-12345-6", "doi:10.2759/123456", "KK-01-21-123-EN-N"]):
        runs(pdf, 72, 700 + 24 * n, [("Sans", code)], size=8)
    return output(pdf)


def test_a_back_cover_keeps_its_text_and_drops_its_print_codes():
    document = extract_file(back_cover(), filename="plan.pdf", lang="en", max_bytes=10**8)
    assert [(c.text, c.page) for c in segment(document).clauses] == [
        ("The plan will be reviewed every two years.", 1),
        ("This publication is available from the Publications Office.", 2),
    ]


@pytest.mark.corpus
def test_the_uk_response_has_no_print_codes(corpus_dir):
    """Its back cover prints a job number and the ISBN above the line about formats."""
    path = corpus_dir / "uk-ai-opportunities-action-plan-2025/en-government-response-cp1242.pdf"
    document = extract_file(path.read_bytes(), filename="en.pdf", max_bytes=10**8)
    last = [b.text for b in document.blocks if b.page == 22]
    assert last[0] == "This publication is available from: www.gov.uk/official-documents."
    assert not any("E03258823" in text or "ISBN" in text for text in last)
