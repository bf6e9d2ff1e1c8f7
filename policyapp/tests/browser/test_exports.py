"""A viewer downloads the CSV and W3C exports from the exports page."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.utils import timezone

from policyapp.models import Annotation
from policyapp.roles import ANALYSTS, VIEWERS
from policyapp.services.decisions import tag_confirm
from policyapp.services.ingest import DocumentFields, version_upload
from policyapp.tests import factories
from policyapp.tests.browser.conftest import ARTIFACTS, log_in

pytestmark = pytest.mark.django_db(transaction=True)

PLAN = """# Plan

## 1. Openness

We will support open-source AI communities.

We will strengthen export controls on advanced AI chips.
"""


def test_a_viewer_downloads_the_csv_and_w3c_exports(page):
    version = version_upload(
        data=PLAN.encode(),
        filename="plan.md",
        new_document=DocumentFields(title="Demo plan", jurisdiction="US", short_name="demo-plan"),
    ).version
    version.refresh_from_db()
    analyst = factories.user_with_role(ANALYSTS, username="ana")
    clause = version.clauses.get(text__startswith="We will support")
    tag_confirm(tag=clause.tags.get(theme="OPEN_SOURCE"), user=analyst)
    Annotation.objects.create(clause=clause, author=analyst, body="Compare with the EU plan.")
    factories.user_with_role(VIEWERS, username="vic", password="a-long-test-password")

    log_in(page, "vic", "a-long-test-password")
    page.get_by_role("link", name="all exports").first.click()
    page.get_by_role("heading", name="Exports").wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "exports-page.png"), full_page=True)

    day = timezone.localdate().isoformat()
    with page.expect_download() as info:
        page.get_by_role("row", name="Demo plan").get_by_role("link", name="CSV").click()
    download = info.value
    assert download.suggested_filename == f"policyapp-demo-plan-{day}.csv"
    with open(download.path(), encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(io.StringIO(handle.read())))
    assert (row["theme"], row["decision: ana"][:9]) == ("OPEN_SOURCE", "confirmed")
    assert row["notes"] == "ana: Compare with the EU plan."

    with page.expect_download() as info:
        page.get_by_role("row", name="All plans").get_by_role("link", name="W3C").click()
    download = info.value
    assert download.suggested_filename == f"policyapp-all-annotations-{day}.jsonld"
    with open(download.path(), encoding="utf-8") as handle:
        collection = json.load(handle)
    motivations = sorted(item["motivation"] for item in collection["first"]["items"])
    assert motivations == ["commenting", "tagging"]
    # The selectors' source is served to the same viewer: the version's text.
    source = collection["first"]["items"][0]["target"]["source"]
    page.goto(source)
    assert "We will support open-source AI communities." in page.inner_text("body")
