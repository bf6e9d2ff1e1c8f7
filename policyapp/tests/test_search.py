"""Search across all plans: words, Chinese, every filter, paging, CSV, both databases."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from policyapp.models import TagStatus
from policyapp.search import SearchFilters, parse_terms, search_clauses, snippet_html
from policyapp.tests import factories
from policyapp.tests.plans import plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("themes")]

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text ranking and headlines are PostgreSQL's"
)
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the LIKE fallback is what SQLite runs"
)

OPEN = {"OPEN_SOURCE": "PROMOTES"}
US = [
    (
        "Encourage Open-Source and Open-Weight AI",
        OPEN | {"OPEN_WEIGHTS": "PROMOTES"},
        "ENCOURAGEMENT",
    ),
    (
        "Open-weight models are made freely available by developers.",
        {"OPEN_WEIGHTS": "NEUTRAL"},
        "STATEMENT",
    ),
    (
        "Strengthen export controls on advanced chips.",
        {"EXPORT_CONTROLS": "RESTRICTS"},
        "DIRECTIVE",
    ),
    ("Train the workforce for the jobs of the future.", {}, "DIRECTIVE"),
]
GB = [
    ("We will publish open data sets for researchers.", {"OPEN_DATA": "PROMOTES"}, "DIRECTIVE"),
    (
        "Open-weight releases carry risks the institute will assess.",
        {"OPEN_WEIGHTS": "NEUTRAL"},
        "DIRECTIVE",
    ),
]
CN = [
    ("促进开源生态繁荣。", OPEN, "ENCOURAGEMENT"),
    ("支持人工智能开源社区建设，培育优质开源项目。", OPEN, "ENCOURAGEMENT"),
    ("加强芯片出口管制。", {"EXPORT_CONTROLS": "RESTRICTS"}, "DIRECTIVE"),
]


@pytest.fixture
def plans():
    return {
        "us": plan(US, title="US plan", short_name="us-plan"),
        "gb": plan(GB, jurisdiction="GB", title="UK plan", short_name="uk-plan"),
        "cn": plan(CN, language="zh", jurisdiction="CN", title="CN plan", short_name="cn-plan"),
    }


@pytest.fixture
def viewer(client):
    client.force_login(factories.user_with_role("Viewers"))
    return client


def found(**params) -> list[str]:
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, value in params.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    results = search_clauses(SearchFilters.from_query(query)).clauses
    return [f"{c.version.document.short_name}:{c.ordinal}" for c in results]


def test_open_weight_finds_clauses_in_both_english_plans(plans):
    assert sorted(found(q="open-weight")) == ["uk-plan:2", "us-plan:1", "us-plan:2"]


def test_a_chinese_query_finds_the_chinese_clauses(plans):
    assert found(q="开源") == ["cn-plan:1", "cn-plan:2"]
    assert found(q="开源 社区") == ["cn-plan:2"]


def test_old_versions_are_not_searched(plans):
    document = plans["us"].document
    factories.version(document, text="A revision.", number=2)  # ready, newer, no clauses
    assert not [r for r in found(q="open-weight") if r.startswith("us-plan")]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"plan": "uk-plan"}, ["uk-plan:2"]),
        ({"plan": ["uk-plan", "us-plan"]}, ["uk-plan:2", "us-plan:1", "us-plan:2"]),
        ({"jurisdiction": "us"}, ["us-plan:1", "us-plan:2"]),
        ({"theme": "OPEN_SOURCE"}, ["us-plan:1"]),
        ({"stance": "NEUTRAL"}, ["uk-plan:2", "us-plan:2"]),
        ({"modality": "DIRECTIVE"}, ["uk-plan:2"]),
        ({"commitments": "1"}, ["uk-plan:2", "us-plan:1"]),
    ],
    ids=["plan", "plans", "jurisdiction", "theme", "stance", "modality", "commitments"],
)
def test_each_filter_narrows_the_search(plans, params, expected):
    assert sorted(found(q="open-weight", **params)) == expected


def test_filters_alone_list_every_matching_clause(plans):
    assert found(theme="EXPORT_CONTROLS", stance="RESTRICTS") == ["cn-plan:3", "us-plan:3"]


def test_a_rejected_tag_does_not_match_its_theme(plans):
    tag = plans["us"].clauses.get(ordinal=3).tags.get()
    tag.status, tag.decided_at = TagStatus.REJECTED, tag.created_at
    tag.save()
    assert found(theme="EXPORT_CONTROLS") == ["cn-plan:3"]


def test_words_phrases_and_exclusions_are_read_as_websearch_does():
    terms = parse_terms('"export controls" chips -advanced or 开源')
    assert terms.include == ("export controls", "chips", "开源")
    assert terms.exclude == ("advanced",)


def test_snippet_marks_matches_and_escapes_the_text():
    html = snippet_html("Open <b>weights</b> and open-weight models", parse_terms("open-weight"))
    assert html == "Open &lt;b&gt;weights&lt;/b&gt; and <mark>open-weight</mark> models"


@sqlite_only
def test_sqlite_fallback_needs_every_word_and_keeps_reading_order(plans):
    assert found(q="open models") == ["us-plan:2"]
    assert found(q="open-weight -institute") == ["us-plan:1", "us-plan:2"]
    assert found(q='"export controls"') == ["us-plan:3"]


@postgresql_only
def test_postgresql_ranks_by_relevance_and_stems(plans):
    # "controlling" stems to "control"; the clause with both words twice ranks first.
    plan(
        [
            ("Export controls and more export controls on chips.", {}, "DIRECTIVE"),
            ("Chips are controlled.", {}, "STATEMENT"),
        ],
        jurisdiction="EU",
        short_name="eu-plan",
    )
    results = found(q="controlling chips")
    assert results[0] == "eu-plan:1"
    assert set(results) == {"eu-plan:1", "eu-plan:2", "us-plan:3"}
    assert found(q='"export controls" -advanced') == ["eu-plan:1"]


@postgresql_only
def test_postgresql_headline_marks_the_matched_words(viewer, plans):
    response = viewer.get(reverse("search"), {"q": "export controls"})
    html = response.content.decode()
    assert "Strengthen <mark>export</mark> <mark>controls</mark> on advanced chips" in html


def test_results_link_to_the_clause_in_its_plan_and_in_the_reader(viewer, plans):
    response = viewer.get(reverse("search"), {"q": "开源"})
    html = response.content.decode()
    clause = plans["cn"].clauses.get(ordinal=2)
    assert 'href="/documents/cn-plan/?at=2#c2"' in html
    assert f'href="/compare/read/?plans=cn-plan&amp;clause={clause.pk}"' in html
    assert "<mark>开源</mark>" in html
    assert "2 clauses" in html


def test_pages_through_results(viewer):
    plan([(f"Open data set number {i}.", {}, "DIRECTIVE") for i in range(45)], short_name="many")
    first = viewer.get(reverse("search"), {"q": "open data"})
    third = viewer.get(reverse("search"), {"q": "open data", "page": 3})
    assert len(first.context["page"].object_list) == 20
    assert [c.ordinal for c in third.context["page"].object_list] == [41, 42, 43, 44, 45]
    assert "page=2" in first.content.decode() and "45 clauses" in first.content.decode()


def test_htmx_gets_the_results_fragment(viewer, plans):
    response = viewer.get(reverse("search"), {"q": "开源"}, headers={"HX-Request": "true"})
    assert response.content.decode().lstrip().startswith('<section id="results"')


def test_csv_of_the_whole_result(viewer, plans):
    response = viewer.get(
        reverse("search"), {"q": "open-weight", "stance": "NEUTRAL", "format": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith(
        'attachment; filename="policyapp-search-open-weight-'
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert sorted((r["plan"], r["label"]) for r in rows) == [("uk-plan", "2"), ("us-plan", "2")]
    row = next(r for r in rows if r["plan"] == "us-plan")
    assert row["themes"] == "OPEN_WEIGHTS:NEUTRAL"
    assert row["text"] == US[1][0]
    assert row["url"].endswith("/documents/us-plan/?at=2#c2")


def test_search_needs_a_login(client):
    response = client.get(reverse("search"), {"q": "open"})
    assert response.status_code == 302


def _queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("search"), params).status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_the_plans(viewer, plans):
    small = _queries(viewer, q="open", theme="OPEN_WEIGHTS")
    plan(
        [
            (f"Open-weight model {i}.", {"OPEN_WEIGHTS": "PROMOTES"}, "DIRECTIVE")
            for i in range(300)
        ],
        short_name="big",
    )
    assert _queries(viewer, q="open", theme="OPEN_WEIGHTS") == small
    assert _queries(viewer, q="开源") == _queries(viewer, q="开源", plan="cn-plan")


def test_character_pairs_are_what_the_index_holds():
    from policyapp.search import character_pairs

    assert character_pairs("开源社区") == "开源 源社 社区"
    assert character_pairs("开源") == "开源"


def test_chinese_words_are_found_whole_not_as_scattered_pairs(viewer):
    # Every pair of 开源社区 occurs in the second clause, but never the four characters
    # together: the pairs find candidates, the text decides.
    plan(
        [
            ("支持人工智能开源社区建设。", OPEN, "ENCOURAGEMENT"),
            ("源社与开源及社区合作。", {}, "STATEMENT"),
            ("The plan calls this 开源社区 in Chinese.", {}, "STATEMENT"),
        ],
        language="zh",
        jurisdiction="CN",
        title="CN plan",
        short_name="cn-plan",
    )
    assert found(q="开源社区") == ["cn-plan:1", "cn-plan:3"]
    assert found(q="社区") == ["cn-plan:1", "cn-plan:2", "cn-plan:3"]


def test_results_are_counted_up_to_a_limit(viewer, plans, monkeypatch):
    from policyapp.views import search as view

    monkeypatch.setattr(view, "COUNT_LIMIT", 2)
    response = viewer.get(reverse("search") + "?q=open")
    assert "More than 2 clauses (the first 2 are listed" in response.text
    assert response.context["page"].paginator.num_pages == 1
    few = viewer.get(reverse("search") + "?q=chips")
    assert "1 clause" in few.text and "More than" not in few.text


def _shown(client, **params) -> list[tuple[str, int]]:
    page = client.get(reverse("search"), params).context["page"]
    return [(c.version.document.short_name, c.ordinal) for c in page.object_list]


@pytest.mark.parametrize("q", ["data", "开放"], ids=["words", "chinese"])
def test_pages_list_every_match_once_in_the_order_of_the_whole_result(viewer, q):
    # A page's rows are chosen by key, then read whole: paging must still walk the one
    # order of the whole result. "data" occurs one to four times a clause, so ranks differ
    # (on PostgreSQL) and tie within a plan; two plans make the plan part of the order.
    zh = q == "开放"
    for name in ("alpha", "beta"):
        plan(
            [
                (
                    ("数据开放，" * (i % 4 + 1) if zh else "open data, " * (i % 4 + 1))
                    + ("条款" if zh else "clause")
                    + f" {i}.",
                    {},
                    "STATEMENT",
                )
                for i in range(23)
            ]
            + [("无关的条款。" if zh else "An unrelated clause.", {}, "STATEMENT")],
            language="zh" if zh else "en",
            short_name=f"{name}-plan",
            title=f"Plan {name}",
        )
    whole = [(s.split(":")[0], int(s.split(":")[1])) for s in found(q=q)]
    pages = [_shown(viewer, q=q, page=n) for n in (1, 2, 3)]
    assert [len(p) for p in pages] == [20, 20, 6]
    assert [row for p in pages for row in p] == whole
    assert sorted(whole) == sorted(
        (name, i) for name in ("alpha-plan", "beta-plan") for i in range(1, 24)
    )


@postgresql_only
def test_a_page_is_ranked_by_how_strongly_each_clause_matches(viewer):
    plan(
        [
            ("Data.", {}, "STATEMENT"),
            ("Open data, data sets and data sharing.", {}, "STATEMENT"),
            ("Open data and data sharing.", {}, "STATEMENT"),
            ("Nothing to see here.", {}, "STATEMENT"),
        ],
        short_name="ranked",
    )
    page = viewer.get(reverse("search"), {"q": "data"}).context["page"]
    assert [c.ordinal for c in page.object_list] == [2, 3, 1]
    assert "<mark>data</mark>" in str(page.object_list[0].snippet)


@postgresql_only
def test_the_theme_filter_has_a_covering_index_of_tags():
    # Migration 0017: a theme's tags, with what the filters check of each, from the index
    # alone (the model cannot declare it: SQLite has no included columns).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = "
            "'policyapp_tag_theme_clause_covering'"
        )
        (definition,) = cursor.fetchone()
    assert "(theme_id, clause_id) INCLUDE (stance, modality, status)" in definition


@postgresql_only
def test_a_filtered_word_search_leaves_the_connections_planner_settings_alone(viewer, plans):
    # Its keys are planned without parallel workers (see SearchResults.keys), for that
    # query only: the next page on the same connection plans as the server says.
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        (before,) = cursor.fetchone()
    shown = _shown(viewer, q="open-weight", theme="OPEN_WEIGHTS")
    assert sorted(shown) == [("uk-plan", 2), ("us-plan", 1), ("us-plan", 2)]
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone() == (before,)


@pytest.mark.parametrize(
    "params",
    [{"theme": "OPEN_DATA"}, {"stance": "PROMOTES"}, {"jurisdiction": "GB"},
     {"theme": "OPEN_DATA", "commitments": "1"}, {"plan": ["gb-b", "us-a"]}],
    ids=["theme", "stance", "jurisdiction", "commitments", "plans"],
)  # fmt: skip
def test_filters_alone_page_through_every_match_in_reading_order_whichever_way_is_read(
    viewer, params, monkeypatch
):
    """Without words, a common filter is read plan by plan on PostgreSQL (WALK_ABOVE):
    the pages must list what the sorted query lists, in its order: plans by jurisdiction
    and title, two plans of one title one after the other, each in its own order."""
    from policyapp import search

    rows = [(f"We will publish open data sets, part {i}.", {"OPEN_DATA": "PROMOTES"}, "DIRECTIVE")
            if i % 3 else (f"A clause on something else, {i}.", {}, "STATEMENT") for i in range(1, 16)]  # fmt: skip
    for short_name, jurisdiction, title in [
        ("us-a", "US", "Plan"), ("gb-b", "GB", "Plan"), ("gb-a", "GB", "Plan"),
        ("gb-c", "GB", "Another plan"), ("cn-a", "CN", "Plan"),
    ]:  # fmt: skip
        plan(rows, jurisdiction=jurisdiction, title=title, short_name=short_name)
    sorted_query = [(s.split(":")[0], int(s.split(":")[1])) for s in found(**params)]
    assert len(sorted_query) > 20  # more than a page

    def pages() -> list[tuple[str, int]]:
        return [row for n in (1, 2, 3, 4) for row in _shown(viewer, page=n, **params)][: len(sorted_query)]

    monkeypatch.setattr(search, "WALK_ABOVE", -1)  # every filter is common
    walked = pages()
    monkeypatch.setattr(search, "WALK_ABOVE", 10**9)  # none is
    assert walked == pages() == sorted_query
    # Plan by plan: no plan's clauses are interleaved with another's.
    plans_in_order = [name for n, (name, _) in enumerate(walked) if n == 0 or walked[n - 1][0] != name]
    assert len(plans_in_order) == len(set(plans_in_order))


def test_a_walked_search_runs_as_many_queries_whatever_the_library(viewer, monkeypatch):
    from policyapp import search

    monkeypatch.setattr(search, "WALK_ABOVE", -1)
    rows = [("We will publish open data sets.", {"OPEN_DATA": "PROMOTES"}, "DIRECTIVE")] * 5
    plan(rows, short_name="first", title="First")
    viewer.get(reverse("search"), {"theme": "OPEN_DATA"})  # sessions, caches
    with CaptureQueriesContext(connection) as few:
        viewer.get(reverse("search"), {"theme": "OPEN_DATA"})
    for n in range(6):
        plan(rows * 8, short_name=f"more-{n}", title=f"More {n}")
    with CaptureQueriesContext(connection) as many:
        viewer.get(reverse("search"), {"theme": "OPEN_DATA"})
    assert len(many) == len(few)


def test_the_csv_lists_matches_in_the_pages_order_up_to_its_limit(viewer, plans, monkeypatch):
    from policyapp.views import search as view

    tag = plans["us"].clauses.get(ordinal=1).tags.get(theme="OPEN_WEIGHTS")
    tag.status, tag.decided_at = TagStatus.REJECTED, tag.created_at
    tag.save()

    def csv_rows(**params):
        response = viewer.get(reverse("search"), params | {"format": "csv"})
        return list(csv.DictReader(io.StringIO(response.content.decode())))

    rows = csv_rows(q="open")
    assert [(r["plan"], int(r["label"])) for r in rows] == _shown(viewer, q="open")
    first = next(r for r in rows if (r["plan"], r["label"]) == ("us-plan", "1"))
    assert first["themes"] == "OPEN_SOURCE:PROMOTES"  # the rejected tag is not counted
    monkeypatch.setattr(view, "CSV_MAX_ROWS", 2)
    assert [(r["plan"], r["label"]) for r in csv_rows(q="open")] == [
        (r["plan"], r["label"]) for r in rows[:2]
    ]
    with CaptureQueriesContext(connection) as queries:
        assert len(csv_rows(stance="PROMOTES")) == 2
    assert len(queries) < 12
