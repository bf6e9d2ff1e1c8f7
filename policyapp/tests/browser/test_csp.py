"""Under the Content-Security-Policy every screen works: nothing is blocked (no inline script
or style slipped into a template), as Chromium itself reports."""

from __future__ import annotations

import pytest
from django.conf import settings

from policyapp.roles import ADMINISTRATORS
from policyapp.services.ingest import DocumentFields, version_upload
from policyapp.tests import factories
from policyapp.tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a-long-test-password"

PLAN = b"""# Open Plan

## 1. Data

We will publish open data sets for AI research. Agencies shall share compute with universities.
Led by the Department of Commerce, strengthen export controls on advanced chips.
"""

# Each screen, reached as an administrator (who sees every control).
SCREENS = [
    "/",
    "/upload/",
    "/retag/",
    "/documents/open-plan/",
    "/documents/open-plan/v1/status/",
    "/documents/open-plan/v1/clauses/1/source/",
    "/compare/?plans=open-plan",
    "/history/",
    "/exports/",
    "/search/?q=open+data",
    "/documents/open-plan/review/",
    "/agreement/",
    "/users/",
    "/documents/open-plan/orphans/",
    "/admin/",
]


def test_no_screen_breaks_the_content_security_policy(page):
    assert settings.SECURE_CSP["style-src"] == ["'self'"]
    version_upload(
        data=PLAN,
        filename="plan.md",
        new_document=DocumentFields(title="Open Plan", jurisdiction="GB", short_name="open-plan"),
    )
    factories.user_with_role(ADMINISTRATORS, username="ada", password=PASSWORD)
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(f"{page.url}: {message.text}")
        if "Content Security Policy" in message.text
        else None,
    )
    log_in(page, "ada", PASSWORD)
    for path in SCREENS:
        response = page.goto(path)
        assert response is not None and response.status < 400, path
        page.wait_for_load_state("networkidle")
    assert violations == []
