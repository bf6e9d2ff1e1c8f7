"""`manage.py extract PATH [--lang en|zh]`: what ingesting a file would store, as JSON.

Runs extraction and segmentation only (no database), so an administrator can check a
document before uploading it and scripts can inspect extraction. Keep the format stable.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from policyapp.ingest import extract_file
from policyapp.ingest.errors import IngestError
from policyapp.ingest.lang import LANGUAGES
from policyapp.segment import Segmentation, segment


def as_json(title: str, pages: int, segmentation: Segmentation) -> dict[str, Any]:
    sections = segmentation.sections
    return {
        "title": title,
        "lang": segmentation.lang,
        "pages": pages,
        "sections": [
            {"label": s.label, "heading": s.heading, "level": s.level, "page": s.page}
            for s in sections
        ],
        "clauses": [
            {
                "label": c.label,
                "sentence": c.sentence,
                "section": sections[c.section].label if c.section is not None else None,
                "kind": c.kind,
                "text": c.text,
                "page": c.page,
                "bbox": list(c.bbox) if c.bbox else None,
            }
            for c in segmentation.clauses
        ],
    }


class Command(BaseCommand):
    help = "Extract and segment a PDF, HTML, Markdown or text file and print the result as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--lang", choices=LANGUAGES, help="override the detected language")

    def handle(self, *args: Any, path: Path, lang: str | None, **options: Any) -> None:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        try:
            document = extract_file(
                data,
                filename=path.name,
                lang=lang,
                max_bytes=settings.POLICYAPP_MAX_UPLOAD_BYTES,
            )
        except IngestError as error:
            raise CommandError(str(error)) from error
        result = as_json(document.title, document.pages, segment(document))
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
