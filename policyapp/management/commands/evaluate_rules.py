"""Score the rules on gold clause sets (JSON Lines as in TAXONOMY.md); no database needed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from policyapp.segment import lead_ins
from policyapp.tagging import ruleset_version, tag_texts
from policyapp.tagging.evaluate import GoldClause, Report, gold_rule_quality, read_gold, score
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
        parser.add_argument(
            "--by-plan",
            action="store_true",
            help="a row per gold file (each a plan the rules may never have seen) and their "
            "macro average: a change that helps one file and hurts another shows here",
        )
        parser.add_argument(
            "--by-rule",
            action="store_true",
            help="per rule id: themes it fired for, right and wrong against the gold, precision",
        )

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
            if options["by_plan"]:
                payload["macro"] = _macro(reports)
            if options["by_rule"]:
                payload["rules"] = [
                    {"rule": q.rule, "fired": q.produced, "right": q.confirmed, "wrong": q.rejected}
                    for q in gold_rule_quality(all_gold, all_pred)
                ]
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(f"ruleset {ruleset_version()}")
            if len(reports) > 1:
                for name, report in reports:
                    self.stdout.write(f"{name}: {_summary(report)}")
                self.stdout.write("")
            self._table(combined)
            if options["by_plan"]:
                self._by_plan(reports)
            if options["by_rule"]:
                self._by_rule(all_gold, all_pred)
        self.stdout.write(
            f"micro-F1 {combined.micro.f1:.3f} modality-acc {combined.modality_accuracy:.3f}"
        )

    def _by_plan(self, reports: list[tuple[str, Report]]) -> None:
        write = self.stdout.write
        width = max([len(name) for name, _ in reports] + [5])
        write("")
        write(f"{'plan':<{width}} {'clauses':>7} {'P':>6} {'R':>6} {'F1':>6} {'stance':>6} {'modal':>6}")
        for name, r in reports:
            write(
                f"{name:<{width}} {r.clauses:7d} {r.micro.precision:6.3f} {r.micro.recall:6.3f} "
                f"{r.micro.f1:6.3f} {r.stance_accuracy:6.3f} {r.modality_accuracy:6.3f}"
            )
        macro = _macro(reports)
        write(
            f"{'macro':<{width}} {'':>7} {macro['precision']:6.3f} {macro['recall']:6.3f} "
            f"{macro['f1']:6.3f} {macro['stance']:6.3f} {macro['modality']:6.3f}"
        )

    def _by_rule(self, gold: list[GoldClause], predicted: list[ClauseTagging]) -> None:
        write = self.stdout.write
        write("")
        write(f"{'rule':<28} {'fired':>5} {'right':>5} {'wrong':>5} {'P':>6}")
        for q in gold_rule_quality(gold, predicted):
            write(f"{q.rule:<28} {q.produced:5d} {q.confirmed:5d} {q.rejected:5d} {q.precision or 0:6.3f}")

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
        # Gold files are in reading order with their section: a list item continuing a
        # lead-in ("The Commission will:") is read with it, as the ingest reads it.
        rows = [(gold[i].section, "sentence", gold[i].text) for i in indexes]
        taggings_lang = tag_texts([gold[i].text for i in indexes], lang, lead_ins=lead_ins(rows))
        for i, tagging in zip(indexes, taggings_lang, strict=True):
            taggings[i] = tagging
    missing = [gold[i].id for i, t in enumerate(taggings) if t is None]
    if missing:
        raise CommandError(f"unsupported lang on clauses {missing[:5]}")
    return [t for t in taggings if t is not None]


def _macro(reports: list[tuple[str, Report]]) -> dict[str, float]:
    """Each plan weighs the same, however many clauses it has."""
    n = len(reports) or 1
    return {
        "precision": sum(r.micro.precision for _, r in reports) / n,
        "recall": sum(r.micro.recall for _, r in reports) / n,
        "f1": sum(r.micro.f1 for _, r in reports) / n,
        "stance": sum(r.stance_accuracy for _, r in reports) / n,
        "modality": sum(r.modality_accuracy for _, r in reports) / n,
    }


def _summary(report: Report) -> str:
    return (
        f"clauses {report.clauses}  micro P {report.micro.precision:.3f} "
        f"R {report.micro.recall:.3f} F1 {report.micro.f1:.3f}  "
        f"stance {report.stance_accuracy:.3f} ({report.stance_total} pairs)  "
        f"modality {report.modality_accuracy:.3f}  actor {report.actor_accuracy:.3f}"
    )
