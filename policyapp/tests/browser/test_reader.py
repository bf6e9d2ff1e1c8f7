"""The parallel reader and the reading view in Chromium, on the demo plans."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from policyapp.models import Clause, Section, Version
from policyapp.services.accounts import demo_users_ensure
from policyapp.services.ingest import demo_plans_ensure
from policyapp.tests.browser.conftest import ARTIFACTS, log_in

pytestmark = pytest.mark.django_db(transaction=True)

US = "us-ai-action-plan-2025"
CN = "cn-ai-plus-opinions-2025"
# What a reader's scrolling does: the end of the column (its "More clauses") comes into view.
SCROLL_TO_END = "column => column.querySelector('.more-next')?.scrollIntoView({block: 'end'})"


@pytest.fixture
def demo(settings):
    """The demo plans and logins, with pages of four clauses (two per column of two) so
    that scrolling must fetch."""
    settings.POLICYAPP_PAGE_CLAUSES = 4
    demo_plans_ensure()
    login = next(login for login in demo_users_ensure() if login.username == "analyst")
    return login


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def expected(short_name: str) -> int:
    version = Version.objects.latest_ready().get(document__short_name=short_name)
    return Clause.objects.filter(version=version).matching(theme="OPEN_SOURCE").count()


def test_the_reader_filtered_to_open_source_loads_more_in_each_column_as_it_scrolls(page, demo):
    # Further pages of a column are fetched by htmx (a column short enough to show its
    # sentinel fetches the next page at once, before any scrolling).
    pages_fetched = []
    page.on(
        "request",
        lambda request: pages_fetched.append(request.url)
        if "from=" in request.url and request.headers.get("hx-request")
        else None,
    )
    log_in(page, demo.username, demo.password)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto("/compare/read/")
    # The analyst ticks the two plans and chooses the theme in the one filter.
    page.get_by_role("checkbox", name=re.compile("America's AI Action Plan")).check()
    page.get_by_role("checkbox", name=re.compile("人工智能")).check()
    page.get_by_label("Theme").select_option(label="Open source")
    page.get_by_role("button", name="Show").click()

    # The URL holds the plans and the filter: it can be sent as a link.
    assert page.url.endswith(f"/compare/read/?plans={CN},{US}&theme=OPEN_SOURCE")
    for short_name in (US, CN):
        column = page.locator(f"#{short_name}-clauses")
        expect(column.locator(".clause").first).to_be_visible()
        expect(column.locator("mark[data-themes*='OPEN_SOURCE']").first).to_be_visible()
    screenshot(page, "reader-open-source")

    for short_name in (US, CN):
        total = expected(short_name)
        assert total > 2, "the demo plan must need more than one page"
        column = page.locator(f"#{short_name}-clauses")
        # Scrolling to the end of the column reveals the next page's trigger; htmx fetches.
        for _ in range(2 * total):
            if column.locator(".clause").count() == total:
                break
            column.evaluate(SCROLL_TO_END)
            page.wait_for_timeout(400)
        expect(column.locator(".clause")).to_have_count(total)
        expect(column.get_by_role("link", name="More clauses")).to_have_count(0)
        ids = column.locator(".clause").evaluate_all("nodes => nodes.map(n => n.id)")
        assert len(set(ids)) == total  # no page fetched twice
        assert any(short_name in url for url in pages_fetched), "the column never paged"
    screenshot(page, "reader-open-source-scrolled")
    expect(page.get_by_text(re.compile(r"6 of \d+ clauses match")).first).to_be_visible()


def test_a_column_jumps_to_a_section_from_its_table_of_contents(page, demo):
    log_in(page, demo.username, demo.password)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"/compare/read/?plans={US},{CN}")
    version = Version.objects.latest_ready().get(document__short_name=US)
    section = Section.objects.filter(version=version, heading__icontains="Export").order_by("ordinal").first()
    page.evaluate("window.__marker = 'same page'")

    column = page.locator(f"#{US}")
    column.get_by_text("Sections").click()
    column.locator(".column-toc").get_by_role("link", name=re.compile(section.heading[:30])).first.click()

    expect(page.locator(f"#{US}-s{section.ordinal}")).to_be_attached()
    first = Clause.objects.filter(version=version, section=section).order_by("ordinal").first()
    expect(page.locator(f"#{US}-c{first.ordinal}")).to_be_in_viewport()
    assert page.evaluate("window.__marker") == "same page"  # htmx swapped the column only
    expect(page.locator(f"#{CN}-clauses .clause").first).to_be_visible()
    screenshot(page, "reader-section-jump")


def test_the_reading_view_loads_as_it_scrolls_and_a_pasted_clause_link_lands(page, demo):
    log_in(page, demo.username, demo.password)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/documents/{US}/")
    clauses = page.locator("#clauses .clause")
    expect(clauses.first).to_be_visible()
    page.wait_for_load_state("networkidle")  # pages that fit the window have loaded
    shown = clauses.count()
    page.locator("#clauses").evaluate(SCROLL_TO_END)
    expect(clauses).not_to_have_count(shown)
    assert clauses.count() > shown

    # A link to a clause far down the plan, pasted without the page that holds it.
    version = Version.objects.latest_ready().get(document__short_name=US)
    target = Clause.objects.get(version=version, text="Encourage Open-Source and Open-Weight AI")
    page.goto(f"/documents/{US}/v{version.number}/#c{target.ordinal}")
    expect(page.locator(f"#c{target.ordinal}")).to_be_in_viewport()
    assert f"at={target.ordinal}" in page.url
    screenshot(page, "reading-view-permalink")

    page.goto(f"/documents/{CN}/")
    expect(page.locator("#clauses .clause").first).to_be_visible()
    screenshot(page, "reading-view-chinese")
