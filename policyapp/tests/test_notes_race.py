"""Two saves of one note from the same revision, racing on two connections (PostgreSQL).

The first save holds the row until it commits; the second has already read revision 1
and passed the check in Python, so only the database update's revision condition can
refuse it. It must: the second editor gets NoteConflict and the first one's text stands.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction

from policyapp.models import Annotation, AnnotationRevision
from policyapp.roles import ANALYSTS
from policyapp.services.notes import NoteConflict, note_add, note_edit
from policyapp.tests import factories

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL"
    ),
]


def _blocked_backends() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0]


def test_the_database_refuses_the_second_of_two_racing_saves():
    ver = factories.version(factories.document(), text="Open data for research.")
    clause = factories.clause(ver)
    ana = factories.user_with_role(ANALYSTS, username="ana")
    note = note_add(clause=clause, user=ana, body="Draft")

    first_saved = threading.Event()
    release_first = threading.Event()
    outcome: dict[str, object] = {}

    def first():
        try:
            with transaction.atomic():
                note_edit(note=note, user=ana, body="First tab", expected_revision=1)
                first_saved.set()
                release_first.wait(10)
            outcome["first"] = "saved"
        finally:
            connections.close_all()

    def second():
        first_saved.wait(10)
        try:
            note_edit(note=note, user=ana, body="Second tab", expected_revision=1)
            outcome["second"] = "saved"
        except NoteConflict as conflict:
            outcome["second"] = conflict
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    # Wait until the second save is stuck behind the first one's row lock: it has read
    # revision 1 already, so the refusal below can only come from the UPDATE's condition.
    deadline = time.monotonic() + 10
    while _blocked_backends() == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _blocked_backends() > 0, "the second save never reached the row lock"
    release_first.set()
    for thread in threads:
        thread.join(15)

    assert outcome["first"] == "saved"
    assert isinstance(outcome["second"], NoteConflict)
    note = Annotation.objects.get(pk=note.pk)
    assert (note.body, note.revision) == ("First tab", 2)
    assert list(AnnotationRevision.objects.values_list("body", flat=True)) == ["Draft"]
