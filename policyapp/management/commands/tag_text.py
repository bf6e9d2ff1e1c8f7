"""Tag clauses given as JSON Lines on standard input; no database needed."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from policyapp.tagging import detect_lang, tag_texts
from policyapp.tagging.jsonl import JsonLinesError, read_jsonl
from policyapp.tagging.pipeline import LANGUAGES


class Command(BaseCommand):
    help = (
        'Read JSON Lines {"id", "text", "lang"?} on stdin and write one line per clause, in '
        'the same order: {"id", "themes": {THEME: STANCE}, "modality", "actor", "evidence": '
        '[{"theme", "rule", "start", "end"}]}. A line\'s own "lang" overrides --lang; without '
        "either the language is detected from the script (Chinese characters -> zh)."
    )

    # Tests (and callers) may pass stdin=... to call_command.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--lang", choices=LANGUAGES, help="language of lines without one")

    def handle(self, *args: Any, **options: Any) -> None:
        stdin = options.get("stdin") or sys.stdin
        rows = _read_rows(stdin)
        langs = [row.get("lang") or options["lang"] or detect_lang(row["text"]) for row in rows]
        for number, lang in enumerate(langs, start=1):
            if lang not in LANGUAGES:
                raise CommandError(f"line {number}: unsupported lang {lang!r}")
        results: list[dict[str, Any] | None] = [None] * len(rows)
        for lang in LANGUAGES:
            indexes = [i for i, code in enumerate(langs) if code == lang]
            taggings = tag_texts([rows[i]["text"] for i in indexes], lang) if indexes else []
            for i, tagging in zip(indexes, taggings, strict=True):
                results[i] = {
                    "id": rows[i].get("id"),
                    "themes": tagging.themes,
                    "modality": tagging.modality,
                    "actor": tagging.actor,
                    "evidence": [
                        {"theme": e.theme, "rule": e.rule, "start": e.start, "end": e.end}
                        for e in tagging.evidence
                    ],
                }
        for result in results:
            self.stdout.write(json.dumps(result, ensure_ascii=False))


def _read_rows(stream: Any) -> list[dict[str, Any]]:
    rows = []
    try:
        numbered = list(read_jsonl(stream))
    except JsonLinesError as exc:
        raise CommandError(str(exc)) from exc
    for number, row in numbered:
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise CommandError(f'line {number}: expected an object with a "text" string')
        rows.append(row)
    return rows
