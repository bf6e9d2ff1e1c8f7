"""The parallel reader: plans in columns, one filter for all, the state in the URL."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from policyapp.models import Tag, TagStatus
from policyapp.roles import VIEWERS
from policyapp.tests import factories
from policyapp.tests.plans import built_plan, expected_ordinals

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("themes")]

SIZE = 20
COLUMN = SIZE // 2  # clauses per page of each of two columns


@pytest.fixture
def reader(client, settings):
    settings.POLICYAPP_PAGE_CLAUSES = SIZE
    client.force_login(factories.user_with_role(VIEWERS))
    return client


def read_url(plans: str, **params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{reverse('compare_read')}?plans={plans}" + (f"&{query}" if query else "")


def shown(html: str, plan: str) -> list[int]:
    return [int(n) for n in re.findall(rf'<div class="clause [^"]*" id="{plan}-c(\d+)"', html)]


def toc_links(toc: str) -> list[tuple[str, str]]:
    """(href, heading) of each entry of a column's table of contents."""
    return [
        (unescape(href), heading)
        for href, heading in re.findall(r'<a href="([^"]+)" data-jump="[^"]+">(?:<span[^>]*>[^<]*</span> )?([^<]*)</a>', toc)
    ]


def all_pages(client, plan: str, url: str) -> list[int]:
    """Every clause of one column, following its htmx fragments page after page."""
    first = client.get(url)
    seen = shown(first.text, plan)
    column = next(c for c in first.context["columns"] if c.short_name == plan)
    fetch = column.more_fetch
    while fetch:
        fragment = client.get(fetch, headers={"HX-Request": "true"})
        assert "<html" not in fragment.text and "HX-Request" in fragment["Vary"]
        seen += shown(fragment.text, plan)
        found = re.search(r'<p class="more more-next" hx-get="([^"]+)"', fragment.text)
        fetch = unescape(found.group(1)) if found else None
    return seen


def test_each_plan_is_a_column_with_its_clauses_and_sections(reader):
    built_plan("us", clauses=30, title="US plan")
    built_plan("cn", clauses=12, language="zh", title="中国计划")
    response = reader.get(read_url("us,cn"))
    assert response.status_code == 200
    assert [c.short_name for c in response.context["columns"]] == ["us", "cn"]
    assert shown(response.text, "us") == list(range(1, COLUMN + 1))
    assert shown(response.text, "cn") == list(range(1, COLUMN + 1))
    us, cn = response.context["columns"]
    assert [heading for _, heading in toc_links(us.toc)] == [f"Section {n}" for n in (1, 2, 3)]
    assert (us.total, cn.total) == (30, 12) and us.matching is None
    assert '<h2 id="cn-title" lang="zh">' in response.text


def test_the_newest_ready_version_of_each_plan_is_read(reader):
    old = built_plan("us", clauses=5)
    newer = factories.version(old.document, text="We will publish open data.")
    factories.clause(newer, label="1")
    factories.version(old.document, status="processing")
    built_plan("cn", clauses=3)
    response = reader.get(read_url("us,cn"))
    assert response.context["columns"][0].version == newer
    assert shown(response.text, "us") == [1]


@pytest.mark.parametrize(
    "conditions",
    [
        {"theme": "OPEN_DATA"},
        {"stance": "RESTRICTS"},
        {"modality": "ENCOURAGEMENT"},
        {"commitments": "1"},
        {"theme": "OPEN_SOURCE", "commitments": "1"},
    ],
    ids=["theme", "stance", "modality", "commitments", "theme and commitments"],
)
def test_the_filter_narrows_every_column(reader, conditions):
    us = built_plan("us", clauses=400, tag_every=2)
    cn = built_plan("cn", clauses=60, tag_every=3, language="zh")
    url = read_url("us,cn", **conditions)
    expected = {
        k: (True if v == "1" else v) for k, v in conditions.items()
    }
    for plan, version in (("us", us), ("cn", cn)):
        wanted = expected_ordinals(version, **expected)
        assert wanted, "the built plans must have clauses for each filter"
        assert all_pages(reader, plan, url) == wanted
    first = reader.get(url)
    assert [c.matching for c in first.context["columns"]] == [
        len(expected_ordinals(us, **expected)),
        len(expected_ordinals(cn, **expected)),
    ]


def test_a_rejected_tag_does_not_match_and_its_clause_leaves_the_filtered_column(reader):
    us = built_plan("us", clauses=10, tag_every=1)
    built_plan("cn", clauses=3)
    tag = Tag.objects.get(clause__version=us, clause__ordinal=1)
    url = read_url("us,cn", theme=tag.theme_id)
    assert 1 in shown(reader.get(url).text, "us")
    Tag.objects.filter(pk=tag.pk).update(status=TagStatus.REJECTED, decided_at=tag.created_at)
    assert 1 not in shown(reader.get(url).text, "us")


def test_paging_without_a_filter_has_no_gaps_and_no_duplicates(reader):
    built_plan("us", clauses=75)
    built_plan("cn", clauses=10)
    assert all_pages(reader, "us", read_url("us,cn")) == list(range(1, 76))


