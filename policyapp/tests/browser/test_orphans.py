"""An analyst re-attaches work a revision could not place, and dismisses the rest."""

from __future__ import annotations

import pytest

from policyapp.models import Annotation, Orphan
from policyapp.roles import ANALYSTS
from policyapp.services.decisions import tag_confirm
from policyapp.services.ingest import DocumentFields, version_upload
from policyapp.tests import factories
from policyapp.tests.browser.conftest import ARTIFACTS, log_in

pytestmark = pytest.mark.django_db(transaction=True)

PLAN = """# Plan

## 1. Openness

We will support open-source AI communities.

We will strengthen export controls on advanced AI chips.

The Department will fund a new building.
"""
REVISED = PLAN.replace(
    "We will support open-source AI communities.",
    "Government bodies are to release their software under permissive licences.",
)


def test_an_analyst_reattaches_and_dismisses_orphans_with_htmx(page):
    v1 = version_upload(
        data=PLAN.encode(),
        filename="plan.md",
        new_document=DocumentFields(title="Demo plan", jurisdiction="US", short_name="demo-plan"),
    ).version
    v1.refresh_from_db()
    ana = factories.user_with_role(ANALYSTS, username="ana", password="a-long-test-password")
    clause = v1.clauses.get(text__startswith="We will support")
    tag_confirm(tag=clause.tags.get(theme="OPEN_SOURCE"), user=ana)
    Annotation.objects.create(clause=clause, author=ana, body="Is this funded?")
    v2 = version_upload(data=REVISED.encode(), filename="plan-v2.md", document=v1.document).version
    assert Orphan.objects.filter(version=v2).count() == 2

    log_in(page, "ana", "a-long-test-password")
    page.goto(v1.document.get_absolute_url())
    page.get_by_role("link", name="2 decisions or notes to re-attach").click()
    page.get_by_role("heading", name="Orphans").wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "orphans-page.png"), full_page=True)

    tag_item = page.locator(".orphan", has_text="Tag Open source")
    target = v2.clauses.get(text__startswith="Government bodies")
    tag_item.get_by_label("Re-attach to").select_option(str(target.ordinal))
    tag_item.get_by_role("button", name="Re-attach").click()
    tag_item.locator("[aria-live]").get_by_text(
        f"Re-attached to clause {target.ordinal}"
    ).wait_for()
    assert page.evaluate("window.location.pathname").endswith("/orphans/")  # swapped in place

    note_item = page.locator(".orphan", has_text="Is this funded?")
    note_item.get_by_role("button", name="Dismiss").click()
    note_item.locator("[aria-live]").get_by_text("Dismissed; it stays").wait_for()
    page.screenshot(path=str(ARTIFACTS / "orphans-resolved.png"), full_page=True)

    moved = target.tags.get(theme="OPEN_SOURCE")
    assert moved.decisions.get().analyst == ana
    assert set(Orphan.objects.values_list("status", flat=True)) == {"reattached", "dismissed"}
