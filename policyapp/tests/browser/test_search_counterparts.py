"""On the demo plans (US and China): search in English and Chinese, counterparts across
the two plans, and an analyst's confirmed pair coming first next time."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from policyapp.models import Clause
from policyapp.roles import ANALYSTS
from policyapp.services.ingest import demo_plans_ensure
from policyapp.tests import factories
from policyapp.tests.browser.conftest import ARTIFACTS, log_in

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password"
US = "us-ai-action-plan-2025"
CN = "cn-ai-plus-opinions-2025"


@pytest.fixture
def analyst_on_demo(page):
    demo_plans_ensure()
    factories.user_with_role(ANALYSTS, username="ana", password=PASSWORD)
    log_in(page, "ana", PASSWORD)
    return page


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_searching_finds_clauses_in_the_right_plans_and_links_to_them(analyst_on_demo):
    page = analyst_on_demo
    page.get_by_role("link", name="Search").click()
    page.get_by_label("Words to find").fill("open-weight")
    page.get_by_role("button", name="Search").click()

    results = page.locator(".result")
    expect(results.first).to_be_visible()
    expect(page.locator("#results")).to_contain_text("Encourage Open-Source and Open-Weight AI")
    links = page.locator(".result-link").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert links and all(link.startswith(f"/documents/{US}/?at=") for link in links)
    expect(page.locator(".result mark").first).to_be_visible()
    assert "q=open-weight" in page.url  # the search is a link to send
    shot(page, "search-open-weight")

    page.get_by_label("Words to find").fill("开源")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#results")).to_contain_text("促进开源生态繁荣")
    links = page.locator(".result-link").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert links and all(link.startswith(f"/documents/{CN}/?at=") for link in links)
    shot(page, "search-kaiyuan")

    # The link leads to the clause in its plan.
    target = page.locator(".result-link", has_text="促进开源生态繁荣")
    href = target.get_attribute("href")
    target.click()
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))
    anchor = href.rsplit("#", 1)[1]
    expect(page.locator(f"#{anchor}")).to_contain_text("促进开源生态繁荣")
    expect(page.locator(f"#{anchor}")).to_be_in_viewport()


def test_counterparts_of_a_china_open_source_clause_and_a_confirmed_pair(analyst_on_demo):
    page = analyst_on_demo
    clause = Clause.objects.get(version__document__short_name=CN, text="促进开源生态繁荣。")
    us_open = set(
        Clause.objects.filter(
            version__document__short_name=US,
            section__heading="Encourage Open-Source and Open-Weight AI",
        ).values_list("text", flat=True)
    )
    page.goto(f"/clauses/{clause.pk}/counterparts/?plan={US}")

    items = page.locator(".counterpart")
    expect(items.first).to_be_visible()
    assert items.first.locator(".counterpart-link").inner_text() in us_open
    expect(items.first).to_contain_text("Open source")  # the shared theme, as a reason
    expect(items.first).to_contain_text("score")
    shot(page, "counterparts-china-open-source")

    second = items.nth(1)
    second_text = second.locator(".counterpart-link").inner_text()
    second.get_by_role("button", name="Confirm pair").click()
    expect(items.first.locator(".counterpart-link")).to_have_text(second_text)
    expect(items.first).to_contain_text("Confirmed counterpart")
    # The button pressed is gone with the old list: the new list holds the focus.
    expect(page.locator(f"#counterparts-{US}")).to_be_focused()

    page.reload()
    expect(items.first.locator(".counterpart-link")).to_have_text(second_text)
    expect(items.first).to_contain_text("Confirmed counterpart")
    shot(page, "counterparts-confirmed-first")

    # Without JavaScript the same buttons are forms that come back to the page.
    assert page.locator("form[action*='/counterparts/'] button[value='reject']").count() >= 1


def test_choosing_a_china_clause_in_the_reader_shows_and_scrolls_to_a_us_counterpart(analyst_on_demo):
    page = analyst_on_demo
    page.set_viewport_size({"width": 1440, "height": 900})
    clause = Clause.objects.get(version__document__short_name=CN, text="促进开源生态繁荣。")
    page.goto(f"/compare/read/?plans={CN},{US}&from={CN}:{clause.ordinal}")
    # The analyst chooses the clause from its column ("compare" beside it).
    page.locator(f"#{CN}-c{clause.ordinal} .clause-choose").click()
    expect(page).to_have_url(re.compile(rf"clause={clause.pk}"))

    slot = page.locator(f"#{US}-counterparts")
    first = slot.locator(".counterpart").first
    expect(first).to_be_visible()
    expect(first).to_contain_text("Open source")
    ordinal = first.get_attribute("data-ordinal")
    row = page.locator(f"#{US}-c{ordinal}")
    expect(row).to_have_class(re.compile("counterpart-of-chosen"))
    expect(row).to_be_in_viewport()
    shot(page, "reader-counterparts")
