"""Counterparts from the database: ranking, analysts' decisions, the page and its fragment."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from policyapp.counterpart_lookup import counterparts
from policyapp.models import ClausePair, PairStatus
from policyapp.services.pairs import clause_pair_confirm, clause_pair_reject
from policyapp.tests import factories
from policyapp.tests.plans import plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("themes")]

OPEN = {"OPEN_SOURCE": "PROMOTES"}
US = [
    ("Build high-security data centers for military use.", {}, "DIRECTIVE"),
    (
        "Encourage open-source and open-weight AI models for startups.",
        OPEN | {"OPEN_WEIGHTS": "PROMOTES"},
        "ENCOURAGEMENT",
    ),
    (
        "Strengthen export controls on advanced chips.",
        {"EXPORT_CONTROLS": "RESTRICTS"},
        "DIRECTIVE",
    ),
    ("Train the workforce for the jobs of the future.", {}, "DIRECTIVE"),
    ("Support open-source software communities.", OPEN, "ENCOURAGEMENT"),
]
CN = [
    ("促进开源生态繁荣。", OPEN, "ENCOURAGEMENT"),
    ("支持人工智能开源社区建设，培育优质开源项目。", OPEN, "ENCOURAGEMENT"),
    ("加强芯片出口管制。", {"EXPORT_CONTROLS": "RESTRICTS"}, "DIRECTIVE"),
]


@pytest.fixture
def us():
    return plan(US, title="US plan", short_name="us-plan")


@pytest.fixture
def cn():
    return plan(CN, language="zh", jurisdiction="CN", title="CN plan", short_name="cn-plan")


def nth(version, ordinal):
    return version.clauses.select_related("version__document").get(ordinal=ordinal)


def test_a_chinese_clause_finds_the_english_open_source_clauses_first(us, cn):
    ranked = counterparts(nth(cn, 2), us)
    assert {s.clause.ordinal for s in ranked[:2]} == {2, 5}
    assert [t.code for t in ranked[0].shared_themes] == ["OPEN_SOURCE"]
    assert "open source" in ranked[0].shared_terms
    assert 3 not in [s.clause.ordinal for s in ranked]


def test_export_controls_meet_across_languages(us, cn):
    assert counterparts(nth(us, 3), cn)[0].clause.ordinal == 3


def test_confirmed_pair_comes_first_and_rejected_never_again(us, cn):
    analyst = factories.user_with_role("Analysts")
    clause = nth(cn, 2)
    before = [s.clause.ordinal for s in counterparts(clause, us)]
    last = nth(us, before[-1])
    clause_pair_confirm(clause=clause, other=last, user=analyst)
    clause_pair_reject(clause=clause, other=nth(us, before[0]), user=analyst)

    after = counterparts(clause, us)
    assert after[0].clause == last and after[0].confirmed
    assert before[0] not in [s.clause.ordinal for s in after]
    # The decision holds from the other side too: one pair, stored once.
    assert counterparts(last, cn)[0].clause == clause
    confirmed = ClausePair.objects.get(status=PairStatus.CONFIRMED)
    assert {confirmed.first, confirmed.second} == {clause, last}
    assert confirmed.decided_by == analyst and confirmed.decided_at is not None


def test_changing_ones_mind_updates_the_one_pair(us, cn):
    analyst = factories.user_with_role("Analysts")
    clause, other = nth(cn, 1), nth(us, 2)
    clause_pair_confirm(clause=clause, other=other, user=analyst)
    clause_pair_reject(clause=other, other=clause, user=analyst)
    assert list(ClausePair.objects.values_list("status", flat=True)) == [PairStatus.REJECTED]
    assert other not in [s.clause for s in counterparts(clause, us)]


def test_a_pair_within_one_plan_is_refused(us):
    analyst = factories.user_with_role("Analysts")
    with pytest.raises(ValidationError):
        clause_pair_confirm(clause=nth(us, 2), other=nth(us, 5), user=analyst)


def test_page_shows_scores_reasons_and_buttons_for_analysts(client, us, cn):
    client.force_login(factories.user_with_role("Analysts"))
    clause = nth(cn, 2)
    response = client.get(reverse("clause_counterparts", args=[clause.pk]), {"plan": "us-plan"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Encourage open-source and open-weight AI models" in html
    assert "Shared themes" in html and "Shared terms" in html and "score 0." in html
    assert "Confirm pair" in html
    assert f"/documents/us-plan/?at={nth(us, 2).ordinal}#c{nth(us, 2).ordinal}" in html


def test_viewers_see_counterparts_but_cannot_decide(client, us, cn):
    client.force_login(factories.user_with_role("Viewers"))
    clause, other = nth(cn, 2), nth(us, 2)
    response = client.get(reverse("clause_counterparts", args=[clause.pk]), {"plan": "us-plan"})
    assert response.status_code == 200 and "Confirm pair" not in response.content.decode()
    url = reverse("clause_pair_decide", args=[clause.pk, other.pk])
    assert client.post(url, {"decision": "confirm"}).status_code == 403
    assert not ClausePair.objects.exists()


def test_htmx_confirm_returns_the_list_with_the_pair_first(client, us, cn):
    client.force_login(factories.user_with_role("Analysts"))
    clause, other = nth(cn, 2), nth(us, 5)
    url = reverse("clause_pair_decide", args=[clause.pk, other.pk])
    response = client.post(
        url, {"decision": "confirm", "plan": "us-plan"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert html.index("Confirmed counterpart") < html.index("Support open-source software")
    assert html.index("Support open-source software") < html.index("Encourage open-source")


def test_plain_form_confirm_redirects_back_to_the_page(client, us, cn):
    client.force_login(factories.user_with_role("Analysts"))
    clause, other = nth(cn, 2), nth(us, 5)
    url = reverse("clause_pair_decide", args=[clause.pk, other.pk])
    response = client.post(url, {"decision": "confirm", "plan": "us-plan"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/clauses/{clause.pk}/counterparts/?plan=us-plan")


def test_fragment_for_the_reader(client, us, cn):
    client.force_login(factories.user_with_role("Viewers"))
    clause = nth(cn, 1)
    response = client.get(
        reverse("clause_counterparts", args=[clause.pk]),
        {"plan": "us-plan"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="counterparts-us-plan"')
    assert "HX-Request" in response["Vary"]


def test_own_plan_is_not_a_target(client, us, cn):
    client.force_login(factories.user_with_role("Viewers"))
    response = client.get(reverse("clause_counterparts", args=[nth(us, 1).pk]))
    assert [v.document.short_name for v in response.context["targets"]] == ["cn-plan"]


def _queries(clause, target) -> int:
    with CaptureQueriesContext(connection) as queries:
        counterparts(clause, target)
    return len(queries)


def test_queries_do_not_grow_with_the_plan(us):
    """Cold (index built) and warm, a 5-clause and a 600-clause plan cost the same."""
    big = plan(
        [
            (f"Open-source project number {i} for data sharing.", OPEN, "DIRECTIVE")
            for i in range(600)
        ]
        + US,
        title="Big",
        short_name="big",
    )
    small = plan(US[:2], jurisdiction="GB", short_name="small")
    clause = nth(plan(CN, language="zh", jurisdiction="CN"), 2)
    assert _queries(clause, small) == _queries(clause, big)
    assert _queries(clause, small) == _queries(clause, big)
