"""The history: plans and versions audited (upload, processing, retag, admin edits), the
administrators' page with its filters and pages, and the home page's recent activity."""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from policyapp import history
from policyapp.models import AuditEntry, Document, Tag
from policyapp.roles import ADMINISTRATORS, ANALYSTS, VIEWERS
from policyapp.services.decisions import tag_confirm
from policyapp.services.ingest import DocumentFields, version_upload
from policyapp.services.notes import note_add, note_edit, note_reply
from policyapp.services.tags import version_retag
from policyapp.tests import factories
from policyapp.tests.test_retag_command import EXPORT, OPEN_SOURCE, out_of_date, tagged_version

PLAN_MD = "# A Plan\n\n## 1. Open Source\n\nWe will support open-source AI communities.\n"


# Plans and versions.


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("themes")
def test_an_upload_and_its_processing_are_two_entries():
    admin = factories.user_with_role(ADMINISTRATORS, username="root")
    outcome = version_upload(data=PLAN_MD.encode(), filename="plan.md", uploaded_by=admin,
                             new_document=DocumentFields(title="A Plan", jurisdiction="US"))  # fmt: skip
    version = outcome.version
    upload, ready = AuditEntry.objects.order_by("pk")
    assert (upload.action, upload.user, upload.document_id) == (
        "version.upload", admin, version.document_id,
    )  # fmt: skip
    assert upload.after["file"] == "plan.md" and upload.after["new_plan"] is True
    assert (ready.action, ready.user) == ("version.ready", None)
    assert ready.after["clauses"] == version.clauses.count() > 0
    assert ready.after["suggestions"] == Tag.objects.for_version(version).count()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("themes")
def test_the_ingest_command_is_in_the_history(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text(PLAN_MD)
    call_command("ingest", str(path), "--jurisdiction", "US", stdout=StringIO())
    entries = AuditEntry.objects.order_by("pk")
    assert [(e.action, e.user, e.document_name) for e in entries] == [
        ("version.upload", None, "plan"), ("version.ready", None, "plan"),
    ]  # fmt: skip


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("themes")
def test_a_version_that_fails_to_read_is_an_entry_with_its_message():
    with transaction.atomic():
        version = version_upload(data=PLAN_MD.encode(), filename="plan.md",
                                 new_document=DocumentFields(title="P", jurisdiction="US")).version  # fmt: skip
        with version.file.open("wb") as handle:
            handle.write(b"\x00\x01binary junk")
    failed = AuditEntry.objects.get(action="version.failed")
    version.refresh_from_db()
    assert failed.after == {"status": "failed", "error": version.error_message}


@pytest.mark.django_db
def test_a_retag_is_one_entry_with_its_counts(themes):
    admin = factories.user_with_role(ADMINISTRATORS)
    ver = tagged_version("us", OPEN_SOURCE, EXPORT)
    out_of_date(ver)
    report = version_retag(version=ver, user=admin)
    version_retag(version=ver, dry_run=True)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.user, entry.before) == ("version.retag", admin, {"ruleset": "old"})
    assert (entry.after["added"], entry.after["dropped"], entry.after["changed"]) == (
        report.added, report.dropped, report.changed,
    )  # fmt: skip
    assert report.added == 1 and report.changed == 1


@pytest.mark.django_db
def test_admin_edits_and_deletions_of_plans_are_entries(client):
    admin = factories.user_with_role(ADMINISTRATORS, username="root")
    admin.is_staff = True
    admin.save()
    doc = factories.document(title="Old title", short_name="us-plan", jurisdiction="US")
    client.force_login(admin)
    url = reverse("admin:policyapp_document_change", args=[doc.pk])
    response = client.post(url, {"title": "New title", "short_name": "us-plan",
                                 "jurisdiction": "US", "language": "en",
                                 "versions-TOTAL_FORMS": 0, "versions-INITIAL_FORMS": 0})  # fmt: skip
    assert response.status_code == 302, response.content[:2000]
    change = AuditEntry.objects.get(action="document.change")
    assert (change.before, change.after, change.user) == (
        {"title": "Old title"}, {"title": "New title"}, admin,
    )  # fmt: skip

    client.post(reverse("admin:policyapp_document_delete", args=[doc.pk]), {"post": "yes"})
    assert not Document.objects.exists()
    deleted = AuditEntry.objects.get(action="document.delete")
    assert deleted.document_name == "us-plan" and deleted.before["title"] == "New title"
    assert deleted.document is None  # the plan is gone; its name stays


# The page.


@pytest.fixture
def activity(db, themes):
    """Two analysts' work on two plans, at known times."""
    ana = factories.user_with_role(ANALYSTS, username="ana")
    ben = factories.user_with_role(ANALYSTS, username="ben")
    us = tagged_version("us-plan", OPEN_SOURCE, EXPORT)
    Document.objects.filter(pk=us.document_id).update(jurisdiction="US")
    cn = tagged_version("cn-plan", OPEN_SOURCE)
    tag_confirm(tag=Tag.objects.for_version(us).get(theme="OPEN_SOURCE"), user=ana)
    note = note_add(clause=us.clauses.first(), user=ben, body="Binding?")
    note_reply(parent=note, user=ana, body="No")
    note_add(clause=cn.clauses.first(), user=ana, body="Compare with US")
    # Spread the entries over days: the oldest ten days ago.
    for age, entry in enumerate(AuditEntry.objects.order_by("-pk")):
        AuditEntry.objects.filter(pk=entry.pk).update(at=timezone.now() - timedelta(days=2 * age))
    return {"ana": ana, "ben": ben, "us": us.document, "cn": cn.document, "note": note}


