"""Page furniture and web-page chrome never become clauses."""

import pytest

from policyapp.ingest import extract_file
from policyapp.ingest.boilerplate import is_boilerplate


@pytest.mark.parametrize(
    "text",
    [
        "This page intentionally left blank.",
        "THIS PAGE IS INTENTIONALLY LEFT BLANK",
        "[打印] 仅打印内容",
        "【打印本页】【关闭窗口】",
        "发布时间：2025-08-27 来源：中国政府网 字号：[大] [中] [小]",
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
