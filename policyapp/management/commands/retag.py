"""Re-run the tagging rules on stored clauses; analysts' decisions are kept.

    python manage.py retag [--document SHORTNAME] [--dry-run]

Prints, for each document's latest ready version, how many rule suggestions each theme
gains, loses and changes, with examples, then a total. The name, options and the last line
("Total: …") are an interface: scripts read them.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from policyapp.models import Document
from policyapp.retag import Example, Kind, RetagReport
from policyapp.services.tags import version_retag, versions_to_retag

SIGNS = {Kind.ADDED: "+", Kind.DROPPED: "-", Kind.CHANGED: "~"}
QUOTE_LENGTH = 90


class Command(BaseCommand):
    help = "Re-run the tagging rules on stored clauses; analysts' decisions are kept."

    def add_arguments(self, parser):
        parser.add_argument("--document", metavar="SHORTNAME", help="Only this document")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change and save nothing"
        )
        parser.add_argument(
            "--examples", type=int, default=3, metavar="N", help="Examples per theme (3)"
        )

    def handle(self, *args, document: str | None, dry_run: bool, examples: int, **options):
        versions = versions_to_retag(short_name=document)
        if document and not versions:
            if not Document.objects.filter(short_name=document).exists():
                raise CommandError(f"No document with the short name {document!r}.")
            raise CommandError(f"{document} has no ready version to retag.")

        added = dropped = changed = 0
        for version in versions:
            report = version_retag(version=version, dry_run=dry_run, examples=examples)
            self.stdout.write(self.format_report(report))
            added, dropped, changed = (
                added + report.added,
                dropped + report.dropped,
                changed + report.changed,
            )
        noun = "document" if len(versions) == 1 else "documents"
        suffix = " (dry run: nothing saved)" if dry_run else ""
        self.stdout.write(
            f"Total: {added} added, {dropped} dropped, {changed} changed "
            f"in {len(versions)} {noun}{suffix}"
        )

    def format_report(self, report: RetagReport) -> str:
        rulesets = (
            f"ruleset {report.new_ruleset}"
            if report.old_ruleset == report.new_ruleset
            else f"ruleset {report.old_ruleset or '(none)'} → {report.new_ruleset}"
        )
        lines = [
            f"{report.document} v{report.version}: {rulesets}; "
            f"{report.decided_kept} analyst decisions kept as they are"
        ]
        if not report.themes:
            lines.append("  no change")
        else:
            lines.append(f"  {'theme':<24}{'added':>7}{'dropped':>9}{'changed':>9}")
        for theme in report.themes:
            lines.append(f"  {theme.theme:<24}{theme.added:>7}{theme.dropped:>9}{theme.changed:>9}")
            lines.extend(f"    {_example_line(example)}" for example in theme.examples)
        lines.append(f"  {'all themes':<24}{report.added:>7}{report.dropped:>9}{report.changed:>9}")
        return "\n".join(lines)


def _example_line(example: Example) -> str:
    text = example.text
    quote = text if len(text) <= QUOTE_LENGTH else text[: QUOTE_LENGTH - 1] + "…"
    return f'{SIGNS[example.kind]} {example.label}: "{quote}": {example.transition()}'
