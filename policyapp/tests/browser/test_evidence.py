"""An analyst sees why a tag was suggested; an administrator applies a retag with htmx."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from policyapp.models import Tag
from policyapp.roles import ADMINISTRATORS, ANALYSTS
from policyapp.services.tags import version_tag
from policyapp.tests import factories
from policyapp.tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

EXPORT = "Led by the Department of Commerce, strengthen export controls on advanced chips."
OPEN_SOURCE = "Encourage open-source AI development across the research community."
PASSWORD = "a-long-test-password"


def tagged_plan(short_name: str = "us-plan"):
    doc = factories.document(short_name=short_name, title="America's AI Action Plan")
    ver = factories.version(doc, text=f"{OPEN_SOURCE} {EXPORT}")
    factories.clause(ver, start=0, end=len(OPEN_SOURCE), label="1")
    factories.clause(ver, start=len(OPEN_SOURCE) + 1, label="2")
    version_tag(version=ver)
    return doc, ver


def test_focusing_a_chip_shows_the_rules_and_the_words_they_matched(page):
    doc, ver = tagged_plan()
    export = Tag.objects.for_version(ver).get(theme="EXPORT_CONTROLS")
    rule = export.evidence[0]["rule"]
    words = EXPORT[export.evidence[0]["start"] : export.evidence[0]["end"]]
    factories.user_with_role(ANALYSTS, username="ana", password=PASSWORD)

    log_in(page, "ana", PASSWORD)
    page.goto(doc.get_absolute_url())

    chip = page.get_by_role("button", name="Export controls")
    popover = page.locator(f"#tag-{export.pk}-evidence")
    expect(chip).to_be_visible()
    expect(chip).to_contain_text("suggested")
    expect(popover).to_be_hidden()

    chip.focus()

    expect(popover).to_be_visible()
    expect(popover).to_contain_text(f"{rule} on “{words}”")
    # Screen readers get the same words: the popover is the chip's description.
    expect(chip).to_have_accessible_description(re.compile(f"{rule} on “{re.escape(words)}”"))

    # The matched words are marked in the clause text itself.
    marked = page.locator("#c2 mark[data-themes*='EXPORT_CONTROLS']").all_inner_texts()
    assert words in "".join(marked)

    # Escape dismisses it without moving focus (WCAG 1.4.13); it comes back on the next visit.
    page.keyboard.press("Escape")
    expect(popover).to_be_hidden()
    expect(chip).to_be_focused()
    page.keyboard.press("Shift+Tab")
    chip.focus()
    expect(popover).to_be_visible()

    # Moving on hides it; hovering another chip shows that chip's evidence instead.
    page.keyboard.press("Tab")
    expect(popover).to_be_hidden()
    other = page.get_by_role("button", name="Open source")
    other.hover()
    source = Tag.objects.for_version(ver).get(theme="OPEN_SOURCE")
    expect(page.locator(f"#tag-{source.pk}-evidence")).to_be_visible()
    expect(page.locator(f"#tag-{source.pk}-evidence")).to_contain_text("open-source")


def test_an_administrator_applies_a_retag_and_the_plan_updates_in_place(page):
    _, ver = tagged_plan()
    Tag.objects.for_version(ver).filter(theme="EXPORT_CONTROLS").update(stance="PROMOTES")
    type(ver).objects.filter(pk=ver.pk).update(ruleset_version="old")
    factories.user_with_role(ADMINISTRATORS, username="boss", password=PASSWORD)

    log_in(page, "boss", PASSWORD)
    page.goto("/retag/")
    section = page.locator("#retag-us-plan")
    row = section.get_by_role("row", name="Export controls")
    expect(row.get_by_role("cell")).to_have_text(["0", "0", "1"])
    page.evaluate("window.__marker = 'same page'")

    section.get_by_role("button", name="Apply").click()

    expect(page.get_by_role("status")).to_have_text(
        "Retagged: 0 added, 0 dropped, 1 changed; 0 analyst decisions kept."
    )
    # htmx swapped the fragment: no full page load happened.
    assert page.evaluate("window.__marker") == "same page"
    assert Tag.objects.for_version(ver).get(theme="EXPORT_CONTROLS").stance == "RESTRICTS"
