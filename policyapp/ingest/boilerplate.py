"""Blocks that are page furniture, not plan text (patterns in boilerplate.txt)."""

from __future__ import annotations

import functools
import re
from pathlib import Path

PATTERNS_FILE = Path(__file__).with_name("boilerplate.txt")


@functools.cache
def _patterns() -> list[re.Pattern[str]]:
    lines = PATTERNS_FILE.read_text(encoding="utf-8").splitlines()
    return [
        re.compile(line, re.IGNORECASE)
        for line in lines
        if line.strip() and not line.startswith("#")
    ]


def is_boilerplate(text: str) -> bool:
    text = text.strip()
    return any(pattern.search(text) for pattern in _patterns())
