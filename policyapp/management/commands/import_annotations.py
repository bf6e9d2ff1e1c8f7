"""Restore a JSON export into a database holding the same plans.

    python manage.py import_annotations FILE.json

All or nothing: a file of another format version, or plans, versions or clauses this
database does not hold, stop the import with a message and nothing is written. Importing
the same file again changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from policyapp.services.imports import ImportRefused, annotations_import


class Command(BaseCommand):
    help = "Restore analysts' decisions, tags and notes from a policyapp JSON export."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, metavar="FILE.json")

    def handle(self, *args, file: Path, **options):
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except FileNotFoundError as error:
            raise CommandError(f"No such file: {file}") from error
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{file} is not a JSON file: {error}") from error
        try:
            summary = annotations_import(data=data)
        except ImportRefused as error:
            raise CommandError(f"Nothing imported. {error}") from error
        self.stdout.write(
            f"Imported {summary.plans} plans: {summary.tags} tags, {summary.decisions} "
            f"decisions, {summary.notes} notes, {summary.orphans} orphans; "
            f"{summary.users_created} users created "
            "(inactive, without a password)."
        )
