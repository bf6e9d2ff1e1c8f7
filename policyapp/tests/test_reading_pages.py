"""The single plan's reading view, a page of clauses at a time."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from policyapp.roles import VIEWERS
from policyapp.tests import factories
from policyapp.tests.plans import built_plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("themes")]

SIZE = 25


@pytest.fixture
def reader(client, settings):
    settings.POLICYAPP_PAGE_CLAUSES = SIZE
    client.force_login(factories.user_with_role(VIEWERS))
    return client


def ordinals(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<div class="clause [^"]*" id="c(\d+)"', html)]


def url(version, **params) -> str:
    base = reverse("document_version", args=[version.document.short_name, version.number])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_the_first_screen_holds_one_page_and_a_link_to_the_next(reader):
    version = built_plan("long", clauses=120)
    response = reader.get(reverse("document_detail", args=["long"]))
    assert ordinals(response.text) == list(range(1, SIZE + 1))
    assert response.context["page"].next_from == SIZE + 1
    # Without JavaScript the link loads the next page; with htmx it loads when scrolled to.
    assert f'<a href="{url(version, **{"from": SIZE + 1})}">More clauses</a>' in response.text
    assert 'hx-trigger="intersect once"' in response.text


def test_following_pages_continue_without_gaps_or_duplicates(reader):
    version = built_plan("long", clauses=120)
    seen, start = [], 1
    while start:
        response = reader.get(url(version, **{"from": start}), headers={"HX-Request": "true"})
        assert "<html" not in response.text
        assert "HX-Request" in response["Vary"]
        seen += ordinals(response.text)
        start = response.context["page"].next_from
    assert seen == list(range(1, 121))
    assert "More clauses" not in response.text  # the last page ends the list


def test_earlier_pages_end_where_the_shown_ones_begin(reader):
    version = built_plan("long", clauses=120)
    page = reader.get(url(version, **{"from": 61}))
    assert ordinals(page.text)[0] == 61
    assert f'href="{url(version, before=61)}"' in page.text
    earlier = reader.get(url(version, before=61), headers={"HX-Request": "true"})
    assert ordinals(earlier.text) == list(range(36, 61))
    assert f'href="{url(version, before=36)}"' in earlier.text
    first = reader.get(url(version, before=26), headers={"HX-Request": "true"})
    assert ordinals(first.text) == list(range(1, 26)) and "Earlier clauses" not in first.text


def test_a_permanent_link_opens_the_page_that_holds_the_clause(reader):
    version = built_plan("long", clauses=120)
    response = reader.get(url(version, at=83))
    # The page as read from the start (76-100), so the clause has its context above it.
    assert ordinals(response.text) == list(range(76, 101))
    # Each clause's label is its permanent link.
    assert f'href="{url(version, at=83)}#c83" class="clause-label"' in response.text


def test_the_table_of_contents_jumps_to_a_section_not_loaded_yet(reader):
    version = built_plan("long", clauses=120, per_section=10)
    first_screen = reader.get(reverse("document_detail", args=["long"]))
    jump = url(version, section=9)
    assert f'href="{jump}#s9"' in first_screen.text
    assert 'id="s9"' not in first_screen.text  # section 9 starts at clause 81

    page = reader.get(jump)
    assert ordinals(page.text)[0] == 81 and 'id="s9"' in page.text
    fragment = reader.get(jump, headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert ordinals(fragment.text)[0] == 81
    assert "Earlier clauses" in fragment.text and "More clauses" in fragment.text


def test_each_section_anchor_appears_once_across_pages(reader):
    version = built_plan("long", clauses=120, per_section=7)
    html, start = "", 1
    while start:
        response = reader.get(url(version, **{"from": start}), headers={"HX-Request": "true"})
        html += response.text
        start = response.context["page"].next_from
    anchors = re.findall(r'id="s(\d+)"', html)
    assert anchors == [str(n) for n in range(1, 19)]


def test_rows_keep_tags_evidence_and_source_links(reader):
    version = built_plan("tagged", clauses=4, tag_every=2)
    response = reader.get(url(version))
    clause = version.clauses.get(ordinal=1)
    tag = clause.tags.get()
    assert '<mark class="evidence mark-theme-1"' in response.text
    assert f'id="tag-{tag.pk}-evidence"' in response.text
    assert "<code>test-rule</code> on “<span lang=\"en\">open data" in response.text
    assert reverse("clause_source", args=["tagged", 1, 1]) in response.text


def test_the_plan_text_is_not_loaded(reader):
    version = built_plan("long", clauses=30)
    with CaptureQueriesContext(connection) as queries:
        reader.get(url(version))
    version_reads = [q["sql"] for q in queries if 'FROM "policyapp_version"' in q["sql"]]
    assert version_reads and all('"policyapp_version"."text"' not in sql for sql in version_reads)


@pytest.mark.parametrize(
    "params",
    [{}, {"from": 31}, {"at": 40}, {"section": 4}],
    ids=["first screen", "later page", "permanent link", "section"],
)
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])
def test_queries_do_not_grow_with_the_plan(reader, params, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    counts = []
    for n, clauses in enumerate((60, 1200)):
        version = built_plan(f"plan-{n}", clauses=clauses)
        reader.get(url(version, **params), headers=headers)  # session and permissions cached
        with CaptureQueriesContext(connection) as queries:
            response = reader.get(url(version, **params), headers=headers)
        assert response.status_code == 200 and ordinals(response.text)
        counts.append(len(queries))
    assert counts[0] == counts[1]
