"""An administrator sees on the rules page the decisions analysts took on a rule's tags."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from policyapp.models import Tag
from policyapp.roles import ADMINISTRATORS, ANALYSTS
from policyapp.services.decisions import tag_confirm, tag_reject
from policyapp.tests import factories
from policyapp.tests.browser.conftest import log_in
from policyapp.tests.browser.test_evidence import PASSWORD, tagged_plan

pytestmark = pytest.mark.django_db(transaction=True)


def test_rules_page_lists_confirmations_and_rejections_after_an_analyst_rejects(page):
    doc, ver = tagged_plan()
    export = Tag.objects.for_version(ver).get(theme="EXPORT_CONTROLS")
    open_source = Tag.objects.for_version(ver).get(theme="OPEN_SOURCE")
    rule = export.rule_ids[0]
    analyst = factories.user_with_role(ANALYSTS, username="ana", password=PASSWORD)
    factories.user_with_role(ADMINISTRATORS, username="adm", password=PASSWORD)

    log_in(page, "adm", PASSWORD)
    page.get_by_role("link", name="Rules").click()
    row = page.locator(f"[id='rule-{rule}']")
    expect(row.locator("td").nth(1)).to_have_text("0")
    expect(row.locator("td").nth(2)).to_have_text("0")

    tag_reject(tag=export, user=analyst)
    tag_confirm(tag=open_source, user=analyst)
    page.reload()

    expect(row.locator("td").nth(0)).to_have_text("1")  # tags produced
    expect(row.locator("td").nth(1)).to_have_text("0")  # confirmed
    expect(row.locator("td").nth(2)).to_have_text("1")  # rejected
    expect(row.locator("td").nth(3)).to_have_text("0.00")
    # Sorted by rejections: the rejected rule comes first.
    expect(page.locator("tbody tr").first).to_have_attribute("id", f"rule-{rule}")
    confirmed_row = page.locator(f"[id='rule-{open_source.rule_ids[0]}']")
    expect(confirmed_row.locator("td").nth(1)).to_have_text("1")

    row.get_by_text("1 rejected clause").click()
    row.get_by_role("link", name="us-plan v1 · 2").click()
    expect(page).to_have_url(f"{page.url.split('#')[0].split('/documents/')[0]}/documents/us-plan/v1/#c2")
    expect(page.locator("#c2")).to_contain_text("export controls")
