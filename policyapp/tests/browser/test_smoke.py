"""A person logs in and sees the plans."""

import pytest

from policyapp.roles import ANALYSTS
from policyapp.tests import factories
from policyapp.tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_analyst_logs_in_and_sees_the_document_list(page):
    factories.version(factories.document(title="America's AI Action Plan"))
    factories.user_with_role(ANALYSTS, username="ana", password="a-long-test-password")

    page.goto("/")
    # Anonymous visitors see only the login page.
    assert "/login/?next=/" in page.url
    assert page.get_by_role("heading", name="Log in").is_visible()
    log_in(page, "ana", "a-long-test-password")

    page.get_by_role("heading", name="Plans", exact=True).wait_for()
    plans = page.get_by_role("table", name="Plans and the status of their latest version")
    row = plans.get_by_role("row", name="America's AI Action Plan")
    assert "Ready" in row.inner_text()
    assert page.get_by_role("button", name="Log out").is_visible()
    # htmx was served by this server and ran.
    assert page.evaluate("typeof window.htmx") == "object"


def test_wrong_password_is_refused_with_a_message(page):
    factories.user_with_role(ANALYSTS, username="ana", password="a-long-test-password")
    log_in(page, "ana", "not-the-password")
    assert (
        page.get_by_role("alert").inner_text().startswith("Your username and password didn't match")
    )
    assert page.url.endswith("/login/")