def test_the_url_holds_plans_and_filter_for_every_link(reader):
    built_plan("us", clauses=300, tag_every=1)
    built_plan("cn", clauses=80, tag_every=1)
    response = reader.get(read_url("us,cn", theme="OPEN_DATA", stance="PROMOTES", commitments="1"))
    form = response.context["form"]
    assert form["theme"].value() == "OPEN_DATA" and form["commitments"].value()
    us = response.context["columns"][0]
    for link in (us.more_url, toc_links(us.toc)[1][0], us.choose_url + "5"):
        query = parse_qs(urlsplit(link).query)
        assert query["plans"] == ["us,cn"]
        assert (query["theme"], query["stance"], query["commitments"]) == (
            ["OPEN_DATA"],
            ["PROMOTES"],
            ["1"],
        )
    # Without JavaScript, "More clauses" moves one column on and leaves the other as it is.
    page = reader.get(us.more_url)
    assert shown(page.text, "us")[0] == us.page.next_from
    assert shown(page.text, "cn") == shown(response.text, "cn")


def test_the_plan_picker_submits_plans_as_check_boxes(reader):
    built_plan("us", clauses=3)
    built_plan("cn", clauses=3)
    picker = reader.get(reverse("compare_read"))
    assert picker.status_code == 200
    assert {c["short_name"] for c in picker.context["choices"]} == {"us", "cn"}
    assert 'type="checkbox" name="plans" value="us"' in picker.text
    response = reader.get(reverse("compare_read") + "?plans=us&plans=cn&theme=&commitments=on")
    # The link to share is the short one.
    assert response.status_code == 302
    assert response["Location"] == read_url("us,cn", commitments="1")
    columns = reader.get(response["Location"]).context["columns"]
    assert [c.short_name for c in columns] == ["us", "cn"]


def test_unknown_plans_are_named_in_the_answer(reader):
    built_plan("us", clauses=3)
    factories.document(short_name="draft")
    response = reader.get(read_url("us,nope,draft"))
    assert response.status_code == 404
    assert response.context["error"] == (
        "No plan is called “nope”. “draft” has no version ready to read yet. "
        "Choose the plans to read below."
    )
    assert "No plan is called “nope”." in response.text


def test_a_filter_value_that_does_not_exist_is_refused(reader):
    built_plan("us", clauses=3)
    response = reader.get(read_url("us", theme="OPENNESS"))
    assert response.status_code == 400
    assert "OPENNESS is not one of the available choices" in response.text


def test_a_section_jump_opens_the_column_at_that_section(reader):
    built_plan("us", clauses=100, per_section=10)
    built_plan("cn", clauses=30)
    first = reader.get(read_url("us,cn"))
    jump, _ = toc_links(first.context["columns"][0].toc)[7]  # section 8 starts at clause 71
    page = reader.get(jump)
    assert shown(page.text, "us")[:2] == [71, 72] and 'id="us-s8"' in page.text
    assert shown(page.text, "cn") == shown(first.text, "cn")
    # Moving the other column on keeps this one at its section.
    cn_more = page.context["columns"][1].more_url
    assert shown(reader.get(cn_more).text, "us")[:2] == [71, 72]
    # htmx follows the same link (boosted) and swaps in that column's clauses only.
    fragment = reader.get(jump, headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert "<html" not in fragment.text and not shown(fragment.text, "cn")
    assert shown(fragment.text, "us")[0] == 71
    assert "Earlier clauses" in fragment.text and "More clauses" in fragment.text
    earlier = re.search(r'<a href="[^"]+" hx-get="([^"]+)"[^>]*>Earlier clauses', fragment.text)
    before = reader.get(unescape(earlier.group(1)), headers={"HX-Request": "true"})
    assert shown(before.text, "us") == list(range(71 - COLUMN, 71))


def test_a_chosen_clause_is_marked_and_the_other_columns_keep_a_place_for_counterparts(reader):
    us = built_plan("us", clauses=100)
    built_plan("cn", clauses=30)
    chosen = us.clauses.get(ordinal=64)
    response = reader.get(read_url("us,cn", clause=chosen.pk))
    assert shown(response.text, "us")[0] == 64
    assert 'id="us-c64" aria-current="true"' in response.text
    assert response.context["chosen"].pk == chosen.pk
    assert 'id="cn-counterparts"' in response.text and 'id="us-counterparts"' not in response.text


def test_a_chosen_clause_stays_in_view_when_the_filter_would_hide_it(reader):
    us = built_plan("us", clauses=40, tag_every=2)
    built_plan("cn", clauses=5)
    untagged = us.clauses.get(ordinal=2)
    response = reader.get(read_url("us,cn", theme="OPEN_SOURCE", clause=untagged.pk))
    assert shown(response.text, "us")[0] == 2


def _queries(client, url: str, headers=None) -> int:
    client.get(url, headers=headers or {})  # session and permissions cached as in real use
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers or {})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("filtered", [False, True], ids=["all clauses", "filtered"])
def test_queries_do_not_grow_with_the_plans(reader, filtered):
    counts = []
    for n, size in enumerate((40, 1500)):
        a = built_plan(f"a{n}", clauses=size)
        built_plan(f"b{n}", clauses=size)
        params = {"theme": "OPEN_DATA", "commitments": "1"} if filtered else {}
        plans = f"a{n},b{n}"
        first = _queries(reader, read_url(plans, **params))
        later = _queries(
            reader,
            read_url(plans, **params, **{"from": f"a{n}:{size // 2}", "column": f"a{n}", "part": "next"}),
            headers={"HX-Request": "true"},
        )
        chosen = _queries(reader, read_url(plans, **params, clause=a.clauses.get(ordinal=size // 2).pk))
        counts.append((first, later, chosen))
    assert counts[0] == counts[1]
