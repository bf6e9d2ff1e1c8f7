"""An analyst reviews and writes notes where they compare: in the reader's columns, in the
matrix's clause list and in search results, without going to each plan's reading view."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from policyapp.models import Annotation, Tag
from policyapp.roles import ANALYSTS
from policyapp.services.tags import version_tag
from policyapp.tests import factories
from policyapp.tests.browser.conftest import ARTIFACTS, log_in, select_words

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password"
US = [
    "Encourage open-source AI development across the research community.",
    "Release high-quality open data sets for training and evaluation.",
    "Develop open standards and share compute with universities.",
]
CN = ["推动人工智能开源开放，建设开源社区。", "推进公共数据开放共享。"]

# Every id on the page, and those that appear more than once.
DUPLICATE_IDS = """() => {
    const seen = {};
    for (const element of document.querySelectorAll("[id]")) seen[element.id] = (seen[element.id] || 0) + 1;
    return Object.keys(seen).filter((id) => seen[id] > 1);
}"""


def plan(short_name: str, title: str, texts: list[str], language: str):
    doc = factories.document(short_name=short_name, title=title, language=language)
    joiner = " " if language == "en" else ""
    ver = factories.version(doc, text=joiner.join(texts))
    start = 0
    for n, text in enumerate(texts, 1):
        factories.clause(ver, start=start, end=start + len(text), label=str(n), language=language)
        start += len(text) + len(joiner)
    version_tag(version=ver)
    return ver



def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"review-everywhere-{name}.png"), full_page=True)


def test_an_analyst_reviews_and_notes_in_the_reader_and_the_matrix(page, live_server, themes):
    us = plan("us-plan", "America's AI Action Plan", US, "en")
    cn = plan("cn-plan", "人工智能+ 意见", CN, "zh")
    factories.user_with_role(ANALYSTS, username="ana", password=PASSWORD)
    open_source = Tag.objects.get(clause__version=us, clause__ordinal=1, theme="OPEN_SOURCE")
    open_data = Tag.objects.get(clause__version=us, clause__ordinal=2, theme="OPEN_DATA")
    log_in(page, "ana", PASSWORD)
    page.set_viewport_size({"width": 1440, "height": 1000})

    # 1. In the reader, Review swaps the chips of a US clause for its controls; Confirm.
    page.goto("/compare/read/?plans=us-plan,cn-plan")
    box = page.locator("#us-plan-c1-tags")
    box.get_by_role("link", name="Review").click()
    box.get_by_role("button", name="Confirm").first.click()
    expect(page.locator("#us-plan-c1-tags .tag-status").first).to_have_text("confirmed")
    expect(page.locator("#live-status")).to_contain_text("You confirmed Open source")
    assert Tag.objects.get(pk=open_source.pk).status == "confirmed"

    # 2. Selecting words in a column's clause tags them: the controls load, then the form.
    # (A theme the rules did not give the clause: one tag per clause and theme.)
    given = set(Tag.objects.filter(clause__version=us, clause__ordinal=3).values_list("theme", flat=True))
    assert given, "clause 3 needs a rule tag, so that its Review link stands where the add link would"
    theme = next(t for t in ("COMPUTE_ACCESS", "OPEN_SCIENCE", "INTL_COOPERATION") if t not in given)
    select_words(page, "us-plan-c3-text", "share compute")
    page.get_by_role("button", name="Tag “share compute”").click()
    form = page.locator("#us-plan-c3-add form")
    form.get_by_label("Theme").select_option(theme)
    form.get_by_role("button", name="Add tag").click()
    expect(page.locator("#us-plan-c3-text mark.evidence-selection")).to_have_text("share compute")
    added = Tag.objects.get(clause__version=us, clause__ordinal=3, theme=theme)
    assert added.quote_exact == "share compute" and added.source == "analyst"

    # 3. A note on a Chinese clause, written in its column.
    notes = page.locator("#cn-plan-c1-notes")
    notes.get_by_role("link", name="Add a note").click()
    thread = page.locator("#cn-plan-c1-notes")
    thread.get_by_label("New note").fill("Compare with the US open-source item.")
    thread.get_by_role("button", name="Add note").click()
    expect(page.locator("#cn-plan-c1-notes")).to_contain_text("Compare with the US open-source item.")
    note = Annotation.objects.get()
    assert note.clause.version_id == cn.pk and note.clause.ordinal == 1
    # Both columns have clauses 1 and 2, and every swap kept the ids unique.
    assert page.evaluate(DUPLICATE_IDS) == []
    shot(page, "reader")

    # 4. In the matrix's clause list, Review and Reject.
    page.goto("/compare/?plans=us-plan,cn-plan&plan=us-plan&theme=OPEN_DATA#cell-clauses")
    item = page.locator("#cell-c2")
    item.get_by_role("link", name="Review").click()
    item.get_by_role("button", name="Reject").first.click()
    expect(page.locator("#cell-c2-tags .tag-status").first).to_have_text("rejected")
    assert Tag.objects.get(pk=open_data.pk).status == "rejected"
    assert page.evaluate(DUPLICATE_IDS) == []
    shot(page, "matrix")

    # 5. In search results (clause 1 of both plans: ids carry each result's plan), Review
    # loads the controls; withdrawing the confirmation of step 1 changes the chip at once.
    page.goto("/search/?q=open")
    result = page.locator("#us-plan-c1-tags")
    expect(result.locator(".tag-status").first).to_have_text("confirmed")
    result.get_by_role("link", name="Review").click()
    result.get_by_role("button", name="Withdraw my decision").first.click()
    expect(page.locator("#us-plan-c1-tags .tag-status").first).not_to_have_text("confirmed")
    assert Tag.objects.get(pk=open_source.pk).status != "confirmed"
    assert page.evaluate(DUPLICATE_IDS) == []
    shot(page, "search")
