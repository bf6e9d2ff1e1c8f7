"""The theme matrix of the four demo plans: the home page, a cell's clauses, the CSV."""

from __future__ import annotations

import csv
import io
import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from policyapp.tests.browser.conftest import ARTIFACTS, log_in

pytestmark = pytest.mark.django_db(transaction=True)

US = "us-ai-action-plan-2025"
DEMO = [US, "cn-ai-plus-opinions-2025", "uk-ai-opportunities-action-plan-2025",
        "eu-coordinated-plan-ai-2021"]  # fmt: skip


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"matrix-{name}.png"), full_page=True)


def test_the_home_page_compares_the_four_demo_plans_and_opens_a_cell(page, settings):
    settings.DEBUG = True  # the demo command runs in development only
    call_command("demo", stdout=StringIO())
    settings.DEBUG = False
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "analyst", "analyst-demo-pass")

    matrix = page.get_by_role("table", name=re.compile("Openness themes in 4 plans"))
    expect(matrix).to_be_visible()
    expect(matrix.locator("thead th")).to_have_count(5)
    for short_name in DEMO:
        expect(matrix.locator(f"td[data-plan='{short_name}']")).to_have_count(10)
    expect(matrix.get_by_role("columnheader", name=re.compile("^US"))).to_be_visible()
    expect(page.get_by_role("heading", name="Plans", exact=True)).to_be_visible()
    screenshot(page, "home")

    page.evaluate("window.__marker = 'same page'")
    cell = matrix.locator(f"td[data-plan='{US}'][data-theme='OPEN_WEIGHTS'] a")
    cell.click()

    heading = page.locator("#cell-clauses-heading")
    expect(heading).to_contain_text("Open weights in Winning the Race")
    expect(heading).to_be_focused()
    clauses = page.locator("#cell-clauses .cell-clause")
    expect(clauses.first).to_be_visible()
    expect(page.locator("#cell-clauses")).to_contain_text("Encourage Open-Source and Open-Weight AI")
    expect(clauses.first.locator("mark.evidence").first).to_be_visible()
    # htmx swapped the list in; the address now names the cell for a reload or a link.
    assert page.evaluate("window.__marker") == "same page"
    expect(cell).to_have_attribute("aria-current", "true")
    assert "theme=OPEN_WEIGHTS" in page.url and f"plan={US}" in page.url
    screenshot(page, "cell")

    # The clause's link opens it in its plan.
    link = clauses.first.get_by_role("link", name="Open in the plan")
    assert re.fullmatch(rf"/documents/{US}/\?at=(\d+)#c\1", link.get_attribute("href"))

    # The address pushed by htmx renders the whole page with the list, without JavaScript.
    page.reload()
    expect(page.locator("#cell-clauses")).to_contain_text("Encourage Open-Source and Open-Weight AI")
    expect(cell).to_have_attribute("aria-current", "true")

    page.get_by_role("link", name="Per 10,000 words").first.click()
    expect(page.get_by_role("table", name=re.compile("per 10,000 words"))).to_be_visible()
    expect(page.locator("table.matrix caption")).to_contain_text(
        "per 10,000 characters for Chinese plans"
    )
    screenshot(page, "per-10000")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    assert re.fullmatch(r"matrix_[a-z0-9_-]+_\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    assert all(name in download.suggested_filename for name in DEMO)
    rows = list(csv.reader(io.StringIO(download.path().read_text(encoding="utf-8"))))
    assert "per 10,000 words" in rows[0][0]
    us_weights = next(r for r in rows[2:] if r[0] == US and r[3] == "OPEN_WEIGHTS")
    assert float(us_weights[5]) > 0  # commitments that promote open weights
