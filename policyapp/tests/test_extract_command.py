"""`manage.py extract`: the JSON an administrator checks before uploading, and its errors."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

MARKDOWN = """---
title: "Opinions"
---
# 国务院关于深入实施“人工智能+”行动的意见

**三、强化基础支撑能力**

（十一）促进开源生态繁荣。支持人工智能开源社区建设。

1.加速科学发现进程。加快探索。
"""


def run(path: Path, *args: str) -> dict:
    out = StringIO()
    call_command("extract", str(path), *args, stdout=out)
    return json.loads(out.getvalue())


def test_prints_sections_and_clauses_as_json(tmp_path: Path) -> None:
    """The format is stable: these keys, in this shape."""
    path = tmp_path / "zh.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    assert run(path) == {
        "title": "Opinions",
        "lang": "zh",
        "pages": 1,
        "sections": [
            {"label": "三", "heading": "强化基础支撑能力", "level": 1, "page": None},
            {"label": "三 › （十一）", "heading": "促进开源生态繁荣", "level": 2, "page": None},
        ],
        "clauses": [
            {
                "label": "国务院关于深入实施“人工智能+”行动的意见",
                "sentence": 1,
                "section": None,
                "kind": "heading",
                "text": "国务院关于深入实施“人工智能+”行动的意见",
                "page": None,
                "bbox": None,
            },
            {
                "label": "三",
                "sentence": 1,
                "section": "三",
                "kind": "heading",
                "text": "强化基础支撑能力",
                "page": None,
                "bbox": None,
            },
            {
                "label": "三 › （十一）",
                "sentence": 1,
                "section": "三 › （十一）",
                "kind": "heading",
                "text": "促进开源生态繁荣。",
                "page": None,
                "bbox": None,
            },
            {
                "label": "三 › （十一） › ¶1",
                "sentence": 1,
                "section": "三 › （十一）",
                "kind": "sentence",
                "text": "支持人工智能开源社区建设。",
                "page": None,
                "bbox": None,
            },
            {
                "label": "三 › （十一） › 1",
                "sentence": 1,
                "section": "三 › （十一）",
                "kind": "list_item",
                "text": "加速科学发现进程。",
                "page": None,
                "bbox": None,
            },
            {
                "label": "三 › （十一） › 1",
                "sentence": 2,
                "section": "三 › （十一）",
                "kind": "list_item",
                "text": "加快探索。",
                "page": None,
                "bbox": None,
            },
        ],
    }


def test_lang_option_overrides_detection(tmp_path: Path) -> None:
    path = tmp_path / "zh.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    assert run(path, "--lang", "en")["lang"] == "en"


def test_html_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.html"
    path.write_text(
        "<html><body><main><h1>Plan</h1><h2>1. Foundations</h2>"
        "<p>1. <strong>Set out a plan.</strong> It matters.</p></main></body></html>",
        encoding="utf-8",
    )
    result = run(path)
    assert result["title"] == "Plan"
    assert [(c["label"], c["sentence"], c["kind"]) for c in result["clauses"]] == [
        ("Plan", 1, "heading"),
        ("1", 1, "heading"),
        ("1 › 1", 1, "list_item"),
        ("1 › 1", 2, "list_item"),
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.pdf", b"", "The file is empty."),
        ("fake.pdf", b"<html><body>saved page</body></html>", "is named as a PDF but its content"),
        ("plan.docx", b"PK\x03\x04", "Files of type .docx cannot be read"),
    ],
)
def test_bad_file_is_a_command_error_with_the_uploader_message(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("extract", str(path), stdout=StringIO())


def test_file_over_the_limit(tmp_path: Path, settings) -> None:  # noqa: ANN001
    settings.POLICYAPP_MAX_UPLOAD_BYTES = 1024 * 1024
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 300_000)
    with pytest.raises(CommandError, match="over the upload limit of 1 MB"):
        call_command("extract", str(path), stdout=StringIO())


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot read .*missing.pdf"):
        call_command("extract", str(tmp_path / "missing.pdf"), stdout=StringIO())
