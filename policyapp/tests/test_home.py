"""The home page: anonymous visitors are sent to log in; members see the plans."""

import pytest
from django.urls import reverse

from policyapp.roles import ANALYSTS
from policyapp.tests import factories

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_log_in_and_see_no_plans(client):
    factories.version(factories.document(title="Secret Working Plan"))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    login = client.get(response["Location"])
    assert login.status_code == 200
    assert "Secret Working Plan" not in login.text


def test_a_member_without_a_role_is_told_to_ask_for_one_and_shown_nothing_else(client):
    factories.version(factories.document(title="Secret Working Plan"))
    client.force_login(type(factories.user_with_role(ANALYSTS)).objects.create_user("newcomer"))
    response = client.get(reverse("home"))
    assert response.status_code == 403
    assert "no role yet" in response.text
    assert "Secret Working Plan" not in response.text
    assert reverse("upload") not in response.text


def test_members_see_each_plan_with_the_status_of_its_latest_version(client):
    ready = factories.document(title="America's AI Action Plan", jurisdiction="US")
    factories.version(ready)
    failed = factories.document(title="AI+ Opinions", jurisdiction="CN", language="zh")
    factories.version(failed, status="failed", error_message="encrypted")
    factories.document(title="Empty Plan")
    client.force_login(factories.user_with_role(ANALYSTS))

    response = client.get(reverse("home"))

    assert response.status_code == 200
    text = response.text
    assert "America&#x27;s AI Action Plan" in text and "AI+ Opinions" in text
    assert 'status-ready">Ready' in text
    assert 'status-failed">Failed' in text
    assert "no file yet" in text
    titles = [document.title for document in response.context["documents"]]
    assert titles == ["AI+ Opinions", "America's AI Action Plan", "Empty Plan"]  # CN, US, US


def test_the_page_loads_htmx_from_this_server_and_sends_the_csrf_header(client):
    client.force_login(factories.user_with_role(ANALYSTS))
    text = client.get(reverse("home")).text
    assert '<script src="/static/django_htmx/htmx-2.min.js"' in text
    assert 'hx-headers=\'{"x-csrftoken"' in text
    assert "https://" not in text.split("<body")[0]


def test_document_page_requires_login(client):
    doc = factories.document()
    response = client.get(doc.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_large_library_is_listed_a_page_of_plans_at_a_time_in_constant_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from policyapp.views.documents import HOME_PLANS

    client.force_login(factories.user_with_role(ANALYSTS))
    for n in range(HOME_PLANS + 7):
        factories.document(title=f"Plan {n:03d}", jurisdiction="FR")
    with CaptureQueriesContext(connection) as first:
        page_one = client.get(reverse("home"))
    titles = [d.title for d in page_one.context["documents"]]
    assert titles == [f"Plan {n:03d}" for n in range(HOME_PLANS)]
    assert f"Plans 1–{HOME_PLANS} of {HOME_PLANS + 7}" in page_one.text
    assert 'href="?plans_page=2#plans-heading">Next plans</a>' in page_one.text

    # The matrix's own parameters stay in the links.
    with CaptureQueriesContext(connection) as second:
        page_two = client.get(reverse("home") + "?per=10k&plans_page=2")
    assert [d.title for d in page_two.context["documents"]] == [
        f"Plan {n:03d}" for n in range(HOME_PLANS, HOME_PLANS + 7)
    ]
    assert 'href="?per=10k&amp;plans_page=1#plans-heading">Previous plans</a>' in page_two.text
    assert len(second) == len(first)
