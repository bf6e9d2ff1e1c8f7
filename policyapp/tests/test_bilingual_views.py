"""The original and its translation side by side, and a Chinese clause's English side."""

from __future__ import annotations

import pytest
from django.urls import reverse

from policyapp.bilingual import english_side_of
from policyapp.counterpart_lookup import counterparts, target_versions
from policyapp.tests import factories
from policyapp.tests.plans import plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("themes")]

ZH = [
    ("一、总体要求", {}, "STATEMENT"),
    ("（一）促进开源生态繁荣。", {"OPEN_SOURCE": "PROMOTES"}, "ENCOURAGEMENT"),
    ("支持社区建设。", {}, "ENCOURAGEMENT"),
    ("二、保障措施", {}, "STATEMENT"),
    ("加强组织实施。", {}, "DIRECTIVE"),
]
EN = [
    ("I. Overall Requirements", {}, "STATEMENT"),
    ("(1) Promote a thriving open-source ecosystem.", {}, "ENCOURAGEMENT"),
    ("Support the building of communities.", {}, "ENCOURAGEMENT"),
    ("II. Safeguards", {}, "STATEMENT"),
    ("Strengthen organization and implementation.", {}, "DIRECTIVE"),
]


@pytest.fixture
def pair():
    zh = plan(ZH, language="zh", jurisdiction="CN", short_name="cn-plan", title="意见")
    en = plan(
        EN,
        jurisdiction="CN",
        short_name="cn-plan-en",
        title="Opinions (translation)",
        translation_of=zh.document,
    )
    return zh, en


@pytest.fixture
def viewer(client):
    client.force_login(factories.user_with_role("Viewers"))
    return client


def test_page_pairs_each_clause_with_its_translation(viewer, pair):
    html = viewer.get(reverse("document_bilingual", args=["cn-plan"])).content.decode()
    rows = html.split('<tr class="bilingual-row">')[1:]
    assert len(rows) == 5
    assert "促进开源生态繁荣" in rows[1] and "thriving open-source ecosystem" in rows[1]
    assert 'href="/documents/cn-plan-en/#c5"' in rows[4]


def test_reached_from_the_translation_too_and_linked_from_both_documents(viewer, pair):
    assert viewer.get(reverse("document_bilingual", args=["cn-plan-en"])).status_code == 200
    for short_name in ["cn-plan", "cn-plan-en"]:
        detail = viewer.get(reverse("document_detail", args=[short_name])).content.decode()
        assert reverse("document_bilingual", args=[short_name]) in detail


def test_a_plan_without_translation_has_no_bilingual_page(viewer):
    plan(EN, short_name="alone")
    assert viewer.get(reverse("document_bilingual", args=["alone"])).status_code == 404
    detail = viewer.get(reverse("document_detail", args=["alone"])).content.decode()
    assert "/bilingual/" not in detail


def test_htmx_gets_the_rows(viewer, pair):
    response = viewer.get(
        reverse("document_bilingual", args=["cn-plan"]), headers={"HX-Request": "true"}
    )
    assert response.content.decode().lstrip().startswith('<tr class="bilingual-row">')


def test_a_chinese_clause_is_compared_through_its_english_side(pair):
    zh, en = pair
    other = plan(
        [
            ("Strengthen organization and implementation of the plan.", {}, "DIRECTIVE"),
            ("Grow open-source communities.", {}, "ENCOURAGEMENT"),
        ],
        jurisdiction="GB",
    )
    clause = zh.clauses.select_related("version__document").get(ordinal=5)
    assert english_side_of(clause, en) == EN[4][0]
    # 加强组织实施 has no glossary term: only its translation can find the UK clause.
    assert counterparts(clause, other)[0].clause.ordinal == 1
    # The translation is the same plan: never a target for its original.
    assert en.document not in [v.document for v in target_versions(clause)]
