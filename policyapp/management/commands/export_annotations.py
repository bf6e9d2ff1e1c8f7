"""Write the analysts' work to standard output, for scheduled jobs.

    python manage.py export_annotations --format csv|json|w3c [--document SHORTNAME]
                                        [--include-suggestions] [--base-url URL]

The same files as the Exports page. W3C selectors point at each version's text as the site
serves it, so give the site's address with --base-url (default: POLICYAPP_BASE_URL).
"""

from __future__ import annotations

import os

from django.core.management.base import BaseCommand, CommandError

from policyapp.export_rows import render_export
from policyapp.exports import FORMATS
from policyapp.models import Document


class Command(BaseCommand):
    help = "Export analysts' decisions, tags and notes as CSV, JSON or W3C Web Annotation."

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
        parser.add_argument("--document", metavar="SHORTNAME", help="Only this plan")
        parser.add_argument(
            "--include-suggestions",
            action="store_true",
            help="Add the rules' undecided suggestions",
        )
        parser.add_argument(
            "--base-url",
            default=os.environ.get("POLICYAPP_BASE_URL", "http://127.0.0.1:8000/"),
            help="The site's address, for the W3C sources (POLICYAPP_BASE_URL)",
        )

    def handle(self, *args, fmt, document, include_suggestions, base_url, **options):
        plan = None
        if document:
            plan = Document.objects.filter(short_name=document).first()
            if plan is None:
                raise CommandError(f"No plan with the short name {document!r}.")
        self.stdout.write(
            render_export(
                fmt, document=plan, include_suggestions=include_suggestions, base_url=base_url
            ),
            ending="",
        )
