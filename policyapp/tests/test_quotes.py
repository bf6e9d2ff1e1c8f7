"""Quotes in a clause: code points on the server, UTF-16 in the browser."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policyapp.quotes import QuoteError, codepoints_from_utf16, quote_at, quote_find

TEXT = "推动开源🤖模型 open weights 开放"


def test_quote_at_keeps_words_and_context_in_code_points():
    quote = quote_at(TEXT, 8, 20, exact="open weights")
    assert (quote.prefix, quote.exact, quote.suffix) == ("推动开源🤖模型 ", "open weights", " 开放")


def test_quote_at_refuses_words_that_are_not_there():
    with pytest.raises(QuoteError, match="not the clause's words"):
        quote_at(TEXT, 9, 21, exact="open weights")  # UTF-16 offsets sent by mistake
    with pytest.raises(QuoteError, match="outside the clause"):
        quote_at(TEXT, 20, 99)


def test_quote_find_prefers_the_occurrence_whose_context_matches():
    text = "open data here; open data there"
    assert quote_find(text, "open data").start == 0
    assert quote_find(text, "open data", prefix="here; ").start == 16
    with pytest.raises(QuoteError, match="not in the clause"):
        quote_find(text, "closed data")


def test_utf16_offsets_convert_to_code_points_around_an_emoji():
    # 🤖 is U+1F916: two UTF-16 units, one code point.
    assert codepoints_from_utf16(TEXT, 4) == 4
    assert codepoints_from_utf16(TEXT, 6) == 5
    assert codepoints_from_utf16(TEXT, 9) == 8


@given(st.text(min_size=1, max_size=40), st.data())
def test_utf16_conversion_agrees_with_python_encoding(text, data):
    index = data.draw(st.integers(min_value=0, max_value=len(text)))
    units = len(text[:index].encode("utf-16-le")) // 2
    assert codepoints_from_utf16(text, units) == index
