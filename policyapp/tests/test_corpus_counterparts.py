"""End to end on the real plans: the Chinese AI+ Opinions and their English translation
aligned clause to clause once ingested, and counterparts between the US and China plans.

The translation (`en-cset-translation.txt`) is test data from ../shared: never shipped.
"""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from policyapp.bilingual import aligned_ids, bilingual_rows, english_side_of
from policyapp.counterpart_lookup import counterparts
from policyapp.models import Clause, Version
from policyapp.services.ingest import DocumentFields, version_upload
from policyapp.tests import factories

pytestmark = [pytest.mark.corpus, pytest.mark.django_db, pytest.mark.usefixtures("themes")]

CN_DIR = "cn-ai-plus-action-opinions-2025"
_LEADING_LABEL = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[IVXL]+\.\s|[（(][^)）]{1,4}[)）]\s*|\d+[.．]\s*)"
)


def ingest(path, capture, **fields) -> Version:
    with capture(execute=True):
        outcome = version_upload(
            data=path.read_bytes(), filename=path.name, new_document=DocumentFields(**fields)
        )
    version = Version.objects.select_related("document").get(pk=outcome.version.pk)
    assert version.status == "ready", version.error_message
    return version


def _key(text: str) -> str:
    return re.sub(r"\s+", "", _LEADING_LABEL.sub("", text))


def gold_ids(version: Version, gold: list[dict]) -> dict[int, str]:
    """Ingested clause id → the gold clause with the same text (label printed or not)."""
    by_text = {_key(row["text"]): row["id"] for row in gold}
    return {
        pk: by_text[_key(text)]
        for pk, text in version.clauses.values_list("id", "text")
        if _key(text) in by_text
    }


@pytest.fixture
def zh_and_en(corpus_dir, django_capture_on_commit_callbacks):
    def make(original: str):
        zh = ingest(
            corpus_dir / CN_DIR / original,
            django_capture_on_commit_callbacks,
            title="国务院关于深入实施“人工智能+”行动的意见",
            jurisdiction="CN",
            language="zh",
            short_name="cn-ai-plus",
        )
        en = ingest(
            corpus_dir / CN_DIR / "en-cset-translation.txt",
            django_capture_on_commit_callbacks,
            title="Opinions on Deepening the AI+ Initiative (translation)",
            jurisdiction="CN",
            language="en",
            short_name="cn-ai-plus-en",
            translation_of=zh.document,
        )
        return zh, en

    return make


@pytest.mark.parametrize("original", ["zh.pdf", "zh.md"])
def test_ingested_original_and_translation_align_as_the_gold_says(zh_and_en, gold_dir, original):
    zh, en = zh_and_en(original)
    gold_en = [json.loads(line) for line in (gold_dir / "cn-ai-plus-2025.en.jsonl").open()]
    gold_zh = [json.loads(line) for line in (gold_dir / "cn-ai-plus-2025.zh.jsonl").open()]
    zh_gold, en_gold = gold_ids(zh, gold_zh), gold_ids(en, gold_en)
    # Nearly every ingested clause is a gold clause: the comparison below covers the plan.
    assert len(zh_gold) >= 0.9 * len(gold_zh) and len(en_gold) >= 0.9 * len(gold_en)

    expected = {row["id"]: set(row["align"]) for row in gold_en}
    found: dict[str, set[str]] = {}
    for zh_ids, en_ids in aligned_ids(zh, en):
        for en_id in en_ids:
            found.setdefault(en_gold.get(en_id, ""), set()).update(
                zh_gold.get(i, "?") for i in zh_ids
            )
    right = sum(found.get(gold_id) == aligned for gold_id, aligned in expected.items())
    assert right / len(expected) >= 0.90


def test_bilingual_page_pairs_the_open_source_item(client, zh_and_en):
    zh, en = zh_and_en("zh.pdf")
    client.force_login(factories.user_with_role("Viewers"))
    detail = client.get(reverse("document_detail", args=["cn-ai-plus"])).content.decode()
    assert reverse("document_bilingual", args=["cn-ai-plus"]) in detail

    rows = bilingual_rows(zh, en)
    row = next(r for r in rows if any(c.text == "促进开源生态繁荣。" for c in r.original))
    assert "open-source ecosystem" in " ".join(c.text for c in row.translation).lower()
    page = client.get(reverse("document_bilingual", args=["cn-ai-plus-en"]))
    assert page.status_code == 200
    html = page.content.decode()
    row_html = next(tr for tr in html.split("<tr") if "促进开源生态繁荣" in tr)
    assert "open-source ecosystem" in row_html


def test_counterparts_of_a_chinese_clause_use_its_english_side(zh_and_en):
    zh, en = zh_and_en("zh.pdf")
    clause = zh.clauses.select_related("version__document").get(text="促进开源生态繁荣。")
    assert "open-source" in english_side_of(clause, en).lower()


def test_us_and_china_open_source_items_find_each_other(
    corpus_dir, django_capture_on_commit_callbacks
):
    us = ingest(
        corpus_dir / "us-ai-action-plan-2025" / "en.pdf",
        django_capture_on_commit_callbacks,
        title="America's AI Action Plan",
        jurisdiction="US",
        short_name="us-aap",
    )
    cn = ingest(
        corpus_dir / CN_DIR / "zh.pdf",
        django_capture_on_commit_callbacks,
        title="AI+ Opinions",
        jurisdiction="CN",
        language="zh",
        short_name="cn-ai-plus",
    )
    heading = us.clauses.get(text="Encourage Open-Source and Open-Weight AI")
    us_open = set(
        Clause.objects.filter(version=us, section=heading.section).values_list("id", flat=True)
    )
    cn_open = list(
        cn.clauses.select_related("version__document").filter(label__contains="（十一）")
    )
    assert len(cn_open) == 5
    for clause in cn_open:
        if "开源" in clause.text:
            best = counterparts(clause, us)[0]
            assert best.clause.pk in us_open, (clause.text, best.clause.text)
    cn_ids = {c.pk for c in cn_open}
    heading = us.clauses.select_related("version__document").get(pk=heading.pk)
    assert counterparts(heading, cn)[0].clause.pk in cn_ids
