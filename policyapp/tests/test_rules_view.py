"""The administrators' rules page: per-rule precision from analysts' decisions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from policyapp.models import Tag, TagSource
from policyapp.roles import ADMINISTRATORS, ANALYSTS, VIEWERS
from policyapp.services.decisions import tag_confirm, tag_reject
from policyapp.tagging.quality import rule_quality
from policyapp.tests import factories

pytestmark = pytest.mark.django_db


def _plan_with_rule_tags(n: int, rules: list[str]):
    """A version with ``n`` clauses, each with one rule tag naming ``rules``."""
    text = " ".join(f"Clause {i}." for i in range(n))
    ver = factories.version(factories.document(short_name="plan-r"), text=text)
    tags, start = [], 0
    for i in range(n):
        end = start + len(f"Clause {i}.")
        clause = factories.clause(ver, start=start, end=end, ordinal=i + 1, label=str(i + 1))
        tags.append(
            Tag.objects.create(
                clause=clause, theme_id="OPEN_DATA", stance="PROMOTES", modality="DIRECTIVE",
                source=TagSource.RULE, rule_ids=rules,
                evidence=[{"rule": r, "start": 0, "end": 6} for r in rules],
            )
        )
        start = end + 1
    return ver, tags


def test_rule_verdicts_feed_the_quality_arithmetic(themes):
    _, tags = _plan_with_rule_tags(5, ["en-od-a", "en-od-b"])
    analyst = factories.user_with_role(ANALYSTS)
    tag_confirm(tag=tags[0], user=analyst)
    tag_reject(tag=tags[1], user=analyst)
    tag_reject(tag=tags[2], user=analyst)
    Tag.objects.create(
        clause=tags[3].clause, theme_id="OPEN_SCIENCE", stance="PROMOTES", modality="DIRECTIVE",
        source=TagSource.ANALYST, status="confirmed", decided_by=analyst, decided_at=tags[0].decided_at,
    )
    quality = {q.rule: q for q in rule_quality(Tag.objects.rule_verdicts())}
    # The analyst's own tag has no rule: it never counts for one.
    assert set(quality) == {"en-od-a", "en-od-b"}
    a = quality["en-od-a"]
    assert (a.produced, a.confirmed, a.rejected) == (5, 1, 2)
    assert a.precision == pytest.approx(1 / 3)


@pytest.mark.parametrize("role", [VIEWERS, ANALYSTS])
def test_only_administrators_see_the_page(client, role):
    assert client.get(reverse("rules")).status_code == 302
    client.force_login(factories.user_with_role(role))
    assert client.get(reverse("rules")).status_code == 403


def test_rules_are_listed_by_rejections_with_links_and_the_threshold_mark(client, themes, settings):
    settings.POLICYAPP_RULE_MIN_DECISIONS = 10
    _, poor = _plan_with_rule_tags(12, ["en-od-poor"])
    analyst = factories.user_with_role(ANALYSTS)
    for tag in poor[:7]:
        tag_reject(tag=tag, user=analyst)
    for tag in poor[7:10]:
        tag_confirm(tag=tag, user=analyst)
    ver = factories.version(factories.document(short_name="plan-g"), text="Good one.")
    clause = factories.clause(ver, label="1")
    good = Tag.objects.create(
        clause=clause, theme_id="OPEN_SOURCE", stance="PROMOTES", modality="DIRECTIVE",
        source=TagSource.RULE, rule_ids=["en-os-good"],
    )
    tag_confirm(tag=good, user=analyst)

    client.force_login(factories.user_with_role(ADMINISTRATORS))
    html = client.get(reverse("rules")).content.decode()
    assert html.index("en-od-poor") < html.index("en-os-good")
    poor_row = html[html.index('id="rule-en-od-poor"') : html.index('id="rule-en-os-good"')]
    assert 'class="rule-flagged"' in poor_row and "below threshold" in poor_row
    assert "0.30" in poor_row  # 3 of 10 decisions confirmed
    assert "/documents/plan-r/v1/#c1" in poor_row and "7 rejected clauses" in poor_row
    good_row = html[html.index('id="rule-en-os-good"') :]
    assert "below threshold" not in good_row and "1.00" in good_row

    # Fewer decisions than the minimum: the same precision is not marked.
    settings.POLICYAPP_RULE_MIN_DECISIONS = 11
    html = client.get(reverse("rules")).content.decode()
    assert "below threshold" not in html


def test_the_deciding_modality_check_is_stored_and_shown_with_the_evidence(client, themes):
    from policyapp.services.tags import version_tag

    text = "The Commission will publish open data on testbeds."
    ver = factories.version(factories.document(short_name="plan-m"), text=text)
    clause = factories.clause(ver, label="1")
    version_tag(version=ver)
    clause.refresh_from_db()
    assert (clause.rule_modality, clause.rule_modality_check) == ("DIRECTIVE", "modal:will")

    client.force_login(factories.user_with_role(VIEWERS))
    html = client.get(ver.document.get_absolute_url()).content.decode()
    assert "Directive by the check <code>modal:will</code>" in html