def admin_client(client):
    client.force_login(factories.user_with_role(ADMINISTRATORS, username="root"))
    return client


def test_the_history_is_for_administrators_only(client, activity):
    client.force_login(activity["ana"])
    assert client.get(reverse("history")).status_code == 403
    client.logout()
    assert client.get(reverse("history")).status_code == 302


def test_the_page_reads_like_sentences_with_before_and_after(client, activity):
    response = admin_client(client).get(reverse("history"))
    lines = response.context["lines"]
    assert [line.entry.action for line in lines] == [
        "note.add", "note.reply", "note.add", "decision.confirmed",
    ]  # fmt: skip
    confirm = lines[-1]
    assert (confirm.who, confirm.verb, confirm.what) == ("ana", "confirmed", "OPEN_SOURCE")
    assert confirm.where == "US › §1"
    assert confirm.url.endswith("/documents/us-plan/v1/#c1")
    status = next(c for c in confirm.changes if c.field == "tag status")
    assert (status.before, status.after) == ("suggested", "confirmed")
    reply = lines[1]
    assert (reply.what, reply.url.split("/v1/")[1]) == ("reply", f"?notes=1#note-{reply.entry.target_id}")


def test_filters_by_user_plan_and_dates_live_in_the_url(client, activity):
    client = admin_client(client)
    by_ana = client.get(reverse("history"), {"user": activity["ana"].pk})
    assert {line.who for line in by_ana.context["lines"]} == {"ana"}
    assert len(by_ana.context["lines"]) == 3
    on_cn = client.get(reverse("history"), {"plan": "cn-plan"})
    assert [line.entry.document_name for line in on_cn.context["lines"]] == ["cn-plan"]
    today = timezone.localdate()
    recent = client.get(reverse("history"), {"since": today - timedelta(days=3), "until": today})
    assert len(recent.context["lines"]) == 2
    both = client.get(reverse("history"), {"user": activity["ana"].pk, "plan": "us-plan",
                                            "until": today - timedelta(days=1)})  # fmt: skip
    assert [line.entry.action for line in both.context["lines"]] == ["note.reply",
                                                                      "decision.confirmed"]  # fmt: skip
    wrong = client.get(reverse("history"), {"since": today, "until": today - timedelta(days=1)})
    assert wrong.context["lines"] == [] and wrong.context["form"].errors


def test_pages_of_fifty_keep_the_filters_and_a_constant_number_of_queries(client, activity):
    client = admin_client(client)
    with CaptureQueriesContext(connection) as four:
        client.get(reverse("history"))
    note = activity["note"]
    for n in range(2, 62):
        note = note_edit(note=note, user=activity["ben"], body=f"Binding? ({n})",
                         expected_revision=n - 1)  # fmt: skip
    first = client.get(reverse("history"), {"user": activity["ben"].pk})
    assert first.context["page"].paginator.count == 61
    assert len(first.context["lines"]) == 50
    assert f"user={activity['ben'].pk}&amp;page=2" in first.content.decode()
    second = client.get(reverse("history"), {"user": activity["ben"].pk, "page": 2})
    assert len(second.context["lines"]) == 11
    assert second.context["lines"][-1].entry.action == "note.add"

    with CaptureQueriesContext(connection) as fifty:
        client.get(reverse("history"), {"user": activity["ben"].pk})
    with CaptureQueriesContext(connection) as eleven:
        client.get(reverse("history"), {"user": activity["ben"].pk, "page": 2})
    assert len(fifty) == len(eleven)
    # Fifty entries cost no more than the four of every kind did: no query per row.
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("history"))
    assert len(many) <= len(four)


# Recent activity on the home page.


def test_analysts_see_recent_activity_with_links_to_the_clause(client, activity):
    client.force_login(activity["ben"])
    content = client.get(reverse("home")).content.decode()
    assert "Recent activity" in content
    assert "ana</span> confirmed" in content
    assert 'href="/documents/us-plan/v1/#c1">OPEN_SOURCE on US › §1</a>' in content
    assert "ago</time>" in content


def test_viewers_do_not_see_colleagues_work_in_progress(client, activity):
    client.force_login(factories.user_with_role(VIEWERS))
    content = client.get(reverse("home")).content.decode()
    assert "Recent activity" not in content and not re.search(r"\bana\b", content)


# Pure formatting.


def test_changes_show_known_fields_first_and_skip_plumbing():
    rows = history.changes({"body": "a", "revision": 1, "parent": 3, "deleted": False},
                           {"body": "b", "revision": 2, "parent": 3, "deleted": False})  # fmt: skip
    assert [(r.field, r.before, r.after, r.changed) for r in rows] == [
        ("text", "a", "b", True), ("version", "1", "2", True), ("deleted", "no", "no", False),
    ]  # fmt: skip
    assert history.verb("decision.rejected") == "rejected"
    assert history.verb("something.new") == "something new"


@pytest.mark.django_db
def test_a_note_deleted_in_the_django_admin_is_kept_as_deleted_and_audited(client):
    admin = factories.user_with_role(ADMINISTRATORS, username="root")
    admin.is_staff = True
    admin.save()
    ana = factories.user_with_role(ANALYSTS, username="ana")
    clause = factories.clause(factories.version(factories.document()))
    note = note_add(clause=clause, user=ana, body="Off topic")
    client.force_login(admin)
    client.post(reverse("admin:policyapp_annotation_delete", args=[note.pk]), {"post": "yes"})
    note.refresh_from_db()
    assert note.deleted_at is not None
    entry = AuditEntry.objects.get(action="note.delete")
    assert (entry.user, entry.before["body"]) == (admin, "Off topic")
