"""Evidence in templates: matched words in <mark>, escaped, overlaps split, and the chips."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import timezone

from policyapp.models import Clause, Tag, Theme
from policyapp.roles import ANALYSTS
from policyapp.templatetags.evidence import evidence_words, highlight_evidence
from policyapp.tests import factories

pytestmark = pytest.mark.django_db


def tag(theme: str, *spans: tuple[str, int, int], status: str = "suggested") -> Tag:
    """An unsaved tag with evidence; only the fields the filters read."""
    return Tag(
        theme=Theme.objects.get(code=theme),
        status=status,
        evidence=[{"rule": rule, "start": start, "end": end} for rule, start, end in spans],
    )


def test_matched_words_are_marked_in_the_colour_of_their_theme():
    text = "Publish open data now."
    html = highlight_evidence(text, [tag("OPEN_DATA", ("d1", 8, 17))])
    assert html == (
        'Publish <mark class="evidence mark-theme-3" data-themes="OPEN_DATA" '
        'title="OPEN_DATA: d1">open data</mark> now.'
    )


def test_markup_in_the_clause_text_stays_escaped_and_offsets_count_characters():
    text = "<script>alert('x')</script> & open data"
    html = highlight_evidence(text, [tag("OPEN_DATA", ("d1", 30, 39))])
    assert "<script>" not in html
    assert html == (
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; "
        '<mark class="evidence mark-theme-3" data-themes="OPEN_DATA" '
        'title="OPEN_DATA: d1">open data</mark>'
    )


def test_a_rule_id_with_markup_cannot_break_out_of_the_attribute():
    html = highlight_evidence("open data", [tag("OPEN_DATA", ('"><b>x', 0, 4))])
    assert 'title="OPEN_DATA: &quot;&gt;&lt;b&gt;x"' in html
    assert "<b>" not in html


def test_overlapping_spans_become_adjacent_marks_that_never_nest():
    text = "Share open-source models widely."
    # open-source (6-17) is OPEN_SOURCE; open-source models (6-24) is OPEN_WEIGHTS too.
    html = highlight_evidence(
        text,
        [tag("OPEN_SOURCE", ("os1", 6, 17)), tag("OPEN_WEIGHTS", ("ow1", 6, 24))],
    )
    assert html == (
        "Share "
        '<mark class="evidence mark-theme-1 evidence-overlap" '
        'data-themes="OPEN_SOURCE OPEN_WEIGHTS" '
        'title="OPEN_SOURCE: os1; OPEN_WEIGHTS: ow1">open-source</mark>'
        '<mark class="evidence mark-theme-2" data-themes="OPEN_WEIGHTS" '
        'title="OPEN_WEIGHTS: ow1"> models</mark>'
        " widely."
    )


def test_crossing_spans_are_cut_at_every_boundary():
    text = "abcdefgh"
    html = highlight_evidence(
        text, [tag("OPEN_DATA", ("a", 1, 5)), tag("TRANSPARENCY", ("b", 3, 7))]
    )
    pieces = [part.split(">")[-1] for part in html.split("</mark>")]
    assert pieces == ["bc", "de", "fg", "h"]
    assert html.count("<mark") == 3 and html.startswith("a<mark")


def test_rejected_tags_and_impossible_offsets_are_not_marked():
    text = "open data"
    html = highlight_evidence(
        text,
        [
            tag("OPEN_DATA", ("d1", 0, 9), status="rejected"),
            tag("OPEN_SCIENCE", ("bad", 5, 50), ("empty", 3, 3), ("neg", -1, 2)),
        ],
    )
    assert html == "open data"


def test_chinese_text_is_cut_by_code_points():
    text = "推动数据开放共享"
    html = highlight_evidence(text, [tag("OPEN_DATA", ("zh-d1", 2, 6))])
    assert html.startswith('推动<mark class="evidence mark-theme-3"')
    assert html.endswith(">数据开放</mark>共享")


def test_the_filter_works_in_a_template_without_double_escaping():
    template = Template("{% load evidence %}<p>{{ text|highlight_evidence:tags }}</p>")
    html = template.render(
        Context({"text": "a < b: open data", "tags": [tag("OPEN_DATA", ("d1", 7, 16))]})
    )
    assert html.startswith("<p>a &lt; b: <mark ")
    assert ">open data</mark></p>" in html


def test_evidence_words_lists_each_rule_with_its_words_in_text_order():
    text = "Export controls on chips; controls on advanced chips."
    found = evidence_words(tag("EXPORT_CONTROLS", ("ec-30", 26, 46), ("ec-02", 0, 15)), text)
    assert [(w.rule, w.words) for w in found] == [
        ("ec-02", "Export controls"),
        ("ec-30", "controls on advanced"),
    ]


def chips_of(clause: Clause) -> str:
    clause = Clause.objects.prefetch_related("tags__theme", "tags__decided_by").get(pk=clause.pk)
    return render_to_string("components/clause_tags.html", {"clause": clause})


def test_chips_show_theme_colour_stance_status_and_evidence():
    ver = factories.version(factories.document(), text="Restrict export controls <b>now</b>.")
    clause = factories.clause(ver)
    analyst = factories.user_with_role(ANALYSTS, username="ana")
    Tag.objects.create(
        clause=clause, theme_id="EXPORT_CONTROLS", stance="RESTRICTS", modality="DIRECTIVE",
        rule_ids=["en-ec-02"], evidence=[{"rule": "en-ec-02", "start": 9, "end": 24}],
        ruleset_version="abc123",
    )  # fmt: skip
    Tag.objects.create(
        clause=clause, theme_id="TRANSPARENCY", stance="NEUTRAL", modality="DIRECTIVE",
        source="analyst", status="rejected", decided_by=analyst, decided_at=timezone.now(),
    )  # fmt: skip

    html = chips_of(clause)

    transparency, export = html.split('<span class="tag-item">')[1:]  # taxonomy order
    assert 'class="chip theme-9 tag-suggested"' in export
    assert 'class="stance-sign stance-RESTRICTS" aria-hidden="true"' in export
    assert '<span class="visually-hidden">, restricts</span>' in export
    assert '<span class="tag-status">suggested</span>' in export
    tag_id = Tag.objects.get(theme="EXPORT_CONTROLS").pk
    assert f'aria-describedby="tag-{tag_id}-evidence"' in export
    assert f'role="tooltip" id="tag-{tag_id}-evidence"' in export
    assert '<code>en-ec-02</code> on “<span lang="en">export controls</span>”' in export
    assert "Suggested by the rules (ruleset abc123)" in export

    assert 'class="chip theme-8 tag-rejected"' in transparency
    assert '<span class="tag-status">rejected</span>' in transparency
    assert "Added by an analyst; no rule fired." in transparency
    assert "Rejected by ana, " in transparency


def test_a_clause_without_tags_renders_nothing():
    ver = factories.version(factories.document(), text="Nothing here.")
    assert chips_of(factories.clause(ver)).strip() == ""
