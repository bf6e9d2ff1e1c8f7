"""Uploads racing each other, as two people (or a double click) do: two threads released at
once by a barrier, each with its own database connection. The database decides; the loser
gets the same answer as a sequential upload would, never a server error."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from policyapp.models import Document, Version
from policyapp.services.ingest import DocumentFields, version_upload

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("themes")]


def plan(n: int) -> bytes:
    return f"# Open Plan\n\n## 1. Data\n\nWe will publish open data set {n} for research.\n".encode()


def at_once(*calls):
    """Run each call in its own thread, all released together; return results or errors."""
    if connection.vendor != "postgresql":
        pytest.skip("races need a server database with row locks (CI runs PostgreSQL)")
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # the test asserts there is none
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def new_plan(data: bytes, title: str = "Open Plan"):
    return lambda: version_upload(
        data=data, filename="plan.md", new_document=DocumentFields(title=title, jurisdiction="GB")
    )


def test_the_same_file_twice_at_once_is_stored_once():
    results = at_once(new_plan(plan(1)), new_plan(plan(1)))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(r.created for r in results) == [False, True]
    loser = next(r for r in results if not r.created)
    assert "already uploaded as version 1" in loser.message
    assert (Document.objects.count(), Version.objects.count()) == (1, 1)


def test_two_plans_of_the_same_title_at_once_get_distinct_short_names():
    results = at_once(new_plan(plan(1)), new_plan(plan(2)))
    assert not [r for r in results if isinstance(r, Exception)], results
    names = sorted(Document.objects.values_list("short_name", flat=True))
    assert names == ["open-plan", "open-plan-2"]


def test_two_revisions_at_once_become_the_next_two_versions():
    first = new_plan(plan(1))()
    document = first.version.document

    def revise(n):
        return lambda: version_upload(data=plan(n), filename="plan.md", document=document)

    results = at_once(revise(2), revise(3))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(document.versions.values_list("number", flat=True)) == [1, 2, 3]
