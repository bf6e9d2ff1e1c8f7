"""Analysts review with the keyboard and add a tag by selecting words; a second analyst
disagrees; the administrator sees the disagreement and kappa, and settles it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from policyapp.models import Decision, Tag
from policyapp.roles import ADMINISTRATORS, ANALYSTS
from policyapp.services.tags import version_tag
from policyapp.tests import factories
from policyapp.tests.browser.conftest import ARTIFACTS, log_in, select_words

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password"
OPEN_SOURCE = "Encourage open-source AI development across the research community."
EXPORT = "Led by the Department of Commerce, strengthen export controls on advanced chips."
OPEN_DATA = "Release high-quality open data sets for training and evaluation."
STANDARDS = "Develop open standards for interoperability of AI systems."
# An astral character (two UTF-16 units) before the words to select, and Chinese around.
MIXED = "我们支持🤖模型以 open weights 方式发布。"


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"review-{name}.png"), full_page=True)


def plan():
    doc = factories.document(short_name="us-plan", title="America's AI Action Plan")
    texts = [OPEN_SOURCE, EXPORT, OPEN_DATA, MIXED, STANDARDS]
    ver = factories.version(doc, text=" ".join(texts))
    start = 0
    for n, text in enumerate(texts, 1):
        language = "zh" if text == MIXED else "en"  # the Chinese rules find no theme in it
        factories.clause(ver, start=start, end=start + len(text), label=str(n), language=language)
        start += len(text) + 1
    version_tag(version=ver)
    return doc, ver



def test_analysts_review_disagree_and_the_administrator_settles(chromium, live_server, themes):
    doc, ver = plan()
    ana = factories.user_with_role(ANALYSTS, username="ana", password=PASSWORD)
    factories.user_with_role(ANALYSTS, username="ben", password=PASSWORD)
    factories.user_with_role(ADMINISTRATORS, username="ada", password=PASSWORD)
    queue = list(Tag.objects.for_version(ver).order_by("clause__ordinal", "theme__position"))
    assert len(queue) >= 4
    contexts = []

    def session(username):
        context = chromium.new_context(base_url=live_server.url, locale="en-GB")
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        log_in(page, username, PASSWORD)
        page.get_by_role("heading", name="Plans", exact=True).wait_for()
        return page

    try:
        # 1. Ana works the review queue with the keyboard alone.
        page = session("ana")
        page.goto(f"/documents/{doc.short_name}/review/")
        progress = page.locator("#queue-progress")
        expect(progress).to_contain_text(f"0 of {len(queue)} tags decided")
        first = page.locator(".queue-item").first
        expect(first).to_be_focused()
        page.evaluate("window.__marker = 'same page'")

        page.keyboard.press("c")  # confirm the first
        expect(progress).to_contain_text(f"1 of {len(queue)} tags decided")
        expect(page.locator("#live-status")).to_contain_text(f"You confirmed {queue[0].theme.name}")
        expect(page.locator(".queue-item").first).to_be_focused()  # the next came in

        page.keyboard.press("j")
        page.keyboard.press("k")
        page.keyboard.press("r")  # reject the second
        expect(progress).to_contain_text(f"2 of {len(queue)} tags decided")
        expect(page.locator(".queue-item").first).to_be_focused()  # settled: keys go on

        page.keyboard.press("e")  # edit the third: the form opens on its first field
        stance = page.locator(".queue-item").first.get_by_label("Stance")
        expect(stance).to_be_focused()
        stance.select_option("NEUTRAL")
        page.locator(".queue-item").first.get_by_label("Actor").fill("NIST")
        page.keyboard.press("Enter")
        expect(progress).to_contain_text(f"3 of {len(queue)} tags decided")
        expect(page.locator(".queue-item").first).to_be_focused()

        page.keyboard.press("n")  # the notes link of the clause now first in the queue
        expect(page.locator(".queue-item").first.locator("[data-action=note]")).to_be_focused()
        assert page.evaluate("window.__marker") == "same page"  # all by htmx swaps
        shot(page, "1-queue")
        says = {d.tag_id: (d.verdict, d.stance, d.actor) for d in Decision.objects.filter(analyst=ana)}
        assert says[queue[0].pk][0] == "confirmed"
        assert says[queue[1].pk][0] == "rejected"
        assert says[queue[2].pk] == ("confirmed", "NEUTRAL", "NIST")

        # 2. Ana adds a tag by selecting words after an emoji in a mixed-script clause.
        page.goto(doc.get_absolute_url())
        select_words(page, "c4-text", "open weights")
        page.get_by_role("button", name="Tag “open weights”").click()
        form = page.locator("#c4-add form")
        expect(form.get_by_label("Theme")).to_be_focused()
        form.get_by_label("Theme").select_option("OPEN_WEIGHTS")
        form.get_by_role("button", name="Add tag").click()
        expect(page.locator("#c4-text mark.evidence-selection")).to_have_text("open weights")
        expect(page.locator(".tag-selection")).to_be_hidden()
        added = Tag.objects.get(clause__ordinal=4, clause__version=ver, theme="OPEN_WEIGHTS")
        start = MIXED.index("open weights")  # code points: 🤖 counts one
        assert (added.quote_start, added.quote_end) == (start, start + len("open weights"))
        assert added.quote_exact == "open weights" and added.quote_prefix.endswith("模型以 ")
        shot(page, "2-selection")

        # 3. Ben disagrees with Ana's first confirmation, from the reading view.
        page = session("ben")
        page.goto(doc.get_absolute_url())
        disputed = page.locator(f"#tag-{queue[0].pk}")
        disputed.get_by_role("group", name=f"Review {queue[0].theme.name}").get_by_role(
            "button", name="Reject"
        ).click()
        expect(disputed).to_contain_text("Analysts disagree")
        expect(disputed.locator(".tag-says")).to_contain_text("ana: confirmed")
        expect(disputed.locator(".tag-says")).to_contain_text("ben: rejected")
        expect(disputed.locator(".chip")).to_be_focused()
        shot(page, "3-disagreement")

        # 4. Ada sees the disagreement and kappa, and settles it.
        page = session("ada")
        expect(page.get_by_role("link", name="Agreement")).to_be_visible()
        # The first page to import scikit-learn in this server process can be slow.
        page.goto("/agreement/", timeout=90_000)
        table = page.locator("#kappa-ana-ben")
        expect(table).to_be_visible()
        expect(table.get_by_role("row", name=re.compile("^All themes"))).to_contain_text("1")
        dispute = page.locator(f"#dispute-{queue[0].pk}")
        expect(dispute).to_contain_text("ben: rejected")
        shot(page, "4-agreement")
        dispute.get_by_label("Verdict").select_option("confirmed")
        dispute.get_by_role("button", name="Settle").click()
        expect(page.locator(f"#dispute-{queue[0].pk}")).to_contain_text("Settled: confirmed")
        page.goto(doc.get_absolute_url())
        expect(page.locator(f"#tag-{queue[0].pk} .tag-final")).to_have_text("Final")
        shot(page, "5-final")
        settled = Tag.objects.get(pk=queue[0].pk)
        assert (settled.status, settled.settled_verdict) == ("confirmed", "confirmed")
    finally:
        for context in contexts:
            context.close()
