"""JSON Lines, the format of pattern files, evaluation sets and `tag_text` input."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any


class JsonLinesError(ValueError):
    """A line that is not JSON; the message names where it is."""


def read_jsonl(lines: Iterable[str], *, source: str = "") -> Iterator[tuple[int, Any]]:
    """(line number, value) for each non-blank line; blank lines are allowed anywhere."""
    where = f"{source}:" if source else "line "
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            raise JsonLinesError(f"{where}{number}: invalid JSON ({exc.msg})") from exc
