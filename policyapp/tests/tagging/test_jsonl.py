import pytest

from policyapp.tagging.jsonl import JsonLinesError, read_jsonl


def test_numbers_lines_and_skips_blank_ones():
    assert list(read_jsonl(['{"a": 1}', "", "  ", '{"b": 2}'])) == [(1, {"a": 1}), (4, {"b": 2})]


def test_a_bad_line_is_named_by_file_and_number():
    with pytest.raises(JsonLinesError, match=r"^gold\.jsonl:2: invalid JSON"):
        list(read_jsonl(['{"a": 1}', "{oops"], source="gold.jsonl"))
    with pytest.raises(JsonLinesError, match=r"^line 1: invalid JSON"):
        list(read_jsonl(["nope"]))
