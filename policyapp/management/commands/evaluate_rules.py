"""Score the rules on gold clause sets (JSON Lines as in TAXONOMY.md); no database needed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from policyapp.tagging import ruleset_version, tag_texts
from policyapp.tagging.evaluate import GoldClause, Report, read_gold, score
from policyapp.tagging.pipeline import LANGUAGES
from policyapp.tagging.types import ClauseTagging


class Command(BaseCommand):
    help = (
        "Tag the clauses of one or more gold files and print per-theme precision, recall and F1, "
        "micro-F1 over (clause, theme) pairs, stance accuracy over pairs found by both, modality "
        "and (lenient) actor accuracy, then up to --errors false positives and negatives with the "
        "rule ids involved. Several files are also scored together. With --json a JSON object "
        "(per file and combined) is printed instead of the tables. Either way the LAST line is "
        "exactly 'micro-F1 0.xxx modality-acc 0.xxx' for all files together."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("gold", nargs="+", type=Path, help="gold JSON Lines files")
        parser.add_argument("--json", action="store_true", help="print a JSON object")
        parser.add_argument("--errors", type=int, default=10, metavar="N", help="errors to list")

    def handle(self, *args: Any, **options: Any) -> None:
        per_file: list[tuple[str, list[GoldClause], list[ClauseTagging]]] = []
        for path in options["gold"]:
            try:
                gold = read_gold(path)
            except (OSError, ValueError, KeyError) as exc:
                raise CommandError(f"{path}: {exc}") from exc
            per_file.append((path.name, gold, _tag(gold)))
        all_gold = [c for _, gold, _ in per_file for c in gold]
        all_pred = [t for _, _, preds in per_file for t in preds]
        limit = max(options["errors"], 0)
        combined = score(all_gold, all_pred, max_errors=limit)
        reports = [(name, score(gold, preds)) for name, gold, preds in per_file]
        if options["json"]:
            payload = {
                "ruleset": ruleset_version(),
                "files": {name: report.as_dict() for name, report in reports},
                "combined": combined.as_dict(),
                "errors": [e.__dict__ for e in combined.errors],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(f"ruleset {ruleset_version()}")
            if len(reports) > 1:
                for name, report in reports:
                    self.stdout.write(f"{name}: {_summary(report)}")
                self.stdout.write("")
            self._table(combined)
        self.stdout.write(
            f"micro-F1 {combined.micro.f1:.3f} modality-acc {combined.modality_accuracy:.3f}"
        )

    def _table(self, report: Report) -> None:
        write = self.stdout.write
        write(f"{'theme':<22} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
        for theme, s in report.per_theme.items():
            write(
                f"{theme:<22} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} "
                f"{s.tp:4d} {s.fp:4d} {s.fn:4d}"
            )
        write(_summary(report))
        for error in report.errors:
            rules = ",".join(error.rules) or "-"
            write(f"{error.kind} {error.clause_id} {error.theme} [{rules}] {error.text[:160]}")


def _tag(gold: list[GoldClause]) -> list[ClauseTagging]:
    taggings: list[ClauseTagging | None] = [None] * len(gold)
    for lang in LANGUAGES:
        indexes = [i for i, clause in enumerate(gold) if clause.lang == lang]
        for i, tagging in zip(indexes, tag_texts([gold[i].text for i in indexes], lang), strict=True):
            taggings[i] = tagging
    missing = [gold[i].id for i, t in enumerate(taggings) if t is None]
    if missing:
        raise CommandError(f"unsupported lang on clauses {missing[:5]}")
    return [t for t in taggings if t is not None]


def _summary(report: Report) -> str:
    return (
        f"clauses {report.clauses}  micro P {report.micro.precision:.3f} "
        f"R {report.micro.recall:.3f} F1 {report.micro.f1:.3f}  "
        f"stance {report.stance_accuracy:.3f} ({report.stance_total} pairs)  "
        f"modality {report.modality_accuracy:.3f}  actor {report.actor_accuracy:.3f}"
    )
