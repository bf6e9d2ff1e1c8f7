from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from policyapp.ingest.errors import IngestError
from policyapp.models import Document
from policyapp.services.ingest import DocumentFields, version_upload


class Command(BaseCommand):
    help = (
        "Upload a plan from a file: a new document, or with --revision-of the next version of "
        "one. Processing runs as a task (inline unless POLICYAPP_TASKS=database)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--title", help="Defaults to the file name")
        parser.add_argument(
            "--short-name", default="", help="Stable handle; made from the title if empty"
        )
        parser.add_argument("--jurisdiction", default="", help="Code such as US, CN, EU")
        parser.add_argument("--lang", choices=["en", "zh"], default="", help="Override detection")
        parser.add_argument("--issuer", default="")
        parser.add_argument("--published", type=date.fromisoformat, help="YYYY-MM-DD")
        parser.add_argument("--source-url", default="")
        parser.add_argument("--reuse-note", default="")
        parser.add_argument(
            "--translation-of", metavar="SHORTNAME", help="The original-language plan"
        )
        parser.add_argument(
            "--revision-of", metavar="SHORTNAME", help="Upload as the next version of this plan"
        )

    def handle(self, *args, **options):
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file")
        document = new_document = None
        if options["revision_of"]:
            document = self._document(options["revision_of"])
        else:
            if not options["jurisdiction"]:
                raise CommandError("--jurisdiction is required for a new plan (e.g. US, CN, EU)")
            new_document = DocumentFields(
                title=options["title"] or path.stem,
                short_name=options["short_name"],
                jurisdiction=options["jurisdiction"],
                issuer=options["issuer"],
                published_on=options["published"],
                language=options["lang"],
                source_url=options["source_url"],
                reuse_note=options["reuse_note"],
                translation_of=self._document(options["translation_of"])
                if options["translation_of"]
                else None,
            )
        try:
            outcome = version_upload(
                data=path.read_bytes(),
                filename=path.name,
                document=document,
                new_document=new_document,
                language=options["lang"],
            )
        except IngestError as error:
            raise CommandError(str(error)) from error
        version = outcome.version
        version.refresh_from_db()
        self.stdout.write(outcome.message)
        status = f"{version.document.short_name} v{version.number}: {version.status}"
        if version.status == "ready":
            status += f", {version.page_count or 0} pages, {version.clauses.count()} clauses"
        self.stdout.write(status)
        if version.status == "failed":
            raise CommandError(version.error_message)

    def _document(self, short_name: str) -> Document:
        try:
            return Document.objects.get(short_name=short_name)
        except Document.DoesNotExist:
            raise CommandError(f"no plan with short name {short_name!r}") from None
