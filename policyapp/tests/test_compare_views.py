"""The theme matrix, a cell's clauses and the CSV on a small built corpus.

The rules' suggestions are written as the tagger would store them, so every expected
figure follows from the corpus below; analysts' decisions go through the real services.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from policyapp.models import Document, Tag, TagSource, TagStatus, Theme
from policyapp.roles import ANALYSTS
from policyapp.services.decisions import tag_add, tag_reject
from policyapp.tests import factories

pytestmark = pytest.mark.django_db

# 20 words; four clauses.
US_TEXT = (
    "Encourage open-source AI in research. "
    "Open models are freely available. "
    "Control exports of advanced chips. "
    "We publish open data sets."
)
US_CLAUSES = [
    "Encourage open-source AI in research.",
    "Open models are freely available.",
    "Control exports of advanced chips.",
    "We publish open data sets.",
]
# 16 characters other than spaces; two clauses.
CN_TEXT = "鼓励开源社区发展。 加强出口管制。"
CN_CLAUSES = ["鼓励开源社区发展。", "加强出口管制。"]


def build_version(doc, text, clauses, **fields):
    ver = factories.version(doc, text=text, **fields)
    for sentence in clauses:
        start = text.index(sentence)
        factories.clause(ver, start=start, end=start + len(sentence), label="1")
    return ver


def rule_tag(clause, theme, stance, modality, words="", actor=""):
    """A rule suggestion as the tagger stores it, its evidence on `words`."""
    start = clause.text.index(words) if words else 0
    evidence = [{"rule": f"{theme.lower()}-test", "start": start, "end": start + len(words)}]
    return Tag.objects.create(
        clause=clause,
        theme_id=theme,
        stance=stance,
        modality=modality,
        actor=actor,
        source=TagSource.RULE,
        evidence=evidence if words else [],
    )


@pytest.fixture
def analyst():
    return factories.user_with_role(ANALYSTS)


@pytest.fixture
def corpus(analyst):
    """Two plans. US: an old version whose tags must not count, and the newest ready one with
    a rejected rule tag (does not count) and an analyst's added tag (counts). CN: two tags.
    A third plan is still being read and has no column."""
    us = factories.document(short_name="us-plan", title="US Plan", jurisdiction="US")
    old = build_version(us, "Encourage open-source AI.", ["Encourage open-source AI."])
    rule_tag(old.clauses.get(), "OPEN_SOURCE", "PROMOTES", "DIRECTIVE")
    ver = build_version(us, US_TEXT, US_CLAUSES)
    c1, c2, c3, c4 = ver.clauses.order_by("ordinal")
    rule_tag(c1, "OPEN_SOURCE", "PROMOTES", "ENCOURAGEMENT", "open-source")
    rule_tag(c2, "OPEN_WEIGHTS", "PROMOTES", "STATEMENT", "Open models")
    rejected = rule_tag(c2, "OPEN_SOURCE", "PROMOTES", "STATEMENT", "Open")
    tag_reject(tag=rejected, user=analyst)
    rule_tag(c3, "EXPORT_CONTROLS", "RESTRICTS", "DIRECTIVE", "Control exports", actor="we")
    rule_tag(c3, "SECURITY_RESTRICTIONS", "NEUTRAL", "DIRECTIVE", "advanced chips")
    tag_add(
        clause=c4,
        theme=Theme.objects.get(code="OPEN_DATA"),
        stance="PROMOTES",
        modality="DIRECTIVE",
        actor="We",
        user=analyst,
    )

    cn = factories.document(
        short_name="cn-plan", title="中国计划", jurisdiction="CN", language="zh"
    )
    cn_ver = build_version(cn, CN_TEXT, CN_CLAUSES)
    d1, d2 = cn_ver.clauses.order_by("ordinal")
    rule_tag(d1, "OPEN_SOURCE", "PROMOTES", "ENCOURAGEMENT", "开源")
    rule_tag(d2, "EXPORT_CONTROLS", "RESTRICTS", "DIRECTIVE", "出口管制")

    pending = factories.document(short_name="uk-plan", title="UK Plan", jurisdiction="GB")
    factories.version(pending, status="processing")
    return {"us": ver, "cn": cn_ver}


@pytest.fixture
def member(client, analyst):
    client.force_login(analyst)
    return client


def cells(response) -> dict[tuple[str, str], object]:
    return {
        (cell.plan.short_name, theme.code): cell
        for theme, row in response.context["matrix_rows"]
        for cell, _ in row
    }


def test_the_matrix_counts_the_newest_ready_versions_by_analysts_decisions(member, corpus):
    response = member.get(reverse("compare"))
    assert response.status_code == 200
    assert [p.short_name for p in response.context["matrix"].plans] == ["cn-plan", "us-plan"]
    matrix = cells(response)

    us_source = matrix[("us-plan", "OPEN_SOURCE")]
    # One commitment; the rejected tag and the old version's tag do not count.
    assert (us_source.commitment_counts.promotes, us_source.mention_counts.total) == (1, 0)
    us_weights = matrix[("us-plan", "OPEN_WEIGHTS")]
    assert (us_weights.commitment_counts.total, us_weights.mention_counts.promotes) == (0, 1)
    assert matrix[("us-plan", "EXPORT_CONTROLS")].commitment_counts.restricts == 1
    assert matrix[("us-plan", "SECURITY_RESTRICTIONS")].commitment_counts.neutral == 1
    # The analyst's added tag counts.
    assert matrix[("us-plan", "OPEN_DATA")].commitment_counts.promotes == 1
    assert matrix[("us-plan", "TRANSPARENCY")].count == 0
    assert matrix[("cn-plan", "OPEN_SOURCE")].commitment_counts.promotes == 1
    assert matrix[("cn-plan", "EXPORT_CONTROLS")].commitment_counts.restricts == 1
    assert sum(cell.count for cell in matrix.values()) == 7

    assert "a tag they rejected does not count, a tag they added does" in response.text


def test_normalised_figures_are_per_10000_words_and_chinese_characters(member, corpus):
    assert (corpus["us"].text_size, corpus["cn"].text_size) == (20, 16)
    response = member.get(reverse("compare"), {"per": "10000"})
    matrix = cells(response)
    # 1 in 20 words is 500 per 10,000 words; 1 in 16 characters is 625 per 10,000 characters.
    assert matrix[("us-plan", "OPEN_SOURCE")].commitments.promotes == pytest.approx(500)
    assert matrix[("cn-plan", "OPEN_SOURCE")].commitments.promotes == pytest.approx(625)
    assert "per 10,000 characters for Chinese plans" in response.text
    assert "16 characters" in response.text and "20 words" in response.text


def test_the_home_page_shows_the_matrix_and_the_plans_with_their_status(member, corpus):
    response = member.get(reverse("home"))
    assert [p.short_name for p in response.context["matrix"].plans] == ["cn-plan", "us-plan"]
    documents = {d.short_name: d for d in response.context["documents"]}
    assert (documents["us-plan"].clause_count, documents["us-plan"].latest_number) == (4, 2)
    assert documents["uk-plan"].latest_status == "processing"


def test_the_picker_chooses_plans_in_the_order_given(member, corpus):
    one = member.get(reverse("compare"), {"plans": "us-plan"})
    assert [p.short_name for p in one.context["matrix"].plans] == ["us-plan"]
    # A plain GET form of checkboxes repeats the parameter.
    both = member.get(reverse("compare") + "?plans=us-plan&plans=cn-plan")
    assert [p.short_name for p in both.context["matrix"].plans] == ["us-plan", "cn-plan"]
    assert both.context["read_url"] == "/compare/read/?plans=us-plan,cn-plan"


def test_unknown_and_unready_plans_are_answered_clearly(member, corpus):
    response = member.get(reverse("compare"), {"plans": "us-plan,nope-plan,uk-plan"})
    assert response.status_code == 400
    assert "No plan is called “nope-plan”" in response.text
    assert "“uk-plan” has no ready version yet" in response.text
    assert [p.short_name for p in response.context["matrix"].plans] == ["us-plan"]


def test_a_cell_lists_its_clauses_for_htmx_with_the_matched_words(member, corpus):
    query = {"plans": "cn-plan,us-plan", "plan": "us-plan", "theme": "EXPORT_CONTROLS"}
    response = member.get(reverse("compare_cell"), query, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text and "<table" not in response.text
    page = response.context["cell_list"].page
    assert [tag.clause.text for tag in page] == [US_CLAUSES[2]]
    assert '<mark class="evidence mark-theme-9"' in response.text
    assert ">Control exports</mark>" in response.text
    clause = corpus["us"].clauses.get(ordinal=3)
    assert f"{reverse('document_detail', args=['us-plan'])}?at={clause.ordinal}#c{clause.ordinal}" in response.text
    assert "Directive" in response.text and "Actor: we" in response.text
    assert "HX-Request" in response["Vary"]


def test_without_javascript_a_cell_opens_the_whole_page_with_its_list(member, corpus):
    query = {"plan": "us-plan", "theme": "OPEN_DATA"}
    redirect = member.get(reverse("compare_cell"), query)
    assert redirect.status_code == 302
    assert redirect["Location"].startswith(reverse("compare") + "?")
    response = member.get(redirect["Location"])
    assert response.context["matrix"].plans
    assert [tag.clause.text for tag in response.context["cell_list"].page] == [US_CLAUSES[3]]
    assert "added by an analyst" in response.text


def test_a_rejected_tag_is_not_listed_and_filters_narrow_the_list(member, corpus):
    source = member.get(reverse("compare"), {"plan": "us-plan", "theme": "OPEN_SOURCE"})
    assert [t.clause.text for t in source.context["cell_list"].page] == [US_CLAUSES[0]]
    mentions = member.get(
        reverse("compare"), {"plan": "us-plan", "theme": "OPEN_WEIGHTS", "kind": "commitments"}
    )
    assert list(mentions.context["cell_list"].page) == []
    weights = member.get(
        reverse("compare"), {"plan": "us-plan", "theme": "OPEN_WEIGHTS", "kind": "mentions"}
    )
    assert [t.clause.text for t in weights.context["cell_list"].page] == [US_CLAUSES[1]]


def test_a_long_cell_list_pages(member, corpus):
    doc = factories.document(short_name="long-plan", jurisdiction="XX")
    sentences = [f"Sentence {n} on open source." for n in range(30)]
    ver = build_version(doc, " ".join(sentences), sentences)
    for clause in ver.clauses.all():
        rule_tag(clause, "OPEN_SOURCE", "PROMOTES", "DIRECTIVE", "open source")
    query = {"plans": "long-plan", "plan": "long-plan", "theme": "OPEN_SOURCE"}
    first = member.get(reverse("compare"), query)
    assert len(first.context["cell_list"].page) == 25
    assert first.context["cell_list"].next_query.endswith("page=2")
    second = member.get(reverse("compare"), query | {"page": 2})
    assert [t.clause.ordinal for t in second.context["cell_list"].page] == [26, 27, 28, 29, 30]


def test_the_csv_holds_the_matrix_and_says_what_its_figures_are(member, corpus):
    response = member.get(reverse("compare_csv"), {"plans": "us-plan,cn-plan", "per": "10000"})
    today = timezone.localdate().isoformat()
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == (
        f'attachment; filename="matrix_us-plan_cn-plan_{today}.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert "per 10,000 words (per 10,000 characters for Chinese plans)" in rows[0][0]
    assert "less those analysts rejected" in rows[0][0]
    header = rows[1]
    assert header[:5] == ["plan", "jurisdiction", "version", "theme", "theme_name"]
    records = {(r[0], r[3]): dict(zip(header, r, strict=True)) for r in rows[2:]}
    assert len(records) == 2 * Theme.objects.count()
    us_source = records[("us-plan", "OPEN_SOURCE")]
    assert (us_source["version"], us_source["commitments_promotes"]) == ("2", "500.0")
    assert us_source["figures"] == "per 10,000 words"
    cn_export = records[("cn-plan", "EXPORT_CONTROLS")]
    assert (cn_export["commitments_restricts"], cn_export["figures"]) == (
        "625.0",
        "per 10,000 characters",
    )
    assert (cn_export["plan_size"], cn_export["plan_size_unit"]) == ("16", "characters")

    counts = member.get(reverse("compare_csv"), {"plans": "us-plan"})
    rows = list(csv.reader(io.StringIO(counts.content.decode())))
    assert "Figures: counts of tags" in rows[0][0]
    weights = next(r for r in rows[2:] if r[3] == "OPEN_WEIGHTS")
    assert weights[5:11] == ["0", "0", "0", "1", "0", "0"]


def test_viewers_of_nothing_are_refused_and_visitors_sent_to_log_in(client, corpus):
    for name in ("compare", "compare_cell", "compare_csv"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def bigger_corpus(plans: int, clauses: int) -> None:
    for n in range(plans):
        doc = factories.document(short_name=f"big-{n}", jurisdiction=f"X{n}")
        sentences = [f"Open source clause {i} of plan {n}." for i in range(clauses)]
        ver = build_version(doc, " ".join(sentences), sentences)
        Tag.objects.bulk_create(
            Tag(
                clause=clause,
                theme_id=theme,
                stance="PROMOTES",
                modality="DIRECTIVE" if clause.ordinal % 2 else "STATEMENT",
                status=TagStatus.REJECTED if clause.ordinal % 7 == 0 else TagStatus.SUGGESTED,
                decided_at=timezone.now() if clause.ordinal % 7 == 0 else None,
                evidence=[{"rule": "r", "start": 0, "end": 4}],
            )
            for clause in ver.clauses.all()
            for theme in ("OPEN_SOURCE", "OPEN_DATA")
        )


def queries(client, url: str, **headers) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, headers=headers).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("url", "headers"),
    [
        (reverse("home"), {}),
        (reverse("compare"), {}),
        (reverse("compare") + "?plans=big-0&plan=big-0&theme=OPEN_SOURCE", {}),
        (reverse("compare_cell") + "?plan=big-0&theme=OPEN_SOURCE", {"HX-Request": "true"}),
        (reverse("compare_csv"), {}),
    ],
)
def test_queries_stay_the_same_for_more_plans_and_clauses(member, url, headers):
    bigger_corpus(plans=1, clauses=3)
    small = queries(member, url, **headers)
    Document.objects.all().delete()
    bigger_corpus(plans=4, clauses=60)
    assert queries(member, url, **headers) == small
