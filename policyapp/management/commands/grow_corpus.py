"""Grow the database to a large corpus by copying the ingested plans, for scale measurements.

    python manage.py grow_corpus --plans 1000        # about 500,000 clauses from the demo plans
    python manage.py grow_corpus --remove            # delete the copies again

The copies are plans named scale-00001, … (rule suggestions included, analysts' work not).
Meant for a measurement database (see docs/scaling.md), never for one analysts use.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from policyapp.models import Version
from policyapp.services.scale import PREFIX, corpus_grow, scale_remove


class Command(BaseCommand):
    help = "Copy the ingested plans into many more plans (scale-NNNNN), for scale measurements."

    def add_arguments(self, parser):
        parser.add_argument("--plans", type=int, default=1000, help="How many copies to add")
        parser.add_argument(
            "--remove", action="store_true", help="Delete the copies made earlier instead"
        )

    def handle(self, *args, plans: int, remove: bool, **options):
        if remove:
            self.stdout.write(f"Removed {scale_remove()} rows of copied plans.")
            return
        if plans < 1:
            raise CommandError("--plans must be at least 1")
        sources = list(
            Version.objects.latest_ready()
            .exclude(document__short_name__startswith=PREFIX)
            .select_related("document")
            .order_by("document__short_name")
        )
        if not sources:
            raise CommandError("No ready plan to copy: ingest some plans first (`make run`).")

        def progress(done: int, total: int) -> None:
            if done % 50 == 0 or done == total:
                self.stdout.write(f"  {done}/{total} plans", ending="\n")

        summary = corpus_grow(plans=plans, sources=sources, progress=progress)
        self.stdout.write(
            f"Added {summary.plans} plans: {summary.clauses} clauses, {summary.tags} tags."
        )
