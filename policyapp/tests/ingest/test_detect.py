"""Format sniffing and the refusals of `extract_file`, each with a message that says what to do."""

from __future__ import annotations

import pytest

from policyapp.ingest import extract_file
from policyapp.ingest.detect import detect_format, sniff
from policyapp.ingest.errors import EmptyFile, FileTooLarge, UnsupportedFormat

MB = 1024 * 1024


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "pdf"),
        (b"\n\n%PDF-1.4\n", "pdf"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "html"),
        (b"\xef\xbb\xbf<html lang='zh'><head><meta charset='utf-8'>", "html"),
        (b"  <HEAD><TITLE>Plan</TITLE>", "html"),
        ("# 标题\n\n正文。".encode(), "text"),
        (b"PK\x03\x04\x14\x00\x06\x00", None),
        (b"\x89PNG\r\n\x1a\n", None),
        (b"plain\x00binary", None),
    ],
)
def test_sniff(data: bytes, expected: str | None) -> None:
    assert sniff(data) == expected


@pytest.mark.parametrize(
    ("filename", "data", "expected"),
    [
        ("plan.pdf", b"%PDF-1.7\n", "pdf"),
        ("plan.HTM", b"<html><body>x</body></html>", "html"),
        ("plan.md", b"# Plan", "markdown"),
        ("plan.txt", b"Plan text", "text"),
        # Text that quotes markup is still text when its name says so.
        ("notes.txt", b"<html> is a tag", "text"),
        ("", b"%PDF-1.7\n", "pdf"),
        ("", b"<html><body>x</body></html>", "html"),
        ("", b"Plan text", "text"),
    ],
)
def test_detect_format(filename: str, data: bytes, expected: str) -> None:
    assert detect_format(data, filename) == expected


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        (
            "plan.pdf",
            b"<html><body>Saved page</body></html>",
            "named as a PDF but its content is not",
        ),
        ("plan.pdf", b"PK\x03\x04rest", "looks like a Word, OpenDocument or ZIP file"),
        ("plan.txt", b"%PDF-1.7\n", "its content is a PDF. Rename it to .pdf"),
        ("plan.html", b"Just words.", "contains no HTML"),
        ("plan.docx", b"PK\x03\x04", "Files of type .docx cannot be read. Upload the plan as PDF"),
        ("scan.png", b"\x89PNG\r\n", "Files of type .png cannot be read"),
    ],
)
def test_file_that_is_not_what_its_name_says(filename: str, data: bytes, message: str) -> None:
    with pytest.raises(UnsupportedFormat, match=message):
        extract_file(data, filename=filename, max_bytes=MB)


@pytest.mark.parametrize("data", [b"", b"  \n\t\n"])
def test_empty_file(data: bytes) -> None:
    with pytest.raises(EmptyFile, match="The file is empty. Check that you chose the right file"):
        extract_file(data, filename="plan.pdf", max_bytes=MB)


def test_file_over_the_limit_names_the_limit_in_mb() -> None:
    data = b"%PDF-1.7\n" + b"0" * (3 * MB)
    with pytest.raises(FileTooLarge) as error:
        extract_file(data, filename="plan.pdf", max_bytes=2 * MB)
    assert str(error.value).startswith("The file is 3 MB, over the upload limit of 2 MB.")


def test_size_is_checked_before_the_content() -> None:
    """A huge file is refused without being parsed, whatever it holds."""
    with pytest.raises(FileTooLarge, match="limit of 50 MB"):
        extract_file(b"x" * (50 * MB + 1), filename="plan.txt", max_bytes=50 * MB)


def test_dispatch_sets_language_and_honours_the_override() -> None:
    data = "# 意见\n\n推动人工智能技术开源可及。".encode()
    assert extract_file(data, filename="zh.md", max_bytes=MB).lang == "zh"
    assert extract_file(data, filename="zh.md", lang="en", max_bytes=MB).lang == "en"
    html = b"<html><body><p>The United States is in a race.</p></body></html>"
    assert extract_file(html, filename="en.html", max_bytes=MB).lang == "en"


def test_unknown_language_override_is_refused() -> None:
    with pytest.raises(ValueError, match="language 'fr' is not supported"):
        extract_file(b"Text.", filename="a.txt", lang="fr", max_bytes=MB)
