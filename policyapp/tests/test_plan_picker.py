"""The plan pickers of the matrix and the reader in a large library: the chosen plans and a
few others are listed, the rest are found by name, in a fixed number of queries."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from policyapp.roles import ANALYSTS
from policyapp.tests import factories
from policyapp.views import compare

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("themes")]


def _library(count: int) -> None:
    for n in range(count):
        doc = factories.document(short_name=f"plan-{n:02d}", title=f"Plan {n:02d}", jurisdiction="FR")
        factories.version(doc)
    doc = factories.document(short_name="kr-plan", title="Korea's AI Basic Plan", jurisdiction="KR")
    factories.clause(factories.version(doc))


def _listed(html: str, name: str = "plans") -> list[tuple[str, bool]]:
    return [
        (value, bool(checked))
        for value, checked in re.findall(rf'<input type="checkbox" name="{name}" value="([^"]+)"( checked)?', html)
    ]


@pytest.fixture
def analyst(client, monkeypatch):
    monkeypatch.setattr(compare, "PICKER_PLANS", 3)
    client.force_login(factories.user_with_role(ANALYSTS))
    return client


def test_the_matrix_picker_lists_the_chosen_and_a_few_and_finds_the_rest(analyst):
    _library(6)
    html = analyst.get(reverse("compare") + "?plans=plan-04,plan-05").text
    assert _listed(html) == [("plan-04", True), ("plan-05", True), ("plan-00", False),
                             ("plan-01", False), ("plan-02", False)]  # fmt: skip
    assert "Plans compared: 2 of 7 ready" in html
    assert "2 more plans not listed: find them by name." in html

    found = analyst.get(reverse("compare") + "?plans=plan-04,plan-05&find=korea").text
    assert _listed(found) == [("plan-04", True), ("plan-05", True), ("kr-plan", False)]
    assert 'name="find" value="korea"' in found
    # A jurisdiction finds its plans too.
    assert ("kr-plan", False) in _listed(analyst.get(reverse("compare") + "?plans=plan-00&find=KR").text)


def test_the_reader_picker_finds_a_plan_without_losing_the_ticked_ones(analyst):
    _library(6)
    url = reverse("compare_read")
    response = analyst.get(f"{url}?plans=plan-03&plans=plan-05&find=Korea")
    # Looking for a plan is not a submission to shorten: the page stays, with what it found.
    assert response.status_code == 200
    assert _listed(response.text) == [("plan-03", True), ("plan-05", True), ("kr-plan", False)]
    plain = analyst.get(f"{url}?plans=plan-03,plan-05").text
    assert "2 more plans not listed" in plain


def test_the_pickers_cost_the_same_queries_in_a_small_and_a_large_library(analyst):
    def queries(path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert analyst.get(path).status_code == 200
        return len(captured)

    paths = [reverse("compare") + "?plans=plan-00,plan-01", reverse("compare_read") + "?plans=plan-00,plan-01"]
    _library(4)
    small = [queries(path) for path in paths]
    _library_more = [factories.version(factories.document(title=f"More {n}")) for n in range(30)]
    assert len(_library_more) == 30
    assert [queries(path) for path in paths] == small


def test_search_names_the_plan_when_the_library_is_too_large_to_list(analyst, monkeypatch):
    from policyapp.views import search

    _library(2)
    factories.clause(factories.version(factories.document(short_name="fr-plan")))
    listed = analyst.get(reverse("search") + "?q=encourage").text
    assert '<select name="plan">' in listed and 'value="kr-plan"' in listed
    monkeypatch.setattr(search, "PLAN_CHOICES", 2)
    named = analyst.get(reverse("search") + "?q=encourage&plan=kr-plan")
    assert '<select name="plan">' not in named.text
    assert '<input type="text" name="plan" value="kr-plan"' in named.text
    # The filter still applies: every result is the named plan's.
    shown = {c.version.document.short_name for c in named.context["page"].object_list}
    assert shown == {"kr-plan"}
    everywhere = analyst.get(reverse("search") + "?q=encourage").context["page"].object_list
    assert {c.version.document.short_name for c in everywhere} == {"kr-plan", "fr-plan"}
