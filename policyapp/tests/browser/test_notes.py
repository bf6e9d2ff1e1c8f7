"""Notes in Chromium: a note on selected words, a colleague's reply, a hostile note that
runs nothing, and the same note written without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from policyapp.models import Annotation
from policyapp.roles import ADMINISTRATORS, ANALYSTS
from policyapp.services.notes import note_add
from policyapp.tests import factories
from policyapp.tests.browser.conftest import ARTIFACTS, log_in, select_words

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password"
# An emoji before the words: the browser counts it as two units, the server as one.
FIRST = "We welcome 😀 contributions and encourage open-source AI development."
SECOND = "Agencies shall publish open data sets."


def plan():
    doc = factories.document(short_name="us-plan", title="America's AI Action Plan", jurisdiction="US")
    ver = factories.version(doc, text=f"{FIRST} {SECOND}")
    first = factories.clause(ver, start=0, end=len(FIRST), label="I › 1")
    factories.clause(ver, start=len(FIRST) + 1, label="I › 2")
    return doc, first



def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"notes-{name}.png"), full_page=True)


def test_an_analyst_notes_selected_words_and_a_colleague_replies(page, chromium, live_server):
    doc, clause = plan()
    factories.user_with_role(ANALYSTS, username="ana", password=PASSWORD)
    factories.user_with_role(ANALYSTS, username="ben", password=PASSWORD)

    log_in(page, "ana", PASSWORD)
    page.goto(doc.get_absolute_url())
    expect(page.locator("#c1 .note-on-selection")).to_be_hidden()
    select_words(page, "c1-text", "open-source AI")
    offer = page.locator("#c1").get_by_role("button", name="Note on the selected words")
    # Offered on the clause the words are in, not on the others.
    expect(page.locator("#c2 .note-on-selection")).to_be_hidden()
    expect(offer).to_be_visible()
    offer.click()

    thread = page.locator("#c1-notes")
    body = thread.get_by_label("New note")
    expect(body).to_be_focused()
    expect(thread.get_by_label("On the words")).to_have_value("open-source AI")
    body.fill("Which licences count as open source here? See https://opensource.org/osd")
    thread.get_by_role("button", name="Add note").click()

    expect(thread.get_by_role("status")).to_have_text("Note saved.")
    expect(thread.locator(".note-quote-text")).to_have_text("open-source AI")
    link = thread.get_by_role("link", name="https://opensource.org/osd")
    expect(link).to_have_attribute("rel", "noopener noreferrer nofollow")
    note = Annotation.objects.get()
    assert FIRST[note.quote_start : note.quote_end] == "open-source AI"
    assert note.quote_start == FIRST.index("open-source AI")  # code points, not UTF-16 units
    page.reload()
    expect(page.locator("#c1 mark.note-quote")).to_have_text("open-source AI")
    expect(page.locator("#c1").get_by_role("link", name="1 note")).to_be_visible()
    shot(page, "1-quote-note")

    # A colleague opens the thread and replies.
    page.context.clear_cookies()
    log_in(page, "ben", PASSWORD)
    page.goto(doc.get_absolute_url())
    page.locator("#c1").get_by_role("link", name="1 note").click()
    thread = page.locator("#c1-notes")
    expect(thread.get_by_role("heading", name="1 note")).to_be_focused()
    thread.locator("summary", has_text="Reply").click()
    thread.get_by_label("Your reply").fill("Those meeting the OSI definition.")
    thread.get_by_role("button", name="Send reply").click()
    expect(thread.get_by_role("status")).to_have_text("Reply saved.")
    expect(thread.locator(".note-replies")).to_contain_text("ben")
    expect(thread.locator(".note-replies")).to_contain_text("Those meeting the OSI definition.")
    # ben may reply to ana's note but not edit or delete it.
    expect(thread.get_by_role("link", name="Edit your note")).to_have_count(1)  # his reply
    reply = Annotation.objects.get(parent__isnull=False)
    assert (reply.parent, reply.author.username) == (note, "ben")
    shot(page, "2-reply")

    # The administrator finds both in the history, and on the home page.
    factories.user_with_role(ADMINISTRATORS, username="root", password=PASSWORD)
    page.context.clear_cookies()
    log_in(page, "root", PASSWORD)
    page.get_by_role("link", name="History", exact=True).click()
    rows = page.locator("table.history tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("ben wrote a reply on US › I › 1")
    expect(rows.nth(1)).to_contain_text("ana wrote a note on “open-source AI” on US › I › 1")
    shot(page, "5-history")
    page.goto("/")
    activity = page.get_by_role("region", name="Recent activity")
    expect(activity.get_by_role("listitem")).to_have_count(2)
    activity.get_by_role("link", name="reply on US › I › 1").click()
    expect(page.locator(f"#note-{reply.pk}")).to_be_visible()
    shot(page, "6-from-recent-activity")


def test_a_hostile_note_runs_nothing(page):
    doc, clause = plan()
    ana = factories.user_with_role(ANALYSTS, username="ana", password=PASSWORD)
    hostile = (
        '<script>window.__pwned = "script"</script>'
        '<img src=x onerror="window.__pwned = \'img\'">'
        '<a href="javascript:window.__pwned=1">javascript:window.__pwned=1</a>'
    )
    note_add(clause=clause, user=ana, body=hostile)
    log_in(page, "ana", PASSWORD)
    page.goto("/documents/us-plan/v1/?notes=1#c1-notes")
    body = page.locator("#c1-notes .note-body")
    expect(body).to_contain_text('<script>window.__pwned = "script"</script>')
    expect(body).to_contain_text("<img src=x onerror=")
    assert body.locator("img, script, a").count() == 0
    # And once more through the htmx swap.
    page.goto(doc.get_absolute_url())
    page.locator("#c1").get_by_role("link", name="1 note").click()
    expect(page.locator("#c1-notes .note-body")).to_contain_text("<img src=x")
    page.locator("#c1-notes .note-body").click()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    shot(page, "3-hostile-as-text")


def test_without_javascript_an_analyst_types_the_quote(chromium, live_server, themes):
    doc, clause = plan()
    factories.user_with_role(ANALYSTS, username="ana", password=PASSWORD)
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, "ana", PASSWORD)
        page.goto(doc.get_absolute_url())
        expect(page.locator("#c2 .note-on-selection")).to_be_hidden()
        page.locator("#c2").get_by_role("link", name="Add a note").click()
        assert "?notes=2" in page.url
        thread = page.locator("#c2-notes")
        thread.get_by_label("New note").fill("Which data sets?")
        thread.get_by_label("On the words").fill("open data sets")
        thread.get_by_role("button", name="Add note").click()
        expect(page.locator("#c2 mark.note-quote")).to_have_text("open data sets")
        expect(page.locator("#c2-notes .note-body")).to_have_text("Which data sets?")
        shot(page, "4-without-javascript")
    finally:
        context.close()
