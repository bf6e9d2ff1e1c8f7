"""An administrator uploads a PDF, watches it being read by a real worker, then reads it."""

import pytest
from django.core.management import call_command

from policyapp.models import Version
from policyapp.roles import ADMINISTRATORS
from policyapp.tests import factories
from policyapp.tests.browser.conftest import log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.corpus]


def test_administrator_uploads_a_pdf_sees_progress_then_reads_it(page, corpus_dir, settings):
    # Queue ingest in the database, as in production, so the page has something to wait for.
    settings.POLICYAPP_INGEST_BACKEND = "database"
    factories.user_with_role(ADMINISTRATORS, username="ada", password="a-long-test-password")
    log_in(page, "ada", "a-long-test-password")

    page.get_by_role("link", name="Upload").click()
    page.get_by_label("File").set_input_files(str(corpus_dir / "us-ai-action-plan-2025/en.pdf"))
    page.get_by_label("Title").fill("America's AI Action Plan")
    page.get_by_label("Jurisdiction").fill("US")
    page.get_by_role("button", name="Upload and read").click()

    progress = page.locator("#progress")
    progress.get_by_text("Waiting for a worker").wait_for()
    assert page.get_by_role("status").inner_text() == "Uploaded a new plan; reading it now."

    # The worker runs here, in the test's thread; the page keeps polling on its own.
    call_command(
        "db_worker", "--backend", "database", "--batch", "--no-startup-delay", "--no-reload"
    )

    progress.get_by_text("28 pages").wait_for()
    assert "clauses" in progress.inner_text()
    assert progress.locator("progress").get_attribute("value") == "28"
    page.get_by_role("link", name="Read the plan").click()

    # Clauses load a page at a time; the table of contents jumps to the section.
    toc = page.get_by_role("navigation", name="Sections")
    toc.get_by_role("link", name="Encourage Open-Source and Open-Weight AI").click()
    heading = page.get_by_text("Encourage Open-Source and Open-Weight AI", exact=True)
    clause = page.locator("#clauses .clause").filter(has=heading).first
    clause.wait_for()
    assert Version.objects.get().status == "ready"
    # The clause links to its place in the original: its page, with its box marked.
    # The page image is rendered from the PDF and loads.
    with page.expect_response(lambda response: "/pages/7.png" in response.url) as image:
        clause.get_by_role("link", name="p. 4").click()
    assert image.value.status == 200 and image.value.header_value("content-type") == "image/png"
    page.get_by_text("page 4 (page 7 of the file)").wait_for()
    page.locator(".page-highlight").wait_for()
